import type { Context, MiddlewareHandler } from 'hono';
import { chargeRequest, type RateKey } from '../../app/rate-limits.ts';
import { errorBody } from '../error-map.ts';
import type { Env } from '../env.ts';

/**
 * Fixed-window rate limit over the keys a request is charged to (client address, account …), counted in the
 * database so that several instances share one count. Over the limit: 429 with Retry-After.
 */
export function rateLimit(
  keysOf: (c: Context<Env>) => RateKey[],
  now: () => number = Date.now,
): MiddlewareHandler<Env> {
  return async (c, next) => {
    const r = await chargeRequest(c.get('deps'), keysOf(c), now());
    if (r.limited) {
      c.header('Retry-After', String(r.retryAfterSeconds));
      return c.json(errorBody('RATE_LIMITED', `请求过于频繁，请 ${r.retryAfterSeconds} 秒后再试`), 429);
    }
    return next();
  };
}
