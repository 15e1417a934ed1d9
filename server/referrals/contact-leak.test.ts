/**
 * Property: whatever contact a Link Worker gives, and whichever way its referral moves (moves,
 * reasons, undo, the signed link, erasure), no export, log line, audit entry, digest or
 * notification ever holds any part of it. Only the two sides' referral lists show it.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';
import { eraseExpiredReferralContacts } from './retention.js';
import { insertService, setKeyContact } from './testing.js';

let t: TestApp;
let linkWorker: SignedIn;
let organiser: SignedIn;
let admin: SignedIn;
let funder: SignedIn;
let serviceId: string;

beforeAll(async () => {
  t = await createTestApp();
  linkWorker = await t.signIn('link_worker');
  organiser = await t.signIn('organiser', { email: 'key@leak.test' });
  admin = await t.signIn('admin');
  funder = await t.signIn('funder');
  await setKeyContact(t.db, organiser.organisationId!, organiser.userId);
  ({ serviceId } = await insertService(t.db, {
    organisationId: organiser.organisationId!,
    tags: [],
  }));
});
afterAll(() => t.close());

const letters = fc.string({
  unit: fc.constantFrom(...'abcdefghjkmnpqrstuvwxyz'),
  minLength: 8,
  maxLength: 16,
});
const contactArb = fc.record({
  name: fc.tuple(letters, letters).map(([a, b]) => `Q${a} X${b}`),
  phone: fc
    .string({ unit: fc.constantFrom(...'0123456789'), minLength: 9, maxLength: 9 })
    .map((d) => `07${d}`),
  email: fc.tuple(letters, letters).map(([a, b]) => `${a}.${b}@leak-example.org`),
  preferred: fc.constantFrom('phone', 'email', 'text'),
});
const pathArb = fc.constantFrom(
  ['acknowledged', 'contacted', 'attended'],
  ['acknowledged', 'contacted', 'not_a_fit:criteria'],
  ['acknowledged', 'contacted', 'no_response:no_answer', 'undo'],
  ['withdrawn'],
  ['acknowledged', 'undo', 'acknowledged'],
);

/** Everything that leaves the server other than the two referral lists. */
async function outsideViews(): Promise<string> {
  const texts: string[] = [JSON.stringify(t.logs), JSON.stringify(t.mail)];
  texts.push(JSON.stringify(await t.db.selectFrom('auditLog').selectAll().execute()));
  const reads: [string, SignedIn][] = [
    ['/api/v1/audit?limit=500', admin],
    ['/api/v1/services.csv', admin],
    ['/api/v1/services.geojson', admin],
    [`/api/v1/services/${serviceId}/share.txt`, linkWorker],
    ['/api/v1/digest?since=2020-01-01', linkWorker],
    ['/api/v1/digest?since=2020-01-01', organiser],
    ['/digest?since=2020-01-01', admin],
    ['/api/v1/referrals/stats', funder],
    ['/api/v1/dashboard/needs.csv', funder],
    ['/api/v1/dashboard/gaps.csv', funder],
    ['/api/v1/dashboard/trends.csv', funder],
    ['/api/v1/referral-notices', linkWorker],
    [`/api/v1/organisations/${organiser.organisationId}/referral-stats`, organiser],
  ];
  for (const [path, who] of reads) {
    const res = await t.call('GET', path, undefined, who);
    texts.push(`${path} ${res.status} ${await res.text()}`);
  }
  // Admins read every referral, but never a contact.
  texts.push(await (await t.call('GET', '/api/v1/referrals?limit=500', undefined, admin)).text());
  return texts.join('\n');
}

async function version(id: string): Promise<number> {
  return (
    await t.db
      .selectFrom('referrals')
      .select('version')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
  ).version;
}

describe('no export, log line or audit entry ever holds a referral contact', () => {
  it('holds for any contact and any path its referral takes', async () => {
    await fc.assert(
      fc.asyncProperty(contactArb, pathArb, async (contact, path) => {
        const created = await t.call(
          'POST',
          '/api/v1/referrals',
          { serviceId, note: 'Quiet mornings suit best.', contact: { ...contact, consent: true } },
          linkWorker,
        );
        expect(created.status).toBe(201);
        const { id } = (await created.json()) as { id: string };
        for (const step of path) {
          const [status, reason] = step.split(':');
          const who = status === 'withdrawn' ? linkWorker : organiser;
          const res =
            step === 'undo'
              ? await t.call(
                  'POST',
                  `/api/v1/referrals/${id}/undo`,
                  { version: await version(id) },
                  organiser,
                )
              : await t.call(
                  'PATCH',
                  `/api/v1/referrals/${id}`,
                  { status, version: await version(id), ...(reason ? { reason } : {}) },
                  who,
                );
          expect(res.status).toBe(200);
        }
        // The two sides do see it (so the property is not met by the contact going nowhere).
        const own = await (
          await t.call('GET', '/api/v1/referrals?limit=500', undefined, organiser)
        ).text();
        expect(own).toContain(contact.phone);
        const outside = await outsideViews();
        for (const part of [
          contact.name,
          contact.phone,
          contact.email,
          contact.name.split(' ')[0]!,
          contact.email.split('@')[0]!,
        ]) {
          expect(outside).not.toContain(part);
        }
      }),
      { numRuns: 12 },
    );
    await eraseExpiredReferralContacts(t.db, new Date(Date.now() + 31 * 86_400_000));
    expect(
      await t.db
        .selectFrom('referrals')
        .select('id')
        .where('contactSealed', 'is not', null)
        .where('finalAt', 'is not', null)
        .execute(),
    ).toEqual([]);
  });
});
