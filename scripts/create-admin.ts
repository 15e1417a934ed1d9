/**
 * `npm run create-admin -- --email admin@council.example [--name "Sam Jones"]`
 * Creates the first admin (or resets that account: admin role, enabled, new password, sessions
 * ended) on the configured database (DATABASE_URL / PGLITE_DIR; stop a PGlite server first).
 * The password comes from ADMIN_PASSWORD, or is asked for twice on the terminal (not echoed).
 * Exits 2 with the reason on a bad email, an empty name or a short password.
 * Also migrates the database and loads the need taxonomy if it has none, like the server.
 */
import { parseArgs } from 'node:util';
import { seedEssentials } from '../fixtures/essentials.js';
import { adminInputProblem, createOrResetAdmin } from '../server/users/create-admin.js';
import { runWithDatabase } from './with-database.js';

/** Reads a line from the terminal without echoing it. */
async function askHidden(question: string): Promise<string> {
  const { stdin, stdout } = process;
  stdout.write(question);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise((done, fail) => {
    let typed = '';
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          stdout.write('\n');
          done(typed);
          return;
        }
        if (ch === '\u0003') {
          stdin.setRawMode(false);
          fail(new Error('cancelled'));
          return;
        }
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    stdin.on('data', onData);
  });
}

async function readPassword(): Promise<string | null> {
  const fromEnv = process.env.ADMIN_PASSWORD;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (!process.stdin.isTTY) return null;
  const first = await askHidden('Password for the admin (at least 12 characters): ');
  const again = await askHidden('The same password again: ');
  if (first !== again) throw new Error('the two passwords differ');
  return first;
}

const usage =
  'usage: npm run create-admin -- --email you@example.org [--name "Your Name"]  (password: ADMIN_PASSWORD or the terminal)';
let parsed: { email?: string | undefined; name?: string | undefined };
try {
  parsed = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' } } }).values;
} catch (err) {
  console.error(`create-admin: ${err instanceof Error ? err.message : String(err)}\n${usage}`);
  process.exit(2);
}
if (!parsed.email) {
  console.error(`create-admin: --email is required\n${usage}`);
  process.exit(2);
}
const password = await readPassword().catch((err: unknown) => {
  console.error(`create-admin: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
});
if (password === null) {
  console.error(
    'create-admin: no password: set ADMIN_PASSWORD or run this in a terminal to be asked for one',
  );
  process.exit(2);
}
const input = { email: parsed.email, name: parsed.name, password };
// Refuse bad input before opening (and migrating) the database.
const problem = adminInputProblem(input);
if (problem) {
  console.error(`create-admin: ${problem}`);
  process.exit(2);
}

runWithDatabase(async (db) => {
  await seedEssentials(db);
  const result = await createOrResetAdmin(db, input);
  console.log(
    result.created
      ? `create-admin: admin ${input.email.trim().toLowerCase()} created; sign in with that email and the password`
      : `create-admin: ${input.email.trim().toLowerCase()} is now an enabled admin with the new password; its sessions were ended`,
  );
  return 0;
});
