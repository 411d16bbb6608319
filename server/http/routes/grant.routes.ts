import {
  GrantsResponse,
  PostGrantsDecisionResponse,
  PostGrantsWithdrawResponse,
} from '../../../contract/responses/grant.ts';
import { z } from '@hono/zod-openapi';
import { GrantDecisionBody } from '../../../contract/dto.ts';
import { decideGrant, grantsFor, withdrawGrant } from '../../app/account-admin.ts';
import type { App } from '../env.ts';
import { IdParam, route } from '../openapi.ts';
import { ctxOf } from './ctx.ts';

const tags = ['三员分立'];

/** Requests for account changes: the administrator files, the security administrator decides, the auditor reads. */
export function grantRoutes(app: App): void {
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/grants',
      summary: '权限申请与授权记录（待审批在前）',
      tags,
      query: z.object({ status: z.enum(['pending', 'approved', 'refused', 'withdrawn']).optional() }),
      response: GrantsResponse,
    }),
    async (c) => {
      const { status } = c.req.valid('query');
      return c.json({ grants: await grantsFor(c.get('deps'), ctxOf(c), status) });
    },
  );
  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/grants/{id}/decision',
      summary: '批准或拒绝权限申请（安全管理员；不能审批本人提出或涉及本人的申请）',
      tags,
      params: IdParam,
      body: GrantDecisionBody,
      response: PostGrantsDecisionResponse,
    }),
    async (c) => {
      const b = c.req.valid('json');
      return c.json(await decideGrant(c.get('deps'), ctxOf(c), c.req.param('id')!, b.approve, b.note));
    },
  );
  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/grants/{id}/withdraw',
      summary: '撤回本人提出的申请',
      tags,
      params: IdParam,
      response: PostGrantsWithdrawResponse,
    }),
    async (c) => c.json(await withdrawGrant(c.get('deps'), ctxOf(c), c.req.param('id')!)),
  );
}
