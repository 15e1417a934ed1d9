import { latLngToCell } from 'h3-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTaxonomy } from '../../fixtures/demo/taxonomy.js';
import { insertService, setKeyContact } from '../referrals/testing.js';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';

let t: TestApp;
let linkWorker: SignedIn;

beforeAll(async () => {
  t = await createTestApp();
  await seedTaxonomy(t.db);
  const organiser = await t.signIn('organiser');
  linkWorker = await t.signIn('link_worker');
  const org = organiser.organisationId!;
  await t.db
    .updateTable('users')
    .set({ name: 'Priya Shah' })
    .where('id', '=', organiser.userId)
    .execute();
  await t.db
    .updateTable('organisations')
    .set({ name: 'Oxford House', phone: '020 7739 9001' })
    .where('id', '=', org)
    .execute();
  await setKeyContact(t.db, org, organiser.userId);
  await insertService(t.db, { organisationId: org, name: 'Men in Sheds', tags: ['mens-groups'] });
  const both = await insertService(t.db, {
    organisationId: org,
    name: 'Pension Credit surgery',
    tags: ['benefits-advice', 'social-groups'],
    lat: 51.54,
    lng: -0.03,
  });
  await t.db
    .updateTable('services')
    .set({ costKind: 'low_cost', costText: '£2 a session', referralRoute: 'gp' })
    .where('id', '=', both.serviceId)
    .execute();
  await insertService(t.db, {
    organisationId: org,
    name: 'Safe Women Group',
    tags: ['mens-groups'],
    confidential: true,
    district: 'Bow',
  });
  await insertService(t.db, {
    organisationId: org,
    name: 'Closed choir',
    tags: ['mens-groups'],
    status: 'ended',
  });
  const area = await t.db
    .insertInto('areas')
    .values({
      code: 'E05009999',
      name: 'Test Ward',
      kind: 'ward',
      geometry: '{}',
      bbox: '[0,0,0,0]',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.db
    .insertInto('areaCells')
    .values({ areaId: area.id, cell: latLngToCell(51.54, -0.03, 8) })
    .execute();
});
afterAll(() => t.close());

const page = async (query = '') => {
  const res = await t.app.request(`/catalogue${query}`, { headers: linkWorker.headers });
  return { status: res.status, html: await res.text() };
};
const groupOf = (html: string, name: string) =>
  new RegExp(`<h2 id="grp-[a-z-]+">${name}</h2>(.*?)</section>`, 's').exec(html)?.[1] ?? '';

describe('GET /catalogue', () => {
  it('is an A4 two-column print page with a generated date', async () => {
    const { status, html } = await page();
    expect(status).toBe(200);
    expect(html).toMatch(/@page \{ size: A4;/);
    expect(html).toMatch(/\.cards \{ column-count: 2;/);
    expect(html).toMatch(/break-inside: avoid/);
    expect(html).toContain(`Generated <time datetime="${new Date().toISOString().slice(0, 10)}`);
  });

  it('groups cards by need group with name, summary, when, where, cost, contact and referral route', async () => {
    const { html } = await page();
    const lonely = groupOf(html, 'Loneliness &amp; isolation');
    const money = groupOf(html, 'Money &amp; benefits');
    expect(lonely).toContain('Men in Sheds');
    expect(lonely).toContain('Pension Credit surgery'); // listed in every group it belongs to
    expect(money).toContain('Pension Credit surgery');
    expect(money).not.toContain('Men in Sheds');
    const card =
      /<article class="card"[^>]*>\s*<h3[^>]*>Pension Credit surgery<\/h3>(.*?)<\/article>/s.exec(
        money,
      )![1]!;
    expect(card).toContain('<dt>When</dt><dd>Tue 10:00–11:30</dd>');
    expect(card).toContain('<dt>Where</dt><dd>Oxford House, Derbyshire Street, E2 6HG</dd>');
    expect(card).toContain('<dt>Cost</dt><dd>Low cost: £2 a session</dd>');
    expect(card).toContain('<dt>Contact</dt><dd>Priya Shah · 020 7739 9001 (Oxford House)</dd>');
    expect(card).toContain('<dt>Referral</dt><dd>Through a GP</dd>');
    expect(html).not.toContain('Closed choir');
  });

  it('shows only the district of a confidential location', async () => {
    const { html } = await page();
    const card = /<h3[^>]*>Safe Women Group<\/h3>(.*?)<\/article>/s.exec(html)![1]!;
    expect(card).toContain('<dt>Where</dt><dd>Bow (address given on referral)</dd>');
    expect(card).not.toContain('Derbyshire Street');
    expect(card).not.toContain('E2 6HG');
  });

  it('filters by tag and by area, and asks strangers to sign in', async () => {
    const byTag = await page('?tag=money');
    expect(byTag.html).toContain('Pension Credit surgery');
    expect(byTag.html).not.toContain('Men in Sheds');
    expect(byTag.html).not.toContain('Loneliness &amp; isolation</h2>');
    const byArea = await page('?area=E05009999');
    expect(byArea.html).toContain('Pension Credit surgery');
    expect(byArea.html).not.toContain('Men in Sheds');
    expect(byArea.html).toContain('area: Test Ward');
    expect((await page('?area=nowhere')).status).toBe(422);
    expect((await t.app.request('/catalogue')).status).toBe(302);
  });
});
