/** Query-string geometry shared by every map and search route. */
import { z } from '@hono/zod-openapi';

/** Rough bounds of the UK (with its islands), for validating coordinates. */
export const UK_BOUNDS = { minLng: -8.7, minLat: 49.8, maxLng: 1.8, maxLat: 60.9 } as const;

const num = (s: string) => (s.trim() === '' ? Number.NaN : Number(s));

/** `bbox=minLng,minLat,maxLng,maxLat` → a tuple, with min < max and sane ranges. */
export const BboxParam = z
  .string()
  .transform((s, ctx) => {
    const parts = s.split(',').map(num);
    const [minLng, minLat, maxLng, maxLat] = parts;
    if (
      parts.length !== 4 ||
      parts.some((p) => !Number.isFinite(p)) ||
      minLng === undefined ||
      minLat === undefined ||
      maxLng === undefined ||
      maxLat === undefined
    ) {
      ctx.addIssue({ code: 'custom', message: 'must be minLng,minLat,maxLng,maxLat' });
      return z.NEVER;
    }
    if (
      minLng < -180 ||
      maxLng > 180 ||
      minLat < -90 ||
      maxLat > 90 ||
      minLng >= maxLng ||
      minLat >= maxLat
    ) {
      ctx.addIssue({
        code: 'custom',
        message: 'must have min < max within longitude ±180 and latitude ±90',
      });
      return z.NEVER;
    }
    return [minLng, minLat, maxLng, maxLat] as [number, number, number, number];
  })
  .openapi({
    type: 'string',
    example: '-0.08,51.5,-0.01,51.54',
    description: 'minLng,minLat,maxLng,maxLat',
  });

/** `near=lat,lng` → a point inside the UK. */
export const NearParam = z
  .string()
  .transform((s, ctx) => {
    const parts = s.split(',').map(num);
    const [lat, lng] = parts;
    if (
      parts.length !== 2 ||
      lat === undefined ||
      lng === undefined ||
      !Number.isFinite(lat) ||
      !Number.isFinite(lng)
    ) {
      ctx.addIssue({ code: 'custom', message: 'must be lat,lng' });
      return z.NEVER;
    }
    if (!insideUk(lat, lng)) {
      ctx.addIssue({ code: 'custom', message: 'must be inside the UK' });
      return z.NEVER;
    }
    return { lat, lng };
  })
  .openapi({ type: 'string', example: '51.527,-0.055', description: 'lat,lng' });

/** One tag or a comma-separated list: `tag=men&tag=food` or `tag=men,food`. */
export const TagsParam = z
  .union([z.string(), z.array(z.string())])
  .transform((v) =>
    (Array.isArray(v) ? v : [v])
      .flatMap((s) => s.split(','))
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .openapi({ type: 'string', description: 'Tag slug(s); a parent tag matches its children' });

export function insideUk(lat: number, lng: number): boolean {
  return (
    lat >= UK_BOUNDS.minLat &&
    lat <= UK_BOUNDS.maxLat &&
    lng >= UK_BOUNDS.minLng &&
    lng <= UK_BOUNDS.maxLng
  );
}
