/**
 * The funder dashboard's downloadable tables: need counts per (area, tag) or per (res-7 cell,
 * tag), suppressed. Counting is the gap module's (`demandRows` over the roll-up); this module
 * only groups those rows into coarser published units with `combine()` and publishes each
 * through `suppressCount`, so a unit's cell key is made from exactly its records.
 */
import { cellToBoundary, cellToParent } from 'h3-js';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { demandRows } from '../gaps/queries.js';
import type { WeekWindow } from '../gaps/window.js';
import {
  combine,
  suppressCount,
  type PublishedCount,
  type RawCount,
  type SuppressionOptions,
} from '../privacy/suppression.js';
import { areaMembers, type AreaRef } from './queries.js';

export type CoarseUnit = 'area' | 'cell7';

export interface NeedTableRow {
  /** The area id, or the res-7 H3 index. */
  unit: string;
  code: string | null;
  name: string | null;
  tag: string;
  /** The tag in words. */
  need: string;
  count: PublishedCount;
}

export interface NeedTable {
  by: CoarseUnit;
  areaKind: string | null;
  rows: NeedTableRow[];
  areas: Map<string, AreaRef>;
}

export async function needTable(
  db: Kysely<DB>,
  q: {
    by: CoarseUnit;
    window: WeekWindow;
    tags?: string[] | undefined;
    areaKind?: string | undefined;
    areaId?: string | undefined;
  },
  publish: SuppressionOptions,
): Promise<NeedTable> {
  const all = q.window.weeks ? await demandRows(db, q.window, { tags: q.tags }) : [];
  // The dashboard's area filter: only need inside that area.
  const inArea = q.areaId
    ? new Set(
        (
          await db.selectFrom('areaCells').select('cell').where('areaId', '=', q.areaId).execute()
        ).map((r) => r.cell),
      )
    : null;
  const counts = inArea ? all.filter((r) => inArea.has(r.cell)) : all;
  const membership = q.by === 'area' ? await areaMembers(db, q.areaKind) : undefined;
  const unitsOf = (cell: string): string[] =>
    q.by === 'cell7' ? [cellToParent(cell, 7)] : (membership?.cells.get(cell) ?? []);
  const grouped = new Map<string, { unit: string; tag: string; raws: RawCount[] }>();
  for (const r of counts) {
    for (const unit of unitsOf(r.cell)) {
      const key = `${unit}\u0000${r.tagSlug}`;
      let g = grouped.get(key);
      if (!g) grouped.set(key, (g = { unit, tag: r.tagSlug, raws: [] }));
      g.raws.push(r);
    }
  }
  const areas = membership?.areas ?? new Map<string, AreaRef>();
  const needName = new Map(
    (await db.selectFrom('taxonomy').select(['slug', 'name']).execute()).map((t) => [
      t.slug,
      t.name,
    ]),
  );
  const rows = [...grouped.values()]
    .map((g) => {
      const raw = combine(g.raws);
      const area = areas.get(g.unit);
      return {
        unit: g.unit,
        code: area?.code ?? null,
        name: area?.name ?? null,
        tag: g.tag,
        need: needName.get(g.tag) ?? g.tag,
        count: suppressCount(raw, publish),
      };
    })
    .sort(
      (a, b) =>
        (a.name ?? a.unit).localeCompare(b.name ?? b.unit) ||
        a.unit.localeCompare(b.unit) ||
        a.tag.localeCompare(b.tag),
    );
  return { by: q.by, areaKind: membership?.kind ?? null, rows, areas };
}

/** `need` (the tag in words) comes last so readers of the earlier columns are unaffected. */
export const NEED_CSV_COLUMNS = [
  'unit_kind',
  'unit',
  'code',
  'name',
  'tag',
  'count',
  'count_display',
  'need',
] as const;

export function needCsvRecords(table: NeedTable): (string | number | null)[][] {
  const kind = table.by === 'cell7' ? 'h3_res7' : (table.areaKind ?? 'area');
  return table.rows.map((r) => [
    kind,
    r.unit,
    r.code,
    r.name,
    r.tag,
    r.count.value,
    r.count.display,
    r.need,
  ]);
}

/**
 * One feature per unit; each tag's suppressed count flattened into its own properties
 * (`need_<tag>`: the number, null when suppressed; `need_<tag>_display`: what to show), since
 * GIS tools read a nested object as one string. Geometry: the area's boundary or the hexagon.
 */
export function needGeoJson(
  table: NeedTable,
  geometryOf: (unit: string) => unknown,
  publishedThrough: string | null,
) {
  const byUnit = new Map<string, NeedTableRow[]>();
  for (const r of table.rows) byUnit.set(r.unit, [...(byUnit.get(r.unit) ?? []), r]);
  return {
    type: 'FeatureCollection' as const,
    publishedThrough,
    features: [...byUnit].map(([unit, rows]) => ({
      type: 'Feature' as const,
      id: unit,
      geometry: table.by === 'cell7' ? hexagon(unit) : geometryOf(unit),
      properties: {
        unit,
        unitKind: table.by === 'cell7' ? 'h3_res7' : table.areaKind,
        code: rows[0]?.code ?? null,
        name: rows[0]?.name ?? null,
        ...Object.fromEntries(
          rows.flatMap((r) => [
            [`need_${r.tag}`, r.count.value],
            [`need_${r.tag}_display`, r.count.display],
          ]),
        ),
      },
    })),
  };
}

function hexagon(cell: string) {
  const ring = cellToBoundary(cell, true);
  return { type: 'Polygon' as const, coordinates: [[...ring, ring[0]!]] };
}
