import { PostTextSuggestResponse, TextHotspotsResponse } from '../../../contract/responses/text.ts';
import { z } from '@hono/zod-openapi';
import { storedHotIssuesOf } from '../../app/hot-issues.ts';
import { suggestForRegistration } from '../../app/text-intel.ts';
import type { App } from '../env.ts';
import { route } from '../openapi.ts';
import { ctxOf } from './ctx.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

export function textRoutes(app: App): void {
  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/text/suggest',
      summary: '登记辅助：内容分类（含把握程度与依据）、责任单位建议、同人与同事项的既往事项',
      tags: ['文本智能'],
      body: z.object({
        title: z.string().max(200).default(''),
        content: z.string().max(20000).default(''),
        place: z.string().max(200).nullish(),
        classCode: z.string().max(40).nullish(),
        legal: z.boolean().optional(),
        petitioners: z
          .array(
            z.object({
              name: z.string().max(50).optional(),
              idNumber: z.string().max(30).nullish(),
              phone: z.string().max(30).nullish(),
              address: z.string().max(200).nullish(),
            }),
          )
          .max(50)
          .default([]),
      }),
      response: PostTextSuggestResponse,
    }),
    async (c) => c.json(await suggestForRegistration(c.get('deps'), ctxOf(c), c.req.valid('json'))),
  );

  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/text/hotspots',
      summary: '热点问题（后台按事项与属地聚类并保存，按读者可见范围过滤，按热度排序）',
      tags: ['文本智能'],
      query: z.object({ from: isoDate, to: isoDate, top: z.coerce.number().int().min(1).max(50).default(10) }),
      response: TextHotspotsResponse,
    }),
    async (c) => c.json(await storedHotIssuesOf(c.get('deps'), ctxOf(c), c.req.valid('query'))),
  );
}
