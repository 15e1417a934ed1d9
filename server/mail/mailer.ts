/**
 * The mail adapter point. Gapmap does not send mail itself (that belongs to the deployment's
 * relay); features hand a message to a Mailer. Implementations here:
 * - `outboxMailer(dir)` writes each message as a JSON file into a folder, for a relay or a person
 *   to pick up (the default of `npm start`, so a demo key contact can open the link);
 * - `memoryMailer()` keeps messages in memory (tests read signed links from it);
 * - `logMailer(logger)` only logs that a message was queued — never its body, which may carry a
 *   single-use token, and never the recipient's address.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../http/logger.js';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** What kind of message this is, for logs and routing ('referral_notification', 'digest'). */
  kind: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

export interface MemoryMailer extends Mailer {
  readonly sent: MailMessage[];
}

export function memoryMailer(): MemoryMailer {
  const sent: MailMessage[] = [];
  return {
    sent,
    async send(message) {
      sent.push(message);
    },
  };
}

export function outboxMailer(dir: string): Mailer {
  return {
    async send(message) {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${message.kind}-${randomUUID().slice(0, 8)}.json`;
      await writeFile(join(dir, name), JSON.stringify(message, null, 2), { mode: 0o600 });
    },
  };
}

export function logMailer(logger: Logger): Mailer {
  return {
    async send(message) {
      logger({ level: 'info', msg: 'mail queued (no relay configured)', kind: message.kind });
    },
  };
}
