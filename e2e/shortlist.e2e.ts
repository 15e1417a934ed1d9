/**
 * A Link Worker's shortlist for one client, in Bengali, end to end over the demo world: the
 * organiser writes the card in Bengali; the Link Worker finds it (the card shows the Bengali, and
 * marks another card "In English"), picks it into the tray, chooses Bengali and gets the text and
 * the link; the link opens signed out as a Bengali, printable, accessible page.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations, DEMO_USERS, screenshot, signIn, useDemoWorld } from './harness.js';

const world = useDemoWorld({ demo: true });

const BN_SUMMARY = 'সবার জন্য খোলা একটি বন্ধুত্বপূর্ণ দল। চা, গল্প আর নতুন বন্ধু।';
const BN_JOIN = 'যেকোনো সময় চলে আসুন, আগে থেকে জানাতে হবে না।';

type Svc = {
  id: string;
  name: string;
  organisationId: string;
  status: string;
  languages: string[];
  version: number;
};

async function call<T>(
  page: Page,
  method: string,
  path: string,
  csrf: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  return page.evaluate(
    async ([m, p, c, b]) => {
      const res = await fetch(p, {
        method: m,
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': c },
        body: b === undefined ? undefined : JSON.stringify(b),
      });
      return { status: res.status, body: (await res.json()) as unknown };
    },
    [method, path, csrf, body] as const,
  ) as Promise<{ status: number; body: T }>;
}

describe('a shortlist in Bengali', () => {
  it('goes from the directory to a signed-out Bengali page, text and link', async () => {
    const organiser = await world.open('/');
    const { user, csrfToken } = await signIn(organiser.page, DEMO_USERS.organiser);
    const list = await call<{ items: Svc[] }>(
      organiser.page,
      'GET',
      '/api/v1/services?limit=500',
      csrfToken,
    );
    const svc = list.body.items.find(
      (s) => s.organisationId === user.organisationId && s.status === 'active',
    )!;
    expect(svc, 'the demo organiser runs an active service').toBeTruthy();
    const patched = await call<Svc>(
      organiser.page,
      'PATCH',
      `/api/v1/services/${svc.id}`,
      csrfToken,
      {
        version: svc.version,
        languages: [...new Set([...svc.languages, 'bn'])],
        translations: [{ language: 'bn', summary: BN_SUMMARY, howToJoin: BN_JOIN }],
      },
    );
    expect(patched.status).toBe(200);

    // The organiser's form shows the Bengali text to edit.
    await organiser.page.goto(`/services/${svc.id}/edit`);
    await organiser.page.getByLabel('Summary in this language').waitFor();
    expect(await organiser.page.getByLabel('Summary in this language').inputValue()).toBe(
      BN_SUMMARY,
    );

    const lw = await world.open('/');
    await signIn(lw.page, DEMO_USERS.link_worker);
    await lw.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const started = Date.now();
    // Searched in Bengali, a card without Bengali text shows the English, marked.
    await lw.page.goto('/directory?lang=bn');
    await lw.page.locator('article.service-card .badge.in-english').first().waitFor();
    await lw.page.goto(`/directory?lang=bn&q=${encodeURIComponent(svc.name)}`);
    // The demo world may hold several services of that name: this one is found by its link.
    const card = lw.page.locator(`article.service-card:has(a[href="/services/${svc.id}"])`);
    await card.getByText(BN_SUMMARY).waitFor();
    await card.getByRole('button', { name: 'Add to shortlist' }).click();
    await expect
      .poll(() =>
        card.getByRole('button', { name: 'Remove from shortlist' }).getAttribute('aria-pressed'),
      )
      .toBe('true');
    const tray = lw.page.getByRole('complementary', { name: 'Shortlist for a client' });
    await tray.getByText('1 of 10 chosen').waitFor();
    await tray.getByLabel("Client's language").selectOption('bn');
    await tray.getByRole('button', { name: 'Make the shortlist' }).click();
    const text = await tray.getByLabel('Text for a message').inputValue();
    expect(text).toContain('আপনার জন্য বাছাই করা গ্রুপ ও সেবা');
    expect(text).toContain(`এটি কী: ${BN_SUMMARY}`);
    expect(text).toContain(BN_JOIN);
    await tray.getByRole('button', { name: 'Copy text' }).click();
    await tray.getByText('Copied').waitFor();
    expect(await lw.page.evaluate(() => navigator.clipboard.readText())).toBe(text);
    const url = (await tray
      .getByRole('link', { name: 'Open printable page' })
      .getAttribute('href'))!;
    expect(url).toMatch(/\/l\/[A-Za-z0-9_-]{43}$/);
    await tray.getByRole('button', { name: 'Copy link' }).click();
    await expect.poll(() => lw.page.evaluate(() => navigator.clipboard.readText())).toBe(url);
    expect(Date.now() - started, 'under a minute, with time to spare').toBeLessThan(60_000);
    await screenshot(lw.page, 'shortlist-tray-bengali');

    // Signed out, on a phone: the public link.
    const client = await world.open('/', { width: 390, height: 844 });
    const res = await client.page.goto(new URL(url).pathname);
    expect(res?.status()).toBe(200);
    expect(await client.page.locator('html').getAttribute('lang')).toBe('bn');
    await client.page
      .getByRole('heading', { level: 1, name: 'আপনার জন্য বাছাই করা গ্রুপ ও সেবা' })
      .waitFor();
    await client.page.getByRole('heading', { level: 2, name: svc.name }).waitFor();
    await client.page.getByText(BN_SUMMARY).waitFor();
    await client.page.getByText('কীভাবে যোগ দেবেন').first().waitFor();
    expect(await axeViolations(client.page)).toEqual([]);
    await screenshot(client.page, 'shortlist-page-bengali');
    await client.page.emulateMedia({ media: 'print' });
    await screenshot(client.page, 'shortlist-page-bengali-print');
    expect(client.problems).toEqual([]);
    expect(lw.problems).toEqual([]);
  });
});
