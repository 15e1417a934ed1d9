import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compiledOnce } from './compiled-once.js';
import { createTestDb } from './testing/test-db.js';
import type { Database } from './connect.js';

let database: Database;
beforeAll(async () => {
  database = await createTestDb();
  await database.db
    .insertInto('taxonomy')
    .values([
      { slug: 'compiled-a', name: 'Compiled A' },
      { slug: 'compiled-b', name: 'Compiled B' },
    ])
    .onConflict((oc) => oc.doNothing())
    .execute();
});
afterAll(() => database.close());

const namesOf = compiledOnce((db, slugs: string[]) =>
  db
    .selectFrom('taxonomy')
    .select(['slug', 'name'])
    .where('slug', '=', sql<string>`any(${slugs}::text[])`)
    .orderBy('slug'),
);

describe('compiledOnce', () => {
  it('runs the statement compiled at the first call with each call’s value', async () => {
    expect(await namesOf(database.db, ['compiled-a'])).toEqual([
      { slug: 'compiled-a', name: 'Compiled A' },
    ]);
    expect(await namesOf(database.db, ['compiled-b', 'compiled-a'])).toEqual([
      { slug: 'compiled-a', name: 'Compiled A' },
      { slug: 'compiled-b', name: 'Compiled B' },
    ]);
    expect(await namesOf(database.db, [])).toEqual([]);
  });

  it('runs inside a transaction on the transaction’s connection', async () => {
    await database.db
      .transaction()
      .execute(async (trx) => {
        await trx
          .insertInto('taxonomy')
          .values({ slug: 'compiled-c', name: 'Compiled C' })
          .execute();
        expect(await namesOf(trx, ['compiled-c'])).toEqual([
          { slug: 'compiled-c', name: 'Compiled C' },
        ]);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect(await namesOf(database.db, ['compiled-c'])).toEqual([]);
  });

  it('refuses a statement that does not take its argument as a parameter', async () => {
    const constant = compiledOnce((db, _slugs: string[]) =>
      db.selectFrom('taxonomy').select('slug').where('slug', '=', 'compiled-a'),
    );
    await expect(constant(database.db, ['compiled-b'])).rejects.toThrow(
      /does not use its argument/,
    );
  });
});
