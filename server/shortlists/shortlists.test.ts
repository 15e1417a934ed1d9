import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTaxonomy } from '../../fixtures/demo/taxonomy.js';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';
import type { ServiceView } from '../services/services.js';
import { serviceBody } from '../services/testing.js';
import catalogueMessages from '../../i18n/messages/catalogue.js';

let t: TestApp;
let linkWorker: SignedIn;
let organiser: SignedIn;
let funder: SignedIn;
let shed: ServiceView;
let refuge: ServiceView;
let ended: ServiceView;

const BN_SUMMARY = 'পঞ্চাশোর্ধ্ব পুরুষদের জন্য কাঠের কাজ, চা ও আড্ডা। সরাসরি চলে আসুন।';
const BN_JOIN = 'মঙ্গলবার সকালে হলে চলে আসুন, কিছু আনতে হবে না।';

beforeAll(async () => {
  t = await createTestApp({ publicUrl: 'https://gapmap.example.org' });
  await seedTaxonomy(t.db);
  linkWorker = await t.signIn('link_worker');
  organiser = await t.signIn('organiser');
  funder = await t.signIn('funder');
  await t.db
    .updateTable('organisations')
    .set({ phone: '020 7946 0001', keyContactUserId: organiser.userId })
    .where('id', '=', organiser.organisationId!)
    .execute();
  const make = async (body: Record<string, unknown>) => {
    const res = await t.call('POST', '/api/v1/services', serviceBody(body), organiser);
    expect(res.status).toBe(201);
    return (await res.json()) as ServiceView;
  };
  shed = await make({
    translations: [{ language: 'bn', summary: BN_SUMMARY, howToJoin: BN_JOIN }],
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
        district: 'Bow',
      },
    ],
    schedules: [{ day: 1, start: '13:00', end: '15:00', locationIndex: 0 }],
  });
  ended = await make({ name: 'Old group', status: 'ended' });
});
afterAll(() => t.close());

const create = (body: unknown, who: SignedIn = linkWorker) =>
  t.call('POST', '/api/v1/shortlists', body, who);
const tokenOf = (url: string) => /\/l\/([\w-]+)$/.exec(url)![1]!;

describe('POST /api/v1/shortlists', () => {
  it('is for Link Workers (and admins): signed out 401, organisers and funders 403', async () => {
    expect(
      (await t.call('POST', '/api/v1/shortlists', { serviceIds: [shed.id], language: 'bn' }))
        .status,
    ).toBe(401);
    expect((await create({ serviceIds: [shed.id], language: 'bn' }, organiser)).status).toBe(403);
    expect((await create({ serviceIds: [shed.id], language: 'bn' }, funder)).status).toBe(403);
  });

  it('answers 422 naming the field', async () => {
    const details = async (body: unknown) => {
      const res = await create(body);
      expect(res.status).toBe(422);
      return ((await res.json()) as { error: { details: Record<string, string> } }).error.details;
    };
    expect(Object.keys(await details({ serviceIds: [], language: 'bn' }))).toContain('serviceIds');
    expect(
      Object.keys(
        await details({ serviceIds: Array.from({ length: 11 }, () => shed.id), language: 'bn' }),
      ),
    ).toContain('serviceIds');
    expect(Object.keys(await details({ serviceIds: ['not-a-uuid'], language: 'bn' }))).toContain(
      'serviceIds.0',
    );
    expect(
      Object.keys(await details({ serviceIds: [shed.id], language: 'not a language' })),
    ).toContain('language');
    expect(Object.keys(await details({ serviceIds: [shed.id] }))).toContain('language');
    expect(
      await details({
        serviceIds: [shed.id, '00000000-0000-4000-8000-000000000000'],
        language: 'bn',
      }),
    ).toEqual({ 'serviceIds.1': 'is not a service in the directory' });
    expect(Object.keys(await details({ serviceIds: [ended.id], language: 'bn' }))).toEqual([
      'serviceIds.0',
    ]);
    // No client identity is asked for: an unknown field (a name, a phone) is refused, not stored.
    expect(
      Object.keys(await details({ serviceIds: [shed.id], language: 'bn', clientName: 'Amina' })),
    ).toContain('clientName');
  });

  it("makes a Bengali list: labels and the organiser's text in Bengali, English marked as such, the link 30 days", async () => {
    const before = Date.now();
    const res = await create({ serviceIds: [shed.id, refuge.id], language: 'bn' });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string; url: string; text: string; expiresAt: string };
    expect(body.url).toMatch(/^https:\/\/gapmap\.example\.org\/l\/[A-Za-z0-9_-]{43}$/);
    const days = (Date.parse(body.expiresAt) - before) / 86_400_000;
    expect(days).toBeGreaterThan(29.99);
    expect(days).toBeLessThan(30.01);
    expect(body.text).toContain('আপনার জন্য বাছাই করা গ্রুপ ও সেবা');
    expect(body.text).toContain(`এটি কী: ${BN_SUMMARY}`);
    expect(body.text).toContain(BN_JOIN);
    expect(body.text).toContain('খরচ: বিনামূল্যে');
    expect(body.text).toContain('মঙ্গলবার 10:00–12:00, প্রতি সপ্তাহে');
    // The refuge has no Bengali text: English, marked; its address never appears.
    expect(body.text).toContain('[ইংরেজিতে]');
    expect(body.text).toContain('Bow-এ গোপন ঠিকানা');
    expect(body.text).not.toContain('Secret');
    expect(body.text).toContain(body.url);

    // The token is stored only as a hash; nothing about the client is stored.
    const row = await t.db
      .selectFrom('shortlists')
      .selectAll()
      .where('id', '=', body.id)
      .executeTakeFirstOrThrow();
    const token = tokenOf(body.url);
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(row).sort()).toEqual([
      'createdAt',
      'createdBy',
      'expiresAt',
      'id',
      'language',
      'serviceIds',
      'tokenHash',
      'updatedAt',
    ]);
    expect(row.serviceIds).toEqual([shed.id, refuge.id]);
  });

  it('falls back to English labels outside the catalogue, and keeps the service text in that language when there is one', async () => {
    const res = await create({ serviceIds: [shed.id], language: 'ur' });
    const { text } = (await res.json()) as { text: string };
    expect(text).toContain('Groups and services chosen for you');
    expect(text).toContain('[In English]');
    const en = (await (await create({ serviceIds: [shed.id], language: 'en-GB' })).json()) as {
      text: string;
    };
    expect(en.text).not.toContain('In English');
  });
});

describe('GET /l/{token}', () => {
  it('is a public printable page in the chosen language, signed out; Arabic right to left', async () => {
    const { url } = (await (
      await create({ serviceIds: [shed.id, refuge.id], language: 'bn' })
    ).json()) as { url: string };
    const res = await t.app.request(`/l/${tokenOf(url)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const page = await res.text();
    expect(page).toContain('<html lang="bn" dir="ltr">');
    expect(page).toContain('<dt>কীভাবে যোগ দেবেন</dt>');
    expect(page).toContain(BN_SUMMARY);
    expect(page).toContain('<span class="lang">ইংরেজিতে</span>');
    expect(page).toMatch(/@page/);
    expect(page).not.toContain('Secret');
    const a5 = await (await t.app.request(`/l/${tokenOf(url)}?paper=a5`)).text();
    expect(a5).toContain('size:A5');

    const ar = (await (await create({ serviceIds: [shed.id], language: 'ar' })).json()) as {
      url: string;
    };
    const arPage = await (await t.app.request(`/l/${tokenOf(ar.url)}`)).text();
    expect(arPage).toContain('<html lang="ar" dir="rtl">');
    expect(arPage).toContain('طريقة الانضمام');
  });

  it('answers 410 once expired, 404 for an unknown token', async () => {
    const { id, url } = (await (
      await create({ serviceIds: [shed.id], language: 'so' })
    ).json()) as { id: string; url: string };
    await t.db
      .updateTable('shortlists')
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where('id', '=', id)
      .execute();
    const res = await t.app.request(`/l/${tokenOf(url)}`);
    expect(res.status).toBe(410);
    expect(await res.text()).toContain('Muddadii liiskan way dhammaatay');
    expect((await t.app.request(`/l/${'A'.repeat(43)}`)).status).toBe(404);
    expect((await t.app.request('/l/short')).status).toBe(404);
  });

  it('leaves out a service that has ended since, and says so', async () => {
    const { url } = (await (
      await create({ serviceIds: [shed.id, refuge.id], language: 'en' })
    ).json()) as { url: string };
    await t.db
      .updateTable('services')
      .set({ status: 'ended' })
      .where('id', '=', refuge.id)
      .execute();
    const page = await (await t.app.request(`/l/${tokenOf(url)}`)).text();
    await t.db
      .updateTable('services')
      .set({ status: 'active' })
      .where('id', '=', refuge.id)
      .execute();
    expect(page).not.toContain('Safe space');
    expect(page).toContain('Some groups on this list are no longer listed.');
  });
});

describe('service translations', () => {
  it('are carried by GET and replaced by PATCH; 422 names the field', async () => {
    const got = (await (
      await t.call('GET', `/api/v1/services/${shed.id}`, undefined, linkWorker)
    ).json()) as ServiceView;
    expect(got.translations).toEqual([{ language: 'bn', summary: BN_SUMMARY, howToJoin: BN_JOIN }]);
    const bad = await t.call(
      'PATCH',
      `/api/v1/services/${shed.id}`,
      {
        version: got.version,
        translations: [
          { language: 'so', summary: 'x'.repeat(281) },
          { language: 'so', summary: 'Kooxda' },
        ],
      },
      organiser,
    );
    expect(bad.status).toBe(422);
    const details = ((await bad.json()) as { error: { details: Record<string, string> } }).error
      .details;
    expect(Object.keys(details)).toEqual(
      expect.arrayContaining(['translations.0.summary', 'translations.1.language']),
    );
    const english = await t.call(
      'PATCH',
      `/api/v1/services/${shed.id}`,
      { version: got.version, translations: [{ language: 'en', summary: 'Hello' }] },
      organiser,
    );
    expect(
      Object.keys(
        ((await english.json()) as { error: { details: Record<string, string> } }).error.details,
      ),
    ).toEqual(['translations.0.language']);
    const ok = await t.call(
      'PATCH',
      `/api/v1/services/${shed.id}`,
      {
        version: got.version,
        translations: [{ language: 'so', summary: 'Qoryo, shaah iyo sheeko.' }],
      },
      organiser,
    );
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as ServiceView).translations).toEqual([
      { language: 'so', summary: 'Qoryo, shaah iyo sheeko.', howToJoin: null },
    ]);
    const back = await t.call(
      'PATCH',
      `/api/v1/services/${shed.id}`,
      {
        version: got.version + 1,
        translations: [{ language: 'bn', summary: BN_SUMMARY, howToJoin: BN_JOIN }],
      },
      organiser,
    );
    expect(back.status).toBe(200);
  });

  it('another organisation cannot change them', async () => {
    const other = await t.signIn('organiser');
    const got = (await (
      await t.call('GET', `/api/v1/services/${shed.id}`, undefined, linkWorker)
    ).json()) as ServiceView;
    expect(
      (
        await t.call(
          'PATCH',
          `/api/v1/services/${shed.id}`,
          { version: got.version, translations: [] },
          other,
        )
      ).status,
    ).toBe(403);
  });

  it('show in the printable catalogue with ?lang, English marked where there is none', async () => {
    const page = await (
      await t.app.request('/catalogue?lang=bn', { headers: linkWorker.headers })
    ).text();
    expect(page).toContain(BN_SUMMARY);
    // The page's own words are Bengali too, so the marker is the Bengali one.
    expect(page).toContain(catalogueMessages.bn.inEnglish);
  });
});
