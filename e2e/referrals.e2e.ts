/**
 * Referrals both ways, end to end in Chromium over the demo world:
 * refer with consent → the organiser sees the contact → moves it (a reason, an undo) → the Link
 * Worker is told in the app and by mail → 30 days after the final status the contact is erased.
 * Time is moved, not waited for: the server stops, the erasure job runs on its database as of
 * 31 days later, and the server starts again on the same database.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../db/connect.js';
import { eraseExpiredReferralContacts } from '../server/referrals/retention.js';
import {
  DEMO_USERS,
  launchBrowser,
  openPage,
  screenshot,
  signIn,
  startServer,
  type OpenedPage,
  type RunningServer,
} from './harness.js';

let dir: string;
let server: RunningServer;
let browser: Browser;
const opened: OpenedPage[] = [];

const env = () => ({
  PGLITE_DIR: join(dir, 'db'),
  MAIL_OUTBOX_DIR: join(dir, 'outbox'),
  DEMO: '1',
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gapmap-e2e-referrals-'));
  server = await startServer({ env: env() });
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const o of opened) await o.context.close();
  await browser?.close();
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function as(
  role: keyof typeof DEMO_USERS,
  path: string,
): Promise<OpenedPage & { organisationId: string | null }> {
  const o = await openPage(browser, server, '/');
  opened.push(o);
  const { user } = await signIn(o.page, DEMO_USERS[role]);
  await o.page.goto(path);
  return { ...o, organisationId: user.organisationId };
}

const getJson = <T>(page: Page, path: string) =>
  page.evaluate(
    async (p) => (await fetch(p, { credentials: 'same-origin' })).json(),
    path,
  ) as Promise<T>;

describe('a referral with contact, both ways', () => {
  it('goes from consent to the organiser, back to the Link Worker, and its contact is erased 30 days after it ends', async () => {
    const organiser = await as('organiser', '/');
    const services = await getJson<{
      items: { id: string; name: string; organisationId: string; status: string }[];
    }>(organiser.page, '/api/v1/services?limit=500');
    const target = services.items.find(
      (s) => s.organisationId === organiser.organisationId && s.status === 'active',
    )!;
    expect(target, 'the demo organiser runs an active service').toBeTruthy();

    // The Link Worker refers, with the person's consent to be contacted.
    const lw = await as('link_worker', `/refer/${target.id}`);
    await lw.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await lw.page.getByText(target.name, { exact: false }).first().waitFor();
    await lw.page.getByLabel('Note for the provider (optional)').fill('Prefers a quiet start.');
    await lw.page.getByLabel('The person agrees that the service may contact them').check();
    await lw.page.getByLabel('Name they go by (optional)').fill('Amina');
    await lw.page.getByLabel('Phone number').fill('07700 900456');
    await lw.page.getByLabel('They would rather get').selectOption('text');
    await lw.page.getByRole('button', { name: 'Send referral' }).click();
    const code = (await lw.page.locator('.cd-ok .cd-code').textContent())?.trim() ?? '';
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    await lw.page.getByRole('button', { name: `Copy code ${code}` }).click();
    await lw.page.getByText(`Code ${code} copied.`).waitFor();
    expect(await lw.page.evaluate(() => navigator.clipboard.readText())).toBe(code);
    await screenshot(lw.page, 'referrals-sent-with-contact');

    // The organiser sees the contact and moves the referral; a mis-click is undone.
    await organiser.page.goto('/referrals/inbox');
    const card = organiser.page.locator('li.cd-card', { hasText: code });
    await card.waitFor();
    await card.getByText('Phone: 07700 900456').waitFor();
    await card.getByText('Would rather get a text message').waitFor();
    await card.getByRole('button', { name: `Acknowledge referral ${code}` }).click();
    await organiser.page.getByText(`Referral ${code} is now: Acknowledged.`).waitFor();
    await card.getByRole('button', { name: `Mark contacted referral ${code}` }).click();
    await organiser.page.getByText(`Referral ${code} is now: Contacted.`).waitFor();
    await card.getByRole('button', { name: `Not a fit referral ${code}` }).click();
    await card.getByRole('button', { name: 'Save “Not a fit”' }).click();
    await card.getByText('Error: choose a reason.').waitFor();
    await card.getByLabel('The service is full').check();
    await card.getByRole('button', { name: 'Save “Not a fit”' }).click();
    await organiser.page
      .getByText(`Referral ${code} is now: Not a fit (The service is full).`)
      .waitFor();
    expect(await card.locator('.cd-status').getAttribute('data-status')).toBe('not_a_fit');
    await screenshot(organiser.page, 'referrals-not-a-fit-undo');
    await organiser.page.getByRole('button', { name: `Undo the move of referral ${code}` }).click();
    await organiser.page.getByText(`Undone: referral ${code} is back to Contacted.`).waitFor();
    await card.getByRole('button', { name: `Mark attended referral ${code}` }).click();
    await organiser.page.getByText(`Referral ${code} is now: Attended.`).waitFor();

    // The Link Worker is told in the app and by mail.
    await lw.page.goto('/referrals');
    const notices = lw.page.locator('section.cd-notices');
    await notices.waitFor();
    await notices.getByText(code).first().waitFor();
    const lwCard = lw.page.locator('li.cd-card', { hasText: code });
    await expect.poll(async () => lwCard.locator('.cd-status').textContent()).toBe('Attended');
    await lwCard.getByText('Phone: 07700 900456').waitFor();
    await screenshot(lw.page, 'referrals-link-worker-notified');
    await lw.page.getByRole('button', { name: 'Mark as seen' }).click();
    await notices.waitFor({ state: 'detached' });
    const outbox = join(dir, 'outbox');
    const updates = [];
    for (const f of (await readdir(outbox)).filter((n) => n.includes('referral_update'))) {
      updates.push(
        JSON.parse(await readFile(join(outbox, f), 'utf8')) as { to: string; text: string },
      );
    }
    const mine = updates.filter((m) => m.to === DEMO_USERS.link_worker && m.text.includes(code));
    expect(
      mine.map(
        (m) => /moved to: (.+)\./.exec(m.text)?.[1] ?? /put back to: (.+)\./.exec(m.text)?.[1],
      ),
    ).toContain('They came along');
    for (const m of updates) expect(m.text).not.toContain('900456');
    expect([...lw.problems, ...organiser.problems]).toEqual([]);

    // 31 days later: stop, run the erasure job as of then, start again on the same database.
    await server.stop();
    const database = await connect({ pgliteDir: join(dir, 'db') });
    try {
      expect(
        await eraseExpiredReferralContacts(database.db, new Date(Date.now() + 31 * 86_400_000)),
      ).toBeGreaterThanOrEqual(1);
    } finally {
      await database.close();
    }
    server = await startServer({ env: env() });
    const later = await as('organiser', '/referrals/inbox');
    const erased = later.page.locator('li.cd-card', { hasText: code });
    await erased.waitFor();
    await erased
      .getByText('Contact details were deleted 30 days after the referral ended.')
      .waitFor();
    expect(await erased.getByText('07700 900456').count()).toBe(0);
    await screenshot(later.page, 'referrals-contact-erased');
    expect(later.problems).toEqual([]);
  }, 300_000);
});
