/**
 * The map workspace end to end: real server, built client, Chromium with software WebGL.
 * Clusters, a point's card, the list twin both ways, the tag filter and the phone layout.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  launchBrowser,
  openPage,
  screenshot,
  signIn,
  startServer,
  type OpenedPage,
  type RunningServer,
} from './harness.js';
import { MAPPED_SERVICES, prepareProvisionWorld, WORLD_LINK_WORKER } from './worlds/provision.js';

let server: RunningServer;
let browser: Browser;
const opened: OpenedPage[] = [];

beforeAll(async () => {
  server = await startServer({ prepare: prepareProvisionWorld });
  browser = await launchBrowser();
});

// One live map at a time: software WebGL on a shared machine is slow enough without idle tabs.
afterEach(async () => {
  for (const o of opened.splice(0)) await o.context.close();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A page signed in as the world's Link Worker (the directory is not public by default). */
async function open(
  path: string,
  viewport?: { width: number; height: number },
  signedIn = true,
): Promise<OpenedPage> {
  const o = await openPage(browser, server, path, viewport);
  opened.push(o);
  if (signedIn) await signIn(o.page, WORLD_LINK_WORKER.email, WORLD_LINK_WORKER.password);
  return o;
}

/** Waits until the provision layer has loaded and MapLibre has drawn `count` points. */
async function provisionDrawn(page: Page, count: number): Promise<void> {
  try {
    await page
      .locator(`[data-layer="provision"][data-state="ready"][data-rendered="${count}"]`)
      .waitFor({ timeout: 60_000 });
  } catch (e) {
    // Say where it stopped: still loading, failed, or drawn with another count.
    const panel = page.locator('[data-layer="provision"]');
    const state = (await panel.count())
      ? `state=${await panel.getAttribute('data-state')} rendered=${await panel.getAttribute('data-rendered')}`
      : 'no provision panel';
    throw new Error(`provision layer never drew ${count} points (${state}; ${page.url()})`, {
      cause: e,
    });
  }
}

interface Rendered {
  name?: string;
  clusterId?: number;
  x: number;
  y: number;
}

/** Rendered features of one map layer, with their screen position on the page. */
async function renderedOn(page: Page, layer: string): Promise<Rendered[]> {
  return page.evaluate((layerId) => {
    const map = window.gapmapMap;
    if (!map) return [];
    const box = map.getCanvas().getBoundingClientRect();
    return map.queryRenderedFeatures({ layers: [layerId] }).flatMap((f) => {
      if (f.geometry.type !== 'Point') return [];
      const p = map.project(f.geometry.coordinates as [number, number]);
      return [
        {
          name: f.properties?.name as string | undefined,
          clusterId: f.properties?.cluster_id as number | undefined,
          x: box.left + p.x,
          y: box.top + p.y,
        },
      ];
    });
  }, layer);
}

const byName = (a: string, b: string) => a.localeCompare(b, 'en-GB');

describe('map workspace', () => {
  it('signed out, with the directory private, the map asks the visitor to sign in', async () => {
    const { page, problems } = await open('/map', undefined, false);
    await page.locator('[data-layer="provision"][data-state="error"]').waitFor();
    await expect(page.getByRole('alert').textContent()).resolves.toBe(
      'Sign in to see the services on the map.',
    );
    await expect(
      page.getByRole('alert').getByRole('link', { name: 'Sign in' }).getAttribute('href'),
    ).resolves.toBe('/sign-in');
    expect(problems).toEqual([]);
  });

  it('the landing page says what Gapmap is and leads to the map', async () => {
    const { page, problems } = await open('/', undefined, false);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(
      /unmet needs and community provision/i,
    );
    await page.getByRole('main').getByRole('link', { name: 'Map', exact: true }).click();
    await page.waitForURL('**/map');
    await page.locator('[data-layer="provision"][data-state="error"]').waitFor();
    expect(problems).toEqual([]);
  });

  it('lists every service in view, clusters close ones and shows a card for a clicked point', async () => {
    const { page, problems } = await open('/map');
    await provisionDrawn(page, MAPPED_SERVICES.length);

    const rows = page.getByRole('list', { name: 'Services in view' }).getByRole('listitem');
    const names = await rows.locator('.service-name').allTextContents();
    expect(names).toEqual(MAPPED_SERVICES.map((s) => s.name).sort(byName));
    await expect(page.getByText('Safe Haven Support').count()).resolves.toBe(0);
    await expect(page.getByText('Closed Lunch Club').count()).resolves.toBe(0);

    // The three Bethnal Green services are one cluster at the opening zoom, labelled 3.
    const clusters = await renderedOn(page, 'provision-clusters');
    expect(clusters).toHaveLength(1);
    // Its count is drawn by MapLibre (a symbol layer with the app's own font).
    const counts = await page.evaluate(() =>
      window
        .gapmapMap!.queryRenderedFeatures({ layers: ['provision-cluster-counts'] })
        .map((f) => String(f.properties?.point_count_abbreviated)),
    );
    expect(counts).toEqual(['3']);

    const walking = (await renderedOn(page, 'provision-points')).find(
      (p) => p.name === 'Mile End Walking Group',
    );
    expect(walking).toBeDefined();
    await page.mouse.click(walking!.x, walking!.y);
    const card = page.locator('.maplibregl-popup .service-card');
    await card.waitFor();
    await expect(card.locator('h3').textContent()).resolves.toBe('Mile End Walking Group');
    await expect(card.textContent()).resolves.toContain('Walking groups');
    const selectedRow = page.locator('.service-list li.selected');
    await expect(selectedRow.locator('.service-name').textContent()).resolves.toBe(
      'Mile End Walking Group',
    );
    await expect(selectedRow.getByRole('button').getAttribute('aria-current')).resolves.toBe(
      'true',
    );
    await screenshot(page, 'map');
    expect(problems).toEqual([]);
  });

  it('clicking a cluster zooms in until its services stand apart', async () => {
    const { page, problems } = await open('/map');
    await provisionDrawn(page, MAPPED_SERVICES.length);
    const [cluster] = await renderedOn(page, 'provision-clusters');
    const zoomBefore = await page.evaluate(() => window.gapmapMap?.getZoom() ?? 0);
    await page.mouse.click(cluster!.x, cluster!.y);
    await page.waitForFunction((z) => (window.gapmapMap?.getZoom() ?? 0) > z + 1, zoomBefore);
    await page.locator('[data-layer="provision"][data-state="ready"][data-rendered]').waitFor();
    await expect
      .poll(
        async () =>
          (await renderedOn(page, 'provision-points')).map((p) => p.name ?? '').sort(byName),
        { timeout: 30_000 },
      )
      .toEqual([
        'Benefits Advice Drop-in',
        "Bethnal Green Men's Shed",
        'Coffee Morning at St John’s',
      ]);
    expect(problems).toEqual([]);
  });

  it('choosing a row with the keyboard flies to its point, rings it and keeps focus in the list', async () => {
    const { page, problems } = await open('/map');
    await provisionDrawn(page, MAPPED_SERVICES.length);
    const row = page.getByRole('button', { name: /Poplar Community Kitchen/ });
    await row.focus();
    await page.keyboard.press('Enter');
    await page
      .locator('.maplibregl-popup .service-card h3', { hasText: 'Poplar Community Kitchen' })
      .waitFor();
    await page.waitForFunction(() => (window.gapmapMap?.getZoom() ?? 0) >= 16);
    await expect
      .poll(async () => (await renderedOn(page, 'provision-selected')).map((p) => p.name), {
        timeout: 30_000,
      })
      .toEqual(['Poplar Community Kitchen']);
    await expect(page.evaluate(() => document.activeElement?.textContent ?? '')).resolves.toContain(
      'Poplar Community Kitchen',
    );
    await screenshot(page, 'map-selected');
    expect(problems).toEqual([]);
  });

  it('shows that it is loading while services for a new view are on their way, and drops stale answers', async () => {
    const { page, problems } = await open('/map');
    await provisionDrawn(page, MAPPED_SERVICES.length);
    // Hold the next answers so the loading state can be seen and a newer view can overtake them.
    let held = 0;
    await page.route('**/api/v1/services.geojson*', async (route) => {
      held += 1;
      await new Promise((r) => setTimeout(r, 1500));
      await route.continue().catch(() => {}); // the client may have aborted it meanwhile
    });
    await page.getByLabel('Show services for').selectOption('walking-groups');
    await expect(page.locator('.map-status').textContent()).resolves.toBe('Loading…');
    await expect(page.locator('.list-count').textContent()).resolves.toBe(
      'Loading services in view…',
    );
    // A second choice before the first answer: the first request is aborted and never shown.
    await page.getByLabel('Show services for').selectOption('community-meals');
    await provisionDrawn(page, 1);
    await expect(page.locator('.service-list .service-name').allTextContents()).resolves.toEqual([
      'Poplar Community Kitchen',
    ]);
    await expect(page.locator('.map-status').textContent()).resolves.toBe('');
    expect(held).toBe(2);
    expect(problems).toEqual([]);
  });

  it('filters by need tag', async () => {
    const { page, problems } = await open('/map');
    await provisionDrawn(page, MAPPED_SERVICES.length);
    await page.getByLabel('Show services for').selectOption('walking-groups');
    await provisionDrawn(page, 1);
    await expect(page.locator('.service-list .service-name').allTextContents()).resolves.toEqual([
      'Mile End Walking Group',
    ]);
    await page.getByLabel('Show services for').selectOption('loneliness-isolation');
    await provisionDrawn(page, 2);
    expect(problems).toEqual([]);
  });

  it('filters by day and answered barrier, keeping both in the URL', async () => {
    const { page, problems } = await open('/map');
    await provisionDrawn(page, MAPPED_SERVICES.length);
    // Part of the day narrows a chosen day only, so it waits for one.
    await expect(page.getByLabel('Part of the day').isDisabled()).resolves.toBe(true);
    // The world's services list no sessions: none runs on a Monday.
    await page.getByLabel('Runs on').selectOption('1');
    await provisionDrawn(page, 0);
    await page.getByLabel('Part of the day').selectOption('morning');
    await page.getByLabel('Answers the barrier').selectOption('cost');
    const url = new URL(page.url());
    expect([
      url.searchParams.get('day'),
      url.searchParams.get('time'),
      url.searchParams.get('answers'),
    ]).toEqual(['1', 'morning', 'cost']);
    // Every service in the world is free (the directory's default): all answer cost.
    await page.getByLabel('Runs on').selectOption('');
    await provisionDrawn(page, MAPPED_SERVICES.length);
    await page.getByLabel('Answers the barrier').selectOption('access');
    await provisionDrawn(page, 0);
    expect(problems).toEqual([]);
  });

  it('on a short desktop screen the list scrolls inside the side panel, not the page', async () => {
    const { page, problems } = await open('/map', { width: 1280, height: 560 });
    await provisionDrawn(page, MAPPED_SERVICES.length);
    const sizes = await page.evaluate(() => {
      const side = document.querySelector('.map-side') as HTMLElement;
      return {
        page: document.documentElement.scrollHeight,
        screen: window.innerHeight,
        side: side.scrollHeight,
        sideBox: side.clientHeight,
      };
    });
    expect(sizes.page).toBeLessThanOrEqual(sizes.screen);
    expect(sizes.side).toBeGreaterThan(sizes.sideBox);
    expect(problems).toEqual([]);
  });

  it('on a phone the list sits below the map', async () => {
    const { page, problems } = await open('/map', { width: 390, height: 844 });
    await provisionDrawn(page, MAPPED_SERVICES.length);
    const map = await page.locator('.map-canvas').boundingBox();
    const list = await page.getByRole('list', { name: 'Services in view' }).boundingBox();
    expect(map && list && list.y >= map.y + map.height).toBe(true);
    await screenshot(page, 'map-phone');
    expect(problems).toEqual([]);
  });
});
