/**
 * A small, exact directory for map tests: three services a few metres apart in Bethnal Green
 * (they cluster at the opening zoom), three spread across Tower Hamlets (one paused), plus a
 * confidential refuge and an ended service that must never reach the map or its list.
 */
import { latLngToCell } from 'h3-js';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { seedTaxonomy } from '../../fixtures/demo/taxonomy.js';
import { hashPassword } from '../../server/auth/passwords.js';

/** A Link Worker who signs in through the real login route (the directory is private by default). */
export const WORLD_LINK_WORKER = { email: 'lw@world.gapmap', password: 'map-test-password-2026' };

interface WorldService {
  name: string;
  summary: string;
  tags: string[];
  at: [lat: number, lng: number];
  place: string;
  status?: 'active' | 'paused' | 'ended';
  confidential?: boolean;
}

export const PROVISION_WORLD: WorldService[] = [
  {
    name: "Bethnal Green Men's Shed",
    summary: 'Woodwork, tea and conversation for men of any age. No experience needed.',
    tags: ['mens-groups'],
    at: [51.5271, -0.0551],
    place: 'Oxford House',
  },
  {
    name: 'Coffee Morning at St John’s',
    summary: 'A friendly weekly coffee morning; bring a friend.',
    tags: ['social-groups'],
    at: [51.52725, -0.05475],
    place: 'St John’s Church Hall',
  },
  {
    name: 'Benefits Advice Drop-in',
    summary: 'Help with Universal Credit, PIP and appeals, no appointment needed.',
    tags: ['benefits-advice'],
    at: [51.52695, -0.05525],
    place: 'Bethnal Green Library',
  },
  {
    name: 'Mile End Walking Group',
    summary: 'Gentle hour-long walks around Mile End Park, every pace welcome.',
    tags: ['walking-groups'],
    at: [51.5215, -0.033],
    place: 'Mile End Park Pavilion',
  },
  {
    name: 'Poplar Community Kitchen',
    summary: 'Cook and eat together; free hot meal on Thursdays.',
    tags: ['community-meals', 'cooking-skills'],
    at: [51.5085, -0.017],
    place: 'Poplar Union',
  },
  {
    name: 'Stepney Art Club',
    summary: 'Painting and drawing for adults; paused over the winter.',
    tags: ['visual-arts'],
    at: [51.516, -0.047],
    place: 'Stepney Community Centre',
    status: 'paused',
  },
  {
    name: 'Safe Haven Support',
    summary: 'Support for women leaving abusive homes.',
    tags: ['domestic-abuse'],
    at: [51.52, -0.04],
    place: 'Refuge',
    confidential: true,
  },
  {
    name: 'Closed Lunch Club',
    summary: 'Ended last year.',
    tags: ['lunch-clubs'],
    at: [51.523, -0.06],
    place: 'Old Hall',
    status: 'ended',
  },
];

/** What the map and its list must show: neither the confidential place nor the ended service. */
export const MAPPED_SERVICES = PROVISION_WORLD.filter(
  (s) => !s.confidential && s.status !== 'ended',
);

export async function prepareProvisionWorld(db: Kysely<DB>): Promise<void> {
  const passwordHash = await hashPassword(WORLD_LINK_WORKER.password);
  await db.transaction().execute(async (trx) => {
    await seedTaxonomy(trx);
    await trx
      .insertInto('users')
      .values({
        email: WORLD_LINK_WORKER.email,
        name: 'Map Test Link Worker',
        role: 'link_worker',
        organisationId: null,
        passwordHash,
      })
      .execute();
    const org = await trx
      .insertInto('organisations')
      .values({ name: 'Tower Hamlets Community Network' })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const s of PROVISION_WORLD) {
      const service = await trx
        .insertInto('services')
        .values({
          organisationId: org.id,
          name: s.name,
          summary: s.summary,
          status: s.status ?? 'active',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const [lat, lng] = s.at;
      const location = await trx
        .insertInto('locations')
        .values({
          organisationId: org.id,
          name: s.place,
          lat,
          lng,
          cell: latLngToCell(lat, lng, 8),
          district: 'Tower Hamlets',
          confidential: s.confidential ?? false,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('serviceLocations')
        .values({ serviceId: service.id, locationId: location.id })
        .execute();
      await trx
        .insertInto('serviceTags')
        .values(s.tags.map((tagSlug) => ({ serviceId: service.id, tagSlug })))
        .execute();
    }
  });
}
