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
  InstructionBody,
  LeaderRequestBody,
} from '../../../contract/campaign.ts';
import {
  askLeader,
  giveInstruction,
  instructionRegister,
  leaderDirectory,
  reportOnInstruction,
  reviewInstructionReport,
  withdrawLeaderRequest,
} from '../../app/instructions.ts';
import type { App } from '../env.ts';
import { IdParam, route } from '../openapi.ts';
import { ctxOf } from './ctx.ts';

const WithdrawBody = z.object({ version: z.number().int().min(1), reason: z.string().min(1).max(2000) });
const UnitParam = z.object({ id: z.string().min(1).max(64), unitId: z.string().min(1).max(64) });

/** Routes of 请示报告 and 领导批示. */
export const instructionRoutes = (app: App): void => {
  const tags = ['请示批示'];
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/instructions',
      summary: '批示台账和请示（按可见范围）',
      tags,
      response: InstructionsResponse,
    }),
    async (c) => c.json(await instructionRegister(c.get('deps'), ctxOf(c))),
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
