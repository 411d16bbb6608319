import type { ZodError } from 'zod';

/** Chinese names of request fields, for messages that say which field to fix (never the code name). */
export const FIELD_NAMES: Record<string, string> = {
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
  consent: '个人信息处理告知',
  applicant: '申请人',
  grounds: '申请理由',
  pow: '安全验证',
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
  overdue: '超期事项',
  severe: '严重警告事项',
  repeatAtLeast: '重复信访次数阈值',
  dissatisfied: '不满意事项',
  sentBackAtLeast: '退回重办次数阈值',
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
    // A field without a Chinese name is never shown by its code name: its own Chinese message names it.
    else if (i.path.some((p) => typeof p === 'string' && !FIELD_NAMES[p])) return msg;
    return `${path}：${msg}`;
  });
  return `请求内容有误。${parts.join('；')}`;
}
