/**
 * Opens the database: embedded PGlite by default, PostgreSQL through postgres.js when a URL
 * is given. The only file that knows which; everything else sees a Kysely<DB>.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { CamelCasePlugin, CompiledQuery, Kysely, PGliteDialect, type Driver } from 'kysely';
import { PostgresJSDialect } from 'kysely-postgres-js';
import { openPostgresJs } from './postgres-url.js';
import { resilientPostgresDialect } from './resilient-pool.js';
import type { DB } from './schema.js';

export type DbKind = 'pglite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  kind: DbKind;
  close(): Promise<void>;
  /**
   * Only for a database whose every write passes through this process (PGlite): calls `onNotice`
   * after each committed transaction that notified `channel` (migration 0850), before the
   * writer's own statement resolves.
   */
  listen?: (channel: string, onNotice: () => void) => Promise<void>;
}

export interface ConnectOptions {
  /** A PostgreSQL URL; when absent, PGlite in `pgliteDir`. */
  databaseUrl?: string | undefined;
  /** A folder, or 'memory://' for an in-memory database. */
  pgliteDir?: string;
  /** Pool size for PostgreSQL. */
  maxConnections?: number;
  /** Statement timeout in milliseconds (PostgreSQL only), so a runaway query cannot hold a connection. */
  statementTimeoutMs?: number;
  /** Told when the PostgreSQL pool was replaced after a lost connection (see resilient-pool.ts). */
  onPoolReplaced?: (reason: string) => void;
}

// int8 and numeric come back as numbers (counts and sums here stay far below 2^53);
// date stays a 'YYYY-MM-DD' string so weeks never shift with the process time zone.
const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
const JSON_OID = 114;
const JSONB = 3802;

const plugins = [new CamelCasePlugin()];

/**
 * kysely-postgres-js inherits Kysely's PostgresDriver rollback, which on failure calls a private
 * method its connection class lacks: when the server dropped a connection mid-transaction the
 * caller got that TypeError (a 500) instead of the connection error (a retryable 503). Roll back
 * plainly and let the real error through; the dead connection is dropped (resilient-pool.ts).
 */
class PostgresJSDialectWithRollback extends PostgresJSDialect {
  override createDriver(): Driver {
    const driver = super.createDriver();
    driver.rollbackTransaction = async (connection) => {
      await connection.executeQuery(CompiledQuery.raw('rollback'));
    };
    return driver;
  }
}

/** Each PostgreSQL database's pool for statements whose plan does not depend on their parameters. */
const fixedPlans = new WeakMap<Kysely<DB>, Kysely<DB>>();

/**
 * The same database for a statement whose plan cannot depend on its parameters (its rows arrive
 * as one JSON parameter, the rest are scalars it never filters a large table by): on
 * PostgreSQL a pool of its own whose prepared statements keep their generic plan
 * (plan_cache_mode = force_generic_plan), so such a statement is planned once per connection
 * instead of on every run as every other statement is (connect). The flag writer's statement took
 * 0.37 ms to plan, most of its cost, for ~5 flags at 20 connections (5 Dec 2026). PGlite, and a
 * transaction, get `db` itself.
 */
export function fixedPlanDb(db: Kysely<DB>): Kysely<DB> {
  return fixedPlans.get(db) ?? db;
}

export async function connect(options: ConnectOptions = {}): Promise<Database> {
  if (options.databaseUrl) {
    const databaseUrl = options.databaseUrl;
    const pool = (planCacheMode: 'force_custom_plan' | 'force_generic_plan', max: number) => {
      const createClient = () =>
        openPostgresJs(databaseUrl, {
          max,
          onnotice: () => {},
          // postgres.js prepares every statement; after five runs PostgreSQL may switch a prepared
          // statement to a generic plan, which for the roll-up aggregates (long IN lists, week ranges)
          // was an order of magnitude slower than the custom one (README "Benchmarks"). Custom plans
          // for every statement keep the 50th run as fast as the 1st; the parse is still saved.
          // Guard: server/perf/plan-cache.test.ts. The exception, statements whose plan cannot
          // depend on their parameters, run through fixedPlanDb's pool.
          // No parallel workers: every statement the app runs reads a few thousand rows by index
          // (roll-up totals of a view, a page), where starting workers cost ~50 ms of a 2 ms query
          // (bench data: the map res-7 statement 54 → 14 ms), and under load the
          // workers only compete with the requests for the same cores.
          connection: {
            plan_cache_mode: planCacheMode,
            max_parallel_workers_per_gather: '0',
            ...(options.statementTimeoutMs
              ? { statement_timeout: options.statementTimeoutMs }
              : {}),
          },
          types: {
            bigint: {
              to: INT8,
              from: [INT8, NUMERIC],
              serialize: (v: number) => String(v),
              parse: (v: string) => Number(v),
            },
            date: { to: DATE, from: [DATE], serialize: (v: string) => v, parse: (v: string) => v },
            // jsonb values are written already stringified (as PGlite takes them); postgres.js would
            // JSON.stringify them again and store a JSON string instead of the object.
            json: {
              to: JSON_OID,
              from: [JSON_OID, JSONB],
              parse: (v: string) => JSON.parse(v) as unknown,
              serialize: (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v)),
            },
          },
        });
      // A live server answers every statement within its statement timeout; past that (plus a
      // margin) the reply is lost with its socket. Waiting for a connection is bounded likewise.
      // Without a statement timeout (tools, tests) long statements are legitimate: wait longer.
      const statementMs = options.statementTimeoutMs ?? 300_000;
      const dialect = resilientPostgresDialect({
        createClient,
        createDriver: (client) =>
          new PostgresJSDialectWithRollback({ postgres: client }).createDriver(),
        acquireMs: 2 * statementMs + 5_000,
        queryMs: statementMs + 5_000,
        onReplace: options.onPoolReplaced,
      });
      return new Kysely<DB>({ dialect, plugins });
    };
    const db = pool('force_custom_plan', options.maxConnections ?? 10);
    // One connection: its one user, the flag writer, has one statement in flight at a time.
    const fixed = pool('force_generic_plan', 1);
    fixedPlans.set(db, fixed);
    return {
      db,
      kind: 'postgres',
      close: async () => {
        await Promise.all([db.destroy(), fixed.destroy()]);
      },
    };
  }
  const dir = options.pgliteDir ?? './data';
  // PGlite makes only the last folder of the path; a nested one (bench/data/pglite) needs its parents.
  if (dir !== 'memory://') await mkdir(dirname(resolve(dir)), { recursive: true });
  const pglite = new PGlite({
    ...(dir === 'memory://' ? {} : { dataDir: dir }),
    parsers: {
      [INT8]: (v: string) => Number(v),
      [NUMERIC]: (v: string) => Number(v),
      [DATE]: (v: string) => v,
    },
  });
  await pglite.waitReady;
  const db = new Kysely<DB>({ dialect: new PGliteDialect({ pglite }), plugins });
  return {
    db,
    kind: 'pglite',
    close: () => db.destroy(),
    listen: async (channel, onNotice) => {
      await pglite.listen(channel, () => onNotice());
    },
  };
}
