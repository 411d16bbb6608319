import type { z } from 'zod';
import type { PasswordResetBody, UserContactsBody, UserCreateBody, UserEditBody } from '../../contract/dto.ts';
import { ROLE_LABELS, UNIT_ROLES, type Role } from '../../contract/enums.ts';
import { normalizeStaffPhone, staffEmailProblem, staffPhoneProblem } from '../../contract/staff-contacts.ts';
import { hashPassword } from '../crypto/password-hash.ts';
import { AppError } from '../domain/errors.ts';
import {
  canReadGrants,
  canRequestAccountChange,
  GRANT_KIND_LABELS,
  needsApproval,
  whyCannotDecide,
  type GrantKind,
  type GrantStatus,
} from '../domain/grant.policy.ts';
import { SYSTEM_ACTOR } from '../domain/item.policy.ts';
import { checkPassword } from '../domain/password-policy.ts';
import type { Trx } from '../store/db.ts';
import {
  closeGrant,
  grantById,
  insertGrant,
  listGrants,
  pendingGrantFor,
  type GrantRow,
} from '../store/grant.store.ts';
import { getUnit } from '../store/reference.store.ts';
import {
  deleteSessionsOfUser,
  insertUser,
  listUserNames,
  setPasswordHash,
  updateUserContacts,
  updateUserDisabled,
  updateUserProfile,
  userById,
  userByName,
  type UserRow,
} from '../store/user.store.ts';
import { recordAudit } from './audit-event.ts';
import type { AppDeps, UseCaseCtx } from './context.ts';
import { clearSignInFailures } from './sign-in-guard.ts';

/**
 * Account administration under 三员分立. The system administrator creates and edits accounts; a change that
 * grants an item-reading or security role — creation, role or unit change, password reset — and any change to a
 * security account is filed as a request (the `grants` table) and takes effect only when a security
 * administrator who neither asked for it nor is its subject approves it. Every request, approval, refusal and
 * withdrawal is audited; the auditor reads the history. The system itself (first start, the command line on the
 * server) applies changes directly and leaves an approved record saying so.
 */

/** What an account change asks for; `target` is the account as it is now (null for a creation). */
interface AccountChange {
  kind: GrantKind;
  target: UserRow | null;
  username: string;
  displayName: string | null;
  role: Role | null;
  unitId: string | null;
  passwordHash: string | null;
  reason: string;
  /** The role this change grants (null when it grants none: a new name, a reset, …), for the gate. */
  grants?: Role | null;
}

export type AccountChangeResult =
  | { pending: false; userId: string }
  | { pending: true; grant: ReturnType<typeof grantView> };

const isSystem = (ctx: UseCaseCtx) => ctx.actor.userId === SYSTEM_ACTOR.userId;

function requireRequester(ctx: UseCaseCtx): void {
  if (!canRequestAccountChange(ctx.actor) && !isSystem(ctx))
    throw new AppError('FORBIDDEN', '只有系统管理员可以管理账户');
}

async function checkRoleAndUnit(trx: Trx, role: Role, unitId: string | null | undefined): Promise<string | null> {
  if (UNIT_ROLES.includes(role) && !unitId) throw new AppError('VALIDATION', '责任单位人员须指定所属单位');
  if (unitId && !(await getUnit(trx, unitId))) throw new AppError('UNKNOWN_UNIT', '所属单位不存在');
  return UNIT_ROLES.includes(role) ? (unitId ?? null) : null;
}

/** Makes the change happen (an approved request, or one that needs no approval). Returns the account id. */
async function applyChange(trx: Trx, deps: AppDeps, c: AccountChange, nowIso: string): Promise<string> {
  switch (c.kind) {
    case 'create': {
      if (await userByName(trx, c.username)) throw new AppError('DUPLICATE', `用户名「${c.username}」已存在`);
      const id = deps.newId();
      await insertUser(
        trx,
        {
          id,
          username: c.username,
          displayName: c.displayName!,
          role: c.role!,
          unitId: c.unitId,
          passwordHash: c.passwordHash!,
        },
        nowIso,
      );
      return id;
    }
    case 'change':
      await updateUserProfile(trx, c.target!.id, { displayName: c.displayName!, role: c.role!, unitId: c.unitId });
      return c.target!.id;
    case 'reset':
      await setPasswordHash(trx, c.target!.id, c.passwordHash!);
      // Whoever was signed in with the old password is out; a lock from old failures is lifted.
      await deleteSessionsOfUser(trx, c.target!.id);
      await clearSignInFailures(trx, c.target!.username, c.target!.id);
      return c.target!.id;
    case 'disable':
    case 'enable':
      await updateUserDisabled(trx, c.target!.id, c.kind === 'disable');
      if (c.kind === 'disable') await deleteSessionsOfUser(trx, c.target!.id);
      return c.target!.id;
  }
}

const DIRECT_ACTION: Record<GrantKind, string> = {
  create: 'user.create',
  change: 'user.edit',
  reset: 'user.password_reset',
  disable: 'user.disable',
  enable: 'user.enable',
};

function changeDetail(c: AccountChange) {
  return {
    kind: c.kind,
    username: c.username,
    role: c.role,
    unitId: c.unitId,
    prevRole: c.target?.role ?? null,
    prevUnitId: c.target?.unitId ?? null,
    ...(c.kind === 'change' ? { displayName: c.displayName } : {}),
  };
}

/** Files the change as a request, or applies it at once when it needs no approval (audited either way). */
async function requestOrApply(deps: AppDeps, ctx: UseCaseCtx, c: AccountChange): Promise<AccountChangeResult> {
  const nowIso = deps.clock().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    if (await pendingGrantFor(trx, c.username))
      throw new AppError('DUPLICATE', `账户「${c.username}」已有待审批的申请，请等安全管理员处理或撤回后再提`);
    const gated = needsApproval(c.kind, c.target, c.grants === undefined ? c.role : c.grants);
    const grant: GrantRow = {
      id: deps.newId(),
      kind: c.kind,
      userId: c.target?.id ?? null,
      username: c.username,
      displayName: c.displayName,
      role: c.role,
      unitId: c.unitId,
      prevRole: c.target?.role ?? null,
      prevUnitId: c.target?.unitId ?? null,
      passwordHash: c.passwordHash,
      reason: c.reason,
      status: 'pending',
      requestedBy: ctx.actor.userId,
      requestedAt: nowIso,
      decidedBy: null,
      decidedAt: null,
      decisionNote: null,
    };
    if (gated && !isSystem(ctx)) {
      if (c.kind === 'create' && (await userByName(trx, c.username)))
        throw new AppError('DUPLICATE', `用户名「${c.username}」已存在`);
      await insertGrant(trx, grant);
      await recordAudit(trx, deps, ctx, 'grant.request', { grantId: grant.id, reason: c.reason, ...changeDetail(c) });
      return { pending: true as const, grant: grantView(grant, new Map()) };
    }
    const userId = await applyChange(trx, deps, c, nowIso);
    if (gated) {
      // The system's own grant (first start, the server's command line) stays in the history the auditor reads.
      await insertGrant(trx, {
        ...grant,
        userId,
        passwordHash: null,
        status: 'approved',
        decidedBy: SYSTEM_ACTOR.userId,
        decidedAt: nowIso,
        decisionNote: '系统直接办理（服务器命令行或首次启动）',
      });
    }
    await recordAudit(trx, deps, ctx, DIRECT_ACTION[c.kind], { userId, ...changeDetail(c) });
    return { pending: false as const, userId };
  });
}

/** Adds an account; with a role that reads petitions or guards the system it is a request to approve. */
export async function createUser(deps: AppDeps, ctx: UseCaseCtx, body: z.input<typeof UserCreateBody>) {
  requireRequester(ctx);
  const problems = checkPassword(body.password, { username: body.username });
  if (problems.length) throw new AppError('PASSWORD_POLICY', `密码不符合要求：${problems.join('；')}`);
  const unitId = await deps.db.transaction().execute((trx) => checkRoleAndUnit(trx, body.role, body.unitId));
  const res = await requestOrApply(deps, ctx, {
    kind: 'create',
    target: null,
    username: body.username,
    displayName: body.displayName,
    role: body.role,
    unitId,
    passwordHash: await hashPassword(body.password),
    reason: body.reason ?? '',
  });
  return {
    ...res,
    username: body.username,
    displayName: body.displayName,
    role: body.role,
    unitId,
    ...(res.pending ? {} : { id: res.userId }),
  };
}

async function targetOf(deps: AppDeps, userId: string): Promise<UserRow> {
  const u = await userById(deps.db, userId);
  if (!u) throw new AppError('NOT_FOUND', '用户不存在');
  return u;
}

/**
 * Changes an account's name, role or unit. A new gated role or unit, or any change to a security account, is a request.
 */
export async function editUser(deps: AppDeps, ctx: UseCaseCtx, userId: string, body: z.infer<typeof UserEditBody>) {
  requireRequester(ctx);
  const target = await targetOf(deps, userId);
  const unitId = await deps.db.transaction().execute((trx) => checkRoleAndUnit(trx, body.role, body.unitId));
  const roleOrUnit = body.role !== target.role || unitId !== target.unitId;
  if (!roleOrUnit && body.displayName === target.displayName) throw new AppError('VALIDATION', '没有需要保存的修改');
  return requestOrApply(deps, ctx, {
    kind: 'change',
    target,
    username: target.username,
    displayName: body.displayName,
    role: body.role,
    unitId,
    passwordHash: null,
    reason: body.reason,
    // A new name alone grants nothing (a security account's still needs approval: see needsApproval).
    grants: roleOrUnit ? body.role : null,
  });
}

/**
 * Sets a staff member's mobile and e-mail (where notices and digests go) and a leader's title (职务). It grants
 * nothing, so the administrator does it directly; every change is audited with the values before and after.
 */
export async function editUserContacts(
  deps: AppDeps,
  ctx: UseCaseCtx,
  userId: string,
  body: z.infer<typeof UserContactsBody>,
) {
  requireRequester(ctx);
  const target = await targetOf(deps, userId);
  const phone = body.phone?.trim() ? normalizeStaffPhone(body.phone) : null;
  const email = body.email?.trim() ? body.email.normalize('NFKC').trim() : null;
  const title = body.title?.trim() || null;
  const phoneProblem = phone ? staffPhoneProblem(phone) : null;
  if (phoneProblem) throw new AppError('PHONE_INVALID', phoneProblem);
  const emailProblem = email ? staffEmailProblem(email) : null;
  if (emailProblem) throw new AppError('EMAIL_INVALID', emailProblem);
  if (title && target.role !== 'leader')
    throw new AppError('LEADER_REQUIRED', `职务只为区领导账户填写；本账户的角色是「${ROLE_LABELS[target.role]}」`);
  const before = { phone: target.phone, email: target.email, leaderTitle: target.title };
  const after = { phone, email, leaderTitle: title };
  if (JSON.stringify(before) === JSON.stringify(after)) throw new AppError('VALIDATION', '没有需要保存的修改');
  await deps.db.transaction().execute(async (trx) => {
    await updateUserContacts(trx, target.id, { phone, email, title });
    await recordAudit(trx, deps, ctx, 'user.contacts', { userId, username: target.username, before, after });
  });
  return { userId: target.id, phone, email, title };
}

/** Sets a new password on someone else's account (their own: 个人设置). For a gated role, a request. */
export async function resetUserPassword(
  deps: AppDeps,
  ctx: UseCaseCtx,
  userId: string,
  body: z.infer<typeof PasswordResetBody>,
) {
  requireRequester(ctx);
  if (userId === ctx.actor.userId) throw new AppError('VALIDATION', '修改本人密码请到“个人设置”，须输入当前密码');
  const target = await targetOf(deps, userId);
  const problems = checkPassword(body.password, { username: target.username });
  if (problems.length) throw new AppError('PASSWORD_POLICY', `新密码不符合要求：${problems.join('；')}`);
  return requestOrApply(deps, ctx, {
    kind: 'reset',
    target,
    username: target.username,
    displayName: null,
    role: null,
    unitId: null,
    passwordHash: await hashPassword(body.password),
    reason: body.reason,
  });
}

/**
 * Disables or re-enables an account. A disabled account cannot sign in and its sessions end at once; the record
 * stays. Nobody disables their own account; a security account's state changes only by approval.
 */
export async function setUserDisabled(deps: AppDeps, ctx: UseCaseCtx, userId: string, disabled: boolean) {
  requireRequester(ctx);
  if (userId === ctx.actor.userId) throw new AppError('VALIDATION', '不能停用自己的账户');
  const target = await targetOf(deps, userId);
  const res = await requestOrApply(deps, ctx, {
    kind: disabled ? 'disable' : 'enable',
    target,
    username: target.username,
    displayName: null,
    role: null,
    unitId: null,
    passwordHash: null,
    reason: '',
  });
  return { id: userId, disabled: res.pending ? target.disabled : disabled, ...res };
}

/** A request as the screens show it: who asked, what, and who decided; never the password hash. */
function grantView(g: GrantRow, names: Map<string, string>) {
  return {
    id: g.id,
    kind: g.kind,
    kindLabel: GRANT_KIND_LABELS[g.kind],
    userId: g.userId,
    username: g.username,
    displayName: g.displayName,
    role: g.role,
    roleLabel: g.role ? ROLE_LABELS[g.role] : null,
    unitId: g.unitId,
    prevRole: g.prevRole,
    prevUnitId: g.prevUnitId,
    reason: g.reason,
    status: g.status,
    requestedBy: g.requestedBy,
    requestedByName: names.get(g.requestedBy) ?? (g.requestedBy === SYSTEM_ACTOR.userId ? '系统' : null),
    requestedAt: g.requestedAt,
    decidedBy: g.decidedBy,
    decidedByName: g.decidedBy
      ? (names.get(g.decidedBy) ?? (g.decidedBy === SYSTEM_ACTOR.userId ? '系统' : null))
      : null,
    decidedAt: g.decidedAt,
    decisionNote: g.decisionNote,
  };
}

/** The grant history (pending first): for the administrator, the security administrator and the auditor. */
export async function grantsFor(deps: AppDeps, ctx: UseCaseCtx, status?: GrantStatus) {
  if (!canReadGrants(ctx.actor))
    throw new AppError('FORBIDDEN', '只有系统管理员、安全管理员和安全审计员可以查看权限申请');
  const rows = await listGrants(deps.db, status ? { status } : {});
  const users = await listUserNames(deps.db);
  const names = new Map(users.map((u) => [u.id, `${u.displayName}（${u.username}）`]));
  return rows.map((g) => grantView(g, names));
}

/**
 * The security administrator's decision. Approval applies the change in the same transaction, after checking
 * that the account is still as it was when the request was made (otherwise CONFLICT: the administrator asks
 * again); a request is decided once.
 */
export async function decideGrant(deps: AppDeps, ctx: UseCaseCtx, grantId: string, approve: boolean, note: string) {
  const nowIso = deps.clock().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const g = await grantById(trx, grantId);
    if (!g) throw new AppError('NOT_FOUND', '申请不存在');
    const why = whyCannotDecide(ctx.actor, g);
    if (why) throw new AppError(g.status === 'pending' ? 'FORBIDDEN' : 'CONFLICT', why);
    let userId = g.userId;
    if (approve) {
      const target = g.userId ? await userById(trx, g.userId) : null;
      if (g.kind !== 'create') {
        if (!target) throw new AppError('CONFLICT', '申请涉及的账户已不存在');
        if (g.kind === 'change' && (target.role !== g.prevRole || target.unitId !== g.prevUnitId))
          throw new AppError('CONFLICT', '账户在提出申请后已有变化，请系统管理员按现状重新申请');
      }
      if (g.unitId && !(await getUnit(trx, g.unitId))) throw new AppError('CONFLICT', '申请中的单位已不存在');
      userId = await applyChange(
        trx,
        deps,
        {
          kind: g.kind,
          target,
          username: g.username,
          displayName: g.displayName,
          role: g.role,
          unitId: g.unitId,
          passwordHash: g.passwordHash,
          reason: g.reason,
        },
        nowIso,
      );
    }
    const closed = await closeGrant(trx, grantId, {
      status: approve ? 'approved' : 'refused',
      decidedBy: ctx.actor.userId,
      decidedAt: nowIso,
      note: note.trim() || null,
      ...(userId ? { userId } : {}),
    });
    if (!closed) throw new AppError('CONFLICT', '该申请已被处理');
    await recordAudit(trx, deps, ctx, approve ? 'grant.approve' : 'grant.refuse', {
      grantId,
      kind: g.kind,
      username: g.username,
      role: g.role,
      unitId: g.unitId,
      prevRole: g.prevRole,
      prevUnitId: g.prevUnitId,
      requestedBy: g.requestedBy,
      note: note.trim(),
    });
    return { id: grantId, status: approve ? 'approved' : 'refused', userId };
  });
}

/** The requester takes back a pending request. */
export async function withdrawGrant(deps: AppDeps, ctx: UseCaseCtx, grantId: string) {
  const nowIso = deps.clock().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const g = await grantById(trx, grantId);
    if (!g) throw new AppError('NOT_FOUND', '申请不存在');
    if (g.requestedBy !== ctx.actor.userId) throw new AppError('FORBIDDEN', '只能撤回自己提出的申请');
    if (
      !(await closeGrant(trx, grantId, {
        status: 'withdrawn',
        decidedBy: ctx.actor.userId,
        decidedAt: nowIso,
        note: null,
      }))
    )
      throw new AppError('CONFLICT', '该申请已被处理，不能撤回');
    await recordAudit(trx, deps, ctx, 'grant.withdraw', { grantId, kind: g.kind, username: g.username });
    return { id: grantId, status: 'withdrawn' };
  });
}
