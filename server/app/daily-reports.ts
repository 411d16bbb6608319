import type { MajorPeriodBody } from '../../contract/campaign.ts';
import { addDays, assertIsoDate, type IsoDate } from '../domain/calendar.ts';
import { dailyReport, type ClusterInput, type DailyReport } from '../domain/daily-report.ts';
import { AppError } from '../domain/errors.ts';
import { BUREAU_ROLES } from '../../contract/enums.ts';
import { dateCn } from '../domain/cn-text.ts';
import { canAdminister, SYSTEM_ACTOR, seesAllItems } from '../domain/item.policy.ts';
import { checkPeriod, dueDailyReports, periodsOn, type DueReport, type MajorPeriod } from '../domain/major-period.ts';
import { dailyItemRows } from '../store/campaign-rows.store.ts';
import {
  insertPeriod,
  listDailyReports,
  listPeriods,
  loadDailyReport,
  producedDates,
  saveDailyReport,
  updatePeriod,
  type StoredPeriod,
} from '../store/major-period.store.ts';
import { raiseNotification } from '../store/notification.store.ts';
import { listUsers } from '../store/user.store.ts';
import { dailyReportDocx, dailyReportTitle } from '../exports/daily-report-docx.ts';
import { dailyReportXlsx } from '../exports/daily-report-xlsx.ts';
import { auditAction } from './audit-action.ts';
import { todayOf, type AppDeps, type UseCaseCtx } from './context.ts';
import { storedHotIssuesOf, wantHotIssues } from './hot-issues.ts';

/**
 * 重大节点 periods (the administrator defines them) and the daily report: built for any day on request, and
 * produced once per day of a period when its report time has come (`produceDueDailyReports`, which the job
 * scheduler calls; it reads `dueDailyReportsAt` to know what is due).
 */

/** The daily report is the bureau's and the leaders' (they see every item of the district). */
function requireReports(ctx: UseCaseCtx): void {
  if (!seesAllItems(ctx.actor.role) && ctx.actor.userId !== SYSTEM_ACTOR.userId)
    throw new AppError('FORBIDDEN', '只有信访部门和领导可以查看重大节点日报');
}

function requireAdmin(ctx: UseCaseCtx): void {
  if (!canAdminister(ctx.actor)) throw new AppError('FORBIDDEN', '只有系统管理员可以设置重大节点');
}

/** How far back the hot issues of a day outside any period are looked for. */
const HOT_WINDOW_DAYS = 30;

/**
 * Hot issues are found as a leader would see the items (identities masked): the report goes up the hierarchy, so
 * its cluster labels never carry a name, whoever asks for it.
 */
const HOT_ISSUE_READER: UseCaseCtx = { actor: { ...SYSTEM_ACTOR, role: 'leader' }, requestId: null };

/**
 * The period's hot issues as the background computation stored them (never clustered here: a report is built on a
 * request or by the scheduler, and either must answer at once). A period without a result yet starts its
 * computation and the report says the hot issues are pending; a result older than the latest items is used as is.
 */
async function hotIssuesOf(deps: AppDeps, date: IsoDate, from: IsoDate) {
  const found = await storedHotIssuesOf(deps, HOT_ISSUE_READER, { from, to: date, top: 20 });
  const clusters: ClusterInput[] = found.clusters.map((c) => ({ label: c.label, ids: c.ids }));
  return { clusters, pending: found.computedAt === null };
}

/** Where the hot issues of `date` are read: the period so far, or the last 30 days outside any period. */
function hotWindowOf(date: IsoDate, period: MajorPeriod | null): IsoDate {
  return period ? period.from : addDays(date, -(HOT_WINDOW_DAYS - 1));
}

async function buildDay(deps: AppDeps, date: IsoDate, periods: readonly MajorPeriod[]) {
  const period = periodsOn(date, periods)[0] ?? null;
  const rows = await dailyItemRows(deps.db, date);
  // A day's items count by the hot issues they belong to.
  const hot = rows.length ? await hotIssuesOf(deps, date, hotWindowOf(date, period)) : { clusters: [], pending: false };
  return dailyReport(date, rows, {
    period: period && { id: period.id, name: period.name },
    clusters: hot.clusters,
    hotIssuesPending: hot.pending,
  });
}

/**
 * The daily report of `date`, inside a period or not: the stored one when the day's report was produced (what was
 * sent up stays what it was), otherwise built now. Today or earlier only.
 */
export async function dailyReportOf(
  deps: AppDeps,
  ctx: UseCaseCtx,
  date: string,
): Promise<DailyReport & { producedAt: string | null }> {
  requireReports(ctx);
  assertIsoDate(date, '日报日期');
  const today = todayOf(deps.clock());
  if (date > today)
    throw new AppError('DATE_IN_FUTURE', `日报日期 ${date} 晚于今天（${today}），请选择今天或以前的日期`);
  const stored = await loadDailyReport(deps.db, date);
  if (stored) return stored;
  return { ...(await buildDay(deps, date, await listPeriods(deps.db, date))), producedAt: null };
}

const TIME_FMT = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Shanghai',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** The daily reports due at `now` and not produced yet (the scheduler's due tasks). */
export async function dueDailyReportsAt(deps: AppDeps, now: Date = deps.clock()): Promise<DueReport[]> {
  const today = todayOf(now);
  const periods = (await listPeriods(deps.db)).filter((p) => p.from <= today);
  if (!periods.length) return [];
  const from = periods.reduce((m, p) => (p.from < m ? p.from : m), today);
  const produced = await producedDates(deps.db, from, today);
  return dueDailyReports(periods, produced, { date: today, time: TIME_FMT.format(now) });
}

/** The notice of a produced report: the day and its headline, linking to the report of that day. */
function reportNotice(r: DailyReport) {
  const head = r.zeroReport ? '零报告' : `新登记信访事项 ${r.total} 件`;
  return {
    title: `【${dailyReportTitle(r)}】${dateCn(r.date)}`,
    body: `${dateCn(r.date)}${head}，日报已生成，请查看并按要求报送。`,
    link: `/daily-report?date=${r.date}`,
  };
}

/**
 * Produces every due daily report (days missed while the server was down are caught up, in date order); a day
 * another instance produced meanwhile is skipped quietly. Each report is stored with its notice to every active
 * account of the bureau (the notification centre), in one transaction: a report is never kept without its notices.
 * Returns the days this call produced.
 */
export async function produceDueDailyReports(deps: AppDeps): Promise<DailyReport[]> {
  const today = todayOf(deps.clock());
  const periods = await listPeriods(deps.db);
  // Today's hot issues are asked for from the first check of the day, so they are computed by report time.
  const running = periodsOn(today, periods)[0];
  if (running) await wantHotIssues(deps, { from: hotWindowOf(today, running), to: today });
  const due = await dueDailyReportsAt(deps);
  if (!due.length) return [];
  const bureau = (await listUsers(deps.db)).filter((u) => !u.disabled && BUREAU_ROLES.includes(u.role));
  const made: DailyReport[] = [];
  for (const d of due) {
    const report = await buildDay(deps, d.date, periods);
    const saved = await deps.db.transaction().execute(async (trx) => {
      const at = deps.clock().toISOString();
      if (!(await saveDailyReport(trx, report, d.periodId, at))) return false;
      const notice = reportNotice(report);
      for (const u of bureau) {
        await raiseNotification(trx, {
          id: deps.newId(),
          key: `daily_report:${report.date}:${u.id}`,
          userId: u.id,
          kind: 'daily_report',
          ...notice,
          createdAt: at,
        });
      }
      return true;
    });
    if (saved) made.push(report);
  }
  return made;
}

/** Stored reports of a span (a period's register): one line per day. */
export async function dailyReportRegister(deps: AppDeps, ctx: UseCaseCtx, from: string, to: string) {
  requireReports(ctx);
  assertIsoDate(from, '开始日期');
  assertIsoDate(to, '结束日期');
  if (to < from) throw new AppError('DATE_ORDER', `结束日期 ${to} 早于开始日期 ${from}`);
  return listDailyReports(deps.db, from, to);
}

export async function majorPeriods(deps: AppDeps, ctx: UseCaseCtx): Promise<StoredPeriod[]> {
  if (!seesAllItems(ctx.actor.role) && !canAdminister(ctx.actor)) {
    throw new AppError('FORBIDDEN', '无权查看重大节点');
  }
  return listPeriods(deps.db);
}

function periodOf(id: string, body: MajorPeriodBody): MajorPeriod {
  const p = {
    id,
    name: body.name.trim(),
    from: body.from,
    to: body.to,
    reportTime: body.reportTime,
    thresholds: body.thresholds ?? null,
  };
  checkPeriod(p);
  return p;
}

export async function createMajorPeriod(deps: AppDeps, ctx: UseCaseCtx, body: MajorPeriodBody): Promise<StoredPeriod> {
  requireAdmin(ctx);
  const p = periodOf(deps.newId(), body);
  await deps.db.transaction().execute(async (trx) => {
    await insertPeriod(trx, p, deps.clock().toISOString());
    await auditAction(deps, ctx, trx, 'major_period.create', null, p);
  });
  return { ...p, version: 1 };
}

export async function editMajorPeriod(
  deps: AppDeps,
  ctx: UseCaseCtx,
  id: string,
  body: MajorPeriodBody & { version: number },
): Promise<StoredPeriod> {
  requireAdmin(ctx);
  const p = periodOf(id, body);
  return deps.db.transaction().execute(async (trx) => {
    const known = (await listPeriods(trx)).find((x) => x.id === id);
    if (!known) throw new AppError('NOT_FOUND', '该重大节点不存在');
    const version = await updatePeriod(trx, p, body.version, deps.clock().toISOString());
    await auditAction(deps, ctx, trx, 'major_period.edit', null, p);
    return { ...p, version };
  });
}

/** The daily report of `date` as a Word or Excel file, with its Chinese name and an ASCII fallback. */
export async function dailyReportFile(deps: AppDeps, ctx: UseCaseCtx, date: string, format: 'docx' | 'xlsx' = 'docx') {
  const report = await dailyReportOf(deps, ctx, date);
  const title = dailyReportTitle(report);
  const content = format === 'xlsx' ? await dailyReportXlsx(report, title) : await dailyReportDocx(report);
  return { content, name: `${title}_${date}.${format}`, asciiName: `daily_${date}.${format}` };
}
