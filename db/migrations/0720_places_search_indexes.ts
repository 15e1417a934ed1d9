import type { Kysely } from 'kysely';
import { runDdl } from './ddl.js';

/**
 * Place search (GET /api/v1/places) looks postcodes up by prefix ("E2 6" → the sector and its
 * units). With a default collation a btree index cannot answer `like 'E2 6%'`; text_pattern_ops
 * can, so an imported ONS directory (2.6 million units) is still searched by index.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runDdl(db, 'create index postcodes_key_prefix on postcodes (key text_pattern_ops);');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runDdl(db, 'drop index postcodes_key_prefix;');
}
