/**
 * A map a person can read, and finding things by place (issue 17), on a desktop (1366×850) and a
 * phone (390×844): area names drawn by MapLibre with the app's own font, the one place input
 * ("Bethnal Green", "E2 6") on the map, the directory, the gap check and the proposal form, the
 * directory near a place on a Tuesday, a copied card link opened signed out, the phone header
 * and the self-hosted PMTiles basemap. Screenshots of every changed page go to test-results/.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { buildTestArchive } from '../server/basemap/testing.js';
import { DEMO_FIXTURE_BETHNAL } from './worlds/places.js';
import {
  axeViolations,
  choosePlace,
  chooseTag,
  DEMO_USERS,
  launchBrowser,
  openPage,
  screenshot,
  signIn,
  startServer,
  useDemoWorld,
} from './harness.js';

const DESKTOP = { name: 'desktop', width: 1366, height: 850 };
const PHONE = { name: 'phone', width: 390, height: 844 };
/** The E2 6 postcode sector, as the postcode table places it. */
const E2_6 = { lat: 51.525, lng: -0.062 };

const world = useDemoWorld();

async function signedIn(
  path: string,
  viewport: { width: number; height: number },
  who: string = DEMO_USERS.link_worker,
) {
  const opened = await world.open('/', viewport);
  await signIn(opened.page, who);
  await opened.page.goto(path);
  return opened;
}

async function mapReady(page: Page): Promise<void> {
  await page.locator('.map-canvas[data-map-ready="true"]').waitFor({ timeout: 60_000 });
}

/** Names drawn on a symbol layer right now (queryRenderedFeatures: what MapLibre placed). */
function drawnLabels(page: Page, layer: string): Promise<string[]> {
  return page.evaluate(
    (id) =>
      window
        .gapmapMap!.queryRenderedFeatures({ layers: [id] })
        .map((f) => String(f.properties?.name ?? f.properties?.display ?? '')),
    layer,
  );
}

async function settled(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const map = window.gapmapMap;
      return !!map && !map.isMoving() && map.loaded();
    },
    undefined,
    { timeout: 30_000 },
  );
}

const centre = (page: Page) =>
  page.evaluate(() => window.gapmapMap!.getCenter().toArray() as [number, number]);

describe.each([DESKTOP, PHONE])('on a $name ($width×$height)', (viewport) => {
  it('draws area names, and the map search lands on "Bethnal Green" and on "E2 6"', async () => {
    const { page, problems } = await signedIn('/map', viewport);
    await mapReady(page);
    await page
      .locator('[data-layer="places"][data-state="ready"][data-rendered]')
      .waitFor({ timeout: 60_000 });
    await settled(page);
    // Drawn by MapLibre from the app's own font files: no glyph server is asked for anything.
    await expect
      .poll(() => drawnLabels(page, 'area-labels'), { timeout: 30_000 })
      .toContain('Bethnal Green');

    await choosePlace(page, 'Find a place', 'Bethnal', 'Bethnal Green');
    await settled(page);
    const [lng, lat] = await centre(page);
    const [minLng, minLat, maxLng, maxLat] = DEMO_FIXTURE_BETHNAL.bbox;
    expect(lng).toBeGreaterThan(minLng);
    expect(lng).toBeLessThan(maxLng);
    expect(lat).toBeGreaterThan(minLat);
    expect(lat).toBeLessThan(maxLat);
    await page.getByRole('img', { name: 'You searched for Bethnal Green' }).waitFor();

    await choosePlace(page, 'Find a place', 'E2 6');
    await settled(page);
    const [lng2, lat2] = await centre(page);
    expect(Math.abs(lng2 - E2_6.lng)).toBeLessThan(0.001);
    expect(Math.abs(lat2 - E2_6.lat)).toBeLessThan(0.001);
    expect(await page.evaluate(() => window.gapmapMap!.getZoom())).toBeGreaterThan(13.5);
    await page.getByRole('img', { name: 'You searched for E2 6' }).waitFor();
    await expect
      .poll(() => drawnLabels(page, 'area-labels'), { timeout: 30_000 })
      .toContain('Bethnal Green');
    await screenshot(page, `places-map-search-${viewport.name}`);
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('lists the directory near "E2 6" on a Tuesday, nearest first with distances, and keeps the search in the URL', async () => {
    const { page, problems } = await signedIn('/directory', viewport);
    if (viewport === PHONE) {
      // Filters wait behind their button; the place and the results come first.
      expect(await page.locator('#dir-more').isVisible()).toBe(false);
    }
    await choosePlace(page, 'Near', 'E2 6');
    await page.getByLabel('Runs on').selectOption({ label: 'Tuesday' });
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForURL(/near=/);
    const url = new URL(page.url());
    expect(url.searchParams.get('place')).toBe('E2 6');
    expect(url.searchParams.get('day')).toBe('2');
    await page
      .getByText(/services within 2 km of E2 6, nearest first/)
      .waitFor({ timeout: 30_000 });
    const cards = page.locator('.results .service-card');
    expect(await cards.count()).toBeGreaterThan(0);
    const distances = await cards.locator('.badge.distance').allTextContents();
    expect(distances).toHaveLength(await cards.count());
    // Nearest first among checked listings; listings nobody has confirmed for 6 months come after (issue 22).
    const rows = await cards.evaluateAll((cs) =>
      cs.map((c) => ({
        d: c.querySelector('.badge.distance')?.textContent ?? '',
        stale: /Not checked since|Never checked/.test(
          Array.from(c.querySelectorAll('.badge.stale'))
            .map((b) => b.textContent)
            .join(' '),
        ),
      })),
    );
    const metresOf = (d: string) => (d.includes(' km') ? parseFloat(d) * 1000 : parseFloat(d));
    const staleFlags = rows.map((r) => r.stale);
    expect([...staleFlags].sort((a, b) => Number(a) - Number(b))).toEqual(staleFlags);
    for (const group of [rows.filter((r) => !r.stale), rows.filter((r) => r.stale)]) {
      const metres = group.map((r) => metresOf(r.d));
      expect([...metres].sort((a, b) => a - b)).toEqual(metres);
    }
    expect(await cards.first().textContent()).toMatch(
      /Every (other )?Tuesday|Once a month on Tuesday/,
    );
    if (viewport === PHONE) {
      const top = (await cards.first().boundingBox())!.y;
      expect(top).toBeLessThan(viewport.height);
      await page.getByRole('button', { name: /^Filters/ }).click();
      await page.locator('#dir-more').waitFor();
      await screenshot(page, 'places-directory-filters-phone');
      await page.getByRole('button', { name: /^Filters/ }).click();
    }
    await screenshot(page, `places-directory-near-${viewport.name}`);
    expect(await axeViolations(page)).toEqual([]);

    // The same link restores the same search.
    const first = await cards.first().locator('h3').textContent();
    await page.goto(url.pathname + url.search);
    await page.getByText(/nearest first/).waitFor();
    expect(await page.locator('.results .service-card h3').first().textContent()).toBe(first);
    expect(problems).toEqual([]);
  });

  it('checks a gap at "E2 6" with the tag picker, and the map shows the whole radius', async () => {
    const { page, problems } = await signedIn('/gap-check', viewport);
    await chooseTag(page, 'Needs the group would meet', 'Befriending');
    await page.getByRole('button', { name: 'Remove Befriending' }).waitFor();
    await choosePlace(page, 'Place, postcode or venue', 'E2 6');
    await page.getByLabel('Radius (km)').fill('2');
    await page.getByRole('button', { name: 'Check for a gap' }).click();
    await page.locator('.gapcheck-result[data-verdict]').waitFor({ timeout: 30_000 });
    await settled(page);
    const fits = await page.evaluate(
      ([lat, lng]) => {
        const b = window.gapmapMap!.getBounds();
        // 2 km in degrees at this latitude, with a little slack for the cell the check snaps to.
        const dLat = 2 / 111.32;
        const dLng = 2 / (111.32 * Math.cos((lat * Math.PI) / 180));
        return (
          b.getSouth() <= lat - dLat + 0.003 &&
          b.getNorth() >= lat + dLat - 0.003 &&
          b.getWest() <= lng - dLng + 0.004 &&
          b.getEast() >= lng + dLng - 0.004
        );
      },
      [E2_6.lat, E2_6.lng] as const,
    );
    expect(fits).toBe(true);
    await screenshot(page, `places-gap-check-${viewport.name}`);
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });
});

describe('on a phone', () => {
  it('folds the header into a menu button, and tapping a hexagon keeps the map in view', async () => {
    const { page, problems } = await signedIn(
      '/map?layers=places,needs,provision',
      PHONE,
      DEMO_USERS.admin,
    );
    const header = (await page.locator('.app-header').boundingBox())!;
    expect(header.height / PHONE.height).toBeLessThan(0.1);
    expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Menu' }).click();
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Directory' })
      .waitFor();
    await screenshot(page, 'places-phone-menu');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Menu' }).click();

    await mapReady(page);
    await page
      .locator('[data-layer="needs"][data-state="ready"][data-rendered]')
      .waitFor({ timeout: 60_000 });
    await settled(page);
    const hexagon = await page.evaluate(() => {
      const map = window.gapmapMap!;
      const box = map.getCanvas().getBoundingClientRect();
      const labels = map.queryRenderedFeatures({ layers: ['needs-counts'] });
      const f = labels.find((l) => {
        const p = map.project(
          l.geometry.type === 'Point' ? (l.geometry.coordinates as [number, number]) : [0, 0],
        );
        return p.x > 40 && p.y > 60 && p.x < box.width - 40 && p.y < box.height - 40;
      });
      if (!f || f.geometry.type !== 'Point') return null;
      const p = map.project(f.geometry.coordinates as [number, number]);
      return {
        cell: String(f.properties?.cell),
        x: box.left + p.x,
        y: box.top + p.y + window.scrollY,
      };
    });
    expect(hexagon).not.toBeNull();
    const before = await page.evaluate(() => window.scrollY);
    await page.mouse.click(hexagon!.x, hexagon!.y - before);
    await page.locator(`#need-row-${hexagon!.cell}.selected`).waitFor();
    expect(await page.evaluate(() => window.scrollY)).toBe(before);
    // The row names the area its hexagon is in.
    expect(await page.locator(`#need-row-${hexagon!.cell} .need-place`).textContent()).toMatch(
      /^in |outside/,
    );
    await screenshot(page, 'places-phone-hexagon-tapped');
    expect(problems).toEqual([]);
  });
});

describe('needs and services on one map', () => {
  it('never draws a hexagon count on a cluster bubble', async () => {
    const { page, problems } = await signedIn(
      '/map?layers=places,needs,provision&z=12',
      DESKTOP,
      DEMO_USERS.admin,
    );
    await mapReady(page);
    await page
      .locator('[data-layer="needs"][data-state="ready"][data-rendered]')
      .waitFor({ timeout: 60_000 });
    await page
      .locator('[data-layer="provision"][data-state="ready"][data-rendered]')
      .waitFor({ timeout: 60_000 });
    await settled(page);
    const overlaps = await page.evaluate(() => {
      const map = window.gapmapMap!;
      const at = (f: { geometry: { type: string; coordinates?: unknown } }) =>
        map.project(f.geometry.coordinates as [number, number]);
      const bubbles = map.queryRenderedFeatures({ layers: ['provision-clusters'] }).map((f) => ({
        p: at(f),
        r: [15, 20, 27][
          Number(f.properties?.point_count) >= 50
            ? 2
            : Number(f.properties?.point_count) >= 10
              ? 1
              : 0
        ]!,
      }));
      const counts = map.queryRenderedFeatures({ layers: ['needs-counts'] }).map(at);
      return {
        bubbles: bubbles.length,
        counts: counts.length,
        hits: counts.filter((c) => bubbles.some((b) => Math.hypot(c.x - b.p.x, c.y - b.p.y) < b.r))
          .length,
      };
    });
    expect(overlaps.bubbles).toBeGreaterThan(0);
    expect(overlaps.counts).toBeGreaterThan(0);
    expect(overlaps.hits).toBe(0);
    await screenshot(page, 'places-needs-and-clusters');
    expect(problems).toEqual([]);
  });
});

describe('sharing and forms', () => {
  it('a copied card link opens signed out, with a preview for messages', async () => {
    const { page, context, problems } = await signedIn('/directory', DESKTOP);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: world.server.url,
    });
    const card = page.locator('.results .service-card').first();
    await card.waitFor({ timeout: 30_000 });
    const name = (await card.locator('h3').textContent())!;
    await card.getByRole('button', { name: 'Copy for a message' }).click();
    await card.getByText(/Copied/).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const link = copied.trim().split('\n').at(-1)!;
    expect(link).toMatch(/^http:\/\/localhost:\d+\/s\/[0-9a-f-]{36}$/);

    // A stranger's browser: no session at all.
    const stranger = await world.open('/', DESKTOP);
    await stranger.page.goto(link.replace('localhost', '127.0.0.1'));
    await stranger.page.getByRole('heading', { level: 1, name }).waitFor();
    expect(
      await stranger.page.locator('meta[property="og:title"]').getAttribute('content'),
    ).toContain(name);
    expect(await stranger.page.getByText('Sign in to continue').count()).toBe(0);
    await screenshot(stranger.page, 'places-shared-card');
    expect(await axeViolations(stranger.page)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('the proposal form takes "E2 6" and needs from the tag picker', async () => {
    const { page, problems } = await signedIn('/proposals/new', PHONE, DEMO_USERS.organiser);
    await page.getByLabel('Title').fill('English conversation on Tuesdays');
    await chooseTag(page, 'Needs it answers', 'Befriending');
    await choosePlace(page, 'Where it would run', 'E2 6');
    expect(await page.getByRole('combobox', { name: 'Where it would run' }).inputValue()).toBe(
      'E2 6',
    );
    await screenshot(page, 'places-proposal-form-phone');
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });
});

describe('self-hosted street basemap', () => {
  let dir: string | undefined;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('draws tiles from a PMTiles archive the app serves with range requests', async () => {
    dir = await mkdtemp(join(tmpdir(), 'gapmap-pmtiles-'));
    const archive = join(dir, 'test.pmtiles');
    await writeFile(archive, buildTestArchive());
    const server = await startServer({ demo: false, env: { MAP_PMTILES_PATH: archive } });
    const browser = await launchBrowser();
    try {
      const { page, problems, context } = await openPage(browser, server, '/map', DESKTOP);
      const ranges: number[] = [];
      page.on('response', (r) => {
        if (new URL(r.url()).pathname === '/basemap/basemap.pmtiles') ranges.push(r.status());
      });
      await page.reload();
      await mapReady(page);
      await settled(page);
      await expect
        .poll(
          () =>
            page.evaluate(() =>
              window
                .gapmapMap!.queryRenderedFeatures({ layers: ['earth', 'water', 'roads_major'] })
                .map((f) => f.layer.id),
            ),
          { timeout: 30_000 },
        )
        .toEqual(expect.arrayContaining(['earth', 'water', 'roads_major']));
      expect(ranges.length).toBeGreaterThan(0);
      expect(ranges.every((s) => s === 206)).toBe(true);
      await screenshot(page, 'places-pmtiles-basemap');
      expect(problems).toEqual([]);
      await context.close();
    } finally {
      await browser.close();
      await server.stop();
    }
  });
});

describe('a place search on the map with a need chosen', () => {
  it('says whether the directory has that need within its radius, and links to the list', async () => {
    const { page, problems } = await signedIn('/map?tag=befriending', DESKTOP);
    await mapReady(page);
    await choosePlace(page, 'Find a place', 'E2 6');
    const note = page.locator('.map-nearby[data-found]');
    await note.waitFor({ timeout: 30_000 });
    // The page tells what the directory answers for the same search (a miss is what the server counts as demand).
    const expected = await page.evaluate(async ({ lat, lng }) => {
      const res = await fetch(
        `/api/v1/services?tag=befriending&near=${lat},${lng}&radiusKm=2&status=active&limit=1`,
      );
      return ((await res.json()) as { items: unknown[] }).items.length > 0;
    }, E2_6);
    expect(await note.getAttribute('data-found')).toBe(String(expected));
    await expect
      .poll(() => note.textContent())
      .toMatch(expected ? /within 2 km of E2 6/ : /^No .* service within 2 km of E2 6/);
    const href = new URL(
      (await note.getByRole('link', { name: 'Open in the directory' }).getAttribute('href')) ?? '',
      'http://x',
    );
    expect(href.pathname).toBe('/directory');
    expect(href.searchParams.get('tag')).toBe('befriending');
    expect(href.searchParams.get('place')).toBe('E2 6');
    expect(problems).toEqual([]);
  });
});
