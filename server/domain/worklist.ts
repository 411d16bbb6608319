/**
 * "Waiting for me": what each person has to do now and which action — approve this extension (with the days and
 * reason asked), review this closing, answer this 督办, sign for this item, give this 协办意见 … — so that a unit
 * head sees what awaits his approval and a handler sees the items named to him, not the same fifty items. Pure:
 * the caller loads the items the actor may open (the visibility rule first) and passes today's deadline state.
 */
import { BUREAU_ROLES, type Status } from '../../contract/enums.ts';
import { SUPERVISION_STATUS_LABELS, WORK_ACTION_LABELS, type WorkAction } from '../../contract/supervision.ts';
import { addDays, diffDays, type IsoDate } from './calendar.ts';
import { warningOf, type WarningLevel, type WarningThresholds } from './deadline.ts';
import type { Actor } from './item.policy.ts';
import type { Item } from './item.ts';
import { currentDuty, type ItemDeadline } from './item-deadlines.ts';
import { itemLabelOf, itemLink, supervisionLink, titleFor, type ItemLabel } from './notice-text.ts';
import { trackedTaskOf, type Supervision, type SupervisionRules } from './supervision.ts';
import { taskWarning } from './tracked-task.ts';
import type { IdentityAccess } from './visibility.policy.ts';

/** A 协办 request to an assisting unit (its 协办意见 to the lead unit, due by a date the bureau sets). */
export interface AssistRequest {
  unitId: string;
  requestedOn: IsoDate;
  dueOn: IsoDate;
  givenOn: IsoDate | null;
  /** Waived with a reason by the lead unit: nothing is owed any more. */
  waived: boolean;
  /** The assisting unit's named person, if any (otherwise its heads). */
  handlerUserId: string | null;
}

/** What the worklist needs to know about one item the actor may open. */
export interface WorkItem {
  label: ItemLabel;
  /** What the actor may see of the petitioners (`identityAccessOf`); masked when absent. */
  identity?: IdentityAccess;
  status: Status;
  leadUnitId: string | null;
  /** The named 经办人 of the lead unit; null until the unit head names one. */
  handlerUserId: string | null;
  routedOn: IsoDate | null;
  concludedOn: IsoDate | null;
  extension: { status: 'pending' | 'approved' | 'rejected'; days: number; reason: string; requestedOn: IsoDate } | null;
  /** The current duty as derived today (`currentDuty(deadlinesOf(...))`). */
  currentDuty: { name: string; due: IsoDate; level: WarningLevel; daysLeft: number } | null;
  assistRequests?: readonly AssistRequest[];
}

/**
 * The work facts of a loaded item: its deadlines as derived today, the named handler and what the actor may see
 * of its petitioners. The current duty is the earliest unmet duty of whoever owes it.
 */
export function workItemOf(
  item: Item,
  deadlines: readonly ItemDeadline[],
  opts: { handlerUserId: string | null; identity?: IdentityAccess; assistRequests?: readonly AssistRequest[] },
): WorkItem {
  const duty = currentDuty(deadlines);
  const ext = item.facts.extension;
  return {
    label: itemLabelOf(item),
    ...(opts.identity ? { identity: opts.identity } : {}),
    status: item.status,
    leadUnitId: item.leadUnitId,
    handlerUserId: opts.handlerUserId,
    routedOn: item.facts.route?.on ?? null,
    concludedOn: item.facts.concludedOn,
    extension: ext ? { status: ext.status, days: ext.days, reason: ext.reason, requestedOn: ext.requestedOn } : null,
    currentDuty:
      duty?.warning != null
        ? { name: duty.name, due: duty.due, level: duty.warning.level, daysLeft: duty.warning.daysLeft }
        : null,
    ...(opts.assistRequests ? { assistRequests: opts.assistRequests } : {}),
  };
}

/** One line of the to-do list. */
export interface WorkEntry {
  /** Stable per action and object (for keys in lists and digests). */
  key: string;
  action: WorkAction;
  actionLabel: string;
  itemId: string | null;
  supervisionId: string | null;
  /** Item number(s) concerned. */
  numbers: string[];
  /** The item's title as the actor may read it ('' for a 督办 on several items). */
  title: string;
  /** What exactly to do, in Chinese (the days and reason of an extension, the 督办's demand …). */
  detail: string;
  dueOn: IsoDate | null;
  level: WarningLevel | null;
  daysLeft: number | null;
  link: string;
}

const UNIT_WORK: readonly Status[] = ['received', 'handling', 'replied', 'served'];
const LEVEL_ORDER: readonly (WarningLevel | null)[] = ['overdue', 'severe', 'warning', 'notice', 'normal', null];

function itemEntry(
  action: WorkAction,
  it: WorkItem,
  detail: string,
  due?: { dueOn: IsoDate; level: WarningLevel; daysLeft: number } | null,
): WorkEntry {
  const d = due === undefined ? it.currentDuty : due;
  return {
    key: `${action}:${it.label.id}`,
    action,
    actionLabel: WORK_ACTION_LABELS[action],
    itemId: it.label.id,
    supervisionId: null,
    numbers: [it.label.number],
    title: titleFor(it.label, it.identity),
    detail,
    dueOn: d ? ('dueOn' in d ? d.dueOn : d.due) : null,
    level: d?.level ?? null,
    daysLeft: d?.daysLeft ?? null,
    link: itemLink(it.label.id),
  };
}

function dutyText(it: WorkItem): string {
  const d = it.currentDuty;
  if (!d) return '';
  return d.daysLeft < 0 ? `${d.name}已超期 ${-d.daysLeft} 天` : `${d.name}截至 ${d.due}`;
}

function itemEntries(actor: Actor, it: WorkItem, today: IsoDate, t?: WarningThresholds): WorkEntry[] {
  const out: WorkEntry[] = [];
  const me = actor.userId;
  const isHead = actor.role === 'unit_head';
  const lead = actor.unitId !== null && it.leadUnitId === actor.unitId;
  const mine = it.handlerUserId === me;

  if (actor.role === 'registrar' && it.status === 'registered') out.push(itemEntry('route', it, dutyText(it)));
  if (actor.role === 'reviewer' && it.status === 'concluded') {
    out.push(
      itemEntry('review_closing', it, `责任单位${it.concludedOn ? `于 ${it.concludedOn} ` : ''}报告办结，请审核`),
    );
  }
  if (lead && (isHead || mine)) {
    if (it.status === 'routed') {
      out.push(itemEntry('sign_for', it, `${it.routedOn ? `${it.routedOn} ` : ''}交由本单位办理，请签收`));
    }
    if (isHead && it.handlerUserId === null && (it.status === 'routed' || UNIT_WORK.includes(it.status))) {
      out.push(itemEntry('assign_handler', it, `尚未指定经办人${dutyText(it) ? `；${dutyText(it)}` : ''}`));
    }
    const ext = it.extension;
    if (isHead && it.status === 'handling' && ext?.status === 'pending') {
      out.push(itemEntry('approve_extension', it, `${ext.requestedOn} 申请延期 ${ext.days} 日，理由：${ext.reason}`));
    }
    if (mine && UNIT_WORK.includes(it.status)) out.push(itemEntry('handle', it, dutyText(it)));
  }
  for (const r of it.assistRequests ?? []) {
    if (r.givenOn !== null || r.waived || actor.unitId !== r.unitId) continue;
    if (!(r.handlerUserId === me || (isHead && r.handlerUserId === null))) continue;
    const w = warningOf({ start: r.requestedOn, due: r.dueOn }, today, t);
    out.push({
      ...itemEntry('give_assist_opinion', it, `主办单位请本单位于 ${r.dueOn} 前提出协办意见`, {
        dueOn: r.dueOn,
        level: w.level,
        daysLeft: w.daysLeft,
      }),
      key: `give_assist_opinion:${it.label.id}:${r.unitId}`,
    });
  }
  return out;
}

/** A 督办 waiting for the actor, with the item numbers it concerns. */
export interface WorkSupervision {
  supervision: Supervision;
  itemNumbers: string[];
}

function supervisionEntries(
  actor: Actor,
  w: WorkSupervision,
  today: IsoDate,
  rules?: SupervisionRules,
  t?: WarningThresholds,
): WorkEntry[] {
  const s = w.supervision;
  const base = {
    itemId: s.itemIds.length === 1 ? (s.itemIds[0] ?? null) : null,
    supervisionId: s.id,
    numbers: w.itemNumbers,
    title: '',
    link: supervisionLink(s.id),
  };
  const waitingReply = s.status === 'issued' || s.status === 'pressed';
  if (waitingReply && actor.unitId === s.unitId) {
    const escalatedToHead = s.escalations.some((e) => e.level === 'unit_head');
    const addressed =
      s.addresseeUserId === actor.userId ||
      (actor.role === 'unit_head' && (s.addresseeUserId === null || escalatedToHead));
    if (addressed && (actor.role === 'unit_head' || actor.role === 'unit_handler')) {
      const task = trackedTaskOf(s, rules);
      const warn = taskWarning(task, today, t);
      const late = today > s.dueOn ? `已逾期 ${diffDays(s.dueOn, today)} 天；` : '';
      return [
        {
          ...base,
          key: `answer_supervision:${s.id}`,
          action: 'answer_supervision',
          actionLabel: WORK_ACTION_LABELS.answer_supervision,
          detail:
            `${s.kind}（${s.number}）${SUPERVISION_STATUS_LABELS[s.status]}：` +
            `${late}督办要求：${s.requirements}；限 ${s.dueOn} 前书面回复`,
          dueOn: s.dueOn,
          level: warn?.level ?? null,
          daysLeft: warn?.daysLeft ?? null,
        },
      ];
    }
  }
  if (
    s.status === 'answered' &&
    (actor.role === 'reviewer' || (BUREAU_ROLES.includes(actor.role) && s.issuedByUserId === actor.userId))
  ) {
    const reply = s.replies.at(-1);
    const finish = reply?.expectedFinishOn ? `，预计 ${reply.expectedFinishOn} 办结` : '';
    return [
      {
        ...base,
        key: `review_supervision_reply:${s.id}`,
        action: 'review_supervision_reply',
        actionLabel: WORK_ACTION_LABELS.review_supervision_reply,
        detail: `${s.number} 已于 ${reply?.on ?? ''} 回复${finish}，请采纳或再次督促`,
        dueOn: null,
        level: null,
        daysLeft: null,
      },
    ];
  }
  return [];
}

/**
 * The actor's to-do list: one entry per action waiting for them, the most pressing first (超期, 严重警告, 警告,
 * 预警, 正常, then entries without a deadline), then by due date.
 * - 登记员: 交转 the registered items. 审核员: review each reported 办结; review each answered 督办 (the issuer too).
 * - 单位负责人 of the lead unit: sign for routed items, name a handler where none is named, decide pending
 *   extensions, answer 督办 addressed to the unit (or to him, or escalated to him), give 协办意见 asked of the unit.
 * - 经办人: sign for and handle the items named to him, answer the 督办 addressed to him, give the 协办意见 named to him.
 * Leaders and the security roles have no such list (the scorecard and the supervision board are theirs).
 */
export function worklistFor(
  actor: Actor,
  input: { items: readonly WorkItem[]; supervisions: readonly WorkSupervision[] },
  today: IsoDate,
  opts: { supervisionRules?: SupervisionRules; thresholds?: WarningThresholds } = {},
): WorkEntry[] {
  const entries = [
    ...input.items.flatMap((it) => itemEntries(actor, it, today, opts.thresholds)),
    ...input.supervisions.flatMap((s) => supervisionEntries(actor, s, today, opts.supervisionRules, opts.thresholds)),
  ];
  const seen = new Set<string>();
  return entries
    .filter((e) => {
      if (seen.has(e.key)) return false;
      seen.add(e.key);
      return true;
    })
    .sort(
      (a, b) =>
        LEVEL_ORDER.indexOf(a.level) - LEVEL_ORDER.indexOf(b.level) ||
        (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999') ||
        a.key.localeCompare(b.key),
    );
}

// ---------------------------------------------------------------------------------------------------
// Workload: open, due within N days, overdue, waiting — per person and per unit.

/** What the workload needs of one item. */
export interface WorkloadItem {
  itemId: string;
  status: Status;
  leadUnitId: string | null;
  handlerUserId: string | null;
  /** Due date of the unit's current duty (null when none runs). */
  unitDueOn: IsoDate | null;
}

export interface WorkloadFigures {
  open: string[];
  dueSoon: string[];
  overdue: string[];
  /** Keys of the to-do entries waiting (`WorkEntry.key`). */
  waiting: string[];
}

export interface Workload {
  units: ({ unitId: string } & WorkloadFigures)[];
  people: ({ userId: string; unitId: string | null } & WorkloadFigures)[];
}

const ENDED: readonly Status[] = ['closed', 'terminated', 'filed', 'not_accepted', 'not_reaccepted'];

/**
 * Per-unit and per-person workload on `today`: open items (not ended) of the lead unit / named to the person; of
 * those, due within `dueSoonDays` (today included) and overdue (due before today); and the to-do entries waiting
 * (the person's own list; a unit's is the union of its people's). Each figure lists the ids behind it.
 */
export function workloadOf(
  input: {
    items: readonly WorkloadItem[];
    people: readonly { userId: string; unitId: string | null; waiting: readonly WorkEntry[] }[];
  },
  today: IsoDate,
  dueSoonDays = 5,
): Workload {
  const soonUntil = addDays(today, dueSoonDays);
  const figures = (items: readonly WorkloadItem[], waiting: readonly string[]): WorkloadFigures => {
    const open = items.filter((i) => !ENDED.includes(i.status));
    return {
      open: open.map((i) => i.itemId),
      dueSoon: open
        .filter((i) => i.unitDueOn !== null && i.unitDueOn >= today && i.unitDueOn <= soonUntil)
        .map((i) => i.itemId),
      overdue: open.filter((i) => i.unitDueOn !== null && i.unitDueOn < today).map((i) => i.itemId),
      waiting: [...new Set(waiting)],
    };
  };
  const unitIds = [
    ...new Set([
      ...input.items.flatMap((i) => (i.leadUnitId ? [i.leadUnitId] : [])),
      ...input.people.flatMap((p) => (p.unitId ? [p.unitId] : [])),
    ]),
  ].sort();
  return {
    units: unitIds.map((unitId) => ({
      unitId,
      ...figures(
        input.items.filter((i) => i.leadUnitId === unitId),
        input.people.filter((p) => p.unitId === unitId).flatMap((p) => p.waiting.map((e) => e.key)),
      ),
    })),
    people: input.people.map((p) => ({
      userId: p.userId,
      unitId: p.unitId,
      ...figures(
        input.items.filter((i) => i.handlerUserId === p.userId),
        p.waiting.map((e) => e.key),
      ),
    })),
  };
}
