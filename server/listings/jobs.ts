/**
 * The weekly listing check job. Every server process checks hourly whether a week has passed
 * since the last run; the run is claimed in the database (settings row `listings.reminders`), so
 * with several processes exactly one mails. `npm run reminders` runs it on demand.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Config } from '../config.js';
import type { Logger } from '../http/logger.js';
import type { Mailer } from '../mail/mailer.js';
import { sendCheckReminders, type ReminderRun } from './reminders.js';

export const REMINDER_EVERY_MS = 7 * 86_400_000;
const POLL_MS = 60 * 60_000;
const SETTING = 'listings.reminders';

/** Takes this week's run if nobody has (true), recording when; false when the last run is under a week old. */
export async function claimWeeklyRun(db: Kysely<DB>, now: Date): Promise<boolean> {
  const due = new Date(now.getTime() - REMINDER_EVERY_MS).toISOString();
  const value = JSON.stringify({ ranAt: now.toISOString() });
  const row = await sql<{ key: string }>`
    insert into settings (key, value) values (${SETTING}, ${value}::jsonb)
    on conflict (key) do update set value = excluded.value
    where (settings.value->>'ranAt')::timestamptz <= ${due}::timestamptz
    returning key`.execute(db);
  return row.rows.length > 0;
}

type Deps = { db: Kysely<DB>; config: Config; mailer: Mailer; logger: Logger };

export async function runReminderJob(deps: Deps, now = new Date()): Promise<ReminderRun | null> {
  try {
    if (!(await claimWeeklyRun(deps.db, now))) return null;
    const run = await sendCheckReminders(deps, now);
    if (run.mailed || run.failed)
      deps.logger({
        level: 'info',
        msg: 'listing check reminders queued',
        mailed: run.mailed,
        failed: run.failed,
      });
    return run;
  } catch (error) {
    deps.logger({
      level: 'error',
      msg: 'listing check reminders failed; tried again next week',
      error: error instanceof Error ? error.message : String(error),
    });
    return null;
  }
}

/** Starts the job (now, then hourly checks for a due week); `stop()` before the database closes. */
export function startReminderJob(deps: Deps, pollMs = POLL_MS) {
  let running: Promise<unknown> = runReminderJob(deps);
  const timer = setInterval(() => {
    running = running.then(() => runReminderJob(deps));
  }, pollMs);
  timer.unref();
  return {
    async stop(): Promise<void> {
      clearInterval(timer);
      await running;
    },
  };
}
