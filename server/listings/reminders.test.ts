import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertService, setKeyContact } from '../referrals/testing.js';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';
import { memoryMailer } from '../mail/mailer.js';
import { claimWeeklyRun, runReminderJob } from './jobs.js';
import { REMINDER_PERIOD_DAYS, sendCheckReminders } from './reminders.js';

const DAY = 86_400_000;
let t: TestApp;
let organiser: SignedIn;

beforeAll(async () => {
  t = await createTestApp();
  organiser = await t.signIn('organiser');
  await setKeyContact(t.db, organiser.organisationId!, organiser.userId);
});
afterAll(() => t.close());

const ago = (days: number, from = new Date()) => new Date(from.getTime() - days * DAY);

async function listed(
  name: string,
  lastVerifiedDaysAgo: number | null,
  extra: { status?: 'active' | 'paused' | 'ended'; organisationId?: string } = {},
) {
  const { serviceId } = await insertService(t.db, {
    organisationId: extra.organisationId ?? organiser.organisationId!,
    name,
    status: extra.status,
  });
  await t.db
    .updateTable('services')
    .set({ lastVerifiedAt: lastVerifiedDaysAgo === null ? null : ago(lastVerifiedDaysAgo) })
    .where('id', '=', serviceId)
    .execute();
  return serviceId;
}

function deps() {
  const mailer = memoryMailer();
  return { mailer, deps: { db: t.db, config: t.config, mailer, logger: () => {} } };
}

describe('listing check reminders', () => {
  it('mails the key contact of each service unchecked for five months, once per period', async () => {
    const due = await listed('Old walking group', 160);
    const never = await listed('Never checked club', null);
    const fresh = await listed('Fresh choir', 30);
    const ended = await listed('Ended lunch club', 400, { status: 'ended' });
    // An organisation with no key contact and no address: nobody to write to.
    const orphanOrg = await t.db
      .insertInto('organisations')
      .values({ name: 'No contact org' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const orphan = await listed('Orphan group', 300, { organisationId: orphanOrg.id });

    const { mailer, deps: d } = deps();
    const run = await sendCheckReminders(d);
    const names = mailer.sent.map((m) => m.subject);
    expect(names.some((s) => s.includes('Old walking group'))).toBe(true);
    expect(names.some((s) => s.includes('Never checked club'))).toBe(true);
    expect(
      names.some(
        (s) =>
          s.includes('Fresh choir') || s.includes('Ended lunch club') || s.includes('Orphan group'),
      ),
    ).toBe(false);
    expect(run.mailed).toBe(mailer.sent.length);
    const email = (
      await t.db
        .selectFrom('users')
        .select('email')
        .where('id', '=', organiser.userId)
        .executeTakeFirstOrThrow()
    ).email;
    expect(mailer.sent.every((m) => m.to === email && m.kind === 'listing_check')).toBe(true);
    expect(mailer.sent[0]!.text).toMatch(/\/check\/[\w-]{43}/);

    const reminded = await t.db
      .selectFrom('services')
      .select(['id', 'checkRemindedAt'])
      .where('id', 'in', [due, never, fresh, ended, orphan])
      .execute();
    const at = new Map(reminded.map((r) => [r.id, r.checkRemindedAt]));
    expect(at.get(due)).not.toBeNull();
    expect(at.get(never)).not.toBeNull();
    expect(at.get(fresh)).toBeNull();
    expect(at.get(ended)).toBeNull();
    expect(at.get(orphan)).toBeNull();

    // Run again at once, and just before the period ends: nobody is mailed twice.
    const again = deps();
    await sendCheckReminders(again.deps);
    await sendCheckReminders(again.deps, new Date(Date.now() + (REMINDER_PERIOD_DAYS - 1) * DAY));
    expect(
      again.mailer.sent.filter((m) => /Old walking group|Never checked club/.test(m.subject)),
    ).toHaveLength(0);
    // After the period, still unanswered: one more reminder.
    const later = deps();
    await sendCheckReminders(later.deps, new Date(Date.now() + (REMINDER_PERIOD_DAYS + 1) * DAY));
    expect(later.mailer.sent.filter((m) => m.subject.includes('Old walking group'))).toHaveLength(
      1,
    );
  });

  it('falls back to the organisation address when there is no key contact', async () => {
    const org = await t.db
      .insertInto('organisations')
      .values({ name: 'Address only', email: 'hello@address-only.test' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await listed('Address only group', 200, { organisationId: org.id });
    const { mailer, deps: d } = deps();
    await sendCheckReminders(d);
    expect(mailer.sent.find((m) => m.subject.includes('Address only group'))?.to).toBe(
      'hello@address-only.test',
    );
  });

  it('undoes the claim when the message cannot be queued, so the next run tries again', async () => {
    const id = await listed('Queue down group', 200);
    const failing = {
      db: t.db,
      config: t.config,
      logger: () => {},
      mailer: {
        send: async () => {
          throw new Error('queue down');
        },
      },
    };
    const run = await sendCheckReminders(failing);
    expect(run.failed).toBeGreaterThan(0);
    expect(
      (
        await t.db
          .selectFrom('services')
          .select('checkRemindedAt')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).checkRemindedAt,
    ).toBeNull();
  });

  it('the scheduled job runs once a week, whatever the number of processes', async () => {
    const now = new Date('2030-01-07T09:00:00Z');
    expect(await claimWeeklyRun(t.db, now)).toBe(true);
    expect(await claimWeeklyRun(t.db, new Date(now.getTime() + 3600_000))).toBe(false);
    expect(await claimWeeklyRun(t.db, new Date(now.getTime() + 6 * DAY))).toBe(false);
    expect(await claimWeeklyRun(t.db, new Date(now.getTime() + 7 * DAY))).toBe(true);
    const { deps: d } = deps();
    expect(await runReminderJob(d, new Date(now.getTime() + 7 * DAY + 60_000))).toBeNull();
  });
});
