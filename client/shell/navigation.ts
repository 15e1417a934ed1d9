/** Which pages of the registry a user may see: one rule for the header, the home page and anything else. */
import { pages, type PageEntry } from '../routes.jsx';
import type { SessionUser } from '../session.js';

export type NavRoles = NonNullable<PageEntry['nav']>['roles'];

export function rolesAllow(roles: NavRoles, user: SessionUser | null | undefined): boolean {
  if (roles === 'public') return true;
  if (!user) return false;
  if (roles === 'signed-in') return true;
  return user.role === 'admin' || roles.includes(user.role);
}

/** Pages with a navigation entry this user may use, in menu order. */
export function navigablePages(user: SessionUser | null | undefined): PageEntry[] {
  return pages
    .filter((p) => p.nav && rolesAllow(p.nav.roles, user))
    .sort((a, b) => (a.nav?.order ?? 0) - (b.nav?.order ?? 0));
}
