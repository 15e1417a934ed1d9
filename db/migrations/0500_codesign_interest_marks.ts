import type { Kysely } from 'kysely';
import { runDdl } from './ddl.js';

/**
 * One interest per Link Worker per proposal per day, without storing who: a mark is an HMAC of
 * (user, proposal, day) under the deployment secret, kept only for that day (older marks are
 * deleted whenever a new one is written), so the table never holds a history of who was interested.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runDdl(
    db,
    `
create table proposal_interest_marks (
  proposal_id uuid not null references proposals(id) on delete cascade,
  marker text not null,
  day date not null,
  primary key (proposal_id, marker));
create index proposal_interest_marks_day on proposal_interest_marks(day);
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runDdl(db, 'drop table proposal_interest_marks;');
}
