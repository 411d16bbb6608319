import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Logger } from 'pino';
import type { AppDeps } from '../app/context.ts';
import type { Actor } from '../domain/item.policy.ts';

export interface HttpOptions {
  /** Mark cookies Secure (behind HTTPS). */
  secureCookies: boolean;
  idleMinutes: number;
  /** Folder of the built web workbench, or null to serve the API only. */
  webDist: string | null;
  log: Logger | null;
  /** Requests per minute per client on login and public endpoints. */
  rateLimitPerMinute: number;
  /** Folder of attachment contents (content-addressed); a temp folder when absent. */
  filesDir?: string | null;
}

export type Env = {
  Variables: {
    deps: AppDeps;
    actor: Actor | null;
    csrf: string | null;
    requestId: string;
    log: Logger | null;
  };
};

export type App = OpenAPIHono<Env>;
