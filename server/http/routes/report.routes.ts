import { ReportsDashboardResponse, ReportsSituationResponse } from '../../../contract/responses/report.ts';
import { z } from '@hono/zod-openapi';
import { recordAudit } from '../../app/audit-event.ts';
import { todayOf } from '../../app/context.ts';
import { scopeOf } from '../../app/visibility.ts';
import { AppError } from '../../domain/errors.ts';
import { seesAllItems } from '../../domain/item.policy.ts';
import { reportDocx } from '../../exports/report-docx.ts';
import { reportXlsx } from '../../exports/report-xlsx.ts';
import { buildDashboard } from '../../report/dashboard.ts';
import { buildReport } from '../../report/report.ts';
import { reportItemRows } from '../../store/report.store.ts';
import type { App } from '../env.ts';
import { route } from '../openapi.ts';
import { ctxOf } from './ctx.ts';

const tags = ['统计报告'];
const DateStr = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期应为 YYYY-MM-DD');

const SituationQuery = z.object({
  from: DateStr,
  to: DateStr,
  compare: z.enum(['prev', 'yoy']).optional(),
  top: z.coerce.number().int().min(1).max(50).optional(),
  format: z.enum(['json', 'text', 'docx', 'xlsx']).default('json'),
});

const DashboardQuery = z.object({ from: DateStr, to: DateStr, compare: z.enum(['prev', 'yoy']).optional() });

const MIME = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** Content-Disposition with an ASCII fallback and the Chinese name per RFC 5987 / RFC 6266. */
export function attachmentHeader(name: string, asciiFallback: string): string {
  return `attachment; filename="${asciiFallback}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Reports are for the bureau and leaders only (they see every item of the district). */
function requireReports(role: Parameters<typeof seesAllItems>[0]): void {
  if (!seesAllItems(role)) throw new AppError('FORBIDDEN', '只有信访部门和领导可以查看统计报告');
}

/** Routes of the situation report and the leaders' dashboard. */
export const reportRoutes = (app: App): void => {
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/reports/situation',
      summary: '信访形势分析报告（json / text / docx / xlsx）',
      tags,
      query: SituationQuery,
      response: ReportsSituationResponse,
      files: ['text', 'docx', 'xlsx'],
    }),
    async (c) => {
      const ctx = ctxOf(c);
      requireReports(ctx.actor.role);
      const q = c.req.valid('query');
      const deps = c.get('deps');
      const report = await buildReport(deps, { from: q.from, to: q.to, compare: q.compare, top: q.top });
      if (q.format === 'json') return c.json(report);
      if (q.format === 'text') return c.body(report.text, 200, { 'content-type': 'text/plain; charset=utf-8' });
      const buf =
        q.format === 'docx'
          ? await reportDocx(report, todayOf(deps.clock()))
          : await reportXlsx(report, await reportItemRows(deps.db, q.from, q.to, scopeOf(deps, ctx.actor)));
      await recordAudit(deps.db, deps, ctx, 'report.export', {
        from: q.from,
        to: q.to,
        format: q.format,
        compare: q.compare ?? null,
      });
      const base = `${q.from}_${q.to}.${q.format}`;
      return c.body(new Uint8Array(buf), 200, {
        'content-type': MIME[q.format],
        'content-disposition': attachmentHeader(`信访形势分析报告_${base}`, `report_${base}`),
      });
    },
  );

  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/reports/dashboard',
      summary: '领导驾驶舱：月度趋势、构成、单位排名、指标、超期数',
      tags,
      query: DashboardQuery,
      response: ReportsDashboardResponse,
    }),
    async (c) => {
      const ctx = ctxOf(c);
      requireReports(ctx.actor.role);
      const q = c.req.valid('query');
      return c.json(await buildDashboard(c.get('deps'), q));
    },
  );
};
