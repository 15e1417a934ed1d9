import type { Kysely } from 'kysely';
import type { DB, Role } from '../../db/schema.js';
import type { Config } from '../config.js';
import type { Logger } from './logger.js';

/** The signed-in user as every handler sees it. */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  organisationId: string | null;
}

export interface SessionAuth {
  sessionId: string;
  /** How the token arrived: only cookie-authenticated writes need the CSRF header. */
  via: 'cookie' | 'bearer';
  csrfToken: string;
  /**
   * False while the session comes from this process's memory of a recent read (a request whose
   * write confirms it, http/auth.ts `confirmedByWrite`); true once read or confirmed.
   */
  confirmed: boolean;
}

/** Hono's Env for every sub-app: `c.var.db`, `c.var.user` … */
export type AppEnv = {
  Variables: {
    db: Kysely<DB>;
    config: Config;
    logger: Logger;
    requestId: string;
    user: SessionUser | null;
    auth: SessionAuth | null;
  };
};
