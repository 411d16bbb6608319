/**
 * Closed vocabularies shared by server and web. Domain values that appear in statistics, imports and
 * documents are the Chinese terms themselves (they are the keys a bureau reads); workflow codes are English.
 */

export const CHANNELS = ['来信', '来访', '网上投诉', '电话', '传真', '其他'] as const;
export type Channel = (typeof CHANNELS)[number];

export const LEVELS = ['国家', '省', '市', '区'] as const;
export type Level = (typeof LEVELS)[number];

export const PURPOSES = ['求决', '申诉', '揭发控告', '意见建议', '咨询', '其他'] as const;
export type Purpose = (typeof PURPOSES)[number];

export const HANDLING_CLASSES = ['建议意见类', '检举控告类', '申诉求决类'] as const;
export type HandlingClass = (typeof HANDLING_CLASSES)[number];

export const FLAGS = [
  '集体访',
  '越级访',
  '联名',
  '涉法涉诉',
  '积案',
  '领导包案',
  '领导批示',
  '复查复核',
  '列入满意度评价',
  '简易办理',
] as const;
export type Flag = (typeof FLAGS)[number];

export const ROUTE_KINDS = ['转送', '交办', '直接回复', '存', '不予受理', '不再受理'] as const;
export type RouteKind = (typeof ROUTE_KINDS)[number];

/**
 * 诉访分离: the bureau's route that guides a matter for courts, arbitration or administrative review into that
 * channel with a written notice (kept apart from ROUTE_KINDS, the vocabulary of imports and the plain route form).
 */
export const LEGAL_ROUTE_KIND = '导入法律程序' as const;
/** Every route decision the bureau can record. */
export const ALL_ROUTE_KINDS = [...ROUTE_KINDS, LEGAL_ROUTE_KIND] as const;
export type AnyRouteKind = (typeof ALL_ROUTE_KINDS)[number];

/** The legal channel a 导入法律程序 route names. */
export const LEGAL_CHANNELS = ['诉讼', '仲裁', '行政复议', '申诉'] as const;
export type LegalChannel = (typeof LEGAL_CHANNELS)[number];
/** Where each channel leads, for the notice to the petitioner. */
export const LEGAL_CHANNEL_ORGANS: Readonly<Record<LegalChannel, string>> = {
  诉讼: '人民法院',
  仲裁: '仲裁委员会',
  行政复议: '行政复议机关',
  申诉: '人民法院或人民检察院',
};

/**
 * How a routed item reaches the unit: inside the system routing is delivery (the unit's clocks start on the route
 * date); a 转送函 to an organ outside the system is delivered on the date the bureau records.
 */
export const DELIVERY_MODES = ['system', 'letter'] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];
export const DELIVERY_MODE_LABELS: Readonly<Record<DeliveryMode, string>> = {
  system: '系统内交转（交转即送达）',
  letter: '转送函（系统外机关）',
};

/** Who decided a 复查/复核: an account of the deciding organ in the system, or the organ outside it (recorded). */
export const DECISION_SOURCES = ['system', 'outside'] as const;
export type DecisionSource = (typeof DECISION_SOURCES)[number];

export const OPINION_OUTCOMES = ['支持', '解释说明', '不予支持'] as const;
export type OpinionOutcome = (typeof OPINION_OUTCOMES)[number];

export const REVIEW_OUTCOMES = ['维持', '变更', '责令重新办理'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

export const SATISFACTION = ['满意', '基本满意', '不满意', '未评价'] as const;
export type Satisfaction = (typeof SATISFACTION)[number];

/** Workflow states of one item. */
export const STATUSES = [
  'registered', // 待交转: the bureau decides the route
  'routed', // 待签收: routed to a unit, not yet confirmed received
  'received', // 待受理: the unit confirmed receipt; accept, object or decline
  'handling', // 办理中
  'replied', // 已出具意见: opinion issued, not yet served
  'served', // 已送达: opinion served; rating and 复查 window running
  'concluded', // 待审核: the unit reported 办结, the bureau reviews
  'closed', // 已办结
  'review', // 复查中
  'review_decided', // 复查已决定
  'rereview', // 复核中
  'terminated', // 已终结 (after 复核)
  'filed', // 存档
  'not_accepted', // 不予受理
  'not_reaccepted', // 不再受理
  'legal_channel', // 已导入法律程序 (诉访分离)
] as const;
export type Status = (typeof STATUSES)[number];

export const STATUS_LABELS: Readonly<Record<Status, string>> = {
  registered: '待交转',
  routed: '待签收',
  received: '待受理',
  handling: '办理中',
  replied: '待送达',
  served: '已送达',
  concluded: '待审核',
  closed: '已办结',
  review: '复查中',
  review_decided: '复查已决定',
  rereview: '复核中',
  terminated: '已终结',
  filed: '已存档',
  not_accepted: '不予受理',
  not_reaccepted: '不再受理',
  legal_channel: '已导入法律程序',
};

/** States in which nothing more happens on the item (no clock runs). */
export const TERMINAL_STATUSES: readonly Status[] = [
  'closed',
  'filed',
  'not_accepted',
  'not_reaccepted',
  'terminated',
  'legal_channel',
];

/** Lifecycle steps (events). */
export const STEPS = [
  'route',
  'confirm_receipt',
  'object',
  'accept',
  'decline',
  'request_extension',
  'decide_extension',
  'reply',
  'serve',
  'rate',
  'conclude',
  'approve_close',
  'send_back',
  'request_review',
  'decide_review',
  'serve_decision',
  'request_rereview',
  'add_hearing',
  'decide_rereview',
  'record_delivery',
  'submit_assist_opinion',
  'waive_assist_opinion',
] as const;
export type Step = (typeof STEPS)[number];

export const STEP_LABELS: Readonly<Record<Step, string>> = {
  route: '交转（转送/交办/直接回复/存/不予受理/不再受理）',
  confirm_receipt: '确认接收',
  object: '提出异议',
  accept: '受理告知',
  decline: '不予/不再受理告知',
  request_extension: '申请延期',
  decide_extension: '审批延期',
  reply: '出具处理意见',
  serve: '送达',
  rate: '满意度评价',
  conclude: '办结',
  approve_close: '审核通过',
  send_back: '退回重办',
  request_review: '登记复查申请',
  decide_review: '作出复查意见',
  serve_decision: '送达复查/复核意见',
  request_rereview: '登记复核申请',
  add_hearing: '登记听证（不计入期限）',
  decide_rereview: '作出复核意见',
  record_delivery: '登记转送函送达',
  submit_assist_opinion: '提交协办意见',
  waive_assist_opinion: '免予提交协办意见',
};

/** Chinese names of timeline entries: the steps, and what the system or the bureau records besides them. */
export const TIMELINE_STEP_LABELS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(Object.entries(STEP_LABELS).map(([k, v]) => [k, v.replace(/（.*）$/, '')])),
  route: '交转',
  register: '登记',
  import: '导入',
  attach: '上传材料',
  correct: '更正登记信息',
  facts_upgrade: '数据升级',
  deadline_moved: '期限重算',
  link: '关联重复件',
  leader_instruction: '领导批示',
  leader_request: '提请领导批示',
  instruction_report: '报告批示办理情况',
  instruction_done: '批示办结',
};

/** The Chinese name of a timeline entry's step (the raw name only for a step no one has named yet). */
export function timelineStepLabel(step: string): string {
  return TIMELINE_STEP_LABELS[step] ?? step;
}

/**
 * Fields of a registered item that the registrar or reviewer may correct (with a reason). Channel, dates and the
 * content text are what the petitioner submitted and stay as registered.
 */
export const CORRECTABLE_FIELDS = [
  'title',
  'classCode',
  'place',
  'flags',
  'handlingClass',
  'purpose',
  'demands',
  'petitioners',
  'headCount',
  'accused',
] as const;
export type CorrectableField = (typeof CORRECTABLE_FIELDS)[number];
export const CORRECTABLE_FIELD_LABELS: Readonly<Record<CorrectableField, string>> = {
  title: '标题',
  classCode: '内容分类',
  place: '问题属地',
  flags: '标记',
  handlingClass: '办理类别',
  purpose: '信访目的',
  demands: '诉求',
  petitioners: '信访人信息',
  headCount: '人数',
  accused: '被反映人',
};
/** Flags a correction may set or clear by hand; the others follow from the facts (channel, head count, steps). */
export const HAND_FLAGS: readonly Flag[] = [
  '越级访',
  '涉法涉诉',
  '积案',
  '领导包案',
  '领导批示',
  '列入满意度评价',
  '简易办理',
];

export const ROLES = [
  'registrar',
  'reviewer',
  'unit_handler',
  'unit_head',
  'leader',
  'admin',
  'security_admin',
  'auditor',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  registrar: '登记员',
  reviewer: '信访局审核员',
  unit_handler: '责任单位经办人',
  unit_head: '责任单位负责人',
  leader: '领导',
  admin: '系统管理员',
  security_admin: '安全管理员',
  auditor: '安全审计员',
};

/** Roles that belong to the petition bureau itself (they see every item). */
export const BUREAU_ROLES: readonly Role[] = ['registrar', 'reviewer'];
/** Roles that belong to a responsible unit (they see their unit's items only). */
export const UNIT_ROLES: readonly Role[] = ['unit_handler', 'unit_head'];

export const WARNING_LEVELS = ['normal', 'notice', 'warning', 'severe', 'overdue'] as const;
export type WarningLevelCode = (typeof WARNING_LEVELS)[number];
export const WARNING_LEVEL_LABELS: Readonly<Record<WarningLevelCode, string>> = {
  normal: '正常',
  notice: '预警',
  warning: '警告',
  severe: '严重警告',
  overdue: '超期',
};

/** How a 回访 reached the petitioner. */
export const RETURN_VISIT_METHODS = ['电话', '走访', '短信'] as const;
export type ReturnVisitMethod = (typeof RETURN_VISIT_METHODS)[number];
