import type { Context } from 'hono';
import type { ZodError } from 'zod';
import { ERROR_STATUS, type ErrorBody, type ErrorCode } from '../../contract/errors.ts';
import { AppError } from '../domain/errors.ts';

const FIELD_NAMES: Record<string, string> = {
  channel: '信访形式',
  level: '登记机构',
  receivedOn: '收到日期',
  registeredOn: '登记日期',
  petitioners: '信访人',
  name: '姓名',
  idNumber: '证件号码',
  phone: '联系电话',
  address: '住址',
  headCount: '人数',
  representatives: '代表',
  title: '标题',
  content: '信访内容',
  demands: '诉求',
  classCode: '内容分类',
  purpose: '信访目的',
  handlingClass: '处理类别',
  flags: '标记',
  place: '问题属地',
  version: '版本号',
  input: '办理步骤',
  step: '步骤',
  on: '日期',
  kind: '类型',
  reason: '理由',
  days: '天数',
  answers: '答复',
  outcome: '意见',
  basis: '依据',
  facts: '事实',
  opinion: '意见',
  username: '用户名',
  password: '密码',
  date: '日期',
  from: '起始日期',
  to: '截止日期',
  unitId: '单位',
};

/** Turns zod issues into one Chinese sentence naming each field and what to fix. */
export function zodMessage(err: ZodError): string {
  const parts = err.issues.slice(0, 8).map((i) => {
    const path =
      i.path.map((p) => (typeof p === 'number' ? `第${p + 1}项` : (FIELD_NAMES[String(p)] ?? String(p)))).join('·') ||
      '请求内容';
    let msg = i.message;
    if (i.code === 'invalid_type') msg = (i as { input?: unknown }).input === undefined ? '必填' : '类型不正确';
    else if (i.code === 'invalid_value')
      msg = `取值不在允许范围内${'values' in i ? `（可选：${(i.values as unknown[]).join('、')}）` : ''}`;
    else if (i.code === 'unrecognized_keys') msg = '含有不认识的字段';
    else if (i.code === 'invalid_union') msg = '内容不符合该步骤的要求';
    else if (/^[\x00-\x7F]*$/.test(msg)) msg = '格式不正确';
    return `${path}：${msg}`;
  });
  return `请求内容有误。${parts.join('；')}`;
}

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
