import type { Kysely } from 'kysely';
import { runDdl } from './ddl.js';

/**
 * The language a person reads Gapmap in (en, bn, so, ar; i18n/define.ts), so mail to them is
 * written in it. Null until they sign in or accept an invitation: mail then falls back to English.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runDdl(db, 'alter table users add column language text;');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runDdl(db, 'alter table users drop column language;');
}
