import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTaxonomy } from '../../fixtures/demo/taxonomy.js';
import { insertService } from '../referrals/testing.js';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';
import { UNKNOWN_POSTCODE } from '../postcodes/postcodes.js';

let t: TestApp;
let organiser: SignedIn;
let otherOrganiser: SignedIn;
let linkWorker: SignedIn;
let funder: SignedIn;

const place = { lat: 51.5273, lng: -0.0553 };
const idea = {
  title: "Men's breakfast club",
  tags: ['mens-groups'],
  ...place,
  description: 'A fry-up and a chat for men on their own.',
  schedule: [{ day: 3, start: '09:00', end: '10:30' }],
};

type Proposal = {
  id: string;
  stage: string;
  version: number;
  gapCheck: { verdict: string };
  members: { userId: string; commitment: string; hoursPerMonth: number | null }[];
  commitments: Record<string, number>;
  interestCount: { value: number | null; display: string };
  partners: { organisationName: string }[];
  backings: { amountPence: number }[];
  history: { stage: string }[];
  hurdles: string[];
  serviceId: string | null;
  allowedStageMoves: string[];
  backingPence: number;
};

async function open(who = organiser, body: Record<string, unknown> = idea) {
  const res = await t.call('POST', '/api/v1/proposals', body, who);
  return {
    status: res.status,
    body: (await res.json()) as Proposal & { error?: { details?: Record<string, string> } },
  };
}
const get = async (id: string, who: SignedIn = linkWorker) =>
  (await (await t.call('GET', `/api/v1/proposals/${id}`, undefined, who)).json()) as Proposal;

beforeAll(async () => {
  t = await createTestApp();
  await seedTaxonomy(t.db);
  organiser = await t.signIn('organiser');
  otherOrganiser = await t.signIn('organiser');
  linkWorker = await t.signIn('link_worker');
  funder = await t.signIn('funder');
  await t.db
    .insertInto('postcodes')
    .values({ key: 'E2 6HG', kind: 'unit', lat: 51.5281, lng: -0.0619 })
    .execute();
});
afterAll(() => t.close());

describe('opening a proposal', () => {
  it('stores the gap check of that moment and starts at idea', async () => {
    const { status, body } = await open();
    expect(status).toBe(201);
    expect(body.stage).toBe('idea');
    expect(body.gapCheck.verdict).toBe('likely_gap');
    expect(body.history.map((h) => h.stage)).toEqual(['idea']);
    // A service opening later does not rewrite the snapshot.
    await insertService(t.db, {
      organisationId: otherOrganiser.organisationId!,
      tags: ['mens-groups'],
      ...place,
    });
    expect((await get(body.id)).gapCheck.verdict).toBe('likely_gap');
    expect((await open()).body.gapCheck.verdict).not.toBe('likely_gap');
  });

  it('takes a postcode from the directory and rejects unknown ones, unknown tags and other roles', async () => {
    const { status, body } = await open(organiser, {
      title: 'Postcode idea',
      tags: ['mens-groups'],
      postcode: 'e26hg',
    });
    expect(status).toBe(201);
    expect((body as unknown as { lat: number }).lat).toBeCloseTo(51.5281);
    expect(
      (await open(organiser, { title: 'x', tags: ['mens-groups'], postcode: 'ZE9 9ZZ' })).body.error
        ?.details?.postcode,
    ).toBe(UNKNOWN_POSTCODE);
    expect(
      (await open(organiser, { ...idea, tags: ['no-such-tag'] })).body.error?.details?.tags,
    ).toMatch(/unknown tag/);
    expect((await open(organiser, { title: 'x', tags: ['mens-groups'] })).status).toBe(422);
    expect((await open(linkWorker)).status).toBe(403);
    expect((await open(funder)).status).toBe(403);
  });
});

describe('running a proposal', () => {
  it('moves one stage forward at a time with the current version, or to closed', async () => {
    const { body: p } = await open();
    const patch = (who: SignedIn, body: Record<string, unknown>) =>
      t.call('PATCH', `/api/v1/proposals/${p.id}`, body, who);
    expect((await patch(organiser, { stage: 'pilot', version: 1 })).status).toBe(409);
    expect((await patch(otherOrganiser, { stage: 'co_designing', version: 1 })).status).toBe(403);
    const moved = await patch(organiser, {
      stage: 'co_designing',
      version: 1,
      hurdles: ['No venue on Wednesdays yet'],
    });
    expect(moved.status).toBe(200);
    const after = (await moved.json()) as Proposal;
    expect(after).toMatchObject({
      stage: 'co_designing',
      version: 2,
      hurdles: ['No venue on Wednesdays yet'],
      allowedStageMoves: ['pilot', 'closed'],
    });
    expect((await patch(organiser, { title: 'Stale', version: 1 })).status).toBe(409);
    expect((await patch(organiser, { stage: 'closed', version: 2 })).status).toBe(200);
    expect((await patch(organiser, { stage: 'idea', version: 3 })).status).toBe(409);
    expect((await get(p.id)).history.map((h) => h.stage)).toEqual([
      'idea',
      'co_designing',
      'closed',
    ]);
  });

  it('gathers members, comments, interest, partners and backing', async () => {
    const { body: p } = await open();
    const base = `/api/v1/proposals/${p.id}`;
    expect(
      (
        await t.call(
          'POST',
          `${base}/members`,
          { commitment: 'refer', hoursPerMonth: 2 },
          linkWorker,
        )
      ).status,
    ).toBe(201);
    expect(
      (
        await t.call(
          'POST',
          `${base}/members`,
          { commitment: 'co_host', hoursPerMonth: 6 },
          linkWorker,
        )
      ).status,
    ).toBe(201);
    expect((await t.call('POST', `${base}/members`, { commitment: 'advise' }, funder)).status).toBe(
      403,
    );
    expect(
      (await t.call('POST', `${base}/members`, { commitment: 'boss' }, linkWorker)).status,
    ).toBe(422);
    const pii = await t.call(
      'POST',
      `${base}/comments`,
      { body: 'Ring Jo on 07700 900123' },
      linkWorker,
    );
    expect(pii.status).toBe(422);
    expect(
      ((await pii.json()) as { error: { details: Record<string, string> } }).error.details.body,
    ).toBe('phone');
    expect(
      (
        await t.call(
          'POST',
          `${base}/comments`,
          { body: 'Wednesday mornings suit my patients.' },
          linkWorker,
        )
      ).status,
    ).toBe(201);
    const comments = (await (
      await t.call('GET', `${base}/comments`, undefined, organiser)
    ).json()) as { items: { body: string }[] };
    expect(comments.items.map((c) => c.body)).toEqual(['Wednesday mornings suit my patients.']);
    const interest = await t.call('POST', `${base}/interest`, undefined, linkWorker);
    // A count of people is published like every count: one mark shows "<8"; the raw count moved.
    expect(((await interest.json()) as { interestCount: unknown }).interestCount).toEqual({
      value: null,
      display: '<8',
    });
    const rawInterest = async () =>
      Number(
        (
          await t.db
            .selectFrom('proposals')
            .select('interestCount')
            .where('id', '=', p.id)
            .executeTakeFirstOrThrow()
        ).interestCount,
      );
    expect(await rawInterest()).toBe(1);
    const again = await t.call('POST', `${base}/interest`, undefined, linkWorker);
    expect(again.status).toBe(429);
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(
      (await t.call('POST', `${base}/interest`, undefined, await t.signIn('link_worker'))).status,
    ).toBe(200);
    const marks = await t.db
      .selectFrom('proposalInterestMarks')
      .selectAll()
      .where('proposalId', '=', p.id)
      .execute();
    expect(JSON.stringify(marks)).not.toContain(linkWorker.userId);
    expect(
      (
        await t.call(
          'POST',
          `${base}/partners`,
          {
            organisationId: otherOrganiser.organisationId,
            note: 'Talk to the Tuesday walk leader',
          },
          linkWorker,
        )
      ).status,
    ).toBe(201);
    expect(
      (
        await t.call(
          'POST',
          `${base}/partners`,
          { organisationId: '00000000-0000-4000-8000-000000000000' },
          linkWorker,
        )
      ).status,
    ).toBe(422);
    expect(
      (
        await t.call(
          'POST',
          `${base}/backings`,
          { amountPence: 250_000, period: '12 months' },
          funder,
        )
      ).status,
    ).toBe(201);
    expect(
      (
        await t.call(
          'POST',
          `${base}/backings`,
          { amountPence: 250_000, period: '12 months' },
          organiser,
        )
      ).status,
    ).toBe(403);
    const detail = await get(p.id);
    expect(detail.members).toEqual([
      expect.objectContaining({
        userId: linkWorker.userId,
        commitment: 'co_host',
        hoursPerMonth: 6,
      }),
    ]);
    expect(detail.commitments).toEqual({ advise: 0, refer: 0, co_host: 1, hoursPerMonth: 6 });
    expect(detail.interestCount).toEqual({ value: null, display: '<8' });
    expect(await rawInterest()).toBe(2);
    expect(detail.partners.map((x) => x.organisationName)).toHaveLength(1);
    expect(detail.backingPence).toBe(250_000);
    const pipeline = (await (
      await t.call('GET', '/api/v1/proposals/pipeline', undefined, funder)
    ).json()) as {
      stages: { stage: string; proposals: number; backingPence: number }[];
      totalBackingPence: number;
    };
    expect(pipeline.stages.find((s) => s.stage === 'idea')!.backingPence).toBe(250_000);
    expect(pipeline.totalBackingPence).toBe(250_000);
  });

  it('lists proposals page by page and filters by stage', async () => {
    const all = (await (
      await t.call('GET', '/api/v1/proposals?limit=500', undefined, funder)
    ).json()) as { items: { id: string }[] };
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = (await (
        await t.call(
          'GET',
          `/api/v1/proposals?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          undefined,
          funder,
        )
      ).json()) as { items: { id: string }[]; nextCursor: string | null };
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.items.map((i) => i.id));
    const closed = (await (
      await t.call('GET', '/api/v1/proposals?stage=closed', undefined, funder)
    ).json()) as { items: { stage: string }[] };
    expect(closed.items.length).toBeGreaterThan(0);
    expect(closed.items.every((i) => i.stage === 'closed')).toBe(true);
  });
});

describe('launching', () => {
  it('creates the service with its place, tags and sessions and moves the proposal to running', async () => {
    const { body: p } = await open();
    expect((await t.call('POST', `/api/v1/proposals/${p.id}/launch`, {}, linkWorker)).status).toBe(
      403,
    );
    expect(
      (await t.call('POST', `/api/v1/proposals/${p.id}/launch`, {}, otherOrganiser)).status,
    ).toBe(403);
    const res = await t.call('POST', `/api/v1/proposals/${p.id}/launch`, undefined, organiser); // the body is optional
    expect(res.status).toBe(201);
    const { serviceId } = (await res.json()) as { serviceId: string };
    const service = await t.db
      .selectFrom('services')
      .selectAll()
      .where('id', '=', serviceId)
      .executeTakeFirstOrThrow();
    expect(service).toMatchObject({
      name: idea.title,
      organisationId: organiser.organisationId,
      status: 'active',
      summary: idea.description,
    });
    const tags = await t.db
      .selectFrom('serviceTags')
      .select('tagSlug')
      .where('serviceId', '=', serviceId)
      .execute();
    expect(tags.map((x) => x.tagSlug)).toEqual(['mens-groups']);
    const location = await t.db
      .selectFrom('serviceLocations')
      .innerJoin('locations', 'locations.id', 'serviceLocations.locationId')
      .select(['lat', 'lng'])
      .where('serviceId', '=', serviceId)
      .executeTakeFirstOrThrow();
    expect(location).toEqual(place);
    const sessions = await t.db
      .selectFrom('schedules')
      .select(['day', 'startTime', 'endTime'])
      .where('serviceId', '=', serviceId)
      .execute();
    expect(sessions).toEqual([{ day: 3, startTime: '09:00', endTime: '10:30' }]);
    const after = await get(p.id);
    expect(after).toMatchObject({ stage: 'running', serviceId });
    expect(after.history.map((h) => h.stage)).toEqual(['idea', 'running']);
    expect((await t.call('POST', `/api/v1/proposals/${p.id}/launch`, {}, organiser)).status).toBe(
      409,
    );
    const geo = (await (
      await t.call('GET', '/api/v1/services.geojson?bbox=-0.1,51.5,0,51.56', undefined, linkWorker)
    ).json()) as { features: { properties: { serviceId: string } }[] };
    expect(geo.features.map((f) => f.properties.serviceId)).toContain(serviceId);
  });
});
