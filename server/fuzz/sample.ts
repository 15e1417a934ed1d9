/**
 * A plausible value for an OpenAPI (JSON Schema) body, so a fuzz case can start from a request
 * that passes most validation and then break one field — that reaches the logic and the
 * database layers, where a body of pure noise would stop at the first zod check.
 */
export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  default?: unknown;
  example?: unknown;
};

/** Good values for fields the domain knows, keyed by property name. */
export type KnownValues = Record<string, unknown>;

export function sampleFor(
  schema: JsonSchema | undefined,
  components: Record<string, JsonSchema>,
  known: KnownValues,
  name = '',
  depth = 0,
): unknown {
  if (!schema || depth > 8) return null;
  if (schema.$ref)
    return sampleFor(
      components[schema.$ref.split('/').pop() ?? ''],
      components,
      known,
      name,
      depth + 1,
    );
  if (name in known) return known[name];
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  if (schema.example !== undefined) return schema.example;
  if (schema.default !== undefined) return schema.default;
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants?.length)
    return sampleFor(
      variants.find((v) => v.type !== 'null') ?? variants[0],
      components,
      known,
      name,
      depth + 1,
    );
  if (schema.allOf?.length) {
    return Object.assign(
      {},
      ...schema.allOf.map((s) => sampleFor(s, components, known, name, depth + 1) as object),
    );
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, prop] of Object.entries(schema.properties ?? {}))
        out[key] = sampleFor(prop, components, known, key, depth + 1);
      return out;
    }
    case 'array':
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () =>
        sampleFor(schema.items, components, known, singular(name), depth + 1),
      );
    case 'integer':
      return Math.max(schema.minimum ?? 1, Math.min(schema.maximum ?? 1, 1));
    case 'number':
      return Math.max(schema.minimum ?? 1, Math.min(schema.maximum ?? 1, 1));
    case 'boolean':
      return false;
    case 'string':
      return stringFor(schema);
    default:
      return null;
  }
}

function stringFor(schema: JsonSchema): string {
  switch (schema.format) {
    case 'uuid':
      return '00000000-0000-4000-8000-000000000000';
    case 'email':
      return 'fuzz@example.org';
    case 'date':
      return '2026-01-05';
    case 'date-time':
      return '2026-01-05T10:00:00.000Z';
    case 'uri':
    case 'url':
      return 'https://example.org/';
    default:
      return 'fuzz'
        .padEnd(Math.max(4, schema.minLength ?? 4), 'z')
        .slice(0, schema.maxLength ?? 64);
  }
}

/** `tags` → `tag`, so an array's items can use a known value too. */
const singular = (name: string) => (name.endsWith('s') ? name.slice(0, -1) : name);
