import { getCookie } from 'hono/cookie';
import type { MiddlewareHandler } from 'hono';
import { resolveSession } from '../../app/auth.ts';
import { errorBody } from '../error-map.ts';
import type { Env } from '../env.ts';

export const SESSION_COOKIE = 'xf_session';
export const CSRF_HEADER = 'x-csrf-token';

/**
 * Resolves the session cookie to an actor. Every API request except the public ones must carry a valid
 * session (401 otherwise), and every state-changing request must echo the session's CSRF token.
 */
export function sessionMiddleware(idleMinutes: number, isPublic: (path: string) => boolean): MiddlewareHandler<Env> {
  return async (c, next) => {
    c.set('actor', null);
    c.set('csrf', null);
    const token = getCookie(c, SESSION_COOKIE);
    if (token) {
      const s = await resolveSession(c.get('deps'), token, idleMinutes);
      if (s) {
        c.set('actor', s.actor);
        c.set('csrf', s.csrf);
      }
    }
    if (isPublic(c.req.path)) return next();
    if (!c.get('actor')) return c.json(errorBody('UNAUTHENTICATED', '未登录或登录已超时，请重新登录'), 401);
    if (!['GET', 'HEAD', 'OPTIONS'].includes(c.req.method) && c.req.header(CSRF_HEADER) !== c.get('csrf')) {
      return c.json(errorBody('CSRF', '请求校验失败（CSRF），请刷新页面后重试'), 403);
    }
    return next();
  };
}
