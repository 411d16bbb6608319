import { AdminJobsResponse, PostAdminJobsRunResponse } from '../../../contract/responses/jobs.ts';
import { z } from '@hono/zod-openapi';
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
}
