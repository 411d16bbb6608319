/**
 * Read models of 领导包案: a case's progress (measures done, overdue, last note), a leader's "my cases" page and the
 * bureau's 包案 register (台账). Pure over loaded cases; names of units and people are looked up by the caller's
 * maps so that the rows are ready to show or export.
 */
import { latest } from './iso-dates.ts';
import { CASE_STATUS_LABELS, type CaseStatus } from '../../contract/campaign.ts';
import { diffDays, type IsoDate } from './calendar.ts';
import { planDueOn, type BacklogCase, type Measure } from './backlog-case.ts';

/** Days without a progress note after which an open case counts as stalled. */
export const STALE_AFTER_DAYS = 30;

export interface CaseProgress {
  measuresTotal: number;
  measuresDone: number;
  /** Open measures past their date, each with the days overdue. */
  overdueMeasures: (Measure & { index: number; daysOverdue: number })[];
  /** Open measures due within 7 days. */
  dueSoon: (Measure & { index: number; daysLeft: number })[];
  lastNoteOn: IsoDate | null;
  /** Days since the last note (or since confirmation without notes); null once closed. */
  daysSinceNote: number | null;
  stale: boolean;
  overdue: boolean;
  dueOn: IsoDate | null;
  open: boolean;
}

const isOpen = (s: CaseStatus) => s === 'unresolved' || s === 'resolving';

/** A case's progress on `today`. */
export function caseProgress(c: BacklogCase, today: IsoDate): CaseProgress {
  const open = isOpen(c.status);
  const measures = c.plan?.measures ?? [];
  const overdueMeasures = open
    ? measures
        .map((m, index) => ({ ...m, index, daysOverdue: diffDays(m.by, today) }))
        .filter((m) => m.doneOn === null && m.daysOverdue > 0)
    : [];
  const dueSoon = open
    ? measures
        .map((m, index) => ({ ...m, index, daysLeft: diffDays(today, m.by) }))
        .filter((m) => m.doneOn === null && m.daysLeft >= 0 && m.daysLeft <= 7)
    : [];
  const lastNoteOn = c.notes.length ? latest(c.notes.map((n) => n.on)) : null;
  const daysSinceNote = open ? diffDays(lastNoteOn ?? c.confirmedOn, today) : null;
  return {
    measuresTotal: measures.length,
    measuresDone: measures.filter((m) => m.doneOn !== null).length,
    overdueMeasures,
    dueSoon,
    lastNoteOn,
    daysSinceNote,
    stale: daysSinceNote !== null && daysSinceNote > STALE_AFTER_DAYS,
    overdue: overdueMeasures.length > 0,
    dueOn: planDueOn(c),
    open,
  };
}

export interface Names {
  unit(id: string | null): string;
  user(id: string | null): string;
}

/** One row of a case list: what a leader and the bureau read at a glance. */
export interface CaseRow {
  id: string;
  number: string;
  title: string;
  status: CaseStatus;
  statusLabel: string;
  leader: string;
  unit: string;
  cadres: string;
  confirmedOn: IsoDate;
  items: number;
  progress: CaseProgress;
  closedOn: IsoDate | null;
  /** 息诉罢访承诺书 / 终结决定 of a closed case. */
  evidence: string | null;
}

export function caseRow(c: BacklogCase, names: Names, today: IsoDate): CaseRow {
  return {
    id: c.id,
    number: c.number,
    title: c.title,
    status: c.status,
    statusLabel: CASE_STATUS_LABELS[c.status],
    leader: c.leaderUserId ? names.user(c.leaderUserId) : '（未确定）',
    unit: c.unitId ? names.unit(c.unitId) : '（未确定）',
    cadres: c.cadres.map((x) => (x.post ? `${x.name}（${x.post}）` : x.name)).join('、'),
    confirmedOn: c.confirmedOn,
    items: c.itemIds.length,
    progress: caseProgress(c, today),
    closedOn: c.closing?.on ?? null,
    evidence: c.closing ? `${c.closing.evidence.kind}：${c.closing.evidence.name}` : null,
  };
}

const rank = (r: CaseRow) => (r.progress.overdue ? 0 : r.progress.stale ? 1 : r.progress.open ? 2 : 3);

/**
 * A leader's own page: the cases he holds, most urgent first (overdue measures, then stalled, then open, then
 * closed), with counts for the header.
 */
export function leaderCases(leaderUserId: string, cases: readonly BacklogCase[], names: Names, today: IsoDate) {
  const rows = cases
    .filter((c) => c.leaderUserId === leaderUserId)
    .map((c) => caseRow(c, names, today))
    .sort((a, b) => rank(a) - rank(b) || (a.confirmedOn < b.confirmedOn ? -1 : 1));
  return {
    rows,
    counts: {
      total: rows.length,
      open: rows.filter((r) => r.progress.open).length,
      overdue: rows.filter((r) => r.progress.overdue).length,
      stale: rows.filter((r) => r.progress.stale).length,
      resolved: rows.filter((r) => r.status === 'resolved').length,
      terminated: rows.filter((r) => r.status === 'terminated').length,
    },
  };
}

/** The columns of the 包案 register (台账), in order, for the screen and the Excel export. */
export const REGISTER_COLUMNS = [
  '积案编号',
  '积案名称',
  '状态',
  '包案领导',
  '责任单位',
  '包案干部',
  '认定日期',
  '关联信访件',
  '措施完成',
  '逾期措施',
  '最近进展',
  '办结日期',
  '办结材料',
] as const;

/** One row of the register as the cells of `REGISTER_COLUMNS`. */
export function registerLine(r: CaseRow): string[] {
  return [
    r.number,
    r.title,
    r.statusLabel,
    r.leader,
    r.unit,
    r.cadres,
    r.confirmedOn,
    String(r.items),
    `${r.progress.measuresDone}/${r.progress.measuresTotal}`,
    String(r.progress.overdueMeasures.length),
    r.progress.lastNoteOn ?? '',
    r.closedOn ?? '',
    r.evidence ?? '',
  ];
}

/** The bureau's register: every case as a row of `REGISTER_COLUMNS`, ordered by number. */
export function caseRegister(cases: readonly BacklogCase[], names: Names, today: IsoDate): string[][] {
  return cases
    .map((c) => caseRow(c, names, today))
    .sort((a, b) => a.confirmedOn.localeCompare(b.confirmedOn) || a.number.localeCompare(b.number))
    .map(registerLine);
}
