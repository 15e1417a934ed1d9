/** Contact with consent: sealed at rest, seen by the two sides only, erased 30 days after a final status; reasons, undo, notices. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';
import { sql } from 'kysely';
import { keyId } from './contact-crypto.js';
import { openReferralContact } from './contact.js';
import { eraseExpiredReferralContacts, resealReferralContacts } from './retention.js';
import { insertService, setKeyContact } from './testing.js';

let t: TestApp;
let linkWorker: SignedIn;
let otherLinkWorker: SignedIn;
let organiser: SignedIn;
let otherOrganiser: SignedIn;
let admin: SignedIn;
let serviceId: string;

const CONTACT = {
  name: 'Rahima Begum',
  phone: '07700 900123',
  email: 'rahima@example.org',
  preferred: 'text',
  consent: true,
};

interface ReferralRow {
  id: string;
  code: string;
  status: string;
  version: number;
  reason: string | null;
  undoableUntil: string | null;
  contact: {
    name: string | null;
    phone: string | null;
    email: string | null;
    preferred: string | null;
  } | null;
  contactErased: boolean;
  allowedMoves: string[];
  history: { status: string; reason: string | null }[];
}

beforeAll(async () => {
  t = await createTestApp();
  linkWorker = await t.signIn('link_worker', { email: 'lw@contact.test' });
  otherLinkWorker = await t.signIn('link_worker');
  organiser = await t.signIn('organiser', { email: 'org@contact.test' });
  otherOrganiser = await t.signIn('organiser');
  admin = await t.signIn('admin');
  await setKeyContact(t.db, organiser.organisationId!, organiser.userId);
  ({ serviceId } = await insertService(t.db, { organisationId: organiser.organisationId! }));
});
afterAll(() => t.close());

async function refer(contact: Record<string, unknown> | undefined = CONTACT) {
  const res = await t.call(
    'POST',
    '/api/v1/referrals',
    { serviceId, ...(contact ? { contact } : {}) },
    linkWorker,
  );
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; code: string; version: number };
}

async function listed(who: SignedIn, id: string): Promise<ReferralRow | undefined> {
  const res = await t.call('GET', '/api/v1/referrals?limit=500', undefined, who);
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: ReferralRow[] }).items.find((r) => r.id === id);
}

async function move(
  who: SignedIn,
  id: string,
  status: string,
  extra: Record<string, unknown> = {},
) {
  const current = (await listed(who, id))!;
  return t.call(
    'PATCH',
    `/api/v1/referrals/${id}`,
    { status, version: current.version, ...extra },
    who,
  );
}

describe('contact with consent', () => {
  it('is refused without consent, or without a way to reach the person, naming the field', async () => {
    const noConsent = await t.call(
      'POST',
      '/api/v1/referrals',
      { serviceId, contact: { ...CONTACT, consent: false } },
      linkWorker,
    );
    expect(noConsent.status).toBe(422);
    expect(
      ((await noConsent.json()) as { error: { details: Record<string, string> } }).error.details,
    ).toHaveProperty(['contact.consent']);
    const nothing = await t.call(
      'POST',
      '/api/v1/referrals',
      { serviceId, contact: { name: 'Someone', consent: true } },
      linkWorker,
    );
    expect(nothing.status).toBe(422);
    expect(
      ((await nothing.json()) as { error: { details: Record<string, string> } }).error.details,
    ).toHaveProperty(['contact.phone']);
    const badEmail = await t.call(
      'POST',
      '/api/v1/referrals',
      { serviceId, contact: { email: 'not-an-address', consent: true } },
      linkWorker,
    );
    expect(
      ((await badEmail.json()) as { error: { details: Record<string, string> } }).error.details[
        'contact.email'
      ],
    ).toMatch(/email address/);
    expect(
      await t.db
        .selectFrom('referrals')
        .select('id')
        .where('referrerId', '=', linkWorker.userId)
        .execute(),
    ).toHaveLength(0);
  });

  it('is sealed at rest and shown only to the receiving organisation and the referrer', async () => {
    const r = await refer();
    const row = await t.db
      .selectFrom('referrals')
      .select('contactSealed')
      .where('id', '=', r.id)
      .executeTakeFirstOrThrow();
    expect(row.contactSealed).toMatch(/^gcm1\./);
    for (const part of [CONTACT.name, CONTACT.phone, CONTACT.email, 'Rahima', '900123'])
      expect(row.contactSealed).not.toContain(part);
    const expected = {
      name: CONTACT.name,
      phone: CONTACT.phone,
      email: CONTACT.email,
      preferred: 'text',
    };
    expect((await listed(organiser, r.id))!.contact).toEqual(expected);
    expect((await listed(linkWorker, r.id))!.contact).toEqual(expected);
    // Admins see the referral (to correct a stuck one), never the person's contact.
    const seenByAdmin = await listed(admin, r.id);
    expect(seenByAdmin).toBeTruthy();
    expect(seenByAdmin!.contact).toBeNull();
    expect(await listed(otherOrganiser, r.id)).toBeUndefined();
    expect(await listed(otherLinkWorker, r.id)).toBeUndefined();
    // The key contact's notification names the code, never the person.
    const mail = t.mail.filter((m) => m.text.includes(r.code));
    expect(mail.length).toBeGreaterThan(0);
    for (const m of mail) expect(JSON.stringify(m)).not.toMatch(/Rahima|900123|rahima@/);
  });

  it('does not open when copied onto another referral (bound to its id)', async () => {
    const a = await refer();
    const b = await refer(undefined);
    const sealed = (
      await t.db
        .selectFrom('referrals')
        .select('contactSealed')
        .where('id', '=', a.id)
        .executeTakeFirstOrThrow()
    ).contactSealed;
    await t.db
      .updateTable('referrals')
      .set({ contactSealed: sealed })
      .where('id', '=', b.id)
      .execute();
    const res = await t.call('GET', '/api/v1/referrals?limit=500', undefined, organiser);
    expect(res.status).toBe(500);
    await t.db
      .updateTable('referrals')
      .set({ contactSealed: null })
      .where('id', '=', b.id)
      .execute();
  });

  it('is erased 30 days after a final status, not before, by the erasure job', async () => {
    const r = await refer();
    const open = await refer();
    for (const s of ['acknowledged', 'contacted'])
      expect((await move(organiser, r.id, s)).status).toBe(200);
    expect((await move(organiser, r.id, 'attended')).status).toBe(200);
    const finalAt = (
      await t.db
        .selectFrom('referrals')
        .select('finalAt')
        .where('id', '=', r.id)
        .executeTakeFirstOrThrow()
    ).finalAt!;
    expect(
      await eraseExpiredReferralContacts(t.db, new Date(finalAt.getTime() + 29 * 86_400_000)),
    ).toBe(0);
    expect((await listed(organiser, r.id))!.contact).not.toBeNull();
    expect(
      await eraseExpiredReferralContacts(
        t.db,
        new Date(finalAt.getTime() + 30 * 86_400_000 + 1000),
      ),
    ).toBeGreaterThanOrEqual(1);
    const after = (await listed(organiser, r.id))!;
    expect(after.contact).toBeNull();
    expect(after.contactErased).toBe(true);
    expect(
      (
        await t.db
          .selectFrom('referrals')
          .select('contactSealed')
          .where('id', '=', r.id)
          .executeTakeFirstOrThrow()
      ).contactSealed,
    ).toBeNull();
    // A referral still open keeps its contact however much time passes.
    expect((await listed(organiser, open.id))!.contact).not.toBeNull();
  });

  it('is re-sealed under a new key by rotation and still opens with only the new key afterwards', async () => {
    const r = await refer();
    const oldKeys = t.config.referralContactKeys;
    const newKey = Buffer.alloc(32, 7);
    const rotated = { current: newKey, previous: [oldKeys.current] };
    expect(await resealReferralContacts(t.db, rotated, 2)).toBeGreaterThanOrEqual(1);
    const rows = await t.db
      .selectFrom('referrals')
      .select('contactSealed')
      .where('contactSealed', 'is not', null)
      .execute();
    for (const row of rows) expect(row.contactSealed!.split('.')[1]).toBe(keyId(newKey));
    // The app (config) still holds the old key only: it can no longer open them; with the new key it can.
    const sealed = (
      await t.db
        .selectFrom('referrals')
        .select('contactSealed')
        .where('id', '=', r.id)
        .executeTakeFirstOrThrow()
    ).contactSealed!;
    expect(openReferralContact({ current: newKey, previous: [] }, r.id, sealed).phone).toBe(
      CONTACT.phone,
    );
    expect(() => openReferralContact(oldKeys, r.id, sealed)).toThrow(/no configured key/);
    // Back to the app's key, so later tests read as before.
    await resealReferralContacts(t.db, { current: oldKeys.current, previous: [newKey] });
    expect((await listed(organiser, r.id))!.contact?.phone).toBe(CONTACT.phone);
  });
});

describe('reasons, undo and notices', () => {
  it('takes a short reason for not a fit and no response, and refuses one elsewhere', async () => {
    const r = await refer(undefined);
    expect((await move(organiser, r.id, 'acknowledged', { reason: 'full' })).status).toBe(422);
    await move(organiser, r.id, 'acknowledged');
    await move(organiser, r.id, 'contacted');
    const wrong = await move(organiser, r.id, 'not_a_fit', { reason: 'no_answer' });
    expect(wrong.status).toBe(422);
    expect(
      ((await wrong.json()) as { error: { details: Record<string, string> } }).error.details.reason,
    ).toMatch(/not a fit/);
    expect((await move(organiser, r.id, 'not_a_fit', { reason: 'full' })).status).toBe(200);
    const seen = (await listed(linkWorker, r.id))!;
    expect(seen.reason).toBe('full');
    expect(seen.history.at(-1)).toEqual(
      expect.objectContaining({ status: 'not_a_fit', reason: 'full' }),
    );
  });

  it('tells the Link Worker in the app and by mail when someone else moves their referral', async () => {
    await t.call('POST', '/api/v1/referral-notices/read', {}, linkWorker);
    const r = await refer();
    const before = t.mail.length;
    await move(organiser, r.id, 'acknowledged');
    const mail = t.mail.slice(before).filter((m) => m.kind === 'referral_update');
    expect(mail).toHaveLength(1);
    expect(mail[0]!.to).toBe('lw@contact.test');
    expect(mail[0]!.text).toContain(r.code);
    expect(mail[0]!.text).not.toMatch(/Rahima|900123/);
    const notices = (await (
      await t.call('GET', '/api/v1/referral-notices', undefined, linkWorker)
    ).json()) as { unread: number; items: { code: string; status: string }[] };
    expect(notices.unread).toBe(1);
    expect(notices.items[0]).toEqual(
      expect.objectContaining({ code: r.code, status: 'acknowledged' }),
    );
    // Another Link Worker neither sees nor clears them.
    expect(
      (
        (await (
          await t.call('GET', '/api/v1/referral-notices', undefined, otherLinkWorker)
        ).json()) as { unread: number }
      ).unread,
    ).toBe(0);
    await t.call('POST', '/api/v1/referral-notices/read', {}, otherLinkWorker);
    expect(
      (
        (await (await t.call('GET', '/api/v1/referral-notices', undefined, linkWorker)).json()) as {
          unread: number;
        }
      ).unread,
    ).toBe(1);
    // Their own withdrawal is no news to them.
    const own = await refer(undefined);
    await move(linkWorker, own.id, 'withdrawn');
    expect(
      (
        (await (await t.call('GET', '/api/v1/referral-notices', undefined, linkWorker)).json()) as {
          unread: number;
        }
      ).unread,
    ).toBe(1);
    const read = await t.call('POST', '/api/v1/referral-notices/read', {}, linkWorker);
    expect(((await read.json()) as { marked: number }).marked).toBe(1);
  });

  it('lets the mover undo a move for 10 minutes, restoring status, reason and final time', async () => {
    const r = await refer();
    await move(organiser, r.id, 'acknowledged');
    await move(organiser, r.id, 'contacted');
    expect((await move(organiser, r.id, 'no_response', { reason: 'declined' })).status).toBe(200);
    const moved = (await listed(organiser, r.id))!;
    expect(moved.undoableUntil).not.toBeNull();
    // Only the one who moved it may undo it; the referrer sees no undo.
    expect((await listed(linkWorker, r.id))!.undoableUntil).toBeNull();
    expect(
      (
        await t.call(
          'POST',
          `/api/v1/referrals/${r.id}/undo`,
          { version: moved.version },
          linkWorker,
        )
      ).status,
    ).toBe(409);
    const undo = await t.call(
      'POST',
      `/api/v1/referrals/${r.id}/undo`,
      { version: moved.version },
      organiser,
    );
    expect(undo.status).toBe(200);
    const back = (await listed(organiser, r.id))!;
    expect(back.status).toBe('contacted');
    expect(back.reason).toBeNull();
    expect(back.history.map((h) => h.status)).toEqual(['sent', 'acknowledged', 'contacted']);
    expect(
      (
        await t.db
          .selectFrom('referrals')
          .select('finalAt')
          .where('id', '=', r.id)
          .executeTakeFirstOrThrow()
      ).finalAt,
    ).toBeNull();
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['action', 'details'])
      .where('entityId', '=', r.id)
      .execute();
    expect(audit.map((a) => a.action)).toContain('referral.move_undone');

    // Eleven minutes later (the event's time moved back), the move stands.
    await move(organiser, r.id, 'attended');
    await t.db
      .updateTable('referralEvents')
      .set({ at: sql<Date>`at - interval '11 minutes'` })
      .where('referralId', '=', r.id)
      .execute();
    const late = (await listed(organiser, r.id))!;
    expect(late.undoableUntil).toBeNull();
    const refused = await t.call(
      'POST',
      `/api/v1/referrals/${r.id}/undo`,
      { version: late.version },
      organiser,
    );
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(
      /10 minutes/,
    );
  });

  it('undoing an acknowledgement clears the acknowledged time', async () => {
    const r = await refer(undefined);
    await move(organiser, r.id, 'acknowledged');
    const v = (await listed(organiser, r.id))!.version;
    expect(
      (await t.call('POST', `/api/v1/referrals/${r.id}/undo`, { version: v }, organiser)).status,
    ).toBe(200);
    const row = await t.db
      .selectFrom('referrals')
      .select(['status', 'acknowledgedAt'])
      .where('id', '=', r.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'sent', acknowledgedAt: null });
    // Nothing left to undo: the creation itself cannot be undone.
    expect(
      (await t.call('POST', `/api/v1/referrals/${r.id}/undo`, { version: v + 1 }, organiser))
        .status,
    ).toBe(409);
  });
});
