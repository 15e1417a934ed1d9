/**
 * A small, exact world for the gap check end to end: an organiser who signs in through the real
 * login route, a free Tuesday-evening men's group in Bethnal Green (about 30 m from the E2 0
 * sector centroid), last week's flags for men's groups and for befriending there (published, as
 * the scheduler would have done by now), and the self-drawn demo neighbourhoods for the area layer.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { seedAreas } from '../../fixtures/demo/areas.js';
import { seedTaxonomy } from '../../fixtures/demo/taxonomy.js';
import { hashPassword } from '../../server/auth/passwords.js';
import { addDemand, addService } from '../../server/gaps/testing.js';
import { addWeeks, londonWeek } from '../../server/releases/calendar.js';
import { publishThrough } from '../../server/releases/releases.js';

export const GAPS_ORGANISER = {
  email: 'organiser@gaps.gapmap',
  password: 'gap-check-password-2026',
};
export const MENS_GROUP = 'Bethnal Green Evening Shed';
/** The E2 0 sector centroid of the self-made postcode table (fixtures/postcodes). */
export const E2_0 = { lat: 51.528, lng: -0.056 };

export async function prepareGapWorld(db: Kysely<DB>): Promise<void> {
  await seedTaxonomy(db);
  await db.transaction().execute((trx) => seedAreas(trx));
  const org = await db
    .insertInto('organisations')
    .values({ name: 'Gap Check Test Group' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('users')
    .values({
      email: GAPS_ORGANISER.email,
      name: 'Gap Check Organiser',
      role: 'organiser',
      organisationId: org.id,
      passwordHash: await hashPassword(GAPS_ORGANISER.password),
    })
    .execute();
  await addService(db, {
    name: MENS_GROUP,
    tags: ['mens-groups'],
    lat: E2_0.lat + 0.0002,
    lng: E2_0.lng,
    cost: 'free',
    sessions: [{ day: 2, start: '18:00', end: '20:30' }],
  });
  const lastWeek = addWeeks(londonWeek(new Date()), -1);
  await addDemand(db, E2_0, 'mens-groups', 14, { timing: 9 }, 17, lastWeek);
  await addDemand(db, E2_0, 'befriending', 22, { cost: 10 }, 17, lastWeek);
  await publishThrough(db, { through: lastWeek });
}
