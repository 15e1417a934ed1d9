/**
 * The funder dashboard follows its filters everywhere, in Chromium over the demo world: the time
 * window and the area change the trends, the largest-gaps table, the proposal pipeline, the
 * embedded coverage map (res-7 need hexagons and the gap layer) and every download link, and a
 * download holds no more than the screen's scope.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_USERS, screenshot, signIn, useDemoWorld } from './harness.js';

const world = useDemoWorld();

const text = (page: Page, path: string) =>
  page.evaluate(async (p) => (await fetch(p, { credentials: 'same-origin' })).text(), path);

describe('funder dashboard filters', () => {
  it('apply to the trends, the gap table and the downloads', async () => {
    const { page, problems } = await world.open('/');
    await signIn(page, DEMO_USERS.funder);
    const gapRequests: string[] = [];
    const pipelineRequests: URL[] = [];
    const mapRequests: URL[] = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname === '/api/v1/gaps') gapRequests.push(r.url());
      if (url.pathname === '/api/v1/proposals/pipeline') pipelineRequests.push(url);
      if (
        url.pathname === '/api/v1/map/needs' ||
        (url.pathname === '/api/v1/gaps' &&
          url.searchParams.get('by') === 'cell7' &&
          url.searchParams.get('limit') === '50')
      )
        mapRequests.push(url);
    });
    const mapResponses: { url: URL; status: number }[] = [];
    page.on('response', (r) => {
      if (new URL(r.url()).pathname === '/api/v1/map/needs')
        mapResponses.push({ url: new URL(r.url()), status: r.status() });
    });
    await page.goto('/dashboard');
    await page.getByRole('heading', { name: 'Funder dashboard' }).waitFor();
    const caption = page
      .locator('#dash-gaps ~ * caption, section[aria-labelledby="dash-gaps"] caption')
      .first();
    const downloads = page.locator('ul.downloads a');
    await downloads.first().waitFor();
    // The coverage map is on the page itself (not only a link), at res 7, with the gap layer.
    const mapBox = page.getByRole('region', { name: /Coverage map/ });
    await expect
      .poll(() => mapBox.getAttribute('data-map-ready'), { timeout: 60_000 })
      .toBe('true');
    await page
      .locator('.dashboard-map-state[data-state="ready"]')
      .waitFor({ state: 'attached', timeout: 60_000 });
    await expect
      .poll(() =>
        page.evaluate(() =>
          ['needs-fill', 'gaps-fill'].every((id) => Boolean(window.gapmapMap?.getLayer(id))),
        ),
      )
      .toBe(true);
    expect(mapResponses.length).toBeGreaterThan(0);
    for (const r of mapResponses) {
      expect(r.status).toBe(200);
      expect(r.url.searchParams.get('res')).toBe('7');
    }
    expect(
      Number(await page.locator('.dashboard-map-state').getAttribute('data-needs')),
    ).toBeGreaterThan(0);
    expect(
      Number(await page.locator('.dashboard-map-state').getAttribute('data-gaps')),
    ).toBeGreaterThan(0);
    const pipelineAll = await page
      .locator('section[aria-labelledby="dash-pipeline"] tfoot td')
      .first()
      .textContent();

    const fromBefore = new URL(
      await downloads.first().evaluate((a) => (a as HTMLAnchorElement).href),
    ).searchParams.get('from');
    await page.getByLabel('Time window').selectOption({ label: 'Last 6 months' });
    const newWindow = (u: string) =>
      new URL(u).searchParams.has('from') && new URL(u).searchParams.get('from') !== fromBefore;
    await expect.poll(() => gapRequests.some(newWindow)).toBe(true);
    const from = new URL(gapRequests.findLast(newWindow)!).searchParams.get('from');
    for (const href of await downloads.evaluateAll((as) =>
      as.map((a) => (a as HTMLAnchorElement).href),
    )) {
      expect(new URL(href).searchParams.get('from')).toBe(from);
    }
    // Every panel asked again for the new window: the pipeline and both map layers.
    await expect
      .poll(() => pipelineRequests.some((u) => u.searchParams.get('from') === from))
      .toBe(true);
    await expect
      .poll(() =>
        mapRequests
          .filter((u) => u.searchParams.get('from') === from)
          .map((u) => u.pathname)
          .sort(),
      )
      .toEqual(expect.arrayContaining(['/api/v1/gaps', '/api/v1/map/needs']));

    await page.getByLabel('Places').selectOption('cell7');
    const everywhereHref = await downloads.first().getAttribute('href');
    const everywhere = (await text(page, everywhereHref!)).trim().split('\n').length;
    const area = page.getByLabel('Area');
    const option = area.locator('option').nth(1);
    const areaName = ((await option.textContent()) ?? '').replace(/\s*\(.*\)$/, '');
    await area.selectOption({ index: 1 });
    await page
      .locator('section[aria-labelledby="dash-trends"] h2', { hasText: `in ${areaName}` })
      .waitFor();
    await expect
      .poll(() => gapRequests.some((u) => new URL(u).searchParams.has('areaId')))
      .toBe(true);
    const areaId = new URL(gapRequests.at(-1)!).searchParams.get('areaId');
    expect(areaId).toBeTruthy();
    await expect
      .poll(() =>
        pipelineRequests.some(
          (u) => u.searchParams.get('areaId') === areaId && u.searchParams.get('from') === from,
        ),
      )
      .toBe(true);
    await expect
      .poll(
        () =>
          new Set(
            mapRequests
              .filter((u) => u.searchParams.get('areaId') === areaId)
              .map((u) => u.pathname),
          ).size,
      )
      .toBe(2);
    await page
      .locator('.dashboard-map-state[data-state="ready"]')
      .waitFor({ state: 'attached', timeout: 60_000 });
    // The pipeline now counts only the area's proposals opened in the window: never more than before.
    await page
      .locator('section[aria-labelledby="dash-pipeline"] h2', { hasText: `in ${areaName}` })
      .waitFor();
    const pipelineInArea = await page
      .locator('section[aria-labelledby="dash-pipeline"] tfoot td')
      .first()
      .textContent();
    expect(Number(pipelineInArea)).toBeLessThanOrEqual(Number(pipelineAll));
    const hrefs = await downloads.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    for (const href of hrefs) expect(new URL(href).searchParams.get('areaId')).toBe(areaId);
    const inArea = (await text(page, hrefs[0]!)).trim().split('\n');
    expect(inArea.length).toBeLessThanOrEqual(everywhere);
    expect(inArea[0]).toContain('need');
    await page
      .locator('section[aria-labelledby="dash-gaps"]')
      .getByText(new RegExp(`in ${areaName}|No gaps in ${areaName}`))
      .first()
      .waitFor();
    void caption;
    await screenshot(page, 'dashboard-filtered');
    expect(problems).toEqual([]);
  }, 180_000);
});
