/**
 * Group commit for single flags. Concurrent `POST /api/v1/needs` requests hand their prepared
 * flag to the database's one writer; the writer stores everything queued at once through the
 * bulk path (insertNeedFlags: a single statement, so one round trip and one commit without
 * BEGIN/COMMIT), so twenty Link Workers flagging at once cost one commit, not twenty. A request
 * is answered only after the statement holding its flag has committed: its 201 still means
 * "stored".
 *
 * - The first queued flag schedules a flush (setImmediate), so requests arriving together share
 *   it; a flush takes at most MAX_FLUSH flags. While a flush runs, new flags queue for the next
 *   one: one flush at a time per process. Two at once on PostgreSQL (as before 5 Dec 2026)
 *   measured slower with two workers: 3,030–3,300 flags/s against 3,460–3,510 at 20 connections,
 *   7,660–7,960 against 8,250 at 200. Every flush of a process counts its users' rate-limit hits
 *   (below), so its statements wait on each other's row locks; one at a time makes fewer, larger
 *   statements and a third of the lock waits.
 * - If the shared write fails, each of its flags is retried once in a write of its own (a group
 *   of one too), so one bad flag cannot fail the others; a flag that still fails rejects its own
 *   request with the error it got (a lost connection stays a connection error: the app's 503).
 * - Ids and record keys are drawn when a flag is queued and kept for the retry. If the shared
 *   commit did reach the database but its reply was lost, the retry meets its own id
 *   (unique_violation on the primary key): that flag is stored, and is answered as stored.
 * - A request's session and rate-limit hit ride along (`writeFor`): the same statement confirms
 *   each flag's session (live, its user's role still allowed), counts the hits of the confirmed
 *   ones (rate-limit.ts `countWithin`) and stores only the flags they allow. A single flag whose
 *   session this process read within the last minute then costs this one round trip (http/auth.ts
 *   `confirmedByWrite`), and a hit counts exactly when the statement that would store its flag
 *   commits.
 * - `drain()` settles every queued flag; the server awaits it before closing the database.
 */
import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import { fixedPlanDb } from '../../db/connect.js';
import type { DB } from '../../db/schema.js';
import { group } from '../group.js';
import type { RateLimitDecision, RateLimiter } from '../http/rate-limit.js';
import type { PreparedFlag } from './needs.js';
import {
  insertCountedFlags,
  insertNeedFlags,
  newFlagId,
  type CreatedFlag,
  type FlagSession,
  type OwnedFlag,
} from './queries.js';

/** Most flags one flush stores. */
export const MAX_FLUSH = 1_000;

/** A flag's request: its session, confirmed by the statement that stores it, and its rate-limit hit. */
export interface FlagRequest {
  session: FlagSession;
  limiter: RateLimiter;
  key: string;
}

/**
 * Stored; refused by the rate limit (nothing stored, the hit counts); or the session had ended
 * (revoked or expired, its user disabled or no longer in a flagging role): nothing stored or
 * counted.
 */
export type FlagWriteOutcome =
  { stored: CreatedFlag } | { refused: RateLimitDecision } | { sessionEnded: true };

interface Pending {
  flag: OwnedFlag & { id: string; recordKey: number };
  request?: FlagRequest | undefined;
  resolve(outcome: FlagWriteOutcome): void;
  reject(error: unknown): void;
}

export interface FlagWriterStats {
  /** Transactions that stored a group (or tried to). */
  flushes: number;
  /** Flags stored, whichever way. */
  stored: number;
  /** Flags retried on their own after their group's transaction failed. */
  retried: number;
}

export class FlagWriter {
  readonly stats: FlagWriterStats = { flushes: 0, stored: 0, retried: 0 };
  private queue: Pending[] = [];
  private flushing = false;
  private scheduled = false;
  private idle: (() => void)[] = [];

  constructor(private readonly db: Kysely<DB>) {}

  /** Queues one flag of trusted code (no request); resolves once the statement that stored it has committed. */
  async write(userId: string, flag: PreparedFlag): Promise<CreatedFlag> {
    const outcome = await this.enqueue(userId, flag);
    if (!('stored' in outcome)) throw new Error('a flag without a request was refused');
    return outcome.stored;
  }

  /**
   * Queues one request's flag: the statement that stores it confirms the request's session and
   * counts its rate-limit hit; the flag is stored only if the session is live and the hit
   * allowed, and the hit counts exactly when that statement commits (one round trip for all).
   * Resolves once it has committed.
   */
  writeFor(request: FlagRequest, userId: string, flag: PreparedFlag): Promise<FlagWriteOutcome> {
    return this.enqueue(userId, flag, request);
  }

  private enqueue(
    userId: string,
    flag: PreparedFlag,
    request?: FlagRequest,
  ): Promise<FlagWriteOutcome> {
    return new Promise<FlagWriteOutcome>((resolve, reject) => {
      this.queue.push({
        flag: { ...flag, userId, id: newFlagId(), recordKey: randomInt(0, 256) },
        request,
        resolve,
        reject,
      });
      this.schedule();
    });
  }

  /** Resolves when nothing is queued or being written. */
  drain(): Promise<void> {
    if (!this.queue.length && !this.flushing) return Promise.resolve();
    return new Promise((done) => this.idle.push(done));
  }

  private schedule(): void {
    if (this.scheduled || !this.queue.length || this.flushing) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (!this.queue.length || this.flushing) return;
    const batch = this.queue.splice(0, MAX_FLUSH);
    this.flushing = true;
    this.stats.flushes += 1;
    try {
      // Flags counted by one limiter share a statement (normally the whole group: one limiter per app).
      for (const [limiter, items] of group(batch, (p) => p.request?.limiter)) {
        try {
          await this.store(limiter, items);
        } catch {
          // Also for a group of one: after a lost connection the pool reconnects, so a second try
          // often succeeds, and the kept id makes it safe (see isOwnPrimaryKey).
          for (const p of items) await this.writeAlone(p);
        }
      }
    } finally {
      this.flushing = false;
      this.schedule();
      if (!this.queue.length && !this.flushing) for (const done of this.idle.splice(0)) done();
    }
  }

  /** One statement, so atomic without BEGIN/COMMIT: one round trip for the flags, their sessions and their hits. */
  private async store(limiter: RateLimiter | undefined, items: Pending[]): Promise<void> {
    if (!limiter) {
      const created = await insertNeedFlags(
        fixedPlanDb(this.db),
        items.map((p) => p.flag),
      );
      this.stats.stored += items.length;
      items.forEach((p, i) => p.resolve({ stored: created[i]! }));
      return;
    }
    const count = limiter.countWithin();
    // Its plan never depends on its parameters (the flags are one JSON text): planned once.
    const { created, live, hits } = await insertCountedFlags(
      fixedPlanDb(this.db),
      items.map((p) => ({ ...p.flag, session: p.request!.session, limitKey: p.request!.key })),
      count,
      new Date(),
    );
    const counted = items.flatMap((p, i) => (live[i] ? [{ key: p.request!.key, i }] : []));
    const decisions = count.decide(hits, counted);
    items.forEach((p, i) => {
      if (!live[i]) p.resolve({ sessionEnded: true });
    });
    for (const caller of counted) {
      const p = items[caller.i]!;
      const decision = decisions.get(caller);
      if (!decision) p.reject(new Error('rate limit: no count came back for a flag'));
      else if (!decision.allowed) p.resolve({ refused: decision });
      else {
        this.stats.stored += 1;
        p.resolve({ stored: created[caller.i]! });
      }
    }
    // Housekeeping only: every flag is answered already, and a failed sweep is tried again later.
    await count.sweep(this.db).catch(() => {});
  }

  /**
   * A flag of a failed group, on its own. If the group's commit reached the database but its
   * reply was lost, the flag is already stored (its id is taken) and its hit already counted; a
   * refused flag's hit then counts twice, once per attempt (only after a lost reply).
   */
  private async writeAlone(p: Pending): Promise<void> {
    this.stats.retried += 1;
    try {
      await this.store(p.request?.limiter, [p]);
    } catch (error) {
      if (isOwnPrimaryKey(error)) {
        this.stats.stored += 1;
        p.resolve({ stored: { id: p.flag.id, cell: p.flag.cell, week: p.flag.week } });
      } else p.reject(error);
    }
  }
}

/** The flag's id is already taken: only its own earlier, committed attempt can have taken it (ids are random UUIDs). */
function isOwnPrimaryKey(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string; constraint_name?: string } | null;
  return e?.code === '23505' && (e.constraint ?? e.constraint_name) === 'need_flags_pkey';
}

// One writer per database (tests build many apps, each over its own database).
const writers = new WeakMap<Kysely<DB>, FlagWriter>();

export function flagWriterFor(db: Kysely<DB>): FlagWriter {
  let writer = writers.get(db);
  if (!writer) writers.set(db, (writer = new FlagWriter(db)));
  return writer;
}

/** Stores every flag still queued for this database; call before closing it. */
export function drainFlagWriter(db: Kysely<DB>): Promise<void> {
  return writers.get(db)?.drain() ?? Promise.resolve();
}
