/**
 * The mail adapter point: features hand a message to a Mailer and never talk to a relay.
 * - `queueMailer(db)` (server/mail/queue.ts) stores the message durably; a worker in each server
 *   process delivers it through the configured transport (SMTP_URL, or MAIL_OUTBOX_DIR files),
 *   with retries and backoff. What `npm start` uses whenever a transport is configured.
 * - `memoryMailer()` keeps messages in memory (tests read signed links from it);
 * - `logMailer(logger)` only logs that a message was dropped — never its body, which may carry a
 *   single-use token, and never the recipient's address.
 */
import type { Logger } from '../http/logger.js';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** The HTML part; when absent one is made from the text (htmlFromText). */
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

export function logMailer(logger: Logger): Mailer {
  return {
    async send(message) {
      logger({
        level: 'info',
        msg: 'mail not sent (no SMTP_URL or MAIL_OUTBOX_DIR configured)',
        kind: message.kind,
      });
    },
  };
}

// eslint-disable-next-line no-control-regex -- stripping control characters is the point here
const HEADER_BREAKS = /[\u0000-\u001f\u007f\u2028\u2029]+/g;

/**
 * A header value that cannot start a new header: line breaks (CR, LF, Unicode line and
 * paragraph separators) and other control characters become single spaces. Subjects carry
 * names people typed (a service name), so every header value goes through this.
 */
export function safeHeader(value: string): string {
  return value
    .replace(HEADER_BREAKS, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

/** One plain address (no display name, no list, no line break), or an Error naming the problem. */
export function checkRecipient(to: string): string {
  const address = to.trim();
  if (!/^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/.test(address) || address.length > 254) {
    throw new Error('mail recipient is not one plain email address');
  }
  return address;
}

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
  );

/** The HTML part of a text-only message: paragraphs, line breaks, and links made clickable. */
export function htmlFromText(text: string): string {
  const paragraphs = text
    .trim()
    .split(/\n{2,}/)
    .map(
      (p) =>
        `<p>${escapeHtml(p)
          .replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`)
          .replace(/\n/g, '<br>\n')}</p>`,
    );
  return `<!doctype html>\n<html><body style="font-family: sans-serif; line-height: 1.5">\n${paragraphs.join('\n')}\n</body></html>\n`;
}
