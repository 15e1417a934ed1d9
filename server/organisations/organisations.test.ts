import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';

let t: TestApp;
let admin: SignedIn;
let organiser: SignedIn;
let colleague: SignedIn;
let other: SignedIn;
let linkWorker: SignedIn;

type Org = {
  id: string;
  name: string;
  version: number;
  keyContactUserId: string | null;
  website: string | null;
};
type Err = { error: { details: Record<string, string> } };

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signIn('admin');
  organiser = await t.signIn('organiser');
  colleague = await t.signIn('organiser', { organisationId: organiser.organisationId! });
  other = await t.signIn('organiser');
  linkWorker = await t.signIn('link_worker');
});
afterAll(() => t.close());

describe('organisations', () => {
  it('admins create; everyone else is refused', async () => {
    const res = await t.call(
      'POST',
      '/api/v1/organisations',
      { name: 'Bromley by Bow Centre', website: 'https://example.org', charityNumber: '1050000' },
      admin,
    );
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({
      name: 'Bromley by Bow Centre',
      website: 'https://example.org',
      version: 1,
      status: 'active',
    });
    expect((await t.call('POST', '/api/v1/organisations', { name: 'X' }, organiser)).status).toBe(
      403,
    );
    expect((await t.call('POST', '/api/v1/organisations', { name: 'X' }, linkWorker)).status).toBe(
      403,
    );
    expect((await t.call('POST', '/api/v1/organisations', { name: 'X' })).status).toBe(401);
  });

  it('rejects bad and unknown fields with 422 naming them', async () => {
    const res = await t.call(
      'POST',
      '/api/v1/organisations',
      { name: '', website: 'not a url', email: 'nope', version: 3, sourceId: 'x' },
      admin,
    );
    expect(res.status).toBe(422);
    const { details } = ((await res.json()) as Err).error;
    expect(Object.keys(details).sort()).toEqual([
      'email',
      'name',
      'sourceId',
      'version',
      'website',
    ]);
  });

  it('lists, paginated, for any signed-in user (not signed-out unless the public directory is on)', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: Response = await t.call(
        'GET',
        `/api/v1/organisations?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        undefined,
        linkWorker,
      );
      expect(res.status).toBe(200);
      const page = (await res.json()) as { items: Org[]; nextCursor: string | null };
      seen.push(...page.items.map((o) => o.id));
      cursor = page.nextCursor;
    } while (cursor);
    const all = await t.db.selectFrom('organisations').select('id').execute();
    expect(seen.sort()).toEqual(all.map((o) => o.id).sort());
    expect((await t.call('GET', '/api/v1/organisations')).status).toBe(401);
  });

  it('an organiser reads and changes their own organisation; never another one', async () => {
    const own = await t.call(
      'GET',
      `/api/v1/organisations/${organiser.organisationId}`,
      undefined,
      organiser,
    );
    expect(own.status).toBe(200);
    expect(
      (await t.call('GET', `/api/v1/organisations/${other.organisationId}`, undefined, organiser))
        .status,
    ).toBe(403);
    expect(
      (
        await t.call(
          'PATCH',
          `/api/v1/organisations/${other.organisationId}`,
          { name: 'Mine', version: 1 },
          organiser,
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await t.call(
          'GET',
          `/api/v1/organisations/${organiser.organisationId}`,
          undefined,
          linkWorker,
        )
      ).status,
    ).toBe(403);
    const res = await t.call(
      'PATCH',
      `/api/v1/organisations/${organiser.organisationId}`,
      { website: 'https://shed.example', keyContactUserId: colleague.userId, version: 1 },
      organiser,
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      website: 'https://shed.example',
      keyContactUserId: colleague.userId,
      version: 2,
    });
  });

  it('the key contact must be a user of that organisation', async () => {
    const res = await t.call(
      'PATCH',
      `/api/v1/organisations/${other.organisationId}`,
      { keyContactUserId: organiser.userId, version: 1 },
      other,
    );
    expect(res.status).toBe(422);
    expect(((await res.json()) as Err).error.details).toEqual({
      keyContactUserId: 'must be a user of this organisation',
    });
  });

  it('a stale version is a 409; status is for admins', async () => {
    const res = await t.call(
      'PATCH',
      `/api/v1/organisations/${organiser.organisationId}`,
      { name: 'Old view', version: 1 },
      organiser,
    );
    expect(res.status).toBe(409);
    const status = await t.call(
      'PATCH',
      `/api/v1/organisations/${organiser.organisationId}`,
      { status: 'inactive', version: 2 },
      organiser,
    );
    expect(status.status).toBe(422);
    expect(((await status.json()) as Err).error.details).toEqual({
      status: 'only an admin can change this',
    });
    const byAdmin = await t.call(
      'PATCH',
      `/api/v1/organisations/${organiser.organisationId}`,
      { status: 'inactive', version: 2 },
      admin,
    );
    expect(await byAdmin.json()).toMatchObject({ status: 'inactive', version: 3 });
  });
});
