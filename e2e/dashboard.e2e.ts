/**
 * The funder dashboard follows its filters everywhere, in Chromium over the demo world: the time
 * window and the area change the trends, the largest-gaps table and every download link, and a
 * download holds no more than the screen's scope.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_USERS, screenshot, signIn, useDemoWorld } from './harness.js';

const world = useDemoWorld();

const text = (page: Page, path: string) => page.evaluate(async (p) => (await fetch(p, { credentials: 'same-origin' })).text(), path);

describe('funder dashboard filters', () => {
  it('apply to the trends, the gap table and the downloads', async () => {
    const { page, problems } = await world.open('/');
    await signIn(page, DEMO_USERS.funder);
    const gapRequests: string[] = [];
    page.on('request', (r) => { if (new URL(r.url()).pathname === '/api/v1/gaps') gapRequests.push(r.url()); });
    await page.goto('/dashboard');
    await page.getByRole('heading', { name: 'Funder dashboard' }).waitFor();
    const caption = page.locator('#dash-gaps ~ * caption, section[aria-labelledby="dash-gaps"] caption').first();
    const downloads = page.locator('ul.downloads a');
    await downloads.first().waitFor();

    await page.getByLabel('Time window').selectOption({ label: 'Last 6 months' });
    await expect.poll(() => gapRequests.some((u) => new URL(u).searchParams.has('from'))).toBe(true);
    const from = new URL(gapRequests.at(-1)!).searchParams.get('from');
    for (const href of await downloads.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href))) {
      expect(new URL(href).searchParams.get('from')).toBe(from);
    }

    await page.getByLabel('Places').selectOption('cell7');
    const everywhereHref = await downloads.first().getAttribute('href');
    const everywhere = (await text(page, everywhereHref!)).trim().split('\n').length;
    const area = page.getByLabel('Area');
    const option = area.locator('option').nth(1);
    const areaName = ((await option.textContent()) ?? '').replace(/\s*\(.*\)$/, '');
    await area.selectOption({ index: 1 });
    await page.locator('section[aria-labelledby="dash-trends"] h2', { hasText: `in ${areaName}` }).waitFor();
    await expect.poll(() => gapRequests.some((u) => new URL(u).searchParams.has('areaId'))).toBe(true);
    const areaId = new URL(gapRequests.at(-1)!).searchParams.get('areaId');
    expect(areaId).toBeTruthy();
    const hrefs = await downloads.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    for (const href of hrefs) expect(new URL(href).searchParams.get('areaId')).toBe(areaId);
    const inArea = (await text(page, hrefs[0]!)).trim().split('\n');
    expect(inArea.length).toBeLessThanOrEqual(everywhere);
    expect(inArea[0]).toContain('need');
    await page.locator('section[aria-labelledby="dash-gaps"]').getByText(new RegExp(`in ${areaName}|No gaps in ${areaName}`)).first().waitFor();
    void caption;
    await screenshot(page, 'dashboard-filtered');
    expect(problems).toEqual([]);
  }, 180_000);
});
