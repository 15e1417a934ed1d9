/**
 * Calendars as calendar software reads them (ical.js): DTSTAMP and UNTIL in UTC (RFC 5545), no
 * non-standard TIMEZONE-ID, and an organisation's and the whole directory's sessions as feeds
 * to subscribe to (webcal://). GeoJSON is labelled application/geo+json.
 */
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTaxonomy } from '../../fixtures/demo/taxonomy.js';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';
import type { ServiceView } from './services.js';
import { serviceBody } from './testing.js';

let t: TestApp;
let reader: SignedIn;
let organiser: SignedIn;
let other: SignedIn;
let shed: ServiceView;
let paused: ServiceView;
let theirs: ServiceView;

beforeAll(async () => {
  t = await createTestApp();
  await seedTaxonomy(t.db);
  reader = await t.signIn('link_worker');
  organiser = await t.signIn('organiser');
  other = await t.signIn('organiser');
  const make = async (body: Record<string, unknown>, who = organiser) =>
    (await (
      await t.call('POST', '/api/v1/services', serviceBody(body), who)
    ).json()) as ServiceView;
  shed = await make({
    schedules: [
      {
        day: 2,
        start: '10:00',
        end: '12:00',
        locationIndex: 0,
        validFrom: '2026-07-01',
        validTo: '2026-12-31',
      },
      { day: 4, start: '18:00', end: '19:00', frequency: 'fortnightly', locationIndex: 0 },
    ],
  });
  paused = await make({ name: 'Paused club', status: 'paused' });
  theirs = await make(
    { name: 'Other club', schedules: [{ day: 5, start: '14:00', end: '15:00', locationIndex: 0 }] },
    other,
  );
});
afterAll(() => t.close());

const UTC = /^\d{8}T\d{6}Z$/;

function parse(text: string) {
  const comp = new ICAL.Component(ICAL.parse(text));
  const tz = comp.getFirstSubcomponent('vtimezone');
  if (tz) ICAL.TimezoneService.register(tz);
  return comp;
}

describe('iCalendar output', () => {
  it('writes DTSTAMP and UNTIL in UTC, and no TIMEZONE-ID', async () => {
    const text = await (
      await t.call('GET', `/api/v1/services/${shed.id}/calendar.ics`, undefined, reader)
    ).text();
    expect(text).not.toMatch(/^TIMEZONE-ID/m);
    for (const line of text.split('\r\n').filter((l) => l.startsWith('DTSTAMP')))
      expect(line.slice('DTSTAMP:'.length)).toMatch(UTC);
    const until = text.match(/UNTIL=([0-9TZ]+)/)?.[1];
    expect(until).toMatch(UTC);
    const comp = parse(text);
    const events = comp.getAllSubcomponents('vevent');
    expect(events).toHaveLength(2);
    for (const e of events) {
      const stamp = e.getFirstPropertyValue('dtstamp') as ICAL.Time;
      expect(stamp.zone?.tzid).toBe('UTC');
      expect(stamp.toJSDate().toISOString()).toBe(
        new Date(shed.updatedAt).toISOString().replace(/\.\d{3}Z$/, '.000Z'),
      );
    }
    const rule = events[0]!.getFirstPropertyValue('rrule') as ICAL.Recur;
    expect(rule.until?.zone?.tzid).toBe('UTC');
    // Sessions stay wall-clock times in London.
    expect(new ICAL.Event(events[0]).startDate.zone?.tzid).toBe('Europe/London');
  });

  it('an organisation’s active services as one feed', async () => {
    const res = await t.call(
      'GET',
      `/api/v1/organisations/${organiser.organisationId}/calendar.ics`,
      undefined,
      reader,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
    expect(res.headers.get('content-disposition')).toMatch(/^inline/);
    const comp = parse(await res.text());
    const uids = comp
      .getAllSubcomponents('vevent')
      .map((e) => String(e.getFirstPropertyValue('uid')));
    // The shed's two sessions; not the paused club's, not another organisation's.
    expect(uids.sort()).toEqual([`${shed.id}-0@gapmap`, `${shed.id}-1@gapmap`]);
    expect(comp.getFirstPropertyValue('x-wr-calname')).toMatch(/Test organisation/);
    expect(uids.some((u) => u.startsWith(paused.id))).toBe(false);
    expect(
      (
        await t.call(
          'GET',
          '/api/v1/organisations/00000000-0000-4000-8000-000000000000/calendar.ics',
          undefined,
          reader,
        )
      ).status,
    ).toBe(404);
  });

  it('the whole directory as one feed', async () => {
    const comp = parse(
      await (await t.call('GET', '/api/v1/services.ics', undefined, reader)).text(),
    );
    const services = new Set(
      comp
        .getAllSubcomponents('vevent')
        .map((e) => String(e.getFirstPropertyValue('uid')).slice(0, 36)),
    );
    expect([...services].sort()).toEqual([shed.id, theirs.id].sort());
    expect((await t.call('GET', '/api/v1/services.ics')).status).toBe(401);
  });
});

describe('GeoJSON media type', () => {
  it('services and areas GeoJSON are application/geo+json', async () => {
    for (const path of ['/api/v1/services.geojson', '/api/v1/areas.geojson']) {
      const res = await t.call('GET', path, undefined, reader);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toBe('application/geo+json');
      expect(((await res.json()) as { type: string }).type).toBe('FeatureCollection');
    }
  });
});
