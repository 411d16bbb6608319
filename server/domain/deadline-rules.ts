/**
 * The configurable time limits: the regulation's (《信访工作条例》) and the bureau's own procedural clocks.
 * Each deployment may override length, unit, roll-forward and extension (setting `deadline_rules`).
 */

export type RuleCode =
  | 'route'
  | 'accept_notice'
  | 'objection'
  | 'handle'
  | 'review_request'
  | 'review_decision'
  | 'rereview_request'
  | 'rereview_decision'
  | 'simple_handle'
  | 'sign_receipt'
  | 'objection_decision'
  | 'assist_opinion';

/**
 * Every code an item deadline can carry: the configurable rules, plus `internal_rehandle`, the date the bureau
 * sets when it sends an item back (non-statutory: it never replaces the statutory handling period).
 */
export type DeadlineCode = RuleCode | 'internal_rehandle';

/**
 * `statutory`: a time limit of 《信访工作条例》. `procedural`: a configured clock of the bureau's own procedure that
 * is the item's current duty while it runs (deciding an objection). `internal`: visible with its warning and
 * counted apart, but never the item's due date in lists and the overdue filter (签收, 协办意见, internal re-handling).
 */
export type DeadlineTier = 'statutory' | 'procedural' | 'internal';

/** One configurable time limit. */
export interface DeadlineRule {
  code: RuleCode;
  /** Chinese name shown to users, e.g. '办理期限'. */
  name: string;
  /** Legal basis, e.g. '《信访工作条例》第三十四条'. */
  basis: string;
  /** Chinese label of the start event; the explanation reads "自 <date> <startEvent>之日起算". */
  startEvent: string;
  length: number;
  unit: 'calendar' | 'working';
  /** Move a last day that is a rest day to the next working day (calendar-day rules). */
  rollForward: boolean;
  /** Largest extension (延期) in the rule's unit; 0 = not extendable. */
  maxExtensionDays: number;
}

const REGULATION = '《信访工作条例》';

function deepFreezeRules<T extends Record<RuleCode, DeadlineRule>>(rules: T): Readonly<T> {
  for (const r of Object.values(rules)) Object.freeze(r);
  return Object.freeze(rules);
}

/** The defaults of DOMAIN.md ("Time limits"); each is configurable per deployment. */
export const DEFAULT_RULES: Readonly<Record<RuleCode, DeadlineRule>> = deepFreezeRules({
  route: {
    code: 'route',
    name: '登记转送期限',
    basis: `${REGULATION}第二十二条第一款`,
    startEvent: '收到',
    length: 15,
    unit: 'calendar',
    rollForward: true,
    maxExtensionDays: 0,
  },
  accept_notice: {
    code: 'accept_notice',
    name: '受理告知期限',
    basis: `${REGULATION}第二十三条第三款`,
    startEvent: '收到',
    length: 15,
    unit: 'calendar',
    rollForward: true,
    maxExtensionDays: 0,
  },
  objection: {
    code: 'objection',
    name: '异议期限',
    basis: `${REGULATION}第二十三条第三款`,
    startEvent: '收到',
    length: 5,
    unit: 'working',
    rollForward: false,
    maxExtensionDays: 0,
  },
  handle: {
    code: 'handle',
    name: '办理期限',
    basis: `${REGULATION}第三十四条`,
    startEvent: '受理',
    length: 60,
    unit: 'calendar',
    rollForward: true,
    maxExtensionDays: 30,
  },
  review_request: {
    code: 'review_request',
    name: '复查申请期限',
    basis: `${REGULATION}第三十五条`,
    startEvent: '收到处理意见',
    length: 30,
    unit: 'calendar',
    rollForward: true,
    maxExtensionDays: 0,
  },
  review_decision: {
    code: 'review_decision',
    name: '复查期限',
    basis: `${REGULATION}第三十五条`,
    startEvent: '收到复查请求',
    length: 30,
    unit: 'calendar',
    rollForward: true,
    maxExtensionDays: 0,
  },
  rereview_request: {
    code: 'rereview_request',
    name: '复核申请期限',
    basis: `${REGULATION}第三十六条`,
    startEvent: '收到复查意见',
    length: 30,
    unit: 'calendar',
    rollForward: true,
    maxExtensionDays: 0,
  },
  rereview_decision: {
    code: 'rereview_decision',
    name: '复核期限',
    basis: `${REGULATION}第三十六条`,
    startEvent: '收到复核请求',
    length: 30,
    unit: 'calendar',
    rollForward: true,
    maxExtensionDays: 0,
  },
  simple_handle: {
    code: 'simple_handle',
    name: '简易办理期限',
    basis: '国家信访局信访事项简易办理规定',
    startEvent: '受理',
    length: 10,
    unit: 'working',
    rollForward: false,
    maxExtensionDays: 0,
  },
  // The three below are the bureau's own procedure, not the regulation's: configurable defaults.
  sign_receipt: {
    code: 'sign_receipt',
    name: '签收期限',
    basis: '本机关信访工作制度（交转即送达，签收记录经办人）',
    startEvent: '交转送达',
    length: 1,
    unit: 'working',
    rollForward: false,
    maxExtensionDays: 0,
  },
  objection_decision: {
    code: 'objection_decision',
    name: '异议处理期限',
    basis: '本机关信访工作制度（异议审核与重新交转）',
    startEvent: '收到异议',
    length: 5,
    unit: 'working',
    rollForward: false,
    maxExtensionDays: 0,
  },
  assist_opinion: {
    code: 'assist_opinion',
    name: '协办意见期限',
    basis: '本机关信访工作制度（协办单位向主办单位提出协办意见）',
    startEvent: '交转',
    length: 10,
    unit: 'working',
    rollForward: false,
    maxExtensionDays: 0,
  },
});

/** The tier of each rule (see DeadlineTier); `internal_rehandle` is internal. */
export const RULE_TIERS: Readonly<Record<DeadlineCode, DeadlineTier>> = Object.freeze({
  route: 'statutory',
  accept_notice: 'statutory',
  objection: 'statutory',
  handle: 'statutory',
  simple_handle: 'statutory',
  review_request: 'statutory',
  review_decision: 'statutory',
  rereview_request: 'statutory',
  rereview_decision: 'statutory',
  objection_decision: 'procedural',
  sign_receipt: 'internal',
  assist_opinion: 'internal',
  internal_rehandle: 'internal',
});
