/**
 * Write clocks for a database that tells this process of every committed write (embedded PGlite:
 * one process holds it, so every write passes through here; migration 0850 notifies). A clock
 * moves after each committed transaction that wrote what it watches, before that writer's own
 * statement resolves; a read kept at one clock value is as fresh as a read now until the clock
 * moves. So the data version, the latest published week and live sessions cost no statement per
 * request there (coalesce.ts, data-cache.ts).
 *
 * On PostgreSQL nothing is followed (several processes write, and a notice would arrive after the
 * next request could), so `writeClock` is undefined and every such read asks the database.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/** What a clock watches: the tables behind `data_version`, or sessions and their users. */
export type WriteChannel = 'data' | 'sessions';

const CHANNELS: Record<WriteChannel, string> = {
  data: 'gapmap_data_version',
  sessions: 'gapmap_sessions',
};

// Clocks start far below any sequence value, so a clock value never equals a data version read
// from the database before the process began to follow (data-cache.ts compares the two kinds).
const START = -(2 ** 52);

const followed = new WeakMap<Kysely<DB>, Record<WriteChannel, number>>();

/**
 * Follows the database's write notices from now on (before the app serves anything).
 * `listen` is the database's own (`Database.listen`, PGlite only).
 */
export async function followWrites(
  db: Kysely<DB>,
  listen: (channel: string, onNotice: () => void) => Promise<void>,
): Promise<void> {
  const clocks: Record<WriteChannel, number> = { data: START, sessions: START };
  for (const channel of Object.keys(CHANNELS) as WriteChannel[])
    await listen(CHANNELS[channel], () => (clocks[channel] += 1));
  followed.set(db, clocks);
}

/**
 * The channel's clock, or undefined when the database is not followed or `db` is a transaction
 * (which must read its own state, writes of its own included).
 */
export function writeClock(db: Kysely<DB>, channel: WriteChannel): number | undefined {
  return db.isTransaction ? undefined : followed.get(db)?.[channel];
}
