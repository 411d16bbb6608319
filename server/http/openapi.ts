import { createRoute, z } from '@hono/zod-openapi';
import type { ZodType } from 'zod';
import { ErrorEnvelope } from '../../contract/responses/common.ts';
import type { App } from './env.ts';

/** The statuses a handler answers successfully with (errors are thrown as AppError and mapped in one place). */
export type SuccessStatus = 200 | 201 | 202;

/** The error statuses every operation may answer with, all carrying the one error envelope. */
const ERRORS = {
  400: '请求内容有误',
  401: '未登录',
  403: '无权限',
  404: '不存在',
  409: '冲突或步骤不允许',
  413: '请求内容过大',
  422: '业务校验未通过',
  429: '请求过于频繁',
} as const;

/** Non-JSON answers (documents, exports, attachments, plain text): the media type declared in the OpenAPI document. */
export const FILE_TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  text: 'text/plain',
  any: 'application/octet-stream',
} as const;
export type FileKind = keyof typeof FILE_TYPES;

/** The response of an operation not yet described (answers anything). */
const AnyBody = z.any();

const Binary = z.string().openapi({ type: 'string', format: 'binary' });

type Json<S> = { 'application/json': { schema: S } };
type Files<F extends FileKind> = { [M in (typeof FILE_TYPES)[F]]: { schema: typeof Binary } };
type None = Record<never, never>;
type RequestOf<B, Q, PP> = (B extends ZodType ? { body: { content: Json<B>; required: true } } : None) &
  (Q extends ZodType ? { query: Q } : None) &
  (PP extends ZodType ? { params: PP } : None);
type ContentOf<R, F extends FileKind> = [R] extends [ZodType]
  ? Json<R> & Files<F>
  : [F] extends [never]
    ? Json<typeof AnyBody>
    : Files<F>;
type ResponsesOf<R, S extends SuccessStatus, F extends FileKind> = {
  [K in S]: { description: string; content: ContentOf<R, F> };
};

/**
 * A route definition with the house defaults: JSON in, JSON out (`response`, answered with `status`), or a file
 * (`files`), and the error envelope on every error status. The returned type carries the body, query and params
 * schemas, so `c.req.valid('json')` is typed, and the response schema, so `c.json(…)` must match it.
 */
export function route<
  P extends string,
  R extends ZodType | undefined = undefined,
  S extends SuccessStatus = 200,
  B extends ZodType | undefined = undefined,
  Q extends ZodType | undefined = undefined,
  PP extends ZodType | undefined = undefined,
  F extends FileKind = never,
>(def: {
  method: 'get' | 'post' | 'put' | 'delete';
  path: P;
  summary: string;
  description?: string;
  tags: string[];
  body?: B;
  query?: Q;
  params?: PP;
  public?: boolean;
  /** The success body (JSON); absent when the answer is only a file. */
  response?: R;
  /** The success statuses (the first is the usual one); default 200. */
  status?: S | readonly S[];
  /** The answer is (also, when `response` is given) a file of these kinds. */
  files?: readonly F[];
}) {
  const statuses: readonly SuccessStatus[] =
    def.status === undefined ? [200] : typeof def.status === 'number' ? [def.status] : def.status;
  const success = Object.fromEntries(
    statuses.map((s) => [
      s,
      {
        description: s === 201 ? '已创建' : s === 202 ? '已提交审批' : '成功',
        content: {
          ...(def.response || !def.files?.length ? { 'application/json': { schema: def.response ?? AnyBody } } : {}),
          ...Object.fromEntries((def.files ?? []).map((f) => [FILE_TYPES[f], { schema: Binary }])),
        },
      },
    ]),
  );
  const errors = Object.fromEntries(
    Object.entries(ERRORS).map(([s, description]) => [
      s,
      { description, content: { 'application/json': { schema: ErrorEnvelope } } },
    ]),
  );
  const full = createRoute({
    method: def.method,
    path: def.path,
    summary: def.summary,
    ...(def.description ? { description: def.description } : {}),
    tags: def.tags,
    request: {
      ...(def.body ? { body: { content: { 'application/json': { schema: def.body as never } }, required: true } } : {}),
      ...(def.query ? { query: def.query as never } : {}),
      ...(def.params ? { params: def.params as never } : {}),
    },
    ...(def.public ? {} : { security: [{ session: [] }] }),
    responses: { ...success, ...errors },
  });
  // Handlers answer errors by throwing AppError (mapped in one place), so their static type only needs the success
  // shapes; the document above carries the error statuses too.
  return full as unknown as Omit<typeof full, 'request' | 'responses'> & {
    request: RequestOf<B, Q, PP>;
    responses: ResponsesOf<R, S, F>;
  };
}

export const IdParam = z.object({ id: z.string().min(1).max(64) });

/**
 * Declares in the OpenAPI document an operation whose handler Hono serves directly (multipart uploads and
 * downloads, whose bodies the handler reads itself so that its Chinese messages stay those of the use case).
 */
export function describe(app: App, def: Parameters<typeof route>[0] & { form?: ZodType }): void {
  const { form, ...rest } = def;
  const r = route(rest) as unknown as Parameters<App['openAPIRegistry']['registerPath']>[0];
  app.openAPIRegistry.registerPath(
    form
      ? {
          ...r,
          request: { ...r.request, body: { content: { 'multipart/form-data': { schema: form } }, required: true } },
        }
      : r,
  );
}
