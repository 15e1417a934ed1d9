/**
 * A Kysely driver over postgres.js that survives the server dropping connections.
 *
 * kysely-postgres-js reserves a postgres.js connection per query or transaction, and postgres.js
 * 3.4.9 can strand its pool when a backend dies: releasing a reserved connection whose backend
 * was terminated leaves the pool handing out a dead socket (porsager/postgres#1199), and a reserve
 * queued behind a connection the server closed never settles (#1195). Seen here as the fault test
 * answering 504 for good after `pg_terminate_backend`. So:
 *
 * - a connection that failed with a connection error (or whose reply never came within the query
 *   deadline) is never handed back to its pool, and that pool is replaced by a fresh client
 *   ("generation") for every later request; the old one closes in the background;
 * - acquiring a connection and every query are bounded by deadlines, so nothing waits forever:
 *   a missed deadline is a connection error (the app's 503) and also replaces the pool.
 *
 * Queries in flight on the old generation finish or fail on their own; nothing is retried here
 * (the caller decides, e.g. the flag writer's per-flag retry with kept ids).
 */
import {
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import type { Sql } from 'postgres';

/** Error codes that mean the connection, not the statement, failed (postgres.js and PostgreSQL). */
const CONNECTION_CODES = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08003',
  '08006',
]);

export function isConnectionError(error: unknown): boolean {
  return CONNECTION_CODES.has((error as { code?: string } | null)?.code ?? '');
}

/** PostgreSQL's query_canceled, as a statement timeout reports it. */
const STATEMENT_TIMEOUT = '57014';

/** Connection loss, shutdown or a statement timeout: the client may retry, nothing was committed. */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  return isConnectionError(err) || (err as { code?: string }).code === STATEMENT_TIMEOUT;
}

/** A missed deadline, shaped as postgres.js's own connection errors so the app answers 503. */
class DeadlineError extends Error {
  readonly code = 'CONNECTION_DESTROYED';
  constructor(what: string, ms: number) {
    super(`${what} did not settle within ${ms} ms; the connection pool was replaced`);
    this.name = 'DeadlineError';
  }
}

function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(what, ms)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

interface Generation {
  client: Sql;
  driver: Driver;
  ready: Promise<void>;
}

export interface ResilientPoolOptions {
  /** A new postgres.js client; called once at start and again after each replacement. */
  createClient: () => Sql;
  /** Builds the inner (kysely-postgres-js) driver over a client. */
  createDriver: (client: Sql) => Driver;
  /** Longest wait for a pooled connection. */
  acquireMs: number;
  /** Longest wait for one query's reply (beyond the statement timeout, so a live server has answered). */
  queryMs: number;
  /** Told when a pool is replaced (for the log). */
  onReplace?: (reason: string) => void;
}

class GuardedConnection implements DatabaseConnection {
  dead = false;
  constructor(
    readonly inner: DatabaseConnection,
    readonly generation: Generation,
    private readonly pool: ResilientPostgresDriver,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    try {
      return await withDeadline(
        this.inner.executeQuery<R>(query),
        this.pool.options.queryMs,
        'a query',
      );
    } catch (error) {
      if (isConnectionError(error)) {
        this.dead = true;
        this.pool.replace(this.generation, (error as Error).message);
      }
      throw error;
    }
  }

  streamQuery<R>(query: CompiledQuery, chunkSize: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}

export class ResilientPostgresDriver implements Driver {
  private current: Generation | undefined;
  private readonly retired = new Set<Promise<void>>();
  private destroyed = false;

  constructor(readonly options: ResilientPoolOptions) {}

  async init(): Promise<void> {
    this.current = this.open();
    await this.current.ready;
  }

  private open(): Generation {
    const client = this.options.createClient();
    const driver = this.options.createDriver(client);
    return { client, driver, ready: driver.init() };
  }

  /** Replaces the pool `failed` belongs to, once (later failures of the same pool are no news). */
  replace(failed: Generation, reason: string): void {
    if (this.destroyed || failed !== this.current) return;
    this.current = this.open();
    this.options.onReplace?.(reason);
    // Let healthy queries on the old pool finish; end() itself may hang on a dead socket
    // (porsager/postgres#1097), so it is bounded and never awaited by a request.
    const ending = withDeadline(
      failed.client.end({ timeout: 5 }),
      10_000,
      'closing a replaced pool',
    ).catch(() => {});
    this.retired.add(ending);
    void ending.then(() => this.retired.delete(ending));
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const generation = this.current;
    if (!generation) throw new Error('the database driver is not initialised');
    await generation.ready;
    const acquiring = generation.driver.acquireConnection();
    try {
      return new GuardedConnection(
        await withDeadline(acquiring, this.options.acquireMs, 'acquiring a connection'),
        generation,
        this,
      );
    } catch (error) {
      // A reserve that settles after its deadline goes straight back to its pool.
      void acquiring.then(
        (late) => generation.driver.releaseConnection(late),
        () => {},
      );
      if (isConnectionError(error)) this.replace(generation, (error as Error).message);
      throw error;
    }
  }

  async beginTransaction(
    connection: DatabaseConnection,
    settings: TransactionSettings,
  ): Promise<void> {
    await (connection as GuardedConnection).generation.driver.beginTransaction(
      connection,
      settings,
    );
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as GuardedConnection).generation.driver.commitTransaction(connection);
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as GuardedConnection).generation.driver.rollbackTransaction(connection);
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const guarded = connection as GuardedConnection;
    // A dead connection handed back would poison its pool (porsager/postgres#1199); that pool has
    // been replaced and is closing, so the connection is simply dropped with it.
    if (guarded.dead) return;
    await guarded.generation.driver.releaseConnection(guarded.inner);
  }

  async destroy(): Promise<void> {
    this.destroyed = true;
    const current = this.current;
    this.current = undefined;
    await Promise.all([
      current && withDeadline(current.driver.destroy(), 15_000, 'closing the pool').catch(() => {}),
      ...this.retired,
    ]);
  }
}

/** Kysely's PostgreSQL dialect with the resilient driver (the same parts kysely-postgres-js uses). */
export function resilientPostgresDialect(options: ResilientPoolOptions): Dialect {
  return {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new ResilientPostgresDriver(options),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  };
}
