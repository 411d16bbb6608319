/**
 * The counting rules of the situation report (情况通报) as pure functions over one item's facts: the twins of
 * the SQL buckets in `server/store/report.store.ts` (a store test checks that both give the same counts), so
 * that every other figure of the product — the campaign board, the daily report of a 重大节点 period — counts
 * items exactly as the report does without restating its rules.
 */
import type { Channel, Level, Status } from '../../contract/enums.ts';
import { CHANNEL_BUCKETS, LEVEL_BUCKETS } from '../../contract/report-buckets.ts';
import { NOT_REPORTED_STATUSES } from '../../contract/status-sets.ts';
import { addDays, diffDays, type IsoDate } from './calendar.ts';

/** Statuses registered only and reported apart (不予受理 / 不再受理): never in a total. */
export const EXCLUDED_STATUSES = NOT_REPORTED_STATUSES;

/** The report counts the item (in a total) unless it was registered only as 不予受理 / 不再受理. */
export function isCounted(status: Status): boolean {
  return !(EXCLUDED_STATUSES as readonly Status[]).includes(status);
}

/** 登记机构 keys in report order. */
export const LEVEL_KEYS = LEVEL_BUCKETS satisfies readonly Level[];
/** 信访渠道 buckets in report order: 电话, 传真 and 其他 fold into 其他. */
export const CHANNEL_KEYS = CHANNEL_BUCKETS;
export type ChannelGroup = (typeof CHANNEL_KEYS)[number];

export function channelGroupOf(channel: Channel): ChannelGroup {
  return channel === '网上投诉' || channel === '来访' || channel === '来信' ? channel : '其他';
}

/** 初信初访 / 重复信访 / 责任单位不属于我区. */
export type Origin = 'first' | 'repeat' | 'outside';

/**
 * The origin part of a counted item: outside wins (the lead unit is not of the district), then the repeat mark;
 * an item not yet routed (no lead unit) is inside. The three parts add up to the total.
 */
export function originOf(item: { isRepeat: boolean; leadUnitInside: boolean | null }): Origin {
  if (item.leadUnitInside === false) return 'outside';
  return item.isRepeat ? 'repeat' : 'first';
}

/** What each counting word means, shown beside the numbers (the report shows the same sentences). */
export const COUNTING_DEFINITIONS = {
  total: '统计期内登记的信访事项，不含不予受理、不再受理事项',
  notAccepted: '统计期内登记为不予受理、不再受理的事项（单列，不计入总量）',
  firstTime: '责任单位属我区（或尚未交转）且非重复信访的事项',
  repeat: '责任单位属我区（或尚未交转）且为重复信访的事项',
  outsideDistrict: '责任单位不属于我区的事项',
} as const;

/** The same date a year earlier (29 February becomes 28 February). */
export function yearEarlier(d: IsoDate): IsoDate {
  const y = Number(d.slice(0, 4)) - 1;
  const md = d.slice(5);
  return md === '02-29' ? `${y}-02-28` : `${String(y).padStart(4, '0')}-${md}`;
}

function lastOfMonth(y: number, m: number): IsoDate {
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10); // day 0 of the next month
}

/**
 * The comparison period: `yoy` = the same dates a year earlier; `prev` = the same length just before —
 * counted in whole months when the period is whole months (a quarter compares with the previous quarter),
 * otherwise in days.
 */
export function comparisonPeriod(from: IsoDate, to: IsoDate, kind: 'prev' | 'yoy'): { from: IsoDate; to: IsoDate } {
  if (kind === 'yoy') return { from: yearEarlier(from), to: yearEarlier(to) };
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  if (fd === 1 && to === lastOfMonth(ty, tm)) {
    const months = (ty - fy) * 12 + (tm - fm) + 1;
    const start = new Date(Date.UTC(fy, fm - 1 - months, 1)).toISOString().slice(0, 10);
    return { from: start, to: addDays(from, -1) };
  }
  const len = diffDays(from, to);
  const pTo = addDays(from, -1);
  return { from: addDays(pTo, -len), to: pTo };
}

/** One item behind the report, as the Excel detail sheet lists it. */
export interface ReportItemRow {
  number: string;
  registeredOn: string;
  channel: string;
  level: string;
  classPath: string | null;
  leadUnit: string | null;
  isRepeat: boolean;
  status: string;
  /** The rating the report counts (served and rated) and where it came from; null otherwise. */
  satisfaction: string | null;
  ratingSource: string | null;
}
