import { sql, type SqlBool } from 'kysely';
import type { RequestStatus } from '../../contract/campaign.ts';
import { AppError } from '../domain/errors.ts';
import type { FollowUp } from '../domain/follow-up.ts';
import type { Instruction, LeaderRequest, Subject } from '../domain/instruction.ts';
import type { DbOrTrx } from './db.ts';
import { followUpColumns, followUpOf } from './follow-up-rows.ts';

/**
 * 请示 and 批示 rows. A 积案 subject is stored by its case id; its items are read from the case's links when
 * loaded (a case that gains items widens the subject). Each addressed unit's duty has its own row and version.
 */

function subjectColumns(s: Subject) {
  return s.kind === 'item'
    ? { subject_kind: 'item', item_id: s.itemId, case_id: null }
    : { subject_kind: 'case', item_id: null, case_id: s.caseId };
}

async function subjectsOf(
  db: DbOrTrx,
  rows: readonly { subject_kind: string; item_id: string | null; case_id: string | null }[],
): Promise<Subject[]> {
  const caseIds = [...new Set(rows.flatMap((r) => (r.case_id ? [r.case_id] : [])))];
  const links = caseIds.length
    ? await db
        .selectFrom('backlog_case_items as ci')
        .innerJoin('backlog_cases as c', 'c.id', 'ci.case_id')
        .select(['ci.case_id', 'ci.item_id', 'c.anchor_item_id'])
        .where('ci.case_id', 'in', caseIds)
        .orderBy('ci.item_id')
        .execute()
    : [];
  return rows.map((r) => {
    if (r.subject_kind === 'item') return { kind: 'item', itemId: r.item_id! };
    const mine = links.filter((l) => l.case_id === r.case_id);
    const anchor = mine[0]?.anchor_item_id;
    const itemIds = [...(anchor ? [anchor] : []), ...mine.map((l) => l.item_id).filter((i) => i !== anchor)];
    return { kind: 'case', caseId: r.case_id!, itemIds };
  });
}

export async function insertRequest(db: DbOrTrx, r: LeaderRequest, nowIso: string): Promise<void> {
  await db
    .insertInto('leader_requests')
    .values({
      id: r.id,
      version: r.version,
      ...subjectColumns(r.subject),
      from_unit_id: r.fromUnitId,
      asked_by: r.askedBy.userId,
      asked_by_name: r.askedBy.name,
      leader_user_id: r.leaderUserId,
      question: r.question,
      asked_on: r.askedOn,
      status: r.status,
      instruction_id: r.instructionId,
      data: JSON.stringify({ withdrawn: r.withdrawn }),
      created_at: nowIso,
      updated_at: nowIso,
    })
    .execute();
}

/** Writes the request's status (instructed / withdrawn) if its version is still `expectedVersion`. */
export async function updateRequest(
  db: DbOrTrx,
  r: LeaderRequest,
  expectedVersion: number,
  nowIso: string,
): Promise<number> {
  const res = await db
    .updateTable('leader_requests')
    .set({
      status: r.status,
      instruction_id: r.instructionId,
      data: JSON.stringify({ withdrawn: r.withdrawn }),
      version: expectedVersion + 1,
      updated_at: nowIso,
    })
    .where('id', '=', r.id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw new AppError('CONFLICT', '该请示已被他人处理，请刷新后重试');
  return expectedVersion + 1;
}

export interface RequestFilter {
  id?: string;
  leaderUserId?: string;
  fromUnitId?: string;
  status?: readonly RequestStatus[];
  itemId?: string;
}

export async function listRequests(db: DbOrTrx, f: RequestFilter = {}): Promise<LeaderRequest[]> {
  let q = db.selectFrom('leader_requests').selectAll();
  if (f.id) q = q.where('id', '=', f.id);
  if (f.leaderUserId) q = q.where('leader_user_id', '=', f.leaderUserId);
  if (f.fromUnitId) q = q.where('from_unit_id', '=', f.fromUnitId);
  if (f.status?.length) q = q.where('status', 'in', [...f.status]);
  if (f.itemId) q = q.where(itemSubject(f.itemId));
  const rows = await q.orderBy('asked_on', 'desc').orderBy('id').execute();
  const subjects = await subjectsOf(db, rows);
  return rows.map((r, i) => ({
    id: r.id,
    version: Number(r.version),
    subject: subjects[i]!,
    fromUnitId: r.from_unit_id,
    askedBy: { userId: r.asked_by, name: r.asked_by_name },
    leaderUserId: r.leader_user_id,
    question: r.question,
    askedOn: r.asked_on,
    status: r.status as RequestStatus,
    instructionId: r.instruction_id,
    withdrawn: (JSON.parse(r.data) as Pick<LeaderRequest, 'withdrawn'>).withdrawn,
  }));
}

export async function loadRequest(db: DbOrTrx, id: string): Promise<LeaderRequest | null> {
  return (await listRequests(db, { id }))[0] ?? null;
}

/** Rows (of leader_requests or leader_instructions) whose subject is `itemId` or a 积案 linking it. */
function itemSubject(itemId: string) {
  return sql<SqlBool>`(item_id = ${itemId}
    or case_id in (select case_id from backlog_case_items where item_id = ${itemId}))`;
}

/** A stored 批示 with the version of each addressed unit's row (units report concurrently). */
export interface StoredInstruction {
  instruction: Instruction;
  addresseeVersions: Record<string, number>;
}

export async function insertInstruction(db: DbOrTrx, ins: Instruction, nowIso: string): Promise<void> {
  await db
    .insertInto('leader_instructions')
    .values({
      id: ins.id,
      version: ins.version,
      request_id: ins.requestId,
      ...subjectColumns(ins.subject),
      leader_user_id: ins.leaderUserId,
      leader_name: ins.leaderName,
      text: ins.text,
      on_date: ins.on,
      done_on: ins.doneOn,
      created_at: nowIso,
      updated_at: nowIso,
    })
    .execute();
  await db
    .insertInto('instruction_addressees')
    .values(ins.addressees.map((a) => ({ instruction_id: ins.id, ...followUpColumns(a, 1) })))
    .execute();
}

/**
 * Writes one unit's follow-up if its row's version is still `expectedVersion` (CONFLICT otherwise) and the
 * 批示's done date derived from all of them; returns the row's new version.
 */
export async function updateAddressee(
  db: DbOrTrx,
  ins: Instruction,
  f: FollowUp,
  expectedVersion: number,
  nowIso: string,
): Promise<number> {
  const res = await db
    .updateTable('instruction_addressees')
    .set(followUpColumns(f, expectedVersion + 1))
    .where('instruction_id', '=', ins.id)
    .where('owner_unit_id', '=', f.ownerUnitId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw new AppError('CONFLICT', '该批示落实情况已被他人更新，请刷新后重试');
  await db
    .updateTable('leader_instructions')
    .set({ done_on: ins.doneOn, updated_at: nowIso })
    .where('id', '=', ins.id)
    .execute();
  return expectedVersion + 1;
}

export interface InstructionFilter {
  id?: string;
  leaderUserId?: string;
  /** Addressed to this unit. */
  unitId?: string;
  itemId?: string;
  open?: boolean;
}

export async function listInstructions(db: DbOrTrx, f: InstructionFilter = {}): Promise<StoredInstruction[]> {
  let q = db.selectFrom('leader_instructions').selectAll();
  if (f.id) q = q.where('id', '=', f.id);
  if (f.leaderUserId) q = q.where('leader_user_id', '=', f.leaderUserId);
  if (f.unitId) {
    const unitId = f.unitId;
    q = q.where('id', 'in', (eb) =>
      eb.selectFrom('instruction_addressees').select('instruction_id').where('owner_unit_id', '=', unitId),
    );
  }
  if (f.itemId) q = q.where(itemSubject(f.itemId));
  if (f.open !== undefined) q = q.where('done_on', f.open ? 'is' : 'is not', null);
  const rows = await q.orderBy('on_date', 'desc').orderBy('id').execute();
  if (!rows.length) return [];
  const [subjects, addressees] = await Promise.all([
    subjectsOf(db, rows),
    db
      .selectFrom('instruction_addressees')
      .selectAll()
      .where(
        'instruction_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('due_on')
      .orderBy('owner_unit_id')
      .execute(),
  ]);
  return rows.map((r, i) => {
    const mine = addressees.filter((a) => a.instruction_id === r.id);
    return {
      instruction: {
        id: r.id,
        version: Number(r.version),
        requestId: r.request_id,
        subject: subjects[i]!,
        leaderUserId: r.leader_user_id,
        leaderName: r.leader_name,
        text: r.text,
        on: r.on_date,
        addressees: mine.map(followUpOf),
        doneOn: r.done_on,
      },
      addresseeVersions: Object.fromEntries(mine.map((a) => [a.owner_unit_id, Number(a.version)])),
    };
  });
}

export async function loadInstruction(db: DbOrTrx, id: string): Promise<StoredInstruction | null> {
  return (await listInstructions(db, { id }))[0] ?? null;
}
