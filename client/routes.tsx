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
  nav?: { label: string; roles: Role[] | 'public' | 'signed-in'; order: number };
}

export const pages: PageEntry[] = [
  { path: '/', component: lazy(() => import('./home/HomePage.jsx')), nav: { label: 'Home', roles: 'public', order: 0 } },
  { path: '/map', component: lazy(() => import('./map/MapPage.jsx')), nav: { label: 'Map', roles: 'public', order: 10 } },
];
