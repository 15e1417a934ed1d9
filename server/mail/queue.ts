/**
 * The durable mail queue (table `mail_queue`). `queueMailer` stores a message; a MailWorker in
 * each server process claims due messages (FOR UPDATE SKIP LOCKED with a short lease, so two
 * processes never take the same one), hands them to the transport, and marks each sent — or,
 * when the relay is down, schedules the next attempt with exponential backoff. A relay that is
 * down for a while loses nothing; a restart picks up whatever is still waiting. A message whose
 * lease ran out (its process died mid-send) is tried again, so delivery is at least once; the
 * Message-ID stays the same across attempts so a receiving server can drop a duplicate.
 * Sent messages keep their row (address, kind, times) for 30 days but lose their body at once,
 * as it may carry a signed link.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Logger } from '../http/logger.js';
import { checkRecipient, htmlFromText, safeHeader, type Mailer } from './mailer.js';
import { PermanentMailError, type MailTransport } from './transports.js';

export function queueMailer(db: Kysely<DB>, onQueued: () => void = () => {}): Mailer {
  return {
    async send(message) {
      await db
        .insertInto('mailQueue')
        .values({
          kind: safeHeader(message.kind),
          toAddress: checkRecipient(message.to),
          subject: safeHeader(message.subject),
          textBody: message.text,
          htmlBody: message.html ?? htmlFromText(message.text),
        })
        .execute();
      onQueued();
    },
  };
}

export interface MailWorkerOptions {
  db: Kysely<DB>;
  transport: MailTransport;
  logger: Logger;
  now?: () => number;
  /** First retry after this long; each further one waits twice as long, up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** After this many failed attempts a message is given up (failed_at set, logged). */
  maxAttempts?: number;
  /** How long a claimed message is reserved for the process that claimed it. */
  leaseMs?: number;
  pollMs?: number;
  batch?: number;
}

export interface MailWorker {
  /** Claims and delivers the messages due now; how many were sent. */
  tick(): Promise<number>;
  /** Starts polling (and wakes at once on `wake`). */
  start(): void;
  /** A message was queued in this process: deliver it now rather than at the next poll. */
  wake(): void;
  /** Stops polling and delivers what is due, for up to `withinMs` (graceful shutdown). */
  drain(withinMs?: number): Promise<void>;
}

/** How long a sent or given-up message's row (address, kind, times; no body) is kept. */
export const RETAIN_MS = 30 * 86_400_000;
const PURGE_EVERY_MS = 3_600_000;

export function backoffMs(attempts: number, baseDelayMs: number, maxDelayMs: number): number {
  return Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempts - 1));
}

export function createMailWorker(options: MailWorkerOptions): MailWorker {
  const { db, transport, logger } = options;
  const now = options.now ?? Date.now;
  const baseDelayMs = options.baseDelayMs ?? 30_000;
  const maxDelayMs = options.maxDelayMs ?? 3_600_000;
  const maxAttempts = options.maxAttempts ?? 15;
  const leaseMs = options.leaseMs ?? 120_000;
  const pollMs = options.pollMs ?? 5_000;
  const batch = options.batch ?? 20;

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let again = false;
  let stopped = true;

  const claim = async () => {
    // Due by this process's clock or the database's: the column defaults to the database's
    // now() in microseconds, and a message queued in the same millisecond as a tick would
    // otherwise wait for the next poll.
    const t = new Date(now());
    const until = new Date(t.getTime() + leaseMs);
    const rows = await sql<{
      id: string;
      kind: string;
      toAddress: string;
      subject: string;
      textBody: string;
      htmlBody: string | null;
      attempts: number;
    }>`
      update mail_queue set locked_until = ${until}, attempts = attempts + 1
      where id in (
        select id from mail_queue
        where sent_at is null and failed_at is null and next_attempt_at <= greatest(${t}::timestamptz, clock_timestamp())
          and (locked_until is null or locked_until <= ${t})
        order by next_attempt_at
        limit ${batch}
        for update skip locked)
      returning id, kind, to_address, subject, text_body, html_body, attempts`.execute(db);
    return rows.rows;
  };

  const deliverOne = async (row: Awaited<ReturnType<typeof claim>>[number]): Promise<boolean> => {
    try {
      await transport.deliver({
        id: row.id,
        kind: row.kind,
        to: row.toAddress,
        subject: row.subject,
        text: row.textBody,
        html: row.htmlBody,
      });
    } catch (err) {
      const permanent = err instanceof PermanentMailError;
      const giveUp = permanent || row.attempts >= maxAttempts;
      // The reason without the message text: a relay's message can quote the recipient.
      const reason = permanent
        ? err.message
        : ((err as { code?: string }).code ?? 'delivery failed');
      const t = now();
      await db
        .updateTable('mailQueue')
        .set(
          giveUp
            ? {
                failedAt: new Date(t),
                lockedUntil: null,
                lastError: reason,
                textBody: '',
                htmlBody: null,
              }
            : {
                nextAttemptAt: new Date(t + backoffMs(row.attempts, baseDelayMs, maxDelayMs)),
                lockedUntil: null,
                lastError: reason,
              },
        )
        .where('id', '=', row.id)
        .execute();
      logger({
        level: 'error',
        msg: giveUp ? 'mail given up' : 'mail delivery failed; will retry',
        mailId: row.id,
        kind: row.kind,
        attempts: row.attempts,
        reason,
      });
      return false;
    }
    await db
      .updateTable('mailQueue')
      .set({
        sentAt: new Date(now()),
        lockedUntil: null,
        lastError: null,
        textBody: '',
        htmlBody: null,
      })
      .where('id', '=', row.id)
      .execute();
    logger({
      level: 'info',
      msg: 'mail sent',
      mailId: row.id,
      kind: row.kind,
      attempts: row.attempts,
    });
    return true;
  };

  // Sent and given-up rows keep only the address, kind and times; they go after RETAIN_MS.
  let lastPurge = 0;
  const purge = async () => {
    const t = now();
    if (t - lastPurge < PURGE_EVERY_MS) return;
    lastPurge = t;
    const before = new Date(t - RETAIN_MS);
    await db
      .deleteFrom('mailQueue')
      .where((eb) => eb.or([eb('sentAt', '<', before), eb('failedAt', '<', before)]))
      .execute();
  };

  const runOnce = async (): Promise<number> => {
    await purge();
    let sent = 0;
    for (;;) {
      const rows = await claim();
      for (const row of rows) if (await deliverOne(row)) sent += 1;
      if (rows.length < batch) return sent;
    }
  };

  const tick = (): Promise<number> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let sent = 0;
      do {
        again = false;
        sent += await runOnce();
      } while (again);
      return sent;
    })().finally(() => {
      running = undefined;
    });
    return running;
  };

  const loop = () => {
    if (stopped) return;
    tick()
      .catch((err: unknown) =>
        logger({
          level: 'error',
          msg: 'mail queue check failed',
          reason: err instanceof Error ? err.message : String(err),
        }),
      )
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, pollMs);
      });
  };

  return {
    tick,
    start() {
      if (!stopped) return;
      stopped = false;
      loop();
    },
    wake() {
      if (stopped) return;
      tick().catch((err: unknown) =>
        logger({
          level: 'error',
          msg: 'mail queue check failed',
          reason: err instanceof Error ? err.message : String(err),
        }),
      );
    },
    async drain(withinMs = 8_000) {
      stopped = true;
      if (timer) clearTimeout(timer);
      await Promise.race([
        tick().catch(() => 0),
        new Promise((done) => setTimeout(done, withinMs).unref()),
      ]);
      transport.close();
    },
  };
}
