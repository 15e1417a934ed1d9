/**
 * The directory end to end: an organiser lists a service through the form; it then shows in
 * the directory search, on its own page and on the map (and its list twin).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  axeViolations,
  DEMO_USERS,
  launchBrowser,
  openPage,
  screenshot,
  signIn,
  startServer,
  type RunningServer,
} from './harness.js';

let server: RunningServer;
let browser: Browser;

/** A quiet corner (Hackney Wick) so the new point is alone in a close map view. */
const SPOT = { lat: 51.5433, lng: -0.0243 };
const NAME = 'Knit and Natter at the Wick (e2e)';
let createdId: string | undefined;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('directory', () => {
  it('an organiser lists a service through the form; it appears in the directory and on the map', async () => {
    const { page, problems, context } = await openPage(browser, server, '/');
    try {
      await signIn(page, DEMO_USERS.organiser);
      await page.goto('/services/new');
      await page.getByLabel('Name', { exact: true }).fill(NAME);
      await page
        .getByLabel('Summary')
        .fill('Bring any yarn; we have spare needles. Tea and a chat, all welcome.');

      // A server 422 is shown next to its field: a session that ends before it starts.
      await page.getByRole('group', { name: 'Session 1' }).getByLabel('Ends').fill('09:00');
      await page
        .getByRole('group', { name: 'Venue 1' })
        .getByLabel('Venue name')
        .fill('Wick Community Room');
      await page
        .getByRole('group', { name: 'Venue 1' })
        .getByLabel('Latitude (optional with a postcode)')
        .fill(String(SPOT.lat));
      await page
        .getByRole('group', { name: 'Venue 1' })
        .getByLabel('Longitude')
        .fill(String(SPOT.lng));
      await page.getByRole('button', { name: 'List the service' }).click();
      await page.getByText('Error: must be after start').waitFor();
      expect(problems.filter((p) => !p.includes('HTTP 422'))).toEqual([]);

      await page.getByRole('group', { name: 'Session 1' }).getByLabel('Ends').fill('12:00');
      await page
        .locator('details', { hasText: 'Loneliness & isolation' })
        .locator('summary')
        .click();
      await page.getByLabel('Social groups & coffee mornings').check();
      await page.getByRole('button', { name: 'List the service' }).click();
      await page.waitForURL(/\/services\/[0-9a-f-]{36}$/);
      const id = page.url().split('/').pop()!;
      await page.getByRole('heading', { name: NAME }).waitFor();
      await page.getByRole('link', { name: /Add the sessions to a calendar/ }).waitFor();

      // The directory search finds it, and "copy for a message" puts its card on the clipboard.
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
      await page.goto('/directory');
      await page.getByLabel('Words', { exact: true }).fill('knit and natter');
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      const card = page.getByRole('article', { name: NAME });
      await card.waitFor();
      expect(await card.textContent()).toContain('Every Monday, 10:00–12:00');
      await card.getByRole('button', { name: 'Copy for a message' }).click();
      await card.getByText('Copied — paste it into your message.').waitFor();
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      expect(copied).toContain(NAME);
      expect(copied).toContain('When: Mon 10:00–12:00');
      await screenshot(page, 'directory-search');
      expect(await axeViolations(page)).toEqual([]);

      // The map draws it and lists it in the list twin.
      await page.goto(`/map?lat=${SPOT.lat}&lng=${SPOT.lng}&z=16&layers=provision`);
      await page
        .getByRole('list', { name: 'Services in view' })
        .getByText(NAME)
        .waitFor({ timeout: 60_000 });
      const geojson = await page.evaluate(
        async () =>
          (await (await fetch('/api/v1/services.geojson')).json()) as {
            features: { properties: { serviceId: string } }[];
          },
      );
      expect(geojson.features.some((f) => f.properties.serviceId === id)).toBe(true);
      expect(problems.filter((p) => !p.includes('HTTP 422'))).toEqual([]);
      createdId = id;
    } catch (e) {
      await screenshot(page, 'directory-failure');
      throw new Error(`${(e as Error).message}\nserver output:\n${server.output().slice(-3000)}`, {
        cause: e,
      });
    } finally {
      await context.close();
    }
  });

  it('explains a version conflict on the edit form and reloads the latest version', async () => {
    expect(createdId, 'the first test lists the service').toBeDefined();
    const { page, context } = await openPage(browser, server, '/');
    try {
      const me = await signIn(page, DEMO_USERS.organiser);
      await page.goto(`/services/${createdId}/edit`);
      const summary = page.getByLabel('Summary');
      await summary.waitFor();
      await page.waitForFunction(
        () => (document.querySelector('#f-name') as HTMLInputElement | null)?.value !== '',
      );
      // Someone else saves first (same organisation, another tab).
      const status = await page.evaluate(
        async ([id, csrf]) => {
          const current = (await (await fetch(`/api/v1/services/${id}`)).json()) as {
            version: number;
          };
          const res = await fetch(`/api/v1/services/${id}`, {
            method: 'PATCH',
            headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
            body: JSON.stringify({ version: current.version, summary: 'Changed in another tab.' }),
          });
          return res.status;
        },
        [createdId!, me.csrfToken] as const,
      );
      expect(status).toBe(200);
      await summary.fill('My edit, made on an old copy.');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByText('Someone else changed this service while you were editing.').waitFor();
      await page.getByRole('button', { name: 'Reload the latest version' }).click();
      await page.getByText(/Reloaded the latest version/).waitFor();
      expect(await summary.inputValue()).toBe('Changed in another tab.');
      await screenshot(page, 'directory-edit-reloaded');
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
