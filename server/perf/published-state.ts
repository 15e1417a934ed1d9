/**
 * What every published view checks before it serves: the data version (data-cache.ts: has
 * anything a cached answer depends on changed?) and the newest published week (which weeks a
 * view may show). A release moves both, so they are read together: one tiny statement, shared
 * by the requests that arrive together (coalescedRead: never a read that started before the
 * caller), instead of two. On PGlite, whose writes this process follows, kept until a write to
 * the data's tables commits (write-notices.ts), so it costs no statement per request there.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { coalescedRead } from './coalesce.js';

export interface PublishedState {
  /** `data_version`'s last value (0 before its first). */
  version: number;
  /** The Monday of the newest published week, or null before the first publication. */
  latestWeek: string | null;
}

async function readNow(db: Kysely<DB>): Promise<PublishedState> {
  // A new sequence reads last_value 1 both before and after its first nextval; is_called tells them apart.
  const { rows } = await sql<{ version: number; latestWeek: string | null }>`
    select case when is_called then last_value else 0 end as version,
      (select max(week) from need_releases) as latest_week
    from data_version`.execute(db);
  const row = rows[0];
  return { version: Number(row?.version ?? 0), latestWeek: row?.latestWeek ?? null };
}

/** The state now (inside a transaction: the transaction's own read, its writes included). */
export const readPublishedState = coalescedRead(readNow, { keptUntil: 'data' });
