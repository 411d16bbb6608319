import { hashPassword, verifyPassword } from '../crypto/password-hash.ts';
import { generateTotpSecret, totpUri, verifyTotp } from '../crypto/totp.ts';
import { AppError } from '../domain/errors.ts';
import { checkPassword } from '../domain/password-policy.ts';
import type { Trx } from '../store/db.ts';
import { claimTotpStep, setPasswordHash, setTotp, userById, type UserRow } from '../store/user.store.ts';
import { recordAudit } from './audit-event.ts';
import type { AppDeps, UseCaseCtx } from './context.ts';
import { assertSignInAllowed, clearSignInFailures, failureError, recordSignInFailure } from './sign-in-guard.ts';

/**
 * The signed-in user's own credentials. A wrong password here counts exactly like a failed sign-in (same name
 * lock, same address limit), so a stolen session cannot be used to guess the password; when the lock engages
 * from here, every session of the account ends.
 */
async function wrongCredential(
  deps: AppDeps,
  ctx: UseCaseCtx,
  user: UserRow,
  address: string,
  action: string,
  why: string,
  prefix: string,
): Promise<never> {
  const st = await deps.db.transaction().execute(async (trx) => {
    const r = await recordSignInFailure(trx, deps, user.username, address, user);
    if (r.locked) await trx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
    await recordAudit(trx, deps, ctx, action, { why, address, locked: r.locked });
    return r;
  });
  throw failureError(st, deps.clock().getTime(), prefix);
}

async function currentUser(deps: AppDeps, ctx: UseCaseCtx, address: string): Promise<UserRow> {
  const user = await userById(deps.db, ctx.actor.userId);
  if (!user || user.disabled) throw new AppError('UNAUTHENTICATED', '未登录或登录已超时，请重新登录');
  await assertSignInAllowed(deps, user.username, address);
  return user;
}

/** Changes the user's own password (policy checked), ends every session of the account, audited. */
export async function changeOwnPassword(
  deps: AppDeps,
  ctx: UseCaseCtx,
  body: { current: string; next: string },
  address: string,
) {
  const user = await currentUser(deps, ctx, address);
  if (!(await verifyPassword(user.passwordHash, body.current)))
    return wrongCredential(deps, ctx, user, address, 'user.password_failed', 'password', '当前密码不正确');
  const problems = checkPassword(body.next, { username: user.username });
  if (problems.length) throw new AppError('PASSWORD_POLICY', `新密码不符合要求：${problems.join('；')}`);
  const hash = await hashPassword(body.next);
  await deps.db.transaction().execute(async (trx) => {
    await setPasswordHash(trx, user.id, hash);
    // Other sessions of this user end: a changed password must lock out whoever knew the old one.
    await trx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
    await clearSignInFailures(trx, user.username, user.id);
    await recordAudit(trx, deps, ctx, 'user.password', {});
  });
  return { ok: true, relogin: true };
}

/** A fresh secret for the authenticator (not stored until it is confirmed with enableTotp). */
export function newTotpSecret(ctx: UseCaseCtx) {
  const secret = generateTotpSecret();
  return { secret, uri: totpUri({ secret, account: ctx.actor.username, issuer: 'xinfang' }) };
}

/**
 * Enables TOTP, or replaces the secret: needs the account password, a current code of the new secret and, when
 * a secret is already set, a current code of that one (so whoever holds only the session cannot move the second
 * factor to their own phone). The secret is stored SM4-sealed; the confirming code is used up.
 */
export async function enableTotp(
  deps: AppDeps,
  ctx: UseCaseCtx,
  body: { secret: string; code: string; password: string; currentCode?: string | undefined },
  address: string,
) {
  const user = await currentUser(deps, ctx, address);
  const atMs = deps.clock().getTime();
  if (!(await verifyPassword(user.passwordHash, body.password)))
    return wrongCredential(deps, ctx, user, address, 'user.totp_failed', 'password', '密码不正确');
  let oldStep: number | null = null;
  if (user.totpSecret) {
    if (!body.currentCode)
      throw new AppError('VALIDATION', '已启用动态验证码：更换密钥须同时输入原验证器显示的当前验证码');
    oldStep = verifyTotp(deps.codec.open(user.totpSecret), body.currentCode, { atMs, lastUsedStep: user.totpLastStep });
    if (oldStep === null)
      return wrongCredential(
        deps,
        ctx,
        user,
        address,
        'user.totp_failed',
        'current_code',
        '原验证器的验证码不正确或已使用',
      );
  }
  const step = verifyTotp(body.secret, body.code, { atMs });
  if (step === null) throw new AppError('VALIDATION', '验证码不正确，请核对验证器时间后重试');
  await deps.db.transaction().execute(async (trx: Trx) => {
    if (oldStep !== null && !(await claimTotpStep(trx, user.id, oldStep)))
      throw new AppError('VALIDATION', '原验证器的验证码已使用过，请等下一个验证码');
    await setTotp(trx, user.id, deps.codec.seal(body.secret), step);
    await recordAudit(trx, deps, ctx, user.totpSecret ? 'user.totp_replace' : 'user.totp_enable', {});
  });
  return { ok: true };
}
