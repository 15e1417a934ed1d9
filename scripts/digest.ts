/**
 * The weekly digest as files, for a mailing list: `npm run digest -- --since=YYYY-MM-DD --out=folder`
 * writes digest.html, digest.txt and digest.json (no reader, so no referral updates). With
 * `--mail-to=list@example.org` it also hands the message to the mail adapter, which here is the
 * outbox folder `<out>/outbox` (a relay picks it up; Gapmap never sends mail itself).
 * Honours DATABASE_URL / PGLITE_DIR like the server (stop a PGlite server first: one process per folder).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { connect } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';
import { loadConfig } from '../server/config.js';
import { buildDigest } from '../server/digest/digest.js';
import { digestHtml, digestMessage, digestText } from '../server/digest/render.js';
import { parseSince } from '../server/digest/routes.js';
import { outboxMailer } from '../server/mail/mailer.js';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { since: { type: 'string' }, out: { type: 'string', default: 'digest' }, 'mail-to': { type: 'string' } } });
  const config = loadConfig();
  const since = parseSince(values.since);
  const out = resolve(values.out ?? 'digest');
  const database = await connect({ databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir });
  try {
    await migrateToLatest(database.db);
    const digest = await buildDigest(database.db, null, since);
    await mkdir(out, { recursive: true });
    await writeFile(join(out, 'digest.html'), (await digestHtml(digest, config.publicUrl)).toString());
    await writeFile(join(out, 'digest.txt'), digestText(digest, config.publicUrl));
    await writeFile(join(out, 'digest.json'), `${JSON.stringify(digest, null, 2)}\n`);
    if (values['mail-to']) await outboxMailer(join(out, 'outbox')).send(await digestMessage(digest, config.publicUrl, values['mail-to']));
    console.log(`digest since ${digest.since.slice(0, 10)} written to ${out}`);
    return 0;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    // AppErrors (a bad --since) carry the reason in details.
    const details = (err as { details?: unknown }).details;
    console.error(err instanceof Error ? err.message : String(err), details ? JSON.stringify(details) : "");
    process.exit(1);
  },
);
