import {
  ItemsAttachmentsResponse,
  ItemsRepeatCheckResponse,
  AttachmentResponse,
  ItemList,
  ItemView,
  ItemsTimelineResponse,
  PostItemsCorrectResponse,
  PostItemsResponse,
  PostItemsStepsResponse,
  WorkbenchResponse,
} from '../../../contract/responses/items.ts';
import { z } from '@hono/zod-openapi';
import { DOC_KINDS } from '../../../contract/documents.ts';
import { FileForm } from '../../../contract/responses/common.ts';
import { ApplyStepBody, CorrectItemBody, ItemListQuery, RegisterItemInput } from '../../../contract/dto.ts';
import { applyStep } from '../../app/apply-step.ts';
import { correctRegisteredItem } from '../../app/correct-item.ts';
import { getItemView, getTimeline, listItems, registeredItemView } from '../../app/item-queries.ts';
import { registerItem } from '../../app/register-item.ts';
import { findRepeatCandidates } from '../../app/repeat-check.ts';
import { loadClockwork } from '../../app/context.ts';
import { scopeOf } from '../../app/visibility.ts';
import { workbench } from '../../app/workbench.ts';
import { AppError } from '../../domain/errors.ts';
import { canRegister } from '../../domain/item.policy.ts';
import { fileStoreOf } from '../files.ts';
import type { App, HttpOptions } from '../env.ts';
import { addAttachment, listAttachments, readAttachment } from '../../app/attachments.ts';
import { itemDocument } from '../../app/item-documents.ts';
import { supervisionOrderDocument } from '../../app/supervision.ts';
import { itemsXlsx } from '../../exports/items-xlsx.ts';
import { appendAudit } from '../../store/audit.store.ts';
import { describe, IdParam, route } from '../openapi.ts';
import { ctxOf } from './ctx.ts';

const tags = ['信访事项'];

export function itemRoutes(app: App, opts: HttpOptions): void {
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/items',
      summary: '事项列表（筛选、排序、分页）',
      tags,
      query: ItemListQuery,
      response: ItemList,
    }),
    async (c) => {
      return c.json(await listItems(c.get('deps'), ctxOf(c), c.req.valid('query')));
    },
  );

  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/items/export',
      summary: '按当前筛选与排序导出事项列表（Excel，不含个人信息）',
      tags,
      query: ItemListQuery,
      files: ['xlsx'],
    }),
    async (c) => {
      const query = c.req.valid('query');
      const deps = c.get('deps');
      const rows: Awaited<ReturnType<typeof listItems>>['items'] = [];
      let today = '';
      // Page through the same query the list shows (up to 20,000 rows, the size a spreadsheet is still useful at).
      let cursor: string | undefined;
      do {
        const res = await listItems(deps, ctxOf(c), { ...query, cursor, dir: 'next', pageSize: 200 });
        today = res.today;
        rows.push(...res.items);
        cursor = res.nextCursor ?? undefined;
      } while (cursor && rows.length < 20_000);
      const filters = Object.entries(c.req.query())
        .filter(([k, v]) => v && !['page', 'pageSize', 'sort', 'order', 'cursor', 'dir'].includes(k))
        .map(([k, v]) => `${k}=${v}`)
        .join('，');
      const buf = await itemsXlsx(rows, { title: '信访事项列表', filters, today });
      await appendAudit(
        deps.db,
        {
          at: deps.clock().toISOString(),
          actorId: ctxOf(c).actor.userId,
          actorRole: ctxOf(c).actor.role,
          action: 'items.export',
          itemId: null,
          detail: { rows: rows.length, filters },
          requestId: c.get('requestId'),
        },
        deps,
      );
      return c.body(new Uint8Array(buf), 200, {
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'content-disposition': `attachment; filename="items-${today}.xlsx"; filename*=UTF-8''${encodeURIComponent(`信访事项列表-${today}.xlsx`)}`,
      });
    },
  );

  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/items',
      summary: '登记信访事项（支持 Idempotency-Key 请求头）',
      tags,
      body: RegisterItemInput,
      response: PostItemsResponse,
      status: [201, 200],
    }),
    async (c) => {
      const key = c.req.header('idempotency-key')?.slice(0, 128) || null;
      const res = await registerItem(c.get('deps'), ctxOf(c), c.req.valid('json'), key);
      const view = await registeredItemView(c.get('deps'), ctxOf(c), res);
      return c.json(
        {
          item: view,
          queryCode: res.queryCode || null,
          repeatCandidates: res.repeatCandidates,
          replayed: res.replayed,
        },
        res.replayed ? 200 : 201,
      );
    },
  );

  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/items/repeat-check',
      summary: '按证件号码/电话/姓名查询此前的信访事项（重复信访提示）',
      tags,
      query: z.object({
        idNumber: z.string().max(30).optional(),
        phone: z.string().max(30).optional(),
        name: z.string().max(50).optional(),
        address: z.string().max(200).optional(),
        text: z.string().max(4000).optional(),
      }),
      response: ItemsRepeatCheckResponse,
    }),
    async (c) => {
      if (!canRegister(ctxOf(c).actor)) throw new AppError('FORBIDDEN', '无权查询');
      const q = c.req.valid('query');
      const deps = c.get('deps');
      const cands = await findRepeatCandidates(
        deps.db,
        deps.codec,
        {
          id: '',
          title: '',
          content: q.text ?? '',
          petitioners:
            q.idNumber || q.phone || q.name
              ? [
                  {
                    name: q.name ?? '',
                    idNumber: q.idNumber || null,
                    idVerified: true,
                    phone: q.phone || null,
                    address: q.address || null,
                  },
                ]
              : [],
        },
        scopeOf(deps, ctxOf(c).actor),
        await loadClockwork(deps.db, deps.clock()),
      );
      return c.json({ candidates: q.name || q.idNumber || q.phone ? cands : [] });
    },
  );

  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/items/{id}',
      summary: '事项详情（含期限、可办步骤）',
      tags,
      params: IdParam,
      response: ItemView,
    }),
    async (c) => {
      return c.json(await getItemView(c.get('deps'), ctxOf(c), c.req.param('id')!));
    },
  );

  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/items/{id}/unmask',
      summary: '查看完整身份信息（须说明理由，记入审计）',
      tags,
      params: IdParam,
      body: z.object({ reason: z.string().trim().min(2).max(500) }),
      response: ItemView,
    }),
    async (c) => {
      const { reason } = c.req.valid('json');
      return c.json(await getItemView(c.get('deps'), ctxOf(c), c.req.param('id')!, reason));
    },
  );

  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/items/{id}/timeline',
      summary: '事项办理时间线',
      tags,
      params: IdParam,
      response: ItemsTimelineResponse,
    }),
    async (c) => {
      return c.json({ events: await getTimeline(c.get('deps'), ctxOf(c), c.req.param('id')!) });
    },
  );

  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/items/{id}/steps',
      summary: '办理一个步骤（交转、受理、延期、答复、送达、复查……）',
      tags,
      params: IdParam,
      body: ApplyStepBody,
      response: PostItemsStepsResponse,
    }),
    async (c) => {
      const body = c.req.valid('json');
      const res = await applyStep(c.get('deps'), ctxOf(c), c.req.param('id')!, body.version, body.input);
      const view = await getItemView(c.get('deps'), ctxOf(c), res.item.id).catch(() => null);
      return c.json({ item: view, summary: res.summary, refused: res.refused, warnings: res.warnings });
    },
  );

  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/items/{id}/correct',
      summary: '更正登记信息（登记、审核人员；须填写理由）',
      tags,
      params: IdParam,
      body: CorrectItemBody,
      response: PostItemsCorrectResponse,
    }),
    async (c) => {
      const body = c.req.valid('json');
      const res = await correctRegisteredItem(c.get('deps'), ctxOf(c), c.req.param('id')!, body);
      return c.json({ item: await getItemView(c.get('deps'), ctxOf(c), res.item.id), summary: res.summary });
    },
  );

  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/workbench',
      summary: '我的待办（按期限预警分组）',
      tags: ['工作台'],
      response: WorkbenchResponse,
    }),
    async (c) => {
      return c.json(await workbench(c.get('deps'), ctxOf(c)));
    },
  );

  // Production passes the configured folder; an app built without one (tests, tools) keeps files in a temp folder.
  const store = fileStoreOf(opts);
  const files = () => store;
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/items/{id}/attachments',
      summary: '事项材料列表',
      tags,
      params: IdParam,
      response: ItemsAttachmentsResponse,
    }),
    async (c) => c.json({ attachments: await listAttachments(c.get('deps'), ctxOf(c), c.req.param('id')!) }),
  );
  // Multipart upload and downloads: plain Hono handlers (the body is not JSON), declared in the OpenAPI document.
  describe(app, {
    method: 'post',
    path: '/api/v1/items/{id}/attachments',
    summary: '上传事项材料（multipart，字段 file；PDF、图片、Word、文本）',
    tags,
    params: IdParam,
    form: FileForm,
    response: AttachmentResponse,
    status: 201,
  });
  app.post('/api/v1/items/:id/attachments', async (c) => {
    const form = await c.req.parseBody().catch(() => {
      throw new AppError('VALIDATION', '请以 multipart/form-data 上传，字段名为 file');
    });
    const file = form['file'];
    if (!(file instanceof File)) throw new AppError('VALIDATION', '请选择要上传的文件（字段名 file）');
    const res = await addAttachment(
      c.get('deps'),
      ctxOf(c),
      files(),
      c.req.param('id'),
      file.name,
      new Uint8Array(await file.arrayBuffer()),
    );
    return c.json(res satisfies AttachmentResponse, 201);
  });
  describe(app, {
    method: 'get',
    path: '/api/v1/attachments/{id}',
    summary: '下载事项材料',
    tags,
    params: IdParam,
    files: ['any'],
  });
  app.get('/api/v1/attachments/:id', async (c) => {
    const f = await readAttachment(c.get('deps'), ctxOf(c), files(), c.req.param('id'));
    return c.body(new Uint8Array(f.content), 200, {
      'content-type': f.mime,
      'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(f.name)}`,
      'x-content-type-options': 'nosniff',
    });
  });
  describe(app, {
    method: 'get',
    path: '/api/v1/items/{id}/documents/{kind}',
    summary: '生成事项文书（Word；督办单须给出 supervisionId）',
    tags,
    params: IdParam.extend({ kind: z.enum(DOC_KINDS) }),
    query: z.object({ supervisionId: z.string().optional() }),
    files: ['docx'],
  });
  app.get('/api/v1/items/:id/documents/:kind', async (c) => {
    const supervisionId = c.req.query('supervisionId');
    const doc =
      c.req.param('kind') === 'supervision_order' && supervisionId
        ? await supervisionOrderDocument(c.get('deps'), ctxOf(c), supervisionId, c.req.param('id'))
        : await itemDocument(c.get('deps'), ctxOf(c), c.req.param('id'), c.req.param('kind'));
    return c.body(new Uint8Array(doc.content), 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'content-disposition': `attachment; filename="item.docx"; filename*=UTF-8''${encodeURIComponent(doc.name)}`,
    });
  });
}
