/**
 * "I would refer to this" keeps who only for the day (DESIGN.md "Publication", retention): a mark
 * is an HMAC under a secret drawn for that day; the daily job deletes older marks and their
 * secrets, so a mark can no longer be tied to a person, not even with the deployment's secrets.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPublicationJobs } from '../releases/jobs.js';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';
import { registerInterest } from './participation.js';

let t: TestApp;
let lw: SignedIn;
let proposalId: string;

beforeAll(async () => {
  t = await createTestApp();
  lw = await t.signIn('link_worker');
  const creator = await t.signIn('organiser');
  const row = await t.db
    .insertInto('proposals')
    .values({
      title: 'Evening walking group',
      tags: JSON.stringify(['walking']),
      lat: 51.52,
      lng: -0.06,
      cell: '88195da49bfffff',
      gapCheck: JSON.stringify({}),
      createdBy: creator.userId,
      organisationId: creator.organisationId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  proposalId = row.id;
});
afterAll(() => t.close());

describe('interest marks', () => {
  it('are made under a secret of their own day, not the deployment secret, and published as a suppressed count', async () => {
    const user = {
      id: lw.userId,
      role: 'link_worker' as const,
      organisationId: null,
      name: 'LW',
      email: 'lw@test',
    };
    const day = new Date('2026-12-01T10:00:00Z');
    const answer = await registerInterest(t.db, t.config, user as never, proposalId, day);
    expect(answer.interestCount).toEqual({ value: null, display: '<8' });
    const [mark] = await t.db.selectFrom('proposalInterestMarks').selectAll().execute();
    const withDeploymentSecret = createHmac('sha256', t.config.cellKeySecret)
      .update(`proposal-interest:${lw.userId}:${proposalId}:2026-12-01`)
      .digest('hex');
    expect(mark!.marker).not.toBe(withDeploymentSecret);
    const { secret } = await t.db
      .selectFrom('interestMarkSecrets')
      .select('secret')
      .where('day', '=', '2026-12-01')
      .executeTakeFirstOrThrow();
    expect(mark!.marker).toBe(
      createHmac('sha256', secret)
        .update(`proposal-interest:${lw.userId}:${proposalId}`)
        .digest('hex'),
    );
    // A second tap the same day is refused; the count moved once.
    await expect(
      registerInterest(t.db, t.config, user as never, proposalId, day),
    ).rejects.toMatchObject({ status: 429 });
    const row = await t.db
      .selectFrom('proposals')
      .select(['interestCount', 'interestKeySum'])
      .where('id', '=', proposalId)
      .executeTakeFirstOrThrow();
    expect(row.interestCount).toBe(1);
  });

  it("are purged with their day's secret by the daily job, so nobody can recompute who", async () => {
    await runPublicationJobs(t.db, () => {}, { now: new Date('2026-12-02T00:05:00Z') });
    expect(await t.db.selectFrom('proposalInterestMarks').selectAll().execute()).toEqual([]);
    expect(await t.db.selectFrom('interestMarkSecrets').selectAll().execute()).toEqual([]);
    // The count stays.
    expect(
      (await t.db.selectFrom('proposals').select('interestCount').executeTakeFirstOrThrow())
        .interestCount,
    ).toBe(1);
  });
});
