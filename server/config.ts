/** Environment → typed configuration. The one place that reads process.env. */
import { existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { z } from 'zod';

const flag = z
  .enum(['0', '1', 'true', 'false', ''])
  .optional()
  .transform((v) => (v === undefined || v === '' ? undefined : v === '1' || v === 'true'));

const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .url()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  PGLITE_DIR: z.string().default('./data'),
  DEMO: flag,
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** Counts below this are shown as "<threshold" (the NHS small-number rule). */
  SUPPRESSION_THRESHOLD: z.coerce.number().int().min(2).max(100).default(8),
  /** Secret seed of the cell-key perturbation table; set a long random value per deployment. */
  CELL_KEY_SECRET: z.string().min(8).default('gapmap-development-cell-key-secret'),
  SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().positive().default(12),
  /** Public read-only directory (services, taxonomy, ORUK) without signing in. */
  PUBLIC_DIRECTORY: flag,
  MAP_STYLE_URL: z.string().optional(),
  /** A self-hosted Protomaps basemap: a .pmtiles file the app serves with range requests. */
  MAP_PMTILES_PATH: z.string().optional(),
  /** Colours of that basemap (a @protomaps/basemaps flavour). */
  MAP_PMTILES_FLAVOR: z.enum(['light', 'white', 'grayscale', 'dark', 'black']).default('light'),
  LOG_LEVEL: z.enum(['silent', 'error', 'info', 'debug']).default('info'),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
  STATEMENT_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** Bytes (MB) the published-answer caches of one server process may hold between them. */
  CACHE_MAX_MB: z.coerce.number().int().min(1).max(65_536).default(96),
  /** Base URL used in links the server writes (digest, referral links). */
  PUBLIC_URL: z.string().url().optional(),
  /** A folder where outgoing mail (referral links, digests) is written for a relay to send; unset: only logged. */
  MAIL_OUTBOX_DIR: z.string().optional(),
  /** The SMTP relay mail goes through, e.g. smtp://user:pass@relay:587 (smtps:// for TLS from the start). */
  SMTP_URL: z
    .string()
    .url()
    .refine((u) => /^smtps?:$/.test(new URL(u).protocol), 'must start smtp:// or smtps://')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** The From of every message, e.g. "Gapmap <gapmap@council.example>"; default gapmap@ the PUBLIC_URL host. */
  MAIL_FROM: z.string().optional(),
  /** Behind a reverse proxy: client address from X-Forwarded-For, cookie Secure from X-Forwarded-Proto. */
  TRUST_PROXY: flag,
  /** Server processes on one port (node:cluster); more than 1 needs DATABASE_URL. */
  WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  /** Need-flag requests (single or batch) per Link Worker per hour; the bench and load test raise it. */
  FLAG_RATE_LIMIT_PER_HOUR: z.coerce.number().int().positive().default(120),
  /** 32 random bytes, base64: seals referral contacts at rest (AES-256-GCM). Required in production. */
  REFERRAL_CONTACT_KEY: z.string().optional(),
  /** Earlier keys (comma-separated, base64), still read until `npm run referral-contacts -- rotate` re-seals. */
  REFERRAL_CONTACT_PREVIOUS_KEYS: z.string().optional(),
  REFERRAL_RATE_LIMIT_PER_HOUR: z.coerce.number().int().positive().default(30),
  /** The system Chromium that prints the catalogue PDF (we never download a browser). */
  CHROMIUM_PATH: z.string().default('/usr/bin/chromium'),
});

const DEV_REFERRAL_CONTACT_KEY = createHash('sha256')
  .update('gapmap-development-referral-contact-key')
  .digest();

function contactKey(name: string, value: string): Buffer {
  const key = Buffer.from(value.trim(), 'base64');
  if (key.length !== 32)
    throw new Error(
      `invalid configuration: ${name} must be 32 bytes in base64 (openssl rand -base64 32)`,
    );
  return key;
}

export type Config = {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  pgliteDir: string;
  /** Load the demo fixtures into an empty database at start. */
  demo: boolean;
  /** Demo users may sign in (off in production unless DEMO=1). */
  demoLogins: boolean;
  production: boolean;
  suppressionThreshold: number;
  cellKeySecret: string;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  publicDirectory: boolean;
  mapStyleUrl: string | undefined;
  /** MAP_PMTILES_PATH, checked to exist; unused when MAP_STYLE_URL is set. */
  pmtilesPath: string | undefined;
  pmtilesFlavor: 'light' | 'white' | 'grayscale' | 'dark' | 'black';
  logLevel: 'silent' | 'error' | 'info' | 'debug';
  requestTimeoutMs: number;
  statementTimeoutMs: number;
  cacheMaxMb: number;
  publicUrl: string;
  mailOutboxDir: string | undefined;
  trustProxy: boolean;
  flagsPerHour: number;
  smtpUrl: string | undefined;
  mailFrom: string;
  workers: number;
  /** AES-256-GCM keys for referral contacts: `current` seals, every key opens. */
  referralContactKeys: { current: Buffer; previous: Buffer[] };
  /** Referrals (each mails a key contact) per Link Worker per hour. */
  referralsPerHour: number;
  chromiumPath: string;
};

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (e.MAP_PMTILES_PATH && !existsSync(e.MAP_PMTILES_PATH)) {
    throw new Error(`invalid configuration: MAP_PMTILES_PATH: no file at ${e.MAP_PMTILES_PATH}`);
  }
  if (production && e.CELL_KEY_SECRET === 'gapmap-development-cell-key-secret') {
    throw new Error('invalid configuration: CELL_KEY_SECRET must be set in production');
  }
  if (e.WORKERS > 1 && !e.DATABASE_URL) {
    throw new Error(
      'invalid configuration: WORKERS above 1 needs DATABASE_URL (PGlite is one process)',
    );
  }
  const publicUrl = e.PUBLIC_URL ?? `http://localhost:${e.PORT}`;
  const mailFrom = (
    e.MAIL_FROM ??
    `Gapmap <gapmap@${new URL(publicUrl).hostname === 'localhost' ? 'localhost.localdomain' : new URL(publicUrl).hostname}>`
  ).replace(/[\r\n]+/g, ' ');
  if (production && !e.REFERRAL_CONTACT_KEY) {
    throw new Error('invalid configuration: REFERRAL_CONTACT_KEY must be set in production');
  }
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    pgliteDir: e.PGLITE_DIR,
    demo: e.DEMO ?? true,
    demoLogins: production ? e.DEMO === true : true,
    production,
    suppressionThreshold: e.SUPPRESSION_THRESHOLD,
    cellKeySecret: e.CELL_KEY_SECRET,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: e.SESSION_ABSOLUTE_HOURS,
    publicDirectory: e.PUBLIC_DIRECTORY ?? false,
    mapStyleUrl: e.MAP_STYLE_URL,
    pmtilesPath: e.MAP_PMTILES_PATH || undefined,
    pmtilesFlavor: e.MAP_PMTILES_FLAVOR,
    logLevel: e.LOG_LEVEL,
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    statementTimeoutMs: e.STATEMENT_TIMEOUT_MS,
    cacheMaxMb: e.CACHE_MAX_MB,
    publicUrl,
    mailOutboxDir: e.MAIL_OUTBOX_DIR || undefined,
    trustProxy: e.TRUST_PROXY ?? false,
    flagsPerHour: e.FLAG_RATE_LIMIT_PER_HOUR,
    smtpUrl: e.SMTP_URL,
    mailFrom,
    workers: e.WORKERS,
    referralContactKeys: {
      current: e.REFERRAL_CONTACT_KEY
        ? contactKey('REFERRAL_CONTACT_KEY', e.REFERRAL_CONTACT_KEY)
        : DEV_REFERRAL_CONTACT_KEY,
      previous: (e.REFERRAL_CONTACT_PREVIOUS_KEYS ?? '')
        .split(',')
        .filter((k) => k.trim())
        .map((k) => contactKey('REFERRAL_CONTACT_PREVIOUS_KEYS', k)),
    },
    referralsPerHour: e.REFERRAL_RATE_LIMIT_PER_HOUR,
    chromiumPath: e.CHROMIUM_PATH,
  };
}

/** Configuration for tests: quiet, in-memory defaults, overridable per test. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), ...overrides };
}
