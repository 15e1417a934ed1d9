import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTaxonomy } from '../../fixtures/demo/taxonomy.js';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';
import type { ServiceView } from './services.js';
import { serviceBody } from './testing.js';

let t: TestApp;
let organiser: SignedIn;
let walk: ServiceView;
let refuge: ServiceView;

beforeAll(async () => {
  // The public directory stays off: the card is public anyway.
  t = await createTestApp({ publicUrl: 'https://gapmap.example.org', publicDirectory: false });
  await seedTaxonomy(t.db);
  organiser = await t.signIn('organiser');
  await t.db
    .updateTable('organisations')
    .set({ email: 'hello@walks.example', phone: '020 7946 0001' })
    .where('id', '=', organiser.organisationId!)
    .execute();
  const make = async (body: Record<string, unknown>) =>
    (await (
      await t.call('POST', '/api/v1/services', serviceBody(body), organiser)
    ).json()) as ServiceView;
  walk = await make({
    name: 'Tuesday <b>walk</b> & talk',
    schedules: [{ day: 2, start: '10:00', end: '11:30', locationIndex: 0 }],
  });
  refuge = await make({
    name: 'Safe space',
    locations: [
      {
        name: '1 Secret Street',
        address: '1 Secret Street',
        postcode: 'E1 6AN',
        lat: 51.52,
        lng: -0.07,
        confidential: true,
        district: 'Tower Hamlets',
      },
    ],
    schedules: [{ day: 1, start: '13:00', end: '15:00', locationIndex: 0 }],
  });
});
afterAll(() => t.close());

describe('GET /s/{serviceId}', () => {
  it('renders a signed-out card with the facts and Open Graph tags naming the public link', async () => {
    const res = await t.app.request(`/s/${walk.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await res.text();
    // User text is escaped, in the body and in attributes.
    expect(page).toContain('<h1 id="service-name">Tuesday &lt;b&gt;walk&lt;/b&gt; &amp; talk</h1>');
    expect(page).not.toContain('<b>walk</b>');
    expect(page).toContain(
      `<meta property="og:url" content="https://gapmap.example.org/s/${walk.id}">`,
    );
    expect(page).toMatch(
      /<meta property="og:title" content="Tuesday &lt;b&gt;walk&lt;\/b&gt; &amp; talk \(Test organisation \d+\)">/,
    );
    expect(page).toMatch(/<meta property="og:description" content="[^"]*When: Tue 10:00–11:30/);
    expect(page).toContain('href="tel:02079460001"');
    expect(page).toContain('hello@walks.example');
  });

  it("speaks the reader's language (Accept-Language, or the chosen-language cookie), Arabic right to left", async () => {
    const bengali = await (
      await t.app.request(`/s/${walk.id}`, { headers: { 'Accept-Language': 'bn-BD,bn;q=0.9' } })
    ).text();
    expect(bengali).toContain('<html lang="bn" dir="ltr">');
    expect(bengali).toContain('<dt>কীভাবে যোগ দেবেন</dt>');
    expect(bengali).toContain('Tuesday &lt;b&gt;walk&lt;/b&gt; &amp; talk');
    // The values too: the day, the cost and how to join, not only their labels.
    expect(bengali).toContain('<dd>মঙ্গল 10:00–11:30</dd>');
    expect(bengali).not.toContain('<dd>Tue 10:00–11:30</dd>');
    const safe = await (
      await t.app.request(`/s/${refuge.id}`, { headers: { Cookie: 'gapmap_lang=so' } })
    ).text();
    expect(safe).toContain('Goob qarsoodi ah (Tower Hamlets)');
    const arabic = await t.app.request('/s/00000000-0000-4000-8000-000000000000', {
      headers: { Cookie: 'gapmap_lang=ar', 'Accept-Language': 'bn' },
    });
    expect(arabic.status).toBe(404);
    const page = await arabic.text();
    expect(page).toContain('<html lang="ar" dir="rtl">');
    expect(page).toContain('هذه الخدمة لم تعد مدرجة');
  });

  it('shows a confidential location by its district only', async () => {
    const page = await (await t.app.request(`/s/${refuge.id}`)).text();
    expect(page).toContain('Confidential location (Tower Hamlets)');
    expect(page).not.toContain('Secret');
    expect(page).not.toContain('E1 6AN');
  });

  it('answers a 404 page for an unknown, malformed or ended service', async () => {
    for (const path of ['/s/00000000-0000-4000-8000-000000000000', '/s/not-an-id']) {
      const res = await t.app.request(path);
      expect(res.status).toBe(404);
      expect(await res.text()).toContain('not listed any more');
    }
    await t.db.updateTable('services').set({ status: 'ended' }).where('id', '=', walk.id).execute();
    expect((await t.app.request(`/s/${walk.id}`)).status).toBe(404);
    await t.db
      .updateTable('services')
      .set({ status: 'active' })
      .where('id', '=', walk.id)
      .execute();
  });

  it('is what "copy for a message" links to', async () => {
    const text = await (
      await t.call('GET', `/api/v1/services/${walk.id}/share.txt`, undefined, organiser)
    ).text();
    expect(text.trim().split('\n').at(-1)).toBe(`https://gapmap.example.org/s/${walk.id}`);
  });
});

describe('GET /s/{serviceId}?lang=', () => {
  it("shows the organiser's text in that language, or the English marked as such", async () => {
    const res = await t.call(
      'PATCH',
      `/api/v1/services/${walk.id}`,
      {
        version: walk.version,
        translations: [
          { language: 'so', summary: 'Socod iyo sheeko.', howToJoin: 'Iska kaalay Talaadada.' },
        ],
      },
      organiser,
    );
    expect(res.status).toBe(200);
    const so = await (await t.app.request(`/s/${walk.id}?lang=so`)).text();
    expect(so).toContain('<p lang="so">Socod iyo sheeko.</p>');
    expect(so).toContain('<span lang="so">Iska kaalay Talaadada.</span>');
    const bn = await (await t.app.request(`/s/${walk.id}?lang=bn`)).text();
    // A language the app ships sets the page's own words too: the English text is marked in Bengali.
    expect(bn).toContain('<html lang="bn" dir="ltr">');
    expect(bn).toContain('<p lang="en">');
    expect(bn).toContain('<span class="badge">ইংরেজিতে</span>');
    expect(await (await t.app.request(`/s/${walk.id}`)).text()).not.toContain('In English');
    expect(await (await t.app.request(`/s/${walk.id}?lang=pl`)).text()).toContain(
      '<span class="badge">In English</span>',
    );
  });
});
