import { sql } from 'kysely';
import type { Db } from '../../db/schema.js';

export async function findPostcodePoints(db: Db, keys: string[]) {
  const points = new Map<
    string,
    { lat: number; lng: number; kind: 'unit' | 'sector' | 'district' }
  >();
  if (!keys.length) return points;
  const rows = await db
    .selectFrom('postcodes')
    .select(['key', 'kind', 'lat', 'lng'])
    .where('key', 'in', keys)
    .execute();
  for (const r of rows) points.set(r.key, { lat: r.lat, lng: r.lng, kind: r.kind });
  return points;
}

/** Upserts unit postcodes (an ONSPD import batch). */
export async function upsertUnitPostcodes(
  db: Db,
  rows: { key: string; lat: number; lng: number }[],
): Promise<void> {
  if (!rows.length) return;
  await db
    .insertInto('postcodes')
    .values(rows.map((r) => ({ ...r, kind: 'unit' as const })))
    .onConflict((oc) =>
      oc.column('key').doUpdateSet((eb) => ({
        lat: eb.ref('excluded.lat'),
        lng: eb.ref('excluded.lng'),
        kind: eb.ref('excluded.kind'),
      })),
    )
    .execute();
}

/**
 * Recomputes the sector and district centroids of these districts as the mean of their units,
 * so fallback lookups stay consistent with the imported directory. Returns rows written.
 */
export async function refreshCentroids(
  db: Db,
  districts: string[],
): Promise<{ sectors: number; districts: number }> {
  let sectors = 0;
  let written = 0;
  for (let i = 0; i < districts.length; i += 1000) {
    const chunk = districts.slice(i, i + 1000);
    const units = sql`(select split_part(key, ' ', 1) as district, split_part(key, ' ', 1) || ' ' || left(split_part(key, ' ', 2), 1) as sector, lat, lng
      from postcodes where kind = 'unit' and split_part(key, ' ', 1) in (${sql.join(chunk)}))`;
    const s = await sql`insert into postcodes (key, kind, lat, lng)
      select sector, 'sector', avg(lat), avg(lng) from ${units} as u group by sector
      on conflict (key) do update set lat = excluded.lat, lng = excluded.lng, kind = excluded.kind`.execute(
      db,
    );
    const d = await sql`insert into postcodes (key, kind, lat, lng)
      select district, 'district', avg(lat), avg(lng) from ${units} as u group by district
      on conflict (key) do update set lat = excluded.lat, lng = excluded.lng, kind = excluded.kind`.execute(
      db,
    );
    sectors += Number(s.numAffectedRows ?? 0);
    written += Number(d.numAffectedRows ?? 0);
  }
  return { sectors, districts: written };
}
