import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { verifyPassword } from '../crypto/password-hash.ts';
import { verifyTotp } from '../crypto/totp.ts';
import { AppError } from '../domain/errors.ts';
import type { Actor } from '../domain/item.policy.ts';
import { lockoutState } from '../domain/password-policy.ts';
import { appendAudit } from '../store/audit.store.ts';
import {
  deleteSession,
  insertSession,
  sessionById,
  setLoginState,
  touchSession,
  userById,
  userByName,
} from '../store/user.store.ts';
import type { AppDeps } from './context.ts';
import type { Trx } from '../store/db.ts';

export const IDLE_MINUTES = 30;

function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function actorOf(u: {
  id: string;
  username: string;
  displayName: string;
  role: Actor['role'];
  unitId: string | null;
}): Actor {
  return { userId: u.id, username: u.username, displayName: u.displayName, role: u.role, unitId: u.unitId };
}

/**
 * Signs a user in: checks lockout (5 failures → 15 minutes), the password (argon2id) and, when set, the
 * TOTP code; records failures; creates a fresh session (rotation: a new token at every login).
 */
export async function login(
  deps: AppDeps,
  username: string,
  password: string,
  totp: string | undefined,
  requestId: string | null,
  idleMinutes = IDLE_MINUTES,
) {
  const now = deps.clock();
  const nowIso = now.toISOString();
  const user = await userByName(deps.db, username);
  const lockedMessage = (until: string) =>
    `连续登录失败次数过多，账户已锁定至 ${new Date(until).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })}，请稍后再试`;
  // Login state is read and written under the user's row lock, so parallel guesses cannot overwrite each
  // other's failures (and a right password racing a lock cannot slip in).
  const underLock = <T>(fn: (trx: Trx, fresh: NonNullable<typeof user>) => Promise<T>) =>
    deps.db.transaction().execute(async (trx) => {
      if (deps.dialect === 'postgres') await sql`select id from users where id = ${user!.id} for update`.execute(trx);
      return fn(trx, (await userById(trx, user!.id))!);
    });
  const failed = async (why: string): Promise<never> => {
    if (!user) throw new AppError('LOGIN_FAILED', '用户名或密码错误');
    const st = await underLock(async (trx, fresh) => {
      const failures = [...fresh.failedLogins, nowIso].slice(-20);
      const state = lockoutState(
        failures.map((at) => ({ at })),
        nowIso,
      );
      await setLoginState(trx, user.id, failures, state.locked ? state.until! : null);
      await appendAudit(
        trx,
        {
          at: nowIso,
          actorId: user.id,
          actorRole: user.role,
          action: 'auth.login_failed',
          itemId: null,
          detail: { why },
          requestId,
        },
        deps,
      );
      return state;
    });
    if (st.locked) throw new AppError('ACCOUNT_LOCKED', lockedMessage(st.until!));
    throw new AppError('LOGIN_FAILED', `用户名或密码错误，再失败 ${st.remaining} 次账户将被锁定 15 分钟`);
  };
  if (!user || user.disabled) {
    await verifyPassword(
      '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$W6nGXV4lI4aOqDyUSGnhT1sXWgWJ8u3ZzZ/ALl7Xn0E',
      password,
    ).catch(() => false);
    if (!user) return failed('unknown user');
    throw new AppError('LOGIN_FAILED', '用户名或密码错误');
  }
  const st = lockoutState(
    user.failedLogins.map((at) => ({ at })),
    nowIso,
  );
  if (st.locked) throw new AppError('ACCOUNT_LOCKED', lockedMessage(st.until!));
  if (!(await verifyPassword(user.passwordHash, password))) return failed('password');
  if (user.totpSecret && !(totp && verifyTotp(user.totpSecret, totp, { atMs: now.getTime() }) !== null)) {
    if (!totp) throw new AppError('LOGIN_FAILED', '请输入动态验证码（TOTP）');
    return failed('totp');
  }
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + idleMinutes * 60_000).toISOString();
  await underLock(async (trx, fresh) => {
    const again = lockoutState(
      fresh.failedLogins.map((at) => ({ at })),
      nowIso,
    );
    if (again.locked) throw new AppError('ACCOUNT_LOCKED', lockedMessage(again.until!));
    await setLoginState(trx, user.id, [], null);
    await insertSession(trx, { id: tokenHash(token), userId: user.id, csrf, now: nowIso, expiresAt });
    await appendAudit(
      trx,
      { at: nowIso, actorId: user.id, actorRole: user.role, action: 'auth.login', itemId: null, detail: {}, requestId },
      deps,
    );
  });
  return { token, csrf, actor: actorOf(user) };
}

/** Resolves a session token to its actor, sliding the idle timeout; null when unknown or expired. */
export async function resolveSession(
  deps: AppDeps,
  token: string,
  idleMinutes = IDLE_MINUTES,
): Promise<{ actor: Actor; csrf: string } | null> {
  const id = tokenHash(token);
  const s = await sessionById(deps.db, id);
  const now = deps.clock();
  if (!s) return null;
  if (s.expires_at <= now.toISOString()) {
    await deleteSession(deps.db, id);
    return null;
  }
  const user = await userById(deps.db, s.user_id);
  if (!user || user.disabled) return null;
  // Write the sliding expiry at most once a minute.
  if (Date.parse(s.last_seen_at) < now.getTime() - 60_000) {
    await touchSession(deps.db, id, now.toISOString(), new Date(now.getTime() + idleMinutes * 60_000).toISOString());
  }
  return { actor: actorOf(user), csrf: s.csrf };
}

export async function logout(deps: AppDeps, token: string): Promise<void> {
  await deleteSession(deps.db, tokenHash(token));
}
