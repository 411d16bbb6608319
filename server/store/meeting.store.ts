import type { MeetingKind, MeetingStatus } from '../../contract/campaign.ts';
import { AppError } from '../domain/errors.ts';
import { agendaLinks, type Meeting, type MeetingTask } from '../domain/joint-meeting.ts';
import type { MeetingTable, MeetingTaskTable } from './campaign-schema.ts';
import type { DbOrTrx } from './db.ts';
import { followUpColumns, followUpOf } from './follow-up-rows.ts';

/**
 * 联席会议 rows: the meeting (particulars, agenda, minutes as JSON), its member units and agenda links as rows for
 * SQL lookups (a unit's meetings, an item's meetings), and its tasks, each with its own version.
 */

type MeetingData = Pick<
  Meeting,
  'time' | 'place' | 'convenor' | 'attendees' | 'agenda' | 'requirements' | 'minutes' | 'decisions' | 'cancelled'
>;

function columnsOf(m: Meeting) {
  const data: MeetingData = {
    time: m.time,
    place: m.place,
    convenor: m.convenor,
    attendees: m.attendees,
    agenda: m.agenda,
    requirements: m.requirements,
    minutes: m.minutes,
    decisions: m.decisions,
    cancelled: m.cancelled,
  };
  return {
    kind: m.kind,
    title: m.title,
    meeting_on: m.date,
    status: m.status,
    convenor_user_id: m.convenor.userId,
    minutes_number: m.minutesNumber,
    data: JSON.stringify(data),
  };
}

async function writeLinks(db: DbOrTrx, m: Meeting): Promise<void> {
  await db.deleteFrom('meeting_units').where('meeting_id', '=', m.id).execute();
  await db.deleteFrom('meeting_links').where('meeting_id', '=', m.id).execute();
  if (m.memberUnitIds.length) {
    await db
      .insertInto('meeting_units')
      .values(m.memberUnitIds.map((unit_id) => ({ meeting_id: m.id, unit_id })))
      .execute();
  }
  const { itemIds, caseIds } = agendaLinks(m);
  const links = [
    ...itemIds.map((target_id) => ({ meeting_id: m.id, target_kind: 'item', target_id })),
    ...caseIds.map((target_id) => ({ meeting_id: m.id, target_kind: 'case', target_id })),
  ];
  if (links.length) await db.insertInto('meeting_links').values(links).execute();
}

export async function insertMeeting(db: DbOrTrx, m: Meeting, nowIso: string): Promise<void> {
  await db
    .insertInto('meetings')
    .values({ id: m.id, version: m.version, ...columnsOf(m), created_at: nowIso, updated_at: nowIso })
    .execute();
  await writeLinks(db, m);
}

/** Writes a changed meeting (and its member units and links) if its version is still `expectedVersion`. */
export async function updateMeeting(db: DbOrTrx, m: Meeting, expectedVersion: number, nowIso: string): Promise<number> {
  const res = await db
    .updateTable('meetings')
    .set({ ...columnsOf(m), version: expectedVersion + 1, updated_at: nowIso })
    .where('id', '=', m.id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw new AppError('CONFLICT', '该会议已被他人修改，请刷新后重试');
  await writeLinks(db, m);
  return expectedVersion + 1;
}

async function assemble(db: DbOrTrx, rows: readonly MeetingTable[]): Promise<Meeting[]> {
  if (!rows.length) return [];
  const units = await db
    .selectFrom('meeting_units as mu')
    .innerJoin('units as u', 'u.id', 'mu.unit_id')
    .select(['mu.meeting_id', 'mu.unit_id'])
    .where(
      'mu.meeting_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('u.sort')
    .orderBy('u.name')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    version: Number(r.version),
    kind: r.kind as MeetingKind,
    title: r.title,
    date: r.meeting_on,
    status: r.status as MeetingStatus,
    minutesNumber: r.minutes_number,
    memberUnitIds: units.filter((u) => u.meeting_id === r.id).map((u) => u.unit_id),
    ...(JSON.parse(r.data) as MeetingData),
  }));
}

export async function loadMeeting(db: DbOrTrx, id: string): Promise<Meeting | null> {
  const r = await db.selectFrom('meetings').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? ((await assemble(db, [r]))[0] ?? null) : null;
}

export interface MeetingFilter {
  /** Meetings of which the unit is a member or owns a task. */
  unitId?: string;
  /** Meetings whose agenda links the item (directly). */
  itemId?: string;
  from?: string;
  to?: string;
}

/** Meetings, latest first, filtered in SQL. */
export async function listMeetings(db: DbOrTrx, f: MeetingFilter = {}): Promise<Meeting[]> {
  let q = db.selectFrom('meetings').selectAll();
  if (f.unitId) {
    const u = f.unitId;
    q = q.where((eb) =>
      eb.or([
        eb('id', 'in', eb.selectFrom('meeting_units').select('meeting_id').where('unit_id', '=', u)),
        eb('id', 'in', eb.selectFrom('meeting_tasks').select('meeting_id').where('owner_unit_id', '=', u)),
      ]),
    );
  }
  if (f.itemId) {
    const i = f.itemId;
    q = q.where('id', 'in', (eb) =>
      eb.selectFrom('meeting_links').select('meeting_id').where('target_kind', '=', 'item').where('target_id', '=', i),
    );
  }
  if (f.from) q = q.where('meeting_on', '>=', f.from);
  if (f.to) q = q.where('meeting_on', '<=', f.to);
  return assemble(db, await q.orderBy('meeting_on', 'desc').orderBy('id').execute());
}

function taskRow(t: MeetingTask, meetingId: string, ord: number): MeetingTaskTable {
  return {
    id: t.id,
    meeting_id: meetingId,
    ord,
    decision_ord: t.decisionOrd,
    text: t.text,
    ...followUpColumns(t, t.version),
  };
}

/** Inserts the tasks of a meeting's decisions (numbered after those already stored). */
export async function insertTasks(db: DbOrTrx, meetingId: string, tasks: readonly MeetingTask[]): Promise<void> {
  if (!tasks.length) return;
  const last = await db
    .selectFrom('meeting_tasks')
    .select((eb) => eb.fn.max('ord').as('m'))
    .where('meeting_id', '=', meetingId)
    .executeTakeFirst();
  const base = Number(last?.m ?? 0);
  await db
    .insertInto('meeting_tasks')
    .values(tasks.map((t, k) => taskRow(t, meetingId, base + k + 1)))
    .execute();
}

/** Writes a task's follow-up if its version is still `expectedVersion`; returns the new version. */
export async function updateTask(db: DbOrTrx, t: MeetingTask, expectedVersion: number): Promise<number> {
  const { owner_unit_id, status, start_on, due_on, done_on, met_on, data } = followUpColumns(t, expectedVersion + 1);
  const res = await db
    .updateTable('meeting_tasks')
    .set({ owner_unit_id, status, start_on, due_on, done_on, met_on, data, version: expectedVersion + 1 })
    .where('id', '=', t.id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw new AppError('CONFLICT', '该会议任务已被他人更新，请刷新后重试');
  return expectedVersion + 1;
}

function toTask(r: MeetingTaskTable): MeetingTask {
  return { ...followUpOf(r), id: r.id, decisionOrd: Number(r.decision_ord), text: r.text, version: Number(r.version) };
}

export interface TaskFilter {
  meetingId?: string;
  unitId?: string;
  /** Only tasks not yet done. */
  open?: boolean;
}

/** Tasks (with their meeting's id) in meeting order, filtered in SQL. */
export async function listTasks(db: DbOrTrx, f: TaskFilter = {}): Promise<(MeetingTask & { meetingId: string })[]> {
  let q = db.selectFrom('meeting_tasks').selectAll();
  if (f.meetingId) q = q.where('meeting_id', '=', f.meetingId);
  if (f.unitId) q = q.where('owner_unit_id', '=', f.unitId);
  if (f.open) q = q.where('status', '<>', 'done');
  const rows = await q.orderBy('meeting_id').orderBy('ord').execute();
  return rows.map((r) => ({ ...toTask(r), meetingId: r.meeting_id }));
}
