/**
 * Flagging with no signal (issue 22): the flag page opens offline (service worker), a flag made
 * offline waits on the device and is sent once when the connection returns; a send whose reply is
 * lost is retried with the same Idempotency-Key and stored once; a flag that waited past its
 * week's publication is refused, and the page says why, by that flag.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot, signIn, startServer, type RunningServer } from './harness.js';
import { FLAG_POSTCODE, NEEDS_LINK_WORKER, prepareNeedsWorld } from './worlds/needs.js';
import { addWeeks, londonWeek } from '../server/releases/calendar.js';

const PHONE = { width: 390, height: 844 };

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ prepare: prepareNeedsWorld });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The Link Worker's own flags of the last 24 hours, as the server has them. */
const ownFlags = (page: Page) =>
  page.evaluate(async () => {
    const res = await fetch('/api/v1/needs/mine?limit=50', {
      headers: { Accept: 'application/json' },
      cache: 'no-store',
    });
    return ((await res.json()) as { items: { id: string; tags: string[] }[] }).items;
  });

async function fillFlag(page: Page, need: string) {
  await page.getByRole('heading', { name: 'Flag an unmet need' }).waitFor();
  await page.getByRole('button', { name: need, exact: true }).first().click();
  await page.getByLabel('Postcode').fill(FLAG_POSTCODE);
  await page.getByRole('button', { name: 'Flag this need' }).click();
}

describe('flagging with no signal', () => {
  it('opens offline, queues the flag, sends it once when back online', async () => {
    const context = await browser.newContext({
      baseURL: server.url,
      viewport: PHONE,
      locale: 'en-GB',
      reducedMotion: 'reduce',
    });
    const page = await context.newPage();
    await page.goto('/flag');
    await signIn(page, NEEDS_LINK_WORKER.email, NEEDS_LINK_WORKER.password);
    await page.locator('html[data-offline-ready="true"]').waitFor({ timeout: 30_000 });
    // Once the worker controls the page, a reload caches the answers the page reads.
    await page.reload();
    await page.getByRole('heading', { name: 'Flag an unmet need' }).waitFor();
    await page.getByRole('button', { name: 'Befriending', exact: true }).first().waitFor();
    const before = (await ownFlags(page)).length;

    await context.setOffline(true);
    await page.reload(); // no signal: the page still opens
    await fillFlag(page, 'Befriending');
    await page
      .locator('.flag-status', { hasText: 'No connection: saved on this device' })
      .waitFor();
    await page.getByRole('heading', { name: 'Waiting to be sent' }).waitFor();
    await expect(page.locator('.waiting-flags li[data-state="waiting"]').count()).resolves.toBe(1);
    await screenshot(page, 'offline-flag-waiting');

    await context.setOffline(false);
    await page
      .locator('.waiting-flags .flag-status', { hasText: '1 waiting flag sent.' })
      .waitFor({ timeout: 30_000 });
    await expect(page.locator('.waiting-flags li').count()).resolves.toBe(0);
    const after = await ownFlags(page);
    expect(after.length).toBe(before + 1);
    await context.close();
  });

  it('a send whose reply is lost is retried with the same key and stored once', async () => {
    // Request interception does not see what a service worker handles: this context runs without one.
    const context = await browser.newContext({
      baseURL: server.url,
      viewport: PHONE,
      locale: 'en-GB',
      reducedMotion: 'reduce',
      serviceWorkers: 'block',
    });
    const page = await context.newPage();
    await page.goto('/flag');
    await signIn(page, NEEDS_LINK_WORKER.email, NEEDS_LINK_WORKER.password);
    const before = (await ownFlags(page)).length;
    const keys: string[] = [];
    let lost = false;
    await page.route('**/api/v1/needs', async (route) => {
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      if (!lost) {
        lost = true;
        await route.fetch(); // the server stores the flag…
        await route.abort('connectionreset'); // …and the reply never arrives
      } else await route.continue();
    });
    await fillFlag(page, 'Befriending');
    // Queued with its key, and retried at once (and on every return of the connection).
    await page
      .locator('.waiting-flags .flag-status', { hasText: '1 waiting flag sent.' })
      .waitFor({ timeout: 30_000 });
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe(keys[0]);
    expect((await ownFlags(page)).length).toBe(before + 1);
    await context.close();
  });

  it("a flag that waited past its week's publication is refused, with the reason by that flag", async () => {
    const context = await browser.newContext({
      baseURL: server.url,
      viewport: PHONE,
      locale: 'en-GB',
      reducedMotion: 'reduce',
      serviceWorkers: 'block',
    });
    const page = await context.newPage();
    await page.goto('/flag');
    const { user } = await signIn(page, NEEDS_LINK_WORKER.email, NEEDS_LINK_WORKER.password);
    await page.getByRole('heading', { name: 'Flag an unmet need' }).waitFor();
    // A flag made offline last week (published in this world), still on the device.
    const lastWeek = addWeeks(londonWeek(new Date()), -1);
    await page.evaluate(
      async ([userId, week]) => {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const req = indexedDB.open('gapmap-offline', 1);
          req.onupgradeneeded = () => req.result.createObjectStore('flags', { keyPath: 'key' });
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
        await new Promise<void>((resolve, reject) => {
          const tx = db.transaction('flags', 'readwrite');
          tx.objectStore('flags').put({
            key: crypto.randomUUID(),
            userId,
            input: { tags: ['befriending'], postcode: 'E2 7DG', barriers: [], week },
            label: 'Befriending',
            week,
            createdAt: `${week}T10:00:00.000Z`,
          });
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        });
        db.close();
      },
      [user.id, lastWeek] as const,
    );
    await page.reload();
    const refused = page.locator('.waiting-flags li[data-state="refused"]');
    await refused.waitFor({ timeout: 30_000 });
    await expect(refused.getByRole('alert').textContent()).resolves.toMatch(
      /Not sent: the week of .* has already been published/,
    );
    await screenshot(page, 'offline-flag-refused');
    await refused.getByRole('button', { name: 'Remove: Befriending' }).click();
    await expect.poll(() => page.locator('.waiting-flags li').count(), { timeout: 10_000 }).toBe(0);
    await context.close();
  });
});
