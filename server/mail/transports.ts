/**
 * Where the mail worker hands a message: an SMTP relay (SMTP_URL, through nodemailer) or, for
 * development, a folder of JSON files (MAIL_OUTBOX_DIR). A transport either accepts the message
 * or throws; the queue decides about retries.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { safeHeader } from './mailer.js';

export interface OutgoingMail {
  /** The queue row's id: the Message-ID is derived from it, so a resend carries the same one. */
  id: string;
  kind: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
}

export interface MailTransport {
  deliver(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** Thrown by a transport when retrying cannot help (the relay refused with a 5xx code). */
export class PermanentMailError extends Error {}

export function smtpTransport(smtpUrl: string, from: string): MailTransport {
  const transporter = nodemailer.createTransport({
    url: smtpUrl,
    // Short enough that a relay that is down fails fast and the message waits for its retry.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  const domain =
    from
      .split('@')
      .pop()
      ?.replace(/[^A-Za-z0-9.-]/g, '') || 'gapmap.local';
  return {
    async deliver(mail) {
      try {
        await transporter.sendMail({
          from,
          to: mail.to,
          subject: safeHeader(mail.subject),
          text: mail.text,
          html: mail.html ?? undefined,
          messageId: `<${mail.id}@${domain}>`,
          headers: { 'X-Gapmap-Kind': safeHeader(mail.kind) },
          // Never let a message body pick files or URLs for attachments.
          disableFileAccess: true,
          disableUrlAccess: true,
        });
      } catch (err) {
        const code = (err as { responseCode?: number }).responseCode;
        if (code !== undefined && code >= 500 && code < 600)
          throw new PermanentMailError(`relay refused (${code})`);
        throw err;
      }
    },
    close() {
      transporter.close();
    },
  };
}

export function outboxTransport(dir: string): MailTransport {
  return {
    async deliver(mail) {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${mail.kind.replace(/[^a-z_]/g, '')}-${mail.id.slice(0, 8)}.json`;
      const message = {
        kind: mail.kind,
        to: mail.to,
        subject: safeHeader(mail.subject),
        text: mail.text,
        html: mail.html ?? undefined,
      };
      await writeFile(join(dir, name), JSON.stringify(message, null, 2), { mode: 0o600 });
    },
    close() {},
  };
}
