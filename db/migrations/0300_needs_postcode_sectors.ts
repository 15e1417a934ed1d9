import { sql, type Kysely } from 'kysely';
import { loadPostcodeSectors, postcodeSectorRows } from '../../fixtures/postcodes/tower-hamlets-sectors.js';

/**
 * Every database — demo or not — gets the self-made sector table of the demo area, so need
 * flags and gap checks accept a postcode from the first start. Real coverage comes from an
 * admin import of the ONS Postcode Directory (POST /api/v1/postcodes/import).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await loadPostcodeSectors(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const keys = postcodeSectorRows().map((r) => r.key);
  await sql`delete from postcodes where kind in ('sector', 'district') and key in (${sql.join(keys)})`.execute(db);
}
