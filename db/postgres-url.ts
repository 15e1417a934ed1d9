/**
 * A PostgreSQL URL (DATABASE_URL), read once for every client that connects with it: postgres.js
 * (the app, the scripts) and libpq's tools (pg_dump, pg_restore).
 *
 * A Unix socket is named as libpq names it, a `host` query parameter holding the socket's
 * directory: `postgres:///gapmap?host=/var/run/postgresql` (or `postgres://gapmap@localhost/gapmap?host=…`).
 * On the database's own machine that allows peer authentication (the OS user is the database
 * user, no password to keep in the environment). Throughput: no measurable difference from
 * loopback TCP (single flags with WORKERS=2, alternated twice, 4 Dec 2026).
 */
import postgres, { type Options, type PostgresType } from 'postgres';

/** A postgres.js client for a DATABASE_URL: every postgres.js client is opened here. */
export function openPostgresJs<T extends Record<string, PostgresType>>(
  databaseUrl: string,
  options: Options<T> = {},
) {
  const target = postgresJsTarget(databaseUrl);
  return postgres(target.url, { ...options, ...(target.path ? { path: target.path } : {}) });
}

/** What postgres.js needs: the URL without the socket parameters, and the socket's path. */
export function postgresJsTarget(databaseUrl: string): { url: string; path?: string } {
  const u = new URL(databaseUrl);
  const dir = socketDirectory(u);
  if (dir === undefined) return { url: databaseUrl };
  const port = u.searchParams.get('port') ?? (u.port || '5432');
  u.searchParams.delete('host');
  u.searchParams.delete('port');
  // postgres.js parses the URL's host even when it connects by path, and an empty one fails.
  if (!u.hostname) u.hostname = 'localhost';
  return { url: u.toString(), path: `${dir.replace(/\/+$/, '')}/.s.PGSQL.${port}` };
}

/** libpq environment for a postgres:// URL (host or socket directory, port, user, password, database, sslmode). */
export function libpqEnv(databaseUrl: string): Record<string, string> {
  const u = new URL(databaseUrl);
  const env: Record<string, string> = {};
  const host = socketDirectory(u) ?? decodeURIComponent(u.hostname.replace(/^\[|\]$/g, ''));
  if (host) env.PGHOST = host;
  const port = u.searchParams.get('port') ?? u.port;
  if (port) env.PGPORT = port;
  if (u.username) env.PGUSER = decodeURIComponent(u.username);
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  const database = decodeURIComponent(u.pathname.slice(1));
  if (database) env.PGDATABASE = database;
  const sslmode = u.searchParams.get('sslmode');
  if (sslmode) env.PGSSLMODE = sslmode;
  return env;
}

/** The `host` parameter when it is a directory (libpq: an absolute path is a Unix socket's). */
function socketDirectory(u: URL): string | undefined {
  const host = u.searchParams.get('host');
  return host?.startsWith('/') ? host : undefined;
}
