import type { Kysely } from 'kysely';
import { runDdl, timestamps, touch } from './ddl.js';

/** The directory core: taxonomy, users, organisations, services, locations, schedules. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runDdl(
    db,
    `
create or replace function gapmap_touch_updated_at() returns trigger language plpgsql as $$
begin new.updated_at := now(); return new; end $$;

create table taxonomy (
  slug text primary key check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  name text not null,
  parent_slug text references taxonomy(slug) on delete restrict,
  position int not null default 0,
  ${timestamps});
${touch('taxonomy')}
create index taxonomy_parent on taxonomy(parent_slug);

create table organisations (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  description text not null default '',
  website text, email text, phone text,
  key_contact_user_id uuid,
  charity_number text,
  status text not null default 'active' check (status in ('active','inactive')),
  source_id text unique,
  version int not null default 1,
  ${timestamps});
${touch('organisations')}

create table users (
  id uuid primary key default gen_random_uuid(),
  email text not null unique check (email = lower(email)),
  name text not null,
  role text not null check (role in ('link_worker','organiser','funder','admin')),
  organisation_id uuid references organisations(id) on delete set null,
  password_hash text,
  disabled_at timestamptz,
  password_changed_at timestamptz,
  ${timestamps});
${touch('users')}
create index users_organisation on users(organisation_id);

alter table organisations add constraint organisations_key_contact_fk
  foreign key (key_contact_user_id) references users(id) on delete set null;

create table services (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references organisations(id) on delete cascade,
  name text not null,
  summary text not null check (char_length(summary) <= 280),
  description text not null default '',
  status text not null default 'active' check (status in ('active','paused','ended')),
  cost_kind text not null default 'free' check (cost_kind in ('free','low_cost','paid')),
  cost_text text,
  age_min int, age_max int,
  gender text,
  asylum_seekers_welcome boolean not null default false,
  no_id_needed boolean not null default false,
  nrpf_ok boolean not null default false,
  format text not null default 'drop_in' check (format in ('drop_in','booking','course')),
  course_weeks int,
  no_experience_needed boolean not null default false,
  bring_friend boolean not null default false,
  languages jsonb not null default '["en"]',
  accessibility jsonb not null default '[]',
  referral_route text not null default 'self' check (referral_route in ('self','link_worker','gp','other')),
  referral_url text, referral_email text,
  capacity int check (capacity is null or capacity >= 0),
  accepting text not null default 'open' check (accepting in ('open','waitlist','full')),
  last_verified_at timestamptz,
  source_id text unique,
  version int not null default 1,
  ${timestamps});
${touch('services')}
create index services_organisation on services(organisation_id);
create index services_status on services(status);

create table service_tags (
  service_id uuid not null references services(id) on delete cascade,
  tag_slug text not null references taxonomy(slug) on update cascade,
  primary key (service_id, tag_slug));
create index service_tags_tag on service_tags(tag_slug, service_id);

create table locations (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid references organisations(id) on delete cascade,
  name text not null,
  address text, postcode text, district text,
  lat double precision not null, lng double precision not null,
  cell text not null,
  bookable boolean not null default false,
  booking_info text,
  accessibility jsonb not null default '[]',
  confidential boolean not null default false,
  source_id text unique,
  ${timestamps});
${touch('locations')}
create index locations_cell on locations(cell);
create index locations_lng_lat on locations(lng, lat);

create table service_locations (
  id uuid primary key default gen_random_uuid(),
  service_id uuid not null references services(id) on delete cascade,
  location_id uuid not null references locations(id) on delete cascade,
  unique (service_id, location_id));
create index service_locations_location on service_locations(location_id);

create table schedules (
  id uuid primary key default gen_random_uuid(),
  service_id uuid not null references services(id) on delete cascade,
  location_id uuid references locations(id) on delete set null,
  day int not null check (day between 1 and 7),
  start_time text not null check (start_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  end_time text not null check (end_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  frequency text not null default 'weekly' check (frequency in ('weekly','fortnightly','monthly')),
  valid_from date, valid_to date,
  ${timestamps},
  check (end_time > start_time));
${touch('schedules')}
create index schedules_service on schedules(service_id);
create index schedules_day on schedules(day, service_id);
`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runDdl(
    db,
    `
drop table schedules;
drop table service_locations;
drop table locations;
drop table service_tags;
drop table services;
alter table organisations drop constraint organisations_key_contact_fk;
drop table users;
drop table organisations;
drop table taxonomy;
drop function gapmap_touch_updated_at();
`,
  );
}
