/**
 * Statements built and compiled once, then run with each call's value: Kysely's "compile, then
 * execute" recipe (`db.executeQuery(compiledQuery)`; plugins still map the result rows).
 *
 * For statements every request runs whose text does not depend on their argument (a list passed
 * as one array parameter, `any($1::text[])`): building and compiling such a statement — a service
 * view's four JSON subqueries, the session join — took the event loop longer than PostgreSQL took
 * to run it. The builder is called once per database object with a placeholder for the argument;
 * every parameter that is the placeholder takes the call's value.
 */
import { CompiledQuery, type Compilable, type Kysely } from 'kysely';
import type { DB } from './schema.js';

const PLACEHOLDER: readonly string[] = Object.freeze(['gapmap:compiled-once placeholder']);

export function compiledOnce<V, R>(build: (db: Kysely<DB>, value: V) => Compilable<R>) {
  const compiled = new WeakMap<Kysely<DB>, CompiledQuery<R>>();
  return async (db: Kysely<DB>, value: V): Promise<R[]> => {
    let query = compiled.get(db);
    if (!query) {
      query = build(db, PLACEHOLDER as unknown as V).compile();
      if (!query.parameters.includes(PLACEHOLDER))
        throw new Error('compiledOnce: the statement does not use its argument as a parameter');
      compiled.set(db, query);
    }
    const parameters = query.parameters.map((p) => (p === PLACEHOLDER ? value : p));
    const { rows } = await db.executeQuery(
      CompiledQuery.raw(query.sql, parameters) as CompiledQuery<R>,
    );
    return rows;
  };
}
