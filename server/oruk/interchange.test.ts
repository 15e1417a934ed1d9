/**
 * Lossless interchange: a full UK-profile record comes back out of the ORUK API as it went in,
 * and Gapmap → Gapmap is a fixed point (ids, addresses and all), re-importing changes nothing.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTaxonomy } from '../../fixtures/demo/taxonomy.js';
import { serviceBody } from '../services/testing.js';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/oruk');
const full = JSON.parse(readFileSync(join(fixtures, 'service-full-3.0.json'), 'utf8')) as Record<
  string,
  unknown
> & { id: string };
const feed30 = JSON.parse(readFileSync(join(fixtures, 'services-3.0.json'), 'utf8')) as {
  contents: Record<string, unknown>[];
};

type Rec = Record<string, unknown>;
let a: TestApp;
let b: TestApp;
let adminA: SignedIn;
let adminB: SignedIn;

beforeAll(async () => {
  [a, b] = await Promise.all([createTestApp(), createTestApp()]);
  await Promise.all([seedTaxonomy(a.db), seedTaxonomy(b.db)]);
  [adminA, adminB] = await Promise.all([a.signIn('admin'), b.signIn('admin')]);
});
afterAll(async () => {
  await Promise.all([a.close(), b.close()]);
});

async function json(t: TestApp, path: string) {
  const res = await t.call('GET', path);
  expect(res.status, path).toBe(200);
  return (await res.json()) as Rec;
}

/** Every service of a directory, fully nested, read the way a harvester does: page by page, then each by id. */
async function exportAll(t: TestApp): Promise<Rec[]> {
  const out: Rec[] = [];
  for (let page = 1; ; page++) {
    const p = (await json(t, `/api/v1/oruk/services?per_page=2&page=${page}`)) as {
      contents: { id: string }[];
      last_page: boolean;
    };
    for (const s of p.contents) out.push(await json(t, `/api/v1/oruk/services/${s.id}`));
    if (p.last_page) break;
  }
  return out.sort((x, y) => String(x.id).localeCompare(String(y.id)));
}

const withoutTimes = (s: Rec) => ({ ...s, last_modified: undefined });

async function importInto(t: TestApp, who: SignedIn, services: Rec[]) {
  const res = await t.call('POST', '/api/v1/import/oruk', services, who);
  expect(res.status).toBe(200);
  return (await res.json()) as {
    created: number;
    updated: number;
    unchanged: number;
    rejected: unknown[];
  };
}

describe('lossless ORUK interchange', () => {
  it('publishes a full UK-profile record back as it was given (every field, every id)', async () => {
    expect(await importInto(a, adminA, [full])).toMatchObject({ created: 1, rejected: [] });
    const out = await json(a, `/api/v1/oruk/services/${full.id}`);
    // Only what Gapmap adds: its card text and the modification time.
    const { summary, last_modified, ...rest } = out;
    expect(summary).toEqual(expect.any(String));
    expect(last_modified).toEqual(expect.any(String));
    expect(rest).toEqual(full);
  });

  it('Gapmap → Gapmap is a fixed point: same ids, no address drift; re-importing writes nothing', async () => {
    const organiser = await a.signIn('organiser');
    for (const body of [
      serviceBody(),
      serviceBody({
        name: 'Lunch club',
        status: 'paused',
        tags: ['lunch-clubs'],
        cost: { kind: 'low_cost', text: '£3' },
        schedules: [
          {
            day: 3,
            start: '12:00',
            end: '14:00',
            frequency: 'monthly',
            locationIndex: 0,
            validFrom: '2026-07-01',
          },
        ],
      }),
      serviceBody({
        name: 'Safe space',
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
      }),
    ])
      expect((await a.call('POST', '/api/v1/services', body, organiser)).status).toBe(201);
    expect((await importInto(a, adminA, feed30.contents)).created).toBe(2);

    const fromA = await exportAll(a);
    expect(fromA).toHaveLength(6);
    expect(await importInto(b, adminB, fromA)).toMatchObject({ created: 6, rejected: [] });
    const fromB = await exportAll(b);
    expect(fromB.map(withoutTimes)).toEqual(fromA.map(withoutTimes));

    // Back into B again, and B's own export into A: nothing changes, nothing drifts.
    expect(await importInto(b, adminB, fromB)).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: 6,
    });
    expect((await exportAll(b)).map(withoutTimes)).toEqual(fromA.map(withoutTimes));
    // A's own services come back as copies: never written over the originals. The ones A
    // imported come back as A published them (with its card text): read again, same result.
    const again = await importInto(a, adminA, fromB);
    expect(again).toMatchObject({ created: 0, updated: 3 });
    expect(again.rejected).toEqual(
      [1, 2, 3].map(() =>
        expect.objectContaining({
          errors: { id: expect.stringMatching(/is a service of this directory/) },
        }),
      ),
    );
    expect((await exportAll(a)).map(withoutTimes)).toEqual(fromA.map(withoutTimes));
  });

  it('files a service without an organisation under a placeholder, and publishes it without one', async () => {
    const {
      organization: _o,
      organization_id: _id,
      ...orphan
    }: Rec = {
      ...(feed30.contents[0] as Rec),
      id: '7c1e0a00-0000-4a00-8000-0000000000ff',
      name: 'Orphan shed',
      service_at_locations: [],
      schedules: [],
    };
    expect(await importInto(a, adminA, [orphan])).toMatchObject({ created: 1, rejected: [] });
    const stored = await a.db
      .selectFrom('services')
      .innerJoin('organisations', 'organisations.id', 'services.organisationId')
      .select('organisations.name')
      .where('services.id', '=', orphan.id as string)
      .executeTakeFirstOrThrow();
    expect(stored.name).toMatch(/Organisation not given/);
    const out = await json(a, `/api/v1/oruk/services/${orphan.id as string}`);
    expect(out.organization).toBeUndefined();
    expect(out.organization_id).toBeUndefined();
  });
});
