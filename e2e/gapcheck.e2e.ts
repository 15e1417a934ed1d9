/**
 * The gap check end to end: an organiser runs it from the page, by postcode and by a click on
 * the map, and reads the verdict (in words) and the similar services found.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  chooseTag,
  launchBrowser,
  openPage,
  screenshot,
  signIn,
  startServer,
  type OpenedPage,
  type RunningServer,
} from './harness.js';
import { GAPS_ORGANISER, MENS_GROUP, prepareGapWorld } from './worlds/gaps.js';

let server: RunningServer;
let browser: Browser;
let opened: OpenedPage;

beforeAll(async () => {
  server = await startServer({ prepare: prepareGapWorld });
  browser = await launchBrowser();
  opened = await openPage(browser, server, '/gap-check');
  await signIn(opened.page, GAPS_ORGANISER.email, GAPS_ORGANISER.password);
});

afterAll(async () => {
  await opened?.context.close();
  await browser?.close();
  await server?.stop();
});

describe('gap check page', () => {
  it('by postcode and evening session: already served by the men’s group next door', async () => {
    const { page } = opened;
    await page.getByRole('heading', { name: 'Gap check' }).waitFor();
    await chooseTag(page, 'Needs the group would meet', "Men's groups");
    // A full postcode typed and not chosen from the list counts as its best match.
    await page.getByRole('combobox', { name: 'Place, postcode or venue' }).fill('E2 0AA');
    await page.getByLabel('Day').selectOption({ label: 'Tuesday' });
    await page.getByLabel('Starts').fill('18:30');
    await page.getByLabel('Ends').fill('20:00');
    await page.getByRole('button', { name: 'Check for a gap' }).click();
    const verdict = page.locator('.gapcheck-result');
    await verdict.waitFor({ timeout: 30_000 });
    expect(await verdict.getAttribute('data-verdict')).toBe('already_served');
    await page.getByRole('heading', { name: 'Verdict: Already served' }).waitFor();
    expect(await page.locator('.similar-list').innerText()).toContain(MENS_GROUP);
    expect(await page.locator('.verdict').innerText()).toContain(
      `consider partnering with ${MENS_GROUP}`,
    );
    await screenshot(page, 'gap-check-already-served');
  });

  it('by a click on the map, for befriending: a likely gap with its demand and barriers', async () => {
    const { page, problems } = opened;
    await page.getByRole('button', { name: "Remove Men's groups" }).click();
    await chooseTag(page, 'Needs the group would meet', 'Befriending');
    await page.getByRole('combobox', { name: 'Place, postcode or venue' }).fill('');
    await page.getByLabel('Day').selectOption({ label: 'Any day' });
    const mapBox = await page.locator('.gapcheck-map canvas').boundingBox();
    if (!mapBox) throw new Error('the gap check map did not render');
    // The map opens centred on Tower Hamlets: a click near its centre chooses a place there.
    await page.mouse.click(mapBox.x + mapBox.width / 2, mapBox.y + mapBox.height / 2);
    await page.getByText('Place chosen on the map').waitFor();
    await page.getByRole('button', { name: 'Check for a gap' }).click();
    await page.getByRole('heading', { name: /^Verdict: / }).waitFor();
    await page.locator('.gapcheck-result[data-verdict]').waitFor();
    const text = await page.locator('.gapcheck-result').innerText();
    expect(text).toMatch(/Verdict: (Likely gap|Partly served|Already served)/);
    expect(text).toContain('Similar services nearby');
    await screenshot(page, 'gap-check-map-click');
    expect(problems).toEqual([]);
  });

  it('shows the gap and area layers on the map, each with its list twin and the area summary', async () => {
    const { page, problems } = opened;
    await page.goto('/map');
    await page.locator('.map-canvas[data-map-ready="true"]').waitFor({ timeout: 60_000 });
    await page.getByRole('checkbox', { name: 'Gaps' }).check();
    await page.locator('[data-layer="gaps"][data-state="ready"]').waitFor({ timeout: 30_000 });
    const gapList = page.locator('.gap-list');
    await gapList.waitFor();
    expect(await gapList.innerText()).toMatch(
      /flags for befriending in Bethnal Green in \d+ weeks/,
    );
    await page.getByRole('checkbox', { name: 'Areas' }).check();
    await page.locator('[data-layer="areas"][data-state="ready"]').waitFor({ timeout: 30_000 });
    await page
      .locator('.area-list')
      .getByRole('button', { name: 'Bethnal Green', exact: true })
      .click();
    await page.locator('.area-summary').getByRole('heading', { name: 'Bethnal Green' }).waitFor();
    expect(await page.locator('.area-summary').innerText()).toMatch(/Befriending\s+20/);
    await screenshot(page, 'gap-and-area-layers');
    expect(problems).toEqual([]);
  });
});
