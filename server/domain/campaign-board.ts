/**
 * The campaign board (攻坚行动 "降总量、化存量、遏增量"): each target the bureau set against its current value, the
 * weekly trend and the split by unit, with the ids behind every number. Items are counted by the situation
 * report's rules (`report-rules.ts`: 不予受理 / 不再受理 left out and counted apart, the same origin parts), so the
 * board's totals equal the report's for the same dates. Pure: rows and `asOf` are passed in.
 */
import { earlier } from './iso-dates.ts';
import { TARGET_LABELS, type CaseStatus, type TargetKind } from '../../contract/campaign.ts';
import type { Status } from '../../contract/enums.ts';
import { rateOf } from './shares.ts';
import { addDays, type IsoDate } from './calendar.ts';
import { isCounted, originOf, yearEarlier } from './report-rules.ts';

/** What the board reads of one item. */
export interface BoardItemRow {
  id: string;
  number: string;
  registeredOn: IsoDate;
  status: Status;
  isRepeat: boolean;
  leadUnitId: string | null;
  /** The lead unit is of the district (null: not routed yet). */
  leadUnitInside: boolean | null;
  closedOn: IsoDate | null;
  /** A 复查 was requested on the item. */
  reviewed: boolean;
  /** Date of the first later petition of the same matter (a repeat linked to this item), or null. */
  laterRepeatOn: IsoDate | null;
}

/** What the board reads of one 积案. */
export interface BoardCaseRow {
  id: string;
  number: string;
  status: CaseStatus;
  unitId: string | null;
  confirmedOn: IsoDate;
  closedOn: IsoDate | null;
}

export interface CampaignTargets {
  reduceTotal?: { changePct: number } | undefined;
  resolveBacklog?: { ratePct: number } | undefined;
  curbNew?: { max: number } | undefined;
  firstTimeResolved?: { ratePct: number } | undefined;
}

export interface Campaign {
  id: string;
  name: string;
  from: IsoDate;
  to: IsoDate;
  targets: CampaignTargets;
}

/** One number on the board and what it is made of. */
export interface Part {
  key: string;
  label: string;
  count: number;
  /** Item ids, or 积案 ids when `of` is 'case'. */
  ids: string[];
  of: 'item' | 'case';
}

export interface TargetValue {
  kind: TargetKind;
  label: string;
  target: number;
  comparator: '≤' | '≥';
  unit: '%' | '件';
  /** The current value (a percent with one decimal, or a count); null when it cannot be computed (0 of 0). */
  value: number | null;
  /** Whether the value meets the target so far; null with no value. */
  met: boolean | null;
  parts: Part[];
}

/** How each target is computed, shown beside it. */
export const TARGET_FORMULAS: Readonly<Record<TargetKind, string>> = {
  reduce_total:
    '（行动期间受理信访事项件数 − 上年同期件数）÷ 上年同期件数 × 100%；口径同情况通报（不含不予受理、不再受理）',
  resolve_backlog: '行动开始时存量积案中已化解、已终结的件数 ÷ 行动开始时存量积案件数 × 100%',
  curb_new: '行动期间新增重复信访件数 + 新认定积案件数',
  first_time_resolved:
    '首次办理即办结、未申请复查且未再次信访的初信初访件数 ÷ 已有办理结果（已办结，或已申请复查、已再次信访）的初信初访件数 × 100%',
};

export interface Span {
  from: IsoDate;
  to: IsoDate;
}

interface Data {
  items: readonly BoardItemRow[];
  cases: readonly BoardCaseRow[];
}

const inSpan = (d: IsoDate | null, s: Span) => d !== null && d >= s.from && d <= s.to;
const part = (key: string, label: string, rows: readonly { id: string }[], of: Part['of'] = 'item'): Part => ({
  key,
  label,
  count: rows.length,
  ids: rows.map((r) => r.id),
  of,
});

function counted(items: readonly BoardItemRow[], s: Span): BoardItemRow[] {
  return items.filter((i) => inSpan(i.registeredOn, s) && isCounted(i.status));
}

/** Percent change with one decimal (never −0), or null against nothing. */
function changeRate(current: number, previous: number): number | null {
  const r = rateOf(current - previous, previous);
  return r === null ? null : r + 0;
}

function target(kind: TargetKind, t: number, value: number | null, parts: Part[]): TargetValue {
  const atMost = kind === 'reduce_total' || kind === 'curb_new';
  return {
    kind,
    label: TARGET_LABELS[kind],
    target: t,
    comparator: atMost ? '≤' : '≥',
    unit: kind === 'curb_new' ? '件' : '%',
    value,
    met: value === null ? null : atMost ? value <= t : value >= t,
    parts,
  };
}

/** Every target the campaign sets, over the campaign's days from its start to `span.to`. */
function targetValues(c: Campaign, d: Data, span: Span): TargetValue[] {
  const out: TargetValue[] = [];
  const t = c.targets;
  const now = counted(d.items, span);
  if (t.reduceTotal) {
    const prevSpan = { from: yearEarlier(span.from), to: yearEarlier(span.to) };
    const prev = counted(d.items, prevSpan);
    out.push(
      target('reduce_total', t.reduceTotal.changePct, changeRate(now.length, prev.length), [
        part('current', '行动期间受理件数', now),
        part('previous', '上年同期受理件数', prev),
      ]),
    );
  }
  if (t.resolveBacklog) {
    const stock = d.cases.filter((x) => x.confirmedOn < c.from && (x.closedOn === null || x.closedOn >= c.from));
    const resolved = stock.filter(
      (x) =>
        (x.status === 'resolved' || x.status === 'terminated') && inSpan(x.closedOn, { from: c.from, to: span.to }),
    );
    out.push(
      target('resolve_backlog', t.resolveBacklog.ratePct, rateOf(resolved.length, stock.length), [
        part('stock', '行动开始时存量积案', stock, 'case'),
        part('resolved', '其中已化解、已终结', resolved, 'case'),
      ]),
    );
  }
  if (t.curbNew) {
    const repeats = now.filter((i) => originOf(i) === 'repeat');
    const newCases = d.cases.filter((x) => inSpan(x.confirmedOn, span));
    out.push(
      target('curb_new', t.curbNew.max, repeats.length + newCases.length, [
        part('repeats', '新增重复信访', repeats),
        part('newCases', '新认定积案', newCases, 'case'),
      ]),
    );
  }
  if (t.firstTimeResolved) {
    const end = span.to;
    const repeatedBy = (i: BoardItemRow) => i.laterRepeatOn !== null && i.laterRepeatOn <= end;
    const closedBy = (i: BoardItemRow) => i.closedOn !== null && i.closedOn <= end;
    const first = now.filter((i) => originOf(i) === 'first');
    const decided = first.filter((i) => closedBy(i) || i.reviewed || repeatedBy(i));
    const once = decided.filter((i) => i.status === 'closed' && closedBy(i) && !i.reviewed && !repeatedBy(i));
    out.push(
      target('first_time_resolved', t.firstTimeResolved.ratePct, rateOf(once.length, decided.length), [
        part('decided', '已有办理结果的初信初访', decided),
        part('resolvedOnce', '其中一次性化解', once),
      ]),
    );
  }
  return out;
}

export interface WeekPoint {
  week: number;
  from: IsoDate;
  to: IsoDate;
  /** Items counted in this week alone, and in the same days a year earlier. */
  newItems: Part;
  sameWeekLastYear: Part;
  /** Each target's value from the campaign's start to the end of this week. */
  values: { kind: TargetKind; value: number | null; met: boolean | null }[];
}

export interface UnitSplit {
  /** null gathers items not routed yet and 积案 without a 责任单位. */
  unitId: string | null;
  unit: string;
  targets: TargetValue[];
}

export interface Board {
  campaign: Campaign;
  asOf: IsoDate;
  state: 'upcoming' | 'running' | 'ended';
  /** The days counted so far (null before the start), and the same days a year earlier. */
  span: Span | null;
  comparisonSpan: Span | null;
  targets: TargetValue[];
  weekly: WeekPoint[];
  byUnit: UnitSplit[];
  /** 不予受理 / 不再受理 items of the span, counted apart as in the situation report. */
  notAccepted: Part;
  formulas: Readonly<Record<TargetKind, string>>;
}

/**
 * The board of `campaign` on `asOf`. `items` must hold every item registered in the campaign's days and in the
 * same days a year earlier; `cases` every 积案. `unitName` names units for the split.
 */
export function campaignBoard(
  campaign: Campaign,
  items: readonly BoardItemRow[],
  cases: readonly BoardCaseRow[],
  asOf: IsoDate,
  unitName: (id: string) => string,
): Board {
  const state = asOf < campaign.from ? 'upcoming' : asOf > campaign.to ? 'ended' : 'running';
  const base = {
    campaign,
    asOf,
    state,
    formulas: TARGET_FORMULAS,
  } as const;
  if (state === 'upcoming') {
    return {
      ...base,
      span: null,
      comparisonSpan: null,
      targets: [],
      weekly: [],
      byUnit: [],
      notAccepted: part('notAccepted', '不予受理、不再受理', []),
    };
  }
  const span = { from: campaign.from, to: asOf < campaign.to ? asOf : campaign.to };
  const data = { items, cases };
  const weekly: WeekPoint[] = [];
  for (let k = 0, from = span.from; from <= span.to; k++, from = addDays(from, 7)) {
    const end = earlier(addDays(from, 6), span.to);
    const week = { from, to: end };
    weekly.push({
      week: k + 1,
      from,
      to: end,
      newItems: part('newItems', '本周受理件数', counted(items, week)),
      sameWeekLastYear: part(
        'sameWeekLastYear',
        '上年同期件数',
        counted(items, { from: yearEarlier(from), to: yearEarlier(end) }),
      ),
      values: targetValues(campaign, data, { from: span.from, to: end }).map((t) => ({
        kind: t.kind,
        value: t.value,
        met: t.met,
      })),
    });
  }
  const units = new Set<string | null>();
  const prev = { from: yearEarlier(span.from), to: yearEarlier(span.to) };
  for (const i of items) if (inSpan(i.registeredOn, span) || inSpan(i.registeredOn, prev)) units.add(i.leadUnitId);
  for (const x of cases) units.add(x.unitId);
  const byUnit = [...units]
    .map((u) => ({
      unitId: u,
      unit: u === null ? '未交转或未确定单位' : unitName(u),
      targets: targetValues(
        campaign,
        { items: items.filter((i) => i.leadUnitId === u), cases: cases.filter((x) => x.unitId === u) },
        span,
      ),
    }))
    .sort((a, b) => (a.unitId === null ? 1 : b.unitId === null ? -1 : a.unit.localeCompare(b.unit, 'zh-CN')));
  return {
    ...base,
    span,
    comparisonSpan: prev,
    targets: targetValues(campaign, data, span),
    weekly,
    byUnit,
    notAccepted: part(
      'notAccepted',
      '不予受理、不再受理',
      items.filter((i) => inSpan(i.registeredOn, span) && !isCounted(i.status)),
    ),
  };
}
