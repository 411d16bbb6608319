import { createHash, randomBytes } from 'node:crypto';
import { hashPassword, verifyPassword } from '../crypto/password-hash.ts';
import { verifyTotp } from '../crypto/totp.ts';
import { AppError } from '../domain/errors.ts';
import { ROLE_LABELS } from '../../contract/enums.ts';
import { grantAbilitiesOf } from '../domain/grant.policy.ts';
import { abilitiesOf, type Actor } from '../domain/item.policy.ts';
import { getUnit } from '../store/reference.store.ts';
import { appendAudit } from '../store/audit.store.ts';
import {
  claimTotpStep,
  deleteSession,
  insertSession,
  sessionById,
  touchSession,
  userById,
  userByName,
  type UserRow,
} from '../store/user.store.ts';
import type { AppDeps } from './context.ts';
import {
  assertSignInAllowed,
  clearSignInFailures,
  failureError,
  recordSignInFailure,
  type SignInLimits,
} from './sign-in-guard.ts';

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

// A real argon2id hash of a random password, made once: an unknown name is checked against it, so that it
// costs the same time as a wrong password for a real account.
const DUMMY_HASH = hashPassword(randomBytes(18).toString('base64'));

/** Where a sign-in comes from and how it is limited. */
export interface SignInContext {
  requestId: string | null;
  /** The client address (from the peer, or X-Forwarded-For behind a trusted proxy). */
  address: string;
  idleMinutes?: number;
  limits?: SignInLimits;
}

/**
 * Signs a user in. Throttled before anything is checked (per address and per name, see sign-in-guard.ts);
 * the password is checked with argon2id even for unknown or disabled accounts (against a dummy hash), and every
 * failure is recorded the same way and answered with the same message, so neither the answer nor its time
 * tells whether the name exists. A TOTP code is accepted once. A fresh session is created (a new token at
 * every sign-in).
 */
export async function login(
  deps: AppDeps,
  username: string,
  password: string,
  totp: string | undefined,
  sc: SignInContext,
) {
  await assertSignInAllowed(deps, username, sc.address, sc.limits);
  const now = deps.clock();
  const nowIso = now.toISOString();
  const found = await userByName(deps.db, username);
  const user = found && !found.disabled ? found : null;
  const passwordOk = await verifyPassword(user?.passwordHash ?? (await DUMMY_HASH), password);
  const failed = async (why: string): Promise<never> => {
    const st = await deps.db.transaction().execute(async (trx) => {
      const r = await recordSignInFailure(trx, deps, username, sc.address, user);
      await appendAudit(
        trx,
        {
          at: nowIso,
          actorId: user?.id ?? null,
          actorRole: user?.role ?? null,
          action: 'auth.login_failed',
          itemId: null,
          // A name that is no account is kept (trimmed) so the auditor sees what was tried.
          detail: user ? { why, address: sc.address } : { why, username: username.slice(0, 64), address: sc.address },
          requestId: sc.requestId,
        },
        deps,
      );
      return r;
    });
    throw failureError(st, now.getTime());
  };
  if (!user) return failed(found ? 'disabled' : 'unknown user');
  if (!passwordOk) return failed('password');
  let totpStep: number | null = null;
  if (user.totpSecret) {
    if (!totp) throw new AppError('LOGIN_FAILED', '请输入动态验证码（TOTP）');
    totpStep = verifyTotp(deps.codec.open(user.totpSecret), totp, {
      atMs: now.getTime(),
      lastUsedStep: user.totpLastStep,
    });
    if (totpStep === null)
      return failed(user.totpLastStep !== null && totpMatchesUsed(deps, user, totp, now) ? 'totp_replay' : 'totp');
  }
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + (sc.idleMinutes ?? IDLE_MINUTES) * 60_000).toISOString();
  const replayed = await deps.db.transaction().execute(async (trx) => {
    // The step is claimed in the same transaction as the session: two sign-ins racing with one code get one session.
    if (totpStep !== null && !(await claimTotpStep(trx, user.id, totpStep))) return true;
    await clearSignInFailures(trx, username, user.id);
    await insertSession(trx, { id: tokenHash(token), userId: user.id, csrf, now: nowIso, expiresAt });
    await appendAudit(
      trx,
      {
        at: nowIso,
        actorId: user.id,
        actorRole: user.role,
        action: 'auth.login',
        itemId: null,
        detail: {},
        requestId: sc.requestId,
      },
      deps,
    );
    return false;
  });
  if (replayed) return failed('totp_replay');
  return { token, csrf, actor: actorOf(user) };
}

/** True when `code` is the code of an already used step (so the failure is recorded as a replay). */
function totpMatchesUsed(deps: AppDeps, user: UserRow, code: string, now: Date): boolean {
  return verifyTotp(deps.codec.open(user.totpSecret!), code, { atMs: now.getTime() }) !== null;
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

/** The signed-in user as the web shows him: name, role, unit, what he may do, and whether TOTP is on. */
export async function currentUser(deps: Pick<AppDeps, 'db'>, actor: Actor) {
  const unit = actor.unitId ? await getUnit(deps.db, actor.unitId) : null;
  const user = await userById(deps.db, actor.userId);
  return {
    id: actor.userId,
    username: actor.username,
    displayName: actor.displayName,
    role: actor.role,
    roleLabel: ROLE_LABELS[actor.role],
    unit: unit ? { id: unit.id, name: unit.name } : null,
    abilities: { ...abilitiesOf(actor), ...grantAbilitiesOf(actor) },
    totpEnabled: Boolean(user?.totpSecret),
  };
}
