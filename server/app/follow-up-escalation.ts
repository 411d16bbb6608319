import { TRACKED_KIND_LABELS, dueFollowUpEscalation, type TrackedTask } from '../domain/follow-up.ts';
import { appendAudit } from '../store/audit.store.ts';
import { escalationsOf, recordEscalation } from '../store/follow-up-escalation.store.ts';
import { raiseNotification } from '../store/notification.store.ts';
import { listUsers, type UserRow } from '../store/user.store.ts';
import { todayOf, type AppDeps } from './context.ts';
import { ESCALATED_KINDS, followUpLink, openTrackedTasks } from './follow-up-warnings.ts';

/**
 * The scheduled escalation of the units' late duties to report back — a 领导批示's 落实 and a 联席会议 task — as
 * a 督办's: a duty not reported by its due day escalates one level per run on schedule, first to the owner unit's
 * heads (and the named person), then to the leader it escalates to (the instructing leader, the convenor) and the
 * bureau's reviewers. Each level is recorded once per duty round (`follow_up_escalations`), so a repeated or
 * concurrent run raises nothing twice; a returned report is a new round. The notices quote the bureau's own texts.
 */

export interface FollowUpEscalationResult {
  checked: number;
  escalated: number;
  notified: number;
}

const LEVEL_LABELS = { unit_head: '单位负责人', leader: '批示领导（召集人）和信访局' } as const;

function recipientsOf(t: TrackedTask, users: readonly UserRow[], level: 'unit_head' | 'leader'): string[] {
  const ids = new Set<string>();
  for (const u of users) {
    if (level === 'unit_head' && u.role === 'unit_head' && t.ownerUnitId && u.unitId === t.ownerUnitId) ids.add(u.id);
    if (level === 'leader' && u.role === 'reviewer') ids.add(u.id);
  }
  const active = new Set(users.map((u) => u.id));
  const person = level === 'unit_head' ? t.ownerUserId : t.escalateToUserId;
  if (person && active.has(person)) ids.add(person);
  return [...ids];
}

export async function escalateLateFollowUps(
  deps: AppDeps,
  now: Date = deps.clock(),
): Promise<FollowUpEscalationResult> {
  const today = todayOf(now);
  const tasks = (await openTrackedTasks(deps)).filter((t) => ESCALATED_KINDS.has(t.kind));
  const raised = await escalationsOf(
    deps.db,
    tasks.map((t) => t.key),
  );
  const users = (await listUsers(deps.db)).filter((u) => !u.disabled);
  const out: FollowUpEscalationResult = { checked: tasks.length, escalated: 0, notified: 0 };
  for (const t of tasks) {
    const due = dueFollowUpEscalation(t, raised.get(t.key) ?? [], today);
    if (!due) continue;
    await deps.db.transaction().execute(async (trx) => {
      const nowIso = deps.clock().toISOString();
      // Already recorded by another instance: that run announced it.
      if (!(await recordEscalation(trx, { taskKey: t.key, level: due.index, on: today }, nowIso))) return;
      const late = `（自 ${due.lateSince} 起 ${due.daysLate} 天）`;
      const summary = `${TRACKED_KIND_LABELS[t.kind]}逾期未反馈${late}，升级至${LEVEL_LABELS[due.level]}`;
      await appendAudit(
        trx,
        {
          at: nowIso,
          actorId: null,
          actorRole: 'system',
          action: 'follow_up.escalate',
          itemId: null,
          detail: { kind: t.kind, subjectId: t.subjectId, unitId: t.ownerUnitId, level: due.level, summary },
          requestId: null,
        },
        deps,
      );
      out.escalated++;
      for (const userId of recipientsOf(t, users, due.level)) {
        const added = await raiseNotification(trx, {
          id: deps.newId(),
          key: `follow_up_escalation:${t.key}:${due.index}:${userId}`,
          userId,
          kind: 'follow_up_escalated',
          title: `【逾期升级】${TRACKED_KIND_LABELS[t.kind]}`,
          body: `${t.title}：应于 ${t.due} 前反馈，${summary}，请督促落实。`,
          link: followUpLink(t),
          level: 'overdue',
          createdAt: nowIso,
        });
        if (added) out.notified++;
      }
    });
  }
  return out;
}
