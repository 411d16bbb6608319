import { z } from '@hono/zod-openapi';
import { DENSITIES, LIST_COLUMNS, LIST_KEYS } from '../../../contract/list-views.ts';
import { ListViewsResponse, SavedFilterConditions } from '../../../contract/responses/list-views.ts';
import {
  deleteMyListFilter,
  myListViews,
  resetMyListLayout,
  saveMyListFilter,
  saveMyListLayout,
} from '../../app/list-views.ts';
import type { App } from '../env.ts';
import { route } from '../openapi.ts';
import { ctxOf } from './ctx.ts';

const tags = ['个人视图'];
const ListParam = z.object({ list: z.enum(LIST_KEYS) });
const LayoutBody = z.object({
  columns: z.array(z.enum(LIST_COLUMNS)).max(LIST_COLUMNS.length),
  density: z.enum(DENSITIES),
  pageSize: z.number().int(),
});
const FilterBody = z.object({
  name: z.string().max(60),
  filters: SavedFilterConditions,
  sort: z.enum(['registeredOn', 'dueOn', 'number', 'receivedOn']).optional(),
  order: z.enum(['asc', 'desc']).optional(),
});
const NameQuery = z.object({ name: z.string().min(1).max(60) });

/** Each user's own views of a list: layout (columns, density, page size) and named saved filters. */
export const listViewRoutes = (app: App): void => {
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/me/views/{list}',
      summary: '我的列表视图（列、密度、已保存的筛选）',
      tags,
      params: ListParam,
      response: ListViewsResponse,
    }),
    async (c) => c.json(await myListViews(c.get('deps'), ctxOf(c), c.req.valid('param').list)),
  );
  app.openapi(
    route({
      method: 'put',
      path: '/api/v1/me/views/{list}/layout',
      summary: '保存我的列表布局',
      tags,
      params: ListParam,
      body: LayoutBody,
      response: ListViewsResponse,
    }),
    async (c) =>
      c.json(await saveMyListLayout(c.get('deps'), ctxOf(c), c.req.valid('param').list, c.req.valid('json'))),
  );
  app.openapi(
    route({
      method: 'delete',
      path: '/api/v1/me/views/{list}/layout',
      summary: '恢复默认列表布局',
      tags,
      params: ListParam,
      response: ListViewsResponse,
    }),
    async (c) => c.json(await resetMyListLayout(c.get('deps'), ctxOf(c), c.req.valid('param').list)),
  );
  app.openapi(
    route({
      method: 'put',
      path: '/api/v1/me/views/{list}/filters',
      summary: '保存（或按名称替换）一个筛选',
      tags,
      params: ListParam,
      body: FilterBody,
      response: ListViewsResponse,
    }),
    async (c) =>
      c.json(await saveMyListFilter(c.get('deps'), ctxOf(c), c.req.valid('param').list, c.req.valid('json'))),
  );
  app.openapi(
    route({
      method: 'delete',
      path: '/api/v1/me/views/{list}/filters',
      summary: '删除一个已保存的筛选',
      tags,
      params: ListParam,
      query: NameQuery,
      response: ListViewsResponse,
    }),
    async (c) =>
      c.json(await deleteMyListFilter(c.get('deps'), ctxOf(c), c.req.valid('param').list, c.req.valid('query').name)),
  );
};
