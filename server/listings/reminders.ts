/**
 * Listings that stay true: once a week the key contact of each listed service that nobody has
 * confirmed for about five months gets a signed link to answer "Still right", "Needs changes" or
 * "Has ended" without signing in (server/listings/check-links.ts). A service is mailed at most
 * once per REMINDER_PERIOD_DAYS, however often the job runs and however many processes run it.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Config } from '../config.js';
import type { Logger } from '../http/logger.js';
import type { Mailer, MailMessage } from '../mail/mailer.js';
import { formatDay } from './wording.js';
import { DEFAULT_LANG, type Lang } from '../../i18n/define.js';
import mailMessages from '../../i18n/messages/mail.js';
import { localeOf, translator } from '../i18n/language.js';
import { mailLanguage } from '../users/language.js';
import { CHECK_LINK_TTL_DAYS, checkLinkUrl, createCheckLink } from './check-links.js';
import { servicesWithOrganisation } from '../services/rows.js';

/** About five months (the card turns "not checked since …" at six, STALE_AFTER_DAYS). */
export const REMIND_AFTER_DAYS = 152;
/** A service is not mailed again within this many days of its last reminder (its link's life). */
export const REMINDER_PERIOD_DAYS = CHECK_LINK_TTL_DAYS;

const DAY_MS = 86_400_000;

/**
 * Services to remind now: listed (not ended), last confirmed before the cut-off (or never), not
 * reminded within the period, with somewhere to write (the organisation's key contact, else the
 * organisation's own address).
 */
export function servicesDueForCheck(db: Kysely<DB>, now: Date) {
  return (
    servicesWithOrganisation(db)
      .leftJoin('users', (j) =>
        j
          .onRef('users.id', '=', 'organisations.keyContactUserId')
          .on('users.disabledAt', 'is', null),
      )
      .select([
        'services.id',
        'services.name',
        'services.lastVerifiedAt',
        'services.checkRemindedAt',
        'organisations.name as organisationName',
      ])
      .select(sql<string | null>`coalesce(users.email, organisations.email)`.as('to'))
      // The key contact's language; the organisation's own address is written to in English.
      .select('users.language')
      .where('services.status', '!=', 'ended')
      .where((eb) =>
        eb.or([
          eb('services.lastVerifiedAt', 'is', null),
          eb('services.lastVerifiedAt', '<', new Date(now.getTime() - REMIND_AFTER_DAYS * DAY_MS)),
        ]),
      )
      .where((eb) =>
        eb.or([
          eb('services.checkRemindedAt', 'is', null),
          eb(
            'services.checkRemindedAt',
            '<=',
            new Date(now.getTime() - REMINDER_PERIOD_DAYS * DAY_MS),
          ),
        ]),
      )
      .where(sql<boolean>`coalesce(users.email, organisations.email) is not null`)
      .orderBy('services.lastVerifiedAt', (ob) => ob.asc().nullsFirst())
      .orderBy('services.id')
      .execute()
  );
}

/** "1 Dec 2026" in English (formatDay); the same day, month and year in the reader's language. */
function dayIn(lang: Lang, value: Date): string {
  return lang === 'en'
    ? formatDay(value)
    : new Intl.DateTimeFormat(localeOf(lang), {
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        timeZone: 'Europe/London',
      }).format(value);
}

export function checkReminderMessage(
  config: Config,
  r: {
    to: string;
    serviceName: string;
    organisationName: string;
    lastVerifiedAt: Date | null;
    token: string;
    expiresAt: Date;
    language?: Lang;
  },
): MailMessage {
  const lang = r.language ?? DEFAULT_LANG;
  const t = translator(mailMessages, lang);
  const url = checkLinkUrl(config, r.token);
  return {
    kind: 'listing_check',
    to: r.to,
    subject: t('checkSubject', { service: r.serviceName }),
    text: [
      t('checkIntro', { service: r.serviceName, organisation: r.organisationName }),
      r.lastVerifiedAt ? t('checkSince', { date: dayIn(lang, r.lastVerifiedAt) }) : t('checkNever'),
      '',
      t('checkAsk'),
      url,
      '',
      t('checkExpires', { date: dayIn(lang, r.expiresAt) }),
    ].join('\n'),
  };
}

export interface ReminderRun {
  mailed: number;
  failed: number;
}

/**
 * Mails every service that is due. Each service is claimed by a conditional update (so two
 * processes never both mail it), its link is stored in the same transaction, and the message is
 * queued after commit; if queueing fails the claim is undone, so the next run tries again.
 */
export async function sendCheckReminders(
  deps: { db: Kysely<DB>; config: Config; mailer: Mailer; logger: Logger },
  now = new Date(),
): Promise<ReminderRun> {
  const run: ReminderRun = { mailed: 0, failed: 0 };
  const periodStart = new Date(now.getTime() - REMINDER_PERIOD_DAYS * DAY_MS);
  for (const s of await servicesDueForCheck(deps.db, now)) {
    if (!s.to) continue;
    const link = await deps.db.transaction().execute(async (tx) => {
      const claimed = await tx
        .updateTable('services')
        .set({ checkRemindedAt: now })
        .where('id', '=', s.id)
        .where((eb) =>
          eb.or([eb('checkRemindedAt', 'is', null), eb('checkRemindedAt', '<=', periodStart)]),
        )
        .returning('id')
        .executeTakeFirst();
      return claimed ? createCheckLink(tx, s.id, now) : null;
    });
    if (!link) continue;
    try {
      await deps.mailer.send(
        checkReminderMessage(deps.config, {
          ...s,
          to: s.to,
          serviceName: s.name,
          language: mailLanguage(s.language),
          ...link,
        }),
      );
      run.mailed += 1;
    } catch {
      run.failed += 1;
      deps.logger({
        level: 'error',
        msg: 'listing check reminder not queued',
        kind: 'listing_check',
      });
      await deps.db
        .updateTable('services')
        .set({ checkRemindedAt: s.checkRemindedAt })
        .where('id', '=', s.id)
        .where('checkRemindedAt', '=', now)
        .execute();
    }
  }
  return run;
}
