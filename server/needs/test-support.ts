/** Shared by the need and map tests: a taxonomy, a clean slate, and flags that land in known cells. */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { seedTaxonomy } from '../../fixtures/demo/taxonomy.js';

export { seedTaxonomy };

/** Points in the demo area, a few hundred metres apart (distinct res-8 cells, some res-7 parents shared). */
export const POINTS = [
  { lat: 51.527, lng: -0.068 },
  { lat: 51.5275, lng: -0.0675 },
  { lat: 51.528, lng: -0.056 },
  { lat: 51.517, lng: -0.062 },
  { lat: 51.503, lng: -0.02 },
  { lat: 51.531, lng: -0.025 },
] as const;

export const DEMO_BBOX = '-0.1,51.48,0.02,51.56';

export async function clearNeeds(db: Kysely<DB>): Promise<void> {
  await db.deleteFrom('needFlags').execute();
  await db.deleteFrom('needCounts').execute();
  await db.deleteFrom('needCellCounts').execute();
  await db.deleteFrom('needBarrierCounts').execute();
  await db.deleteFrom('linkWorkerActivity').execute();
}
