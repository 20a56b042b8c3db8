import type { Database } from './db/client.js';
import type { Config } from './config.js';
import type { Actor } from './access/actor.js';
import type { SessionInfo } from './auth/sessions.js';

/**
 * Route-level auth: `public` needs no session; `session` needs one but not yet the
 * confidentiality acknowledgement (R-SEC-1); the default needs both.
 */
export type RouteAuth = 'public' | 'session' | 'acknowledged';

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
    config: Config;
    databaseMode: 'embedded' | 'external';
  }
  interface FastifyRequest {
    actor: Actor | null;
    session: SessionInfo | null;
  }
  interface FastifyContextConfig {
    auth?: RouteAuth;
  }
}
