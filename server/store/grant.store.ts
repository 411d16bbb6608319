import type { Role } from '../../contract/enums.ts';
import type { GrantKind, GrantStatus } from '../domain/grant.policy.ts';
import type { DbOrTrx } from './db.ts';

export interface GrantRow {
  id: string;
  kind: GrantKind;
  userId: string | null;
  username: string;
  displayName: string | null;
  role: Role | null;
  unitId: string | null;
  prevRole: Role | null;
  prevUnitId: string | null;
  /** Only for applying an approved creation or reset; never leaves the app layer. */
  passwordHash: string | null;
  reason: string;
  status: GrantStatus;
  requestedBy: string;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
}

type Row = {
  id: string;
  kind: string;
  user_id: string | null;
  username: string;
  display_name: string | null;
  role: string | null;
  unit_id: string | null;
  prev_role: string | null;
  prev_unit_id: string | null;
  password_hash: string | null;
  reason: string;
  status: string;
  requested_by: string;
  requested_at: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string | null;
};

function toGrant(r: Row): GrantRow {
  return {
    id: r.id,
    kind: r.kind as GrantKind,
    userId: r.user_id,
    username: r.username,
    displayName: r.display_name,
    role: r.role as Role | null,
    unitId: r.unit_id,
    prevRole: r.prev_role as Role | null,
    prevUnitId: r.prev_unit_id,
    passwordHash: r.password_hash,
    reason: r.reason,
    status: r.status as GrantStatus,
    requestedBy: r.requested_by,
    requestedAt: r.requested_at,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    decisionNote: r.decision_note,
  };
}

export async function insertGrant(db: DbOrTrx, g: GrantRow): Promise<void> {
  await db
    .insertInto('grants')
    .values({
      id: g.id,
      kind: g.kind,
      user_id: g.userId,
      username: g.username,
      display_name: g.displayName,
      role: g.role,
      unit_id: g.unitId,
      prev_role: g.prevRole,
      prev_unit_id: g.prevUnitId,
      password_hash: g.passwordHash,
      reason: g.reason,
      status: g.status,
      requested_by: g.requestedBy,
      requested_at: g.requestedAt,
      decided_by: g.decidedBy,
      decided_at: g.decidedAt,
      decision_note: g.decisionNote,
    })
    .execute();
}

export async function grantById(db: DbOrTrx, id: string): Promise<GrantRow | null> {
  const r = await db.selectFrom('grants').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toGrant(r) : null;
}

/** The pending request about `username`, if any (at most one at a time). */
export async function pendingGrantFor(db: DbOrTrx, username: string): Promise<GrantRow | null> {
  const r = await db
    .selectFrom('grants')
    .selectAll()
    .where('username', '=', username)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return r ? toGrant(r) : null;
}

/** Requests, pending first then newest first; optionally of one status or one requester. */
export async function listGrants(db: DbOrTrx, f: { status?: GrantStatus; requestedBy?: string; limit?: number } = {}) {
  let q = db.selectFrom('grants').selectAll();
  if (f.status) q = q.where('status', '=', f.status);
  if (f.requestedBy) q = q.where('requested_by', '=', f.requestedBy);
  const rows = await q
    .orderBy((eb) => eb.case().when('status', '=', 'pending').then(0).else(1).end())
    .orderBy('requested_at', 'desc')
    .limit(f.limit ?? 500)
    .execute();
  return rows.map(toGrant);
}

/**
 * Closes a pending request: only if it is still pending (a second decision, or two security administrators at
 * once, find it closed). The password hash it carried is dropped. Returns false when it was not pending.
 */
export async function closeGrant(
  db: DbOrTrx,
  id: string,
  d: { status: GrantStatus; decidedBy: string; decidedAt: string; note: string | null; userId?: string },
): Promise<boolean> {
  const r = await db
    .updateTable('grants')
    .set({
      status: d.status,
      decided_by: d.decidedBy,
      decided_at: d.decidedAt,
      decision_note: d.note,
      password_hash: null,
      ...(d.userId ? { user_id: d.userId } : {}),
    })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
