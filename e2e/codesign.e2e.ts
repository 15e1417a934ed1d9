/**
 * The co-design loop end to end, in Chromium over the demo world:
 * - a Link Worker refers, the organiser acknowledges in their inbox, the Link Worker sees it;
 * - an organiser opens a proposal and launches it, and the new service appears on the map;
 * - the printable catalogue becomes a PDF (from the served page, and through `npm run catalogue`).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { connect } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';
import { seedTaxonomy } from '../fixtures/demo/taxonomy.js';
import { pdfPageCount } from '../server/catalogue/pdf.js';
import { insertService } from '../server/referrals/testing.js';
import { DEMO_USERS, type OpenedPage, ROOT, screenshot, signIn, useDemoWorld } from './harness.js';

const world = useDemoWorld();

async function as(
  role: keyof typeof DEMO_USERS,
  path = '/',
): Promise<OpenedPage & { organisationId: string | null }> {
  const o = await world.open(path);
  const { user } = await signIn(o.page, DEMO_USERS[role]);
  if (path !== '/') await o.page.goto(path);
  return { ...o, organisationId: user.organisationId };
}

const getJson = <T>(page: Page, path: string) =>
  page.evaluate(
    async (p) => (await fetch(p, { credentials: 'same-origin' })).json(),
    path,
  ) as Promise<T>;

describe('the co-design loop in the browser', () => {
  it('a Link Worker refers, the organiser acknowledges, the Link Worker sees the new status', async () => {
    const organiser = await as('organiser');
    const services = await getJson<{
      items: { id: string; name: string; organisationId: string; status: string }[];
    }>(organiser.page, '/api/v1/services?limit=500');
    const target = services.items.find(
      (s) => s.organisationId === organiser.organisationId && s.status === 'active',
    );
    expect(target, 'the demo organiser runs an active service').toBeTruthy();

    const lw = await as('link_worker', `/refer/${target!.id}`);
    await lw.page.getByText(target!.name, { exact: false }).first().waitFor();
    await lw.page
      .getByLabel('Note for the provider (optional)')
      .fill('Prefers a quiet start; comes with a friend.');
    await lw.page.getByRole('button', { name: 'Send referral' }).click();
    const code = (await lw.page.locator('.cd-ok .cd-code').textContent())?.trim() ?? '';
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/);
    await screenshot(lw.page, 'codesign-referral-sent');

    await organiser.page.goto('/referrals/inbox');
    await organiser.page.getByRole('heading', { name: 'Referral inbox' }).waitFor();
    await organiser.page.getByRole('button', { name: `Acknowledge referral ${code}` }).click();
    await organiser.page.getByText(`Referral ${code} is now: Acknowledged.`).waitFor();
    await organiser.page.getByText('Median time to acknowledge').waitFor();
    await screenshot(organiser.page, 'codesign-inbox');

    await lw.page.goto('/referrals');
    const card = lw.page.locator('li.cd-card', { hasText: code });
    await card.waitFor();
    await expect.poll(async () => card.locator('.cd-status').textContent()).toBe('Acknowledged');
    expect(await card.getByRole('button', { name: `Withdraw referral ${code}` }).count()).toBe(1);
    expect([...lw.problems, ...organiser.problems]).toEqual([]);
  });

  it('a proposal goes from idea to a launched service that appears on the map', async () => {
    const organiser = await as('organiser', '/proposals/new');
    const { page } = organiser;
    const title = `Evening men's shed ${Date.now()}`;
    await page.getByLabel('Title').fill(title);
    await page.getByRole('combobox', { name: 'Needs it answers' }).fill("men's");
    await page
      .getByRole('option', { name: /Men's groups/ })
      .first()
      .click();
    await page
      .getByRole('combobox', { name: 'Where it would run' })
      .fill('Roman Road Community Hub');
    await page
      .getByRole('option', { name: /Roman Road Community Hub/ })
      .first()
      .click();
    await page.getByLabel('What would it be?').fill('Woodwork and tea on Thursday evenings.');
    await page.getByRole('button', { name: 'Add a session' }).click();
    const session = page.getByRole('group', { name: 'Session 1' });
    await session.getByLabel('Day').selectOption('4');
    await session.getByLabel('Starts').fill('18:00');
    await session.getByLabel('Ends').fill('20:00');
    await page.getByRole('button', { name: 'Open proposal' }).click();
    await page.getByRole('heading', { name: title }).waitFor();
    await page.getByText('Gap check when it was opened').waitFor();
    await page.getByRole('button', { name: 'Move to Co-designing' }).click();
    await page.getByText('Stage: Co-designing').waitFor();
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Launch as a service' }).click();
    await page.getByText('Launched: the service is now in the directory').waitFor();
    await page.getByText('Stage: Running').waitFor();
    await screenshot(page, 'codesign-launched');

    const proposalId = page.url().split('/').pop()!;
    const proposal = await getJson<{ serviceId: string; lat: number; lng: number }>(
      page,
      `/api/v1/proposals/${proposalId}`,
    );
    await page.goto(
      `/map?lat=${proposal.lat.toFixed(5)}&lng=${proposal.lng.toFixed(5)}&z=16.5&layers=provision`,
    );
    await page
      .locator(`ul[aria-label="Services in view"] li[data-service-id="${proposal.serviceId}"]`)
      .waitFor({ timeout: 60_000 });
    expect(
      await page.locator(`li[data-service-id="${proposal.serviceId}"] .service-name`).textContent(),
    ).toBe(title);
    await screenshot(page, 'codesign-launched-on-map');
    expect(organiser.problems).toEqual([]);
  });

  it('prints the catalogue to a PDF, from the page and from npm run catalogue', async () => {
    const lw = await as('link_worker', '/updates');
    await lw.page.getByRole('link', { name: 'Print the catalogue' }).click();
    await lw.page.waitForURL('**/catalogue');
    await lw.page.getByRole('heading', { name: 'Community support catalogue' }).waitFor();
    const pdf = await lw.page.pdf({ format: 'A4', preferCSSPageSize: true });
    expect(pdfPageCount(pdf)).toBeGreaterThan(1);

    const dir = await mkdtemp(join(tmpdir(), 'gapmap-catalogue-'));
    try {
      const database = await connect({ pgliteDir: join(dir, 'db') });
      await migrateToLatest(database.db);
      // A small world of its own (the server above keeps its database in memory).
      await seedTaxonomy(database.db);
      const org = await database.db
        .insertInto('organisations')
        .values({ name: 'Roman Road Trust' })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const name of ['Men in Sheds', 'Knit and natter', 'Benefits drop-in'])
        await insertService(database.db, { organisationId: org.id, name, tags: ['mens-groups'] });
      await database.close();
      const out = join(dir, 'catalogue.pdf');
      const env = { ...process.env, PGLITE_DIR: join(dir, 'db'), DATABASE_URL: '' };
      await promisify(execFile)(
        join(ROOT, 'node_modules', '.bin', 'tsx'),
        ['scripts/catalogue.ts', '--out', out],
        { cwd: ROOT, env, timeout: 180_000 },
      );
      const file = await readFile(out);
      expect(file.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdfPageCount(file)).toBeGreaterThan(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
