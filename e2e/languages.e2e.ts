/**
 * Languages end to end: the browser's language is the default, the switch changes the page at
 * once and is remembered, Arabic mirrors the layout (screenshot), the API answers in the chosen
 * language, axe finds nothing serious in any language, and the pseudo-locale (accented, ~40%
 * longer) leaves every page usable.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../i18n/define.js';
import { axeViolations, DEMO_USERS, screenshot, signIn, useDemoWorld } from './harness.js';

const world = useDemoWorld();

async function openIn(locale: string, path = '/') {
  const context = await world.browser.newContext({
    baseURL: world.server.url,
    locale,
    viewport: { width: 1280, height: 800 },
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400 && r.status() !== 401)
      problems.push(`HTTP ${r.status()}: ${new URL(r.url()).pathname}`);
  });
  await page.goto(path);
  return { context, page, problems };
}

const htmlLangDir = (page: Page) =>
  page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]);

describe('languages', () => {
  it('starts in the browser language, switches at once, remembers the choice and mirrors Arabic', async () => {
    const { context, page, problems } = await openIn('bn-BD');
    try {
      await page
        .getByRole('heading', { level: 1, name: 'অপূর্ণ প্রয়োজন ও কমিউনিটি সেবা, পাশাপাশি' })
        .waitFor();
      expect(await htmlLangDir(page)).toEqual(['bn', 'ltr']);

      await page.getByLabel('ভাষা').selectOption('ar');
      await page
        .getByRole('heading', {
          level: 1,
          name: 'الحاجات غير الملبّاة والخدمات المجتمعية جنبًا إلى جنب',
        })
        .waitFor();
      expect(await htmlLangDir(page)).toEqual(['ar', 'rtl']);
      // Mirrored: the product name sits at the right of the header, the navigation to its left.
      const brand = await page
        .getByRole('link', { name: 'الصفحة الرئيسية لـ Gapmap' })
        .boundingBox();
      const nav = await page.getByRole('navigation', { name: 'الرئيسية' }).boundingBox();
      expect(brand && nav && brand.x > nav.x).toBe(true);
      await screenshot(page, 'languages-rtl-ar-home');

      await page.reload();
      await page
        .getByRole('heading', {
          level: 1,
          name: 'الحاجات غير الملبّاة والخدمات المجتمعية جنبًا إلى جنب',
        })
        .waitFor();
      // The server reads the same choice (the cookie) for its messages.
      const message = await page.evaluate(
        async () =>
          ((await (await fetch('/api/v1/auth/session')).json()) as { error: { message: string } })
            .error.message,
      );
      expect(message).toBe('سجّل الدخول للمتابعة.');

      await signIn(page, DEMO_USERS.link_worker);
      await page.getByRole('heading', { level: 2, name: 'إجراءات سريعة' }).waitFor();
      await screenshot(page, 'languages-rtl-ar-link-worker');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it.each(LANGUAGES)('axe finds nothing serious in %s', async (lang) => {
    const { context, page } = await openIn(lang);
    try {
      for (const path of ['/', '/sign-in']) {
        await page.goto(path);
        await page.locator('h1').first().waitFor();
        expect(await axeViolations(page), `${lang} ${path}`).toEqual([]);
      }
      await signIn(page, DEMO_USERS.link_worker);
      for (const path of ['/', '/directory', '/flag', '/account']) {
        await page.goto(path);
        await page.locator('h1').first().waitFor();
        await page.waitForLoadState('networkidle');
        expect(await axeViolations(page), `${lang} ${path}`).toEqual([]);
      }
    } finally {
      await context.close();
    }
  });

  it('the pseudo-locale keeps every page usable: a heading, no page errors, nothing wider than the window', async () => {
    const { context, page, problems } = await openIn('en-GB', '/?pseudo=1');
    try {
      await signIn(page, DEMO_USERS.admin);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en-XA');
      const paths = await page
        .locator('#main-menu nav a')
        .evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
      expect(paths.length).toBeGreaterThan(10);
      for (const path of [...paths, '/account', '/sign-in']) {
        await page.goto(path);
        await page.locator('main h1').first().waitFor();
        await page.waitForLoadState('networkidle');
        const { overflow, heading } = await page.evaluate(() => ({
          overflow: document.documentElement.scrollWidth - window.innerWidth,
          heading: document.querySelector('main h1')?.textContent ?? '',
        }));
        expect(heading.trim(), path).not.toBe('');
        expect(overflow, `${path} is wider than the window`).toBeLessThanOrEqual(1);
      }
      await screenshot(page, 'languages-pseudo-sign-in');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
