/**
 * The one error shape of the API: `{ error: { code, message, details? } }`.
 * Handlers throw an AppError (or Hono's HTTPException); app.onError renders it.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import type { Logger } from './logger.js';
import errorMessages from '../../i18n/messages/errors.js';
import { requestLanguage, translator } from '../i18n/language.js';

type ErrorKey = keyof typeof errorMessages.en;

export class AppError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
    /** The catalogue key of a message written for people in general, shown in the request's language. */
    readonly messageKey?: ErrorKey,
  ) {
    super(message);
  }
}

/** An error whose message people read, from i18n/messages/errors.ts (English in `message`, for logs and tests). */
const human = (
  status: ContentfulStatusCode,
  code: string,
  key: ErrorKey,
  details?: unknown,
  headers?: Record<string, string>,
) => new AppError(status, code, errorMessages.en[key], details, headers, key);

export const badRequest = (message: string, details?: unknown) =>
  new AppError(400, 'bad_request', message, details);
export const unauthorized = (message?: string) =>
  message ? new AppError(401, 'unauthorized', message) : human(401, 'unauthorized', 'signIn');
export const forbidden = (message?: string) =>
  message ? new AppError(403, 'forbidden', message) : human(403, 'forbidden', 'notAllowed');
export const notFound = (what = 'Resource') =>
  new AppError(404, 'not_found', `${what} not found.`, undefined, undefined, 'notFound');
export const conflict = (message: string, details?: unknown) =>
  new AppError(409, 'conflict', message, details);
export const gone = (message: string) => new AppError(410, 'gone', message);
/** 422 with details naming each field and the reason: `{ field: reason }`. */
export const invalid = (details: Record<string, string>, message?: string) =>
  message
    ? new AppError(422, 'validation_failed', message, details)
    : human(422, 'validation_failed', 'invalid', details);
export const tooManyRequests = (retryAfterSeconds: number) =>
  human(
    429,
    'rate_limited',
    'tooMany',
    { retryAfterSeconds },
    {
      'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))),
    },
  );

/** Zod issues → `{ "field.path": "reason" }` (the first reason per field). */
export function zodDetails(error: ZodError): Record<string, string> {
  const details: Record<string, string> = {};
  for (const issue of error.issues) {
    // A strict object rejecting extra keys: name each key, so the client knows which field to drop.
    if (issue.code === 'unrecognized_keys') {
      for (const k of issue.keys)
        details[[...issue.path, k].join('.')] ??= 'is not a field that can be set here';
      continue;
    }
    const key = issue.path.length ? issue.path.join('.') : '_';
    details[key] ??= issue.message;
  }
  return details;
}

const statusCodes: Partial<Record<number, string>> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  408: 'timeout',
  409: 'conflict',
  410: 'gone',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'validation_failed',
  429: 'rate_limited',
  503: 'unavailable',
  504: 'timeout',
};

/**
 * Renders any thrown value as the contract's JSON error; unknown errors become a generic 500.
 * The database layer says which of its errors mean "unavailable, retry" (a 503).
 */
export function renderError(
  err: unknown,
  c: Context,
  log: Logger,
  isDatabaseUnavailable: (err: unknown) => boolean,
): Response {
  const t = translator(errorMessages, requestLanguage(c));
  if (err instanceof AppError) {
    // English keeps the exact message (e.g. "Proposal not found."); other languages the catalogue's.
    const message = err.messageKey && requestLanguage(c) !== 'en' ? t(err.messageKey) : err.message;
    const body = {
      error: {
        code: err.code,
        message,
        ...(err.details === undefined ? {} : { details: err.details }),
      },
    };
    return c.json(body, err.status, err.headers);
  }
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    const message =
      status === 400 && /json/i.test(err.message)
        ? t('malformedJson')
        : err.message || 'Request failed.';
    return c.json({ error: { code: statusCodes[status] ?? 'error', message } }, status);
  }
  if (isDatabaseUnavailable(err)) {
    log({
      level: 'error',
      msg: 'database unavailable',
      requestId: c.get('requestId'),
      error: describe(err),
    });
    return c.json(
      {
        error: {
          code: 'unavailable',
          message: t('unavailable'),
          details: { requestId: c.get('requestId') },
        },
      },
      503,
      { 'Retry-After': '2' },
    );
  }
  log({
    level: 'error',
    msg: 'unhandled error',
    requestId: c.get('requestId'),
    error: describe(err),
  });
  return c.json(
    {
      error: {
        code: 'internal',
        message: t('internal'),
        details: { requestId: c.get('requestId') },
      },
    },
    500,
  );
}

/**
 * An unexpected error as a log line: its name, code and message with every quoted value taken
 * out — parsers and databases quote the offending input (`value is "E2 7DG"`, `for type uuid:
 * "…"`), and request contents never reach the logs.
 */
function describe(err: unknown): string {
  if (!(err instanceof Error)) return typeof err;
  const code = (err as { code?: unknown }).code;
  const message = err.message.replace(/"[^"]*"|'[^']*'|«[^»]*»|“[^”]*”/g, '"…"');
  return `${err.name}${typeof code === 'string' ? ` [${code}]` : ''}: ${message}`;
}
