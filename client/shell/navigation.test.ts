import { describe, expect, it } from 'vitest';
import type { Role, SessionUser } from '../session.js';
import { navigablePages, rolesAllow } from './navigation.js';

const user = (role: Role): SessionUser => ({
  id: 'u',
  email: 'u@test.gapmap',
  name: 'U',
  role,
  organisationId: null,
});

describe('rolesAllow', () => {
  it('shows public entries to everyone and signed-in entries only to users', () => {
    expect(rolesAllow('public', null)).toBe(true);
    expect(rolesAllow('signed-in', null)).toBe(false);
    expect(rolesAllow('signed-in', user('funder'))).toBe(true);
  });

  it('limits role lists to those roles, and lets admins through every one', () => {
    expect(rolesAllow(['organiser'], null)).toBe(false);
    expect(rolesAllow(['organiser'], user('organiser'))).toBe(true);
    expect(rolesAllow(['organiser'], user('link_worker'))).toBe(false);
    expect(rolesAllow(['link_worker', 'funder'], user('admin'))).toBe(true);
  });
});

describe('navigablePages', () => {
  it('lists pages in menu order and never a page the role may not open', () => {
    for (const who of [
      null,
      user('link_worker'),
      user('organiser'),
      user('funder'),
      user('admin'),
    ]) {
      const pages = navigablePages(who);
      const orders = pages.map((p) => p.nav?.order ?? 0);
      expect(orders).toEqual([...orders].sort((a, b) => a - b));
      for (const p of pages) expect(rolesAllow(p.nav!.roles, who)).toBe(true);
    }
    // Signed out, only public entries; an admin sees every entry.
    expect(navigablePages(null).every((p) => p.nav?.roles === 'public')).toBe(true);
    expect(navigablePages(user('admin')).length).toBeGreaterThanOrEqual(
      navigablePages(user('link_worker')).length,
    );
  });
});
