/**
 * The privacy threshold as a setting (DESIGN.md: "The threshold is a setting").
 *
 * The deployment's SUPPRESSION_THRESHOLD (default 8) is a floor: an admin may raise the threshold
 * in the `settings` table but never lower it below the floor, so going under 8 needs someone with
 * access to the environment, not a click. Every aggregate route already reads its suppression
 * options from `c.var.config`; `privacySettings` puts the effective threshold there once per
 * request, so no aggregate route changes and none can forget it.
 */
import { createMiddleware } from 'hono/factory';
import type { Kysely } from 'kysely';
import type { DB, Db } from '../../db/schema.js';
import type { Config } from '../config.js';
import type { AppEnv } from '../http/env.js';
import { invalid } from '../http/errors.js';

export const THRESHOLD_KEY = 'privacy.suppressionThreshold';
/** The highest threshold an admin may set: beyond it almost every figure would read "<N". */
export const MAX_THRESHOLD = 100;
/** Other processes on the same database pick up a change within this long. */
export const THRESHOLD_CACHE_MS = 5_000;

interface Cached {
  stored: number | null;
  readAt: number;
}
// Per database, so tests with their own databases never see each other's setting.
const cache = new WeakMap<object, Cached>();

async function readStored(db: Db): Promise<number | null> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', THRESHOLD_KEY)
    .executeTakeFirst();
  return typeof row?.value === 'number' && Number.isInteger(row.value) ? row.value : null;
}

export interface ThresholdSetting {
  /** What every count is suppressed with now. */
  threshold: number;
  /** The deployment's floor (SUPPRESSION_THRESHOLD); the setting can only raise it. */
  floor: number;
  max: number;
  /** The admin's stored value, or null when the floor applies. */
  stored: number | null;
}

export async function thresholdSetting(
  db: Kysely<DB>,
  config: Config,
  now = Date.now(),
): Promise<ThresholdSetting> {
  let entry = cache.get(db);
  if (!entry || now - entry.readAt > THRESHOLD_CACHE_MS) {
    entry = { stored: await readStored(db), readAt: now };
    cache.set(db, entry);
  }
  const floor = config.suppressionThreshold;
  // A stored value under a floor raised later by the environment never loosens it.
  return {
    threshold: Math.max(floor, entry.stored ?? floor),
    floor,
    max: MAX_THRESHOLD,
    stored: entry.stored,
  };
}

/** Stores a new threshold (422 below the floor or above the maximum) and refreshes this process's cache. */
export async function setThreshold(trx: Db, config: Config, threshold: number): Promise<void> {
  const floor = config.suppressionThreshold;
  if (threshold < floor) {
    throw invalid({
      threshold: `must be at least ${floor}, the floor this deployment sets (SUPPRESSION_THRESHOLD)`,
    });
  }
  if (threshold > MAX_THRESHOLD) throw invalid({ threshold: `must be at most ${MAX_THRESHOLD}` });
  await trx
    .insertInto('settings')
    .values({ key: THRESHOLD_KEY, value: JSON.stringify(threshold) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(threshold) }))
    .execute();
}

export function forgetCachedThreshold(db: Kysely<DB>): void {
  cache.delete(db);
}

/**
 * Puts the effective threshold into `c.var.config` for the rest of the request. Takes the
 * deployment's own config, so the floor is always the environment's value, never a raised one.
 */
export function privacySettings(deployment: Config) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const { threshold } = await thresholdSetting(c.get('db'), deployment);
    if (threshold !== c.get('config').suppressionThreshold)
      c.set('config', { ...c.get('config'), suppressionThreshold: threshold });
    await next();
  });
}
