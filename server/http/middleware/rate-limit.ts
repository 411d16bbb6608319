import type { MiddlewareHandler } from 'hono';
import { errorBody } from '../error-map.ts';
import type { Env } from '../env.ts';

/**
 * Fixed-window rate limit per client address (in memory, per instance). Applied to login and public
 * endpoints, where anonymous callers arrive.
 */
export function rateLimit(
  perMinute: number,
  clientOf: (c: Parameters<MiddlewareHandler<Env>>[0]) => string,
): MiddlewareHandler<Env> {
  const windows = new Map<string, { start: number; count: number }>();
  return async (c, next) => {
    const now = Date.now();
    const key = clientOf(c);
    const w = windows.get(key);
    if (!w || now - w.start >= 60_000) {
      windows.set(key, { start: now, count: 1 });
      if (windows.size > 10_000) for (const [k, v] of windows) if (now - v.start >= 60_000) windows.delete(k);
    } else if (++w.count > perMinute) {
      c.header('Retry-After', String(Math.ceil((w.start + 60_000 - now) / 1000)));
      return c.json(errorBody('RATE_LIMITED', '请求过于频繁，请稍后再试'), 429);
    }
    return next();
  };
}
