import { z } from '@hono/zod-openapi';
import {
  AdminTaxonomyResponse,
  PutAdminTaxonomyResponse,
  TaxonomyAdminRow,
} from '../../../contract/responses/admin.ts';
import { OkBody } from '../../../contract/responses/common.ts';
import { addClass, deleteClass, editClass, setClassNameMap, taxonomyAdminView } from '../../app/taxonomy-admin.ts';
import type { App } from '../env.ts';
import { route } from '../openapi.ts';
import { ctxOf } from './ctx.ts';

const tags = ['管理'];
const CodeParam = z.object({ code: z.string().min(1).max(32) });

/** The administrator edits the content-class tree: add, rename, retire / restore, delete an unused class. */
export const taxonomyAdminRoutes = (app: App): void => {
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/admin/taxonomy',
      summary: '内容分类维护：分类树（含已停用）与上游分类对应',
      tags,
      response: AdminTaxonomyResponse,
    }),
    async (c) => c.json(await taxonomyAdminView(c.get('deps'), ctxOf(c))),
  );
  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/admin/taxonomy',
      summary: '新增内容分类',
      tags,
      body: z.object({
        parent: z.string().max(32).nullable(),
        name: z.string().max(100),
        domain: z.string().max(20).nullable().optional(),
      }),
      response: TaxonomyAdminRow,
      status: 201,
    }),
    async (c) => c.json(await addClass(c.get('deps'), ctxOf(c), c.req.valid('json')), 201),
  );
  app.openapi(
    route({
      method: 'put',
      path: '/api/v1/admin/taxonomy/{code}',
      summary: '修改内容分类：改名、诉求领域、停用或恢复',
      tags,
      params: CodeParam,
      body: z.object({
        name: z.string().max(100).optional(),
        domain: z.string().max(20).nullable().optional(),
        retired: z.boolean().optional(),
      }),
      response: PutAdminTaxonomyResponse,
    }),
    async (c) => c.json(await editClass(c.get('deps'), ctxOf(c), c.req.valid('param').code, c.req.valid('json'))),
  );
  app.openapi(
    route({
      method: 'delete',
      path: '/api/v1/admin/taxonomy/{code}',
      summary: '删除未被使用的内容分类（已被事项使用的只能停用）',
      tags,
      params: CodeParam,
      response: OkBody,
    }),
    async (c) => {
      await deleteClass(c.get('deps'), ctxOf(c), c.req.valid('param').code);
      return c.json({ ok: true });
    },
  );
  app.openapi(
    route({
      method: 'put',
      path: '/api/v1/admin/taxonomy-name-maps',
      summary: '设置上游分类名称与本地分类的对应（code 为 null 时取消）',
      tags,
      body: z.object({ upstream: z.string().max(200), code: z.string().max(32).nullable() }),
      response: OkBody,
    }),
    async (c) => {
      await setClassNameMap(c.get('deps'), ctxOf(c), c.req.valid('json'));
      return c.json({ ok: true });
    },
  );
};
