import type { Db } from '../../db/schema.js';

/** The Monday of the newest published week, or null before the first publication. */
export async function latestPublishedWeek(db: Db): Promise<string | null> {
  const row = await db
    .selectFrom('needReleases')
    .select((eb) => eb.fn.max('week').as('week'))
    .executeTakeFirst();
  return (row?.week as string | null | undefined) ?? null;
}
