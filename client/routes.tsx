/**
 * Every page of the client, in one list: the router and the navigation both read it.
 * A feature adds its page here (lazy-loaded) and, if it belongs in the header, a `nav` entry
 * naming the roles that may use it (admin sees everything; `public` shows it signed out too).
 */
import { lazy, type Component } from 'solid-js';
import type { Role } from './session.js';

export interface PageEntry {
  path: string;
  component: Component;
  /** `description`: one line the home page shows beside the link (what a user does there). */
  nav?: { label: string; roles: Role[] | 'public' | 'signed-in'; order: number; description?: string };
}

export const pages: PageEntry[] = [
  { path: '/', component: lazy(() => import('./home/HomePage.jsx')), nav: { label: 'Home', roles: 'public', order: 0 } },
  { path: '/map', component: lazy(() => import('./map/MapPage.jsx')), nav: { label: 'Map', roles: 'public', order: 10, description: 'See community services on a map, with a list of everything in view.' } },
  // Directory (client/directory)
  { path: '/directory', component: lazy(() => import('./directory/DirectoryPage.jsx')), nav: { label: 'Directory', roles: 'signed-in', order: 15, description: 'Search what already runs: cost, access, languages and how to refer; copy a card into a message or print the list.' } },
  { path: '/directory/mine', component: lazy(() => import('./directory/MyServicesPage.jsx')), nav: { label: 'My services', roles: ['organiser'], order: 16, description: "Your organisation's listings: keep them current with one click." } },
  { path: '/services/new', component: lazy(() => import('./directory/ServiceFormPage.jsx')) },
  { path: '/services/:id/edit', component: lazy(() => import('./directory/ServiceFormPage.jsx')) },
  { path: '/services/:id', component: lazy(() => import('./directory/ServicePage.jsx')) },
  { path: '/flag', component: lazy(() => import('./flag/FlagPage.jsx')), nav: { label: 'Flag a need', roles: ['link_worker'], order: 20, description: 'Record a need you could not meet, in three taps; undo it for 24 hours.' } },
  { path: '/gap-check', component: lazy(() => import('./gapcheck/GapCheckPage.jsx')), nav: { label: 'Gap check', roles: ['organiser', 'link_worker'], order: 40, description: 'Before starting a group, see what already runs nearby and the unmet need recorded there.' } },
  // Accounts (client/auth, client/admin)
  { path: '/sign-in', component: lazy(() => import('./auth/SignInPage.jsx')) },
  { path: '/invite/:token', component: lazy(() => import('./auth/InvitePage.jsx')) },
  { path: '/account', component: lazy(() => import('./auth/AccountPage.jsx')) },
  { path: '/admin/invites', component: lazy(() => import('./admin/InvitesPage.jsx')), nav: { label: 'Invite people', roles: ['organiser'], order: 80, description: 'Invite colleagues by email; each link works once and expires in 7 days.' } },
  { path: '/admin/users', component: lazy(() => import('./admin/UsersPage.jsx')), nav: { label: 'Accounts', roles: ['admin'], order: 85, description: 'Change roles, and disable or enable accounts.' } },
  // Dashboard and admin (client/dashboard, client/admin)
  { path: '/dashboard', component: lazy(() => import('./dashboard/DashboardPage.jsx')), nav: { label: 'Dashboard', roles: ['funder'], order: 70, description: 'Trends, the largest gaps, the proposal pipeline and downloads, all suppressed.' } },
  { path: '/admin/taxonomy', component: lazy(() => import('./admin/TaxonomyPage.jsx')), nav: { label: 'Taxonomy', roles: ['admin'], order: 86, description: 'Rename, regroup and add need tags.' } },
  { path: '/admin/areas', component: lazy(() => import('./admin/AreaImportPage.jsx')), nav: { label: 'Boundaries', roles: ['admin'], order: 87, description: 'Import ward, LSOA, MSOA or local-authority boundaries.' } },
  { path: '/admin/feeds', component: lazy(() => import('./admin/FeedsPage.jsx')), nav: { label: 'ORUK feeds', roles: ['admin'], order: 87.5, description: 'Harvest other directories’ Open Referral UK feeds on a schedule, with a report per run.' } },
  { path: '/admin/listings', component: lazy(() => import('./admin/ListingsPage.jsx')), nav: { label: 'Listings', roles: ['admin'], order: 87.7, description: 'Approve claims of listings and see which have not been checked for six months.' } },
  { path: '/admin/privacy', component: lazy(() => import('./admin/PrivacyPage.jsx')), nav: { label: 'Privacy', roles: ['admin'], order: 88, description: 'Raise the small-number threshold for every count shown.' } },
  { path: '/admin/audit', component: lazy(() => import('./admin/AuditPage.jsx')), nav: { label: 'Audit log', roles: ['admin'], order: 89, description: 'Who did what to which record.' } },
  // Co-design (client/referrals, client/proposals, client/events, client/digest)
  { path: '/referrals', component: lazy(() => import('./referrals/MyReferralsPage.jsx')), nav: { label: 'My referrals', roles: ['link_worker'], order: 30, description: 'Where each person you referred stands, step by step.' } },
  { path: '/referrals/inbox', component: lazy(() => import('./referrals/ReferralInboxPage.jsx')), nav: { label: 'Referral inbox', roles: ['organiser'], order: 30, description: 'Acknowledge and update referrals to your services; see your time to acknowledge.' } },
  { path: '/refer/:serviceId', component: lazy(() => import('./referrals/ReferPage.jsx')) },
  { path: '/proposals', component: lazy(() => import('./proposals/ProposalsPage.jsx')), nav: { label: 'Proposals', roles: 'signed-in', order: 50, description: 'Co-design new groups with Link Workers, from idea to a running service.' } },
  { path: '/proposals/new', component: lazy(() => import('./proposals/NewProposalPage.jsx')) },
  { path: '/proposals/:id', component: lazy(() => import('./proposals/ProposalPage.jsx')) },
  { path: '/events', component: lazy(() => import('./events/EventsPage.jsx')), nav: { label: 'Events', roles: 'signed-in', order: 60, description: 'Network breakfasts and hub open days, with a calendar feed.' } },
  { path: '/updates', component: lazy(() => import('./digest/DigestPage.jsx')), nav: { label: "What's new", roles: 'signed-in', order: 65, description: 'The weekly digest and the printable catalogue.' } },
];
