import { sql } from 'kysely';
import type { DbOrTrx } from './db.ts';
import {
  headlineOf,
  NOT_REPORTED,
  RESOLVED,
  reportBucket,
  type HeadlineCounts,
  type ReportGroup,
} from './report.store.ts';

/**
 * The situation report's figures computed row by row from `items` and `deadlines` (the report itself reads the
 * maintained rollup, see report.store.ts). Kept as the reference the rollup is checked against: the same
 * signatures, the same answers for every period.
 */

function inPeriod(from: string, to: string) {
  return sql`i.registered_on >= ${from} and i.registered_on <= ${to} and i.status not in (${NOT_REPORTED})`;
}

/** Row-by-row twin of report.store `countBy`. */
export async function countBy(db: DbOrTrx, group: ReportGroup, from: string, to: string): Promise<Map<string, number>> {
  const expr = reportBucket(group);
  const r = await sql<{ k: string; n: number | string }>`
    select ${expr} as k, count(*) as n
    from items i left join units u on u.id = i.lead_unit_id
    where ${inPeriod(from, to)}
    group by 1`.execute(db); // by position: PostgreSQL does not match a CASE holding bound parameters twice
  return new Map(r.rows.map((row) => [String(row.k), Number(row.n)]));
}

/** Row-by-row twin of report.store `visitAndLegalCounts`. */
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

/** Row-by-row twin of report.store `headlineCounts`. */
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
      count(case when not (${ex}) and i.served_on is not null and ${rated}
        and i.satisfaction in ('满意', '基本满意') then 1 end) as "satisfied"
    from items i
    where i.registered_on >= ${from} and i.registered_on <= ${to}`.execute(db);
  const row = r.rows[0];
  return headlineOf((k) => Number(row?.[k] ?? 0));
}

/** Row-by-row twin of report.store `topUnits`. */
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

/** Row-by-row twin of report.store `deadlineCounts`. */
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

/** Row-by-row twin of report.store `monthlyCounts`. */
export async function monthlyCounts(db: DbOrTrx, from: string, to: string): Promise<Map<string, number>> {
  const r = await sql<{ m: string; n: number | string }>`
    select substr(i.registered_on, 1, 7) as m, count(*) as n
    from items i
    where ${inPeriod(from, to)}
    group by substr(i.registered_on, 1, 7)`.execute(db);
  return new Map(r.rows.map((row) => [row.m, Number(row.n)]));
}

/** Row-by-row twin of report.store `overdueCount`. */
export async function overdueCount(db: DbOrTrx, from: string, to: string, asOf: string): Promise<number> {
  const r = await sql<{ n: number | string }>`
    select count(*) as n from items i
    where ${inPeriod(from, to)} and i.due_on is not null and i.due_on < ${asOf}`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}
