import {
  AdminJobsResponse,
  AdminOutboxResponse,
  PostAdminJobsRunResponse,
  PostAdminOutboxRequeueResponse,
} from '../../../contract/responses/jobs.ts';
import { OUTBOX_STATES } from '../../../contract/supervision.ts';
import { z } from '@hono/zod-openapi';
import { outboxStatus, requeueOutboxMessage } from '../../app/outbox-admin.ts';
import { runScheduledJobNow, scheduledJobsStatus } from '../../app/scheduled-jobs.ts';
import type { App } from '../env.ts';
import { route } from '../openapi.ts';
import { ctxOf } from './ctx.ts';

const tags = ['管理'];

/** 定时任务: each job's last run, next slot and last error; 立即运行 for the administrator. */
export function jobRoutes(app: App): void {
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/admin/jobs',
      summary: '定时任务：上次运行、下次时间与最近错误',
      tags,
      response: AdminJobsResponse,
    }),
    async (c) => c.json(await scheduledJobsStatus(c.get('deps'), ctxOf(c))),
  );
  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/admin/jobs/{name}/run',
      summary: '立即运行一个定时任务',
      tags,
      params: z.object({ name: z.string().min(1).max(100) }),
      response: PostAdminJobsRunResponse,
    }),
    async (c) => {
      const { name } = c.req.valid('param');
      return c.json(await runScheduledJobNow(c.get('deps'), ctxOf(c), name));
    },
  );
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/admin/outbox',
      summary: '外发消息（短信/邮件）：投递状态、重试与失败原因',
      tags,
      query: z.object({
        state: z.enum(OUTBOX_STATES).optional(),
        limit: z.coerce.number().int().min(1).max(1000).optional(),
      }),
      response: AdminOutboxResponse,
    }),
    async (c) => c.json(await outboxStatus(c.get('deps'), ctxOf(c), c.req.valid('query'))),
  );
  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/admin/outbox/{id}/requeue',
      summary: '重新发送一条发送失败的外发消息',
      tags,
      params: z.object({ id: z.string().min(1).max(100) }),
      response: PostAdminOutboxRequeueResponse,
    }),
    async (c) => c.json(await requeueOutboxMessage(c.get('deps'), ctxOf(c), c.req.valid('param').id)),
  );
}
