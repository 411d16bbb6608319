import { ItemsLinkHistoryResponse, PostItemsLinksResponse } from '../../../contract/responses/links.ts';
import { z } from '@hono/zod-openapi';
import { getLinkHistory, linkItems, unlinkItems } from '../../app/item-links.ts';
import type { App } from '../env.ts';
import { IdParam, route } from '../openapi.ts';
import { ctxOf } from './ctx.ts';

const tags = ['信访事项'];
const LinkBody = z.object({
  otherId: z.string().min(1).max(64),
  kind: z.enum(['repeat', 'duplicate']).optional(),
  reason: z.string().max(500),
});

/** Links between items changed afterwards by a registrar, and their history. */
export function linkRoutes(app: App): void {
  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/items/{id}/links',
      summary: '关联重复件或同一事项（须说明理由，记入时间线与审计）',
      tags,
      params: IdParam,
      body: LinkBody,
      response: PostItemsLinksResponse,
    }),
    async (c) => {
      const body = c.req.valid('json');
      return c.json(await linkItems(c.get('deps'), ctxOf(c), c.req.param('id')!, body));
    },
  );

  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/items/{id}/links/remove',
      summary: '解除关联（须说明理由，记入时间线与审计）',
      tags,
      params: IdParam,
      body: LinkBody,
      response: PostItemsLinksResponse,
    }),
    async (c) => {
      const body = c.req.valid('json');
      return c.json(await unlinkItems(c.get('deps'), ctxOf(c), c.req.param('id')!, body));
    },
  );

  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/items/{id}/link-history',
      summary: '关联变更记录',
      tags,
      params: IdParam,
      response: ItemsLinkHistoryResponse,
    }),
    async (c) => {
      return c.json({ changes: await getLinkHistory(c.get('deps'), ctxOf(c), c.req.param('id')!) });
    },
  );
}
