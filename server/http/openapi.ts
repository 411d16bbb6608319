import { createRoute, z } from '@hono/zod-openapi';
import type { ZodType } from 'zod';

const ErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

/** A route definition with the house defaults: JSON in, JSON out, the common error responses. */
export function route<P extends string>(def: {
  method: 'get' | 'post' | 'put' | 'delete';
  path: P;
  summary: string;
  tags: string[];
  body?: ZodType;
  query?: ZodType;
  params?: ZodType;
  public?: boolean;
}) {
  const full = createRoute({
    method: def.method,
    path: def.path,
    summary: def.summary,
    tags: def.tags,
    request: {
      ...(def.body ? { body: { content: { 'application/json': { schema: def.body as never } }, required: true } } : {}),
      ...(def.query ? { query: def.query as never } : {}),
      ...(def.params ? { params: def.params as never } : {}),
    },
    ...(def.public ? {} : { security: [{ session: [] }] }),
    responses: {
      200: { description: '成功', content: { 'application/json': { schema: z.any() } } },
      400: { description: '请求内容有误', content: { 'application/json': { schema: ErrorSchema } } },
      401: { description: '未登录', content: { 'application/json': { schema: ErrorSchema } } },
      403: { description: '无权限', content: { 'application/json': { schema: ErrorSchema } } },
      404: { description: '不存在', content: { 'application/json': { schema: ErrorSchema } } },
      409: { description: '冲突或步骤不允许', content: { 'application/json': { schema: ErrorSchema } } },
      422: { description: '业务校验未通过', content: { 'application/json': { schema: ErrorSchema } } },
    },
  });
  // Handlers answer errors by throwing AppError (mapped in one place), so their static type only needs the 200 shape.
  return full as unknown as Omit<typeof full, 'responses'> & {
    responses: { 200: { description: string; content: { 'application/json': { schema: typeof AnyBody } } } };
  };
}

const AnyBody = z.any();

export const IdParam = z.object({ id: z.string().min(1).max(64) });
