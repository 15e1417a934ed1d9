/** The accounts API as the client calls it: sign in and out, invites, users. Types come from the schemas of server/auth, server/invites, server/users. */
import shell from '../../i18n/messages/shell.js';
import { api, type Page } from '../api.js';
import { useMessages } from '../i18n/language.js';
import { signedIn, signedOut, type Role, type SessionUser } from '../session.js';
import type { SignedIn as SignedInResponse } from '../../server/auth/schemas.js';
import type { Invite, InviteCreated, InvitePreview } from '../../server/invites/schemas.js';
import type { Account } from '../../server/users/schemas.js';

export type { SignedIn as SignedInResponse } from '../../server/auth/schemas.js';
export type { Invite, InviteCreated, InvitePreview } from '../../server/invites/schemas.js';
export type { Account } from '../../server/users/schemas.js';

const ROLE_KEYS = {
  link_worker: 'roleLinkWorker',
  organiser: 'roleOrganiser',
  funder: 'roleFunder',
  admin: 'roleAdmin',
} as const satisfies Record<Role, keyof typeof shell.en>;
const tShell = useMessages(shell);

/** A role in words, in the chosen language: "Link Worker". */
export const roleLabel = (role: Role): string => tShell(ROLE_KEYS[role]);

export async function logIn(email: string, password: string): Promise<SessionUser> {
  const res = await api.post<SignedInResponse>('/api/v1/auth/login', { email, password });
  signedIn(res.user, res.csrfToken);
  return res.user;
}

export async function logOut(): Promise<void> {
  try {
    await api.post('/api/v1/auth/logout');
  } finally {
    // Signed out locally even if the server could not be reached: the cookie is HttpOnly, and the
    // next request that reaches the server finds the session ended or still checks it.
    signedOut();
  }
}

export const previewInvite = (token: string) =>
  api.get<InvitePreview>(`/api/v1/invites/${encodeURIComponent(token)}`);

export async function acceptInvite(
  token: string,
  name: string,
  password: string,
): Promise<SessionUser> {
  const res = await api.post<SignedInResponse>(
    `/api/v1/invites/${encodeURIComponent(token)}/accept`,
    { name, password },
  );
  signedIn(res.user, res.csrfToken);
  return res.user;
}

export const createInvite = (body: { email: string; role: Role; organisationId?: string }) =>
  api.post<InviteCreated>('/api/v1/invites', body);
export const withdrawInvite = (id: string) => api.delete(`/api/v1/invites/${id}`);
export const listInvites = (cursor?: string | null) =>
  api.get<Page<Invite>>('/api/v1/invites', { query: { limit: 50, cursor } });
export const listAccounts = (cursor?: string | null, q?: string) =>
  api.get<Page<Account>>('/api/v1/users', {
    query: { limit: 50, cursor, q: q?.trim() || undefined },
  });
export const updateAccount = (
  id: string,
  change: Partial<Pick<Account, 'role' | 'organisationId' | 'disabled' | 'name'>>,
) => api.patch<Account>(`/api/v1/users/${id}`, change);
export const changePassword = (currentPassword: string, newPassword: string) =>
  api.post<void>('/api/v1/auth/password', { currentPassword, newPassword });

/** Only same-site paths may be a post-sign-in destination (no open redirect to another site). */
export function safeNext(next: string | undefined | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\')
    ? next
    : '/';
}
