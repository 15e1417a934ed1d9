/**
 * Invitations: accounts exist only by invitation (DESIGN.md "Roles"). A token is random,
 * stored only as its SHA-256, bound to one email and role, single-use and valid for 7 days.
 */
import type { Context } from 'hono';
import { sql, type Kysely } from 'kysely';
import type { DB, Role } from '../../db/schema.js';
import { recordAudit } from '../audit/audit.js';
import { checkNewPassword, normaliseEmail, startSession, toSessionUser } from '../auth/accounts.js';
import { hashPassword } from '../auth/passwords.js';
import { hashToken, newToken } from '../auth/tokens.js';
import { assertOrganisationAccess } from '../http/auth.js';
import type { AppEnv, SessionUser } from '../http/env.js';
import type { Config } from '../config.js';
import type { MailMessage } from '../mail/mailer.js';
import { statedLanguage } from '../users/language.js';
import { DEFAULT_LANG, type Lang } from '../../i18n/define.js';
import mailMessages from '../../i18n/messages/mail.js';
import { translator } from '../i18n/language.js';
import { conflict, forbidden, gone, invalid, notFound } from '../http/errors.js';

export const INVITE_DAYS = 7;
/**
 * What an organiser may invite to their own organisation; admins may invite any role. Only admins
 * invite Link Workers: a Link Worker account is a vouched-for person whose flags count, not
 * something an organiser can mint (many flagging identities would pin "active Link Workers").
 */
export const ORGANISER_MAY_INVITE: readonly Role[] = ['organiser'];

export interface InviteRequest {
  email: string;
  role: Role;
  organisationId?: string | null;
}

/**
 * Decides the organisation an invite binds to, or refuses. Organisers invite only organisers,
 * only into their own organisation (which is the default for them); Link Workers are invited by admins.
 */
export function inviteScope(inviter: SessionUser, req: InviteRequest): string | null {
  if (inviter.role === 'admin') {
    if (req.role === 'organiser' && !req.organisationId)
      throw invalid({ organisationId: 'is required for an organiser' });
    return req.organisationId ?? null;
  }
  if (inviter.role !== 'organiser' || !inviter.organisationId)
    throw forbidden('Only admins and organisers may invite.');
  if (!ORGANISER_MAY_INVITE.includes(req.role)) {
    throw forbidden(
      req.role === 'link_worker'
        ? 'Only admins may invite Link Workers; ask your Gapmap admin.'
        : 'Organisers may invite organisers of their own organisation only.',
    );
  }
  if (req.organisationId && req.organisationId !== inviter.organisationId) {
    throw forbidden('Organisers may invite people to their own organisation only.');
  }
  return inviter.organisationId;
}

export async function createInvite(
  db: Kysely<DB>,
  inviter: SessionUser,
  req: InviteRequest,
  now = new Date(),
) {
  const email = normaliseEmail(req.email);
  const organisationId = inviteScope(inviter, req);
  if (organisationId) {
    const org = await db
      .selectFrom('organisations')
      .select('id')
      .where('id', '=', organisationId)
      .executeTakeFirst();
    if (!org) throw invalid({ organisationId: 'is not a known organisation' });
  }
  // Admins manage every account and are told; an organiser gets the same answer whether or not
  // the email has an account (no account enumeration). Such an invite can never be accepted.
  if (inviter.role === 'admin') {
    const existing = await db
      .selectFrom('users')
      .select('id')
      .where('email', '=', email)
      .executeTakeFirst();
    if (existing)
      throw conflict('Someone already has an account with this email.', {
        email: 'already has an account',
      });
  }
  const token = newToken();
  const expiresAt = new Date(now.getTime() + INVITE_DAYS * 86_400_000);
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('invites')
      .values({
        tokenHash: hashToken(token),
        email,
        role: req.role,
        organisationId,
        invitedBy: inviter.id,
        expiresAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(tx, {
      userId: inviter.id,
      action: 'invite.created',
      entity: 'invite',
      entityId: row.id,
      details: { role: req.role, organisationId },
    });
    return { id: row.id, token, expiresAt: expiresAt.toISOString(), email, role: req.role };
  });
}

/** The role as the invitation names it ("as an organiser"), by the catalogue's literal keys. */
const ROLE_NAMES = {
  admin: 'inviteRoleAdmin',
  organiser: 'inviteRoleOrganiser',
  link_worker: 'inviteRoleLinkWorker',
  funder: 'inviteRoleFunder',
} as const satisfies Record<Role, keyof typeof mailMessages.en>;

/**
 * The invitation mail: who invited, for what, and the single-use link to the accept page. Written
 * in the inviter's language (the invitee has no account yet), English when none is given.
 */
export function inviteMessage(
  config: Config,
  invite: {
    to: string;
    role: Role;
    inviterName: string;
    token: string;
    expiresAt: string;
    language?: Lang;
  },
): MailMessage {
  const t = translator(mailMessages, invite.language ?? DEFAULT_LANG);
  const url = new URL(`/invite/${encodeURIComponent(invite.token)}`, config.publicUrl).toString();
  return {
    kind: 'invite',
    to: invite.to,
    subject: t('inviteSubject'),
    text: [
      t('inviteIntro', { inviter: invite.inviterName, role: t(ROLE_NAMES[invite.role]) }),
      '',
      t('inviteChoose'),
      url,
      '',
      t('inviteExpires', { date: invite.expiresAt.slice(0, 10) }),
    ].join('\n'),
  };
}

/** The invite behind a token, for the accept page; 404 unknown, 410 used or expired. */
export async function findUsableInvite(db: Kysely<DB>, token: string, now = new Date()) {
  const invite = await db
    .selectFrom('invites')
    .leftJoin('organisations', 'organisations.id', 'invites.organisationId')
    .select([
      'invites.id',
      'invites.email',
      'invites.role',
      'invites.organisationId',
      'invites.expiresAt',
      'invites.acceptedAt',
      'organisations.name as organisationName',
    ])
    .where('invites.tokenHash', '=', hashToken(token))
    .executeTakeFirst();
  if (!invite) throw notFound('Invitation');
  if (invite.acceptedAt) throw gone('This invitation has already been used.');
  if (invite.expiresAt <= now) throw gone('This invitation has expired; ask for a new one.');
  return invite;
}

/**
 * Accepts an invite: creates the user with the invited email, role and organisation (never
 * from the request) and signs them in. Claiming the invite is a conditional update inside the
 * transaction, so two simultaneous accepts cannot both succeed.
 */
export async function acceptInvite(
  c: Context<AppEnv>,
  token: string,
  name: string,
  password: string,
) {
  const db = c.var.db;
  checkNewPassword(password, 'password');
  const invite = await findUsableInvite(db, token);
  const passwordHash = await hashPassword(password);
  return db.transaction().execute(async (tx) => {
    const now = new Date();
    const claimed = await tx
      .updateTable('invites')
      .set({ acceptedAt: now })
      .where('id', '=', invite.id)
      .where('acceptedAt', 'is', null)
      .where('expiresAt', '>', now)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) throw gone('This invitation has already been used.');
    const taken = await tx
      .selectFrom('users')
      .select('id')
      .where('email', '=', invite.email)
      .executeTakeFirst();
    // Worded like any other dead invitation: the token holder may not be the email's owner.
    if (taken)
      throw gone(
        'This invitation cannot be used. If you already have an account, sign in instead.',
      );
    const user = await tx
      .insertInto('users')
      .values({
        email: invite.email,
        name,
        role: invite.role,
        organisationId: invite.organisationId,
        passwordHash,
        passwordChangedAt: now,
        language: statedLanguage(c),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(tx, {
      userId: user.id,
      action: 'invite.accepted',
      entity: 'invite',
      entityId: invite.id,
      details: { role: user.role, organisationId: user.organisationId },
    });
    const session = await startSession(c, tx, user.id);
    return { user: toSessionUser(user), token: session.token, csrfToken: session.csrfToken };
  });
}

// Keyset on the millisecond-truncated time: cursors carry JS Dates, timestamptz has microseconds.
const createdMs = sql<Date>`date_trunc('milliseconds', invites.created_at)`;

/** Newest first, limit + 1 rows for `toPage`. */
export async function listInvites(
  db: Kysely<DB>,
  viewer: SessionUser,
  limit: number,
  after?: [string, string],
) {
  let q = db
    .selectFrom('invites')
    .select([
      'id',
      'email',
      'role',
      'organisationId',
      'expiresAt',
      'acceptedAt',
      createdMs.as('createdAt'),
    ])
    .orderBy(createdMs, 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1);
  // Organisers see the invites of their own organisation only.
  if (viewer.role !== 'admin')
    q = q.where(
      'organisationId',
      '=',
      viewer.organisationId ?? '00000000-0000-0000-0000-000000000000',
    );
  if (after)
    q = q.where(
      sql<boolean>`(${createdMs}, invites.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)`,
    );
  return q.execute();
}

/**
 * Withdraws a pending invite (admin; organiser for their own organisation): it expires now, so
 * its link answers 410. Accepted invites are history and cannot be withdrawn.
 */
export async function revokeInvite(
  db: Kysely<DB>,
  actor: SessionUser,
  inviteId: string,
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const invite = await tx
      .selectFrom('invites')
      .select(['id', 'organisationId', 'acceptedAt', 'expiresAt'])
      .where('id', '=', inviteId)
      .forUpdate()
      .executeTakeFirst();
    if (!invite) throw notFound('Invitation');
    if (actor.role !== 'admin') assertOrganisationAccess(actor, invite.organisationId);
    if (invite.acceptedAt)
      throw conflict('This invitation has already been accepted; disable the account instead.');
    const now = new Date();
    if (invite.expiresAt > now)
      await tx.updateTable('invites').set({ expiresAt: now }).where('id', '=', invite.id).execute();
    await recordAudit(tx, {
      userId: actor.id,
      action: 'invite.revoked',
      entity: 'invite',
      entityId: invite.id,
    });
  });
}
