/**
 * The API docs page in Chromium under the real server's security headers: the page's CSP allows
 * its one inline boot script by hash (the global `script-src 'self'` no longer overrides it), so
 * Scalar renders the routes instead of a blank page, with no CSP violation on the console.
 */
import { describe, expect, it } from 'vitest';
import { screenshot, useDemoWorld } from './harness.js';

const world = useDemoWorld({ demo: false });

describe('the API docs page', () => {
  it('renders the OpenAPI document in Chromium with its own CSP', async () => {
    const { page, problems } = await world.open('/api/docs');
    // The document's description, drawn by Scalar's script: the page is not blank.
    await page
      .getByText('Anonymous unmet-need flags', { exact: false })
      .first()
      .waitFor({ timeout: 60_000 });
    await screenshot(page, 'api-docs');
    const csp = (await page.request.get('/api/docs')).headers()['content-security-policy'] ?? '';
    expect(csp).toMatch(/script-src 'self' 'sha256-/);
    expect(/script-src [^;]*/.exec(csp)?.[0]).not.toContain('unsafe-inline');
    // A refused inline script shows as a console error, so none may appear. Scalar also tries its
    // own services (proxy.scalar.com); the page's connect-src 'self' refuses them by design.
    expect(problems.filter((p) => !/scalar\.com/.test(p))).toEqual([]);
    expect(problems.join('\n')).not.toMatch(/inline script/i);
  });
});
