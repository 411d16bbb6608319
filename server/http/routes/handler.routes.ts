import { PostItemsHandlerResponse } from '../../../contract/responses/items.ts';
import { AssignHandlerBody, WorkloadResponse } from '../../../contract/responses/workload.ts';
import { assignItemHandler } from '../../app/assign-handler.ts';
import { getItemView } from '../../app/item-queries.ts';
import { workload } from '../../app/workload.ts';
import type { App } from '../env.ts';
import { IdParam, route } from '../openapi.ts';
import { ctxOf } from './ctx.ts';

/** Named handlers (经办人) and the workload of units and people. */
export const handlerRoutes = (app: App): void => {
  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/items/{id}/handler',
      summary: '指定或更换经办人（主办单位负责人；更换须填写理由）',
      tags: ['信访事项'],
      params: IdParam,
      body: AssignHandlerBody,
      response: PostItemsHandlerResponse,
    }),
    async (c) => {
      const body = c.req.valid('json');
      const res = await assignItemHandler(c.get('deps'), ctxOf(c), c.req.param('id')!, body);
      return c.json({ item: await getItemView(c.get('deps'), ctxOf(c), res.item.id), summary: res.summary });
    },
  );

  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/workload',
      summary: '工作量：各单位、各经办人在办、5日内到期、已超期、待本人处理',
      tags: ['工作台'],
      response: WorkloadResponse,
    }),
    async (c) => c.json(await workload(c.get('deps'), ctxOf(c))),
  );
};
