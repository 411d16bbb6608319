import { TRACKED_KIND_LABELS, trackedStateOf, type TrackedTask } from '../domain/follow-up.ts';
import { instructionTasks } from '../domain/instruction.ts';
import { meetingTasks } from '../domain/joint-meeting.ts';
import { caseMeasureTasks } from '../domain/backlog-case.ts';
import { listCases } from '../store/backlog.store.ts';
import { listInstructions } from '../store/instruction.store.ts';
import { listMeetings, listTasks } from '../store/meeting.store.ts';
import { existingNotificationKeys } from '../store/notification.store.ts';
import { listUsers, userContacts, type UserRow } from '../store/user.store.ts';
import { loadThresholds, todayOf, type AppDeps } from './context.ts';
import { deliverNotice } from './notice-delivery.ts';

/**
 * The daily warnings of the units' duties to report back — a 领导批示's 落实, a 联席会议 task, an 积案 measure —
 * with the items' levels (预警 / 警告 / 严重警告 / 超期): each level once per duty round and recipient (the key
 * carries the round, so a returned report warns afresh). The owner unit's heads (and the named 包案干部) get every
 * level; once overdue, the leader the duty escalates to (the instructing leader, the convenor, the 包案领导) and the
 * bureau's reviewers get it too. The notices quote only the bureau's own texts, never a petitioner; the SMS and
 * e-mail to a recipient with a phone or address on file go with the notice (`deliverNotice`).
 */

export interface FollowUpWarningResult {
  tasks: number;
  raised: number;
  queued: number;
}

/** Where a duty's notice links to (the register or the meeting; never an item). */
export function followUpLink(t: TrackedTask): string {
  if (t.kind === 'instruction') return '/instructions';
  if (t.kind === 'meeting_task') return `/meetings/${t.subjectId}`;
  return '/backlog';
}

/** Every open tracked duty of the district. */
export async function openTrackedTasks(deps: Pick<AppDeps, 'db'>): Promise<TrackedTask[]> {
  const out: TrackedTask[] = [];
  for (const s of await listInstructions(deps.db)) out.push(...instructionTasks(s.instruction));
  const open = await listTasks(deps.db, { open: true });
  const meetingIds = new Set(open.map((t) => t.meetingId));
  for (const m of await listMeetings(deps.db)) {
    if (meetingIds.has(m.id))
      out.push(
        ...meetingTasks(
          m,
          open.filter((t) => t.meetingId === m.id),
        ),
      );
  }
  for (const c of await listCases(deps.db)) out.push(...caseMeasureTasks(c));
  return out;
}

/** The duties the escalation job takes to the leader and the bureau level by level (`follow-up-escalation.ts`). */
export const ESCALATED_KINDS: ReadonlySet<TrackedTask['kind']> = new Set(['instruction', 'meeting_task']);

function recipientsOf(t: TrackedTask, users: readonly UserRow[], overdue: boolean): string[] {
  // An escalated duty's overdue notice stays with the unit: the escalation job tells the leader and the bureau.
  const beyondUnit = overdue && !ESCALATED_KINDS.has(t.kind);
  const ids = new Set<string>();
  for (const u of users) {
    if (u.role === 'unit_head' && t.ownerUnitId && u.unitId === t.ownerUnitId) ids.add(u.id);
    if (beyondUnit && u.role === 'reviewer') ids.add(u.id);
  }
  const active = new Set(users.map((u) => u.id));
  if (t.ownerUserId && active.has(t.ownerUserId)) ids.add(t.ownerUserId);
  if (beyondUnit && t.escalateToUserId && active.has(t.escalateToUserId)) ids.add(t.escalateToUserId);
  return [...ids];
}

/** Raises the warnings due today; idempotent (a second run or a second instance raises nothing new). */
export async function raiseFollowUpWarnings(deps: AppDeps, now: Date = deps.clock()): Promise<FollowUpWarningResult> {
  const today = todayOf(now);
  const thresholds = await loadThresholds(deps.db);
  const users = (await listUsers(deps.db)).filter((u) => !u.disabled);
  const tasks = await openTrackedTasks(deps);
  const contacts = await userContacts(deps.db);
  const out: FollowUpWarningResult = { tasks: tasks.length, raised: 0, queued: 0 };
  for (const t of tasks) {
    const state = trackedStateOf(t, today, thresholds);
    if (!state || state.level === 'normal') continue;
    const overdue = state.level === 'overdue';
    const planned = recipientsOf(t, users, overdue).map((userId) => ({
      userId,
      key: `follow_up:${t.key}:${state.level}:${userId}`,
    }));
    const existing = await existingNotificationKeys(
      deps.db,
      planned.map((p) => p.key),
    );
    const when = overdue ? `已逾期 ${-state.daysLeft} 天` : `还剩 ${state.daysLeft} 天`;
    const kind = TRACKED_KIND_LABELS[t.kind];
    const title = `【${state.label}】${kind}`;
    const body = `${t.title}：应于 ${t.due} 前反馈落实情况，${when}。`;
    const outbound = {
      sms: `【信访${state.label}】${kind}应于${t.due}前反馈落实情况，${when}，请登录系统办理。`,
      emailSubject: title,
      emailBody: body,
    };
    for (const p of planned) {
      if (existing.has(p.key)) continue;
      const notice = {
        id: deps.newId(),
        key: p.key,
        userId: p.userId,
        kind: 'follow_up_warning' as const,
        title,
        body,
        link: followUpLink(t),
        level: state.level,
        createdAt: deps.clock().toISOString(),
      };
      const d = await deps.db
        .transaction()
        .execute((trx) => deliverNotice(trx, deps, notice, outbound, contacts.get(p.userId)));
      if (d.raised) out.raised++;
      out.queued += d.queued;
    }
  }
  return out;
}
