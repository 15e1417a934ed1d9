/**
 * The one fetch layer of the client. Sends the session cookie, adds the CSRF header on writes,
 * and turns the API's error shape into an ApiError the pages can show.
 */
import messages from '../i18n/messages/servicePage.js';
import { useMessages } from './i18n/language.js';
import type { ApiErrorBody } from '../server/http/openapi.js';

const t = useMessages(messages);

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  /** Field → reason, for 422s. */
  get fields(): Record<string, string> {
    return this.status === 422 && this.details && typeof this.details === 'object'
      ? (this.details as Record<string, string>)
      : {};
  }
}

let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export interface RequestOptions {
  signal?: AbortSignal;
  query?: Record<string, string | number | boolean | string[] | undefined | null>;
  /** Extra request headers (e.g. Idempotency-Key). */
  headers?: Record<string, string>;
}

export function withQuery(path: string, query?: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) v.forEach((item) => params.append(k, item));
    else params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { ...options.headers, Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const res = await fetch(withQuery(path, options.query), {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: options.signal,
  });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const data: unknown = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    const err = (data as { error?: ApiErrorBody } | undefined)?.error;
    throw new ApiError(
      res.status,
      err?.code ?? 'error',
      err?.message ?? t('requestFailed', { status: res.status }),
      err?.details,
    );
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, undefined, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>('POST', path, body ?? {}, options),
  patch: <T>(path: string, body: unknown, options?: RequestOptions) =>
    request<T>('PATCH', path, body, options),
  put: <T>(path: string, body: unknown, options?: RequestOptions) =>
    request<T>('PUT', path, body, options),
  delete: <T = void>(path: string, options?: RequestOptions) =>
    request<T>('DELETE', path, undefined, options),
};

/**
 * Payload types come from the server's zod schemas (type-only imports: nothing of the server is
 * bundled), so a change to a response shape fails the client's type check.
 */
export type { SuppressedCount } from '../server/privacy/suppression.js';
export type { GapItem } from '../server/gaps/schemas.js';
export type { Page } from '../server/http/pagination.js';
