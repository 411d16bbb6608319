/**
 * The daily report of a 重大节点 period (or of any day asked for): items registered that day, counted by the
 * situation report's rules (不予受理 / 不再受理 left out and counted apart), by level and by channel, 集体访 and
 * 越级访 in 批次 / 人次, the hot issues the day's items belong to, the items' numbers and (masked) titles — or an
 * explicit 零报告 when nothing was registered. `dailyReportJson` is the exact shape of
 * `xinfang report daily --format json`. Pure: the rows and the clusters are passed in.
 */
import type { Channel, Flag, Level, Status } from '../../contract/enums.ts';
import { dateCn } from './cn-text.ts';
import type { IsoDate } from './calendar.ts';
import { COLLECTIVE_HEAD_COUNT } from './item.ts';
import { CHANNEL_KEYS, channelGroupOf, isCounted, LEVEL_KEYS } from './report-rules.ts';

/** What the report reads of one item registered that day. `title` must be the masked title. */
export interface DailyItemRow {
  id: string;
  number: string;
  title: string;
  registeredOn: IsoDate;
  status: Status;
  level: Level;
  channel: Channel;
  headCount: number;
  flags: readonly Flag[];
}

/** A hot-issue cluster (from the text module): its label and member item ids. */
export interface ClusterInput {
  label: string;
  ids: readonly string[];
}

export interface KeyCount {
  key: string;
  count: number;
}

export interface Visits {
  batches: number;
  people: number;
}

export interface DailyReport {
  date: IsoDate;
  total: number;
  byLevel: KeyCount[];
  byChannel: KeyCount[];
  collective: Visits;
  items: { number: string; title: string }[];
  zeroReport: boolean;
  text: string;
  /** Beyond the CLI's JSON: for the screen and the documents. */
  details: {
    period: { id: string; name: string } | null;
    itemIds: string[];
    skipLevel: Visits;
    hotIssues: { label: string; count: number; numbers: string[] }[];
    /**
     * True when the period's hot issues were not computed yet when the report was made (it is made on time
     * anyway and says so). Absent in reports stored before it existed.
     */
    hotIssuesPending?: boolean;
    notAccepted: { count: number; numbers: string[] };
  };
}

/** 集体访: a visit (来访) of five or more people; letters and online items signed by several are 联名, not visits. */
export function isCollectiveVisit(r: Pick<DailyItemRow, 'channel' | 'headCount' | 'flags'>): boolean {
  return r.channel === '来访' && (r.headCount >= COLLECTIVE_HEAD_COUNT || r.flags.includes('集体访'));
}

function visits(rows: readonly DailyItemRow[]): Visits {
  return { batches: rows.length, people: rows.reduce((s, r) => s + r.headCount, 0) };
}

function tally(keys: readonly string[], rows: readonly DailyItemRow[], key: (r: DailyItemRow) => string): KeyCount[] {
  return keys.map((k) => ({ key: k, count: rows.filter((r) => key(r) === k).length }));
}

const LEVEL_LABEL: Record<string, string> = { 国家: '国家级登记', 省: '省级登记', 市: '市级登记', 区: '区级登记' };

/** How many hot issues the text names. */
const HOT_IN_TEXT = 5;

function reportText(r: Omit<DailyReport, 'text'>): string {
  const head = `${dateCn(r.date)}${r.details.period ? `（${r.details.period.name}期间）` : ''}，`;
  const na = r.details.notAccepted.count;
  const tail = na ? `另有不予受理、不再受理事项${na}件，未计入总数。` : '';
  if (r.zeroReport) return `${head}全区未新登记信访事项，未发生集体访、越级访，实行零报告。${tail}`;
  const nonzero = (xs: KeyCount[], label: (k: string) => string = (k) => k) =>
    xs
      .filter((x) => x.count > 0)
      .map((x) => `${label(x.key)}${x.count}件`)
      .join('、');
  const c = r.collective;
  const s = r.details.skipLevel;
  const hot = r.details.hotIssues.slice(0, HOT_IN_TEXT);
  return (
    `${head}全区新登记信访事项${r.total}件。` +
    `从信访层级看，${nonzero(r.byLevel, (k) => LEVEL_LABEL[k] ?? k)}；从信访渠道看，${nonzero(r.byChannel)}。` +
    (c.batches ? `集体访${c.batches}批${c.people}人次` : '未发生集体访') +
    '，' +
    (s.batches ? `越级访${s.batches}批${s.people}人次` : '未发生越级访') +
    '。' +
    (hot.length ? `涉及热点问题：${hot.map((h) => `${h.label}（${h.count}件）`).join('；')}。` : '') +
    (r.details.hotIssuesPending ? '热点问题正在后台计算，本日报暂未列出。' : '') +
    `具体事项：${r.items.map((i) => `${i.number}（${i.title}）`).join('；')}。` +
    tail
  );
}

/**
 * The report of `date` from the rows registered that day (rows of other days are ignored). `period` names the
 * 重大节点 the day belongs to, if any; `clusters` are the period's hot issues (only those with an item of the day
 * count, by how many of the day's items they hold).
 */
export function dailyReport(
  date: IsoDate,
  rows: readonly DailyItemRow[],
  opts: {
    period?: { id: string; name: string } | null;
    clusters?: readonly ClusterInput[];
    /** The period's hot issues are not computed yet (`clusters` is then empty). */
    hotIssuesPending?: boolean;
  } = {},
): DailyReport {
  const day = rows.filter((r) => r.registeredOn === date);
  const counted = day.filter((r) => isCounted(r.status)).sort((a, b) => (a.number < b.number ? -1 : 1));
  const excluded = day.filter((r) => !isCounted(r.status)).sort((a, b) => (a.number < b.number ? -1 : 1));
  const ids = new Set(counted.map((r) => r.id));
  const byId = new Map(counted.map((r) => [r.id, r]));
  const hotIssues = (opts.clusters ?? [])
    .map((c) => {
      const members = c.ids.filter((id) => ids.has(id)).map((id) => byId.get(id)!.number);
      return { label: c.label, count: members.length, numbers: members.sort() };
    })
    .filter((h) => h.count > 0)
    .sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : 1));
  const base: Omit<DailyReport, 'text'> = {
    date,
    total: counted.length,
    byLevel: tally(LEVEL_KEYS, counted, (r) => r.level),
    byChannel: tally(CHANNEL_KEYS, counted, (r) => channelGroupOf(r.channel)),
    collective: visits(counted.filter(isCollectiveVisit)),
    items: counted.map((r) => ({ number: r.number, title: r.title })),
    zeroReport: counted.length === 0,
    details: {
      period: opts.period ?? null,
      itemIds: counted.map((r) => r.id),
      skipLevel: visits(counted.filter((r) => r.flags.includes('越级访'))),
      hotIssues,
      hotIssuesPending: !!opts.hotIssuesPending && counted.length > 0,
      notAccepted: { count: excluded.length, numbers: excluded.map((r) => r.number) },
    },
  };
  return { ...base, text: reportText(base) };
}

/** Exactly the JSON of `xinfang report daily --format json`, keys in the documented order. */
export function dailyReportJson(r: DailyReport) {
  return {
    date: r.date,
    total: r.total,
    byLevel: r.byLevel.map((x) => ({ key: x.key, count: x.count })),
    byChannel: r.byChannel.map((x) => ({ key: x.key, count: x.count })),
    collective: { batches: r.collective.batches, people: r.collective.people },
    items: r.items.map((i) => ({ number: i.number, title: i.title })),
    zeroReport: r.zeroReport,
    text: r.text,
  };
}
