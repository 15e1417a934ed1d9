/**
 * The weekly digest as files, for a mailing list: `npm run digest -- --since=YYYY-MM-DD --out=folder`
 * writes digest.html, digest.txt and digest.json (no reader, so no referral updates). With
 * `--mail-to=list@example.org` it also queues the message and delivers it like the server does:
 * through SMTP_URL, else as a file in MAIL_OUTBOX_DIR, else as a file in `<out>/outbox`. If the
 * relay is down the message stays queued and a running server delivers it later.
 * Honours DATABASE_URL / PGLITE_DIR like the server (scripts/with-database.ts).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildDigest } from '../server/digest/digest.js';
import { digestHtml, digestMessage, digestText } from '../server/digest/render.js';
import { parseSince } from '../server/digest/routes.js';
import { createLogger } from '../server/http/logger.js';
import { setUpMail } from '../server/mail/setup.js';
import { runWithDatabase } from './with-database.js';

runWithDatabase(async (db, config) => {
  const { values } = parseArgs({
    options: {
      since: { type: 'string' },
      out: { type: 'string', default: 'digest' },
      'mail-to': { type: 'string' },
    },
  });
  // An AppError for a bad --since carries the reason in details (printed by runWithDatabase).
  const since = parseSince(values.since);
  const out = resolve(values.out ?? 'digest');
  const digest = await buildDigest(db, null, since);
  await mkdir(out, { recursive: true });
  await writeFile(
    join(out, 'digest.html'),
    (await digestHtml(digest, config.publicUrl)).toString(),
  );
  await writeFile(join(out, 'digest.txt'), digestText(digest, config.publicUrl));
  await writeFile(join(out, 'digest.json'), `${JSON.stringify(digest, null, 2)}\n`);
  if (values['mail-to']) {
    const mail = setUpMail(
      db,
      config,
      createLogger(config.logLevel),
      config.mailOutboxDir ?? join(out, 'outbox'),
    );
    await mail.mailer.send(await digestMessage(digest, config.publicUrl, values['mail-to']));
    await mail.worker?.drain(30_000);
  }
  console.log(`digest since ${digest.since.slice(0, 10)} written to ${out}`);
  return 0;
});
