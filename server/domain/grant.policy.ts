/**
 * 三员分立 for account changes: the system administrator keeps accounts, the security administrator grants
 * the roles that read petitions or guard the system, the auditor reviews the record. Pure rules over loaded data.
 */
import type { Role } from '../../contract/enums.ts';
import type { Actor } from './item.policy.ts';

/** Roles that read petition items. */
export const ITEM_READING_ROLES: readonly Role[] = ['registrar', 'reviewer', 'unit_handler', 'unit_head', 'leader'];
/** The security roles (安全管理员, 安全审计员). */
export const SECURITY_ROLES: readonly Role[] = ['security_admin', 'auditor'];

export type GrantKind = 'create' | 'change' | 'reset' | 'disable' | 'enable';
export type GrantStatus = 'pending' | 'approved' | 'refused' | 'withdrawn';

export const GRANT_KIND_LABELS: Readonly<Record<GrantKind, string>> = {
  create: '新增账户',
  change: '变更角色或单位',
  reset: '重置密码',
  disable: '停用账户',
  enable: '启用账户',
};

/** A role only the security administrator can grant. */
export function isGatedRole(role: Role): boolean {
  return ITEM_READING_ROLES.includes(role) || SECURITY_ROLES.includes(role);
}

export function isSecurityRole(role: Role): boolean {
  return SECURITY_ROLES.includes(role);
}

/**
 * Does this account change need the security administrator's approval? `target` is the account as it is (null
 * for a creation), `next` the role asked for (creation and change).
 * - creating an account with a gated role, or changing an account to one;
 * - resetting the password of an account with a gated role (whoever sets it could sign in as that person);
 * - any change to a security account (the system administrator alone may not touch who watches him).
 */
export function needsApproval(kind: GrantKind, target: { role: Role } | null, next: Role | null): boolean {
  if (target && isSecurityRole(target.role)) return true;
  switch (kind) {
    case 'create':
    case 'change':
      return next !== null && isGatedRole(next);
    case 'reset':
      return target !== null && isGatedRole(target.role);
    case 'disable':
    case 'enable':
      return false;
  }
}

/** Who may ask for account changes: the system administrator (and the system itself, at setup). */
export function canRequestAccountChange(actor: Actor): boolean {
  return actor.role === 'admin';
}

/**
 * Who may decide a request: a security administrator who did not ask for it and is not its subject. Returns the
 * reason (Chinese) when not, or null.
 */
export function whyCannotDecide(
  actor: Actor,
  grant: { requestedBy: string; userId: string | null; username: string; status: GrantStatus },
): string | null {
  if (actor.role !== 'security_admin') return '只有安全管理员可以审批权限申请';
  if (grant.status !== 'pending') return '该申请已处理，不能再次审批';
  if (grant.requestedBy === actor.userId) return '不能审批自己提出的申请';
  if (grant.userId === actor.userId || grant.username === actor.username) return '不能审批涉及本人账户的申请';
  return null;
}

/** Who reads the grant history: the administrator (his requests), the security administrator, the auditor. */
export function canReadGrants(actor: Actor): boolean {
  return actor.role === 'admin' || actor.role === 'security_admin' || actor.role === 'auditor';
}

/** Abilities the UI reads for the grant screens. */
export function grantAbilitiesOf(actor: Actor): Record<string, boolean> {
  return { grants: canReadGrants(actor), decideGrants: actor.role === 'security_admin' };
}
