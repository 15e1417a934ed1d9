import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../../db/schema.js';
import type { SessionUser } from '../http/env.js';
import { insertService } from '../referrals/testing.js';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';
import { buildDigest } from './digest.js';
import { digestHtml, digestText } from './render.js';

let t: TestApp;
let organiser: SignedIn;
let linkWorker: SignedIn;
const WEEK = { since: new Date('2026-03-02T00:00:00Z'), until: new Date('2026-03-09T00:00:00Z') };

/** Back-dates a row; the touch trigger would otherwise stamp updated_at with now(). */
async function stamp(
  db: Kysely<DB>,
  table: 'services' | 'proposals',
  id: string,
  createdAt: string,
  updatedAt = createdAt,
) {
  await sql.raw(`alter table ${table} disable trigger ${table}_touch`).execute(db);
  await sql`update ${sql.table(table)} set created_at = ${createdAt}::timestamptz, updated_at = ${updatedAt}::timestamptz where id = ${id}`.execute(
    db,
  );
  await sql.raw(`alter table ${table} enable trigger ${table}_touch`).execute(db);
}

const reader = (s: SignedIn, role: SessionUser['role']): SessionUser => ({
  id: s.userId,
  email: '',
  name: 'Reader',
  role,
  organisationId: s.organisationId,
});

beforeAll(async () => {
  t = await createTestApp();
  organiser = await t.signIn('organiser');
  linkWorker = await t.signIn('link_worker');
  const org = organiser.organisationId!;
  const fresh = await insertService(t.db, { organisationId: org, name: 'Knit and natter' });
  await stamp(t.db, 'services', fresh.serviceId, '2026-03-03T10:00:00Z');
  const changed = await insertService(t.db, { organisationId: org, name: 'Benefits drop-in' });
  await stamp(t.db, 'services', changed.serviceId, '2026-02-01T10:00:00Z', '2026-03-04T10:00:00Z');
  const ended = await insertService(t.db, {
    organisationId: org,
    name: 'Winter warm space',
    status: 'ended',
  });
  await stamp(t.db, 'services', ended.serviceId, '2026-01-01T10:00:00Z', '2026-03-05T10:00:00Z');
  const later = await insertService(t.db, { organisationId: org, name: 'Next month choir' });
  await stamp(t.db, 'services', later.serviceId, '2026-03-20T10:00:00Z');

  const proposal = await t.db
    .insertInto('proposals')
    .values({
      title: 'Dads and toddlers',
      tags: '[]',
      lat: 51.52,
      lng: -0.05,
      cell: '88195da49bfffff',
      gapCheck: JSON.stringify({ verdict: 'likely_gap' }),
      createdBy: organiser.userId,
      organisationId: org,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await stamp(t.db, 'proposals', proposal.id, '2026-03-03T12:00:00Z');
  await t.db
    .insertInto('proposalStageEvents')
    .values([
      {
        proposalId: proposal.id,
        stage: 'idea',
        byUserId: organiser.userId,
        at: '2026-03-03T12:00:00Z',
      },
      {
        proposalId: proposal.id,
        stage: 'co_designing',
        byUserId: organiser.userId,
        at: '2026-03-06T09:00:00Z',
      },
    ])
    .execute();

  const referral = await t.db
    .insertInto('referrals')
    .values({
      code: 'K7PQ2MXA',
      serviceId: fresh.serviceId,
      referrerId: linkWorker.userId,
      note: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.db
    .insertInto('referralEvents')
    .values([
      {
        referralId: referral.id,
        status: 'sent',
        byUserId: linkWorker.userId,
        at: '2026-03-03T14:00:00Z',
      },
      {
        referralId: referral.id,
        status: 'acknowledged',
        byUserId: organiser.userId,
        at: '2026-03-04T09:30:00Z',
      },
      {
        referralId: referral.id,
        status: 'contacted',
        byUserId: organiser.userId,
        at: '2026-03-12T09:30:00Z',
      },
    ])
    .execute();
});
afterAll(() => t.close());

describe('the digest for a fixed week', () => {
  it('lists new, changed and ended services, proposals and stage moves', async () => {
    const d = await buildDigest(t.db, null, WEEK.since, WEEK.until);
    expect(d.newServices.map((s) => s.name)).toEqual(['Knit and natter']);
    expect(d.changedServices.map((s) => s.name)).toEqual(['Benefits drop-in']);
    expect(d.endedServices.map((s) => s.name)).toEqual(['Winter warm space']);
    expect(d.newProposals).toEqual([
      expect.objectContaining({ title: 'Dads and toddlers', gapVerdict: 'likely_gap' }),
    ]);
    expect(d.stageChanges).toEqual([
      expect.objectContaining({
        title: 'Dads and toddlers',
        stage: 'co_designing',
        at: '2026-03-06T09:00:00.000Z',
      }),
    ]);
    expect(d.referralUpdates).toEqual([]); // a mailing-list digest has no reader
    // Never confirmed (fixtures), listed by the week's end, not ended: stale as of that end.
    expect(d.staleServices.map((s) => s.name).sort()).toEqual([
      'Benefits drop-in',
      'Knit and natter',
    ]);
    expect(d.counts).toEqual({
      newServices: 1,
      changedServices: 1,
      endedServices: 1,
      newProposals: 1,
      stageChanges: 1,
      referralUpdates: 0,
      staleServices: 2,
    });
  });

  it('gives each reader their own referral moves', async () => {
    const lw = await buildDigest(t.db, reader(linkWorker, 'link_worker'), WEEK.since, WEEK.until);
    expect(lw.referralUpdates.map((r) => [r.code, r.status])).toEqual([
      ['K7PQ2MXA', 'acknowledged'],
    ]);
    const org = await buildDigest(t.db, reader(organiser, 'organiser'), WEEK.since, WEEK.until);
    expect(org.referralUpdates.map((r) => r.status)).toEqual(['acknowledged', 'sent']);
    const stranger = await t.signIn('organiser');
    expect(
      (await buildDigest(t.db, reader(stranger, 'organiser'), WEEK.since, WEEK.until))
        .referralUpdates,
    ).toEqual([]);
  });

  it('renders short HTML and plain text', async () => {
    const d = await buildDigest(t.db, reader(linkWorker, 'link_worker'), WEEK.since, WEEK.until);
    const page = (await digestHtml(d, 'https://gapmap.example')).toString();
    expect(page).toContain('<h1>Gapmap digest 2026-03-02 to 2026-03-09</h1>');
    expect(page).toContain(
      '1 new service · 1 changed · 1 ended · 1 new proposal · 1 referral update',
    );
    expect(page).toMatch(
      /<h2>New services<\/h2><ul><li><a href="https:\/\/gapmap.example\/services\/[0-9a-f-]+"><strong>Knit and natter<\/strong>/,
    );
    const text = digestText(d, 'https://gapmap.example');
    expect(text).toContain('* Dads and toddlers is now at co-designing (2026-03-06)');
    expect(text).toContain('* K7PQ2MXA to Knit and natter: acknowledged (2026-03-04)');
    expect(text).not.toContain('Next month choir');
  });
});

describe('digest routes', () => {
  it('serves JSON, HTML and text to a signed-in reader', async () => {
    const res = await t.call('GET', '/api/v1/digest', undefined, linkWorker);
    expect(res.status).toBe(200);
    const d = (await res.json()) as { since: string; newServices: unknown[] };
    expect(Date.now() - new Date(d.since).getTime()).toBeGreaterThan(6.9 * 86_400_000);
    expect(
      (await t.call('GET', '/api/v1/digest?since=2020-01-01', undefined, linkWorker)).status,
    ).toBe(422);
    expect(
      (await t.call('GET', '/api/v1/digest?since=yesterday', undefined, linkWorker)).status,
    ).toBe(422);
    expect((await t.call('GET', '/api/v1/digest')).status).toBe(401);
    const html = await t.app.request('/digest', { headers: linkWorker.headers });
    expect(html.headers.get('content-type')).toMatch(/text\/html/);
    expect(await html.text()).toContain('<h1>Gapmap digest');
    const text = await t.app.request('/digest.txt', { headers: linkWorker.headers });
    expect(text.headers.get('content-type')).toMatch(/text\/plain/);
    expect((await t.app.request('/digest')).status).toBe(302);
  });
});
