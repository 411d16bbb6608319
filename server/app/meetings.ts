import type { z } from 'zod';
import type { FollowUpReportBody, FollowUpReviewBody, MeetingBody, MinutesBody } from '../../contract/campaign.ts';
import { BUREAU_ROLES } from '../../contract/enums.ts';
import { AppError } from '../domain/errors.ts';
import { reviewReport, submitReport, type FollowUp } from '../domain/follow-up.ts';
import {
  cancelMeeting,
  meetingViewFor,
  minutesNumber,
  newMeeting,
  recordMinutes,
  updateMeeting as changeMeeting,
  agendaLinks,
  type CaseAccessRef,
  type Meeting,
  type MeetingInput,
  type MeetingTask,
} from '../domain/joint-meeting.ts';
import type { ItemAccessFacts, Viewer } from '../domain/visibility.policy.ts';
import { caseItemRows, loadCase } from '../store/backlog.store.ts';
import { nextCounter } from '../store/counter.store.ts';
import { loadItem } from '../store/item.store.ts';
import {
  insertMeeting,
  insertTasks,
  listMeetings,
  listTasks,
  loadMeeting,
  updateMeeting,
  updateTask,
} from '../store/meeting.store.ts';
import { listUnits } from '../store/reference.store.ts';
import { userById } from '../store/user.store.ts';
import { auditAction } from './audit-action.ts';
import { todayOf, type AppDeps, type UseCaseCtx } from './context.ts';
import { accessFactsOfItem, scopeOf, viewerOf } from './visibility.ts';

/**
 * 联席会议: the bureau plans a meeting (member units, attendees, agenda linked to items and 积案), changes or
 * cancels it, records its 纪要 with decisions and tasks (owner unit, due date); each owner unit reports back and
 * the bureau accepts or returns the report. Who sees what: `meetingViewFor` over the items' access facts, and the
 * agenda's item titles come only from a read under the viewer's ReadScope (numbers and masked titles).
 */

const MEETING_NOT_FOUND = '该会议不存在或与本单位无关';
const isBureau = (ctx: UseCaseCtx) => BUREAU_ROLES.includes(ctx.actor.role);

function mustBeBureau(ctx: UseCaseCtx, what: string): void {
  if (!isBureau(ctx)) throw new AppError('FORBIDDEN', `只有信访局（联席会议办公室）可以${what}`);
}

function mayReadMeetings(ctx: UseCaseCtx): void {
  const a = ctx.actor;
  if (!isBureau(ctx) && a.role !== 'leader' && !a.unitId) throw new AppError('FORBIDDEN', '无权查看联席会议');
}

/** The access facts of the items and 积案 the meetings link, for `meetingViewFor`. */
async function accessOf(deps: AppDeps, meetings: readonly Meeting[]) {
  const items = new Map<string, ItemAccessFacts>();
  const cases = new Map<string, CaseAccessRef & { number: string; title: string }>();
  for (const m of meetings) {
    const links = agendaLinks(m);
    for (const id of links.caseIds) {
      if (cases.has(id)) continue;
      const c = await loadCase(deps.db, id);
      if (c) cases.set(id, { unitId: c.unitId, itemIds: c.itemIds, number: c.number, title: c.title });
    }
    const caseItems = links.caseIds.flatMap((id) => cases.get(id)?.itemIds ?? []);
    for (const id of [...links.itemIds, ...caseItems]) {
      if (items.has(id)) continue;
      const item = await loadItem(deps.db, id, deps.codec);
      if (item) items.set(id, accessFactsOfItem(deps, item));
    }
  }
  return { items, cases };
}

type Access = Awaited<ReturnType<typeof accessOf>>;

/** Numbers and masked titles of the items, read under the viewer's scope (an item outside it is left out). */
async function itemRefs(deps: AppDeps, ctx: UseCaseCtx, ids: readonly string[]) {
  const rows = await caseItemRows(deps.db, [...new Set(ids)], scopeOf(deps, ctx.actor));
  return new Map(rows.map((r) => [r.id, { id: r.id, number: r.number, title: r.title }]));
}

const overdue = (t: FollowUp, today: string) => t.status !== 'done' && today > t.dueOn;

export interface MeetingView {
  meeting: Meeting;
  tasks: MeetingTask[];
  hiddenLinks: number;
}

/** The meeting as the actor may see it, or NOT_FOUND (missing and unrelated answer alike). */
export async function viewMeeting(deps: AppDeps, ctx: UseCaseCtx, id: string): Promise<MeetingView & Access> {
  mayReadMeetings(ctx);
  const m = await loadMeeting(deps.db, id);
  if (!m) throw new AppError('NOT_FOUND', MEETING_NOT_FOUND);
  const tasks = await listTasks(deps.db, { meetingId: m.id });
  const access = await accessOf(deps, [m]);
  const view = meetingViewFor(viewerOf(deps, ctx.actor), m, tasks, access);
  if (!view) throw new AppError('NOT_FOUND', MEETING_NOT_FOUND);
  return { ...view, ...access };
}

/**
 * 联席会议 list as the actor may see it: the bureau and leaders all meetings, a unit the meetings it is a member
 * of or owns a task in; each with its agenda size and its (visible) tasks' progress.
 */
export async function meetingList(deps: AppDeps, ctx: UseCaseCtx, f: { from?: string; to?: string } = {}) {
  mayReadMeetings(ctx);
  const a = ctx.actor;
  const all = isBureau(ctx) || a.role === 'leader';
  const meetings = await listMeetings(deps.db, { ...f, ...(all ? {} : { unitId: a.unitId! }) });
  const access = await accessOf(deps, meetings);
  const viewer: Viewer = viewerOf(deps, a);
  const today = todayOf(deps.clock());
  const out = [];
  for (const m of meetings) {
    const v = meetingViewFor(viewer, m, await listTasks(deps.db, { meetingId: m.id }), access);
    if (!v) continue;
    out.push({
      id: m.id,
      version: m.version,
      kind: m.kind,
      title: m.title,
      date: m.date,
      time: m.time,
      place: m.place,
      status: m.status,
      convenorName: m.convenor.name,
      memberUnitIds: m.memberUnitIds,
      agendaCount: m.agenda.length,
      minutesNumber: m.minutesNumber,
      tasks: {
        total: v.tasks.length,
        done: v.tasks.filter((t) => t.status === 'done').length,
        overdue: v.tasks.filter((t) => overdue(t, today)).length,
      },
    });
  }
  return { meetings: out };
}

/** One meeting with its agenda links resolved (numbers and masked titles the viewer may see) and its tasks. */
export async function meetingDetail(deps: AppDeps, ctx: UseCaseCtx, id: string) {
  const v = await viewMeeting(deps, ctx, id);
  const m = v.meeting;
  const refs = await itemRefs(
    deps,
    ctx,
    m.agenda.flatMap((a) => a.itemIds),
  );
  const today = todayOf(deps.clock());
  const bureau = isBureau(ctx);
  const planned = m.status === 'planned';
  return {
    ...m,
    agenda: m.agenda.map((a) => ({
      ord: a.ord,
      title: a.title,
      note: a.note,
      items: a.itemIds.flatMap((i) => (refs.has(i) ? [refs.get(i)!] : [])),
      cases: a.caseIds.flatMap((c) => {
        const x = v.cases.get(c);
        return x ? [{ id: c, number: x.number, title: x.title }] : [];
      }),
    })),
    hiddenLinks: v.hiddenLinks + m.agenda.reduce((n, a) => n + a.itemIds.filter((i) => !refs.has(i)).length, 0),
    tasks: v.tasks.map((t) => ({ ...t, overdue: overdue(t, today) })),
    abilities: {
      edit: bureau && planned,
      cancel: bureau && planned,
      minutes: bureau && planned && m.date <= today,
      review: bureau,
      report: !bureau && ctx.actor.role !== 'leader' ? ctx.actor.unitId : null,
      notice: true,
      minutesDocument: m.minutes !== null,
    },
  };
}

/** The meeting input from the request, after checking every unit, item, 积案 and the convenor exists. */
async function inputOf(deps: AppDeps, body: z.infer<typeof MeetingBody>): Promise<MeetingInput> {
  const units = new Set((await listUnits(deps.db)).map((u) => u.id));
  const badUnit = [...body.memberUnitIds, ...body.attendees.flatMap((a) => (a.unitId ? [a.unitId] : []))].find(
    (u) => !units.has(u),
  );
  if (badUnit) throw new AppError('VALIDATION', `单位 ${badUnit} 不存在，请重新选择成员单位`);
  for (const [i, a] of body.agenda.entries()) {
    for (const itemId of a.itemIds) {
      if (!(await loadItem(deps.db, itemId, deps.codec)))
        throw new AppError('VALIDATION', `第 ${i + 1} 项议题关联的信访事项不存在，请重新选择`);
    }
    for (const caseId of a.caseIds) {
      if (!(await loadCase(deps.db, caseId)))
        throw new AppError('VALIDATION', `第 ${i + 1} 项议题关联的积案不存在，请重新选择`);
    }
  }
  if (body.convenorUserId && !(await userById(deps.db, body.convenorUserId)))
    throw new AppError('VALIDATION', '所选召集人账号不存在，请重新选择');
  return {
    kind: body.kind,
    title: body.title,
    date: body.date,
    time: body.time,
    place: body.place,
    convenor: { userId: body.convenorUserId ?? null, name: body.convenorName },
    memberUnitIds: body.memberUnitIds,
    attendees: body.attendees.map((a) => ({ name: a.name, unitId: a.unitId ?? null, post: a.post, role: a.role })),
    agenda: body.agenda,
    requirements: body.requirements,
  };
}

/** Plans a meeting (the notice can be issued from it). */
export async function createMeeting(deps: AppDeps, ctx: UseCaseCtx, body: z.infer<typeof MeetingBody>) {
  mustBeBureau(ctx, '安排联席会议');
  const m = newMeeting(deps.newId(), await inputOf(deps, body));
  await deps.db.transaction().execute(async (trx) => {
    await insertMeeting(trx, m, deps.clock().toISOString());
    await auditAction(deps, ctx, trx, 'meeting.create', null, { id: m.id, title: m.title, date: m.date });
  });
  return meetingDetail(deps, ctx, m.id);
}

async function loadForChange(deps: AppDeps, id: string): Promise<Meeting> {
  const m = await loadMeeting(deps.db, id);
  if (!m) throw new AppError('NOT_FOUND', MEETING_NOT_FOUND);
  return m;
}

/** Changes a planned meeting. */
export async function editMeeting(
  deps: AppDeps,
  ctx: UseCaseCtx,
  id: string,
  body: z.infer<typeof MeetingBody> & { version: number },
) {
  mustBeBureau(ctx, '修改联席会议');
  const m = await loadForChange(deps, id);
  const next = changeMeeting(m, await inputOf(deps, body));
  await deps.db.transaction().execute(async (trx) => {
    await updateMeeting(trx, next, body.version, deps.clock().toISOString());
    await auditAction(deps, ctx, trx, 'meeting.update', null, { id, title: next.title, date: next.date });
  });
  return meetingDetail(deps, ctx, id);
}

/** Cancels a planned meeting, with the reason. */
export async function cancelMeetingUseCase(
  deps: AppDeps,
  ctx: UseCaseCtx,
  id: string,
  body: { version: number; reason: string; on?: string | undefined },
) {
  mustBeBureau(ctx, '取消联席会议');
  const m = await loadForChange(deps, id);
  const today = todayOf(deps.clock());
  const next = cancelMeeting(m, body.on ?? today, body.reason, today);
  await deps.db.transaction().execute(async (trx) => {
    await updateMeeting(trx, next, body.version, deps.clock().toISOString());
    await auditAction(deps, ctx, trx, 'meeting.cancel', null, { id, reason: body.reason });
  });
  return meetingDetail(deps, ctx, id);
}

/**
 * Records the 纪要 of a held meeting: its text, the 议定事项 and their tasks (owner unit, due date), each tracked
 * and warned from the minutes' date; the 纪要 gets the next issue number of its year.
 */
export async function recordMeetingMinutes(
  deps: AppDeps,
  ctx: UseCaseCtx,
  id: string,
  body: z.infer<typeof MinutesBody>,
) {
  mustBeBureau(ctx, '录入会议纪要');
  const m = await loadForChange(deps, id);
  const units = new Set((await listUnits(deps.db)).map((u) => u.id));
  const bad = body.decisions.flatMap((d) => d.tasks).find((t) => !units.has(t.ownerUnitId));
  if (bad) throw new AppError('VALIDATION', `任务「${bad.text}」的责任单位不存在，请重新选择`);
  const today = todayOf(deps.clock());
  const on = body.on ?? today;
  // Checked before numbering, so a refused 纪要 consumes no issue number.
  const out = recordMinutes(
    m,
    {
      on,
      text: body.minutes,
      number: '',
      decisions: body.decisions,
      by: { userId: ctx.actor.userId, name: ctx.actor.displayName },
      newTaskId: deps.newId,
    },
    today,
  );
  await deps.db.transaction().execute(async (trx) => {
    const year = Number(on.slice(0, 4));
    const number = minutesNumber(year, await nextCounter(trx, `meeting_minutes:${year}`));
    const meeting = { ...out.meeting, minutesNumber: number };
    await updateMeeting(trx, meeting, body.version, deps.clock().toISOString());
    await insertTasks(trx, m.id, out.tasks);
    await auditAction(deps, ctx, trx, 'meeting.minutes', null, { id, number, tasks: out.tasks.length });
  });
  return meetingDetail(deps, ctx, id);
}

async function taskTurn(
  deps: AppDeps,
  ctx: UseCaseCtx,
  meetingId: string,
  taskId: string,
  version: number,
  mayAct: (t: MeetingTask) => boolean,
  step: (t: FollowUp, today: string) => FollowUp,
  action: string,
) {
  const t = (await listTasks(deps.db, { meetingId })).find((x) => x.id === taskId);
  if (!t || !mayAct(t)) throw new AppError('NOT_FOUND', '该会议任务不存在或未交由本单位落实');
  const next: MeetingTask = { ...t, ...step(t, todayOf(deps.clock())) };
  await deps.db.transaction().execute(async (trx) => {
    await updateTask(trx, next, version);
    await auditAction(deps, ctx, trx, action, null, { meetingId, taskId, unitId: t.ownerUnitId });
  });
  return meetingDetail(deps, ctx, meetingId);
}

/** The owner unit reports what it did on a meeting task. */
export async function reportOnMeetingTask(
  deps: AppDeps,
  ctx: UseCaseCtx,
  meetingId: string,
  taskId: string,
  body: z.infer<typeof FollowUpReportBody>,
) {
  const unitId = ctx.actor.unitId;
  if (isBureau(ctx) || ctx.actor.role === 'leader' || !unitId)
    throw new AppError('FORBIDDEN', '只有责任单位可以反馈会议任务落实情况');
  const by = { userId: ctx.actor.userId, name: ctx.actor.displayName };
  return taskTurn(
    deps,
    ctx,
    meetingId,
    taskId,
    body.version,
    (t) => t.ownerUnitId === unitId,
    (f, today) => submitReport(f, { on: body.on ?? today, text: body.text, by }, today),
    'meeting.task_report',
  );
}

/** The bureau accepts an owner unit's report on a meeting task or returns it with a new date. */
export async function reviewMeetingTask(
  deps: AppDeps,
  ctx: UseCaseCtx,
  meetingId: string,
  taskId: string,
  body: z.infer<typeof FollowUpReviewBody>,
) {
  mustBeBureau(ctx, '审核会议任务落实情况');
  const by = { userId: ctx.actor.userId, name: ctx.actor.displayName };
  return taskTurn(
    deps,
    ctx,
    meetingId,
    taskId,
    body.version,
    () => true,
    (f, today) =>
      reviewReport(
        f,
        { on: body.on ?? today, accepted: body.accept, note: body.note, newDueOn: body.newDueOn ?? null, by },
        today,
      ),
    'meeting.task_review',
  );
}
