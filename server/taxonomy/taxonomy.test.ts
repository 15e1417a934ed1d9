import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTaxonomy } from '../../fixtures/demo/taxonomy.js';
import { expandTags, taxonomyNames, unknownTags } from './queries.js';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';

let t: TestApp;
let admin: SignedIn;
let organiser: SignedIn;
beforeAll(async () => {
  t = await createTestApp();
  await seedTaxonomy(t.db);
  [admin, organiser] = await Promise.all([t.signIn('admin'), t.signIn('organiser')]);
});
afterAll(() => t.close());

type Term = { slug: string; name: string; parent: string | null };
const terms = async () =>
  ((await (await t.call('GET', '/api/v1/taxonomy')).json()) as { items: Term[] }).items;
const details = async (res: Response) =>
  ((await res.json()) as { error: { details: Record<string, string> } }).error.details;

describe('taxonomy editing (admin)', () => {
  it('adds a tag under a group, last in that group, and the public list shows it', async () => {
    const res = await t.call(
      'POST',
      '/api/v1/taxonomy',
      { slug: 'repair-cafes', name: 'Repair cafés', parent: 'loneliness-isolation' },
      admin,
    );
    expect(res.status).toBe(201);
    const tag = (await res.json()) as Term & { position: number };
    expect(tag).toMatchObject({
      slug: 'repair-cafes',
      name: 'Repair cafés',
      parent: 'loneliness-isolation',
    });
    const siblings = await t.db
      .selectFrom('taxonomy')
      .select('position')
      .where('parentSlug', '=', 'loneliness-isolation')
      .execute();
    expect(tag.position).toBe(Math.max(...siblings.map((s) => s.position)));
    expect(await terms()).toContainEqual({
      slug: 'repair-cafes',
      name: 'Repair cafés',
      parent: 'loneliness-isolation',
    });
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['action', 'entityId'])
      .where('entity', '=', 'taxonomy')
      .execute();
    expect(audit).toEqual([{ action: 'taxonomy.created', entityId: 'repair-cafes' }]);
  });

  it('keeps slugs unique and well-formed, and the tree two levels deep', async () => {
    expect(
      (await t.call('POST', '/api/v1/taxonomy', { slug: 'repair-cafes', name: 'Again' }, admin))
        .status,
    ).toBe(409);
    let res = await t.call('POST', '/api/v1/taxonomy', { slug: 'Bad Slug', name: 'x' }, admin);
    expect(res.status).toBe(422);
    expect(Object.keys(await details(res))).toEqual(['slug']);
    res = await t.call(
      'POST',
      '/api/v1/taxonomy',
      { slug: 'third-level', name: 'Third', parent: 'mens-groups' },
      admin,
    );
    expect(res.status).toBe(422);
    expect(await details(res)).toEqual({
      parent: 'must be a top-level tag (the taxonomy has two levels)',
    });
    res = await t.call(
      'POST',
      '/api/v1/taxonomy',
      { slug: 'orphan', name: 'Orphan', parent: 'no-such-group' },
      admin,
    );
    expect(await details(res)).toEqual({ parent: 'is not a known tag' });
    // A group with children cannot move under another group.
    res = await t.call(
      'PATCH',
      '/api/v1/taxonomy/money',
      { parent: 'loneliness-isolation' },
      admin,
    );
    expect(res.status).toBe(422);
    expect(Object.keys(await details(res))).toEqual(['parent']);
    expect(
      (
        await t.db
          .selectFrom('taxonomy')
          .select('slug')
          .where('slug', 'in', ['third-level', 'orphan'])
          .execute()
      ).length,
    ).toBe(0);
  });

  it('renames and moves a tag, but never changes its slug', async () => {
    const res = await t.call(
      'PATCH',
      '/api/v1/taxonomy/repair-cafes',
      { name: 'Repair cafés & swaps', parent: 'money' },
      admin,
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      slug: 'repair-cafes',
      name: 'Repair cafés & swaps',
      parent: 'money',
    });
    expect(
      (await t.call('PATCH', '/api/v1/taxonomy/repair-cafes', { slug: 'renamed' }, admin)).status,
    ).toBe(422);
    expect((await t.call('PATCH', '/api/v1/taxonomy/repair-cafes', {}, admin)).status).toBe(422);
    expect(
      (await t.call('PATCH', '/api/v1/taxonomy/no-such-tag', { name: 'x' }, admin)).status,
    ).toBe(404);
  });

  it('is seen at once by every tag lookup: expanding a group, naming a tag, refusing an unknown one', async () => {
    // Warm the process's copy, then edit through the API and straight in the database (another
    // process's edit): both move the data version, so the next lookup reads the new taxonomy.
    expect(await expandTags(t.db, ['money'])).toContain('repair-cafes');
    expect(await unknownTags(t.db, ['tool-library'])).toEqual(['tool-library']);
    await t.call(
      'PATCH',
      '/api/v1/taxonomy/repair-cafes',
      { parent: 'loneliness-isolation' },
      admin,
    );
    expect(await expandTags(t.db, ['money'])).not.toContain('repair-cafes');
    expect(await expandTags(t.db, ['loneliness-isolation'])).toContain('repair-cafes');
    await t.db
      .insertInto('taxonomy')
      .values({ slug: 'tool-library', name: 'Tool library', parentSlug: 'money', position: 99 })
      .execute();
    expect(await unknownTags(t.db, ['tool-library', 'nope'])).toEqual(['nope']);
    expect(await expandTags(t.db, ['money'])).toContain('tool-library');
    expect((await taxonomyNames(t.db)).find((n) => n.slug === 'tool-library')?.name).toBe(
      'Tool library',
    );
  });

  it('is for admins only', async () => {
    expect(
      (await t.call('POST', '/api/v1/taxonomy', { slug: 'x', name: 'x' }, organiser)).status,
    ).toBe(403);
    expect((await t.call('PATCH', '/api/v1/taxonomy/money', { name: 'x' }, organiser)).status).toBe(
      403,
    );
    expect((await t.call('POST', '/api/v1/taxonomy', { slug: 'x', name: 'x' })).status).toBe(401);
  });
});
