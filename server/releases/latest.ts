import type { Db } from '../../db/schema.js';
import { coalescedRead } from '../perf/coalesce.js';

/**
 * The Monday of the newest published week, or null before the first publication. Every published
 * view asks, so requests arriving together share one read (never one that started before them);
 * inside a transaction (publication, with its table lock) the read is the transaction's own. On
 * PGlite kept in memory until a release (it moves the data version) commits.
 */
export const latestPublishedWeek = coalescedRead(
  async (db: Db): Promise<string | null> => {
    const row = await db
      .selectFrom('needReleases')
      .select((eb) => eb.fn.max('week').as('week'))
      .executeTakeFirst();
    return (row?.week as string | null | undefined) ?? null;
  },
  { keptUntil: 'data' },
);
