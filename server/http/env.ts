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
  /**
   * Requests per minute per account on the endpoints that hand out personal data or change credentials (unmask,
   * documents, attachments, exports, password, TOTP); a client address gets five times as many. Default 120.
   */
  sensitivePerMinute?: number;
  /** Failed sign-ins per client address per minute before the address is refused (default 10). */
  loginFailuresPerMinute?: number;
  /**
   * Peers whose X-Forwarded-For is believed (addresses or CIDR ranges of the reverse proxies). Without them the
   * client address is the TCP peer and X-Forwarded-For is ignored.
   */
  trustedProxies?: readonly string[];
  /** The wall clock of the request-rate windows (a rate is real time); tests pin it. Default Date.now. */
  now?: () => number;
  /** Folder of attachment contents (content-addressed); a temp folder when absent. */
  filesDir?: string | null;
}

export type Env = {
  Variables: {
    deps: AppDeps;
    actor: Actor | null;
    csrf: string | null;
    requestId: string;
    /** The client address: the TCP peer, or from X-Forwarded-For when the peer is a trusted proxy. */
    clientAddress: string;
    log: Logger | null;
  };
};

export type App = OpenAPIHono<Env>;
