/**
 * The weekly digest as files, for a mailing list: `npm run digest -- --since=YYYY-MM-DD --out=folder`
 * writes digest.html, digest.txt and digest.json (no reader, so no referral updates). With
 * `--mail-to=list@example.org` it also hands the message to the mail adapter, which here is the
 * outbox folder `<out>/outbox` (a relay picks it up; Gapmap never sends mail itself).
 * Honours DATABASE_URL / PGLITE_DIR like the server (scripts/with-database.ts).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildDigest } from '../server/digest/digest.js';
import { digestHtml, digestMessage, digestText } from '../server/digest/render.js';
import { parseSince } from '../server/digest/routes.js';
import { outboxMailer } from '../server/mail/mailer.js';
import { runWithDatabase } from './with-database.js';

runWithDatabase(async (db, config) => {
  const { values } = parseArgs({ options: { since: { type: 'string' }, out: { type: 'string', default: 'digest' }, 'mail-to': { type: 'string' } } });
  // An AppError for a bad --since carries the reason in details (printed by runWithDatabase).
  const since = parseSince(values.since);
  const out = resolve(values.out ?? 'digest');
  const digest = await buildDigest(db, null, since);
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'digest.html'), (await digestHtml(digest, config.publicUrl)).toString());
  await writeFile(join(out, 'digest.txt'), digestText(digest, config.publicUrl));
  await writeFile(join(out, 'digest.json'), `${JSON.stringify(digest, null, 2)}\n`);
  if (values['mail-to']) await outboxMailer(join(out, 'outbox')).send(await digestMessage(digest, config.publicUrl, values['mail-to']));
  console.log(`digest since ${digest.since.slice(0, 10)} written to ${out}`);
  return 0;
});
