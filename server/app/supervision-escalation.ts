import { ESCALATION_LEVEL_LABELS, OPEN_SUPERVISION_STATUSES } from '../../contract/supervision.ts';
import { supervisionLink } from '../domain/notice-text.ts';
import { escalateSupervision, escalationKey, type Supervision } from '../domain/supervision.ts';
import { appendAudit } from '../store/audit.store.ts';
import { loadItem } from '../store/item.store.ts';
import { listSupervisions, loadSupervision, updateSupervision } from '../store/supervision.store.ts';
import { listUsers, userContacts, type UserRow } from '../store/user.store.ts';
import { todayOf, type AppDeps } from './context.ts';
import { deliverNotice } from './notice-delivery.ts';

/**
 * The scheduled 督办 escalation: each open 督办 that is late (unanswered after its due day, or unfinished after the
 * promised day) escalates one level per run, first to the addressed unit's heads, then to the district leaders.
 * The notice names item numbers only (no title), so no petitioner is named whatever the recipient may see; its key
 * (`escalationKey`) makes a repeated or concurrent run raise each notice once, and with it the SMS and e-mail to a
 * recipient with a phone or address on file (the same numbers-only text).
 */

export interface EscalationRunResult {
  checked: number;
  escalated: number;
  notified: number;
  /** Outbox messages (SMS, e-mail) queued with the notices. */
  queued: number;
}

function recipientsFor(users: readonly UserRow[], s: Supervision, level: 'unit_head' | 'leader'): string[] {
  const active = users.filter((u) => !u.disabled);
  if (level === 'unit_head')
    return active.filter((u) => u.unitId === s.unitId && u.role === 'unit_head').map((u) => u.id);
  return active.filter((u) => u.role === 'leader').map((u) => u.id);
}

export async function escalateLateSupervisions(deps: AppDeps, now: Date = deps.clock()): Promise<EscalationRunResult> {
  const today = todayOf(now);
  const open = (
    await Promise.all(OPEN_SUPERVISION_STATUSES.map((status) => listSupervisions(deps.db, { status })))
  ).flat();
  const users = await listUsers(deps.db);
  const contacts = await userContacts(deps.db);
  const out: EscalationRunResult = { checked: open.length, escalated: 0, notified: 0, queued: 0 };
  for (const listed of open) {
    await deps.db.transaction().execute(async (trx) => {
      const cur = await loadSupervision(trx, listed.id);
      if (!cur) return;
      const step = escalateSupervision(cur, today);
      if (!step) return;
      const next = { ...step.supervision, version: cur.version + 1 };
      const nowIso = deps.clock().toISOString();
      // Another instance (or a person) changed it meanwhile: the next run sees the new version.
      if (!(await updateSupervision(trx, next, nowIso))) return;
      await appendAudit(
        trx,
        {
          at: nowIso,
          actorId: null,
          actorRole: 'system',
          action: 'supervision.escalate',
          itemId: next.itemIds[0] ?? null,
          detail: { supervisionId: next.id, level: step.level, reason: step.reason, summary: step.summary },
          requestId: null,
        },
        deps,
      );
      out.escalated++;
      const numbers = (await Promise.all(next.itemIds.map((id) => loadItem(trx, id, deps.codec)))).flatMap((i) =>
        i ? [i.number] : [],
      );
      const label = ESCALATION_LEVEL_LABELS[step.level];
      const title = `【督办升级】${next.number}`;
      const body = `${step.summary}。涉及事项 ${numbers.join('、')}，原定 ${next.dueOn} 前回复，请督促办理（已升级至${label}）。`;
      const outbound = {
        sms: `【信访督办升级】督办${next.number}（事项${numbers.join('、')}）逾期，已升级至${label}，请登录系统办理。`,
        emailSubject: title,
        emailBody: body,
      };
      for (const userId of recipientsFor(users, next, step.level)) {
        const notice = {
          id: deps.newId(),
          key: escalationKey(next.id, step.level, userId),
          userId,
          kind: 'supervision_escalated' as const,
          title,
          body,
          link: supervisionLink(next.id),
          supervisionId: next.id,
          createdAt: nowIso,
        };
        const d = await deliverNotice(trx, deps, notice, outbound, contacts.get(userId));
        if (d.raised) out.notified++;
        out.queued += d.queued;
      }
    });
  }
  return out;
}
