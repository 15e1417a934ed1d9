/**
 * The mail set-up a process runs with, from its configuration: SMTP_URL → the queue delivered
 * through the relay; else MAIL_OUTBOX_DIR → the queue delivered as files (development); else
 * nothing is sent (each message is logged as dropped, without its address or body).
 */
import { resolve } from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Config } from '../config.js';
import type { Logger } from '../http/logger.js';
import { logMailer, type Mailer } from './mailer.js';
import { createMailWorker, queueMailer, type MailWorker } from './queue.js';
import { outboxTransport, smtpTransport, type MailTransport } from './transports.js';

export interface MailSetup {
  mailer: Mailer;
  /** The queue's worker (start it in a server; drain it before exit); null when nothing is sent. */
  worker: MailWorker | null;
  /** Where mail goes, for the start-up log line (never the relay's URL, which may carry a password). */
  describe: string;
}

export function mailTransport(
  config: Config,
  outboxDir = config.mailOutboxDir,
): MailTransport | null {
  if (config.smtpUrl) return smtpTransport(config.smtpUrl, config.mailFrom);
  if (outboxDir) return outboxTransport(resolve(outboxDir));
  return null;
}

export function setUpMail(
  db: Kysely<DB>,
  config: Config,
  logger: Logger,
  outboxDir?: string,
): MailSetup {
  const transport = mailTransport(config, outboxDir);
  if (!transport)
    return {
      mailer: logMailer(logger),
      worker: null,
      describe: 'not sent (no SMTP_URL or MAIL_OUTBOX_DIR)',
    };
  const worker = createMailWorker({ db, transport, logger });
  return {
    mailer: queueMailer(db, () => worker.wake()),
    worker,
    describe: config.smtpUrl
      ? `SMTP relay ${new URL(config.smtpUrl).host}`
      : 'files in MAIL_OUTBOX_DIR',
  };
}
