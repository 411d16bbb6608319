import {
  BacklogCasesResponse,
  BacklogCasesResponse2,
  BacklogLeadersResponse,
  BacklogMineResponse,
  BacklogProposalsResponse,
  BacklogRulesResponse,
  PostBacklogCasesResponse,
  PostBacklogCasesResponse2,
  PostBacklogProposalsDismissResponse,
  PutBacklogRulesResponse,
} from '../../../contract/responses/backlog.ts';
import { z } from '@hono/zod-openapi';
import {
  AssignCaseBody,
  CASE_STATUSES,
  CaseNoteBody,
  CasePlanBody,
  CloseCaseBody,
  CreateCaseBody,
  DismissProposalBody,
  EntryRuleConfigBody,
  ReopenCaseBody,
} from '../../../contract/campaign.ts';
import {
  actOnCase,
  caseDetail,
  caseProposals,
  caseRegister,
  caseRegisterExport,
  createCase,
  dismissProposal,
  entryRuleConfig,
  leaderAccounts,
  myCases,
  setEntryRuleConfig,
  type CaseActionBody,
} from '../../app/backlog.ts';
import type { App } from '../env.ts';
import { IdParam, route } from '../openapi.ts';
import { attachmentHeader } from './report.routes.ts';
import { ctxOf } from './ctx.ts';

const tags = ['积案与领导包案'];
const ListQuery = z.object({ status: z.enum(CASE_STATUSES).optional() });

const ACTIONS = [
  ['assign', AssignCaseBody, '确定（或更换）包案领导、责任单位和包案干部'],
  ['plan', CasePlanBody, '制定（或调整）化解方案'],
  ['notes', CaseNoteBody, '记录化解进展'],
  ['close', CloseCaseBody, '办结积案（已化解 / 已终结，附息诉罢访承诺书或终结决定）'],
  ['reopen', ReopenCaseBody, '重新启动化解'],
] as const;

/** Routes of 积案 and 领导包案. */
export const backlogRoutes = (app: App): void => {
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/backlog/proposals',
      summary: '积案认定建议（附规则及理由）',
      tags,
      response: BacklogProposalsResponse,
    }),
    async (c) => c.json({ proposals: await caseProposals(c.get('deps'), ctxOf(c)) }),
  );
  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/backlog/proposals/dismiss',
      summary: '不予认定（说明理由；同样事实不再建议）',
      tags,
      body: DismissProposalBody,
      response: PostBacklogProposalsDismissResponse,
    }),
    async (c) => c.json(await dismissProposal(c.get('deps'), ctxOf(c), c.req.valid('json'))),
  );
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/backlog/rules',
      summary: '积案认定规则',
      tags,
      response: BacklogRulesResponse,
    }),
    async (c) => c.json(await entryRuleConfig(c.get('deps').db)),
  );
  app.openapi(
    route({
      method: 'put',
      path: '/api/v1/backlog/rules',
      summary: '设置积案认定规则',
      tags,
      body: EntryRuleConfigBody,
      response: PutBacklogRulesResponse,
    }),
    async (c) => c.json(await setEntryRuleConfig(c.get('deps'), ctxOf(c), c.req.valid('json'))),
  );
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/backlog/leaders',
      summary: '可指定的包案领导',
      tags,
      response: BacklogLeadersResponse,
    }),
    async (c) => c.json({ leaders: await leaderAccounts(c.get('deps'), ctxOf(c)) }),
  );
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/backlog/cases',
      summary: '积案台账',
      tags,
      query: ListQuery,
      response: BacklogCasesResponse,
    }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json({ cases: await caseRegister(c.get('deps'), ctxOf(c), { status: q.status ? [q.status] : [] }) });
    },
  );
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/backlog/cases/export.xlsx',
      summary: '导出包案台账（Excel，筛选条件同台账）',
      tags,
      query: ListQuery,
      files: ['xlsx'],
    }),
    async (c) => {
      const q = c.req.valid('query');
      const doc = await caseRegisterExport(c.get('deps'), ctxOf(c), { status: q.status ? [q.status] : [] });
      return c.body(new Uint8Array(doc.content), 200, {
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'content-disposition': attachmentHeader(doc.name, 'backlog-register.xlsx'),
      });
    },
  );
  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/backlog/cases',
      summary: '认定积案（确认建议或手工认定）',
      tags,
      body: CreateCaseBody,
      response: PostBacklogCasesResponse,
    }),
    async (c) => c.json(await createCase(c.get('deps'), ctxOf(c), c.req.valid('json'))),
  );
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/backlog/mine',
      summary: '我的包案（区领导）',
      tags,
      response: BacklogMineResponse,
    }),
    async (c) => c.json(await myCases(c.get('deps'), ctxOf(c))),
  );
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/backlog/cases/{id}',
      summary: '积案详情',
      tags,
      params: IdParam,
      response: BacklogCasesResponse2,
    }),
    async (c) => c.json(await caseDetail(c.get('deps'), ctxOf(c), c.req.param('id')!)),
  );
  for (const [path, body, summary] of ACTIONS) {
    app.openapi(
      route({
        method: 'post',
        path: `/api/v1/backlog/cases/{id}/${path}`,
        summary,
        tags,
        params: IdParam,
        body,
        response: PostBacklogCasesResponse2,
      }),
      async (c) => {
        const kind = path === 'notes' ? 'note' : path;
        const payload = { ...c.req.valid('json'), kind } as CaseActionBody;
        return c.json(await actOnCase(c.get('deps'), ctxOf(c), c.req.param('id')!, payload));
      },
    );
  }
};
