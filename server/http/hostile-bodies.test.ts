/**
 * Hostile bodies on every route outside /api (pages, signed /r/ links, static files and the SPA
 * fallback): an oversized body is refused with 413 before it is read (or after at most the page
 * limit when it is chunked), the connection is closed after a 413, a made-up /r/ token is
 * refused before its body is read, and a slow page times out like the API does.
 */
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { request as httpRequest, Agent } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { insertService, setKeyContact } from '../referrals/testing.js';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';
import { PAGE_BODY_LIMIT } from './security.js';

let t: TestApp;
let withClient: ReturnType<typeof createApp>;
let token: string;
const MB = 1024 * 1024;

/** A body of `total` bytes that counts how much of it the server pulled. */
function countedBody(total: number) {
  const read = { bytes: 0 };
  const chunk = new Uint8Array(64 * 1024).fill(0x61);
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (read.bytes >= total) return controller.close();
        read.bytes += chunk.length;
        controller.enqueue(chunk);
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, read };
}

function post(app: ReturnType<typeof createApp>, path: string, total: number, declared: boolean) {
  const { stream, read } = countedBody(total);
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
  if (declared) headers['Content-Length'] = String(total);
  const res = app.request(path, {
    method: 'POST',
    body: stream,
    headers,
    duplex: 'half',
  } as RequestInit);
  return { res, read };
}

beforeAll(async () => {
  t = await createTestApp({ requestTimeoutMs: 300 });
  t.app.get('/__test/slow-page', async (c) => {
    await new Promise((r) => setTimeout(r, 1_000));
    return c.html('<p>late</p>');
  });
  const linkWorker: SignedIn = await t.signIn('link_worker');
  const organiser = await t.signIn('organiser');
  await setKeyContact(t.db, organiser.organisationId!, organiser.userId);
  const { serviceId } = await insertService(t.db, {
    organisationId: organiser.organisationId!,
    name: 'Men in Sheds',
  });
  await t.call('POST', '/api/v1/referrals', { serviceId }, linkWorker);
  token = /\/r\/([\w-]+)/.exec(t.mail.at(-1)!.text)![1]!;
  const clientDir = await mkdtemp(join(tmpdir(), 'gapmap-client-'));
  await mkdir(join(clientDir, 'assets'));
  await writeFile(join(clientDir, 'index.html'), '<!doctype html><title>Gapmap</title>');
  await writeFile(join(clientDir, 'assets', 'app.js'), 'console.log(1)');
  withClient = createApp({ db: t.db, config: t.config, logger: () => {}, clientDir });
});
afterAll(() => t.close());

const PAGES = () => [
  `/r/${token}`,
  `/r/${'x'.repeat(43)}`,
  '/r/short',
  '/digest',
  '/catalogue',
  '/',
  '/index.html',
  '/assets/app.js',
  '/some/client/route',
];

describe('bodies on routes outside /api', () => {
  it('refuses a declared 150 MB body with 413 and Connection: close, without reading it', async () => {
    for (const path of PAGES()) {
      const { res, read } = post(withClient, path, 150 * MB, true);
      const answer = await res;
      expect(answer.status, path).toBe(413);
      expect(answer.headers.get('connection'), path).toBe('close');
      expect(read.bytes, path).toBeLessThanOrEqual(64 * 1024);
    }
  });

  it('stops reading an undeclared (chunked) body at the page limit', async () => {
    for (const path of PAGES()) {
      const { res, read } = post(withClient, path, 150 * MB, false);
      expect((await res).status, path).toBe(413);
      expect(read.bytes, path).toBeLessThanOrEqual(PAGE_BODY_LIMIT + 64 * 1024);
    }
  });

  it('refuses a made-up referral token before reading its body', async () => {
    const { res, read } = post(t.app, `/r/${'y'.repeat(43)}`, 8 * 1024, true);
    const answer = await res;
    expect(answer.status).toBe(404);
    expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
    expect(read.bytes).toBe(0);
  });

  it('times out a slow page with 504, as the API does', async () => {
    const started = Date.now();
    const res = await t.app.request('/__test/slow-page');
    expect(res.status).toBe(504);
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('refuses control characters in the query string of pages too (422, never a 500)', async () => {
    const admin = await t.signIn('admin');
    for (const path of [
      '/catalogue?tag=%00',
      '/catalogue?area=a%00b',
      '/digest?since=%00',
      '/digest.txt?since=2026%1b',
      `/r/${token}?x=%7f`,
    ]) {
      expect((await t.call('GET', path, undefined, admin)).status, path).toBe(422);
    }
  });

  it('keeps the referral page working with a small form', async () => {
    const res = await t.app.request(`/r/${token}`, {
      method: 'POST',
      body: new URLSearchParams({ status: 'acknowledged' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });
});

describe('a 413 over a real keep-alive connection', () => {
  let server: ServerType;
  let port: number;
  beforeAll(async () => {
    server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((done) => server.once('listening', () => done()));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  function send(
    agent: Agent,
    method: string,
    path: string,
    body?: Buffer,
  ): Promise<{ status: number; connection: string | undefined }> {
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method,
          path,
          agent,
          headers: body
            ? { 'Content-Type': 'application/json', 'Content-Length': body.length }
            : {},
        },
        (res) => {
          res.resume();
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  it("keeps per-route headers over a real connection: the docs page's script hash, the /r/ page's no-referrer", async () => {
    const docs = await fetch(`http://127.0.0.1:${port}/api/docs`);
    expect(docs.headers.get('content-security-policy')).toMatch(/script-src 'self' 'sha256-/);
    const link = await fetch(`http://127.0.0.1:${port}/r/${token}`);
    expect(link.headers.get('referrer-policy')).toBe('no-referrer');
    expect(link.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('closes the connection, so the next requests on the agent all succeed', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const refused = await send(agent, 'POST', '/api/v1/auth/login', Buffer.alloc(3 * MB, 0x20));
      expect(refused).toEqual({ status: 413, connection: 'close' });
      for (let i = 0; i < 3; i++)
        expect((await send(agent, 'GET', '/api/health')).status).toBe(200);
    } finally {
      agent.destroy();
    }
  });
});
