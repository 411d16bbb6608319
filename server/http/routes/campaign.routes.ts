import {
  CampaignsBoardResponse,
  CampaignsResponse,
  MajorPeriodsResponse,
  PostCampaignsResponse,
  PostMajorPeriodsResponse,
  ReportsDailyRegisterResponse,
  ReportsDailyResponse,
} from '../../../contract/responses/campaign.ts';
import { z } from '@hono/zod-openapi';
import { CampaignBody, MajorPeriodBody } from '../../../contract/campaign.ts';
import {
  campaignBoardOf,
  campaignProgressFile,
  campaignProgressWorkbook,
  campaigns,
  createCampaign,
} from '../../app/campaigns.ts';
import {
  createMajorPeriod,
  dailyReportFile,
  dailyReportOf,
  dailyReportRegister,
  editMajorPeriod,
  majorPeriods,
} from '../../app/daily-reports.ts';
import type { App } from '../env.ts';
import { IdParam, route } from '../openapi.ts';
import { ctxOf } from './ctx.ts';
import { attachmentHeader } from './report.routes.ts';

const DateStr = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期应为 YYYY-MM-DD');
const DailyQuery = z.object({ date: DateStr, format: z.enum(['json', 'docx', 'xlsx']).default('json') });
const SpanQuery = z.object({ from: DateStr, to: DateStr });
const PeriodEditBody = MajorPeriodBody.extend({ version: z.number().int().min(1) });

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Routes of the 重大节点 periods and their daily reports. */
export const campaignRoutes = (app: App): void => {
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/reports/daily',
      summary: '信访情况日报（json / docx / xlsx）：当日登记事项、层级、渠道、集体访、热点，或零报告',
      tags: ['统计报告'],
      query: DailyQuery,
      response: ReportsDailyResponse,
      files: ['docx', 'xlsx'],
    }),
    async (c) => {
      const q = c.req.valid('query');
      if (q.format === 'json') return c.json(await dailyReportOf(c.get('deps'), ctxOf(c), q.date));
      const file = await dailyReportFile(c.get('deps'), ctxOf(c), q.date, q.format);
      return c.body(new Uint8Array(file.content), 200, {
        'content-type': q.format === 'xlsx' ? XLSX : DOCX,
        'content-disposition': attachmentHeader(file.name, file.asciiName),
      });
    },
  );
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/reports/daily-register',
      summary: '已报送的日报（按日一行）',
      tags: ['统计报告'],
      query: SpanQuery,
      response: ReportsDailyRegisterResponse,
    }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json({ reports: await dailyReportRegister(c.get('deps'), ctxOf(c), q.from, q.to) });
    },
  );
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/major-periods',
      summary: '重大节点',
      tags: ['重大节点'],
      response: MajorPeriodsResponse,
    }),
    async (c) => c.json({ periods: await majorPeriods(c.get('deps'), ctxOf(c)) }),
  );
  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/major-periods',
      summary: '新增重大节点（名称、起止日期、报送时间、收紧的预警阈值）',
      tags: ['重大节点'],
      body: MajorPeriodBody,
      response: PostMajorPeriodsResponse,
    }),
    async (c) => c.json(await createMajorPeriod(c.get('deps'), ctxOf(c), c.req.valid('json'))),
  );
  app.openapi(
    route({
      method: 'put',
      path: '/api/v1/major-periods/{id}',
      summary: '修改重大节点',
      tags: ['重大节点'],
      params: IdParam,
      body: PeriodEditBody,
      response: PostMajorPeriodsResponse,
    }),
    async (c) => c.json(await editMajorPeriod(c.get('deps'), ctxOf(c), c.req.param('id')!, c.req.valid('json'))),
  );
};

/** Routes of the campaigns (攻坚行动) and their boards. */
export const campaignBoardRoutes = (app: App): void => {
  const tags = ['攻坚行动'];
  app.openapi(
    route({ method: 'get', path: '/api/v1/campaigns', summary: '攻坚行动', tags, response: CampaignsResponse }),
    async (c) => c.json({ campaigns: await campaigns(c.get('deps'), ctxOf(c)) }),
  );
  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/campaigns',
      summary: '设立攻坚行动（名称、期间、目标）',
      tags,
      body: CampaignBody,
      response: PostCampaignsResponse,
    }),
    async (c) => c.json(await createCampaign(c.get('deps'), ctxOf(c), c.req.valid('json'))),
  );
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/campaigns/{id}/board',
      summary: '攻坚行动看板：各项目标的当前值、周趋势、分单位情况及每个数字背后的事项',
      tags,
      params: IdParam,
      response: CampaignsBoardResponse,
    }),
    async (c) => c.json(await campaignBoardOf(c.get('deps'), ctxOf(c), c.req.param('id')!)),
  );
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/campaigns/{id}/progress.docx',
      summary: '攻坚行动进展（Word）：总体情况段落和各项目标完成情况表',
      tags,
      params: IdParam,
      files: ['docx'],
    }),
    async (c) => {
      const file = await campaignProgressFile(c.get('deps'), ctxOf(c), c.req.param('id')!);
      return c.body(new Uint8Array(file.content), 200, {
        'content-type': DOCX,
        'content-disposition': attachmentHeader(file.name, file.asciiName),
      });
    },
  );
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/campaigns/{id}/progress.xlsx',
      summary: '攻坚行动进展（Excel）：目标完成情况、周趋势、分单位情况和计算口径',
      tags,
      params: IdParam,
      files: ['xlsx'],
    }),
    async (c) => {
      const file = await campaignProgressWorkbook(c.get('deps'), ctxOf(c), c.req.param('id')!);
      return c.body(new Uint8Array(file.content), 200, {
        'content-type': XLSX,
        'content-disposition': attachmentHeader(file.name, file.asciiName),
      });
    },
  );
};
