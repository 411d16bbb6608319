import { AppError } from '../domain/errors.ts';
import { SYSTEM_ACTOR, seesAllItems } from '../domain/item.policy.ts';
import type { ReadScope } from '../domain/visibility.policy.ts';
import { reportDocx } from '../exports/report-docx.ts';
import { reportXlsx } from '../exports/report-xlsx.ts';
import { scorecardSection } from '../exports/scorecard-docx.ts';
import { toScorecardJson } from '../domain/scorecard.ts';
import { buildDashboard } from '../report/dashboard.ts';
import { buildReport, type Report, type ReportQuery } from '../report/report.ts';
import { reportItemRows } from '../store/report.store.ts';
import { recordAudit } from './audit-event.ts';
import { type AppDeps, todayOf, type UseCaseCtx } from './context.ts';
import { computeUnitScorecard } from './scorecard.ts';
import { scopeOf } from './visibility.ts';

export type ReportFileFormat = 'docx' | 'xlsx';

/** A generated report file: its bytes, its Chinese name and an ASCII fallback for old clients. */
export interface ReportFile {
  content: Buffer;
  name: string;
  asciiName: string;
}

/** Reports are for the bureau and leaders only (they see every item of the district), and the system (CLI). */
function requireReports(ctx: UseCaseCtx): void {
  if (ctx.actor.userId !== SYSTEM_ACTOR.userId && !seesAllItems(ctx.actor.role))
    throw new AppError('FORBIDDEN', '只有信访部门和领导可以查看统计报告');
}

/** 信访形势分析报告 for a period, as data (the JSON and plain-text answers). */
export async function situationReport(deps: AppDeps, ctx: UseCaseCtx, q: ReportQuery): Promise<Report> {
  requireReports(ctx);
  return buildReport(deps, q);
}

/**
 * The report rendered as Word or Excel (the Excel lists the period's items the reader may see). Shared by the
 * API and the CLI; the caller decides whether to audit (the API does, see `exportSituationReport`).
 */
export async function renderReportFile(
  deps: AppDeps,
  report: Report,
  q: ReportQuery,
  format: ReportFileFormat,
  scope: ReadScope,
): Promise<Buffer> {
  if (format === 'xlsx') return reportXlsx(report, await reportItemRows(deps.db, q.from, q.to, scope));
  // Reports are the bureau's and the leaders' (every item): the scorecard section ranks every unit.
  const card = toScorecardJson(await computeUnitScorecard(deps, { from: q.from, to: q.to, compare: 'prev' }));
  return reportDocx(report, todayOf(deps.clock()), undefined, scorecardSection(card, '九、责任单位考评（把脉问诊）'));
}

/** The report as a Word or Excel download for the reader, recorded in the audit log. */
export async function exportSituationReport(
  deps: AppDeps,
  ctx: UseCaseCtx,
  q: ReportQuery,
  format: ReportFileFormat,
): Promise<ReportFile> {
  const report = await situationReport(deps, ctx, q);
  const content = await renderReportFile(deps, report, q, format, scopeOf(deps, ctx.actor));
  await recordAudit(deps.db, deps, ctx, 'report.export', {
    from: q.from,
    to: q.to,
    format,
    compare: q.compare ?? null,
  });
  const base = `${q.from}_${q.to}.${format}`;
  return { content, name: `信访形势分析报告_${base}`, asciiName: `report_${base}` };
}

/** 领导驾驶舱 figures for a period (bureau and leaders). */
export async function dashboardFor(
  deps: AppDeps,
  ctx: UseCaseCtx,
  q: { from: string; to: string; compare?: 'prev' | 'yoy' | undefined },
) {
  requireReports(ctx);
  return buildDashboard(deps, q);
}
