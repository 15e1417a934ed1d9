/**
 * The finishing pass over the generated OpenAPI documents, so generated clients come out
 * well: every operation states its `security` (from the route-access table: a public route
 * needs nothing, any other a session cookie or a bearer token) and has a unique
 * `operationId`; paths that differ only in a parameter's name (OpenAPI forbids identical
 * templates) are merged under the first spelling; and the document carries a licence.
 */
import { ROUTE_ACCESS } from './route-access.js';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export const DATA_LICENCE = {
  name: 'Open Government Licence v3.0',
  url: 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/',
};

type Operation = {
  operationId?: string;
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string; description?: string }[];
};
type PathItem = Record<string, Operation>;
/** The generated document (openapi3-ts's object), as far as this pass reads it. */
interface Document {
  info: object;
  paths?: object;
}

const SIGNED_IN: Record<string, string[]>[] = [{ session: [] }, { bearer: [] }];

/** getApiV1ServicesById → "getServicesById": the method, then the path's words. */
function derivedOperationId(method: string, path: string): string {
  const words = path
    .split('/')
    .filter((s) => s && s !== 'api' && !/^v\d+$/.test(s))
    .flatMap((s) => {
      const param = s.match(/^\{(.+)\}$/);
      return param ? ['by', param[1]!] : s.split(/[^A-Za-z0-9]+/);
    });
  return (
    method +
    words
      .filter(Boolean)
      .map((w) => w[0]!.toUpperCase() + w.slice(1))
      .join('')
  );
}

export function finishDocument<D extends Document>(
  doc: D,
  options: { publicRoutes?: 'all' | 'table' } = {},
): D {
  const paths = (doc.paths ?? {}) as Record<string, PathItem>;
  // Identical templates ("/invites/{id}" and "/invites/{token}"): one path, the first's names.
  const byShape = new Map<string, string>();
  for (const path of Object.keys(paths)) {
    const shape = path.replace(/\{[^}]+\}/g, '{}');
    const first = byShape.get(shape);
    if (first === undefined) {
      byShape.set(shape, path);
      continue;
    }
    const names = [...first.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
    const theirs = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
    for (const [method, op] of Object.entries(paths[path]!)) {
      for (const p of op.parameters ?? []) {
        const i = p.in === 'path' ? theirs.indexOf(p.name) : -1;
        if (i >= 0 && names[i] !== p.name) {
          p.description = [p.description, `(the route names it ${p.name})`]
            .filter(Boolean)
            .join(' ');
          p.name = names[i]!;
        }
      }
      paths[first]![method] = op;
    }
    delete paths[path];
  }

  const access = new Map(ROUTE_ACCESS.map((r) => [`${r.method.toLowerCase()} ${r.path}`, r.allow]));
  const used = new Set<string>();
  for (const [path, item] of Object.entries(paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const allow = options.publicRoutes === 'all' ? 'public' : access.get(`${method} ${path}`);
      op.security = allow === 'public' ? [] : SIGNED_IN;
      let id = op.operationId ?? derivedOperationId(method, path);
      if (used.has(id)) id = derivedOperationId(method, path);
      for (let n = 2; used.has(id); n++) id = `${derivedOperationId(method, path)}${n}`;
      op.operationId = id;
      used.add(id);
    }
  }
  doc.info = { license: DATA_LICENCE, ...doc.info };
  return doc;
}
