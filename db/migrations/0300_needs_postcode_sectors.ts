import { sql, type Kysely } from 'kysely';

/**
 * Every database — demo or not — gets the self-made sector table of the demo area, so need
 * flags and gap checks accept a postcode from the first start. Real coverage comes from an
 * admin import of the ONS Postcode Directory (POST /api/v1/postcodes/import).
 *
 * The table is written out here, not imported, so this migration stays as it landed whatever
 * happens to fixtures/postcodes/tower-hamlets-sectors.ts (its copy for tests). The points are
 * approximate and invented — placed by hand inside each sector's rough area of Tower Hamlets —
 * not taken from the ONS Postcode Directory, so they carry no licence terms. District
 * centroids are the mean of their sectors.
 */

/** [sector, lat, lng] */
const SECTORS: readonly (readonly [string, number, number])[] = [
  ['E1 0', 51.5135, -0.054],
  ['E1 1', 51.517, -0.062],
  ['E1 2', 51.519, -0.068],
  ['E1 3', 51.523, -0.047],
  ['E1 4', 51.524, -0.038],
  ['E1 5', 51.5215, -0.056],
  ['E1 6', 51.52, -0.0715],
  ['E1 7', 51.5165, -0.072],
  ['E1 8', 51.513, -0.069],
  ['E1W 1', 51.507, -0.066],
  ['E1W 2', 51.5055, -0.056],
  ['E1W 3', 51.5085, -0.048],
  ['E2 0', 51.528, -0.056],
  ['E2 6', 51.525, -0.062],
  ['E2 7', 51.527, -0.068],
  ['E2 8', 51.53, -0.065],
  ['E2 9', 51.5305, -0.052],
  ['E3 2', 51.531, -0.025],
  ['E3 3', 51.52, -0.02],
  ['E3 4', 51.521, -0.03],
  ['E3 5', 51.529, -0.033],
  ['E14 0', 51.511, -0.015],
  ['E14 2', 51.504, -0.013],
  ['E14 3', 51.493, -0.01],
  ['E14 4', 51.503, -0.02],
  ['E14 5', 51.5, -0.025],
  ['E14 6', 51.512, -0.023],
  ['E14 7', 51.514, -0.03],
  ['E14 8', 51.509, -0.034],
  ['E14 9', 51.495, -0.022],
];

/** Sector rows plus one row per district at the mean of its sectors. */
function sectorRows(): { key: string; kind: 'sector' | 'district'; lat: number; lng: number }[] {
  const districts = new Map<string, { lat: number; lng: number; n: number }>();
  for (const [sector, lat, lng] of SECTORS) {
    const district = sector.split(' ')[0]!;
    const d = districts.get(district) ?? { lat: 0, lng: 0, n: 0 };
    districts.set(district, { lat: d.lat + lat, lng: d.lng + lng, n: d.n + 1 });
  }
  return [
    ...SECTORS.map(([key, lat, lng]) => ({ key, kind: 'sector' as const, lat, lng })),
    ...[...districts].map(([key, d]) => ({
      key,
      kind: 'district' as const,
      lat: Math.round((d.lat / d.n) * 1e5) / 1e5,
      lng: Math.round((d.lng / d.n) * 1e5) / 1e5,
    })),
  ];
}

export async function up(db: Kysely<unknown>): Promise<void> {
  // Never replaces a row that is already there.
  const values = sql.join(sectorRows().map((r) => sql`(${r.key}, ${r.kind}, ${r.lat}, ${r.lng})`));
  await sql`insert into postcodes (key, kind, lat, lng) values ${values} on conflict (key) do nothing`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const keys = sectorRows().map((r) => r.key);
  await sql`delete from postcodes where kind in ('sector', 'district') and key in (${sql.join(keys)})`.execute(
    db,
  );
}
