import { ReportsDashboardResponse, ReportsSituationResponse } from '../../../contract/responses/report.ts';
import { z } from '@hono/zod-openapi';
import { dashboardFor, exportSituationReport, situationReport } from '../../app/situation-report.ts';
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
      const { format, ...q } = c.req.valid('query');
      if (format === 'json') return c.json(await situationReport(c.get('deps'), ctxOf(c), q));
      if (format === 'text') {
        const report = await situationReport(c.get('deps'), ctxOf(c), q);
        return c.body(report.text, 200, { 'content-type': 'text/plain; charset=utf-8' });
      }
      const file = await exportSituationReport(c.get('deps'), ctxOf(c), q, format);
      return c.body(new Uint8Array(file.content), 200, {
        'content-type': MIME[format],
        'content-disposition': attachmentHeader(file.name, file.asciiName),
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
    async (c) => c.json(await dashboardFor(c.get('deps'), ctxOf(c), c.req.valid('query'))),
  );
};
