/**
 * The weekly listing check, on demand: `npm run reminders` mails the key contact of every
 * service nobody has confirmed for five months a signed "Still right / Needs changes / Has
 * ended" link, skipping services already reminded within the reminder period (so running it
 * twice mails nobody twice). Mail is delivered like the server does: through SMTP_URL, else as
 * files in MAIL_OUTBOX_DIR, else as files in `<out>/outbox` (default `reminders/outbox`).
 * `--dry-run` lists the services that are due and mails nothing.
 * Honours DATABASE_URL / PGLITE_DIR like the server (scripts/with-database.ts).
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger } from '../server/http/logger.js';
import { sendCheckReminders, servicesDueForCheck } from '../server/listings/reminders.js';
import { setUpMail } from '../server/mail/setup.js';
import { runWithDatabase } from './with-database.js';

runWithDatabase(async (db, config) => {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: 'reminders' },
      'dry-run': { type: 'boolean', default: false },
    },
  });
  if (values['dry-run']) {
    const due = await servicesDueForCheck(db, new Date());
    for (const s of due)
      console.log(
        `${s.id}  ${s.name}  (last confirmed ${s.lastVerifiedAt?.toISOString().slice(0, 10) ?? 'never'})`,
      );
    console.log(`${due.length} service(s) due for a check reminder`);
    return 0;
  }
  const logger = createLogger(config.logLevel);
  const mail = setUpMail(
    db,
    config,
    logger,
    config.mailOutboxDir ?? join(resolve(values.out ?? 'reminders'), 'outbox'),
  );
  const run = await sendCheckReminders({ db, config, mailer: mail.mailer, logger });
  await mail.worker?.drain(60_000);
  console.log(`listing check reminders: ${run.mailed} queued, ${run.failed} not queued`);
  return run.failed ? 1 : 0;
});
