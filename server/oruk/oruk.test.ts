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
import { termId } from './ids.js';

const here = dirname(fileURLToPath(import.meta.url));
const schemaDir = join(here, '../../../shared/data/oruk3');
const fixtures = join(here, '../../fixtures/oruk');
// The ORUK schemas are the shared spec's copy, not the project's: without ../shared (a clone
// of this repository on its own) the schema checks cannot run, so only they are skipped.
const haveSchemas = existsSync(join(schemaDir, 'service.json'));

type Validator = ((data: unknown) => boolean) & { errors?: unknown };
let validate: Record<'service' | 'serviceList' | 'taxonomy' | 'term', Validator>;

let t: TestApp;
let admin: SignedIn;
let organiser: SignedIn;
let shed: ServiceView;
let refuge: ServiceView;

type Page = { total_items: number; total_pages: number; page_number: number; size: number; first_page: boolean; last_page: boolean; empty: boolean; contents: Record<string, unknown>[] };

beforeAll(async () => {
  if (haveSchemas) {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const load = (f: string) => JSON.parse(readFileSync(join(schemaDir, f), 'utf8')) as object;
    ajv.addSchema(load('taxonomy_term.json'), 'taxonomy_term.json');
    validate = {
      service: ajv.compile(load('service.json')),
      serviceList: ajv.compile(load('service_list.json')),
      taxonomy: ajv.compile(load('taxonomy.json')),
      term: ajv.getSchema('taxonomy_term.json') as Validator,
    };
  }
  t = await createTestApp();
  await seedTaxonomy(t.db);
  admin = await t.signIn('admin');
  organiser = await t.signIn('organiser');
  await t.db.updateTable('organisations').set({ charityNumber: '1100001', email: 'hi@shed.example', website: 'https://shed.example' }).where('id', '=', organiser.organisationId!).execute();
  const make = async (body: Record<string, unknown>) => {
    const res = await t.call('POST', '/api/v1/services', serviceBody(body), organiser);
    expect(res.status).toBe(201);
    return (await res.json()) as ServiceView;
  };
  shed = await make({
    referralRoute: 'other', referralUrl: 'https://shed.example/refer', ageMax: 99, cost: { kind: 'low_cost', text: '£1' },
    schedules: [{ day: 2, start: '10:00', end: '12:00', locationIndex: 0 }, { day: 6, start: '11:00', end: '12:00', frequency: 'monthly', locationIndex: 0, validFrom: '2026-07-01' }],
  });
  refuge = await make({ name: 'Safe space', status: 'paused', locations: [{ name: 'Secret house', address: '1 Secret Street', lat: 51.52, lng: -0.07, confidential: true, district: 'Tower Hamlets' }], schedules: [] });
});
afterAll(() => t.close());

const get = async (path: string) => {
  const res = await t.call('GET', `/api/v1/oruk${path}`);
  expect(res.status, path).toBe(200);
  return res.json() as Promise<Page & Record<string, unknown>>;
};

function expectValid(v: Validator, data: unknown) {
  if (!haveSchemas) return;
  const ok = v(data);
  expect(v.errors ?? null, JSON.stringify(v.errors)).toBeNull();
  expect(ok).toBe(true);
}

describe('ORUK read API (public)', () => {
  it('describes itself', async () => {
    // Both spellings of the base: `/api/v1/oruk` and `/api/v1/oruk/`.
    expect(await (await t.call('GET', '/api/v1/oruk')).json()).toEqual(await get('/'));
    expect(await get('/')).toMatchObject({ version: '3.0', profile: expect.any(String), openapi_url: expect.stringMatching(/\/api\/v1\/oruk\/openapi\.json$/) });
  });

  it('pages services; each item validates against service_list.json', async () => {
    const page = await get('/services?per_page=1&page=2');
    expect(page).toMatchObject({ total_items: 2, total_pages: 2, page_number: 2, size: 1, first_page: false, last_page: true, empty: false });
    for (const item of [...page.contents, ...(await get('/services')).contents]) expectValid(validate.serviceList, item);
    expect((await get('/services?page=3&per_page=1')).empty).toBe(true);
  });

  it('filters by search, taxonomy term (parents include children) and day', async () => {
    expect((await get('/services?search=safe')).contents.map((s) => s.id)).toEqual([refuge.id]);
    expect((await get(`/services?taxonomy_term_id=${termId('loneliness-isolation')}`)).contents.map((s) => s.id)).toEqual([shed.id, refuge.id]);
    expect((await get(`/services?taxonomy_term_id=${termId('housing')}`)).total_items).toBe(0);
    expect((await get('/services?day=TU')).contents.map((s) => s.id)).toEqual([shed.id]);
    expect((await get('/services?day=saturday')).contents.map((s) => s.id)).toEqual([shed.id]);
    expect((await t.call('GET', '/api/v1/oruk/services?day=someday')).status).toBe(422);
  });

  it('serves the fully nested service, valid against service.json', async () => {
    const s = await get(`/services/${shed.id}`);
    expectValid(validate.service, s);
    expect(s).toMatchObject({
      id: shed.id, status: 'active', url: 'https://shed.example/refer', minimum_age: 50, maximum_age: 99,
      organization: { id: organiser.organisationId, email: 'hi@shed.example', organization_identifiers: [expect.objectContaining({ identifier: '1100001' })] },
      cost_options: [expect.objectContaining({ option: 'Low cost', amount_description: '£1' })],
      languages: [expect.objectContaining({ code: 'en' }), expect.objectContaining({ code: 'bn' })],
      attributes: [expect.objectContaining({ taxonomy_term_id: termId('mens-groups'), taxonomy_term: expect.objectContaining({ term: 'mens-groups', parent_id: termId('loneliness-isolation') }) })],
      contacts: [expect.objectContaining({ title: 'Key contact' })],
    });
    const [sal] = s.service_at_locations as { id: string; location: { latitude: number; addresses: { postal_code: string }[] } }[];
    expect(sal!.location.latitude).toBe(51.5316);
    expect(sal!.location.addresses[0]!.postal_code).toBe('E2 9PL');
    expect(s.schedules).toEqual([
      expect.objectContaining({ freq: 'WEEKLY', interval: 1, byday: 'TU', opens_at: '10:00', closes_at: '12:00', service_at_location_id: sal!.id }),
      // 1 July 2026 → the first Saturday of the month.
      expect.objectContaining({ freq: 'MONTHLY', byday: '1SA', valid_from: '2026-07-01' }),
    ]);
  });

  it('maps status and never shows a confidential address or point', async () => {
    const s = await get(`/services/${refuge.id}`);
    expectValid(validate.service, s);
    expect(s.status).toBe('temporarily closed');
    const text = JSON.stringify(s);
    expect(text).not.toContain('Secret');
    expect(text).not.toContain('51.52');
    expect((s.service_at_locations as { location: Record<string, unknown> }[])[0]!.location).toMatchObject({ name: 'Confidential location (Tower Hamlets)', addresses: [] });
  });

  it('lists taxonomies and terms, each valid', async () => {
    const tax = await get('/taxonomies');
    expect(tax.total_items).toBe(1);
    for (const x of tax.contents) expectValid(validate.taxonomy, x);
    const terms = await get('/taxonomy_terms?per_page=500');
    expect(terms.total_items).toBeGreaterThan(40);
    for (const x of terms.contents) expectValid(validate.term, x);
    expect(terms.contents.find((x) => x.term === 'mens-groups')).toMatchObject({ id: termId('mens-groups'), parent_id: termId('loneliness-isolation') });
  });

  it('404 for an unknown service', async () => {
    expect((await t.call('GET', '/api/v1/oruk/services/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });
});
