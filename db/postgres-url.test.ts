import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { connect } from './connect.js';
import { libpqEnv, postgresJsTarget } from './postgres-url.js';
import { createTestDatabaseUrl, testDbKind } from './testing/test-db.js';

describe('postgresJsTarget', () => {
  it('leaves a TCP URL as it is', () => {
    const url = 'postgres://gapmap:secret@127.0.0.1:5432/gapmap?sslmode=disable';
    expect(postgresJsTarget(url)).toEqual({ url });
  });

  it('turns libpq’s socket directory into postgres.js’s socket path, with the port', () => {
    expect(postgresJsTarget('postgres:///gapmap?host=/var/run/postgresql')).toEqual({
      url: 'postgres://localhost/gapmap',
      path: '/var/run/postgresql/.s.PGSQL.5432',
    });
    expect(
      postgresJsTarget('postgres://gapmap@localhost:6432/gapmap?host=/tmp/&sslmode=disable'),
    ).toEqual({
      url: 'postgres://gapmap@localhost:6432/gapmap?sslmode=disable',
      path: '/tmp/.s.PGSQL.6432',
    });
    expect(postgresJsTarget('postgres:///gapmap?host=/run/pg&port=5433').path).toBe(
      '/run/pg/.s.PGSQL.5433',
    );
  });

  it('keeps a host parameter that is not a directory for the server to judge', () => {
    const url = 'postgres://localhost/gapmap?host=db.example';
    expect(postgresJsTarget(url)).toEqual({ url });
  });
});

describe('libpqEnv', () => {
  it('passes the connection by environment, decoding the password', () => {
    expect(libpqEnv('postgres://gap%40map:p%2Fss@db.example:6432/gapmap?sslmode=require')).toEqual({
      PGHOST: 'db.example',
      PGPORT: '6432',
      PGUSER: 'gap@map',
      PGPASSWORD: 'p/ss',
      PGDATABASE: 'gapmap',
      PGSSLMODE: 'require',
    });
  });

  it('passes a socket directory as the host, as libpq takes it', () => {
    expect(libpqEnv('postgres:///gapmap?host=/var/run/postgresql&port=5433')).toEqual({
      PGHOST: '/var/run/postgresql',
      PGPORT: '5433',
      PGDATABASE: 'gapmap',
    });
  });
});

describe.runIf(testDbKind() === 'postgres')('a DATABASE_URL naming a Unix socket', () => {
  it('connects through the socket, not TCP', async () => {
    const clone = await createTestDatabaseUrl();
    const overTcp = await connect({ databaseUrl: clone.url, maxConnections: 1 });
    try {
      const { rows } = await sql<{
        dir: string;
      }>`select current_setting('unix_socket_directories') as dir`.execute(overTcp.db);
      const dir = rows[0]!.dir.split(',')[0]!.trim();
      const u = new URL(clone.url);
      const socketUrl = `postgres://${u.username}@localhost${u.pathname}?host=${dir}&port=${u.port || 5432}`;
      const overSocket = await connect({ databaseUrl: socketUrl, maxConnections: 1 });
      try {
        // inet_server_addr() is null over a Unix socket and the server's address over TCP.
        const via = async (db: typeof overTcp.db) =>
          (
            await sql<{
              addr: string | null;
              db: string;
            }>`select inet_server_addr()::text as addr, current_database() as db`.execute(db)
          ).rows[0]!;
        expect(await via(overSocket.db)).toEqual({ addr: null, db: u.pathname.slice(1) });
        expect((await via(overTcp.db)).addr).not.toBeNull();
        // The app's tables are there, as over TCP.
        const users = await overSocket.db.selectFrom('users').select('id').limit(1).execute();
        expect(users).toEqual([]);
      } finally {
        await overSocket.close();
      }
    } finally {
      await overTcp.close();
      await clone.drop();
    }
  });
});
