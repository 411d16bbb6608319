import { sql, type RawBuilder } from 'kysely';
import { DOMAIN_CLASS_PATHS, OWN_CHANNEL_BUCKETS } from '../../contract/report-buckets.ts';
import { NOT_REPORTED_STATUSES, RESOLVED_STATUSES } from '../../contract/status-sets.ts';
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
const NOT_REPORTED = literals(NOT_REPORTED_STATUSES);
const RESOLVED = literals(RESOLVED_STATUSES);

/** 信访渠道 bucket: 电话, 传真 and 其他 fold into 其他. */
const CHANNEL_CASE = sql<string>`case when i.channel in (${literals(OWN_CHANNEL_BUCKETS)}) then i.channel else '其他' end`;

const under = (path: string) => sql`(i.class_path = ${path} or i.class_path like ${`${path}/%`})`;

/** 诉求领域 bucket, the SQL twin of taxonomy.reportDomainOf: the 涉法涉诉 flag wins, then the class path. */
const DOMAIN_CASE = sql<string>`case
  when i.legal_flag = 1 then '涉法涉诉'
  ${sql.join(
    DOMAIN_CLASS_PATHS.map((d) => sql`when ${sql.join(d.paths.map(under), sql` or `)} then ${literals([d.domain])}`),
    sql` `,
  )}
  else '其他' end`;

/** 初信初访 / 重复信访 / 责任单位不属于我区: outside wins so the three parts add up to the total. */
const ORIGIN_CASE = sql<string>`case when u.inside_district = 0 then 'outside' when i.is_repeat = 1 then 'repeat' else 'first' end`;

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

function inPeriod(from: string, to: string) {
  return sql`i.registered_on >= ${from} and i.registered_on <= ${to} and i.status not in (${NOT_REPORTED})`;
}

/** Counts of the period's reported items (excluded statuses left out) grouped by one bucket. */
export async function countBy(db: DbOrTrx, group: ReportGroup, from: string, to: string): Promise<Map<string, number>> {
  const expr = GROUPS[group];
  const r = await sql<{ k: string; n: number | string }>`
    select ${expr} as k, count(*) as n
    from items i left join units u on u.id = i.lead_unit_id
    where ${inPeriod(from, to)}
    group by 1`.execute(db); // by position: PostgreSQL does not match a CASE holding bound parameters twice
  return new Map(r.rows.map((row) => [String(row.k), Number(row.n)]));
}

/**
 * 来访 / 集体访 (来访 with ≥ `collectiveMin` people) / 联名 (other channels, ≥ 2 people) of the period's reported
 * items, by 批次 (items) and 人次 (head counts); the SQL twin of domain/visit-count.ts. Also the items guided into a
 * legal channel (导入法律程序), counted apart.
 */
export async function visitAndLegalCounts(db: DbOrTrx, from: string, to: string, collectiveMin: number) {
  const visit = sql`i.channel = '来访'`;
  const collective = sql`i.channel = '来访' and i.head_count >= ${collectiveMin}`;
  const joint = sql`i.channel <> '来访' and i.head_count >= 2`;
  const r = await sql<Record<string, number | string | null>>`
    select
      count(case when ${visit} then 1 end) as "vb",
      sum(case when ${visit} then i.head_count else 0 end) as "vp",
      count(case when ${collective} then 1 end) as "cb",
      sum(case when ${collective} then i.head_count else 0 end) as "cp",
      count(case when ${joint} then 1 end) as "jb",
      sum(case when ${joint} then i.head_count else 0 end) as "jp",
      count(case when i.status = 'legal_channel' then 1 end) as "legal"
    from items i
    where ${inPeriod(from, to)}`.execute(db);
  const row = r.rows[0] ?? {};
  const n = (k: string) => Number(row[k] ?? 0);
  return {
    visits: { batches: n('vb'), persons: n('vp') },
    collectiveVisits: { batches: n('cb'), persons: n('cp') },
    jointPetitions: { batches: n('jb'), persons: n('jp') },
    legalChannel: n('legal'),
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

/** Scalar counts of the period in one pass. */
export async function headlineCounts(db: DbOrTrx, from: string, to: string): Promise<HeadlineCounts> {
  const ex = sql`i.status in (${NOT_REPORTED})`;
  const rated = sql`i.satisfaction is not null and i.satisfaction <> '未评价'`;
  const r = await sql<Record<keyof HeadlineCounts, number | string>>`
    select
      count(case when not (${ex}) then 1 end) as "total",
      count(case when ${ex} then 1 end) as "notAccepted",
      count(case when not (${ex}) and i.is_repeat = 1 then 1 end) as "repeatAll",
      count(case when not (${ex}) and i.status in (${RESOLVED}) then 1 end) as "resolved",
      count(case when not (${ex}) and i.served_on is not null then 1 end) as "served",
      count(case when not (${ex}) and i.served_on is not null and ${rated} then 1 end) as "rated",
      count(case when not (${ex}) and i.served_on is not null and ${rated} and i.satisfaction in ('满意', '基本满意') then 1 end) as "satisfied"
    from items i
    where i.registered_on >= ${from} and i.registered_on <= ${to}`.execute(db);
  const row = r.rows[0];
  const n = (k: keyof HeadlineCounts) => Number(row?.[k] ?? 0);
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

/** Top lead units of the period by item count; ties by unit name. */
export async function topUnits(
  db: DbOrTrx,
  from: string,
  to: string,
  limit: number,
): Promise<{ unit: string; count: number }[]> {
  const r = await sql<{ unit: string; n: number | string }>`
    select u.name as unit, count(*) as n
    from items i join units u on u.id = i.lead_unit_id
    where ${inPeriod(from, to)}
    group by u.id, u.name
    order by count(*) desc, u.name asc
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
  const r = await sql<{ on_time: number | string; due: number | string }>`
    select
      count(case when d.met_on is not null and d.met_on <= d.due_on then 1 end) as on_time,
      count(*) as due
    from deadlines d join items i on i.id = d.item_id
    where d.rule in (${sql.join(rules)}) and d.due_on >= ${from} and d.due_on <= ${to}
      and (d.met_on is not null or d.due_on < ${asOf})
      and i.status not in (${NOT_REPORTED})`.execute(db);
  const row = r.rows[0];
  return { onTime: Number(row?.on_time ?? 0), due: Number(row?.due ?? 0) };
}

/** Item counts per month ('YYYY-MM') of the period. */
export async function monthlyCounts(db: DbOrTrx, from: string, to: string): Promise<Map<string, number>> {
  const r = await sql<{ m: string; n: number | string }>`
    select substr(i.registered_on, 1, 7) as m, count(*) as n
    from items i
    where ${inPeriod(from, to)}
    group by substr(i.registered_on, 1, 7)`.execute(db);
  return new Map(r.rows.map((row) => [row.m, Number(row.n)]));
}

/** Items of the period whose current duty is past due on `asOf` (still open). */
export async function overdueCount(db: DbOrTrx, from: string, to: string, asOf: string): Promise<number> {
  const r = await sql<{ n: number | string }>`
    select count(*) as n from items i
    where ${inPeriod(from, to)} and i.due_on is not null and i.due_on < ${asOf}`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

/** One line of the detail sheet: no personal data. */
export interface ReportItemRow {
  number: string;
  registeredOn: string;
  channel: string;
  level: string;
  classPath: string | null;
  leadUnit: string | null;
  isRepeat: boolean;
  status: string;
}

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
  }));
}
