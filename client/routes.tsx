/**
 * Every page of the client, in one list: the router and the navigation both read it.
 * A feature adds its page here (lazy-loaded) and, if it belongs in the header, a `nav` entry
 * naming the roles that may use it (admin sees everything; `public` shows it signed out too).
 */
import { lazy, type Component } from 'solid-js';
import type shell from '../i18n/messages/shell.js';
import type { Role } from './session.js';

/** Keys of the shell's messages (i18n/messages/shell.ts) naming a page and saying what it is for. */
export type ShellKey = keyof typeof shell.en & string;

export interface PageEntry {
  path: string;
  component: Component;
  /** `label` and `description` are keys of i18n/messages/shell.ts. `description`: one line the home page shows beside the link (what a user does there). */
  nav?: {
    label: ShellKey;
    roles: Role[] | 'public' | 'signed-in';
    order: number;
    description?: ShellKey;
  };
}

export const pages: PageEntry[] = [
  {
    path: '/',
    component: lazy(() => import('./home/HomePage.jsx')),
    nav: { label: 'navHome', roles: 'public', order: 0 },
  },
  {
    path: '/map',
    component: lazy(() => import('./map/MapPage.jsx')),
    nav: { label: 'navMap', roles: 'public', order: 10, description: 'navMapDescription' },
  },
  // Directory (client/directory)
  {
    path: '/directory',
    component: lazy(() => import('./directory/DirectoryPage.jsx')),
    nav: {
      label: 'navDirectory',
      roles: 'signed-in',
      order: 15,
      description: 'navDirectoryDescription',
    },
  },
  {
    path: '/directory/mine',
    component: lazy(() => import('./directory/MyServicesPage.jsx')),
    nav: {
      label: 'navMyServices',
      roles: ['organiser'],
      order: 16,
      description: 'navMyServicesDescription',
    },
  },
  { path: '/services/new', component: lazy(() => import('./directory/ServiceFormPage.jsx')) },
  { path: '/services/:id/edit', component: lazy(() => import('./directory/ServiceFormPage.jsx')) },
  { path: '/services/:id', component: lazy(() => import('./directory/ServicePage.jsx')) },
  {
    path: '/flag',
    component: lazy(() => import('./flag/FlagPage.jsx')),
    nav: { label: 'navFlag', roles: ['link_worker'], order: 20, description: 'navFlagDescription' },
  },
  {
    path: '/gap-check',
    component: lazy(() => import('./gapcheck/GapCheckPage.jsx')),
    nav: {
      label: 'navGapCheck',
      roles: ['organiser', 'link_worker'],
      order: 40,
      description: 'navGapCheckDescription',
    },
  },
  // Accounts (client/auth, client/admin)
  { path: '/sign-in', component: lazy(() => import('./auth/SignInPage.jsx')) },
  { path: '/invite/:token', component: lazy(() => import('./auth/InvitePage.jsx')) },
  { path: '/account', component: lazy(() => import('./auth/AccountPage.jsx')) },
  {
    path: '/admin/invites',
    component: lazy(() => import('./admin/InvitesPage.jsx')),
    nav: {
      label: 'navInvites',
      roles: ['organiser'],
      order: 80,
      description: 'navInvitesDescription',
    },
  },
  {
    path: '/admin/users',
    component: lazy(() => import('./admin/UsersPage.jsx')),
    nav: {
      label: 'navAccounts',
      roles: ['admin'],
      order: 85,
      description: 'navAccountsDescription',
    },
  },
  // Dashboard and admin (client/dashboard, client/admin)
  {
    path: '/dashboard',
    component: lazy(() => import('./dashboard/DashboardPage.jsx')),
    nav: {
      label: 'navDashboard',
      roles: ['funder'],
      order: 70,
      description: 'navDashboardDescription',
    },
  },
  {
    path: '/admin/taxonomy',
    component: lazy(() => import('./admin/TaxonomyPage.jsx')),
    nav: {
      label: 'navTaxonomy',
      roles: ['admin'],
      order: 86,
      description: 'navTaxonomyDescription',
    },
  },
  {
    path: '/admin/areas',
    component: lazy(() => import('./admin/AreaImportPage.jsx')),
    nav: {
      label: 'navBoundaries',
      roles: ['admin'],
      order: 87,
      description: 'navBoundariesDescription',
    },
  },
  {
    path: '/admin/feeds',
    component: lazy(() => import('./admin/FeedsPage.jsx')),
    nav: { label: 'navFeeds', roles: ['admin'], order: 87.5, description: 'navFeedsDescription' },
  },
  {
    path: '/admin/listings',
    component: lazy(() => import('./admin/ListingsPage.jsx')),
    nav: {
      label: 'navListings',
      roles: ['admin'],
      order: 87.7,
      description: 'navListingsDescription',
    },
  },
  {
    path: '/admin/privacy',
    component: lazy(() => import('./admin/PrivacyPage.jsx')),
    nav: { label: 'navPrivacy', roles: ['admin'], order: 88, description: 'navPrivacyDescription' },
  },
  {
    path: '/admin/audit',
    component: lazy(() => import('./admin/AuditPage.jsx')),
    nav: { label: 'navAudit', roles: ['admin'], order: 89, description: 'navAuditDescription' },
  },
  // Co-design (client/referrals, client/proposals, client/events, client/digest)
  {
    path: '/referrals',
    component: lazy(() => import('./referrals/MyReferralsPage.jsx')),
    nav: {
      label: 'navMyReferrals',
      roles: ['link_worker'],
      order: 30,
      description: 'navMyReferralsDescription',
    },
  },
  {
    path: '/referrals/inbox',
    component: lazy(() => import('./referrals/ReferralInboxPage.jsx')),
    nav: {
      label: 'navReferralInbox',
      roles: ['organiser'],
      order: 30,
      description: 'navReferralInboxDescription',
    },
  },
  { path: '/refer/:serviceId', component: lazy(() => import('./referrals/ReferPage.jsx')) },
  {
    path: '/proposals',
    component: lazy(() => import('./proposals/ProposalsPage.jsx')),
    nav: {
      label: 'navProposals',
      roles: 'signed-in',
      order: 50,
      description: 'navProposalsDescription',
    },
  },
  { path: '/proposals/new', component: lazy(() => import('./proposals/NewProposalPage.jsx')) },
  { path: '/proposals/:id', component: lazy(() => import('./proposals/ProposalPage.jsx')) },
  {
    path: '/events',
    component: lazy(() => import('./events/EventsPage.jsx')),
    nav: { label: 'navEvents', roles: 'signed-in', order: 60, description: 'navEventsDescription' },
  },
  {
    path: '/updates',
    component: lazy(() => import('./digest/DigestPage.jsx')),
    nav: {
      label: 'navUpdates',
      roles: 'signed-in',
      order: 65,
      description: 'navUpdatesDescription',
    },
  },
];
