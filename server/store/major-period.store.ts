import type { DailyReport } from '../domain/daily-report.ts';
import type { WarningThresholds } from '../domain/deadline.ts';
import { AppError } from '../domain/errors.ts';
import type { MajorPeriod } from '../domain/major-period.ts';
import type { DbOrTrx } from './db.ts';

/** 重大节点 periods and the daily reports produced during them (one row per day). */

export async function insertPeriod(db: DbOrTrx, p: MajorPeriod, nowIso: string): Promise<void> {
  await db
    .insertInto('major_periods')
    .values({
      id: p.id,
      version: 1,
      name: p.name,
      from_on: p.from,
      to_on: p.to,
      report_time: p.reportTime,
      thresholds: p.thresholds ? JSON.stringify(p.thresholds) : null,
      created_at: nowIso,
      updated_at: nowIso,
    })
    .execute();
}

export async function updatePeriod(
  db: DbOrTrx,
  p: MajorPeriod,
  expectedVersion: number,
  nowIso: string,
): Promise<number> {
  const res = await db
    .updateTable('major_periods')
    .set({
      name: p.name,
      from_on: p.from,
      to_on: p.to,
      report_time: p.reportTime,
      thresholds: p.thresholds ? JSON.stringify(p.thresholds) : null,
      version: expectedVersion + 1,
      updated_at: nowIso,
    })
    .where('id', '=', p.id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw new AppError('CONFLICT', '该重大节点已被他人修改，请刷新后重试');
  return expectedVersion + 1;
}

export interface StoredPeriod extends MajorPeriod {
  version: number;
}

/** Periods by start date; with `on`, only those including that day. */
export async function listPeriods(db: DbOrTrx, on?: string): Promise<StoredPeriod[]> {
  let q = db.selectFrom('major_periods').selectAll();
  if (on) q = q.where('from_on', '<=', on).where('to_on', '>=', on);
  const rows = await q.orderBy('from_on').orderBy('name').execute();
  return rows.map((r) => ({
    id: r.id,
    version: Number(r.version),
    name: r.name,
    from: r.from_on,
    to: r.to_on,
    reportTime: r.report_time,
    thresholds: r.thresholds ? (JSON.parse(r.thresholds) as WarningThresholds) : null,
  }));
}

/**
 * Stores the report of its day unless one is already stored (a second instance or a rerun loses quietly):
 * true when this call wrote it.
 */
export async function saveDailyReport(
  db: DbOrTrx,
  r: DailyReport,
  periodId: string | null,
  nowIso: string,
): Promise<boolean> {
  const res = await db
    .insertInto('daily_reports')
    .values({
      report_date: r.date,
      period_id: periodId,
      total: r.total,
      zero_report: r.zeroReport ? 1 : 0,
      body: JSON.stringify(r),
      produced_at: nowIso,
    })
    .onConflict((oc) => oc.column('report_date').doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function loadDailyReport(
  db: DbOrTrx,
  date: string,
): Promise<(DailyReport & { producedAt: string }) | null> {
  const r = await db.selectFrom('daily_reports').selectAll().where('report_date', '=', date).executeTakeFirst();
  return r ? { ...(JSON.parse(r.body) as DailyReport), producedAt: r.produced_at } : null;
}

/** The days in [from, to] that already have a stored report. */
export async function producedDates(db: DbOrTrx, from: string, to: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('daily_reports')
    .select('report_date')
    .where('report_date', '>=', from)
    .where('report_date', '<=', to)
    .execute();
  return new Set(rows.map((r) => r.report_date));
}

/** Stored reports of [from, to], by day, with the period each belongs to (a register of the period). */
export async function listDailyReports(
  db: DbOrTrx,
  from: string,
  to: string,
): Promise<{ date: string; periodId: string | null; total: number; zeroReport: boolean; producedAt: string }[]> {
  const rows = await db
    .selectFrom('daily_reports')
    .select(['report_date', 'period_id', 'total', 'zero_report', 'produced_at'])
    .where('report_date', '>=', from)
    .where('report_date', '<=', to)
    .orderBy('report_date')
    .execute();
  return rows.map((r) => ({
    date: r.report_date,
    periodId: r.period_id,
    total: Number(r.total),
    zeroReport: Number(r.zero_report) === 1,
    producedAt: r.produced_at,
  }));
}
