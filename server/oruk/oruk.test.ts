import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTaxonomy } from '../../fixtures/demo/taxonomy.js';
import { serviceBody } from '../services/testing.js';
import type { ServiceView } from '../services/services.js';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';
import { upsertUnitPostcodes } from '../postcodes/queries.js';
import { TAXONOMY_ID, termId } from './ids.js';

const here = dirname(fileURLToPath(import.meta.url));
const schemaDir = join(here, '../../../shared/data/oruk3');
// The ORUK schemas are the shared spec's copy, not the project's: without ../shared (a clone
// of this repository on its own) the schema checks cannot run, so only they are skipped.
const haveSchemas = existsSync(join(schemaDir, 'service.json'));

type Validator = ((data: unknown) => boolean) & { errors?: unknown };
let validate: Record<'service' | 'serviceList' | 'taxonomy' | 'term' | 'location', Validator>;
const load = (f: string) =>
  JSON.parse(readFileSync(join(schemaDir, f), 'utf8')) as Record<string, unknown>;

let t: TestApp;
let organiser: SignedIn;
let shed: ServiceView;
let refuge: ServiceView;
let kids: ServiceView;
/** A moment after shed and refuge were written and before kids was. */
let between: string;

type Page = {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: Record<string, unknown>[];
};

beforeAll(async () => {
  if (haveSchemas) {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    ajv.addSchema(load('taxonomy_term.json'), 'taxonomy_term.json');
    ajv.addSchema(load('service.json'), 'service.json');
    validate = {
      service: ajv.getSchema('service.json') as Validator,
      serviceList: ajv.compile(load('service_list.json')),
      taxonomy: ajv.compile(load('taxonomy.json')),
      term: ajv.getSchema('taxonomy_term.json') as Validator,
      location: ajv.getSchema(
        'service.json#/properties/service_at_locations/items/properties/location',
      ) as Validator,
    };
  }
  t = await createTestApp();
  await seedTaxonomy(t.db);
  await upsertUnitPostcodes(t.db, [
    { key: 'E2 9PL', lat: 51.5316, lng: -0.0517 },
    { key: 'CR0 1NX', lat: 51.3762, lng: -0.0982 },
  ]);
  await t.signIn('admin');
  organiser = await t.signIn('organiser');
  const other = await t.signIn('organiser');
  await t.db
    .updateTable('organisations')
    .set({ charityNumber: '1100001', email: 'hi@shed.example', website: 'https://shed.example' })
    .where('id', '=', organiser.organisationId!)
    .execute();
  const make = async (body: Record<string, unknown>, who = organiser) => {
    const res = await t.call('POST', '/api/v1/services', serviceBody(body), who);
    expect(res.status).toBe(201);
    return (await res.json()) as ServiceView;
  };
  shed = await make({
    referralRoute: 'other',
    referralUrl: 'https://shed.example/refer',
    ageMax: 99,
    cost: { kind: 'low_cost', text: '£1' },
    translations: [
      { language: 'bn', summary: 'কাঠের কাজ, চা ও আড্ডা।', howToJoin: 'সরাসরি চলে আসুন।' },
      { language: 'so', summary: 'Qoryo iyo shaah.' },
    ],
    schedules: [
      { day: 2, start: '10:00', end: '12:00', locationIndex: 0 },
      {
        day: 6,
        start: '11:00',
        end: '12:00',
        frequency: 'monthly',
        locationIndex: 0,
        validFrom: '2026-07-01',
      },
    ],
  });
  refuge = await make({
    name: 'Safe space',
    status: 'paused',
    locations: [
      {
        name: 'Secret house',
        address: '1 Secret Street',
        lat: 51.52,
        lng: -0.07,
        confidential: true,
        district: 'Tower Hamlets',
      },
    ],
    schedules: [],
  });
  await new Promise((r) => setTimeout(r, 20));
  between = new Date().toISOString();
  await new Promise((r) => setTimeout(r, 20));
  kids = await make(
    {
      name: 'Kids craft club',
      tags: ['social-groups'],
      ageMin: 5,
      ageMax: 11,
      locations: [
        {
          name: 'Croydon hall',
          address: '1 Katharine Street',
          postcode: 'CR0 1NX',
          lat: 51.3722,
          lng: -0.0999,
        },
      ],
      schedules: [{ day: 3, start: '16:00', end: '17:30', locationIndex: 0 }],
    },
    other,
  );
});
afterAll(() => t.close());

const get = async (path: string) => {
  const res = await t.call('GET', `/api/v1/oruk${path}`);
  expect(res.status, path).toBe(200);
  return res.json() as Promise<Page & Record<string, unknown>>;
};
const ids = async (path: string) => (await get(path)).contents.map((s) => s.id);
const status = async (path: string) => (await t.call('GET', `/api/v1/oruk${path}`)).status;

function expectValid(v: Validator, data: unknown, where: string) {
  const ok = v(data);
  expect(v.errors ?? null, `${where}: ${JSON.stringify(v.errors)}`).toBeNull();
  expect(ok).toBe(true);
}

describe('ORUK read API (public)', () => {
  it('describes itself', async () => {
    // Both spellings of the base: `/api/v1/oruk` and `/api/v1/oruk/`.
    expect(await (await t.call('GET', '/api/v1/oruk')).json()).toEqual(await get('/'));
    expect(await get('/')).toMatchObject({
      version: '3.0',
      profile: expect.any(String),
      openapi_url: expect.stringMatching(/\/api\/v1\/oruk\/openapi\.json$/),
    });
  });

  it('pages services', async () => {
    const page = await get('/services?per_page=1&page=2');
    expect(page).toMatchObject({
      total_items: 3,
      total_pages: 3,
      page_number: 2,
      size: 1,
      first_page: false,
      last_page: false,
      empty: false,
    });
    expect((await get('/services?page=4&per_page=1')).empty).toBe(true);
  });

  it('filters by search, taxonomy term (parents include children) and day', async () => {
    expect((await get('/services?search=safe')).contents.map((s) => s.id)).toEqual([refuge.id]);
    expect(
      (await get(`/services?taxonomy_term_id=${termId('loneliness-isolation')}`)).contents.map(
        (s) => s.id,
      ),
    ).toEqual([kids.id, shed.id, refuge.id]);
    expect((await get(`/services?taxonomy_term_id=${termId('housing')}`)).total_items).toBe(0);
    expect((await get('/services?day=TU')).contents.map((s) => s.id)).toEqual([shed.id]);
    expect((await get('/services?day=saturday')).contents.map((s) => s.id)).toEqual([shed.id]);
    expect((await t.call('GET', '/api/v1/oruk/services?day=someday')).status).toBe(422);
  });

  it('serves the fully nested service', async () => {
    const s = await get(`/services/${shed.id}`);
    expect(s).toMatchObject({
      id: shed.id,
      status: 'active',
      url: 'https://shed.example/refer',
      minimum_age: 50,
      maximum_age: 99,
      organization: {
        id: organiser.organisationId,
        email: 'hi@shed.example',
        organization_identifiers: [expect.objectContaining({ identifier: '1100001' })],
      },
      cost_options: [expect.objectContaining({ option: 'Low cost', amount_description: '£1' })],
      // The organiser's Bengali text travels in the language's note; Somali is not spoken there, so it does not.
      languages: [
        expect.objectContaining({ code: 'en' }),
        expect.objectContaining({ code: 'bn', note: 'কাঠের কাজ, চা ও আড্ডা।\nসরাসরি চলে আসুন।' }),
      ],
      attributes: [
        expect.objectContaining({
          taxonomy_term_id: termId('mens-groups'),
          taxonomy_term: expect.objectContaining({
            term: 'mens-groups',
            parent_id: termId('loneliness-isolation'),
          }),
        }),
      ],
      contacts: [expect.objectContaining({ title: 'Enquiries' })],
    });
    const [sal] = s.service_at_locations as {
      id: string;
      location: { latitude: number; addresses: { postal_code: string }[] };
    }[];
    expect(sal!.location.latitude).toBe(51.5316);
    expect(sal!.location.addresses[0]!.postal_code).toBe('E2 9PL');
    expect(s.schedules).toEqual([
      expect.objectContaining({
        freq: 'WEEKLY',
        interval: 1,
        byday: 'TU',
        opens_at: '10:00',
        closes_at: '12:00',
        service_at_location_id: sal!.id,
      }),
      // 1 July 2026 → the first Saturday of the month.
      expect.objectContaining({ freq: 'MONTHLY', byday: '1SA', valid_from: '2026-07-01' }),
    ]);
  });

  it('maps status and never shows a confidential address or point', async () => {
    const s = await get(`/services/${refuge.id}`);
    expect(s.status).toBe('temporarily closed');
    const text = JSON.stringify(s);
    expect(text).not.toContain('Secret');
    expect(text).not.toContain('51.52');
    expect(
      (s.service_at_locations as { location: Record<string, unknown> }[])[0]!.location,
    ).toMatchObject({ name: 'Confidential location (Tower Hamlets)', addresses: [] });
  });

  it('lists taxonomies and terms', async () => {
    const tax = await get('/taxonomies');
    expect(tax.total_items).toBe(1);
    const terms = await get('/taxonomy_terms?per_page=500');
    expect(terms.total_items).toBeGreaterThan(40);
    expect(terms.contents.find((x) => x.term === 'mens-groups')).toMatchObject({
      id: termId('mens-groups'),
      parent_id: termId('loneliness-isolation'),
    });
  });

  it('404 for an unknown service', async () => {
    expect(
      (await t.call('GET', '/api/v1/oruk/services/00000000-0000-4000-8000-000000000000')).status,
    ).toBe(404);
  });
});

describe('ORUK filters: each one narrows, a bad value is a 422', () => {
  it('taxonomy_id and organization_id', async () => {
    expect(await ids(`/services?taxonomy_id=${TAXONOMY_ID}`)).toEqual([
      kids.id,
      shed.id,
      refuge.id,
    ]);
    expect(
      (await get('/services?taxonomy_id=00000000-0000-4000-8000-000000000000')).total_items,
    ).toBe(0);
    expect(await ids(`/services?organization_id=${organiser.organisationId}`)).toEqual([
      shed.id,
      refuge.id,
    ]);
    expect(await ids(`/services?organization_id=${kids.organisationId}`)).toEqual([kids.id]);
    expect(await status('/services?organization_id=nope')).toBe(422);
  });

  it('modified_after (date-time or date)', async () => {
    expect(await ids(`/services?modified_after=${encodeURIComponent(between)}`)).toEqual([kids.id]);
    expect((await get('/services?modified_after=2099-01-01T00:00:00Z')).total_items).toBe(0);
    expect((await get('/services?modified_after=2000-01-01')).total_items).toBe(3);
    expect(await status('/services?modified_after=yesterday')).toBe(422);
  });

  it('minimum_age and maximum_age: the person’s range meets the service’s', async () => {
    expect(await ids('/services?minimum_age=60')).toEqual([shed.id, refuge.id]);
    expect(await ids('/services?maximum_age=10')).toEqual([kids.id]);
    expect(await ids('/services?minimum_age=100')).toEqual([refuge.id]);
    expect(await status('/services?minimum_age=-1')).toBe(422);
    expect(await status('/services?minimum_age=20&maximum_age=10')).toBe(422);
  });

  it('day, start_time and end_time (with or without a day)', async () => {
    expect(await ids('/services?day=WE')).toEqual([kids.id]);
    expect(await ids('/services?day=TU&start_time=11:00')).toEqual([shed.id]);
    expect(await ids('/services?day=TU&start_time=12:00')).toEqual([]);
    expect(await ids('/services?start_time=12:30')).toEqual([kids.id]);
    expect(await ids('/services?end_time=10:30:00')).toEqual([shed.id]);
    expect(await status('/services?start_time=25:00')).toBe(422);
    expect(await status('/services?start_time=12:00&end_time=11:00')).toBe(422);
  });

  it('postcode and proximity (metres); a confidential venue is never found by distance', async () => {
    expect(await ids('/services?postcode=E2%209PL&proximity=2000')).toEqual([shed.id]);
    expect(await ids('/services?postcode=e29pl&proximity=50000')).toEqual([kids.id, shed.id]);
    expect(await ids('/services?postcode=CR0%201NX')).toEqual([kids.id]);
    expect(await status('/services?proximity=1000')).toBe(422);
    expect(await status('/services?postcode=NOT%20ONE&proximity=1000')).toBe(422);
    expect(await status('/services?postcode=E2%209PL&proximity=-5')).toBe(422);
  });

  it('refuses a parameter it does not know, naming it', async () => {
    const res = await t.call('GET', '/api/v1/oruk/services?colour=blue');
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: { details: { colour: expect.any(String) } } });
  });
});

describe('ORUK service_at_locations, taxonomies/{id}, taxonomy_terms/{id}', () => {
  it('lists each service at each venue; nearest first with a postcode; each by id', async () => {
    const all = await get('/service_at_locations?per_page=10');
    expect(all.total_items).toBe(3);
    for (const item of all.contents) {
      const one = await get(`/service_at_locations/${item.id as string}`);
      expect(one).toEqual(item);
    }
    const secret = all.contents.find((x) => x.service_id === refuge.id)!;
    expect(JSON.stringify(secret)).not.toContain('Secret');
    const near = await get('/service_at_locations?postcode=CR0%201NX&proximity=50000');
    expect(near.contents.map((x) => x.service_id)).toEqual([kids.id, shed.id]);
    expect(await ids('/service_at_locations?maximum_age=10')).toHaveLength(1);
    expect(await status('/service_at_locations/00000000-0000-4000-8000-000000000000')).toBe(404);
    // The id in a service's nesting is the same one.
    const nested = (await get(`/services/${shed.id}`)).service_at_locations as { id: string }[];
    expect((await get(`/service_at_locations/${nested[0]!.id}`)).service_id).toBe(shed.id);
  });

  it('taxonomies/{id} and taxonomy_terms/{id}, with top_only, parent_id and search', async () => {
    expect(await get(`/taxonomies/${TAXONOMY_ID}`)).toMatchObject({ id: TAXONOMY_ID });
    expect(await status('/taxonomies/00000000-0000-4000-8000-000000000000')).toBe(404);
    expect(await get(`/taxonomy_terms/${termId('mens-groups')}`)).toMatchObject({
      term: 'mens-groups',
      parent_id: termId('loneliness-isolation'),
    });
    expect(await status('/taxonomy_terms/00000000-0000-4000-8000-000000000000')).toBe(404);
    const top = await get('/taxonomy_terms?top_only=true&per_page=500');
    expect(top.total_items).toBeGreaterThan(3);
    expect(top.contents.every((x) => x.parent_id === undefined)).toBe(true);
    const children = await get(
      `/taxonomy_terms?parent_id=${termId('loneliness-isolation')}&per_page=500`,
    );
    expect(children.contents.map((x) => x.term)).toEqual(
      expect.arrayContaining(['mens-groups', 'social-groups']),
    );
    expect(children.contents.every((x) => x.parent_id === termId('loneliness-isolation'))).toBe(
      true,
    );
    expect((await get('/taxonomy_terms?search=lunch')).contents.map((x) => x.term)).toEqual([
      'lunch-clubs',
    ]);
    expect(await status('/taxonomy_terms?top_only=maybe')).toBe(422);
  });
});

describe('ORUK CORS', () => {
  it('any origin may read every ORUK GET; a preflight answers 204', async () => {
    for (const path of [
      '',
      '/',
      '/services',
      `/services/${shed.id}`,
      '/service_at_locations',
      '/taxonomies',
      '/taxonomy_terms',
      '/openapi.json',
    ]) {
      const res = await t.app.request(`/api/v1/oruk${path}`, {
        headers: { Origin: 'https://finder.example' },
      });
      expect(res.status, path).toBe(200);
      expect(res.headers.get('access-control-allow-origin'), path).toBe('*');
      expect(res.headers.get('cross-origin-resource-policy'), path).toBe('cross-origin');
    }
    // An error answer is readable too (the client can show why).
    expect(
      (
        await t.app.request('/api/v1/oruk/services?page=0', {
          headers: { Origin: 'https://finder.example' },
        })
      ).headers.get('access-control-allow-origin'),
    ).toBe('*');
    const pre = await t.app.request('/api/v1/oruk/services', {
      method: 'OPTIONS',
      headers: { Origin: 'https://finder.example', 'Access-Control-Request-Method': 'GET' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-methods')).toContain('GET');
    // Only the ORUK API: the rest of the API stays same-origin.
    expect(
      (
        await t.app.request('/api/v1/taxonomy', { headers: { Origin: 'https://finder.example' } })
      ).headers.get('access-control-allow-origin'),
    ).toBeNull();
  });
});

type Doc = {
  info: { license?: { name: string } };
  paths: Record<string, Record<string, { operationId?: string; security?: unknown[] }>>;
  components: { schemas: Record<string, JsonSchema> };
};
type JsonSchema = {
  type?: string | string[];
  format?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  required?: string[];
  enum?: unknown[];
  $ref?: string;
  anyOf?: JsonSchema[];
};

describe('ORUK OpenAPI document', () => {
  it('documents the ORUK routes only, each with an operationId, public security and a licence', async () => {
    const doc = (await (await t.call('GET', '/api/v1/oruk/openapi.json')).json()) as Doc;
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/',
      '/service_at_locations',
      '/service_at_locations/{id}',
      '/services',
      '/services/{id}',
      '/taxonomies',
      '/taxonomies/{id}',
      '/taxonomy_terms',
      '/taxonomy_terms/{id}',
    ]);
    const ops = Object.values(doc.paths).flatMap((p) => Object.values(p));
    expect(new Set(ops.map((o) => o.operationId)).size).toBe(ops.length);
    for (const o of ops) expect(o.security).toEqual([]);
    expect(doc.info.license?.name).toBeTruthy();
  });

  // The profile's files are the reference: every member they define is in ours, same type, format and requiredness.
  it.runIf(haveSchemas)(
    'its response schemas are the profile’s (service, service_list, taxonomy, taxonomy_term)',
    async () => {
      const doc = (await (await t.call('GET', '/api/v1/oruk/openapi.json')).json()) as Doc;
      const resolve = (s: JsonSchema): JsonSchema =>
        s.$ref
          ? resolve(doc.components.schemas[s.$ref.split('/').pop()!]!)
          : s.anyOf
            ? resolve(s.anyOf.find((x) => x.type !== 'null')!)
            : s;
      const compare = (profile: JsonSchema, ours: JsonSchema, path: string) => {
        const o = resolve(ours);
        const type = Array.isArray(profile.type)
          ? profile.type.find((x) => x !== 'null')
          : profile.type;
        if (type) expect(o.type, `${path}: type`).toBe(type);
        if (profile.format) expect(o.format, `${path}: format`).toBe(profile.format);
        if (profile.enum)
          expect([...(o.enum ?? [])].sort(), `${path}: enum`).toEqual(
            [...profile.enum].filter((x) => x !== null).sort(),
          );
        if (type === 'array' && profile.items) compare(profile.items, o.items!, `${path}[]`);
        if (profile.properties) {
          expect([...(o.required ?? [])].sort(), `${path}: required`).toEqual(
            [...(profile.required ?? [])].sort(),
          );
          for (const [k, v] of Object.entries(profile.properties)) {
            expect(o.properties?.[k], `${path}.${k} is missing`).toBeDefined();
            compare(v, o.properties![k]!, `${path}.${k}`);
          }
        }
      };
      compare(load('service.json') as JsonSchema, doc.components.schemas.service!, 'service');
      compare(
        load('service_list.json') as JsonSchema,
        doc.components.schemas.service_list!,
        'service_list',
      );
      compare(load('taxonomy.json') as JsonSchema, doc.components.schemas.taxonomy!, 'taxonomy');
      compare(
        load('taxonomy_term.json') as JsonSchema,
        doc.components.schemas.taxonomy_term!,
        'taxonomy_term',
      );
    },
  );
});

describe('every page and every id of every ORUK endpoint validates against ../shared/data/oruk3', () => {
  async function everyPage(path: string, perPage: number): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    for (let page = 1; ; page++) {
      const p = await get(
        `${path}${path.includes('?') ? '&' : '?'}per_page=${perPage}&page=${page}`,
      );
      items.push(...p.contents);
      if (p.last_page) break;
    }
    return items;
  }

  it.runIf(haveSchemas)(
    'services, service_at_locations, taxonomies and taxonomy_terms, with and without filters',
    async () => {
      for (const path of [
        '/services',
        `/services?taxonomy_id=${TAXONOMY_ID}`,
        '/services?postcode=E2%209PL&proximity=50000',
        '/services?minimum_age=18',
      ]) {
        for (const item of await everyPage(path, 1)) {
          expectValid(validate.serviceList, item, path);
          expectValid(
            validate.service,
            await get(`/services/${item.id as string}`),
            `/services/${item.id as string}`,
          );
        }
      }
      for (const path of [
        '/service_at_locations',
        '/service_at_locations?postcode=CR0%201NX&proximity=50000',
      ]) {
        for (const item of await everyPage(path, 1)) {
          expectValid(validate.serviceList, item.service, `${path} service`);
          expectValid(validate.location, item.location, `${path} location`);
          const one = await get(`/service_at_locations/${item.id as string}`);
          expectValid(
            validate.serviceList,
            one.service,
            `/service_at_locations/${item.id as string}`,
          );
          expectValid(
            validate.location,
            one.location,
            `/service_at_locations/${item.id as string}`,
          );
        }
      }
      for (const item of await everyPage('/taxonomies', 1)) {
        expectValid(validate.taxonomy, item, '/taxonomies');
        expectValid(
          validate.taxonomy,
          await get(`/taxonomies/${item.id as string}`),
          '/taxonomies/{id}',
        );
      }
      for (const path of [
        '/taxonomy_terms',
        '/taxonomy_terms?top_only=true',
        `/taxonomy_terms?parent_id=${termId('money')}`,
      ]) {
        for (const item of await everyPage(path, 25)) {
          expectValid(validate.term, item, path);
          expectValid(
            validate.term,
            await get(`/taxonomy_terms/${item.id as string}`),
            '/taxonomy_terms/{id}',
          );
        }
      }
    },
  );
});
