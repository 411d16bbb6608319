import { addDays, todayOf } from '../domain/calendar.ts';
import type { DbOrTrx } from '../store/db.ts';
import { AppError } from '../domain/errors.ts';
import { ORIGIN_BUCKETS, REPORT_DOMAINS } from '../../contract/report-buckets.ts';
import { CHANNEL_KEYS, COUNTING_DEFINITIONS, comparisonPeriod, LEVEL_KEYS } from '../domain/report-rules.ts';
import { COLLECTIVE_VISIT_MIN, type VisitCounts } from '../domain/visit-count.ts';
import * as rollup from '../store/report.store.ts';
import type { ReportGroup } from '../store/report.store.ts';
import { reportText } from './report-text.ts';
import { rateOf, sharesOf } from '../domain/shares.ts';
import {
  RATING_SOURCE_KINDS,
  ratingSourceGroup,
  type RatingSourceGroup,
  type RatingSourceKind,
} from '../../contract/rating-source.ts';

/** Where the figures come from: the maintained rollup (default) or the row-by-row twin (store/report-scan.store). */
export type ReportSource = Pick<
  typeof rollup,
  | 'countBy'
  | 'headlineCounts'
  | 'topUnits'
  | 'deadlineCounts'
  | 'visitAndLegalCounts'
  | 'monthlyCounts'
  | 'overdueCount'
>;

/** What the report reads: the database and the clock (the app's deps fit). */
export interface ReportDeps {
  db: DbOrTrx;
  clock: () => Date;
  reportSource?: ReportSource;
}

// The counting rules live in the pure domain (the campaign board and the daily report count by them too).
export { CHANNEL_KEYS, comparisonPeriod, LEVEL_KEYS };
export const DOMAIN_KEYS = REPORT_DOMAINS;

export interface SplitEntry {
  key: string;
  count: number;
  share: number;
}
export interface Part {
  count: number;
  share: number;
}
export interface Indicator {
  rate: number | null;
  numerator: number;
  denominator: number;
  formula: string;
}
export type IndicatorKey = '及时受理率' | '按期办结率' | '参评率' | '满意率' | '重复信访率' | '化解率';

/** Formula text of each indicator, shown beside the numbers. */
export const INDICATOR_FORMULAS: Readonly<Record<IndicatorKey, string>> = {
  及时受理率: '按期受理告知件数 ÷ 受理告知期限届满（或已告知）件数 × 100%',
  按期办结率: '按期出具处理意见件数 ÷ 办理期限届满（或已出具意见）件数 × 100%（逾期未办结计入分母）',
  参评率: '已评价件数 ÷ 已送达件数 × 100%',
  满意率: '（满意 + 基本满意）件数 ÷ 已评价件数 × 100%',
  重复信访率: '重复信访件数 ÷ 受理总件数 × 100%',
  化解率: '已办结及已终结件数 ÷ 受理总件数 × 100%',
};

export const DEFINITIONS: Readonly<Record<string, string>> = {
  ...COUNTING_DEFINITIONS,
  byDomain:
    '涉法涉诉标记优先；其次按内容分类：城乡建设→城乡建设，劳动和社会保障→劳动保障，经济管理/市场监管、食品药品监管、质监→市场监管，其余→其他',
  ...INDICATOR_FORMULAS,
  satisfactionBySource:
    '按评价来源分列满意率：网上自评（信访人凭查询码评价）、回访（电话、上门、短信回访中信访人表示的满意度）；' +
    '各来源已评价件数之和等于已评价件数，满意件数之和等于满意件数',
};

export interface PeriodFigures {
  period: { from: string; to: string };
  total: number;
  notAccepted: number;
  firstTime: Part;
  repeat: Part;
  outsideDistrict: Part;
  byLevel: SplitEntry[];
  byChannel: SplitEntry[];
  byDomain: SplitEntry[];
  topUnits: { unit: string; count: number }[];
  indicators: Record<IndicatorKey, Indicator>;
  /** 来访 / 集体访 (来访 ≥ 5 人) / 联名, by 批次 and 人次 (see domain/visit-count.ts). */
  visitCounts: VisitCounts;
  /** Items guided into a legal channel (导入法律程序, 诉访分离), counted apart. */
  legalChannel: number;
  /** 满意率 by where each rating came from (网上自评, each kind of 回访); the parts add up to 满意率. */
  satisfactionBySource: SatisfactionBySource[];
}

export interface SatisfactionBySource {
  source: RatingSourceKind;
  /** 网上自评, 回访 (any method) or 来源未记录: how the report groups the sources. */
  group: RatingSourceGroup;
  rated: number;
  satisfied: number;
  rate: number | null;
}

export interface Change {
  current: number;
  previous: number;
  diff: number;
  rate: number | null;
}

export interface Comparison extends PeriodFigures {
  kind: 'prev' | 'yoy';
  changes: { total: Change; firstTime: Change; repeat: Change; outsideDistrict: Change; notAccepted: Change };
}

export interface Report extends PeriodFigures {
  definitions: Record<string, string>;
  comparison?: Comparison;
  text: string;
}

export interface ReportQuery {
  from: string;
  to: string;
  compare?: 'prev' | 'yoy' | undefined;
  top?: number | undefined;
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(s: string): boolean {
  if (!ISO.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Checks a report period; throws VALIDATION with a Chinese message. */
export function checkPeriod(from: string, to: string): void {
  if (!isIsoDate(from)) throw new AppError('VALIDATION', `起始日期「${from}」无效，请按 YYYY-MM-DD 填写`);
  if (!isIsoDate(to)) throw new AppError('VALIDATION', `截止日期「${to}」无效，请按 YYYY-MM-DD 填写`);
  if (from > to) throw new AppError('VALIDATION', `起始日期 ${from} 晚于截止日期 ${to}`);
}

function split(keys: readonly string[], counts: Map<string, number>): SplitEntry[] {
  const n = keys.map((k) => counts.get(k) ?? 0);
  const s = sharesOf(n);
  return keys.map((key, i) => ({ key, count: n[i]!, share: s[i]! }));
}

function indicator(key: IndicatorKey, numerator: number, denominator: number): Indicator {
  return { rate: rateOf(numerator, denominator), numerator, denominator, formula: INDICATOR_FORMULAS[key] };
}

/** All figures of one period, each an aggregate query. */
export async function periodFigures(deps: ReportDeps, from: string, to: string, top: number): Promise<PeriodFigures> {
  const asOf = todayOf(deps.clock());
  const db = deps.db;
  const { countBy, headlineCounts, topUnits, deadlineCounts, visitAndLegalCounts } = deps.reportSource ?? rollup;
  const by = (g: ReportGroup) => countBy(db, g, from, to);
  const [head, origin, level, channel, domain, units, accept, handle, visits, sources] = await Promise.all([
    headlineCounts(db, from, to),
    by('origin'),
    by('level'),
    by('channel'),
    by('domain'),
    topUnits(db, from, to, top),
    deadlineCounts(db, ['accept_notice'], from, to, asOf),
    deadlineCounts(db, ['handle', 'simple_handle'], from, to, asOf),
    visitAndLegalCounts(db, from, to, COLLECTIVE_VISIT_MIN),
    rollup.ratingSourceCounts(db, from, to),
  ]);
  const parts = ORIGIN_BUCKETS.map((k) => origin.get(k) ?? 0);
  const ps = sharesOf(parts);
  return {
    period: { from, to },
    total: head.total,
    notAccepted: head.notAccepted,
    firstTime: { count: parts[0]!, share: ps[0]! },
    repeat: { count: parts[1]!, share: ps[1]! },
    outsideDistrict: { count: parts[2]!, share: ps[2]! },
    byLevel: split(LEVEL_KEYS, level),
    byChannel: split(CHANNEL_KEYS, channel),
    byDomain: split(DOMAIN_KEYS, domain),
    topUnits: units,
    indicators: {
      及时受理率: indicator('及时受理率', accept.onTime, accept.due),
      按期办结率: indicator('按期办结率', handle.onTime, handle.due),
      参评率: indicator('参评率', head.rated, head.served),
      满意率: indicator('满意率', head.satisfied, head.rated),
      重复信访率: indicator('重复信访率', head.repeatAll, head.total),
      化解率: indicator('化解率', head.resolved, head.total),
    },
    visitCounts: {
      visits: visits.visits,
      collectiveVisits: visits.collectiveVisits,
      jointPetitions: visits.jointPetitions,
    },
    legalChannel: visits.legalChannel,
    satisfactionBySource: RATING_SOURCE_KINDS.map((source) => {
      const c = sources.get(source) ?? { rated: 0, satisfied: 0 };
      return { source, group: ratingSourceGroup(source), ...c, rate: rateOf(c.satisfied, c.rated) };
    }),
  };
}

export interface SatisfactionRow {
  label: string;
  rated: number;
  satisfied: number;
  rate: number | null;
}

/**
 * The rows of 满意率 by source as the Word and Excel reports print them: 网上自评, 回访 with each method under it,
 * 来源未记录 when there are any, and 合计 — which equals the 满意率 indicator.
 */
export function satisfactionRows(f: PeriodFigures): SatisfactionRow[] {
  const row = (label: string, parts: readonly SatisfactionBySource[]): SatisfactionRow => {
    const rated = parts.reduce((a, p) => a + p.rated, 0);
    const satisfied = parts.reduce((a, p) => a + p.satisfied, 0);
    return { label, rated, satisfied, rate: rateOf(satisfied, rated) };
  };
  const of = (g: RatingSourceGroup) => f.satisfactionBySource.filter((p) => p.group === g);
  const unrecorded = of('来源未记录');
  return [
    row('网上自评', of('网上自评')),
    row('回访', of('回访')),
    ...of('回访').map((p) => row(`　其中：${p.source}`, [p])),
    ...(unrecorded.some((p) => p.rated > 0) ? [row('来源未记录', unrecorded)] : []),
    row('合计', f.satisfactionBySource),
  ];
}

function change(current: number, previous: number): Change {
  return {
    current,
    previous,
    diff: current - previous,
    rate: previous > 0 ? Math.round(((current - previous) * 1000) / previous) / 10 : null,
  };
}

/**
 * Builds the situation report (情况通报) for [from, to]: the splits the speech recites, the indicators with
 * their formulas, an optional comparison period, and the paragraph with every number filled.
 */
export async function buildReport(deps: ReportDeps, q: ReportQuery): Promise<Report> {
  checkPeriod(q.from, q.to);
  const top = q.top ?? 4;
  if (!Number.isInteger(top) || top < 1 || top > 50) throw new AppError('VALIDATION', '单位排名数量应为 1～50 的整数');
  const cur = await periodFigures(deps, q.from, q.to, top);
  let comparison: Comparison | undefined;
  if (q.compare) {
    const p = comparisonPeriod(q.from, q.to, q.compare);
    const prev = await periodFigures(deps, p.from, p.to, top);
    comparison = {
      ...prev,
      kind: q.compare,
      changes: {
        total: change(cur.total, prev.total),
        firstTime: change(cur.firstTime.count, prev.firstTime.count),
        repeat: change(cur.repeat.count, prev.repeat.count),
        outsideDistrict: change(cur.outsideDistrict.count, prev.outsideDistrict.count),
        notAccepted: change(cur.notAccepted, prev.notAccepted),
      },
    };
  }
  const report: Report = { ...cur, definitions: { ...DEFINITIONS }, ...(comparison ? { comparison } : {}), text: '' };
  report.text = reportText(report);
  return report;
}
