import { AdminTextModelResponse, PostAdminTextModelRetrainResponse } from '../../../contract/responses/text-model.ts';
import { startRetrain, textModelStatus } from '../../app/text-model-admin.ts';
import type { App } from '../env.ts';
import { route } from '../openapi.ts';
import { ctxOf } from './ctx.ts';

const tags = ['管理'];

/** 分类模型: kept evaluations of every retraining, and a retraining on request. */
export function textModelRoutes(app: App): void {
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/admin/text-model',
      summary: '分类模型：历次重新训练的评估与进度',
      tags,
      response: AdminTextModelResponse,
    }),
    async (c) => c.json(await textModelStatus(c.get('deps'), ctxOf(c))),
  );
  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/admin/text-model/retrain',
      summary: '立即重新训练分类模型（后台进行）',
      tags,
      response: PostAdminTextModelRetrainResponse,
    }),
    async (c) => c.json(startRetrain(c.get('deps'), ctxOf(c))),
  );
}
