/**
 * URL fields take only http(s) and mailto addresses (services' referralUrl, organisations'
 * website, the ORUK import), and the ORUK feed never republishes anything else — nor the key
 * contact's own name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTaxonomy } from '../../fixtures/demo/taxonomy.js';
import { serviceBody } from '../services/testing.js';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';

let t: TestApp;
let organiser: SignedIn;
let admin: SignedIn;
const HOSTILE = [
  'javascript:alert(document.cookie)',
  'JavaScript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  'file:///etc/passwd',
  'ftp://example.org/x',
];

beforeAll(async () => {
  t = await createTestApp();
  await seedTaxonomy(t.db);
  organiser = await t.signIn('organiser');
  admin = await t.signIn('admin');
});
afterAll(() => t.close());

const details = async (res: Response) =>
  ((await res.json()) as { error?: { details?: Record<string, string> } }).error?.details ?? {};

describe('URL schemes', () => {
  it('refuses non-web schemes for a service referral URL and an organisation website', async () => {
    for (const url of HOSTILE) {
      const service = await t.call(
        'POST',
        '/api/v1/services',
        serviceBody({ referralRoute: 'other', referralUrl: url }),
        organiser,
      );
      expect(service.status, url).toBe(422);
      expect(await details(service), url).toHaveProperty('referralUrl');
      const org = await t.call(
        'PATCH',
        `/api/v1/organisations/${organiser.organisationId}`,
        { website: url, version: 1 },
        organiser,
      );
      expect(org.status, url).toBe(422);
      expect(await details(org), url).toHaveProperty('website');
    }
    for (const url of [
      'https://shed.example/refer',
      'http://shed.example',
      'mailto:refer@shed.example',
    ]) {
      expect(
        (
          await t.call(
            'POST',
            '/api/v1/services',
            serviceBody({ referralRoute: 'other', referralUrl: url }),
            organiser,
          )
        ).status,
        url,
      ).toBe(201);
    }
  });

  it('rejects an imported row with a script URL, and the feed never republishes one stored earlier', async () => {
    const res = await t.call(
      'POST',
      '/api/v1/import/oruk',
      [
        {
          id: 'url-1',
          name: 'Script link',
          summary: 'A group.',
          status: 'active',
          url: 'javascript:alert(1)',
          organization: { id: 'url-org', name: 'URL org' },
        },
        {
          id: 'url-2',
          name: 'Script website',
          summary: 'A group.',
          status: 'active',
          organization: { id: 'url-org-2', name: 'URL org 2', website: 'javascript:alert(1)' },
        },
      ],
      admin,
    );
    const result = (await res.json()) as {
      created: number;
      rejected: { row: number; errors: Record<string, string> }[];
    };
    expect(result.created).toBe(0);
    expect(result.rejected.map((r) => Object.keys(r.errors))).toEqual([
      ['referralUrl'],
      ['organization.website'],
    ]);

    // A row from before the check: the feed leaves the URL out rather than publish it.
    const created = (await (
      await t.call('POST', '/api/v1/services', serviceBody({ name: 'Old row' }), organiser)
    ).json()) as { id: string };
    await t.db
      .updateTable('services')
      .set({ referralUrl: 'javascript:alert(1)' })
      .where('id', '=', created.id)
      .execute();
    await t.db
      .updateTable('organisations')
      .set({
        website: 'javascript:alert(2)',
        keyContactUserId: organiser.userId,
        email: 'hello@org.example',
      })
      .where('id', '=', organiser.organisationId!)
      .execute();
    const text = await (await t.call('GET', `/api/v1/oruk/services/${created.id}`)).text();
    expect(text).not.toContain('javascript:');
    const contactName = (
      await t.db
        .selectFrom('users')
        .select('name')
        .where('id', '=', organiser.userId)
        .executeTakeFirstOrThrow()
    ).name;
    expect(text).not.toContain(contactName);
  });
});
