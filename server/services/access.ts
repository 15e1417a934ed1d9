/**
 * Who may read the directory: any signed-in user, or anyone when the deployment switches the
 * public read-only directory on (config.publicDirectory). Writes use requireRole as usual.
 */
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../http/env.js';
import { unauthorized } from '../http/errors.js';

export const requireDirectoryReader = createMiddleware<AppEnv>(async (c, next) => {
  if (!c.var.user && !c.var.config.publicDirectory)
    throw unauthorized('Sign in to see the directory.');
  await next();
});
