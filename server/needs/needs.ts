/**
 * Need flags: validation of what a Link Worker sends, down to what may be stored. The place
 * (postcode or point) becomes an H3 resolution-8 cell here and goes no further; the note passes
 * the PII guard or the whole request is refused without storing or logging it.
 */
import { latLngToCell } from 'h3-js';
import type { AGE_BANDS, Barrier, Db } from '../../db/schema.js';
import { isoWeekStart } from '../gaps/window.js';
import { londonWeek } from '../releases/calendar.js';
import { latestPublishedWeek } from '../releases/latest.js';
import { insideUk } from '../geo/params.js';
import { invalid } from '../http/errors.js';
import { resolvePostcodes } from '../postcodes/postcodes.js';
import { findPersonalData } from '../privacy/pii.js';
import { unknownTags } from '../taxonomy/queries.js';

export const FLAG_RESOLUTION = 8;
/** A flag can be undone by its author for this long. */
export const UNDO_WINDOW_MS = 24 * 3_600_000;
export const MAX_BATCH = 500;

/** A flag as the API receives it (already shaped by the zod schema). */
export interface NeedInput {
  tags: string[];
  postcode?: string | undefined;
  lat?: number | undefined;
  lng?: number | undefined;
  week?: string | undefined;
  barriers?: Barrier[] | undefined;
  ageBand?: (typeof AGE_BANDS)[number] | undefined;
  language?: string | undefined;
  note?: string | undefined;
}

/** A flag ready to store: no postcode, no point. */
export interface PreparedFlag {
  tags: string[];
  cell: string;
  week: string;
  barriers: Barrier[];
  ageBand: string | null;
  language: string | null;
  note: string | null;
}

/**
 * Validates flags together (tags against the cached taxonomy, one query for postcodes) and returns them ready to
 * store, or throws one 422 naming every bad field (`items.3.note` in a batch, `note` alone).
 */
export async function prepareNeedFlags(
  db: Db,
  inputs: NeedInput[],
  options: { prefix: (i: number) => string; now?: Date },
): Promise<PreparedFlag[]> {
  const now = options.now ?? new Date();
  const thisWeek = londonWeek(now);
  const weeks = inputs.map((f) =>
    f.week === undefined ? thisWeek : isoWeekStart(new Date(`${f.week}T00:00:00Z`)),
  );
  // Published weeks are frozen: no flag may be added to one. Only a week that has ended can be
  // published (publishThrough), so a flag of this week needs no read here: the most it can meet
  // is a publication racing the week's end, which the trigger refuses (refusedOnWrite).
  const publishedThrough = weeks.some((w) => w < thisWeek) ? await latestPublishedWeek(db) : null;
  const errors: Record<string, string> = {};
  const fail = (i: number, field: string, reason: string) => {
    errors[`${options.prefix(i)}${field}`] ??= reason;
  };

  const unknown = new Set(await unknownTags(db, [...new Set(inputs.flatMap((f) => f.tags))]));
  const byPostcode = inputs
    .map((f, i) => ({ i, postcode: f.postcode }))
    .filter((p): p is { i: number; postcode: string } => p.postcode !== undefined);
  const resolved = await resolvePostcodes(
    db,
    byPostcode.map((p) => p.postcode),
    true,
  );
  const points = new Map(byPostcode.map((p, k) => [p.i, resolved[k]!]));

  const prepared = inputs.map((f, i): PreparedFlag | null => {
    const bad = f.tags.filter((t) => unknown.has(t));
    if (bad.length) fail(i, 'tags', `unknown tag(s): ${bad.join(', ')}`);

    let cell: string | null = null;
    const hasPoint = f.lat !== undefined || f.lng !== undefined;
    if (f.postcode !== undefined && hasPoint)
      fail(i, 'postcode', 'give either a postcode or lat,lng, not both');
    else if (f.postcode !== undefined) {
      const point = points.get(i)!;
      if ('error' in point) fail(i, 'postcode', point.error);
      else cell = latLngToCell(point.lat, point.lng, FLAG_RESOLUTION);
    } else if (f.lat === undefined || f.lng === undefined) {
      fail(
        i,
        hasPoint ? (f.lat === undefined ? 'lat' : 'lng') : 'postcode',
        hasPoint ? 'lat and lng go together' : 'give a postcode or lat,lng',
      );
    } else if (!insideUk(f.lat, f.lng)) {
      fail(i, 'lat', 'the point must be inside the UK');
    } else {
      cell = latLngToCell(f.lat, f.lng, FLAG_RESOLUTION);
    }

    const week = weeks[i]!;
    if (week > thisWeek) fail(i, 'week', 'must not be in the future');
    else if (publishedThrough && week <= publishedThrough) {
      fail(
        i,
        'week',
        `the week of ${week} is already published (figures up to the week of ${publishedThrough} are final); flag it in this week instead`,
      );
    }

    // The note is checked last and its text never appears in an error or a log.
    const note = f.note?.trim() ? f.note.trim() : null;
    const kind = note === null ? null : findPersonalData(note);
    if (kind) fail(i, 'note', kind);
    // Free text too: a phone number typed into the wrong box must not be stored either.
    const languageKind = f.language ? findPersonalData(f.language) : null;
    if (languageKind) fail(i, 'language', languageKind);

    if (cell === null) return null;
    return {
      tags: [...new Set(f.tags)],
      cell,
      week,
      barriers: [...new Set(f.barriers ?? [])],
      ageBand: f.ageBand ?? null,
      language: f.language?.trim() || null,
      note,
    };
  });
  if (Object.keys(errors).length) {
    const kinds = Object.keys(errors).filter((k) => k.endsWith('note'));
    throw invalid(
      errors,
      kinds.length
        ? 'The note looks like it holds personal data; remove it and try again.'
        : undefined,
    );
  }
  return prepared as PreparedFlag[];
}

/**
 * What the database refuses at the write (the statement trigger of migrations 0700 and 0860), as
 * the same 422 validation gives: a publication that committed between a flag's validation and
 * its write, or a tag the taxonomy does not hold (validation trusts the tags this process has
 * seen in it: a slug is never deleted). A batch names `items`: the whole statement was refused.
 */
export function refusedOnWrite(error: unknown, batch = false): never {
  const message = error instanceof Error ? error.message : '';
  if (message.includes('gapmap:week_published'))
    throw invalid({
      [batch ? 'items' : 'week']:
        'that week was published a moment ago; flag it in this week instead',
    });
  if (message.includes('gapmap:unknown_tag'))
    throw invalid({
      [batch ? 'items' : 'tags']: 'unknown tag(s): the taxonomy does not hold them',
    });
  throw error;
}
