/**
 * fast-check arbitraries for request bodies a careless or hostile client might send: wrong
 * types, huge strings, deep nesting, odd Unicode, invalid GeoJSON and prototype-pollution keys.
 * Bodies are produced as raw strings so keys like `__proto__` survive (JSON.stringify of an
 * object literal would drop them).
 */
import fc from 'fast-check';

/** Strings that have broken parsers, databases and log lines before. */
const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uDFFF\uD800',
  '\u202Eevil',
  '\u200B\u200C\u200D\uFEFF',
  'Ｅ２ ７ＤＧ',
  '👨‍👩‍👧‍👦'.repeat(50),
  'ﷺ',
  'é'.normalize('NFD'),
  "'; drop table need_flags; --",
  '${7*7}{{7*7}}',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%00',
  '\\',
  '"',
  'null',
  'undefined',
  'NaN',
  '-1',
  '1e309',
  '9'.repeat(400),
  'x'.repeat(300),
  'E2 7DG',
  '943 476 5919',
  'someone@example.org',
  '07700 900123',
  '2026-02-30',
  '1970-01-01T00:00:00Z',
];

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...NASTY_STRINGS),
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc.string({ unit: 'grapheme', maxLength: 64 }),
  fc.integer({ min: 1_000, max: 200_000 }).map((n) => 'ä'.repeat(n)),
);

export const nastyNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(-0, -1, 0.5, 1e308, -1e308, 2 ** 53 + 1, Number.MIN_VALUE, 181, -91, 1e9),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

/** A JSON value of the wrong kind for almost any field. */
export const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  nastyNumber,
  nastyString,
  fc.constant([]),
  fc.constant({}),
  fc.array(nastyString, { maxLength: 600 }),
  fc.dictionary(nastyString, nastyString, { maxKeys: 5 }),
);

/** Nested arrays or objects `depth` levels deep, as JSON text. */
export function deepJson(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array'
    ? `${'['.repeat(depth)}1${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** GeoJSON that parses as JSON but is wrong as geography. */
export const invalidGeoJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant({ type: 'FeatureCollection' }),
  fc.constant({ type: 'FeatureCollection', features: 'none' }),
  fc.constant({
    type: 'FeatureCollection',
    features: [{ type: 'Feature', properties: {}, geometry: null }],
  }),
  fc.constant({
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        properties: { WD24CD: 'E05009317', WD24NM: 'Bowtie' },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [1, 1],
              [1, 0],
              [0, 1],
              [0, 0],
            ],
          ],
        },
      },
    ],
  }),
  fc.constant({
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        properties: { WD24CD: 'X', WD24NM: 'Open ring' },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [1, 1],
            ],
          ],
        },
      },
    ],
  }),
  fc.constant({
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        properties: { WD24CD: 'Y', WD24NM: 'Far away' },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [1e9, 1e9],
              [1e9, -1e9],
              [-1e9, 0],
              [1e9, 1e9],
            ],
          ],
        },
      },
    ],
  }),
  fc.constant({ type: 'Feature', geometry: { type: 'Point', coordinates: ['a', 'b'] } }),
  fc.record({
    type: fc.constant('Polygon'),
    coordinates: fc.array(fc.array(fc.tuple(nastyNumber, nastyNumber), { maxLength: 5 }), {
      maxLength: 3,
    }),
  }),
);

const POLLUTION = [
  '"__proto__":{"polluted":"yes","role":"admin","isAdmin":true}',
  '"constructor":{"prototype":{"polluted":"yes"}}',
  '"prototype":{"polluted":"yes"}',
];

/** Inserts prototype-pollution keys at the top of a JSON object text (or wraps a non-object). */
export function withPollution(json: string, which: number): string {
  const key = POLLUTION[which % POLLUTION.length]!;
  return json.startsWith('{') && json.length > 2
    ? `{${key},${json.slice(1)}`
    : `{${key},"value":${json}}`;
}

/** Every path (as key lists) to a value inside a JSON-like sample, for targeted mutations. */
export function valuePaths(
  value: unknown,
  prefix: (string | number)[] = [],
): (string | number)[][] {
  if (Array.isArray(value))
    return [prefix, ...value.flatMap((v, i) => valuePaths(v, [...prefix, i]))];
  if (value && typeof value === 'object')
    return [prefix, ...Object.entries(value).flatMap(([k, v]) => valuePaths(v, [...prefix, k]))];
  return [prefix];
}

/** A copy of `value` with the thing at `path` replaced (the root when the path is empty). */
export function replaceAt(
  value: unknown,
  path: (string | number)[],
  replacement: unknown,
): unknown {
  if (!path.length) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value))
    return value.map((v, i) => (i === head ? replaceAt(v, rest, replacement) : v));
  const record = (value ?? {}) as Record<string, unknown>;
  return { ...record, [head as string]: replaceAt(record[head as string], rest, replacement) };
}
