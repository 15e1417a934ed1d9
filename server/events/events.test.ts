import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertService } from '../referrals/testing.js';
import { createTestApp, type SignedIn, type TestApp } from '../testing/test-app.js';

let t: TestApp;
let organiser: SignedIn;
let otherOrganiser: SignedIn;
let linkWorker: SignedIn;

const inDays = (days: number, hour = 9) => {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
};
const breakfast = (days: number, title = 'Link Worker breakfast') => ({
  title,
  startsAt: inDays(days, 8),
  endsAt: inDays(days, 10),
  place: 'Oxford House, Derbyshire Street',
});

beforeAll(async () => {
  t = await createTestApp();
  organiser = await t.signIn('organiser');
  otherOrganiser = await t.signIn('organiser');
  linkWorker = await t.signIn('link_worker');
});
afterAll(() => t.close());

describe('network events', () => {
  it('lets organisers announce, edit and cancel their own, and nobody else', async () => {
    const res = await t.call('POST', '/api/v1/events', breakfast(3), organiser);
    expect(res.status).toBe(201);
    const event = (await res.json()) as { id: string; organisationId: string };
    expect(event.organisationId).toBe(organiser.organisationId);
    expect((await t.call('POST', '/api/v1/events', breakfast(3), linkWorker)).status).toBe(403);
    expect(
      (await t.call('PATCH', `/api/v1/events/${event.id}`, { title: 'Hijacked' }, otherOrganiser))
        .status,
    ).toBe(403);
    const edited = await t.call(
      'PATCH',
      `/api/v1/events/${event.id}`,
      { title: 'Breakfast network' },
      organiser,
    );
    expect(((await edited.json()) as { title: string }).title).toBe('Breakfast network');
    expect(
      (await t.call('PATCH', `/api/v1/events/${event.id}`, { endsAt: inDays(1) }, organiser))
        .status,
    ).toBe(422);
    expect(
      (await t.call('DELETE', `/api/v1/events/${event.id}`, undefined, otherOrganiser)).status,
    ).toBe(403);
    expect(
      (await t.call('DELETE', `/api/v1/events/${event.id}`, undefined, organiser)).status,
    ).toBe(204);
    expect((await t.call('GET', `/api/v1/events/${event.id}`, undefined, linkWorker)).status).toBe(
      404,
    );
  });

  it('validates times and refuses a confidential venue', async () => {
    const bad = await t.call(
      'POST',
      '/api/v1/events',
      { ...breakfast(2), endsAt: inDays(2, 7) },
      organiser,
    );
    expect(
      ((await bad.json()) as { error: { details: Record<string, string> } }).error.details.endsAt,
    ).toBe('must be after startsAt');
    expect(
      (await t.call('POST', '/api/v1/events', { ...breakfast(2), startsAt: 'tomorrow' }, organiser))
        .status,
    ).toBe(422);
    const refuge = await insertService(t.db, {
      organisationId: organiser.organisationId!,
      confidential: true,
    });
    expect(
      (
        await t.call(
          'POST',
          '/api/v1/events',
          { ...breakfast(2), locationId: refuge.locationId },
          organiser,
        )
      ).status,
    ).toBe(422);
  });

  it('lists upcoming events soonest first, page by page, and serves them as iCalendar', async () => {
    for (const [days, title] of [
      [20, 'Hub open day'],
      [5, 'Breakfast 5'],
      [-3, 'Past meeting'],
      [9, 'Breakfast 9'],
    ] as const) {
      await t.call('POST', '/api/v1/events', breakfast(days, title), organiser);
    }
    const titles: string[] = [];
    let cursor: string | null = null;
    do {
      const page = (await (
        await t.call(
          'GET',
          `/api/v1/events?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          undefined,
          linkWorker,
        )
      ).json()) as { items: { title: string }[]; nextCursor: string | null };
      titles.push(...page.items.map((e) => e.title));
      cursor = page.nextCursor;
    } while (cursor);
    expect(titles).toEqual(['Breakfast 5', 'Breakfast 9', 'Hub open day']);
    expect((await t.call('GET', '/api/v1/events')).status).toBe(401);

    const feed = await t.app.request('/api/v1/events.ics');
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toMatch(/^text\/calendar/);
    const vevents = new ICAL.Component(ICAL.parse(await feed.text())).getAllSubcomponents('vevent');
    expect(vevents.map((v) => v.getFirstPropertyValue('summary'))).toEqual([
      'Breakfast 5',
      'Breakfast 9',
      'Hub open day',
    ]);
    expect(vevents[0]!.getFirstPropertyValue('location')).toBe('Oxford House, Derbyshire Street');
  });
});

describe("I'll come", () => {
  it("counts who will come for the event's organisers only, once per person, and can be taken back", async () => {
    const created = (await (
      await t.call('POST', '/api/v1/events', breakfast(5, 'Open day'), organiser)
    ).json()) as { id: string; comingCount: number | null; going: boolean };
    expect(created).toEqual(expect.objectContaining({ going: false, comingCount: 0 }));
    const other = await t.signIn('link_worker');
    const put = async (who: SignedIn) =>
      (
        await t.call('PUT', `/api/v1/events/${created.id}/attendance`, undefined, who)
      ).json() as Promise<{ going: boolean; comingCount: number | null }>;
    expect(await put(linkWorker)).toEqual({ going: true, comingCount: null });
    expect(await put(linkWorker)).toEqual({ going: true, comingCount: null });
    await put(other);
    const seen = async (who: SignedIn) =>
      (await (await t.call('GET', `/api/v1/events/${created.id}`, undefined, who)).json()) as {
        going: boolean;
        comingCount: number | null;
      };
    expect(await seen(organiser)).toEqual(
      expect.objectContaining({ going: false, comingCount: 2 }),
    );
    expect(await seen(otherOrganiser)).toEqual(expect.objectContaining({ comingCount: null }));
    expect(await seen(linkWorker)).toEqual(
      expect.objectContaining({ going: true, comingCount: null }),
    );
    const back = await t.call(
      'DELETE',
      `/api/v1/events/${created.id}/attendance`,
      undefined,
      other,
    );
    expect(((await back.json()) as { going: boolean }).going).toBe(false);
    const list = (await (
      await t.call('GET', '/api/v1/events?limit=100', undefined, organiser)
    ).json()) as { items: { id: string; comingCount: number | null }[] };
    expect(list.items.find((e) => e.id === created.id)!.comingCount).toBe(1);
    expect(
      (
        await t.call(
          'PUT',
          '/api/v1/events/00000000-0000-4000-8000-000000000000/attendance',
          undefined,
          linkWorker,
        )
      ).status,
    ).toBe(404);
  });
});
