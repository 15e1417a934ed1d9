/**
 * Who may call each route: the table the route matrix test (route-matrix.test.ts) checks
 * against every route in /api/openapi.json, for every role and for an anonymous caller.
 *
 * Adding a route? Add a row here (the test fails until you do). `allow` is:
 *  - 'public': anyone, signed in or not;
 *  - 'signed-in': any signed-in role;
 *  - a list of roles (admin always passes, as in requireRole).
 * Allowed callers must get anything but 401/403 (a 404 or 422 from the sample input is fine);
 * everyone else must get 401 (anonymous) or 403 (wrong role). Give a `body` that passes role
 * checks for the allowed roles, and `params` when a role needs its own record to get past an
 * object-level check (e.g. an organiser's own organisation id). The matrix runs with the
 * default configuration: the public directory is off.
 */
import type { Role } from '../../db/schema.js';

export type Access = 'public' | 'signed-in' | Role[];

export interface Caller {
  role: Role;
  userId: string;
  organisationId: string | null;
}

export interface RouteAccess {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** The path exactly as the OpenAPI document spells it, with `{param}` placeholders. */
  path: string;
  allow: Access;
  body?: unknown;
  /** Path parameter values; default: a UUID that matches nothing for `{id}`, a well-formed unknown token otherwise. */
  params?: (caller: Caller | null) => Record<string, string>;
  /** Query string without '?', e.g. 'bbox=-0.1,51.5,0,51.6'. */
  query?: string;
}

/** An account the matrix creates before it runs, so the login row can really sign in. */
export const MATRIX_LOGIN = {
  email: 'matrix-login@matrix.test',
  password: 'matrix login passphrase',
};

const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';
const ownOrganisation = (c: Caller | null) => ({ id: c?.organisationId ?? NO_SUCH_ID });

export const ROUTE_ACCESS: RouteAccess[] = [
  // Meta
  { method: 'GET', path: '/api/health', allow: 'public' },
  { method: 'GET', path: '/api/ready', allow: 'public' },
  { method: 'GET', path: '/api/v1/taxonomy', allow: 'public' },

  // Accounts (server/auth, server/invites, server/users, server/audit)
  { method: 'POST', path: '/api/v1/auth/login', allow: 'public', body: MATRIX_LOGIN },
  { method: 'POST', path: '/api/v1/auth/logout', allow: 'public' },
  // 401 signed out is the route's answer, not a role refusal: any signed-in role gets 200.
  { method: 'GET', path: '/api/v1/auth/session', allow: 'signed-in' },
  {
    method: 'POST',
    path: '/api/v1/auth/password',
    allow: 'signed-in',
    body: { currentPassword: 'wrong current one', newPassword: 'a new long passphrase' },
  },
  {
    method: 'POST',
    path: '/api/v1/invites',
    allow: ['organiser'],
    body: { email: 'matrix-invitee@matrix.test', role: 'organiser' },
  },
  { method: 'GET', path: '/api/v1/invites', allow: ['organiser'] },
  { method: 'DELETE', path: '/api/v1/invites/{id}', allow: ['organiser'] },
  // The OpenAPI document spells GET /invites/{token} as /invites/{id} (one template per path).
  { method: 'GET', path: '/api/v1/invites/{id}', allow: 'public' },
  {
    method: 'POST',
    path: '/api/v1/invites/{token}/accept',
    allow: 'public',
    body: { name: 'Matrix', password: 'twelve characters' },
  },
  { method: 'GET', path: '/api/v1/users', allow: ['admin'] },
  { method: 'PATCH', path: '/api/v1/users/{id}', allow: ['admin'], body: { name: 'Renamed' } },
  { method: 'GET', path: '/api/v1/audit', allow: ['admin'] },

  // Directory (server/services)
  { method: 'GET', path: '/api/v1/services', allow: 'signed-in' },
  { method: 'POST', path: '/api/v1/services', allow: ['organiser'], body: {} },
  { method: 'GET', path: '/api/v1/services/{id}', allow: 'signed-in' },
  { method: 'PATCH', path: '/api/v1/services/{id}', allow: ['organiser'], body: { version: 1 } },
  { method: 'DELETE', path: '/api/v1/services/{id}', allow: ['organiser'] },
  { method: 'POST', path: '/api/v1/services/{id}/verify', allow: ['organiser'], body: {} },
  // Listings that stay true (server/listings): claims and the stale report
  { method: 'POST', path: '/api/v1/services/{id}/claims', allow: ['organiser'] },
  { method: 'GET', path: '/api/v1/claims', allow: ['admin'] },
  { method: 'PATCH', path: '/api/v1/claims/{id}', allow: ['admin'], body: { status: 'rejected' } },
  { method: 'GET', path: '/api/v1/listings/stale', allow: ['admin'] },
  { method: 'GET', path: '/api/v1/services.geojson', allow: 'signed-in' },
  { method: 'GET', path: '/api/v1/services.csv', allow: 'signed-in' },
  { method: 'GET', path: '/api/v1/services/{id}/calendar.ics', allow: 'signed-in' },
  { method: 'GET', path: '/api/v1/services.ics', allow: 'signed-in' },
  { method: 'GET', path: '/api/v1/organisations/{id}/calendar.ics', allow: 'signed-in' },
  { method: 'GET', path: '/api/v1/services/{id}/share.txt', allow: 'signed-in' },
  { method: 'GET', path: '/api/v1/organisations', allow: 'signed-in' },
  {
    method: 'POST',
    path: '/api/v1/organisations',
    allow: ['admin'],
    body: { name: 'Matrix organisation' },
  },
  {
    method: 'GET',
    path: '/api/v1/organisations/{id}',
    allow: ['organiser'],
    params: ownOrganisation,
  },
  {
    method: 'PATCH',
    path: '/api/v1/organisations/{id}',
    allow: ['organiser'],
    params: ownOrganisation,
    body: { version: 999 },
  },

  // Open Referral UK (server/oruk): the read API is public by contract; import is for admins.
  { method: 'GET', path: '/api/v1/oruk', allow: 'public' },
  { method: 'GET', path: '/api/v1/oruk/services', allow: 'public' },
  { method: 'GET', path: '/api/v1/oruk/services/{id}', allow: 'public' },
  { method: 'GET', path: '/api/v1/oruk/taxonomies', allow: 'public' },
  { method: 'GET', path: '/api/v1/oruk/taxonomy_terms', allow: 'public' },
  { method: 'GET', path: '/api/v1/oruk/service_at_locations', allow: 'public' },
  { method: 'GET', path: '/api/v1/oruk/service_at_locations/{id}', allow: 'public' },
  { method: 'GET', path: '/api/v1/oruk/taxonomies/{id}', allow: 'public' },
  { method: 'GET', path: '/api/v1/oruk/taxonomy_terms/{id}', allow: 'public' },
  { method: 'POST', path: '/api/v1/import/oruk', allow: ['admin'], body: [] },
  { method: 'GET', path: '/api/v1/import/feeds', allow: ['admin'] },
  { method: 'POST', path: '/api/v1/import/feeds', allow: ['admin'], body: {} },
  { method: 'PATCH', path: '/api/v1/import/feeds/{id}', allow: ['admin'], body: {} },
  { method: 'DELETE', path: '/api/v1/import/feeds/{id}', allow: ['admin'] },
  { method: 'POST', path: '/api/v1/import/feeds/{id}/harvest', allow: ['admin'] },
  { method: 'GET', path: '/api/v1/import/feeds/{id}/runs', allow: ['admin'] },

  // Need flags, the need map and postcodes (server/needs, server/map, server/postcodes)
  {
    method: 'POST',
    path: '/api/v1/needs',
    allow: ['link_worker'],
    body: { tags: ['no-such-tag'], lat: 51.52, lng: -0.06 },
  },
  { method: 'POST', path: '/api/v1/needs/batch', allow: ['link_worker'], body: { items: [] } },
  { method: 'GET', path: '/api/v1/needs/mine', allow: ['link_worker'] },
  { method: 'DELETE', path: '/api/v1/needs/{id}', allow: ['link_worker'] },
  { method: 'GET', path: '/api/v1/needs/tags/popular', allow: ['link_worker'] },
  {
    method: 'GET',
    path: '/api/v1/map/needs',
    allow: 'signed-in',
    query: 'bbox=-0.08,51.5,-0.01,51.54&res=7',
  },
  // Publication (server/releases)
  { method: 'GET', path: '/api/v1/releases', allow: 'signed-in' },
  { method: 'POST', path: '/api/v1/releases', allow: ['admin'], body: { through: '2020-01-06' } },
  { method: 'POST', path: '/api/v1/postcodes/import', allow: ['admin'], body: {} },

  // Areas and the gap engine (server/areas, server/gaps); `raw=1` is refused to non-admins in the handlers.
  { method: 'POST', path: '/api/v1/areas/import', allow: ['admin'], body: {} },
  { method: 'GET', path: '/api/v1/areas/import/status', allow: ['admin'] },
  { method: 'GET', path: '/api/v1/areas', allow: 'signed-in' },
  // Place search (server/places): signed in, or anyone with PUBLIC_DIRECTORY=1 (off in the matrix).
  { method: 'GET', path: '/api/v1/places', allow: 'signed-in', query: 'q=E2' },
  { method: 'GET', path: '/api/v1/areas.geojson', allow: 'signed-in' },
  { method: 'GET', path: '/api/v1/areas/{id}', allow: 'signed-in' },
  { method: 'GET', path: '/api/v1/areas/{id}/summary', allow: 'signed-in' },
  { method: 'GET', path: '/api/v1/gaps', allow: 'signed-in' },
  {
    method: 'POST',
    path: '/api/v1/gap-check',
    allow: ['organiser', 'link_worker'],
    body: { tags: ['no-such-tag'], lat: 51.52, lng: -0.06 },
  },

  // Referrals (server/referrals)
  {
    method: 'POST',
    path: '/api/v1/referrals',
    allow: ['link_worker'],
    body: { serviceId: NO_SUCH_ID },
  },
  { method: 'GET', path: '/api/v1/referrals', allow: ['link_worker', 'organiser'] },
  {
    method: 'PATCH',
    path: '/api/v1/referrals/{id}',
    allow: ['link_worker', 'organiser'],
    body: { status: 'acknowledged', version: 1 },
  },
  {
    method: 'POST',
    path: '/api/v1/referrals/{id}/undo',
    allow: ['link_worker', 'organiser'],
    body: { version: 1 },
  },
  { method: 'GET', path: '/api/v1/referral-notices', allow: ['link_worker'] },
  { method: 'POST', path: '/api/v1/referral-notices/read', allow: ['link_worker'], body: {} },
  { method: 'GET', path: '/api/v1/referrals/stats', allow: ['funder'] },
  {
    method: 'GET',
    path: '/api/v1/organisations/{id}/referral-stats',
    allow: ['organiser'],
    params: ownOrganisation,
  },
  {
    method: 'POST',
    path: '/api/v1/referral-links/{token}',
    allow: 'public',
    body: { status: 'acknowledged' },
  },

  // Proposals, network events and the digest (server/proposals, server/events, server/digest)
  { method: 'GET', path: '/api/v1/proposals/pipeline', allow: 'signed-in' },
  { method: 'POST', path: '/api/v1/proposals', allow: ['organiser'], body: {} },
  { method: 'GET', path: '/api/v1/venues', allow: ['organiser'], query: 'near=51.527,-0.055' },
  { method: 'GET', path: '/api/v1/proposals', allow: 'signed-in' },
  { method: 'GET', path: '/api/v1/proposals/{id}', allow: 'signed-in' },
  {
    method: 'PATCH',
    path: '/api/v1/proposals/{id}',
    allow: ['organiser'],
    body: { version: 1, stage: 'co_designing' },
  },
  { method: 'POST', path: '/api/v1/proposals/{id}/launch', allow: ['organiser'], body: {} },
  {
    method: 'POST',
    path: '/api/v1/proposals/{id}/members',
    allow: ['link_worker', 'organiser'],
    body: { commitment: 'advise' },
  },
  {
    method: 'DELETE',
    path: '/api/v1/proposals/{id}/members/me',
    allow: ['link_worker', 'organiser'],
  },
  { method: 'GET', path: '/api/v1/proposals/{id}/comments', allow: 'signed-in' },
  {
    method: 'POST',
    path: '/api/v1/proposals/{id}/comments',
    allow: 'signed-in',
    body: { body: 'A matrix comment' },
  },
  { method: 'POST', path: '/api/v1/proposals/{id}/interest', allow: ['link_worker'] },
  {
    method: 'POST',
    path: '/api/v1/proposals/{id}/partners',
    allow: ['link_worker', 'organiser'],
    body: { organisationId: NO_SUCH_ID },
  },
  {
    method: 'POST',
    path: '/api/v1/proposals/{id}/backings',
    allow: ['funder'],
    body: { amountPence: 100, period: 'a year' },
  },
  // Calendar apps cannot sign in; the feed holds public meeting details only.
  { method: 'GET', path: '/api/v1/events.ics', allow: 'public' },
  { method: 'GET', path: '/api/v1/events', allow: 'signed-in' },
  { method: 'POST', path: '/api/v1/events', allow: ['organiser'], body: {} },
  { method: 'GET', path: '/api/v1/events/{id}', allow: 'signed-in' },
  {
    method: 'PATCH',
    path: '/api/v1/events/{id}',
    allow: ['organiser'],
    body: { title: 'Renamed' },
  },
  { method: 'DELETE', path: '/api/v1/events/{id}', allow: ['organiser'] },
  { method: 'PUT', path: '/api/v1/events/{id}/attendance', allow: 'signed-in' },
  { method: 'DELETE', path: '/api/v1/events/{id}/attendance', allow: 'signed-in' },
  { method: 'GET', path: '/api/v1/digest', allow: 'signed-in' },

  // Dashboard, taxonomy editing and privacy settings (server/dashboard, server/taxonomy, server/settings)
  { method: 'GET', path: '/api/v1/dashboard/trends', allow: ['funder'] },
  { method: 'GET', path: '/api/v1/dashboard/trends.csv', allow: ['funder'] },
  { method: 'GET', path: '/api/v1/dashboard/needs.csv', allow: ['funder'] },
  { method: 'GET', path: '/api/v1/dashboard/needs.geojson', allow: ['funder'] },
  { method: 'GET', path: '/api/v1/dashboard/gaps.csv', allow: ['funder'] },
  {
    method: 'POST',
    path: '/api/v1/taxonomy',
    allow: ['admin'],
    body: { slug: 'matrix-tag', name: 'Matrix tag' },
  },
  {
    method: 'PATCH',
    path: '/api/v1/taxonomy/{slug}',
    allow: ['admin'],
    params: () => ({ slug: 'no-such-tag' }),
    body: { name: 'Renamed' },
  },
  { method: 'GET', path: '/api/v1/settings/privacy', allow: ['admin'] },
  { method: 'PUT', path: '/api/v1/settings/privacy', allow: ['admin'], body: { threshold: 8 } },

  // Shortlists (server/shortlists)
  {
    method: 'POST',
    path: '/api/v1/shortlists',
    allow: ['link_worker'],
    body: { serviceIds: [NO_SUCH_ID], language: 'bn' },
  },
];
