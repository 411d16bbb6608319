import { PostgresAdapter, sql, type RawBuilder } from 'kysely';
import { RATING_SOURCE_KINDS } from '../../contract/rating-source.ts';
import { OWN_CHANNEL_BUCKETS } from '../../contract/report-buckets.ts';
import { NOT_REPORTED_STATUSES, RESOLVED_STATUSES } from '../../contract/status-sets.ts';
import type { ReportItemRow } from '../domain/report-rules.ts';
import type { ReadScope } from '../domain/visibility.policy.ts';
import type { DbOrTrx } from './db.ts';
import { visibleItems } from './item-scope.ts';

/**
 * SQL aggregation for the situation report (情况通报). Every figure is a GROUP BY / COUNT in the database;
 * only `reportItemRows` (the xlsx detail sheet) returns rows. Expressions are dialect-neutral
 * (CASE, LIKE, SUBSTR, COUNT) so SQLite and PostgreSQL give the same answer.
 */

/** Constant keys written into the SQL text as literals (they come from code, never from input). */
const literals = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

/** Statuses reported apart (not in the total), and the resolved ones. */
export const NOT_REPORTED = literals(NOT_REPORTED_STATUSES);
export const RESOLVED = literals(RESOLVED_STATUSES);

/** 信访渠道 bucket of a channel column: 电话, 传真 and 其他 fold into 其他. */
const channelCase = (channel: RawBuilder<unknown>) =>
  sql<string>`case when ${channel} in (${literals(OWN_CHANNEL_BUCKETS)}) then ${channel} else '其他' end`;
const CHANNEL_CASE = channelCase(sql.raw('i.channel'));

/**
 * 诉求领域 bucket: the 涉法涉诉 flag wins, then the resolved domain of the class path as the administrator mapped
 * it (taxonomy.report_domain, kept at every taxonomy edit); a path the tree does not hold is 其他. The SQL holds no
 * bound parameter, so PostgreSQL matches it in GROUP BY.
 */
const domainCase = (classPath: RawBuilder<unknown>, legal: RawBuilder<unknown>) =>
  sql<string>`case when ${legal} then '涉法涉诉'
  else coalesce((select t.report_domain from taxonomy t where t.path = ${classPath}), '其他') end`;
const DOMAIN_CASE = domainCase(sql.raw('i.class_path'), sql`i.legal_flag = 1`);

/** 初信初访 / 重复信访 / 责任单位不属于我区: outside wins so the three parts add up to the total. */
const ORIGIN_CASE = sql<string>`case when u.inside_district = 0 then 'outside'
  when i.is_repeat = 1 then 'repeat' else 'first' end`;

const GROUPS: Record<'origin' | 'level' | 'channel' | 'domain', RawBuilder<string>> = {
  origin: ORIGIN_CASE,
  level: sql<string>`i.level`,
  channel: CHANNEL_CASE,
  domain: DOMAIN_CASE,
};

export type ReportGroup = keyof typeof GROUPS;

/**
 * The SQL of one report bucket over `items as i` left-joined to `units as u` (the lead unit), so that the item
 * list can show exactly the items behind a number of the report (drill-down).
 */
export function reportBucket(group: ReportGroup): RawBuilder<string> {
  return GROUPS[group];
}

// ---- Figures from the maintained rollup (report_rollup, see migration 20261203_1520): a period is read as whole
// months from the monthly grain plus the days at either end from the daily grain, so a 12-month report sums a few
// thousand rows whatever the number of items. server/store/report-scan.store.ts computes the same from the rows.

const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);
const monthStart = (ym: string) => Date.UTC(Number(ym.slice(0, 4)), Number(ym.slice(5, 7)) - 1, 1);
const monthEnd = (ym: string) => isoDay(Date.UTC(Number(ym.slice(0, 4)), Number(ym.slice(5, 7)), 0));
const shiftMonth = (ym: string, by: number) =>
  isoDay(Date.UTC(Number(ym.slice(0, 4)), Number(ym.slice(5, 7)) - 1 + by, 1)).slice(0, 7);

/**
 * PostgreSQL: folds the rollup rows of finished transactions (each writes into its own shard, see migration
 * 20261207_1950) into shard 0, in one statement; rows of transactions still running are invisible to it and wait for
 * the next pass. Readers sum over every shard, so a pass changes no figure. SQLite keeps one row per key: no work.
 */
export async function compactRollup(db: DbOrTrx): Promise<{ folded: number }> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return { folded: 0 };
  const r = await sql`
    with moved as (delete from report_rollup where shard <> 0 returning grain, dim, period, key, n)
    insert into report_rollup (grain, dim, period, key, n, shard)
    select grain, dim, period, key, sum(n), 0 from moved group by grain, dim, period, key order by 1, 2, 3, 4
    on conflict (grain, dim, period, key, shard) do update set n = report_rollup.n + excluded.n`.execute(db);
  return { folded: Number(r.numAffectedRows ?? 0) };
}

/** The rollup rows of [from, to]: whole months from grain 'm', the partial months' days from grain 'd'. */
function periodRows(from: string, to: string): RawBuilder<unknown> {
  const first = from.endsWith('-01') ? from.slice(0, 7) : shiftMonth(from.slice(0, 7), 1);
  const last = to === monthEnd(to.slice(0, 7)) ? to.slice(0, 7) : shiftMonth(to.slice(0, 7), -1);
  if (first > last) return sql`(r.grain = 'd' and r.period >= ${from} and r.period <= ${to})`;
  const parts = [sql`(r.grain = 'm' and r.period >= ${first} and r.period <= ${last})`];
  const head = isoDay(monthStart(first));
  if (from < head) parts.push(sql`(r.grain = 'd' and r.period >= ${from} and r.period < ${head})`);
  const tail = monthEnd(last);
  if (to > tail) parts.push(sql`(r.grain = 'd' and r.period > ${tail} and r.period <= ${to})`);
  return sql`(${sql.join(parts, sql` or `)})`;
}

const UNIT_DIMS = sql`r.dim in ('unit_first', 'unit_repeat')`;

/** How each report bucket reads the rollup: the dimension rows and the bucket of their key. */
const ROLLUP_GROUPS: Record<
  ReportGroup,
  { where: RawBuilder<unknown>; key: RawBuilder<string>; join?: RawBuilder<unknown> }
> = {
  origin: {
    where: UNIT_DIMS,
    key: sql<string>`case when u.inside_district = 0 then 'outside'
      when r.dim = 'unit_repeat' then 'repeat' else 'first' end`,
    join: sql`left join units u on u.id = r.key`,
  },
  level: { where: sql`r.dim = 'level'`, key: sql<string>`r.key` },
  channel: { where: sql`r.dim = 'channel'`, key: channelCase(sql.raw('r.key')) },
  domain: { where: sql`r.dim = 'class'`, key: domainCase(sql.raw('r.key'), sql`r.key = '#legal'`) },
};

/** Counts of the period's reported items (excluded statuses left out) grouped by one bucket. */
export async function countBy(db: DbOrTrx, group: ReportGroup, from: string, to: string): Promise<Map<string, number>> {
  const g = ROLLUP_GROUPS[group];
  const r = await sql<{ k: string; n: number | string }>`
    select ${g.key} as k, sum(r.n) as n
    from report_rollup r ${g.join ?? sql``}
    where ${g.where} and ${periodRows(from, to)}
    group by 1`.execute(db);
  return new Map(r.rows.map((row) => [String(row.k), Number(row.n)]));
}

/** Sums of the period's rollup rows of the given dimensions, by dimension and key. */
async function dimSums(db: DbOrTrx, dims: readonly string[], from: string, to: string) {
  const r = await sql<{ dim: string; key: string; n: number | string }>`
    select r.dim, r.key, sum(r.n) as n from report_rollup r
    where r.dim in (${literals(dims)}) and ${periodRows(from, to)}
    group by r.dim, r.key`.execute(db);
  const out = new Map<string, { key: string; n: number }[]>();
  for (const row of r.rows) out.set(row.dim, [...(out.get(row.dim) ?? []), { key: row.key, n: Number(row.n) }]);
  return out;
}

/**
 * 来访 / 集体访 (来访 with ≥ `collectiveMin` people) / 联名 (other channels, ≥ 2 people) of the period's reported
 * items, by 批次 (items) and 人次 (head counts); the SQL twin of domain/visit-count.ts. Also the items guided into a
 * legal channel (导入法律程序), counted apart.
 */
export async function visitAndLegalCounts(db: DbOrTrx, from: string, to: string, collectiveMin: number) {
  const s = await dimSums(db, ['visit', 'joint', 'm'], from, to);
  const tally = (dim: string, min: number) => {
    let batches = 0;
    let persons = 0;
    for (const e of s.get(dim) ?? [])
      if (Number(e.key) >= min) {
        batches += e.n;
        persons += e.n * Number(e.key);
      }
    return { batches, persons };
  };
  return {
    visits: tally('visit', Number.NEGATIVE_INFINITY),
    collectiveVisits: tally('visit', collectiveMin),
    jointPetitions: tally('joint', 2),
    legalChannel: s.get('m')?.find((e) => e.key === 'legal')?.n ?? 0,
  };
}

export interface HeadlineCounts {
  total: number;
  notAccepted: number;
  repeatAll: number;
  resolved: number;
  served: number;
  rated: number;
  satisfied: number;
}

/** Scalar counts of the period. */
export async function headlineCounts(db: DbOrTrx, from: string, to: string): Promise<HeadlineCounts> {
  const m = new Map(((await dimSums(db, ['m'], from, to)).get('m') ?? []).map((e) => [e.key, e.n]));
  return headlineOf((k) => m.get(k) ?? 0);
}

/** The headline counts, each read by `n`. */
export function headlineOf(n: (k: keyof HeadlineCounts) => number): HeadlineCounts {
  return {
    total: n('total'),
    notAccepted: n('notAccepted'),
    repeatAll: n('repeatAll'),
    resolved: n('resolved'),
    served: n('served'),
    rated: n('rated'),
    satisfied: n('satisfied'),
  };
}

/** The rated items the report counts (served, rated, reported statuses), over `items as i`. */
export const RATED_IN_REPORT = sql<boolean>`i.served_on is not null and i.satisfaction is not null
  and i.satisfaction <> '未评价' and i.status not in (${NOT_REPORTED})`;
export const SATISFIED = sql<boolean>`i.satisfaction in ('满意', '基本满意')`;

/**
 * Rated and satisfied items of the period by where the rating came from (items.rating_source): one range of the
 * period per source over the covering index items_rating_source, whose rows are the rated items only. The sources
 * are named (not `is not null`): with a range on the first column SQLite cannot range on the date and picks
 * items_registered instead, reading every item row of the period (a year at 1M items: 1.6 s that way, 95 ms this
 * way). items.rating_source is only ever written from ratingSourceKind, so the named kinds are all its values and
 * the sums are the headline's rated / satisfied.
 */
export async function ratingSourceCounts(
  db: DbOrTrx,
  from: string,
  to: string,
): Promise<Map<string, { rated: number; satisfied: number }>> {
  const r = await sql<{ source: string | null; rated: number | string; satisfied: number | string }>`
    select i.rating_source as source, count(*) as rated, count(case when ${SATISFIED} then 1 end) as satisfied
    from items i
    where i.rating_source in (${literals(RATING_SOURCE_KINDS)})
      and i.registered_on >= ${from} and i.registered_on <= ${to} and ${RATED_IN_REPORT}
    group by i.rating_source`.execute(db);
  return new Map(r.rows.map((x) => [String(x.source), { rated: Number(x.rated), satisfied: Number(x.satisfied) }]));
}

/** Top lead units of the period by item count; ties by unit name. */
export async function topUnits(
  db: DbOrTrx,
  from: string,
  to: string,
  limit: number,
): Promise<{ unit: string; count: number }[]> {
  const r = await sql<{ unit: string; n: number | string }>`
    select u.name as unit, sum(r.n) as n
    from report_rollup r join units u on u.id = r.key
    where ${UNIT_DIMS} and ${periodRows(from, to)}
    group by u.id, u.name
    having sum(r.n) > 0
    order by sum(r.n) desc, u.name asc
    limit ${limit}`.execute(db);
  return r.rows.map((row) => ({ unit: row.unit, count: Number(row.n) }));
}

/**
 * On-time counts of duty deadlines of the given rules that fall due in [from, to]. A deadline counts once
 * decidable: met, or its due date already passed on `asOf` (overdue and still open counts against).
 */
export async function deadlineCounts(
  db: DbOrTrx,
  rules: readonly string[],
  from: string,
  to: string,
  asOf: string,
): Promise<{ onTime: number; due: number }> {
  const dims = literals(rules.map((rule) => `dl:${rule}`));
  const r = await sql<{ on_time: number | string | null; due: number | string | null }>`
    select
      sum(case when r.key = 'on_time' then r.n else 0 end) as on_time,
      sum(r.n) as due
    from report_rollup r
    where r.dim in (${dims}) and (
      (r.key <> 'open' and ${periodRows(from, to)})
      or (r.key = 'open' and r.grain = 'd' and r.period >= ${from} and r.period <= ${to}
        and r.period < ${asOf}))`.execute(db);
  const row = r.rows[0];
  return { onTime: Number(row?.on_time ?? 0), due: Number(row?.due ?? 0) };
}

/** Item counts per month ('YYYY-MM') of the period. */
export async function monthlyCounts(db: DbOrTrx, from: string, to: string): Promise<Map<string, number>> {
  const r = await sql<{ m: string; n: number | string }>`
    select substr(r.period, 1, 7) as m, sum(r.n) as n
    from report_rollup r
    where r.dim = 'm' and r.key = 'total' and ${periodRows(from, to)}
    group by substr(r.period, 1, 7)`.execute(db);
  return new Map(r.rows.filter((row) => Number(row.n) !== 0).map((row) => [row.m, Number(row.n)]));
}

/**
 * Items of the period whose current duty is past due on `asOf` (still open): a range over the few overdue items
 * in items_due_registered. The period is compared as an expression so that SQLite does not walk the whole period
 * through items_registered instead.
 */
export async function overdueCount(db: DbOrTrx, from: string, to: string, asOf: string): Promise<number> {
  const r = await sql<{ n: number | string }>`
    select count(*) as n from items i
    where i.due_on < ${asOf} and (i.registered_on || '') >= ${from} and (i.registered_on || '') <= ${to}
      and i.status not in (${NOT_REPORTED})`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

/** One line of the detail sheet: no personal data. */
export type { ReportItemRow };

/** The items behind the report (for the xlsx detail sheet) within `scope`, ordered by date and number. */
export async function reportItemRows(
  db: DbOrTrx,
  from: string,
  to: string,
  scope: ReadScope,
): Promise<ReportItemRow[]> {
  const rows = await db
    .selectFrom('items as i')
    .leftJoin('units as u', 'u.id', 'i.lead_unit_id')
    .select([
      'i.number',
      'i.registered_on',
      'i.channel',
      'i.level',
      'i.class_path',
      'u.name as unit_name',
      'i.is_repeat',
      'i.status',
      'i.served_on',
      'i.satisfaction',
      'i.rating_source',
    ])
    .where('i.registered_on', '>=', from)
    .where('i.registered_on', '<=', to)
    .where(visibleItems(scope))
    .orderBy('i.registered_on')
    .orderBy('i.number')
    .execute();
  return rows.map((r) => ({
    number: r.number,
    registeredOn: r.registered_on,
    channel: r.channel,
    level: r.level,
    classPath: r.class_path,
    leadUnit: r.unit_name ?? null,
    isRepeat: Number(r.is_repeat) === 1,
    status: r.status,
    ...(r.served_on && r.satisfaction && r.satisfaction !== '未评价'
      ? { satisfaction: r.satisfaction, ratingSource: r.rating_source }
      : { satisfaction: null, ratingSource: null }),
  }));
}
