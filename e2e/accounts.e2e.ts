/**
 * Accounts end to end in Chromium: each demo role signs in through the form and sees the
 * navigation its role may use; a wrong password shows the server's message; an admin invites
 * someone through the UI and that person accepts the link and is signed in.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, DEMO_USERS, screenshot, useDemoWorld } from './harness.js';

const world = useDemoWorld();
const open = world.open;

const headerSignIn = (page: Page) =>
  page.locator('.app-header').getByRole('link', { name: 'Sign in' });
const mainNav = (page: Page) => page.getByRole('navigation', { name: 'Main' });
const navLabels = async (page: Page) =>
  (await mainNav(page).getByRole('link').allTextContents()).map((s) => s.trim());

async function signInWithForm(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Admin-only and organiser pages of this slice; other features' entries are checked by their own tests. */
const EXPECTED: Record<
  keyof typeof DEMO_USERS,
  { shows: string[]; hides: string[]; role: string }
> = {
  admin: { shows: ['Invite people', 'Accounts'], hides: [], role: 'Admin' },
  organiser: { shows: ['Invite people'], hides: ['Accounts'], role: 'Organiser' },
  link_worker: { shows: [], hides: ['Invite people', 'Accounts'], role: 'Link Worker' },
  funder: { shows: [], hides: ['Invite people', 'Accounts'], role: 'Funder' },
};

describe('accounts in the browser', () => {
  it('shows a signed-out visitor a sign-in link and no role pages', async () => {
    const { page, problems } = await open('/');
    await headerSignIn(page).waitFor();
    const labels = await navLabels(page);
    expect(labels).not.toContain('Invite people');
    expect(labels).not.toContain('Accounts');
    expect(problems.filter((p) => !p.includes('401'))).toEqual([]);
  });

  it('shows the server message for a wrong password and stays on the form', async () => {
    const { page } = await open('/sign-in');
    await signInWithForm(page, DEMO_USERS.funder, 'definitely not the password');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('The email or password is not right.');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
  });

  for (const role of Object.keys(DEMO_USERS) as (keyof typeof DEMO_USERS)[]) {
    it(`signs in as the demo ${role} and shows that role's navigation, then signs out`, async () => {
      const { page } = await open('/sign-in');
      await signInWithForm(page, DEMO_USERS[role], DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/');
      expect(await page.locator('.app-header .session').textContent()).toContain(
        `(${EXPECTED[role].role})`,
      );
      const labels = await navLabels(page);
      for (const label of EXPECTED[role].shows)
        expect(labels, `${role} should see ${label}`).toContain(label);
      for (const label of EXPECTED[role].hides)
        expect(labels, `${role} should not see ${label}`).not.toContain(label);
      await screenshot(page, `accounts-signed-in-${role}`);

      await page.getByRole('button', { name: 'Sign out' }).click();
      await headerSignIn(page).waitFor();
      // The session really ended on the world.server, not only in the page.
      const status = await page.evaluate(async () => (await fetch('/api/v1/auth/session')).status);
      expect(status).toBe(401);
    });
  }

  it('invites a new Link Worker through the admin page; they accept the link and are signed in', async () => {
    const admin = await open('/sign-in');
    await signInWithForm(admin.page, DEMO_USERS.admin, DEMO_PASSWORD);
    await admin.page.getByRole('button', { name: 'Sign out' }).waitFor();
    await mainNav(admin.page).getByRole('link', { name: 'Invite people' }).click();
    await admin.page.getByRole('heading', { name: 'Invite people' }).waitFor();
    await admin.page.getByLabel('Email').fill('new.linkworker@e2e.test');
    await admin.page.getByLabel('Role').selectOption('link_worker');
    await admin.page.getByRole('button', { name: 'Create invitation' }).click();
    const linkBox = admin.page.getByLabel('Invitation link');
    await linkBox.waitFor();
    const link = await linkBox.inputValue();
    expect(link).toMatch(new RegExp(`^${world.server.url}/invite/[\\w-]{43}$`));
    await admin.page.getByRole('cell', { name: 'new.linkworker@e2e.test', exact: true }).waitFor();
    await screenshot(admin.page, 'accounts-invite-created');

    // The invited person, in their own browser context (no cookies shared with the admin).
    const invitee = await open(new URL(link).pathname);
    await invitee.page.getByText('new.linkworker@e2e.test').waitFor();
    await invitee.page.getByLabel('Your name').fill('Rosa Newcomer');
    await invitee.page.getByLabel('Choose a password').fill('short');
    await invitee.page.getByLabel('Type the password again').fill('short');
    await invitee.page.getByRole('button', { name: 'Create account and sign in' }).click();
    await invitee.page.getByText('Use at least 12 characters').waitFor();

    await invitee.page.getByLabel('Choose a password').fill('a long shared passphrase');
    await invitee.page.getByLabel('Type the password again').fill('a long shared passphrase');
    await invitee.page.getByRole('button', { name: 'Create account and sign in' }).click();
    await invitee.page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(new URL(invitee.page.url()).pathname).toBe('/');
    expect(await invitee.page.locator('.app-header .session').textContent()).toContain(
      'Rosa Newcomer',
    );
    expect(await invitee.page.locator('.app-header .session').textContent()).toContain(
      '(Link Worker)',
    );
    await screenshot(invitee.page, 'accounts-invite-accepted');

    // The link is single-use.
    const again = await open(new URL(link).pathname);
    await again.page.getByText('already been used').waitFor();

    // And the new account signs in with its password.
    await invitee.page.getByRole('button', { name: 'Sign out' }).click();
    await headerSignIn(invitee.page).click();
    await signInWithForm(invitee.page, 'new.linkworker@e2e.test', 'a long shared passphrase');
    await invitee.page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(invitee.problems.filter((p) => !/\b(401|422)\b/.test(p))).toEqual([]);
  });

  it('withdraws a pending invitation, after which its link no longer works', async () => {
    const admin = await open('/sign-in');
    await signInWithForm(admin.page, DEMO_USERS.admin, DEMO_PASSWORD);
    await admin.page.getByRole('button', { name: 'Sign out' }).waitFor();
    await admin.page.goto('/admin/invites');
    await admin.page.getByLabel('Email').fill('withdrawn@e2e.test');
    await admin.page.getByRole('button', { name: 'Create invitation' }).click();
    const link = await admin.page.getByLabel('Invitation link').inputValue();
    await admin.page
      .getByRole('button', { name: 'Withdraw the invitation for withdrawn@e2e.test' })
      .click();
    await admin.page.getByRole('row', { name: /withdrawn@e2e\.test.*Expired/ }).waitFor();
    const invitee = await open(new URL(link).pathname);
    await invitee.page.getByText('Ask the person who invited you for a new link').waitFor();
  });

  it('disabling an account on the Accounts page signs that person out', async () => {
    const admin = await open('/sign-in');
    await signInWithForm(admin.page, DEMO_USERS.admin, DEMO_PASSWORD);
    await admin.page.getByRole('button', { name: 'Sign out' }).waitFor();
    // An account to disable, made through the API the invite page uses.
    const token = await admin.page.evaluate(async () => {
      const { csrfToken } = (await (await fetch('/api/v1/auth/session')).json()) as {
        csrfToken: string;
      };
      const res = await fetch('/api/v1/invites', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken },
        body: JSON.stringify({ email: 'dana@e2e.test', role: 'funder' }),
      });
      return ((await res.json()) as { token: string }).token;
    });
    const dana = await open(`/invite/${token}`);
    await dana.page.getByLabel('Your name').fill('Dana Disabled');
    await dana.page.getByLabel('Choose a password').fill('dana long passphrase');
    await dana.page.getByLabel('Type the password again').fill('dana long passphrase');
    await dana.page.getByRole('button', { name: 'Create account and sign in' }).click();
    await dana.page.getByRole('button', { name: 'Sign out' }).waitFor();

    await mainNav(admin.page).getByRole('link', { name: 'Accounts' }).click();
    // Found by searching, then disabled only after a confirmation.
    await admin.page.getByLabel('Find an account').fill('dana@e2e');
    await admin.page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(async () => admin.page.locator('table.admin-table tbody tr').count()).toBe(1);
    await admin.page.getByRole('button', { name: 'Disable Dana Disabled' }).click();
    await admin.page.getByRole('button', { name: 'Cancel' }).click();
    await admin.page.getByRole('button', { name: 'Disable Dana Disabled' }).click();
    await admin.page.getByRole('button', { name: 'Yes, disable Dana Disabled' }).click();
    await admin.page
      .getByRole('status')
      .getByText('Dana Disabled is disabled and signed out.')
      .waitFor();
    await admin.page.getByRole('row', { name: /Dana Disabled.*Disabled/ }).waitFor();
    await screenshot(admin.page, 'accounts-users-admin');

    await dana.page.reload();
    await headerSignIn(dana.page).waitFor();
  });
});
