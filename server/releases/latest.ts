import type { Db } from '../../db/schema.js';
import { readPublishedState } from '../perf/published-state.js';

/**
 * The Monday of the newest published week, or null before the first publication. Every published
 * view asks, so it is read with the data version in one statement shared by the requests that
 * arrive together (never one that started before them); inside a transaction (publication, with
 * its table lock) the read is the transaction's own. On PGlite kept in memory until a release
 * (it moves the data version) commits.
 */
export const latestPublishedWeek = async (db: Db): Promise<string | null> =>
  (await readPublishedState(db)).latestWeek;
