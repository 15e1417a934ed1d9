import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';
import {
  addWorkingDays,
  publishReferralStats,
  referralStats,
  type ReferralTiming,
} from './stats.js';
import { insertService } from './testing.js';

const at = (iso: string) => new Date(iso);
const timing = (
  id: string,
  created: string,
  acknowledged: string | null,
  withdrawn: string | null = null,
): ReferralTiming => ({
  id,
  createdAt: at(created),
  acknowledgedAt: acknowledged ? at(acknowledged) : null,
  status: acknowledged ? 'acknowledged' : withdrawn ? 'withdrawn' : 'sent',
  withdrawnAt: withdrawn ? at(withdrawn) : null,
});

describe('working days', () => {
  it('skips weekends and keeps the time of day', () => {
    expect(addWorkingDays(at('2026-03-02T09:00:00Z'), 5).toISOString()).toBe(
      '2026-03-09T09:00:00.000Z',
    ); // Mon → Mon
    expect(addWorkingDays(at('2026-03-06T16:00:00Z'), 5).toISOString()).toBe(
      '2026-03-13T16:00:00.000Z',
    ); // Fri → Fri
    expect(addWorkingDays(at('2026-03-07T10:00:00Z'), 5).toISOString()).toBe(
      '2026-03-13T10:00:00.000Z',
    ); // Sat → Fri
  });
});

describe('referralStats (fixed timestamps)', () => {
  const now = at('2026-03-20T12:00:00Z');
  const rows = [
    timing('a0', '2026-03-02T09:00:00Z', '2026-03-02T11:00:00Z'), // 2 h
    timing('b0', '2026-03-02T09:00:00Z', '2026-03-03T09:00:00Z'), // 24 h
    timing('c0', '2026-03-02T09:00:00Z', '2026-03-10T09:00:00Z'), // 192 h, after the 5-working-day deadline (Mon 9th)
    timing('d0', '2026-03-02T09:00:00Z', null), // never answered
    timing('e0', '2026-03-02T09:00:00Z', null, '2026-03-03T09:00:00Z'), // withdrawn early: not counted as due
    timing('f0', '2026-03-18T09:00:00Z', null), // not due yet
  ];
  it('gives the median hours to acknowledge and the no-reply share after 5 working days', () => {
    expect(referralStats(rows, now)).toEqual({
      referrals: 6,
      acknowledged: 3,
      medianHoursToAcknowledge: 24,
      due: 4,
      noReply: 2,
      noReplyShare: 0.5,
    });
  });
  it('is empty-safe', () => {
    expect(referralStats([], now)).toEqual({
      referrals: 0,
      acknowledged: 0,
      medianHoursToAcknowledge: null,
      due: 0,
      noReply: 0,
      noReplyShare: null,
    });
  });
  it('publishes suppressed counts and withholds the median and share below the threshold', () => {
    const published = publishReferralStats(rows, now, { threshold: 8, secret: 'test-secret-123' });
    expect(published).toEqual({
      referrals: { value: null, display: '<8' },
      acknowledged: { value: null, display: '<8' },
      medianHoursToAcknowledge: null,
      noReplyShare: null,
    });
    const many = Array.from({ length: 20 }, (_, i) =>
      timing(
        `${(i * 13).toString(16).padStart(2, '0')}x`,
        '2026-03-02T09:00:00Z',
        '2026-03-02T13:00:00Z',
      ),
    );
    const big = publishReferralStats(many, now, { threshold: 8, secret: 'test-secret-123' });
    expect(big.referrals.display).toMatch(/^(15|20|25)$/);
    expect(big.medianHoursToAcknowledge).toBe(4);
    expect(big.noReplyShare).toBe(0);
  });
});

describe('referral stats routes', () => {
  let t: TestApp;
  let organiser: SignedIn;
  let funder: SignedIn;
  beforeAll(async () => {
    t = await createTestApp();
    organiser = await t.signIn('organiser');
    funder = await t.signIn('funder');
    const linkWorker = await t.signIn('link_worker');
    const { serviceId } = await insertService(t.db, { organisationId: organiser.organisationId! });
    for (const [created, acknowledged] of [
      ['2026-03-02T09:00:00Z', '2026-03-02T15:00:00Z'],
      ['2026-03-02T09:00:00Z', null],
    ] as const) {
      const r = (await (
        await t.call('POST', '/api/v1/referrals', { serviceId }, linkWorker)
      ).json()) as { id: string };
      await sql`update referrals set created_at = ${created}::timestamptz, acknowledged_at = ${acknowledged}::timestamptz where id = ${r.id}`.execute(
        t.db,
      );
    }
  });
  afterAll(() => t.close());

  it("gives an organiser their own organisation's exact figures and nobody else's", async () => {
    const res = await t.call(
      'GET',
      `/api/v1/organisations/${organiser.organisationId}/referral-stats`,
      undefined,
      organiser,
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      referrals: 2,
      acknowledged: 1,
      medianHoursToAcknowledge: 6,
      due: 2,
      noReply: 1,
      noReplyShare: 0.5,
    });
    const other = await t.signIn('organiser');
    expect(
      (
        await t.call(
          'GET',
          `/api/v1/organisations/${organiser.organisationId}/referral-stats`,
          undefined,
          other,
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await t.call(
          'GET',
          `/api/v1/organisations/${organiser.organisationId}/referral-stats`,
          undefined,
          funder,
        )
      ).status,
    ).toBe(403);
  });

  it('gives funders only suppressed network figures', async () => {
    const res = await t.call('GET', '/api/v1/referrals/stats', undefined, funder);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      referrals: { value: null, display: '<8' },
      acknowledged: { value: null, display: '<8' },
      medianHoursToAcknowledge: null,
      noReplyShare: null,
    });
    expect((await t.call('GET', '/api/v1/referrals/stats', undefined, organiser)).status).toBe(403);
  });
});
