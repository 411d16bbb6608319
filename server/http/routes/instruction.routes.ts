import {
  InstructionsResponse,
  LeaderRequestsLeadersResponse,
  PostInstructionsReportResponse,
  PostInstructionsResponse,
  PostLeaderRequestsResponse,
  PostLeaderRequestsWithdrawResponse,
} from '../../../contract/responses/instruction.ts';
import { z } from '@hono/zod-openapi';
import {
  FollowUpReportBody,
  FollowUpReviewBody,
  INSTRUCTION_REGISTER_STATES,
  InstructionBody,
  LeaderRequestBody,
} from '../../../contract/campaign.ts';
import {
  askLeader,
  giveInstruction,
  instructionRegister,
  instructionRegisterExport,
  leaderDirectory,
  reportOnInstruction,
  reviewInstructionReport,
  withdrawLeaderRequest,
} from '../../app/instructions.ts';
import type { App } from '../env.ts';
import { IdParam, route } from '../openapi.ts';
import { ctxOf } from './ctx.ts';
import { attachmentHeader } from './report.routes.ts';

const WithdrawBody = z.object({ version: z.number().int().min(1), reason: z.string().min(1).max(2000) });
/** The 批示 register's filters; the export takes the same and gives the same rows. */
const RegisterQuery = z.object({
  leaderUserId: z.string().min(1).max(64).optional(),
  state: z.enum(INSTRUCTION_REGISTER_STATES).optional(),
  overdue: z.enum(['0', '1']).optional(),
  unitId: z.string().min(1).max(64).optional(),
});
const filterOf = (q: z.infer<typeof RegisterQuery>) => ({ ...q, overdue: q.overdue === '1' });
const UnitParam = z.object({ id: z.string().min(1).max(64), unitId: z.string().min(1).max(64) });

/** Routes of 请示报告 and 领导批示. */
export const instructionRoutes = (app: App): void => {
  const tags = ['请示批示'];
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/instructions',
      summary: '批示台账和请示（按可见范围；筛选作用于批示）',
      tags,
      query: RegisterQuery,
      response: InstructionsResponse,
    }),
    async (c) => c.json(await instructionRegister(c.get('deps'), ctxOf(c), filterOf(c.req.valid('query')))),
  );
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/instructions/export.xlsx',
      summary: '导出批示台账（Excel，筛选条件同台账）',
      tags,
      query: RegisterQuery,
      files: ['xlsx'],
    }),
    async (c) => {
      const doc = await instructionRegisterExport(c.get('deps'), ctxOf(c), filterOf(c.req.valid('query')));
      return c.body(new Uint8Array(doc.content), 200, {
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'content-disposition': attachmentHeader(doc.name, 'instruction-register.xlsx'),
      });
    },
  );
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/leader-requests/leaders',
      summary: '可报送请示的领导（姓名和职务）',
      tags,
      response: LeaderRequestsLeadersResponse,
    }),
    async (c) => c.json({ leaders: await leaderDirectory(c.get('deps'), ctxOf(c)) }),
  );
  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/leader-requests',
      summary: '就信访事项或积案向领导请示',
      tags,
      body: LeaderRequestBody,
      response: PostLeaderRequestsResponse,
    }),
    async (c) => c.json(await askLeader(c.get('deps'), ctxOf(c), c.req.valid('json'))),
  );
  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/leader-requests/{id}/withdraw',
      summary: '撤回请示',
      tags,
      params: IdParam,
      body: WithdrawBody,
      response: PostLeaderRequestsWithdrawResponse,
    }),
    async (c) => c.json(await withdrawLeaderRequest(c.get('deps'), ctxOf(c), c.req.param('id')!, c.req.valid('json'))),
  );
  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/instructions',
      summary: '领导批示（交由单位限期落实）',
      tags,
      body: InstructionBody,
      response: PostInstructionsResponse,
    }),
    async (c) => c.json(await giveInstruction(c.get('deps'), ctxOf(c), c.req.valid('json'))),
  );
  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/instructions/{id}/report',
      summary: '落实单位反馈批示落实情况',
      tags,
      params: IdParam,
      body: FollowUpReportBody,
      response: PostInstructionsReportResponse,
    }),
    async (c) => c.json(await reportOnInstruction(c.get('deps'), ctxOf(c), c.req.param('id')!, c.req.valid('json'))),
  );
  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/instructions/{id}/units/{unitId}/review',
      summary: '信访局审核落实情况（通过或退回）',
      tags,
      params: UnitParam,
      body: FollowUpReviewBody,
      response: PostInstructionsReportResponse,
    }),
    async (c) =>
      c.json(
        await reviewInstructionReport(
          c.get('deps'),
          ctxOf(c),
          c.req.param('id')!,
          c.req.param('unitId')!,
          c.req.valid('json'),
        ),
      ),
  );
};
