import { createHash } from 'node:crypto';
import { AppError } from '../domain/errors.ts';
import { DEFAULT_LOCKOUT, lockoutState, type LockoutState } from '../domain/password-policy.ts';
import type { DbOrTrx, Trx } from '../store/db.ts';
import {
  bumpWindow,
  clearFailures,
  lockFailures,
  readFailures,
  saveFailures,
  windowCount,
} from '../store/throttle.store.ts';
import { setLoginState, userById, type UserRow } from '../store/user.store.ts';
import { recordAudit } from './audit-event.ts';
import type { AppDeps, UseCaseCtx } from './context.ts';

/**
 * Guessing is throttled whoever is named: failures count per user name (existing or not, the same way, so
 * that nothing tells the two apart) and per client address, in the database (shared by all instances).
 * - a name: 5 failures within 15 minutes lock it for 15 minutes (DEFAULT_LOCKOUT);
 * - an address: more than `perAddressPerMinute` failures in a minute refuse it until the minute ends.
 * Both answer 429 with the time to wait.
 */
export interface SignInLimits {
  /** Failed sign-ins per client address per minute before it is refused (default 10). */
  failuresPerAddressPerMinute: number;
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { failuresPerAddressPerMinute: 10 };

/** Throttle key of a user name: a hash, so that names typed by mistake (a password?) are not stored. */
export function nameKey(username: string): string {
  return `name:${createHash('sha256')
    .update(`xinfang/sign-in/${username.normalize('NFKC').trim().toLowerCase()}`)
    .digest('hex')}`;
}

const addrKey = (address: string) => `fail-addr:${address}`;
const minuteOf = (ms: number) => Math.floor(ms / 60_000);

const fmtTime = (iso: string) => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

function lockedError(until: string, nowMs: number): AppError {
  const retryAfterSeconds = Math.max(1, Math.ceil((Date.parse(until) - nowMs) / 1000));
  return new AppError('ACCOUNT_LOCKED', `该账户登录失败次数过多，已暂停登录至 ${fmtTime(until)}，请稍后再试`, {
    retryAfterSeconds,
  });
}

/** Refuses at once (before any password is checked) when the address or the name is throttled. */
export async function assertSignInAllowed(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  username: string,
  address: string,
  limits: SignInLimits = DEFAULT_SIGN_IN_LIMITS,
): Promise<void> {
  const nowMs = deps.clock().getTime();
  const win = minuteOf(nowMs);
  if ((await windowCount(deps.db, addrKey(address), win)) >= limits.failuresPerAddressPerMinute) {
    const retryAfterSeconds = Math.max(1, Math.ceil(((win + 1) * 60_000 - nowMs) / 1000));
    throw new AppError('RATE_LIMITED', `登录失败次数过多，请 ${retryAfterSeconds} 秒后再试`, { retryAfterSeconds });
  }
  const st = nameState(await readFailures(deps.db, nameKey(username)), new Date(nowMs).toISOString());
  if (st.locked) throw lockedError(st.until!, nowMs);
}

function nameState(rec: { failures: string[] }, nowIso: string): LockoutState {
  return lockoutState(
    rec.failures.map((at) => ({ at })),
    nowIso,
    DEFAULT_LOCKOUT,
  );
}

/**
 * Records one failed attempt against `username` from `address` inside the caller's transaction, and mirrors the
 * lock onto the account when the name is a real account (the security administrator sees and lifts it).
 * Returns the name's state after this failure.
 */
export async function recordSignInFailure(
  trx: Trx,
  deps: Pick<AppDeps, 'clock'>,
  username: string,
  address: string,
  user: Pick<UserRow, 'id'> | null,
): Promise<LockoutState> {
  const now = deps.clock();
  const nowIso = now.toISOString();
  await bumpWindow(trx, addrKey(address), minuteOf(now.getTime()));
  const key = nameKey(username);
  const rec = await lockFailures(trx, key, nowIso);
  const failures = [...rec.failures, nowIso].slice(-20);
  const st = nameState({ failures }, nowIso);
  await saveFailures(trx, key, { failures, lockedUntil: st.locked ? st.until! : null }, nowIso);
  if (user) await setLoginState(trx, user.id, failures, st.locked ? st.until! : null);
  return st;
}

/** The message for a failure that did not lock: the same for unknown names and wrong passwords. */
export function failureError(st: LockoutState, nowMs: number, prefix = '用户名或密码错误'): AppError {
  if (st.locked) return lockedError(st.until!, nowMs);
  return new AppError('LOGIN_FAILED', `${prefix}，再失败 ${st.remaining} 次该账户将暂停登录 15 分钟`);
}

/** Clears the name's failures (a successful sign-in, or the security administrator lifting a lock). */
export async function clearSignInFailures(db: DbOrTrx, username: string, userId: string | null): Promise<void> {
  await clearFailures(db, nameKey(username));
  if (userId) await setLoginState(db, userId, [], null);
}

/** 解除账户锁定 (security administrator only): clears the user's failure counts, audited in the same transaction. */
export async function unlockUser(deps: AppDeps, ctx: UseCaseCtx, userId: string): Promise<{ ok: true }> {
  if (ctx.actor.role !== 'security_admin') throw new AppError('FORBIDDEN', '只有安全管理员可以解除账户锁定');
  const user = await userById(deps.db, userId);
  if (!user) throw new AppError('NOT_FOUND', '用户不存在');
  await deps.db.transaction().execute(async (trx) => {
    await clearSignInFailures(trx, user.username, user.id);
    await recordAudit(trx, deps, ctx, 'user.unlock', { username: user.username });
  });
  return { ok: true };
}
