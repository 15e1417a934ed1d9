import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTaxonomy } from '../../fixtures/demo/taxonomy.js';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';
import { termId } from './ids.js';
import type { ImportResult } from './import.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/oruk');
const read = (f: string) => readFileSync(join(fixtures, f), 'utf8');
const feed30 = JSON.parse(read('services-3.0.json')) as { contents: Record<string, unknown>[] };
const feed1x = JSON.parse(read('services-1.x.json')) as Record<string, unknown>[];
const csv = read('services.csv');

let t: TestApp;
let admin: SignedIn;

type Oruk = Record<string, unknown> & { id: string; name: string };

beforeAll(async () => {
  t = await createTestApp();
  await seedTaxonomy(t.db);
  admin = await t.signIn('admin');
});
afterAll(() => t.close());

async function importFeed(
  body: unknown,
  headers: Record<string, string> = {},
  who: SignedIn = admin,
) {
  const res = await t.call('POST', '/api/v1/import/oruk', body, { ...who.headers, ...headers });
  return {
    status: res.status,
    json: (await res.json()) as ImportResult & { error?: { details?: Record<string, string> } },
  };
}

async function orukByName(name: string): Promise<Oruk> {
  const page = (await (
    await t.call('GET', `/api/v1/oruk/services?search=${encodeURIComponent(name)}`)
  ).json()) as { contents: Oruk[] };
  expect(page.contents).toHaveLength(1);
  return (await (
    await t.call('GET', `/api/v1/oruk/services/${page.contents[0]!.id}`)
  ).json()) as Oruk;
}

const count = async (table: 'services' | 'locations' | 'organisations' | 'schedules') =>
  Number(
    (
      await t.db
        .selectFrom(table)
        .select(({ fn }) => fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('ORUK import', () => {
  it('is for admins', async () => {
    for (const role of ['organiser', 'link_worker', 'funder'] as const)
      expect((await importFeed(feed30, {}, await t.signIn(role))).status).toBe(403);
    expect((await t.call('POST', '/api/v1/import/oruk', feed30)).status).toBe(401);
  });

  it('imports an ORUK 3.0 page; a bad row is rejected with its reasons and the others land', async () => {
    const { status, json } = await importFeed(feed30);
    expect(status).toBe(200);
    expect(json.created).toBe(2);
    expect(json.updated).toBe(0);
    expect(json.rejected).toEqual([
      {
        row: 3,
        errors: {
          'locations.0.lat': expect.stringMatching(/inside the UK/),
          'schedules.0.end': 'must be after start',
        },
      },
    ]);
    expect(
      await t.db
        .selectFrom('services')
        .select('id')
        .where('sourceId', '=', '3b0b8a10-6a7e-4c1e-9d55-0d2f7a1e0003')
        .executeTakeFirst(),
    ).toBeUndefined();
  });

  it('round-trips: the ORUK read API gives back what was imported', async () => {
    const [source] = feed30.contents as Oruk[];
    const shed = await orukByName("Poplar Men's Shed");
    expect(shed).toMatchObject({
      name: source!.name,
      description: source!.description,
      summary: source!.summary,
      status: 'active',
      url: source!.url,
      email: source!.email,
      minimum_age: 18,
      organization: {
        name: 'Poplar Community Trust',
        description: 'Neighbourhood charity in Poplar.',
        email: 'info@poplar-trust.example.org',
        website: 'https://poplar-trust.example.org',
      },
      cost_options: [
        expect.objectContaining({
          option: 'Low cost',
          amount_description: '£1 for tea and biscuits',
        }),
      ],
    });
    expect((shed.languages as { code: string }[]).map((l) => l.code)).toEqual(['en', 'bn']);
    // Our term is a tag; a term from another taxonomy is kept in the extension and published back.
    expect(
      (shed.attributes as { taxonomy_term: { term: string } }[]).map((a) => a.taxonomy_term.term),
    ).toEqual(['mens-groups', 'esd-woodwork']);
    const [sal] = shed.service_at_locations as {
      id: string;
      location: {
        name: string;
        latitude: number;
        longitude: number;
        addresses: { address_1: string; postal_code: string }[];
      };
    }[];
    expect(sal!.location).toMatchObject({
      name: 'Chrisp Street Workshop',
      latitude: 51.5128,
      longitude: -0.0175,
    });
    expect(sal!.location.addresses[0]).toMatchObject({
      address_1: '2 Chrisp Street',
      city: 'London',
      postal_code: 'E14 6BB',
    });
    const schedules = (shed.schedules as Record<string, unknown>[]).map(
      ({ freq, interval, byday, opens_at, closes_at, valid_from, service_at_location_id }) => ({
        freq,
        interval,
        byday,
        opens_at,
        closes_at,
        valid_from,
        at: service_at_location_id === sal!.id,
      }),
    );
    // The feed's rules come back as the feed wrote them ("TU,TH" stays one rule, seconds stay).
    expect(schedules).toEqual([
      {
        freq: 'WEEKLY',
        interval: 1,
        byday: 'TU,TH',
        opens_at: '10:00',
        closes_at: '13:00',
        valid_from: undefined,
        at: true,
      },
      {
        freq: 'WEEKLY',
        interval: 2,
        byday: 'SA',
        opens_at: '11:00:00',
        closes_at: '15:00:00',
        valid_from: '2026-01-03',
        at: true,
      },
    ]);

    const benefits = await orukByName('Benefits drop-in');
    expect(benefits).toMatchObject({
      status: 'temporarily closed',
      cost_options: [expect.objectContaining({ option: 'Free' })],
    });
    expect((benefits.languages as { code: string }[]).map((l) => l.code)).toEqual(['so']);
    // The feed named our term by its name: stored as our tag (our term filter finds it), and its
    // attribute is published back as the feed wrote it.
    expect(benefits.attributes).toEqual([
      expect.objectContaining({
        id: '3b0b8a10-6a7e-4c1e-9d55-0d2f7a1e0602',
        taxonomy_term: expect.objectContaining({ name: 'Benefits advice' }),
      }),
    ]);
    const byTerm = (await (
      await t.call('GET', `/api/v1/oruk/services?taxonomy_term_id=${termId('benefits-advice')}`)
    ).json()) as { contents: { id: string }[] };
    expect(byTerm.contents.map((s) => s.id)).toEqual([benefits.id]);
    expect(benefits.schedules).toEqual([
      expect.objectContaining({
        freq: 'MONTHLY',
        byday: '1MO',
        opens_at: '14:00',
        closes_at: '16:30',
        valid_from: '2026-01-05',
      }),
    ]);
    // Both services share one organisation, matched by its feed id.
    expect((benefits.organization as { id: string }).id).toBe(
      (shed.organization as { id: string }).id,
    );
  });

  it('re-importing the same feed creates nothing new (matched by source ids)', async () => {
    const before = {
      services: await count('services'),
      locations: await count('locations'),
      organisations: await count('organisations'),
      schedules: await count('schedules'),
    };
    const shedBefore = await orukByName("Poplar Men's Shed");
    const { json } = await importFeed(feed30);
    expect(json).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect({
      services: await count('services'),
      locations: await count('locations'),
      organisations: await count('organisations'),
      schedules: await count('schedules'),
    }).toEqual(before);
    const shedAfter = await orukByName("Poplar Men's Shed");
    const stable = (s: Oruk) => ({
      ...s,
      last_modified: null,
      schedules: null,
      organization: null,
    });
    expect(stable(shedAfter)).toEqual(stable(shedBefore));
    expect((shedAfter.service_at_locations as { location_id: string }[])[0]!.location_id).toBe(
      (shedBefore.service_at_locations as { location_id: string }[])[0]!.location_id,
    );
  });

  it('a changed row updates the stored service in place', async () => {
    const changed = structuredClone(feed30.contents[0]!) as Record<string, unknown>;
    changed.name = "Poplar Men's Shed (new times)";
    changed.schedules = [
      { id: 'x', freq: 'WEEKLY', byday: 'FR', opens_at: '09:00', closes_at: '11:00' },
    ];
    const { json } = await importFeed([changed]);
    expect(json).toMatchObject({ created: 0, updated: 1, rejected: [] });
    const s = await orukByName('new times');
    expect(s.schedules).toEqual([expect.objectContaining({ byday: 'FR', opens_at: '09:00' })]);
  });

  it('reads ORUK 1.x (regular_schedules, service_taxonomys, physical_addresses, eligibilitys)', async () => {
    const { json } = await importFeed(feed1x);
    // The row without an organisation is filed under the import's placeholder organisation.
    expect(json).toMatchObject({ created: 2, rejected: [] });
    const lunch = await orukByName('Tuesday lunch club');
    expect(lunch).toMatchObject({
      minimum_age: 60,
      organization: {
        name: 'Isle of Dogs Neighbours',
        website: 'https://iod-neighbours.example.org',
      },
    });
    expect(lunch.schedules).toEqual([
      expect.objectContaining({
        freq: 'WEEKLY',
        byday: 'TU',
        opens_at: '12:00',
        closes_at: '14:00',
      }),
    ]);
    expect(
      (lunch.attributes as { taxonomy_term: { term: string } }[]).map((a) => a.taxonomy_term.term),
    ).toEqual(['lunch-clubs']);
    expect(
      (
        lunch.service_at_locations as {
          location: { latitude: number; addresses: { postal_code: string }[] };
        }[]
      )[0]!.location,
    ).toMatchObject({
      latitude: 51.4951,
      addresses: [expect.objectContaining({ postal_code: 'E14 3BN' })],
    });
    expect(lunch.cost_options).toEqual([
      expect.objectContaining({ option: 'Low cost', amount_description: '£3 a meal' }),
    ]);
  });

  it('reads CSV, one service per row', async () => {
    const res = await t.app.request('/api/v1/import/oruk', {
      method: 'POST',
      headers: { ...admin.headers, 'Content-Type': 'text/csv' },
      body: csv,
    });
    expect(res.status).toBe(200);
    const json = (await res.json()) as ImportResult;
    expect(json.created).toBe(2);
    expect(json.rejected).toEqual([
      { row: 3, errors: { 'locations.0.postcode': 'must be a valid UK postcode' } },
    ]);
    const walk = await orukByName('Mile End walking group');
    expect(
      (walk.attributes as { taxonomy_term: { term: string } }[]).map((a) => a.taxonomy_term.term),
    ).toEqual(['social-groups', 'walking-groups']);
    expect(walk.schedules).toEqual([
      expect.objectContaining({ byday: 'WE', opens_at: '10:30', closes_at: '11:30' }),
    ]);
    const cafe = await orukByName('Conversation café');
    expect(cafe).toMatchObject({
      minimum_age: 16,
      schedules: [expect.objectContaining({ byday: 'MO', interval: 2 })],
    });
  });

  it('refuses bodies that are not feeds', async () => {
    expect((await importFeed({ hello: 'world' })).json.error?.details).toEqual({
      body: expect.stringMatching(/array of services/),
    });
    const res = await t.app.request('/api/v1/import/oruk', {
      method: 'POST',
      headers: { ...admin.headers, 'Content-Type': 'application/json' },
      body: '[{"id": ',
    });
    expect(res.status).toBe(400);
  });
});

describe('a row that fails is that row’s rejection, whatever the failure', () => {
  const row = (id: string, name: string) => ({
    id,
    name,
    summary: 'A weekly group.',
    status: 'active',
    organization: { id: `org-${id}`, name: 'Fault tests' },
  });

  it('refuses a JSON feed with a NUL byte in any row as a whole, before writing anything', async () => {
    const before = await count('services');
    const { status, json } = await importFeed([
      row('nul-1', 'First'),
      row('nul-2', 'Bad\u0000name'),
      row('nul-3', 'Third'),
    ]);
    expect(status).toBe(422);
    expect(json.error?.details).toEqual({ '1.name': 'must not contain control characters' });
    expect(await count('services')).toBe(before);
  });

  it('rejects a CSV row with a control character and still imports the rows after it', async () => {
    const header = 'id,name,summary,status,organization_id,organization_name';
    const body = [
      header,
      'csv-1,First CSV,A group.,active,org-csv,CSV org',
      'csv-2,Bad\u0000CSV,A group.,active,org-csv,CSV org',
      'csv-3,Third CSV,A group.,active,org-csv,CSV org',
    ].join('\n');
    const { status, json } = await importFeed(body, { 'Content-Type': 'text/csv' });
    expect(status).toBe(200);
    expect(json.created).toBe(2);
    expect(json.rejected).toEqual([
      { row: 2, errors: { name: 'must not contain control characters' } },
    ]);
  });

  it('turns an unexpected database error in one row into that row’s rejection; the rows after it are tried', async () => {
    // A real fault from the database (not a stand-in for our code): inserting this one name raises.
    await sql`create function reject_faulty() returns trigger language plpgsql as $$
      begin if new.name = 'Faulty row' then raise exception 'simulated fault'; end if; return new; end $$`.execute(
      t.db,
    );
    await sql`create trigger faulty_row before insert on services for each row execute function reject_faulty()`.execute(
      t.db,
    );
    try {
      const { status, json } = await importFeed([
        row('fault-1', 'Before the fault'),
        row('fault-2', 'Faulty row'),
        row('fault-3', 'After the fault'),
      ]);
      expect(status).toBe(200);
      expect(json.created).toBe(2);
      expect(json.rejected).toEqual([{ row: 2, errors: { _: expect.any(String) } }]);
      const names = (
        await t.db
          .selectFrom('services')
          .select('name')
          .where('sourceId', 'in', ['fault-1', 'fault-2', 'fault-3'])
          .execute()
      )
        .map((r) => r.name)
        .sort();
      expect(names).toEqual(['After the fault', 'Before the fault']);
      const fault = t.logs.find((l) => l.msg === 'import row failed');
      expect(fault).toMatchObject({ row: 2 });
      expect(JSON.stringify(t.logs)).not.toContain('Faulty row');
    } finally {
      await sql`drop trigger faulty_row on services`.execute(t.db);
    }
  });
});
