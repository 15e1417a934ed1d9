/**
 * WORKERS=2 on PostgreSQL, for real: `server/main.ts` in a child process, two server processes on
 * one port. Each keep-alive connection stays with the process that accepted it, so a client with
 * one connection per agent talks to one process; the test opens connections until it holds one
 * to each (GET /api/ready names the pid). Runs in the postgres project (.ci/run step postgres).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Database } from '../db/connect.js';
import { createTestDatabaseUrl, testDbKind } from '../db/testing/test-db.js';
import { createSession } from './auth/sessions.js';
import { seedEssentials } from '../fixtures/essentials.js';
import { testConfig } from './config.js';
import { prepareNeedFlags } from './needs/needs.js';
import { insertNeedFlags, type CreatedFlag } from './needs/queries.js';
import { addWeeks, latestDueWeek } from './releases/calendar.js';
import { startSmtpServer, type TestSmtpServer } from './mail/test-smtp.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function call(
  agent: Agent,
  port: number,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  return new Promise((done, fail) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: { ...headers, ...(payload ? { 'content-type': 'application/json' } : {}) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          done({ status: res.statusCode ?? 0, headers: res.headers, body: text }),
        );
      },
    );
    req.on('error', fail);
    req.end(payload);
  });
}

const freePort = () =>
  new Promise<number>((done) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });

describe.skipIf(testDbKind() !== 'postgres')(
  'two server processes on one PostgreSQL (WORKERS=2)',
  () => {
    let database: { url: string; drop(): Promise<void> };
    let db: Database;
    let server: ChildProcess;
    let port: number;
    let output = '';
    let smtp: TestSmtpServer;
    const pinned = new Map<number, Agent>();
    // Flags of a week the server publishes when it starts (need figures are read from published weeks only).
    const week = addWeeks(latestDueWeek(new Date()), -1);
    let flags: CreatedFlag[];

    beforeAll(async () => {
      database = await createTestDatabaseUrl();
      smtp = await startSmtpServer();
      const seeding = await connect({ databaseUrl: database.url });
      try {
        await seedEssentials(seeding.db);
        const author = await seeding.db
          .insertInto('users')
          .values({ email: 'author@cluster.test', name: 'Author', role: 'link_worker' })
          .returning('id')
          .executeTakeFirstOrThrow();
        const inputs = Array.from({ length: 40 }, () => ({
          tags: ['befriending'],
          lat: 51.5273,
          lng: -0.0553,
          week,
        }));
        flags = await insertNeedFlags(
          seeding.db,
          author.id,
          await prepareNeedFlags(seeding.db, inputs, { prefix: (i) => `items.${i}.` }),
        );
      } finally {
        await seeding.close();
      }
      port = await freePort();
      // Node itself (with tsx's loader), not npx: the signal test needs the primary's own exit code.
      server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
        env: {
          ...process.env,
          WORKERS: '2',
          PORT: String(port),
          HOST: '127.0.0.1',
          DATABASE_URL: database.url,
          DEMO: '0',
          LOG_LEVEL: 'error',
          NODE_ENV: 'development',
          SMTP_URL: smtp.url,
          PUBLIC_URL: 'https://gapmap.example.org',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      server.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      server.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      // Open connections until one is held by each process.
      const deadline = Date.now() + 90_000;
      while (pinned.size < 2) {
        if (Date.now() > deadline)
          throw new Error(`the two server processes did not both answer:\n${output}`);
        const agent = new Agent({ keepAlive: true, maxSockets: 1 });
        const answer = await call(agent, port, 'GET', '/api/ready').catch(() => null);
        if (answer?.status === 200) {
          const { pid } = JSON.parse(answer.body) as { pid: number };
          if (!pinned.has(pid)) pinned.set(pid, agent);
          else agent.destroy();
        } else {
          agent.destroy();
          await new Promise((r) => setTimeout(r, 250));
        }
      }
      db = await connect({ databaseUrl: database.url });
    }, 120_000);

    afterAll(async () => {
      for (const agent of pinned.values()) agent.destroy();
      if (server.exitCode === null) server.kill('SIGKILL');
      await db?.close();
      await database?.drop();
      await smtp?.close();
    });

    const processes = () => [...pinned.entries()];

    it('each connection keeps answering from its own process', async () => {
      for (const [pid, agent] of processes()) {
        for (let i = 0; i < 3; i++) {
          const answer = await call(agent, port, 'GET', '/api/ready');
          expect(JSON.parse(answer.body)).toEqual({ status: 'ready', pid });
        }
      }
    });

    it('loaded the need taxonomy on a DEMO=0 database', async () => {
      const [[, agent]] = processes() as [[number, Agent]];
      const answer = await call(agent, port, 'GET', '/api/v1/taxonomy');
      expect((JSON.parse(answer.body) as { items: unknown[] }).items.length).toBeGreaterThan(10);
    });

    it('refuses the 11th failed sign-in to one email whichever process answers', async () => {
      const agents = processes().map(([, agent]) => agent);
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++) {
        const answer = await call(agents[i % 2]!, port, 'POST', '/api/v1/auth/login', {
          email: 'someone@council.example',
          password: `wrong guess ${i}`,
        });
        statuses.push(answer.status);
      }
      expect(statuses).toEqual([...Array(10).fill(401), 429]);
      // The other process refuses too.
      expect(
        (
          await call(agents[1]!, port, 'POST', '/api/v1/auth/login', {
            email: 'someone@council.example',
            password: 'another',
          })
        ).status,
      ).toBe(429);
      expect(
        (
          await call(agents[0]!, port, 'POST', '/api/v1/auth/login', {
            email: 'someone.else@council.example',
            password: 'another',
          })
        ).status,
      ).toBe(401);
    });

    it('a write through one process is seen by the cached need map of the other', async () => {
      const [[, writer], [, reader]] = processes() as [[number, Agent], [number, Agent]];
      const admin = await db.db
        .insertInto('users')
        .values({ email: 'moderator@cluster.test', name: 'Moderator', role: 'admin' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const headers = {
        authorization: `Bearer ${(await createSession(db.db, testConfig(), admin.id)).token}`,
      };
      // The publication job runs at start in each process; wait until the flags' week is published.
      const deadline = Date.now() + 30_000;
      for (;;) {
        const releases = JSON.parse(
          (await call(reader, port, 'GET', '/api/v1/releases', undefined, headers)).body,
        ) as { latestWeek: string | null };
        if (releases.latestWeek && releases.latestWeek >= week) break;
        if (Date.now() > deadline) throw new Error(`week ${week} was not published:\n${output}`);
        await new Promise((r) => setTimeout(r, 250));
      }
      const map = `/api/v1/map/needs?bbox=-0.08,51.51,-0.03,51.54&res=8&from=${week}&to=${week}`;
      const cellCount = (body: string) =>
        (
          JSON.parse(body) as { features: { properties: { cell: string; count: unknown } }[] }
        ).features.find((f) => f.properties.cell === flags[0]!.cell)?.properties.count;

      const before = await call(reader, port, 'GET', map, undefined, headers);
      expect(before.status).toBe(200);
      expect(cellCount(before.body)).toBeDefined();
      // Cached: the same answer again.
      expect((await call(reader, port, 'GET', map, undefined, headers)).body).toBe(before.body);

      // Moderation through the other process: 35 of the 40 flags removed, the week republished.
      for (const flag of flags.slice(0, 35)) {
        expect(
          (await call(writer, port, 'DELETE', `/api/v1/needs/${flag.id}`, undefined, headers))
            .status,
        ).toBe(204);
      }
      const after = await call(reader, port, 'GET', map, undefined, headers);
      expect(after.status).toBe(200);
      expect(cellCount(after.body)).not.toEqual(cellCount(before.body));
    });

    it('delivers an invitation through the SMTP relay once, from whichever process took the request', async () => {
      const [[, agent]] = processes() as [[number, Agent]];
      const admin = await db.db
        .insertInto('users')
        .values({ email: 'inviter@cluster.test', name: 'Inviter', role: 'admin' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const token = (await createSession(db.db, testConfig(), admin.id)).token;
      const invited = await call(
        agent,
        port,
        'POST',
        '/api/v1/invites',
        { email: 'invitee@cluster.test', role: 'funder' },
        { authorization: `Bearer ${token}` },
      );
      expect(invited.status).toBe(201);
      const deadline = Date.now() + 15_000;
      while (smtp.received.length === 0 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      await new Promise((r) => setTimeout(r, 500));
      expect(smtp.received.map((m) => m.envelopeTo)).toEqual([['invitee@cluster.test']]);
      expect(smtp.received[0]!.parsed.text).toContain(
        `https://gapmap.example.org/invite/${(JSON.parse(invited.body) as { token: string }).token}`,
      );
    });

    it('stops both processes on SIGTERM and exits 0', async () => {
      for (const agent of pinned.values()) agent.destroy();
      const exited = new Promise<number | null>((done) =>
        server.once('exit', (code) => done(code)),
      );
      server.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(output).not.toMatch(/forcing shutdown|"level":"error"/);
    }, 30_000);
  },
);
