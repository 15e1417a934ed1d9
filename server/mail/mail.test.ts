import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/connect.js';
import { createTestDb } from '../../db/testing/test-db.js';
import { buildDigest } from '../digest/digest.js';
import { digestMessage, digestTitle } from '../digest/render.js';
import type { LogLine } from '../http/logger.js';
import { insertService, setKeyContact } from '../referrals/testing.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { checkRecipient, htmlFromText, safeHeader } from './mailer.js';
import { backoffMs, createMailWorker, queueMailer, RETAIN_MS } from './queue.js';
import { setUpMail, type MailSetup } from './setup.js';
import { freePort, startSmtpServer, type TestSmtpServer } from './test-smtp.js';
import { smtpTransport } from './transports.js';

const PUBLIC_URL = 'https://gapmap.example.org';

describe('message safety', () => {
  it('strips line breaks and control characters from header values', () => {
    expect(safeHeader('New referral to Evil\r\nBcc: victim@example.org')).toBe(
      'New referral to Evil Bcc: victim@example.org',
    );
    expect(safeHeader('a\u2028b\u0000c\td')).toBe('a b c d');
  });

  it('accepts one plain recipient only', () => {
    expect(checkRecipient(' someone@example.org ')).toBe('someone@example.org');
    for (const bad of ['a@b.org\r\nBcc: x@y.org', 'a@b.org, c@d.org', 'Name <a@b.org>', 'nobody']) {
      expect(() => checkRecipient(bad)).toThrow(/one plain email address/);
    }
  });

  it('makes an escaped HTML part with clickable links from the text', () => {
    const html = htmlFromText('Hello <b>you</b> & co\n\nOpen https://x.example/r/abc_-1 now');
    expect(html).toContain('Hello &lt;b&gt;you&lt;/b&gt; &amp; co');
    expect(html).toContain('<a href="https://x.example/r/abc_-1">https://x.example/r/abc_-1</a>');
  });

  it('backs off exponentially up to a ceiling', () => {
    expect([1, 2, 3, 4, 10].map((n) => backoffMs(n, 1000, 5000))).toEqual([
      1000, 2000, 4000, 5000, 5000,
    ]);
  });
});

describe('mail through a real SMTP server', () => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  let mail: MailSetup;
  const logs: LogLine[] = [];

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await createTestApp(
      { smtpUrl: smtp.url, publicUrl: PUBLIC_URL, mailFrom: 'Gapmap <gapmap@example.org>' },
      {
        mailer: (db, config) => {
          mail = setUpMail(db, config, (line) => logs.push(line));
          return mail.mailer;
        },
      },
    );
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  const deliver = async () => {
    await mail.worker!.tick();
    return smtp.received;
  };

  it('delivers the referral notification to the key contact, with the signed link that works', async () => {
    const linkWorker = await t.signIn('link_worker');
    const organiser = await t.signIn('organiser', { email: 'key.contact@example.org' });
    await setKeyContact(t.db, organiser.organisationId!, organiser.userId);
    const { serviceId } = await insertService(t.db, {
      organisationId: organiser.organisationId!,
      name: 'Men in Sheds',
    });
    const res = await t.call('POST', '/api/v1/referrals', { serviceId }, linkWorker);
    expect(res.status).toBe(201);
    const { code } = (await res.json()) as { code: string };

    const [message, ...more] = await deliver();
    expect(more).toEqual([]);
    expect(message!.envelopeTo).toEqual(['key.contact@example.org']);
    expect(message!.parsed.subject).toBe(`New referral ${code} to Men in Sheds`);
    expect(message!.parsed.from?.value).toEqual([
      { name: 'Gapmap', address: 'gapmap@example.org' },
    ]);
    // Both parts, each with the link.
    const token = new RegExp(`${PUBLIC_URL}/r/([\\w-]{43})`).exec(message!.parsed.text ?? '')?.[1];
    expect(token).toBeDefined();
    expect(String(message!.parsed.html)).toContain(`href="${PUBLIC_URL}/r/${token}"`);
    expect((await t.app.request(`/r/${token}`)).status).toBe(200);
    // Sent: the stored copy has lost its body (the link).
    const row = await t.db
      .selectFrom('mailQueue')
      .selectAll()
      .where('kind', '=', 'referral_notification')
      .executeTakeFirstOrThrow();
    expect(row.sentAt).not.toBeNull();
    expect(row.textBody).toBe('');
    expect(row.htmlBody).toBeNull();
    // Logs name the kind and id, never the address or the link.
    expect(JSON.stringify(logs)).not.toMatch(/key\.contact|\/r\//);
  });

  it('delivers an invitation with the single-use link the inviter was given', async () => {
    smtp.received.length = 0;
    const admin = await t.signIn('admin');
    const res = await t.call(
      'POST',
      '/api/v1/invites',
      { email: 'New.Person@Example.org', role: 'link_worker' },
      admin,
    );
    expect(res.status).toBe(201);
    const invite = (await res.json()) as { token: string };
    const [message] = await deliver();
    expect(message!.envelopeTo).toEqual(['new.person@example.org']);
    expect(message!.parsed.subject).toBe('Your invitation to Gapmap');
    expect(message!.parsed.text).toContain(`${PUBLIC_URL}/invite/${invite.token}`);
    expect(message!.parsed.text).toContain('as a Link Worker');
    expect(String(message!.parsed.html)).toContain(`href="${PUBLIC_URL}/invite/${invite.token}"`);
  });

  it('delivers the digest to the list address with its HTML and text parts', async () => {
    smtp.received.length = 0;
    const digest = await buildDigest(t.db, null, new Date(Date.now() - 7 * 86_400_000));
    await mail.mailer.send(await digestMessage(digest, PUBLIC_URL, 'digest-list@example.org'));
    const [message] = await deliver();
    expect(message!.envelopeTo).toEqual(['digest-list@example.org']);
    expect(message!.parsed.subject).toBe(digestTitle(digest));
    expect(message!.parsed.text).toContain(PUBLIC_URL);
    expect(String(message!.parsed.html)).toContain(PUBLIC_URL);
  });

  it('a service name with CR/LF cannot add a header or a recipient', async () => {
    smtp.received.length = 0;
    const linkWorker = await t.signIn('link_worker');
    const organiser = await t.signIn('organiser', { email: 'other.contact@example.org' });
    await setKeyContact(t.db, organiser.organisationId!, organiser.userId);
    const { serviceId } = await insertService(t.db, {
      organisationId: organiser.organisationId!,
      name: 'Evil\r\nBcc: victim@example.org\r\nX-Injected: yes',
    });
    expect((await t.call('POST', '/api/v1/referrals', { serviceId }, linkWorker)).status).toBe(201);
    const [message, ...more] = await deliver();
    expect(more).toEqual([]);
    expect(message!.envelopeTo).toEqual(['other.contact@example.org']);
    expect(message!.parsed.headers.has('bcc')).toBe(false);
    expect(message!.parsed.headers.has('x-injected')).toBe(false);
    expect(message!.parsed.subject).toMatch(
      /^New referral \w+ to Evil Bcc: victim@example.org X-Injected: yes$/,
    );
    const headerBlock = message!.raw.split(/\r?\n\r?\n/)[0]!;
    expect(headerBlock).not.toMatch(/^(Bcc|X-Injected):/im);
  });
});

describe('the mail queue', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDb();
  });
  afterAll(() => database.close());

  const message = (n: number) => ({
    kind: 'test',
    to: `person${n}@example.org`,
    subject: `Message ${n}`,
    text: `Body ${n}`,
  });

  it('keeps mail while the relay is down and delivers each message exactly once when it is back', async () => {
    const port = await freePort();
    const clock = { now: Date.now() + 1000 };
    const logs: LogLine[] = [];
    const worker = createMailWorker({
      db: database.db,
      transport: smtpTransport(`smtp://127.0.0.1:${port}`, 'gapmap@example.org'),
      logger: (l) => logs.push(l),
      now: () => clock.now,
      baseDelayMs: 60_000,
      maxDelayMs: 600_000,
    });
    const mailer = queueMailer(database.db);
    for (const n of [1, 2, 3]) await mailer.send(message(n));

    // Down: nothing sent, each message waits a minute, then two, before its next attempt.
    expect(await worker.tick()).toBe(0);
    expect(await worker.tick()).toBe(0);
    clock.now += 60_000;
    expect(await worker.tick()).toBe(0);
    const waiting = await database.db
      .selectFrom('mailQueue')
      .select(['attempts', 'nextAttemptAt', 'sentAt'])
      .execute();
    expect(
      waiting.map((r) => [r.attempts, r.nextAttemptAt.getTime() - clock.now, r.sentAt]),
    ).toEqual([
      [2, 120_000, null],
      [2, 120_000, null],
      [2, 120_000, null],
    ]);
    expect(logs.filter((l) => l.msg === 'mail delivery failed; will retry')).toHaveLength(6);

    // Up again.
    const smtp = await startSmtpServer(port);
    try {
      clock.now += 60_000;
      expect(await worker.tick()).toBe(0);
      clock.now += 60_000;
      expect(await worker.tick()).toBe(3);
      clock.now += 3_600_000;
      expect(await worker.tick()).toBe(0);
      expect(smtp.received.map((m) => m.envelopeTo[0]).sort()).toEqual([
        'person1@example.org',
        'person2@example.org',
        'person3@example.org',
      ]);
      expect(new Set(smtp.received.map((m) => m.parsed.messageId)).size).toBe(3);
    } finally {
      await smtp.close();
      await database.db.deleteFrom('mailQueue').execute();
    }
  });

  it('a restarted process delivers what an earlier one queued, and takes over a message whose lease ran out', async () => {
    const smtp = await startSmtpServer();
    try {
      const mailer = queueMailer(database.db);
      await mailer.send(message(4));
      await mailer.send(message(5));
      // Message 5 was claimed by a process that died mid-send: its lease has a minute left.
      const clock = { now: Date.now() };
      await database.db
        .updateTable('mailQueue')
        .set({ lockedUntil: new Date(clock.now + 60_000), attempts: 1 })
        .where('toAddress', '=', 'person5@example.org')
        .execute();
      const restarted = createMailWorker({
        db: database.db,
        transport: smtpTransport(smtp.url, 'gapmap@example.org'),
        logger: () => {},
        now: () => clock.now,
      });
      expect(await restarted.tick()).toBe(1);
      expect(smtp.received.map((m) => m.envelopeTo[0])).toEqual(['person4@example.org']);
      clock.now += 61_000;
      expect(await restarted.tick()).toBe(1);
      expect(smtp.received.map((m) => m.envelopeTo[0])).toEqual([
        'person4@example.org',
        'person5@example.org',
      ]);
    } finally {
      await smtp.close();
      await database.db.deleteFrom('mailQueue').execute();
    }
  });

  it('gives up at once on a recipient the relay refuses (5xx), and after maxAttempts on a relay that stays down', async () => {
    const smtp = await startSmtpServer(0, (address) => address === 'person6@example.org');
    const logs: LogLine[] = [];
    try {
      const mailer = queueMailer(database.db);
      await mailer.send(message(6));
      await mailer.send(message(7));
      const worker = createMailWorker({
        db: database.db,
        transport: smtpTransport(smtp.url, 'gapmap@example.org'),
        logger: (l) => logs.push(l),
      });
      expect(await worker.tick()).toBe(1);
      const refused = await database.db
        .selectFrom('mailQueue')
        .selectAll()
        .where('toAddress', '=', 'person6@example.org')
        .executeTakeFirstOrThrow();
      expect(refused.failedAt).not.toBeNull();
      expect(refused.lastError).toBe('relay refused (550)');
      expect(refused.textBody).toBe('');
      expect(logs.some((l) => l.msg === 'mail given up')).toBe(true);
      await database.db.deleteFrom('mailQueue').execute();

      const port = await freePort();
      const clock = { now: Date.now() };
      const down = createMailWorker({
        db: database.db,
        transport: smtpTransport(`smtp://127.0.0.1:${port}`, 'g@example.org'),
        logger: () => {},
        now: () => clock.now,
        maxAttempts: 3,
        baseDelayMs: 1000,
      });
      await mailer.send(message(8));
      for (let i = 0; i < 5; i++) {
        await down.tick();
        clock.now += 10_000;
      }
      const row = await database.db.selectFrom('mailQueue').selectAll().executeTakeFirstOrThrow();
      expect(row.attempts).toBe(3);
      expect(row.failedAt).not.toBeNull();
    } finally {
      await smtp.close();
      await database.db.deleteFrom('mailQueue').execute();
    }
  });

  it('drain delivers what is due before a process stops', async () => {
    const smtp = await startSmtpServer();
    try {
      const worker = createMailWorker({
        db: database.db,
        transport: smtpTransport(smtp.url, 'gapmap@example.org'),
        logger: () => {},
        pollMs: 3_600_000,
      });
      worker.start();
      await new Promise((r) => setTimeout(r, 100));
      await queueMailer(database.db).send(message(9));
      await worker.drain(5_000);
      expect(smtp.received.map((m) => m.envelopeTo[0])).toEqual(['person9@example.org']);
    } finally {
      await smtp.close();
      await database.db.deleteFrom('mailQueue').execute();
    }
  });

  it('forgets sent and given-up messages after 30 days, never waiting ones', async () => {
    const mailer = queueMailer(database.db);
    for (const n of [1, 2, 3]) await mailer.send(message(n));
    const old = new Date(Date.now() - RETAIN_MS - 60_000);
    await database.db
      .updateTable('mailQueue')
      .set({ sentAt: old })
      .where('toAddress', '=', 'person1@example.org')
      .execute();
    await database.db
      .updateTable('mailQueue')
      .set({ failedAt: old })
      .where('toAddress', '=', 'person2@example.org')
      .execute();
    const port = await freePort();
    const worker = createMailWorker({
      db: database.db,
      transport: smtpTransport(`smtp://127.0.0.1:${port}`, 'g@example.org'),
      logger: () => {},
    });
    await worker.tick();
    const left = await database.db.selectFrom('mailQueue').select('toAddress').execute();
    expect(left.map((r) => r.toAddress)).toEqual(['person3@example.org']);
    await database.db.deleteFrom('mailQueue').execute();
  });

  it('refuses to queue a message for a malformed recipient', async () => {
    await expect(
      queueMailer(database.db).send({ ...message(1), to: 'a@b.org\r\nBcc: c@d.org' }),
    ).rejects.toThrow(/one plain email address/);
  });
});
