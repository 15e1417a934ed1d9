/**
 * A small world for the need e2e test: the taxonomy, a Link Worker and an admin who sign in
 * through the real login route, and 19 earlier flags in the hexagon that postcode E2 7DG falls
 * in (its sector centroid from the built-in table), written through the real write path last week
 * and published (as the scheduler would have done by now).
 */
import { latLngToCell } from 'h3-js';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { seedTaxonomy } from '../../fixtures/demo/taxonomy.js';
import { TOWER_HAMLETS_SECTORS } from '../../fixtures/postcodes/tower-hamlets-sectors.js';
import { hashPassword } from '../../server/auth/passwords.js';
import { addWeeks, londonWeek } from '../../server/releases/calendar.js';
import { publishThrough } from '../../server/releases/releases.js';
import { insertNeedFlags } from '../../server/needs/queries.js';

export const NEEDS_LINK_WORKER = { email: 'lw@needs.gapmap', password: 'needs-test-password-2026' };
export const NEEDS_ADMIN = { email: 'admin@needs.gapmap', password: 'needs-test-password-2026' };
export const FLAG_POSTCODE = 'E2 7DG';
export const EARLIER_FLAGS = 19;

const [, lat, lng] = TOWER_HAMLETS_SECTORS.find(([sector]) => sector === 'E2 7')!;
/** The res-8 hexagon the flag page's postcode lands in. */
export const FLAG_CELL = latLngToCell(lat, lng, 8);

export async function prepareNeedsWorld(db: Kysely<DB>): Promise<void> {
  await seedTaxonomy(db);
  const passwordHash = await hashPassword(NEEDS_LINK_WORKER.password);
  const [other] = await db
    .insertInto('users')
    .values([
      {
        email: 'earlier@needs.gapmap',
        name: 'Earlier Link Worker',
        role: 'link_worker',
        passwordHash: null,
      },
      {
        email: NEEDS_LINK_WORKER.email,
        name: 'Phone Link Worker',
        role: 'link_worker',
        passwordHash,
      },
      { email: NEEDS_ADMIN.email, name: 'Needs Admin', role: 'admin', passwordHash },
    ])
    .returning('id')
    .execute();
  const week = addWeeks(londonWeek(new Date()), -1);
  await db.transaction().execute((trx) =>
    insertNeedFlags(
      trx,
      other!.id,
      Array.from({ length: EARLIER_FLAGS }, () => ({
        tags: ['befriending'],
        cell: FLAG_CELL,
        week,
        barriers: ['cost'],
        ageBand: null,
        language: null,
        note: null,
      })),
    ),
  );
  await publishThrough(db, { through: week });
}
