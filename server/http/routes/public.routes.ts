import { DOC_KINDS } from '../../../contract/documents.ts';
import {
  PostPublicItemsRatingResponse,
  PostPublicItemsReviewResponse,
  PublicItemsResponse,
} from '../../../contract/responses/public.ts';
import { z } from '@hono/zod-openapi';
import { SATISFACTION } from '../../../contract/enums.ts';
import { publicItemDocument, publicLookup } from '../../app/public-portal.ts';
import { ratePublicItem } from '../../app/public-access.ts';
import { requestReviewOnline } from '../../app/public-review.ts';
import { AppError } from '../../domain/errors.ts';
import { SupplementInput } from '../../../contract/online.ts';
import { PostPublicItemsMaterialsResponse } from '../../../contract/responses/online.ts';
import { supplementMaterials } from '../../app/petitioner-files.ts';
import type { App, HttpOptions } from '../env.ts';
import { fileStoreOf } from '../files.ts';
import { describe, route } from '../openapi.ts';

const tags = ['信访人查询'];
const CodeParam = z.object({ code: z.string().regex(/^[A-Z2-9]{10}$/, '查询码为 10 位大写字母或数字') });

/**
 * What a petitioner sees with the query code: the whitelist of `publicViewOf` (progress addressed to the
 * petitioner, the answer to each demand, 复查/复核 outcomes and the right to ask further) and a rating form.
 * A wrong code answers one fixed message; the routes are throttled per client (app.ts).
 */
export function publicRoutes(app: App, opts: Pick<HttpOptions, 'filesDir'>): void {
  const files = fileStoreOf(opts);
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/public/items/{code}',
      summary: '凭查询码查看办理进度',
      tags,
      params: CodeParam,
      public: true,
      response: PublicItemsResponse,
    }),
    async (c) => c.json(await publicLookup(c.get('deps'), c.req.param('code')!)),
  );

  // A Word file, not JSON: a plain route (throttled with the rest of /api/v1/public/), declared in the document.
  describe(app, {
    method: 'get',
    path: '/api/v1/public/items/{code}/documents/{kind}',
    summary: '凭查询码下载告知类文书（Word）',
    tags,
    params: CodeParam.extend({ kind: z.enum(DOC_KINDS) }),
    public: true,
    files: ['docx'],
  });
  app.get('/api/v1/public/items/:code/documents/:kind', async (c) => {
    const code = CodeParam.safeParse({ code: c.req.param('code') });
    if (!code.success) throw new AppError('NOT_FOUND', '查询码不正确，请核对登记时告知您的查询码');
    const doc = await publicItemDocument(c.get('deps'), code.data.code, c.req.param('kind'), c.get('requestId'));
    return c.body(new Uint8Array(doc.content), 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'content-disposition': `attachment; filename="document.docx"; filename*=UTF-8''${encodeURIComponent(doc.name)}`,
      'cache-control': 'no-store',
    });
  });

  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/public/items/{code}/rating',
      summary: '信访人满意度评价',
      tags,
      params: CodeParam,
      public: true,
      body: z.object({
        satisfaction: z.enum(SATISFACTION.filter((s) => s !== '未评价') as ['满意', '基本满意', '不满意']),
        comment: z.string().max(1000).default(''),
      }),
      response: PostPublicItemsRatingResponse,
    }),
    async (c) => {
      const deps = c.get('deps');
      const body = c.req.valid('json');
      return c.json(await ratePublicItem(deps, c.req.param('code')!, body, c.get('requestId')));
    },
  );

  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/public/items/{code}/review',
      summary: '信访人网上申请复查或复核（期限内）',
      tags,
      params: CodeParam,
      public: true,
      body: z.object({
        applicant: z.string().trim().min(1, '请填写申请人').max(100, '申请人不能超过 100 个字'),
        grounds: z.string().trim().min(1, '请填写申请理由').max(4000, '申请理由不能超过 4000 个字'),
      }),
      response: PostPublicItemsReviewResponse,
    }),
    async (c) => {
      const body = c.req.valid('json');
      const ack = await requestReviewOnline(c.get('deps'), c.req.param('code')!, body, c.get('requestId'));
      return c.json({ acknowledgement: ack });
    },
  );

  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/public/items/{code}/materials',
      summary: '信访人补充材料（事项办理期间）',
      tags,
      params: CodeParam,
      public: true,
      body: SupplementInput,
      response: PostPublicItemsMaterialsResponse,
      status: 201,
    }),
    async (c) => {
      const res = await supplementMaterials(
        c.get('deps'),
        files,
        c.req.param('code')!,
        c.req.valid('json'),
        c.get('requestId'),
      );
      return c.json({ received: res }, 201);
    },
  );
}
