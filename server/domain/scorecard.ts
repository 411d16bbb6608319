/**
 * The unit scorecard (把脉问诊): per responsible unit and period, how many items it received as lead unit and how
 * well it handled them, ranked, with the change against the previous period and the item ids behind every figure
 * (every number opens the items it counts). Items are counted by registration date as in the situation report
 * (不予受理 / 不再受理 left out); 督办 by their issue date. Pure: the caller loads the facts and passes `asOf`.
 */
import type { Satisfaction, Status } from '../../contract/enums.ts';
import type { ScorecardJson } from '../../contract/supervision.ts';
import { diffDays, type IsoDate } from './calendar.ts';
import type { Item } from './item.ts';
import { currentDuty, type ItemDeadline } from './item-deadlines.ts';
import { supervisionAnsweredLate, type Supervision } from './supervision.ts';

/** One duty clock of an item: when it started, when it was due, when it was met. */
export interface DutyClock {
  start: IsoDate;
  due: IsoDate;
  metOn: IsoDate | null;
}

/** An objection of a unit on an item, and whether the bureau agreed (re-routed it elsewhere); null while pending. */
export interface ObjectionOutcome {
  unitId: string;
  on: IsoDate;
  upheld: boolean | null;
}

/** What the scorecard needs of one item (a read model the store can fill from columns and the deadlines table). */
export interface ScorecardItem {
  id: string;
  registeredOn: IsoDate;
  status: Status;
  leadUnitId: string | null;
  isRepeat: boolean;
  /** The unit's 受理告知 clock (met by the acceptance notice or a 不予/不再受理 notice). */
  acceptance: DutyClock | null;
  /** The handling clock (办理 or 简易办理), met by the opinion. */
  handling: DutyClock | null;
  acceptedOn: IsoDate | null;
  opinionOn: IsoDate | null;
  servedOn: IsoDate | null;
  satisfaction: Satisfaction | null;
  /** Due date of the unit's current unmet duty (null when none runs). */
  unitDueOn: IsoDate | null;
  objections: readonly ObjectionOutcome[];
  sendBackCount: number;
}

/** What the scorecard needs of one 督办. */
export interface ScorecardSupervision {
  id: string;
  unitId: string;
  issuedOn: IsoDate;
  /** Answered after a round's due day, or still unanswered after it (`supervisionAnsweredLate`). */
  answeredLate: boolean;
}

export interface ScorecardSettings {
  /** Some provinces count 逾期未评价 (recorded as 未评价) as rated and satisfied. Off by default. */
  unratedCountsAsSatisfied: boolean;
  /** How units are ranked: the composite score of the four rates (default), or the items received. */
  rankBy: 'score' | 'received';
  /** Weights of the score (a weighted mean of the rates that have a denominator, × 100). */
  weights: Readonly<{ acceptedOnTime: number; closedOnTime: number; rated: number; satisfied: number }>;
  /** List every unit given, also those with nothing in the period. */
  includeIdle: boolean;
}

export const DEFAULT_SCORECARD_SETTINGS: Readonly<ScorecardSettings> = Object.freeze({
  unratedCountsAsSatisfied: false,
  rankBy: 'score',
  weights: Object.freeze({ acceptedOnTime: 0.25, closedOnTime: 0.35, rated: 0.1, satisfied: 0.3 }),
  includeIdle: false,
});

/** Formula text of each figure, shown beside the numbers. */
export const SCORECARD_FORMULAS: Readonly<Record<string, string>> = {
  received: '统计期内登记、由本单位主办的信访事项件数（不含不予受理、不再受理事项）',
  acceptedOnTime: '及时受理率 = 按期受理告知件数 ÷ 受理告知期限已届满或已告知的件数',
  closedOnTime: '按期办结率 = 按期出具处理意见件数 ÷ 办理期限已届满或已出具意见的件数（逾期未办结计入分母）',
  rated: '参评率 = 已评价件数 ÷ 已送达件数',
  satisfied: '满意率 = （满意 + 基本满意）件数 ÷ 已评价件数（未评价不计入）',
  repeat: '重复信访率 = 重复信访件数 ÷ 主办件数',
  overdue: '截至统计日仍超期未办的件数',
  objections: '本单位提出异议的件数；其中经信访部门改交其他单位的为异议成立',
  sentBack: '被退回重办过的件数',
  supervisions: '统计期内下发给本单位的督办件数；其中逾期回复或逾期未回复的件数',
  meanDaysToAcceptance: '平均受理天数 = 自交办（送达）至受理告知的平均日数',
  meanDaysToOpinion: '平均办理天数 = 自受理至出具处理意见的平均日数',
  score:
    '综合得分 = 及时受理率×0.25 + 按期办结率×0.35 + 参评率×0.1 + 满意率×0.3（无分母的指标不计，权重按比例折算）× 100',
};

export interface Figure {
  count: number;
  ids: string[];
}

export interface RateFigure {
  count: number;
  of: number;
  /** A fraction rounded to 4 places; null when `of` is 0. */
  rate: number | null;
  /** The items counted (numerator). */
  ids: string[];
  /** The items due (denominator). */
  ofIds: string[];
}

export interface MeanFigure {
  /** Days, one decimal; null when no item has both dates. */
  mean: number | null;
  ids: string[];
}

export interface UnitFigures {
  received: Figure;
  acceptedOnTime: RateFigure;
  closedOnTime: RateFigure;
  rated: RateFigure;
  satisfied: RateFigure;
  repeat: RateFigure;
  overdue: Figure;
  objections: { raised: Figure; upheld: Figure };
  sentBack: Figure;
  /** Ids are 督办 ids. */
  supervisions: { received: Figure; answeredLate: Figure };
  meanDaysToAcceptance: MeanFigure;
  meanDaysToOpinion: MeanFigure;
  /** 0..100 with two decimals; null when no rate has a denominator. */
  score: number | null;
}

export interface UnitChange {
  received: number;
  acceptedOnTime: number | null;
  closedOnTime: number | null;
  rated: number | null;
  satisfied: number | null;
  overdue: number;
  score: number | null;
  /** Places moved up (positive) or down (negative); null when the unit was not ranked then. */
  rank: number | null;
}

export interface UnitScore extends UnitFigures {
  unitId: string;
  unit: string;
  rank: number;
  previous: (UnitFigures & { rank: number }) | null;
  change: UnitChange | null;
}

export interface Period {
  from: IsoDate;
  to: IsoDate;
}

export interface Scorecard {
  from: IsoDate;
  to: IsoDate;
  asOf: IsoDate;
  previous: Period | null;
  units: UnitScore[];
  formulas: Readonly<Record<string, string>>;
}

const EXCLUDED: readonly Status[] = ['not_accepted', 'not_reaccepted'];
const SATISFIED: readonly string[] = ['满意', '基本满意'];
const RATED: readonly string[] = ['满意', '基本满意', '不满意'];

/** A fraction rounded to 4 places, null when nothing is due. */
export function rate4(count: number, of: number): number | null {
  return of > 0 ? Math.round((count / of) * 10000) / 10000 : null;
}

function rateFigure(counted: readonly string[], due: readonly string[]): RateFigure {
  return {
    count: counted.length,
    of: due.length,
    rate: rate4(counted.length, due.length),
    ids: [...counted],
    ofIds: [...due],
  };
}

function figure(ids: readonly string[]): Figure {
  return { count: ids.length, ids: [...ids] };
}

function mean(pairs: readonly { id: string; days: number }[]): MeanFigure {
  if (!pairs.length) return { mean: null, ids: [] };
  const sum = pairs.reduce((a, p) => a + p.days, 0);
  return { mean: Math.round((sum / pairs.length) * 10) / 10, ids: pairs.map((p) => p.id) };
}

/** A duty clock that can be judged on `asOf`: met, or its due day already passed (overdue counts against). */
function decidable(c: DutyClock | null, asOf: IsoDate): c is DutyClock {
  return c !== null && (c.metOn !== null || c.due < asOf);
}

function onTime(c: DutyClock): boolean {
  return c.metOn !== null && c.metOn <= c.due;
}

function inPeriod(d: IsoDate, p: Period): boolean {
  return d >= p.from && d <= p.to;
}

function score(f: Omit<UnitFigures, 'score'>, w: ScorecardSettings['weights']): number | null {
  let sum = 0;
  let weight = 0;
  for (const k of ['acceptedOnTime', 'closedOnTime', 'rated', 'satisfied'] as const) {
    const r = f[k].rate;
    if (r === null) continue;
    sum += r * w[k];
    weight += w[k];
  }
  return weight > 0 ? Math.round((sum / weight) * 10000) / 100 : null;
}

function unitFigures(
  unitId: string,
  items: readonly ScorecardItem[],
  supervisions: readonly ScorecardSupervision[],
  period: Period,
  asOf: IsoDate,
  s: ScorecardSettings,
): UnitFigures {
  const counted = items.filter((i) => inPeriod(i.registeredOn, period) && !EXCLUDED.includes(i.status));
  const mine = counted.filter((i) => i.leadUnitId === unitId);
  const ids = (xs: readonly ScorecardItem[]) => xs.map((i) => i.id);

  const acceptDue = mine.filter((i) => decidable(i.acceptance, asOf));
  const handleDue = mine.filter((i) => decidable(i.handling, asOf));
  const served = mine.filter((i) => i.servedOn !== null);
  const isRated = (i: ScorecardItem) =>
    i.satisfaction !== null &&
    (RATED.includes(i.satisfaction) || (s.unratedCountsAsSatisfied && i.satisfaction === '未评价'));
  const isSatisfied = (i: ScorecardItem) =>
    i.satisfaction !== null &&
    (SATISFIED.includes(i.satisfaction) || (s.unratedCountsAsSatisfied && i.satisfaction === '未评价'));
  const rated = served.filter(isRated);

  const raised = counted.filter((i) => i.objections.some((o) => o.unitId === unitId));
  const upheld = counted.filter((i) => i.objections.some((o) => o.unitId === unitId && o.upheld === true));
  const sups = supervisions.filter((x) => x.unitId === unitId && inPeriod(x.issuedOn, period));

  const base: Omit<UnitFigures, 'score'> = {
    received: figure(ids(mine)),
    acceptedOnTime: rateFigure(ids(acceptDue.filter((i) => onTime(i.acceptance!))), ids(acceptDue)),
    closedOnTime: rateFigure(ids(handleDue.filter((i) => onTime(i.handling!))), ids(handleDue)),
    rated: rateFigure(ids(rated), ids(served)),
    satisfied: rateFigure(ids(rated.filter(isSatisfied)), ids(rated)),
    repeat: rateFigure(ids(mine.filter((i) => i.isRepeat)), ids(mine)),
    overdue: figure(ids(mine.filter((i) => i.unitDueOn !== null && i.unitDueOn < asOf))),
    objections: { raised: figure(ids(raised)), upheld: figure(ids(upheld)) },
    sentBack: figure(ids(mine.filter((i) => i.sendBackCount > 0))),
    supervisions: {
      received: figure(sups.map((x) => x.id)),
      answeredLate: figure(sups.filter((x) => x.answeredLate).map((x) => x.id)),
    },
    meanDaysToAcceptance: mean(
      mine.flatMap((i) =>
        i.acceptance && i.acceptedOn ? [{ id: i.id, days: diffDays(i.acceptance.start, i.acceptedOn) }] : [],
      ),
    ),
    meanDaysToOpinion: mean(
      mine.flatMap((i) =>
        i.acceptedOn && i.opinionOn ? [{ id: i.id, days: diffDays(i.acceptedOn, i.opinionOn) }] : [],
      ),
    ),
  };
  return { ...base, score: score(base, s.weights) };
}

function active(f: UnitFigures): boolean {
  return f.received.count > 0 || f.objections.raised.count > 0 || f.supervisions.received.count > 0;
}

/** Units ordered by the ranking rule: score (unscored last), then items received, then name. */
function ranked<T extends { unit: string; figures: UnitFigures }>(
  rows: T[],
  s: ScorecardSettings,
): (T & { rank: number })[] {
  const byScore = (a: T, b: T) => {
    const x = a.figures.score;
    const y = b.figures.score;
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return y - x;
  };
  return [...rows]
    .sort(
      (a, b) =>
        (s.rankBy === 'score' ? byScore(a, b) : 0) ||
        b.figures.received.count - a.figures.received.count ||
        (s.rankBy === 'received' ? byScore(a, b) : 0) ||
        a.unit.localeCompare(b.unit, 'zh-Hans-CN'),
    )
    .map((r, i) => ({ ...r, rank: i + 1 }));
}

function diffRate(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : Math.round((a - b) * 10000) / 10000;
}

function rankPeriod(
  units: readonly { id: string; name: string }[],
  items: readonly ScorecardItem[],
  supervisions: readonly ScorecardSupervision[],
  period: Period,
  asOf: IsoDate,
  s: ScorecardSettings,
) {
  const rows = units
    .map((u) => ({ unitId: u.id, unit: u.name, figures: unitFigures(u.id, items, supervisions, period, asOf, s) }))
    .filter((r) => s.includeIdle || active(r.figures));
  return ranked(rows, s);
}

/**
 * The scorecard of [from, to] judged on `asOf`, with the previous period when given (the same facts, the same
 * `asOf`). `items` and `supervisions` may hold more than the periods: each period takes its own.
 */
export function computeScorecard(input: {
  units: readonly { id: string; name: string }[];
  items: readonly ScorecardItem[];
  supervisions: readonly ScorecardSupervision[];
  period: Period;
  previous?: Period | null;
  asOf: IsoDate;
  settings?: Partial<ScorecardSettings>;
}): Scorecard {
  const s: ScorecardSettings = { ...DEFAULT_SCORECARD_SETTINGS, ...input.settings };
  if (input.period.from > input.period.to)
    throw new RangeError(`起始日期 ${input.period.from} 晚于截止日期 ${input.period.to}`);
  const cur = rankPeriod(input.units, input.items, input.supervisions, input.period, input.asOf, s);
  const prevPeriod = input.previous ?? null;
  const prev = prevPeriod ? rankPeriod(input.units, input.items, input.supervisions, prevPeriod, input.asOf, s) : [];
  const prevBy = new Map(prev.map((p) => [p.unitId, p]));
  return {
    from: input.period.from,
    to: input.period.to,
    asOf: input.asOf,
    previous: prevPeriod,
    formulas: SCORECARD_FORMULAS,
    units: cur.map((r) => {
      const p = prevBy.get(r.unitId);
      const f = r.figures;
      return {
        unitId: r.unitId,
        unit: r.unit,
        rank: r.rank,
        ...f,
        previous: p ? { ...p.figures, rank: p.rank } : null,
        change: prevPeriod
          ? {
              received: f.received.count - (p?.figures.received.count ?? 0),
              acceptedOnTime: diffRate(f.acceptedOnTime.rate, p?.figures.acceptedOnTime.rate ?? null),
              closedOnTime: diffRate(f.closedOnTime.rate, p?.figures.closedOnTime.rate ?? null),
              rated: diffRate(f.rated.rate, p?.figures.rated.rate ?? null),
              satisfied: diffRate(f.satisfied.rate, p?.figures.satisfied.rate ?? null),
              overdue: f.overdue.count - (p?.figures.overdue.count ?? 0),
              score:
                f.score === null || p?.figures.score == null
                  ? null
                  : Math.round((f.score - p.figures.score) * 100) / 100,
              rank: p ? p.rank - r.rank : null,
            }
          : null,
      };
    }),
  };
}

/** The JSON of `bin/xinfang scorecard --format json` (contract `ScorecardJson`): counts and rates, no ids. */
export function toScorecardJson(card: Scorecard): ScorecardJson {
  const rate = (r: RateFigure) => ({ count: r.count, of: r.of, rate: r.rate });
  return {
    from: card.from,
    to: card.to,
    asOf: card.asOf,
    previous: card.previous,
    units: card.units.map((u) => ({
      unit: u.unit,
      unitId: u.unitId,
      received: u.received.count,
      acceptedOnTime: rate(u.acceptedOnTime),
      closedOnTime: rate(u.closedOnTime),
      rated: rate(u.rated),
      satisfied: rate(u.satisfied),
      overdue: u.overdue.count,
      objections: { raised: u.objections.raised.count, upheld: u.objections.upheld.count },
      sentBack: u.sentBack.count,
      supervisions: { received: u.supervisions.received.count, answeredLate: u.supervisions.answeredLate.count },
      repeat: rate(u.repeat),
      meanDaysToAcceptance: u.meanDaysToAcceptance.mean,
      meanDaysToOpinion: u.meanDaysToOpinion.mean,
      score: u.score,
      rank: u.rank,
      previousRank: u.previous?.rank ?? null,
    })),
  };
}

// ---------------------------------------------------------------------------------------------------
// From loaded domain objects (tests, small deployments, the hand count); the store can fill the same read model
// from columns and the deadlines table.

/**
 * Each objection on the item with its outcome: upheld when the item next went to another unit (a later objection
 * by another unit, or the current lead unit), rejected when it came back to the objecting unit, pending while the
 * bureau has not re-routed it.
 */
export function objectionOutcomesOf(item: Pick<Item, 'facts' | 'leadUnitId' | 'status'>): ObjectionOutcome[] {
  const objs = item.facts.objections;
  return objs.map((o, i) => {
    const later = objs[i + 1];
    const nextUnit = later ? later.unitId : item.status === 'registered' ? null : item.leadUnitId;
    return { unitId: o.unitId, on: o.on, upheld: nextUnit === null ? null : nextUnit !== o.unitId };
  });
}

/** The duty clock of the first deadline of one of `rules` (stored deadline rows have the same fields). */
export function dutyClockOf(
  deadlines: readonly { rule: string; start: IsoDate; due: IsoDate; metOn: IsoDate | null }[],
  rules: readonly string[],
): DutyClock | null {
  const d = deadlines.find((x) => rules.includes(x.rule));
  return d ? { start: d.start, due: d.due, metOn: d.metOn } : null;
}

/** The scorecard facts of a loaded item and its deadlines as derived on `asOf` (`deadlinesOf`). */
export function scorecardItemOf(item: Item, deadlines: readonly ItemDeadline[]): ScorecardItem {
  const f = item.facts;
  return {
    id: item.id,
    registeredOn: item.registeredOn,
    status: item.status,
    leadUnitId: item.leadUnitId,
    isRepeat: item.isRepeat,
    acceptance: dutyClockOf(deadlines, ['accept_notice']),
    handling: dutyClockOf(deadlines, ['handle', 'simple_handle']),
    acceptedOn: f.acceptedOn,
    opinionOn: f.opinion?.issuedOn ?? null,
    servedOn: f.servedOn,
    satisfaction: f.rating?.satisfaction ?? null,
    unitDueOn: currentDuty(deadlines.filter((d) => d.party === 'unit'))?.due ?? null,
    objections: objectionOutcomesOf(item),
    sendBackCount: f.sendBacks.length,
  };
}

/** The scorecard facts of a 督办 on `asOf`. */
export function scorecardSupervisionOf(s: Supervision, asOf: IsoDate): ScorecardSupervision {
  return { id: s.id, unitId: s.unitId, issuedOn: s.issuedOn, answeredLate: supervisionAnsweredLate(s, asOf) };
}
