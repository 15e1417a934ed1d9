import type { Kysely } from 'kysely';
import { runDdl, timestamps, touch } from './ddl.js';

/** Referrals with their status history, proposals (co-design), backings and network events. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runDdl(
    db,
    `
create table referrals (
  id uuid primary key default gen_random_uuid(),
  code text not null unique check (code ~ '^[A-Z0-9]{8}$'),
  service_id uuid not null references services(id) on delete cascade,
  referrer_id uuid not null references users(id) on delete cascade,
  status text not null default 'sent'
    check (status in ('sent','acknowledged','contacted','attended','not_a_fit','no_response','withdrawn')),
  note text check (char_length(note) <= 280),
  acknowledged_at timestamptz,
  version int not null default 1,
  ${timestamps});
${touch('referrals')}
create index referrals_service on referrals(service_id, created_at desc);
create index referrals_referrer on referrals(referrer_id, created_at desc);

create table referral_events (
  id uuid primary key default gen_random_uuid(),
  referral_id uuid not null references referrals(id) on delete cascade,
  status text not null,
  by_user_id uuid references users(id) on delete set null,
  at timestamptz not null default now());
create index referral_events_referral on referral_events(referral_id, at);

create table referral_links (
  id uuid primary key default gen_random_uuid(),
  referral_id uuid not null references referrals(id) on delete cascade,
  token_hash text not null unique,
  expires_at timestamptz not null,
  used_at timestamptz,
  ${timestamps});
${touch('referral_links')}

create table proposals (
  id uuid primary key default gen_random_uuid(),
  title text not null,
  description text not null default '',
  tags jsonb not null,
  lat double precision not null,
  lng double precision not null,
  cell text not null,
  stage text not null default 'idea' check (stage in ('idea','co_designing','pilot','running','closed')),
  gap_check jsonb not null,
  schedule jsonb not null default '[]',
  venue_location_id uuid references locations(id) on delete set null,
  hurdles jsonb not null default '[]',
  interest_count int not null default 0,
  created_by uuid not null references users(id) on delete cascade,
  organisation_id uuid references organisations(id) on delete set null,
  service_id uuid references services(id) on delete set null,
  version int not null default 1,
  ${timestamps});
${touch('proposals')}
create index proposals_stage on proposals(stage, created_at desc);

create table proposal_stage_events (
  id uuid primary key default gen_random_uuid(),
  proposal_id uuid not null references proposals(id) on delete cascade,
  stage text not null,
  by_user_id uuid references users(id) on delete set null,
  at timestamptz not null default now());
create index proposal_stage_events_proposal on proposal_stage_events(proposal_id, at);

create table proposal_members (
  proposal_id uuid not null references proposals(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  commitment text not null check (commitment in ('advise','refer','co_host')),
  hours_per_month int check (hours_per_month between 0 and 200),
  ${timestamps},
  primary key (proposal_id, user_id));
${touch('proposal_members')}

create table proposal_comments (
  id uuid primary key default gen_random_uuid(),
  proposal_id uuid not null references proposals(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  body text not null check (char_length(body) between 1 and 2000),
  ${timestamps});
${touch('proposal_comments')}
create index proposal_comments_proposal on proposal_comments(proposal_id, created_at);

create table proposal_partners (
  id uuid primary key default gen_random_uuid(),
  proposal_id uuid not null references proposals(id) on delete cascade,
  organisation_id uuid not null references organisations(id) on delete cascade,
  suggested_by uuid not null references users(id) on delete cascade,
  note text,
  ${timestamps});
${touch('proposal_partners')}

create table backings (
  id uuid primary key default gen_random_uuid(),
  proposal_id uuid not null references proposals(id) on delete cascade,
  funder_id uuid not null references users(id) on delete cascade,
  amount_pence int not null check (amount_pence > 0),
  period text not null,
  ${timestamps});
${touch('backings')}
create index backings_proposal on backings(proposal_id);

create table events (
  id uuid primary key default gen_random_uuid(),
  title text not null,
  description text not null default '',
  organisation_id uuid references organisations(id) on delete set null,
  created_by uuid not null references users(id) on delete cascade,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  place text not null,
  location_id uuid references locations(id) on delete set null,
  ${timestamps},
  check (ends_at > starts_at));
${touch('events')}
create index events_starts on events(starts_at);
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runDdl(
    db,
    `drop table events;
drop table backings;
drop table proposal_partners;
drop table proposal_comments;
drop table proposal_members;
drop table proposal_stage_events;
drop table proposals;
drop table referral_links;
drop table referral_events;
drop table referrals;`,
  );
}
