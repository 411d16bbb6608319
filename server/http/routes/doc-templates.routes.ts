import { DOC_KINDS } from '../../../contract/documents.ts';
import {
  activateDocTemplate,
  downloadDocTemplate,
  listDocTemplates,
  previewDocTemplate,
  uploadDocTemplate,
} from '../../app/doc-templates.ts';
import { AppError } from '../../domain/errors.ts';
import { z } from '@hono/zod-openapi';
import {
  ActivateDocTemplateResponse,
  DocTemplatesResponse,
  PreviewDocTemplateResponse,
  TemplateForm,
  UploadDocTemplateResponse,
} from '../../../contract/responses/doc-templates.ts';
import type { App } from '../env.ts';
import { describe } from '../openapi.ts';
import { ctxOf } from './ctx.ts';
import { attachmentHeader } from './report.routes.ts';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The template file of a multipart body (field "file"); optional for the preview. */
async function formFile(
  c: { req: { parseBody(): Promise<Record<string, unknown>> } },
  required: boolean,
): Promise<{ file: { name: string; content: Uint8Array } | null; form: Record<string, unknown> }> {
  const form = await c.req.parseBody().catch(() => {
    throw new AppError('VALIDATION', '请以 multipart/form-data 上传，字段名为 file');
  });
  const f = form.file;
  if (!(f instanceof File)) {
    if (required) throw new AppError('VALIDATION', '请选择要上传的模板文件（Word .docx，字段名 file）');
    return { file: null, form };
  }
  return { file: { name: f.name, content: new Uint8Array(await f.arrayBuffer()) }, form };
}

/**
 * 文书模板 (system administrators): list the kinds with their placeholders and versions, download a template,
 * upload a new version (validated; refused with the missing placeholders listed), put a version in use or go
 * back to the default, and preview a template with sample data (JSON text or the .docx).
 */
export function docTemplateRoutes(app: App): void {
  const tags = ['文书模板'];
  const params = z.object({ kind: z.enum(DOC_KINDS) });
  // Plain Hono handlers (multipart bodies and files), declared in the OpenAPI document beside them.
  describe(app, {
    method: 'get',
    path: '/api/v1/doc-templates',
    summary: '文书模板：各类文书的占位符与版本',
    tags,
    response: DocTemplatesResponse,
  });
  app.get('/api/v1/doc-templates', async (c) =>
    c.json({ kinds: await listDocTemplates(c.get('deps'), ctxOf(c)) } satisfies DocTemplatesResponse),
  );
  describe(app, {
    method: 'get',
    path: '/api/v1/doc-templates/{kind}/file',
    summary: '下载模板文件（Word；version 缺省为在用版本）',
    tags,
    params,
    query: z.object({ version: z.string().optional() }),
    files: ['docx'],
  });
  app.get('/api/v1/doc-templates/:kind/file', async (c) => {
    const doc = await downloadDocTemplate(c.get('deps'), ctxOf(c), c.req.param('kind'), c.req.query('version') ?? null);
    return c.body(new Uint8Array(doc.content), 200, {
      'content-type': DOCX,
      'content-disposition': attachmentHeader(doc.name, 'template.docx'),
    });
  });
  describe(app, {
    method: 'post',
    path: '/api/v1/doc-templates/{kind}',
    summary: '上传模板新版本（multipart，字段 file、note、activate；缺少必需占位符时拒绝并列出）',
    tags,
    params,
    form: TemplateForm,
    response: UploadDocTemplateResponse,
    status: 201,
  });
  app.post('/api/v1/doc-templates/:kind', async (c) => {
    const { file, form } = await formFile(c, true);
    const res = await uploadDocTemplate(c.get('deps'), ctxOf(c), c.req.param('kind'), file!, {
      note: typeof form.note === 'string' ? form.note : '',
      activate: form.activate !== 'false',
    });
    return c.json(res satisfies UploadDocTemplateResponse, 201);
  });
  describe(app, {
    method: 'post',
    path: '/api/v1/doc-templates/{kind}/activate',
    summary: '启用某一版本（versionId 为 null 时恢复默认模板）',
    tags,
    params,
    body: z.object({ versionId: z.string().nullable() }),
    response: ActivateDocTemplateResponse,
  });
  app.post('/api/v1/doc-templates/:kind/activate', async (c) => {
    const body = (await c.req.json().catch(() => null)) as { versionId?: unknown } | null;
    const id = body?.versionId;
    if (!body || (id !== null && typeof id !== 'string'))
      throw new AppError('VALIDATION', '请给出要启用的模板版本（versionId；恢复默认模板时为 null）');
    await activateDocTemplate(c.get('deps'), ctxOf(c), c.req.param('kind'), id);
    return c.json({ ok: true });
  });
  describe(app, {
    method: 'post',
    path: '/api/v1/doc-templates/{kind}/preview',
    summary: '用示例数据预览模板（可附 multipart 文件 file；format=docx 时返回 Word）',
    tags,
    params,
    query: z.object({ format: z.enum(['json', 'docx']).optional() }),
    response: PreviewDocTemplateResponse,
    files: ['docx'],
  });
  app.post('/api/v1/doc-templates/:kind/preview', async (c) => {
    const isForm = (c.req.header('content-type') ?? '').startsWith('multipart/form-data');
    const file = isForm ? (await formFile(c, false)).file : null;
    const p = await previewDocTemplate(c.get('deps'), ctxOf(c), c.req.param('kind'), file?.content ?? null);
    if (c.req.query('format') === 'docx')
      return c.body(new Uint8Array(p.content), 200, {
        'content-type': DOCX,
        'content-disposition': attachmentHeader(p.name, 'preview.docx'),
      });
    return c.json({ paragraphs: p.paragraphs, findings: p.findings } satisfies PreviewDocTemplateResponse);
  });
}
