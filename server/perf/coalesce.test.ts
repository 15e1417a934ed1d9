import fc from 'fast-check';
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { DB } from '../../db/schema.js';
import { batchedRead, coalescedRead } from './coalesce.js';
import { followWrites } from './write-notices.js';

/** One turn of the event loop: a read waiting to start (none running) starts on it. */
const turn = () => new Promise<void>((r) => setImmediate(r));

/** Stands in for a database: coalescedRead only keys on it and asks whether it is a transaction. */
const fakeDb = (isTransaction = false) => ({ isTransaction }) as unknown as Kysely<DB>;

/** A read whose completions the test controls; each read answers the tick at which it started. */
function controlledRead() {
  let tick = 0;
  const pending: { finish: () => void; fail: () => void }[] = [];
  let running = 0;
  let maxRunning = 0;
  let started = 0;
  const read = () =>
    new Promise<number>((resolve, reject) => {
      const at = tick;
      started++;
      maxRunning = Math.max(maxRunning, ++running);
      pending.push({
        finish: () => {
          running--;
          resolve(at);
        },
        fail: () => {
          running--;
          reject(new Error('read failed'));
        },
      });
    });
  return {
    read,
    advance: () => ++tick,
    now: () => tick,
    settleOldest: async (ok = true) => {
      await turn();
      const next = pending.shift();
      if (next) (ok ? next.finish : next.fail)();
      // Let the promise chains run, and the next read start.
      await turn();
    },
    stats: () => ({ started, maxRunning, pending: pending.length }),
  };
}

describe('coalescedRead', () => {
  it('shares one read among callers that arrive while another runs', async () => {
    const c = controlledRead();
    const shared = coalescedRead(c.read);
    const db = fakeDb();
    const first = shared(db);
    await turn();
    c.advance();
    const later = Array.from({ length: 20 }, () => shared(db));
    await turn();
    expect(c.stats().started).toBe(1);
    await c.settleOldest();
    expect(await first).toBe(0);
    // The twenty waited for the first to end, then shared a single read started after they came.
    expect(c.stats().started).toBe(2);
    await c.settleOldest();
    expect(await Promise.all(later)).toEqual(Array(20).fill(1));
  });

  it('never answers a caller from a read that started before it, and runs one read at a time', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('call', 'finish', 'fail'), { minLength: 1, maxLength: 60 }),
        async (steps) => {
          const c = controlledRead();
          const shared = coalescedRead(c.read);
          const db = fakeDb();
          const answers: Promise<void>[] = [];
          for (const step of steps) {
            if (step === 'call') {
              const arrived = c.advance();
              answers.push(
                shared(db).then(
                  (startedAt) => expect(startedAt).toBeGreaterThanOrEqual(arrived),
                  () => undefined,
                ),
              );
            } else await c.settleOldest(step === 'finish');
          }
          do await c.settleOldest();
          while (c.stats().pending);
          await Promise.all(answers);
          expect(c.stats().maxRunning).toBeLessThanOrEqual(1);
          // Never more reads than callers.
          expect(c.stats().started).toBeLessThanOrEqual(steps.filter((s) => s === 'call').length);
        },
      ),
    );
  });

  it('shares one read among callers that arrive in the same turn of the event loop', async () => {
    const c = controlledRead();
    const shared = coalescedRead(c.read);
    const db = fakeDb();
    const together = Array.from({ length: 5 }, () => shared(db));
    expect(c.stats().started).toBe(0);
    await c.settleOldest();
    expect(await Promise.all(together)).toEqual(Array(5).fill(0));
    expect(c.stats().started).toBe(1);
  });

  it('recovers after a failed read', async () => {
    const c = controlledRead();
    const shared = coalescedRead(c.read);
    const db = fakeDb();
    const failing = expect(shared(db)).rejects.toThrow('read failed');
    await c.settleOldest(false);
    await failing;
    c.advance();
    const next = shared(db);
    await c.settleOldest();
    expect(await next).toBe(1);
  });

  it('reads inside a transaction on their own, as asked', async () => {
    const c = controlledRead();
    const shared = coalescedRead(c.read);
    const trx = fakeDb(true);
    const reads = [shared(trx), shared(trx), shared(trx)];
    expect(c.stats().started).toBe(3);
    for (let i = 0; i < 3; i++) await c.settleOldest();
    await Promise.all(reads);
  });
});

describe('batchedRead', () => {
  it('answers each caller for its own key from one read started after it came', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constant('finish' as const)), {
          minLength: 1,
          maxLength: 60,
        }),
        async (steps) => {
          let tick = 0;
          let running = 0;
          let maxRunning = 0;
          const pending: (() => void)[] = [];
          const reads: number[][] = [];
          const shared = batchedRead<number, { key: number; at: number }>(
            (_db, keys) =>
              new Promise((resolve) => {
                const at = tick;
                reads.push(keys);
                maxRunning = Math.max(maxRunning, ++running);
                pending.push(() => {
                  running--;
                  resolve(new Map(keys.map((key) => [key, { key, at }])));
                });
              }),
          );
          const db = fakeDb();
          const answers: Promise<void>[] = [];
          const settle = async () => {
            await turn();
            pending.shift()?.();
            await turn();
          };
          for (const step of steps) {
            if (step === 'finish') await settle();
            else {
              const arrived = ++tick;
              answers.push(
                shared(db, step).then((v) => {
                  expect(v?.key).toBe(step);
                  expect(v!.at).toBeGreaterThanOrEqual(arrived);
                }),
              );
            }
          }
          do await settle();
          while (pending.length);
          await Promise.all(answers);
          expect(maxRunning).toBeLessThanOrEqual(1);
          // A key is asked for once a read, and never more reads than callers.
          for (const keys of reads) expect(new Set(keys).size).toBe(keys.length);
          expect(reads.length).toBeLessThanOrEqual(answers.length);
        },
      ),
    );
  });

  it('asks once for the keys of everyone who came while a read ran', async () => {
    const reads: string[][] = [];
    let finish: () => void = () => undefined;
    const shared = batchedRead<string, string>(async (_db, keys) => {
      reads.push(keys);
      await new Promise<void>((r) => (finish = r));
      return new Map(keys.map((k) => [k, k.toUpperCase()]));
    });
    const db = fakeDb();
    const first = shared(db, 'a');
    await turn();
    const later = ['b', 'c', 'b', 'd'].map((k) => shared(db, k));
    finish();
    expect(await first).toBe('A');
    await new Promise((r) => setTimeout(r, 0));
    finish();
    expect(await Promise.all(later)).toEqual(['B', 'C', 'B', 'D']);
    expect(reads).toEqual([['a'], ['b', 'c', 'd']]);
  });
});

describe('kept until a write commits (followed databases)', () => {
  it('answers from a kept read only while no write committed since that read began', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.integer({ min: 0, max: 3 }),
            fc.constantFrom('finish' as const, 'fail' as const, 'write' as const),
          ),
          { minLength: 1, maxLength: 80 },
        ),
        async (steps) => {
          let tick = 0;
          const writes: number[] = [];
          let notice: () => void = () => undefined;
          const pending: { finish: () => void; fail: () => void }[] = [];
          let reads = 0;
          const db = fakeDb();
          await followWrites(db, async (channel, onNotice) => {
            if (channel === 'gapmap_sessions') notice = onNotice;
          });
          const shared = batchedRead<number, { key: number; at: number }>(
            (_db, keys) =>
              new Promise((resolve, reject) => {
                const at = tick;
                reads++;
                pending.push({
                  finish: () => resolve(new Map(keys.map((key) => [key, { key, at }]))),
                  fail: () => reject(new Error('read failed')),
                });
              }),
            { keptUntil: 'sessions' },
          );
          const answers: Promise<void>[] = [];
          const settle = async (ok: boolean) => {
            await turn();
            const next = pending.shift();
            if (next) (ok ? next.finish : next.fail)();
            await turn();
          };
          let calls = 0;
          for (const step of steps) {
            if (step === 'finish' || step === 'fail') await settle(step === 'finish');
            else if (step === 'write') {
              writes.push(++tick);
              notice();
            } else {
              const arrived = ++tick;
              calls++;
              answers.push(
                shared(db, step).then(
                  (v) => {
                    expect(v?.key).toBe(step);
                    // No write committed between the start of the read that answered and the
                    // caller's arrival: as fresh as a read of its own.
                    expect(writes.some((w) => w > v!.at && w < arrived)).toBe(false);
                  },
                  () => undefined,
                ),
              );
            }
          }
          do await settle(true);
          while (pending.length);
          await Promise.all(answers);
          expect(reads).toBeLessThanOrEqual(calls);
        },
      ),
    );
  });

  it('keeps nothing for a database it does not follow, nor inside a transaction', async () => {
    let reads = 0;
    const shared = coalescedRead(async () => ++reads, { keptUntil: 'data' });
    const db = fakeDb();
    await shared(db);
    await shared(db);
    expect(reads).toBe(2);
    const followedDb = fakeDb();
    await followWrites(followedDb, async () => undefined);
    await shared(followedDb);
    await shared(followedDb);
    expect(reads).toBe(3);
  });
});
