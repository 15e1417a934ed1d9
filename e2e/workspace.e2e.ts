/**
 * Each role's main path in Chromium on the demo world (sign in → home → the key action), the
 * map's URL state round trip, a keyboard-only path into the map's list, and an axe-core check of
 * every page each role can reach (no serious or critical violations). Screenshots of each role's
 * home go to test-results/home-<role>.png for review.
 */
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  axeViolations,
  DEMO_USERS,
  type OpenedPage,
  ROOT,
  screenshot,
  signIn,
  useDemoWorld,
} from './harness.js';

const world = useDemoWorld();
const open = world.open;

/** The page has settled: no "Loading…" status left in the main content. */
async function settled(page: Page): Promise<void> {
  await page.locator('main').waitFor();
  await page
    .waitForFunction(
      () => !/Loading/.test(document.querySelector('main')?.textContent ?? ''),
      undefined,
      { timeout: 30_000 },
    )
    .catch(() => undefined);
}

async function signedInHome(role: keyof typeof DEMO_USERS): Promise<OpenedPage> {
  const o = await open('/');
  await signIn(o.page, DEMO_USERS[role]);
  await o.page.getByRole('heading', { level: 1, name: /^Welcome, / }).waitFor();
  await settled(o.page);
  return o;
}

describe('role homes and their main paths', () => {
  it('Link Worker: quick actions, referrals and this week at a glance; the map opens from home', async () => {
    const { page, problems } = await signedInHome('link_worker');
    await page.getByRole('heading', { name: 'My referrals' }).waitFor();
    await page.getByRole('heading', { name: 'This week' }).waitFor();
    await expect(page.locator('.home-figures li').count()).resolves.toBe(5);
    await screenshot(page, 'home-link_worker');
    await page.getByRole('link', { name: 'Open the map' }).click();
    await page.locator('[data-layer="provision"][data-state="ready"]').waitFor({ timeout: 60_000 });
    expect(problems).toEqual([]);
  });

  it('Link Worker on a phone: the home fits the screen', async () => {
    const o = await open('/', { width: 390, height: 844 });
    await signIn(o.page, DEMO_USERS.link_worker);
    await o.page.getByRole('heading', { level: 1, name: /^Welcome, / }).waitFor();
    await settled(o.page);
    const overflow = await o.page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(o.page, 'home-link_worker-phone');
  });

  it("Organiser: their organisation's services with checking warnings, referrals waiting, gap check", async () => {
    const { page, problems } = await signedInHome('organiser');
    const services = page.locator('section[aria-labelledby="org-services-title"] li');
    await services.first().waitFor();
    expect(await services.count()).toBeGreaterThan(0);
    await page.getByRole('heading', { name: 'Referrals to acknowledge' }).waitFor();
    await expect(
      page.getByRole('link', { name: 'Run a gap check' }).getAttribute('href'),
    ).resolves.toBe('/gap-check');
    await screenshot(page, 'home-organiser');
    expect(problems).toEqual([]);
  });

  it('Funder: home → dashboard; filters round-trip through the URL; the CSV download is suppressed', async () => {
    const { page, problems } = await signedInHome('funder');
    await page.getByRole('heading', { name: 'Proposal pipeline' }).waitFor();
    await screenshot(page, 'home-funder');
    await page.getByRole('link', { name: 'Open the dashboard' }).click();
    await page.getByRole('heading', { level: 1, name: 'Funder dashboard' }).waitFor();
    await page.locator('svg.trend-chart').waitFor({ timeout: 30_000 });
    await page.getByLabel('Needs').selectOption('tag');
    await page.getByLabel('Time window').selectOption('104');
    await page.waitForURL(/level=tag/);
    expect(page.url()).toMatch(/weeks=104/);
    await page.reload();
    await page.locator('svg.trend-chart').waitFor({ timeout: 30_000 });
    await expect(page.getByLabel('Needs').inputValue()).resolves.toBe('tag');
    await expect(page.getByLabel('Time window').inputValue()).resolves.toBe('104');
    // The table twin of the chart holds the same figures.
    await page.getByText('Show the figures as a table').click();
    const cells = await page.locator('figure.trend table td').allTextContents();
    expect(cells.length).toBeGreaterThan(0);
    expect(cells.every((c) => /^(0|<\d+|\d*[05])$/.test(c.trim()))).toBe(true);
    const href = await page
      .getByRole('link', { name: /Need flags per place and need \(CSV\)/ })
      .getAttribute('href');
    const csv = await page.request.get(href!);
    expect(csv.status()).toBe(200);
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toBe('unit_kind,unit,code,name,tag,count,count_display,need');
    await screenshot(page, 'dashboard');
    expect(problems).toEqual([]);
  });

  it('Admin: raises the privacy threshold, adds a tag, imports boundaries with progress, reads the audit log', async () => {
    const { page, problems } = await signedInHome('admin');
    await page.getByRole('heading', { name: 'Recent activity' }).waitFor();
    await screenshot(page, 'home-admin');

    await page.getByRole('link', { name: 'Privacy threshold' }).click();
    await page.getByLabel('New threshold').fill('7');
    await page.getByRole('button', { name: 'Save threshold' }).click();
    await page.getByText(/must be at least 8/).waitFor();
    await page.getByLabel('New threshold').fill('10');
    await page.getByRole('button', { name: 'Save threshold' }).click();
    await page.getByText('Saved. Counts under 10 are now hidden everywhere.').waitFor();

    await page.goto('/admin/taxonomy');
    await page.getByLabel('New tag name').fill('Repair cafés');
    await page
      .getByLabel('Group', { exact: true })
      .selectOption({ label: 'Loneliness & isolation' });
    await page.getByRole('button', { name: 'Add tag' }).click();
    await page.getByText('Added “Repair cafés” (repair-cafes).').waitFor();

    await page.goto('/admin/areas');
    await page
      .getByLabel(/Boundary file/)
      .setInputFiles(resolve(ROOT, 'fixtures/areas/islands.geojson'));
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByText(/Done: 2 areas imported, 1 features skipped/).waitFor();
    await expect(page.locator('progress').getAttribute('value')).resolves.toBe('100');

    await page.goto('/admin/audit');
    await page.getByRole('cell', { name: 'Changed a setting' }).first().waitFor();
    // The threshold is back to the floor for the rest of the run.
    await page.evaluate(async () => {
      const s = (await (await fetch('/api/v1/auth/session')).json()) as { csrfToken: string };
      await fetch('/api/v1/settings/privacy', {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrfToken },
        body: JSON.stringify({ threshold: 8 }),
      });
    });
    expect(problems.filter((p) => !p.includes('HTTP 422'))).toEqual([]);
  });
});

describe('the map workspace', () => {
  it('restores centre, zoom, layers and the need filter from the URL, and writes them back', async () => {
    const { page } = await open('/');
    await signIn(page, DEMO_USERS.organiser);
    await page.goto(
      '/map?lat=51.51500&lng=-0.03000&z=14.00&layers=provision,gaps&tag=food&weeks=26',
    );
    await page.locator('[data-map-ready="true"]').waitFor({ timeout: 60_000 });
    const view = await page.evaluate(() => ({
      c: window.gapmapMap!.getCenter(),
      z: window.gapmapMap!.getZoom(),
    }));
    expect(view.c.lat).toBeCloseTo(51.515, 3);
    expect(view.c.lng).toBeCloseTo(-0.03, 3);
    expect(view.z).toBeCloseTo(14, 1);
    await expect(page.getByRole('checkbox', { name: 'Gaps' }).isChecked()).resolves.toBe(true);
    await expect(page.getByRole('checkbox', { name: 'Needs' }).isChecked()).resolves.toBe(false);
    await expect(page.locator('#provision-tag').inputValue()).resolves.toBe('food');
    await expect(page.locator('#gaps-tag').inputValue()).resolves.toBe('food');
    await expect(page.locator('#gaps-window').inputValue()).resolves.toBe('26');
    // A layer switched on joins the URL and reads the same need and window.
    await page.getByRole('checkbox', { name: 'Needs' }).check();
    await expect(page.locator('#needs-window').inputValue()).resolves.toBe('26');
    await expect(page.locator('#needs-tag').inputValue()).resolves.toBe('food');
    await page.evaluate(() => window.gapmapMap!.jumpTo({ center: [-0.05, 51.525], zoom: 13 }));
    await page.waitForURL(/lat=51\.525/);
    const url = new URL(page.url());
    expect(url.searchParams.get('z')).toBe('13.00');
    expect(url.searchParams.get('layers')?.split(',').sort()).toEqual([
      'gaps',
      'needs',
      'provision',
    ]);
    expect(url.searchParams.get('weeks')).toBe('26');
    expect(url.searchParams.get('tag')).toBe('food');
  });

  it('reaches and chooses a service with the keyboard alone', async () => {
    const { page, problems } = await open('/');
    await signIn(page, DEMO_USERS.link_worker);
    await page.goto('/map');
    await page.locator('[data-layer="provision"][data-state="ready"]').waitFor({ timeout: 60_000 });
    let inList = false;
    for (let i = 0; i < 60 && !inList; i++) {
      await page.keyboard.press('Tab');
      inList = await page.evaluate(() => !!document.activeElement?.closest('.service-list li'));
    }
    expect(inList).toBe(true);
    const name = await page.evaluate(
      () => document.activeElement?.querySelector('.service-name')?.textContent ?? '',
    );
    await page.keyboard.press('Enter');
    await page.locator('.maplibregl-popup .service-card h3', { hasText: name }).waitFor();
    await expect(
      page.evaluate(() => document.activeElement?.getAttribute('aria-current')),
    ).resolves.toBe('true');
    expect(problems).toEqual([]);
  });
});

describe('accessibility (axe-core): no serious or critical violations', () => {
  const PUBLIC_PATHS = ['/', '/sign-in', '/map'];
  it.each(PUBLIC_PATHS)('signed out: %s', async (path) => {
    const { page } = await open(path);
    await settled(page);
    expect(await axeViolations(page)).toEqual([]);
  });

  it.each(Object.keys(DEMO_USERS) as (keyof typeof DEMO_USERS)[])(
    'every page in the %s navigation',
    async (role) => {
      const { page } = await open('/');
      await signIn(page, DEMO_USERS[role]);
      await page.getByRole('heading', { level: 1, name: /^Welcome, / }).waitFor();
      const paths = await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link')
        .evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).pathname));
      const found: Record<string, string[]> = {};
      for (const path of [...new Set([...paths, '/account'])]) {
        await page.goto(path);
        await settled(page);
        if (path === '/map')
          await page.locator('[data-map-ready="true"]').waitFor({ timeout: 60_000 });
        const problems = await axeViolations(page);
        if (problems.length) found[path] = problems;
      }
      expect(found).toEqual({});
    },
  );
});
