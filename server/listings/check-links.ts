/**
 * The answers to a listing check reminder, from its signed single-use link (the referral links'
 * mechanism, server/auth/signed-links.ts): "Still right" marks the service checked now; "Needs
 * changes" marks it for the organisation to edit; "Has ended" ends it. Each answer is audited as
 * the organisation's key contact (the person the link was sent to), "via signed_link".
 */
import type { Kysely } from 'kysely';
import type { DB, Db } from '../../db/schema.js';
import { issueSignedLink, resolveSignedLink, spendSignedLink } from '../auth/signed-links.js';
import { recordAudit } from '../audit/audit.js';
import type { Config } from '../config.js';
import { notFound } from '../http/errors.js';
import { CHECK_WORDS, type CheckAnswer } from './wording.js';
import { servicesWithOrganisation } from '../services/rows.js';

export const CHECK_LINK_TTL_DAYS = 28;

export function createCheckLink(db: Db, serviceId: string, now = new Date()) {
  return issueSignedLink(db, 'serviceCheckLinks', serviceId, CHECK_LINK_TTL_DAYS, now);
}

export function checkLinkUrl(config: Config, token: string): string {
  return new URL(`/check/${encodeURIComponent(token)}`, config.publicUrl).toString();
}

/** The live link and its service, or 404 (unknown) / 410 (used, expired, or the service already ended). */
export async function resolveCheckLink(db: Db, token: string, now = new Date()) {
  const link = await resolveSignedLink(db, 'serviceCheckLinks', token, CHECK_WORDS.link, now);
  const service = await servicesWithOrganisation(db)
    .select([
      'services.id',
      'services.name',
      'services.summary',
      'services.status',
      'services.lastVerifiedAt',
      'services.organisationId',
      'organisations.name as organisationName',
      'organisations.keyContactUserId',
    ])
    .where('services.id', '=', link.subjectId)
    .executeTakeFirst();
  if (!service) throw notFound('Service');
  return { link, service };
}

export interface CheckOutcome {
  answer: CheckAnswer;
  serviceId: string;
  serviceName: string;
  /** Where the organisation edits it (a sign-in link when signed out). */
  editUrl: string;
}

/** Spends the link and applies the answer, in one transaction. */
export async function answerCheckLink(
  db: Kysely<DB>,
  config: Config,
  token: string,
  answer: CheckAnswer,
  now = new Date(),
): Promise<CheckOutcome> {
  return db.transaction().execute(async (tx) => {
    const { link, service } = await resolveCheckLink(tx, token, now);
    await spendSignedLink(tx, 'serviceCheckLinks', link.id, CHECK_WORDS.link, now);
    const actor = service.keyContactUserId;
    const audit = { userId: actor, entity: 'service', entityId: service.id } as const;
    if (answer === 'still_right') {
      await tx
        .updateTable('services')
        .set({ lastVerifiedAt: now, changesRequestedAt: null })
        .where('id', '=', service.id)
        .execute();
      await recordAudit(tx, {
        ...audit,
        action: 'service.verified',
        details: { via: 'signed_link' },
      });
    } else if (answer === 'needs_changes') {
      await tx
        .updateTable('services')
        .set({ changesRequestedAt: now })
        .where('id', '=', service.id)
        .execute();
      await recordAudit(tx, {
        ...audit,
        action: 'service.changes_requested',
        details: { via: 'signed_link' },
      });
    } else if (service.status !== 'ended') {
      // The version moves, as for any change of the listing, so an open edit form sees a 409.
      await tx
        .updateTable('services')
        .set((eb) => ({ status: 'ended', version: eb('version', '+', 1) }))
        .where('id', '=', service.id)
        .execute();
      await recordAudit(tx, {
        ...audit,
        action: 'service.updated',
        details: { fields: ['status'], status: 'ended', via: 'signed_link' },
      });
    }
    const edit = `/services/${service.id}/edit`;
    return {
      answer,
      serviceId: service.id,
      serviceName: service.name,
      editUrl: new URL(`/sign-in?next=${encodeURIComponent(edit)}`, config.publicUrl).toString(),
    };
  });
}
