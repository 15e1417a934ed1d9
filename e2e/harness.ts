/**
 * End-to-end harness shared by every feature's e2e test: the real server (`tsx server/main.ts`)
 * as a child process on a free port over a fresh database, the system Chromium driven by
 * playwright-core, and helpers to sign in and save screenshots. `npm run test:e2e` builds the
 * client first, so the server serves dist/client.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { connect } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';
import type { DB } from '../db/schema.js';

export const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const RESULTS_DIR = join(ROOT, 'test-results');

/** Demo users from API.md ("Demo fixtures create these users"). */
export const DEMO_PASSWORD = 'gapmap-demo-2026';
export const DEMO_USERS = {
  admin: 'admin@demo.gapmap',
  link_worker: 'linkworker@demo.gapmap',
  organiser: 'organiser@demo.gapmap',
  funder: 'funder@demo.gapmap',
} as const;

export interface StartOptions {
  /** Load the demo fixtures at start (the server's default). Ignored when `prepare` is given. */
  demo?: boolean;
  /**
   * Writes what a test needs straight into a fresh, migrated database before the server starts
   * on it (then without the demo fixtures). For data no API writes yet, or a small exact world.
   */
  prepare?: (db: Kysely<DB>) => Promise<void>;
  /** Extra environment for the server (e.g. PUBLIC_DIRECTORY: '1'). */
  env?: Record<string, string>;
  /** How long to wait for /api/health; start-up migrates and may seed on a busy machine. */
  startTimeoutMs?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  /** Everything the server wrote, to print when a test fails. */
  output(): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => done(port));
    });
  });
}

async function preparedDataDir(prepare: NonNullable<StartOptions['prepare']>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'gapmap-e2e-'));
  const database = await connect({ pgliteDir: dir });
  try {
    await migrateToLatest(database.db);
    await prepare(database.db);
  } finally {
    await database.close();
  }
  return dir;
}

async function waitForHealth(
  url: string,
  child: ChildProcess,
  output: () => string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`server exited with ${child.exitCode} before it was healthy:\n${output()}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server not healthy after ${timeoutMs} ms:\n${output()}`);
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = options.prepare ? await preparedDataDir(options.prepare) : undefined;
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    PORT: String(port),
    HOST: '127.0.0.1',
    PGLITE_DIR: dataDir ?? 'memory://',
    DEMO: options.prepare ? '0' : options.demo === false ? '0' : '1',
    NODE_ENV: 'development',
    LOG_LEVEL: 'error',
    ...options.env,
  };
  delete env.DATABASE_URL;
  // Its own process group, so stop() ends tsx and the node process it starts, and nothing else.
  const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), ['server/main.ts'], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const append = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      process.kill(-child.pid, 'SIGTERM');
      const killer = setTimeout(
        () => child.pid && child.exitCode === null && process.kill(-child.pid, 'SIGKILL'),
        15_000,
      );
      await exited;
      clearTimeout(killer);
    }
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForHealth(url, child, () => log, options.startTimeoutMs ?? 120_000);
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, port, output: () => log, stop };
}

/** The system Chromium, headless; SwiftShader gives MapLibre WebGL without a GPU. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

export interface OpenedPage {
  context: BrowserContext;
  page: Page;
  /** Console errors, page errors and failed same-origin requests seen so far. */
  problems: string[];
}

/** A fresh browser context (own cookies) with a page at `path`, recording anything that went wrong. */
export async function openPage(
  browser: Browser,
  server: RunningServer,
  path = '/',
  viewport: { width: number; height: number } = { width: 1280, height: 800 },
): Promise<OpenedPage> {
  const context = await browser.newContext({
    baseURL: server.url,
    viewport,
    locale: 'en-GB',
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    // HTTP error statuses are judged from the responses below.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
      problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('response', (r) => {
    // 401 is how a signed-out visitor's reads answer (the session check, a private directory);
    // tests that care assert what the page says. Any other 4xx or 5xx is a problem.
    if (r.status() >= 400 && r.status() !== 401)
      problems.push(`HTTP ${r.status()}: ${r.request().method()} ${new URL(r.url()).pathname}`);
  });
  page.on('requestfailed', (r) => {
    // Aborted requests are stale viewport loads the client cancelled on purpose.
    if (r.failure()?.errorText !== 'net::ERR_ABORTED')
      problems.push(`request failed: ${r.method()} ${new URL(r.url()).pathname}`);
  });
  await page.goto(path);
  return { context, page, problems };
}

export interface SignedInUser {
  user: { id: string; email: string; name: string; role: string; organisationId: string | null };
  csrfToken: string;
}

/**
 * Signs in from the page itself (POST /api/v1/auth/login), so the browser holds the session
 * cookie exactly as after the sign-in form, then reloads so the client reads the session.
 */
export async function signIn(
  page: Page,
  email: string,
  password = DEMO_PASSWORD,
): Promise<SignedInUser> {
  const result = await page.evaluate(
    async ([e, p]) => {
      const res = await fetch('/api/v1/auth/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        credentials: 'same-origin',
        body: JSON.stringify({ email: e, password: p }),
      });
      return { status: res.status, body: (await res.json()) as unknown };
    },
    [email, password] as const,
  );
  if (result.status !== 200) throw new Error(`sign-in as ${email} failed with ${result.status}`);
  await page.reload();
  const body = result.body as SignedInUser & { token: string };
  return { user: body.user, csrfToken: body.csrfToken };
}

/** Saves a full-page PNG to test-results/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export interface DemoWorld {
  server: RunningServer;
  browser: Browser;
  /** Opens `path` in a fresh browser context, closed with the world. */
  open(path?: string, viewport?: { width: number; height: number }): Promise<OpenedPage>;
}

/**
 * For one e2e file: the real server over the demo world and a browser, started before the
 * file's tests and stopped after them.
 */
export function useDemoWorld(options: StartOptions = { demo: true }): DemoWorld {
  const opened: OpenedPage[] = [];
  const world = {
    async open(path = '/', viewport?: { width: number; height: number }) {
      const o = await openPage(world.browser, world.server, path, viewport);
      opened.push(o);
      return o;
    },
  } as DemoWorld;
  beforeAll(async () => {
    world.server = await startServer(options);
    world.browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const o of opened) await o.context.close();
    await world.browser?.close();
    await world.server?.stop();
  });
  return world;
}

/**
 * Types into a place input (PlaceInput: a combobox over GET /api/v1/places) and chooses the
 * suggestion whose name starts with `pick` (default: the text typed), as a person would.
 */
export async function choosePlace(
  page: Page,
  label: string,
  text: string,
  pick = text,
): Promise<void> {
  const input = page.getByRole('combobox', { name: label });
  await input.fill(text);
  const listbox = page.getByRole('listbox', { name: `${label}: suggestions` });
  await listbox.getByRole('option').first().waitFor();
  await listbox
    .getByRole('option', { name: new RegExp(`^${pick.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`) })
    .first()
    .click();
}

/** Chooses a need in a TagPicker by typing part of its name and clicking the suggestion. */
export async function chooseTag(page: Page, label: string, name: string): Promise<void> {
  const input = page.getByRole('combobox', { name: label });
  await input.fill(name);
  await page
    .getByRole('listbox', { name: `${label}: options` })
    .getByRole('option', { name: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) })
    .first()
    .click();
}

const axeSource = () =>
  readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Serious and critical axe-core violations of the page as it is now (axe run over DevTools: the CSP blocks a script tag). */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource());
  return page.evaluate(async () => {
    type Violation = { id: string; impact: string | null; nodes: { target: string[] }[] };
    const axe = (
      window as unknown as {
        axe: { run: (ctx: Document, opts: object) => Promise<{ violations: Violation[] }> };
      }
    ).axe;
    const { violations } = await axe.run(document, { resultTypes: ['violations'] });
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.id}: ${v.nodes
            .slice(0, 3)
            .map((n) => n.target.join(' '))
            .join(', ')}`,
      );
  });
}
