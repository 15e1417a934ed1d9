/**
 * Flagging a need end to end: a Link Worker flags on a phone-sized screen and is told when the
 * flag will count; the admin's exact view of the need map (which may read this unpublished week)
 * shows that hexagon's count go up by one (and down again after the Link Worker's undo), while the
 * published view everyone else sees does not move until the week is published, and never shows 1–7.
 */
import { cellToLatLng } from 'h3-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import {
  EARLIER_FLAGS,
  FLAG_CELL,
  FLAG_POSTCODE,
  NEEDS_ADMIN,
  NEEDS_LINK_WORKER,
  prepareNeedsWorld,
} from './worlds/needs.js';

const PHONE = { width: 390, height: 844 };

let server: RunningServer;
let browser: Browser;
const opened: OpenedPage[] = [];

beforeAll(async () => {
  server = await startServer({ prepare: prepareNeedsWorld });
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const o of opened) await o.context.close();
  await browser?.close();
  await server?.stop();
});

async function open(
  path: string,
  who: { email: string; password: string },
  viewport?: { width: number; height: number },
): Promise<OpenedPage> {
  const o = await openPage(browser, server, path, viewport);
  opened.push(o);
  await signIn(o.page, who.email, who.password);
  return o;
}

/** Switches the need layer on (with exact counts for the admin) and returns the FLAG_CELL hexagon's count as drawn. */
async function needCountOnMap(page: Page, exact: boolean): Promise<string | null> {
  await page.goto('/map');
  await page.locator('.map-canvas[data-map-ready="true"]').waitFor({ timeout: 60_000 });
  // Centre the hexagon first (a phone shows a narrow strip of the borough), then let the move settle.
  const [lat, lng] = cellToLatLng(FLAG_CELL);
  await page.evaluate(([la, ln]) => window.gapmapMap!.jumpTo({ center: [ln, la], zoom: 13 }), [
    lat,
    lng,
  ] as const);
  await page.waitForTimeout(600);
  await page.getByLabel('Needs', { exact: true }).check();
  if (exact) await page.getByLabel(/Exact counts/).check();
  // data-rendered appears once MapLibre has drawn the answer, so the source holds what is shown.
  await page
    .locator('[data-layer="needs"][data-state="ready"][data-rendered]')
    .waitFor({ timeout: 60_000 });
  return page.evaluate((cell) => {
    const f = window
      .gapmapMap!.querySourceFeatures('needs')
      .find((x) => x.properties?.cell === cell);
    if (!f) return null;
    const count =
      typeof f.properties.count === 'string' ? JSON.parse(f.properties.count) : f.properties.count;
    return (count as { display: string }).display;
  }, FLAG_CELL);
}

describe('flag a need on a phone and see it on the map', () => {
  it("counts the new flag in the admin's exact view at once, in the published figures only once its week is published", async () => {
    const admin = await open('/', NEEDS_ADMIN);
    expect(await needCountOnMap(admin.page, true)).toBe(String(EARLIER_FLAGS));
    // The row names the area of its hexagon, or says it lies outside the imported ones.
    await expect(
      admin.page.locator('.need-list .need-total').first().textContent(),
    ).resolves.toMatch(new RegExp(`^${EARLIER_FLAGS} flags (in |outside the imported areas)`));

    const lw = await open('/flag', NEEDS_LINK_WORKER, PHONE);
    const { page } = lw;
    const publishedBefore = await needCountOnMap(page, false);
    expect(publishedBefore).toMatch(/^(15|20)$/); // 19 flags, perturbed by at most 2, rounded to 5
    await page.locator('.figures-to', { hasText: 'Figures to the week ending' }).first().waitFor();
    await page.goto('/flag');
    await page.getByRole('heading', { name: 'Flag an unmet need' }).waitFor();
    await page.getByRole('button', { name: 'Befriending', exact: true }).first().click();
    await expect(
      page
        .getByRole('button', { name: /Befriending/ })
        .first()
        .getAttribute('aria-pressed'),
    ).resolves.toBe('true');
    await page.getByRole('button', { name: 'Transport' }).click();
    await page.getByLabel('Postcode').fill(FLAG_POSTCODE);
    await page.getByRole('button', { name: 'Flag this need' }).click();
    await page
      .locator('.flag-status', {
        hasText:
          /Flagged: .* It will count in the figures published on (Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d+ \w+/,
      })
      .waitFor();
    await page.locator('.recent-flags li').first().waitFor();
    await screenshot(page, 'needs-flagged-on-phone');

    expect(await needCountOnMap(admin.page, true)).toBe(String(EARLIER_FLAGS + 1));
    await screenshot(admin.page, 'needs-map-after-flag');

    // Nobody but an admin sees the exact figure, and the published one does not move with a new flag.
    const shown = await needCountOnMap(page, false);
    expect(shown).toBe(publishedBefore);
    expect(['1', '2', '3', '4', '5', '6', '7']).not.toContain(shown);

    await page.goto('/flag');
    await page
      .getByRole('button', { name: /^Undo flag/ })
      .first()
      .click();
    await page.locator('.flag-status', { hasText: 'Undone' }).waitFor();
    expect(await needCountOnMap(admin.page, true)).toBe(String(EARLIER_FLAGS));

    expect(admin.problems).toEqual([]);
    expect(lw.problems).toEqual([]);
  });

  it('refuses a note with personal data and says why, keeping the rest of the form', async () => {
    const { page, problems } = await open('/flag', NEEDS_LINK_WORKER, PHONE);
    await page.getByRole('button', { name: 'Befriending', exact: true }).first().click();
    await page.getByLabel('Postcode').fill(FLAG_POSTCODE);
    await page.getByText('Age, language and a note (optional)').click();
    await page.getByLabel('Note').fill('Call her on 07700 900123');
    await page.getByRole('button', { name: 'Flag this need' }).click();
    await page.locator('#flag-note-error', { hasText: 'a phone number' }).waitFor();
    await expect(page.getByLabel('Postcode').inputValue()).resolves.toBe(FLAG_POSTCODE);
    // The refused request is the expected 422, nothing else went wrong.
    expect(problems.filter((p) => !p.startsWith('HTTP 422: POST /api/v1/needs'))).toEqual([]);
  });
});
