/**
 * One 积案 under 领导包案: confirmed from a proposal (with the rules it met) or added by hand, always with a
 * reason; exactly one 包案领导 (a leader's account), a 责任单位 and 包案干部; a 化解方案 (measures, who, by when);
 * dated progress notes; a status 未化解 → 化解中 → 已化解 / 已终结, where closing needs its attachment (the
 * petitioner's written 息诉罢访 statement, or the 终结 decision); and every linked item of the same matter.
 * Pure: every change returns a new case (the store bumps the version) or throws an AppError saying what to fix.
 */
import { latest } from './iso-dates.ts';
import {
  CASE_STATUS_LABELS,
  type CaseOutcome,
  type CaseStatus,
  type ClosingEvidence,
} from '../../contract/campaign.ts';
import type { Role } from '../../contract/enums.ts';
import { assertIsoDate, type IsoDate } from './calendar.ts';
import type { RuleEvaluation } from './backlog-rules.ts';
import { AppError, fail } from './errors.ts';
import type { ByWhom, TrackedTask } from './follow-up.ts';

export interface Cadre {
  name: string;
  post: string;
  userId: string | null;
}

export interface Measure {
  text: string;
  who: string;
  by: IsoDate;
  doneOn: IsoDate | null;
}

export interface CasePlan {
  goal: string;
  measures: Measure[];
  setOn: IsoDate;
  /** 0 for the first plan, then one more at each revision. */
  revision: number;
}

export interface CaseNote {
  on: IsoDate;
  text: string;
  by: ByWhom;
  /** Measures (by index) this note reported as done. */
  measuresDone: number[];
}

export interface CaseClosing {
  on: IsoDate;
  outcome: CaseOutcome;
  evidence: { kind: ClosingEvidence; attachmentId: string; name: string };
  note: string;
  by: ByWhom;
}

/** One dated entry of the case's own history (assignments, plans, closing, reopening). */
export interface CaseHistoryEntry {
  on: IsoDate;
  what: 'confirm' | 'assign' | 'plan' | 'close' | 'reopen' | 'link';
  summary: string;
  by: ByWhom;
}

export type CaseOrigin = { kind: 'rule'; hits: RuleEvaluation[] } | { kind: 'manual' };

export interface BacklogCase {
  id: string;
  /** e.g. 积〔2025〕3号 */
  number: string;
  version: number;
  title: string;
  status: CaseStatus;
  origin: CaseOrigin;
  confirmedOn: IsoDate;
  confirmedBy: ByWhom;
  confirmReason: string;
  anchorItemId: string;
  /** Every linked item of the matter (the anchor first). */
  itemIds: string[];
  leaderUserId: string | null;
  unitId: string | null;
  cadres: Cadre[];
  plan: CasePlan | null;
  notes: CaseNote[];
  closing: CaseClosing | null;
  /** Closings undone by a reopening, kept for the record. */
  pastClosings: CaseClosing[];
  history: CaseHistoryEntry[];
}

/** Case number text: 积〔2025〕3号. */
export function caseNumber(year: number, seq: number): string {
  return `积〔${year}〕${seq}号`;
}

function checkDate(on: IsoDate, today: IsoDate, after: IsoDate | null, what: string): void {
  assertIsoDate(on, '日期');
  if (on > today) fail('DATE_IN_FUTURE', `日期 ${on} 晚于今天（${today}），请填写实际发生的日期`);
  if (after && on < after) fail('DATE_ORDER', `日期 ${on} 早于${what}（${after}）`);
}

function need(text: string | undefined, what: string): string {
  const t = (text ?? '').trim();
  if (!t) fail('VALIDATION', `请填写${what}`);
  return t;
}

/** The latest date recorded on the case: nothing may be dated before it. */
function lastDate(c: BacklogCase): IsoDate {
  return latest([c.confirmedOn, ...c.history.map((h) => h.on), ...c.notes.map((n) => n.on)]);
}

export interface NewCaseInput {
  id: string;
  number: string;
  title: string;
  reason: string;
  anchorItemId: string;
  itemIds: readonly string[];
  origin: CaseOrigin;
  on: IsoDate;
  by: ByWhom;
}

/** A confirmed 积案 (未化解): from a proposal, with its rule hits, or by hand. The reason is required. */
export function newCase(input: NewCaseInput, today: IsoDate): BacklogCase {
  checkDate(input.on, today, null, '');
  const reason = need(input.reason, input.origin.kind === 'rule' ? '确认为积案的理由' : '手工认定积案的理由');
  const title = need(input.title, '积案名称');
  if (input.origin.kind === 'rule' && !input.origin.hits.some((h) => h.met)) {
    fail('VALIDATION', '该事项未满足任何积案认定规则，请改为手工认定并说明理由');
  }
  const itemIds = [input.anchorItemId, ...input.itemIds.filter((i) => i !== input.anchorItemId)];
  return {
    id: input.id,
    number: input.number,
    version: 1,
    title,
    status: 'unresolved',
    origin: input.origin,
    confirmedOn: input.on,
    confirmedBy: input.by,
    confirmReason: reason,
    anchorItemId: input.anchorItemId,
    itemIds: [...new Set(itemIds)],
    leaderUserId: null,
    unitId: null,
    cadres: [],
    plan: null,
    notes: [],
    closing: null,
    pastClosings: [],
    history: [
      {
        on: input.on,
        what: 'confirm',
        summary: `${input.origin.kind === 'rule' ? '按认定规则确认' : '手工认定'}为积案：${reason}`,
        by: input.by,
      },
    ],
  };
}

export type CaseAction =
  | {
      kind: 'assign';
      on: IsoDate;
      leader: { userId: string; role: Role; name: string };
      unitId: string;
      cadres: Cadre[];
      reason?: string;
    }
  | { kind: 'plan'; on: IsoDate; goal: string; measures: Omit<Measure, 'doneOn'>[] }
  | { kind: 'note'; on: IsoDate; text: string; measuresDone?: number[] }
  | {
      kind: 'close';
      on: IsoDate;
      outcome: CaseOutcome;
      evidence: CaseClosing['evidence'] | null;
      note?: string;
    }
  | { kind: 'reopen'; on: IsoDate; reason: string }
  | { kind: 'link'; on: IsoDate; itemIds: string[] };

const OPEN: readonly CaseStatus[] = ['unresolved', 'resolving'];

/** The attachment each outcome needs. */
export const EVIDENCE_FOR: Readonly<Record<CaseOutcome, ClosingEvidence>> = {
  resolved: '息诉罢访承诺书',
  terminated: '终结决定',
};

export interface Requirement {
  label: string;
  met: boolean;
}

/** What closing with `outcome` needs, each marked met or not (the screen shows the list before closing). */
export function closingRequirements(
  c: BacklogCase,
  outcome: CaseOutcome,
  evidence: CaseClosing['evidence'] | null,
): Requirement[] {
  const kind = EVIDENCE_FOR[outcome];
  return [
    {
      label: '已确定包案领导、责任单位和包案干部',
      met: c.leaderUserId !== null && c.unitId !== null && c.cadres.length > 0,
    },
    { label: '已制定化解方案', met: c.plan !== null },
    { label: '至少有一条化解进展记录', met: c.notes.length > 0 },
    { label: `已上传${kind}`, met: evidence !== null && evidence.kind === kind && evidence.attachmentId.trim() !== '' },
  ];
}

/**
 * Applies one action. Assigning names exactly one leader (a leader's account: `LEADER_REQUIRED` otherwise) and
 * may replace an earlier one with a reason; the first plan moves 未化解 to 化解中; closing lists whatever is missing
 * (`CLOSE_REQUIREMENTS`); reopening a closed case (the petitioner petitions again) returns it to 化解中.
 */
export function applyCaseAction(
  c: BacklogCase,
  a: CaseAction,
  ctx: { today: IsoDate; by: ByWhom },
): { case: BacklogCase; summary: string } {
  const isOpen = OPEN.includes(c.status);
  if (a.kind === 'reopen' ? isOpen : !isOpen) {
    throw new AppError(
      'STEP_NOT_ALLOWED',
      a.kind === 'reopen' ? '积案尚未办结，无需重新启动' : `积案已${CASE_STATUS_LABELS[c.status]}，请先重新启动`,
      { status: c.status },
    );
  }
  checkDate(a.on, ctx.today, lastDate(c), '该积案上一次记录的日期');
  const next: BacklogCase = structuredClone(c);
  const log = (what: CaseHistoryEntry['what'], summary: string) => {
    next.history.push({ on: a.on, what, summary, by: ctx.by });
    return { case: next, summary };
  };
  switch (a.kind) {
    case 'assign': {
      if (a.leader.role !== 'leader') fail('LEADER_REQUIRED', `「${a.leader.name}」不是领导账号，包案领导须为区领导`);
      if (!a.unitId) fail('VALIDATION', '请选择责任单位');
      const cadres = a.cadres.map((x) => ({ ...x, name: x.name.trim(), post: x.post.trim() })).filter((x) => x.name);
      if (!cadres.length) fail('VALIDATION', '请至少指定一名包案干部');
      const replacing = c.leaderUserId !== null && c.leaderUserId !== a.leader.userId;
      const reason = (a.reason ?? '').trim();
      if (replacing && !reason) fail('VALIDATION', '更换包案领导请说明理由');
      next.leaderUserId = a.leader.userId;
      next.unitId = a.unitId;
      next.cadres = cadres;
      return log(
        'assign',
        `${replacing ? '更换' : '确定'}包案领导：${a.leader.name}；` +
          `包案干部：${cadres.map((x) => x.name).join('、')}${reason ? `（${reason}）` : ''}`,
      );
    }
    case 'plan': {
      if (c.leaderUserId === null) fail('STEP_NOT_ALLOWED', '请先确定包案领导和责任单位，再制定化解方案');
      const goal = need(a.goal, '化解目标');
      if (!a.measures.length) fail('VALIDATION', '化解方案至少包含一项措施');
      const measures = a.measures.map((m, i) => {
        assertIsoDate(m.by, `第 ${i + 1} 项措施的完成时限`);
        if (m.by < a.on) fail('DATE_ORDER', `第 ${i + 1} 项措施的完成时限 ${m.by} 早于方案制定日期 ${a.on}`);
        return {
          text: need(m.text, `第 ${i + 1} 项措施`),
          who: need(m.who, `第 ${i + 1} 项措施的责任人`),
          by: m.by,
          doneOn: null,
        };
      });
      next.plan = { goal, measures, setOn: a.on, revision: c.plan ? c.plan.revision + 1 : 0 };
      next.status = 'resolving';
      return log(
        'plan',
        `${c.plan ? '调整' : '制定'}化解方案：${measures.length} 项措施，最迟 ${latestBy(measures)} 完成`,
      );
    }
    case 'note': {
      const text = need(a.text, '化解进展');
      const done = [...new Set(a.measuresDone ?? [])];
      for (const i of done) {
        const m = next.plan?.measures[i];
        if (!m) fail('VALIDATION', `化解方案中没有第 ${i + 1} 项措施`);
        if (m.doneOn) fail('VALIDATION', `第 ${i + 1} 项措施已于 ${m.doneOn} 完成`);
        m.doneOn = a.on;
      }
      next.notes.push({ on: a.on, text, by: ctx.by, measuresDone: done });
      return { case: next, summary: `化解进展：${text}` };
    }
    case 'close': {
      const missing = closingRequirements(c, a.outcome, a.evidence).filter((r) => !r.met);
      if (missing.length) {
        fail('CLOSE_REQUIREMENTS', `积案尚不能办结，还需：${missing.map((r) => r.label).join('；')}`, {
          missing: missing.map((r) => r.label),
        });
      }
      next.closing = { on: a.on, outcome: a.outcome, evidence: a.evidence!, note: (a.note ?? '').trim(), by: ctx.by };
      next.status = a.outcome;
      return log('close', `${CASE_STATUS_LABELS[a.outcome]}（${a.evidence!.kind}：${a.evidence!.name}）`);
    }
    case 'reopen': {
      const reason = need(a.reason, '重新启动的理由');
      next.pastClosings.push(c.closing!);
      next.closing = null;
      next.status = 'resolving';
      return log('reopen', `重新启动化解：${reason}`);
    }
    case 'link': {
      const added = a.itemIds.filter((i) => !c.itemIds.includes(i));
      if (!added.length) fail('VALIDATION', '所选事项均已关联到该积案');
      next.itemIds.push(...added);
      return log('link', `关联同一事项的信访件 ${added.length} 件`);
    }
  }
}

function latestBy(measures: readonly Pick<Measure, 'by'>[]): IsoDate {
  return latest(measures.map((m) => m.by));
}

/** The date the plan should be carried out by (its latest measure), or null without a plan. */
export function planDueOn(c: Pick<BacklogCase, 'plan'>): IsoDate | null {
  return c.plan ? latestBy(c.plan.measures) : null;
}

/** The open measures of an open case as tracked tasks (owner: the 责任单位; escalation: the 包案领导). */
export function caseMeasureTasks(c: BacklogCase): TrackedTask[] {
  if (!c.plan || !OPEN.includes(c.status)) return [];
  return c.plan.measures.map((m, i) => ({
    key: `case_measure:${c.id}:${c.plan!.revision}:${i}`,
    kind: 'case_measure' as const,
    subjectId: c.id,
    title: `${c.number} 第 ${i + 1} 项措施：${m.text}`,
    ownerUnitId: c.unitId,
    ownerUserId: c.cadres.find((x) => x.userId)?.userId ?? null,
    escalateToUserId: c.leaderUserId,
    start: c.plan!.setOn,
    due: m.by,
    metOn: m.doneOn,
    itemIds: c.itemIds,
  }));
}
