/** The signed-in user, shared by the shell, the navigation and every page. */
import { createResource } from 'solid-js';
import { api, ApiError, setCsrfToken } from './api.js';
import { forgetCachedAnswers } from './offline/serviceWorker.js';
import type { Role, SessionUser } from '../server/auth/schemas.js';

export type { Role, SessionUser } from '../server/auth/schemas.js';

async function fetchSession(): Promise<SessionUser | null> {
  try {
    const s = await api.get<{ user: SessionUser; csrfToken: string }>('/api/v1/auth/session');
    setCsrfToken(s.csrfToken);
    return s.user;
  } catch (e) {
    if (e instanceof ApiError && (e.status === 401 || e.status === 404)) {
      setCsrfToken(null);
      return null;
    }
    throw e;
  }
}

const [session, { refetch, mutate }] = createResource(fetchSession);

export { session };
export const refreshSession = () => refetch();
/** After login or invite acceptance: the response already holds the user and CSRF token. */
export function signedIn(user: SessionUser, csrfToken: string): void {
  forgetCachedAnswers();
  setCsrfToken(csrfToken);
  mutate(user);
}
export function signedOut(): void {
  forgetCachedAnswers();
  setCsrfToken(null);
  mutate(null);
}
export const hasRole = (...roles: Role[]) => {
  const user = session();
  return !!user && (user.role === 'admin' || roles.includes(user.role));
};
