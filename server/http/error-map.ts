import type { Context } from 'hono';
import type { ZodError } from 'zod';
import { ERROR_STATUS, type ErrorBody, type ErrorCode } from '../../contract/errors.ts';
import { AppError } from '../domain/errors.ts';

import { zodMessage } from '../../contract/zod-message.ts';

export { zodMessage };

export function errorBody(code: ErrorCode, message: string, details?: unknown): ErrorBody {
  return { error: { code, message, ...(details === undefined ? {} : { details }) } };
}

/** The one mapper from thrown errors to `{ error: { code, message } }` and an HTTP status. */
export function toErrorResponse(c: Context, err: unknown): Response {
  if (err instanceof AppError) {
    const wait = (err.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
    if (typeof wait === 'number') c.header('Retry-After', String(wait));
    return c.json(errorBody(err.code, err.message, err.details), ERROR_STATUS[err.code] as 400);
  }
  if (err && typeof err === 'object' && 'issues' in err && Array.isArray((err as ZodError).issues)) {
    return c.json(errorBody('VALIDATION', zodMessage(err as ZodError)), 400);
  }
  if (err instanceof RangeError) {
    // Domain date arithmetic rejects impossible dates and lengths with a Chinese RangeError.
    return c.json(errorBody('VALIDATION', err.message), 400);
  }
  const status = err && typeof err === 'object' && 'status' in err ? Number((err as { status: number }).status) : 0;
  if (status === 413) return c.json(errorBody('PAYLOAD_TOO_LARGE', '请求内容过大'), 413);
  if (status >= 400 && status < 500) {
    // Framework-level rejections (malformed JSON, wrong content type) before our validation runs.
    return c.json(errorBody('BAD_JSON', '请求内容不是有效的 JSON，或格式不正确'), 400);
  }
  const dbCode = (err as { code?: string })?.code;
  if (
    dbCode === '40001' ||
    dbCode === '40P01' ||
    dbCode === 'SQLITE_BUSY' ||
    dbCode === '23505' ||
    dbCode === 'SQLITE_CONSTRAINT_UNIQUE' ||
    dbCode === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  ) {
    // A race the use case did not serialise: nothing was written (the transaction rolled back); retrying is safe.
    return c.json(errorBody('CONFLICT', '系统繁忙，数据被同时修改，请重试'), 409);
  }
  if (dbCode === '23503' || dbCode === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    return c.json(errorBody('VALIDATION', '引用的记录不存在或已被删除，请刷新后重新选择'), 400);
  }
  const log = c.get('log' as never) as { error?: (o: unknown, m: string) => void } | undefined;
  log?.error?.({ err }, 'unhandled error');
  if (!log) console.error(err);
  return c.json(errorBody('INTERNAL', '系统内部错误，请稍后重试；如持续出现请联系管理员'), 500);
}
