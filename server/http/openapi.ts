/**
 * Every feature's sub-app is an OpenAPIHono router from `createRouter()`, so its zod schemas
 * both validate requests and document them; validation failures become 422s naming the fields.
 */
import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from './env.js';
import { invalid, zodDetails } from './errors.js';

export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw invalid(zodDetails(result.error));
    },
  });
}

/** The contract's error body, for documenting responses. */
export const ErrorSchema = z
  .object({
    error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
  })
  .openapi('Error');
/** The error object inside the contract's error body (what the client's ApiError carries). */
export type ApiErrorBody = z.infer<typeof ErrorSchema>['error'];

export const errorResponses = (
  ...statuses: (400 | 401 | 403 | 404 | 409 | 410 | 413 | 422 | 429)[]
) =>
  Object.fromEntries(
    statuses.map((s) => [
      s,
      { description: errorText[s], content: { 'application/json': { schema: ErrorSchema } } },
    ]),
  );

const errorText = {
  400: 'Malformed request',
  401: 'Not signed in',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflict',
  410: 'Gone',
  413: 'Body too large',
  422: 'Validation failed',
  429: 'Rate limited',
} as const;

export const jsonBody = <T extends z.ZodType>(schema: T, description?: string) => ({
  content: { 'application/json': { schema } },
  required: true,
  ...(description ? { description } : {}),
});

export const jsonResponse = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});

export const UuidParam = z.object({
  id: z
    .string()
    .uuid()
    .openapi({ param: { name: 'id', in: 'path' } }),
});
