import type { Kysely } from 'kysely';
import { runDdl } from './ddl.js';

/** "I'll come" on network events: one row per person and event; the organiser sees how many. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runDdl(
    db,
    `
create table event_attendance (
  event_id uuid not null references events(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (event_id, user_id));
create index event_attendance_user on event_attendance(user_id);
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runDdl(db, 'drop table event_attendance;');
}
