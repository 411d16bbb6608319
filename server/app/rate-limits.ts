import { bumpWindow, pruneWindows } from '../store/throttle.store.ts';
import type { AppDeps } from './context.ts';

/** One counter a request is charged to, with the most it may reach in a minute. */
export interface RateKey {
  key: string;
  limit: number;
}

/**
 * Charges one request to every key (one-minute windows, counted in the database so instances share them) and
 * says whether any key went over its limit, and for how long. `nowMs` is the wall clock: a rate is real time.
 */
export async function chargeRequest(
  deps: Pick<AppDeps, 'db'>,
  keys: readonly RateKey[],
  nowMs: number,
): Promise<{ limited: false } | { limited: true; retryAfterSeconds: number }> {
  const win = Math.floor(nowMs / 60_000);
  let limited = false;
  for (const k of keys) if ((await bumpWindow(deps.db, k.key, win)) > k.limit) limited = true;
  // Old windows no longer count; drop them now and then.
  if (Math.random() < 0.01) await pruneWindows(deps.db, win - 1);
  return limited
    ? { limited, retryAfterSeconds: Math.max(1, Math.ceil(((win + 1) * 60_000 - nowMs) / 1000)) }
    : { limited };
}
