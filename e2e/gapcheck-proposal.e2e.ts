/**
 * Gap check → proposal → launch, in Chromium over the demo world: the check's needs, place,
 * radius and session arrive in the proposal form without retyping, a bookable venue is picked,
 * the proposal keeps that check, and it launches as a service at that venue.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_USERS, screenshot, signIn, useDemoWorld } from './harness.js';

const world = useDemoWorld();

const getJson = <T>(page: Page, path: string) =>
  page.evaluate(
    async (p) => (await fetch(p, { credentials: 'same-origin' })).json(),
    path,
  ) as Promise<T>;

describe('gap check → proposal', () => {
  it('opens a prefilled proposal from the check, with a venue, and launches it', async () => {
    const { page, problems } = await world.open('/');
    await signIn(page, DEMO_USERS.organiser);
    await page.goto('/gap-check');
    await page.getByRole('heading', { name: 'Gap check' }).waitFor();
    const tags = page.getByRole('combobox', { name: 'Needs the group would meet' });
    await tags.fill("men's");
    await page
      .getByRole('option', { name: /Men's groups/ })
      .first()
      .click();
    await page
      .getByRole('combobox', { name: 'Place, postcode or venue' })
      .fill('Roman Road Community Hub');
    await page
      .getByRole('option', { name: /Roman Road Community Hub/ })
      .first()
      .click();
    await page.getByLabel('Radius (km)').fill('2');
    await page.getByLabel('Day').selectOption({ label: 'Thursday' });
    await page.getByLabel('Starts').fill('18:30');
    await page.getByLabel('Ends').fill('20:30');
    await page.getByRole('button', { name: 'Check for a gap' }).click();
    await page.locator('.gapcheck-result[data-verdict]').waitFor({ timeout: 60_000 });
    await screenshot(page, 'gapcheck-to-proposal-check');

    await page.getByRole('link', { name: 'Open a proposal from this check' }).click();
    await page.getByRole('heading', { name: 'Open a proposal' }).waitFor();
    await page.getByText('Filled in from your gap check').waitFor();
    // Nothing is retyped: the needs, place, radius and session are already there.
    expect(await page.locator('.tag-picker .chips li').allInnerTexts()).toEqual([
      expect.stringContaining("Men's groups"),
    ]);
    expect(await page.getByRole('combobox', { name: 'Where it would run' }).inputValue()).toBe(
      'Roman Road Community Hub',
    );
    expect(await page.getByLabel('Radius of the gap check (km)').inputValue()).toBe('2');
    const session = page.getByRole('group', { name: 'Session 1' });
    expect(await session.getByLabel('Day').inputValue()).toBe('4');
    expect(await session.getByLabel('Starts').inputValue()).toBe('18:30');
    expect(await session.getByLabel('Ends').inputValue()).toBe('20:30');

    const venue = page.getByLabel('Venue (optional)');
    await expect
      .poll(async () => venue.locator('option').count(), { timeout: 30_000 })
      .toBeGreaterThan(1);
    await venue.selectOption({
      label: (
        await venue.locator('option', { hasText: 'Roman Road Community Hub' }).first().innerText()
      ).trim(),
    });
    const title = `Thursday evening shed ${Date.now()}`;
    await page.getByLabel('Title').fill(title);
    await page
      .getByLabel('What would it be?')
      .fill('Woodwork and tea for men on their own, Thursday evenings.');
    await screenshot(page, 'gapcheck-to-proposal-form');
    await page.getByRole('button', { name: 'Open proposal' }).click();
    await page.getByRole('heading', { name: title }).waitFor({ timeout: 60_000 });
    await page.getByText('(within 2 km)').waitFor();

    const proposalId = page.url().split('/').pop()!;
    const proposal = await getJson<{
      tags: string[];
      schedule: unknown[];
      venueLocationId: string | null;
      gapCheck: { radiusKm: number };
    }>(page, `/api/v1/proposals/${proposalId}`);
    expect(proposal.tags).toEqual(['mens-groups']);
    expect(proposal.schedule).toEqual([{ day: 4, start: '18:30', end: '20:30' }]);
    expect(proposal.gapCheck.radiusKm).toBe(2);
    expect(proposal.venueLocationId).toBeTruthy();

    await page.getByRole('button', { name: 'Move to Co-designing' }).click();
    await page.getByText('Stage: Co-designing').waitFor();
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Launch as a service' }).click();
    await page.getByText('Launched: the service is now in the directory').waitFor();
    const launched = await getJson<{ serviceId: string }>(page, `/api/v1/proposals/${proposalId}`);
    const service = await getJson<{
      name: string;
      locations: { id: string; name: string }[];
      schedules: { day: number; start: string }[];
    }>(page, `/api/v1/services/${launched.serviceId}`);
    expect(service.name).toBe(title);
    expect(service.locations.map((l) => l.id)).toEqual([proposal.venueLocationId]);
    expect(service.locations[0]!.name).toBe('Roman Road Community Hub');
    expect(service.schedules).toEqual([expect.objectContaining({ day: 4, start: '18:30' })]);
    await screenshot(page, 'gapcheck-to-proposal-launched');
    expect(problems).toEqual([]);
  }, 240_000);
});
