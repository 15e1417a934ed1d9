/**
 * Tests build the real app over a fresh, migrated database (PGlite in memory, or PostgreSQL
 * when GAPMAP_TEST_DB=postgres) and call it with `app.request()`: no port, no mocks.
 */
import type { Kysely } from 'kysely';
import type { DB, Role } from '../../db/schema.js';
import { createTestDb } from '../../db/testing/test-db.js';
import { createApp } from '../app.js';
import { createSession } from '../auth/sessions.js';
import { testConfig, type Config } from '../config.js';
import type { LogLine } from '../http/logger.js';
import { memoryMailer, type Mailer, type MailMessage } from '../mail/mailer.js';
import { londonWeek } from '../releases/calendar.js';
import { publishThrough } from '../releases/releases.js';
import { followWrites } from '../perf/write-notices.js';

export interface TestApp {
  app: ReturnType<typeof createApp>;
  db: Kysely<DB>;
  config: Config;
  /** Every log line the app wrote, for tests that check what is (not) logged. */
  logs: LogLine[];
  /** Every message the app handed to its mailer (referral links, digests), newest last. */
  mail: MailMessage[];
  close(): Promise<void>;
  /** Creates a user of this role (and an organisation for organisers unless one is given) and a Bearer session. */
  signIn(role: Role, options?: { organisationId?: string; email?: string }): Promise<SignedIn>;
  /**
   * Publishes every unpublished week up to `through`'s week (default: this week), as if time had
   * moved past its publication: aggregates read published weeks only (DESIGN.md "Publication").
   */
  publish(through?: string): Promise<string[]>;
  /** JSON request helper: `call('POST', '/api/v1/needs', body, auth)`. */
  call(
    method: string,
    path: string,
    body?: unknown,
    auth?: SignedIn | Record<string, string>,
  ): Promise<Response>;
}

export interface SignedIn {
  userId: string;
  organisationId: string | null;
  sessionId: string;
  token: string;
  csrfToken: string;
  headers: Record<string, string>;
}

let counter = 0;

export interface TestAppOptions {
  /** The app's mailer instead of the in-memory one (then `mail` stays empty), e.g. the real queue. */
  mailer?: (db: Kysely<DB>, config: Config) => Mailer;
}

export async function createTestApp(
  overrides: Partial<Config> = {},
  options: TestAppOptions = {},
): Promise<TestApp> {
  // The database connection takes a statement timeout only when a test asks for one.
  const database = await createTestDb({ statementTimeoutMs: overrides.statementTimeoutMs });
  // As the server does (serve.ts): on PGlite, reads kept until the database reports a write.
  if (database.listen) await followWrites(database.db, database.listen);
  const config = testConfig(overrides);
  const logs: LogLine[] = [];
  const memory = memoryMailer();
  const mailer = options.mailer?.(database.db, config) ?? memory;
  const app = createApp({
    db: database.db,
    config,
    dbKind: database.kind,
    logger: (line) => logs.push(line),
    mailer,
  });
  const db = database.db;
  const t: TestApp = {
    app,
    db,
    config,
    logs,
    mail: memory.sent,
    close: () => database.close(),
    publish: (through) =>
      publishThrough(db, {
        through: through ?? londonWeek(new Date()),
        now: new Date(Date.now() + 8 * 86_400_000),
        reason: 'scheduled',
      }),
    async signIn(role, options = {}) {
      counter += 1;
      let organisationId = options.organisationId ?? null;
      if (role === 'organiser' && !organisationId) {
        const org = await db
          .insertInto('organisations')
          .values({ name: `Test organisation ${counter}` })
          .returning('id')
          .executeTakeFirstOrThrow();
        organisationId = org.id;
      }
      const user = await db
        .insertInto('users')
        .values({
          email: options.email ?? `${role}.${counter}.${Date.now()}@test.gapmap`,
          name: `Test ${role} ${counter}`,
          role,
          organisationId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const session = await createSession(db, config, user.id);
      return {
        userId: user.id,
        organisationId,
        sessionId: session.sessionId,
        token: session.token,
        csrfToken: session.csrfToken,
        headers: { Authorization: `Bearer ${session.token}` },
      };
    },
    async call(method, path, body, auth) {
      const headers: Record<string, string> = {
        ...(auth && 'headers' in auth
          ? (auth as SignedIn).headers
          : (auth as Record<string, string> | undefined)),
      };
      if (body !== undefined) headers['Content-Type'] ??= 'application/json';
      return app.request(path, {
        method,
        headers,
        body:
          body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
    },
  };
  return t;
}
