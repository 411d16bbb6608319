import {
  CORRECTABLE_FIELD_LABELS,
  ROLE_LABELS,
  STATUS_LABELS,
  STEP_LABELS,
  type CorrectableField,
  type Role,
  type Status,
  type Step,
} from './enums.ts';
import { SUPERVISION_STEP_LABELS, type SupervisionStep } from './supervision.ts';

/** Chinese names of the audit actions the server writes that are not an item step or a 督办 step. */
export const AUDIT_ACTION_LABELS: Readonly<Record<string, string>> = {
  'auth.login': '登录',
  'auth.login_failed': '登录失败',
  'auth.logout': '退出登录',
  'user.create': '新增用户',
  'user.edit': '修改用户',
  'user.disable': '停用账户',
  'user.enable': '启用账户',
  'user.password': '修改密码',
  'user.password_reset': '重置他人密码',
  'user.password_failed': '修改密码时当前密码错误',
  'user.unlock': '解除账户锁定',
  'user.totp_enable': '启用动态验证码',
  'user.totp_replace': '更换动态验证码',
  'user.totp_failed': '动态验证码设置失败',
  'grant.request': '提出权限申请',
  'grant.approve': '批准权限申请',
  'grant.refuse': '拒绝权限申请',
  'grant.withdraw': '撤回权限申请',
  'unit.create': '新增单位',
  'unit.edit': '修改单位',
  'calendar.edit': '调整工作日历',
  'calendar.notice': '工作日历到期提醒',
  'rules.edit': '修改期限规则',
  'taxonomy.create': '新增问题分类',
  'taxonomy.edit': '修改问题分类',
  'taxonomy.delete': '删除问题分类',
  'taxonomy.name_map': '设置上游分类对应',
  'item.register': '登记事项',
  'item.import': '导入事项',
  'item.correct': '更正登记信息',
  'item.assign_handler': '指定经办人',
  'item.delete': '删除事项',
  'item.attach': '上传附件',
  'item.supplement': '信访人补充材料',
  'item.attachment_read': '下载附件',
  'item.unmask': '查看完整身份信息',
  'item.rate': '满意度评价（信访人）',
  'item.document': '生成文书',
  'item.link': '关联事项',
  'item.unlink': '解除事项关联',
  'items.export': '导出事项列表',
  'items.export_import': '导出事项（导入格式）',
  'report.export': '导出统计报告',
  'online.submit': '网上信访提交',
  'online.file_read': '查看网上信访随附材料',
  'online.accept': '网上信访转登记',
  'online.reject': '网上信访不予登记',
  'sms.would_send': '短信通知（待发送）',
  'doc_template.upload': '上传文书模板',
  'doc_template.activate': '启用文书模板',
  'text.retrain': '重新训练分类模型',
  'backlog.rules': '修改积案认定规则',
  'backlog.create': '认定积案',
  'backlog.dismiss': '排除积案',
  'backlog.assign': '积案领导包案',
  'backlog.plan': '积案化解方案',
  'backlog.note': '积案化解进展',
  'backlog.close': '积案化解销号',
  'backlog.reopen': '积案重新启动',
  'backlog.link': '积案关联事项',
  'backlog.export': '导出包案台账',
  'instruction.request': '向领导请示',
  'instruction.withdraw': '撤回请示',
  'instruction.give': '领导批示',
  'instruction.report': '反馈批示落实情况',
  'instruction.review': '审核批示落实情况',
  'instruction.export': '导出批示台账',
  'meeting.create': '安排联席会议',
  'meeting.update': '修改联席会议',
  'meeting.cancel': '取消联席会议',
  'meeting.minutes': '印发会议纪要',
  'meeting.document': '生成会议文书',
  'meeting.task_report': '反馈会议任务',
  'meeting.task_review': '审核会议任务',
  'major_period.create': '新增重大节点',
  'major_period.edit': '修改重大节点',
  'campaign.create': '发起专项行动',
  'follow_up.escalate': '落实逾期升级',
  'keys.rotate': '轮换加密密钥',
  'demo.seed': '生成演示数据',
  'audit.read': '查看审计日志',
  'audit.verify': '校验审计日志',
  'audit.checkpoint': '导出审计锚点',
  'audit.rekey': '以密钥封存旧审计链',
  'user.contacts': '修改用户联系方式与职务',
  'user.notify_channels': '修改本人通知方式',
  'user.notify_channels_admin': '修改他人通知方式',
  'supervision.suggestion_rules': '修改督办建议阈值',
  'outbox.requeue': '重新发送外发消息',
};

/** The Chinese name of an audit action; an unknown code is shown as it is. */
export function auditActionLabel(action: string): string {
  const fixed = AUDIT_ACTION_LABELS[action];
  if (fixed) return fixed;
  if (action.startsWith('item.')) {
    const step = STEP_LABELS[action.slice(5) as Step];
    if (step) return step.replace(/（.*）$/, '');
  }
  if (action.startsWith('supervision.')) {
    const step = SUPERVISION_STEP_LABELS[action.slice(12) as SupervisionStep];
    if (step) return step;
  }
  return action;
}

/** Chinese names of the keys found in audit details (before/after and the rest). */
export const AUDIT_FIELD_LABELS: Readonly<Record<string, string>> = {
  from: '原状态',
  to: '新状态',
  before: '修改前',
  after: '修改后',
  refused: '被拒绝',
  reason: '原因',
  changes: '更正内容',
  field: '字段',
  number: '编号',
  numbers: '编号',
  rows: '条数',
  kind: '类别',
  masked: '已遮蔽身份信息',
  docNumber: '文号',
  version: '版本',
  versionId: '版本',
  sha256: '文件摘要',
  hash: '文件摘要',
  active: '启用',
  size: '大小（字节）',
  mime: '文件类型',
  submissionId: '网上信访编号',
  via: '渠道',
  satisfaction: '满意度',
  supervisionId: '督办',
  unitId: '单位',
  items: '事项数',
  summary: '摘要',
  filters: '筛选条件',
  page: '页码',
  pageSize: '每页条数',
  username: '用户名',
  userId: '用户',
  displayName: '姓名',
  role: '角色',
  grantId: '申请',
  why: '原因',
  address: '地址',
  locked: '已锁定',
  earlierId: '关联的事项',
  repeat: '重复信访',
  caseId: '积案',
  anchorItemId: '事项',
  activeKey: '启用的密钥',
  retried: '重试',
  secrets: '密钥',
  files: '文件',
  name: '名称',
  code: '代码',
  enabled: '启用',
  parentCode: '上级分类',
  today: '日期',
  units: '单位数',
  users: '用户数',
  leadership: '领导',
  count: '条数',
  ok: '结果',
  error: '错误',
  action: '操作',
  title: '标题',
  phone: '手机号码',
  email: '电子邮箱',
  leaderTitle: '职务',
  notifySms: '短信通知',
  notifyEmail: '邮件通知',
  overdue: '超期事项',
  severe: '严重警告事项',
  repeatAtLeast: '重复信访次数阈值',
  dissatisfied: '不满意事项',
  sentBackAtLeast: '退回重办次数阈值',
};

const isStatus = (v: unknown): v is Status => typeof v === 'string' && v in STATUS_LABELS;

/** One value of an audit detail as a person reads it: statuses and roles in Chinese, booleans 是/否. */
export function auditValueText(key: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if ((key === 'from' || key === 'to') && isStatus(v)) return STATUS_LABELS[v];
  if (key === 'role' && typeof v === 'string' && v in ROLE_LABELS) return ROLE_LABELS[v as Role];
  if (key === 'field' && typeof v === 'string' && v in CORRECTABLE_FIELD_LABELS)
    return CORRECTABLE_FIELD_LABELS[v as CorrectableField];
  if (typeof v === 'number') return v.toLocaleString('zh-CN');
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x !== 'object' || x === null)) return v.map((x) => auditValueText(key, x)).join('、');
    return v.map((x) => auditDetailText(x)).join('；') || '—';
  }
  return auditDetailText(v) || '—';
}

/** Label of a detail key: known keys in Chinese, correctable fields by their form name, the rest as they are. */
export function auditFieldLabel(key: string): string {
  return AUDIT_FIELD_LABELS[key] ?? CORRECTABLE_FIELD_LABELS[key as CorrectableField] ?? key;
}

/** An audit detail object as `名称：值` pairs, nested objects in braces (plain text, never markup). */
export function auditDetailPairs(detail: unknown): { key: string; label: string; text: string }[] {
  if (detail === null || typeof detail !== 'object' || Array.isArray(detail)) return [];
  return Object.entries(detail as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ({ key: k, label: auditFieldLabel(k), text: auditValueText(k, v) }));
}

/** An audit detail as one line of Chinese text. */
export function auditDetailText(detail: unknown): string {
  if (detail === null || detail === undefined) return '';
  if (typeof detail !== 'object') return String(detail);
  if (Array.isArray(detail)) return auditValueText('', detail);
  const pairs = auditDetailPairs(detail);
  return pairs.length ? `｛${pairs.map((p) => `${p.label}：${p.text}`).join('，')}｝` : '';
}
