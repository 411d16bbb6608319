import { z } from 'zod';

/**
 * Vocabularies of supervision (督查督办), notifications and the unit scorecard, shared by server and web.
 * Domain terms that a bureau reads (the kinds of 督办) are the Chinese words themselves; workflow codes are English.
 */

/** 督办方式. */
export const SUPERVISION_KINDS = ['文书督办', '电话督办', '约谈', '实地督办', '挂牌督办'] as const;
export type SupervisionKind = (typeof SUPERVISION_KINDS)[number];
/** Default reply period of a new 督办 in working days per kind (the issuer may set another date). */
export const SUPERVISION_REPLY_WORKDAYS: Readonly<Record<SupervisionKind, number>> = Object.freeze({
  文书督办: 5,
  电话督办: 3,
  约谈: 5,
  实地督办: 5,
  挂牌督办: 10,
});

/** States of one 督办. */
export const SUPERVISION_STATUSES = ['issued', 'answered', 'pressed', 'accepted', 'cancelled'] as const;
export type SupervisionStatus = (typeof SUPERVISION_STATUSES)[number];
/** States in which a 督办 still waits for a reply or a review. */
export const OPEN_SUPERVISION_STATUSES: readonly SupervisionStatus[] = ['issued', 'answered', 'pressed'];
export const SUPERVISION_STATUS_LABELS: Readonly<Record<SupervisionStatus, string>> = {
  issued: '待回复',
  answered: '已回复待审核',
  pressed: '再次督促待回复',
  accepted: '已办结',
  cancelled: '已撤销',
};

/** Steps of a 督办. */
export const SUPERVISION_STEPS = ['issue', 'reply', 'accept', 'press', 'escalate', 'cancel'] as const;
export type SupervisionStep = (typeof SUPERVISION_STEPS)[number];
export const SUPERVISION_STEP_LABELS: Readonly<Record<SupervisionStep, string>> = {
  issue: '下发督办',
  reply: '督办回复',
  accept: '采纳回复',
  press: '再次督促',
  escalate: '督办升级',
  cancel: '撤销督办',
};

/** Who an unanswered or overdue 督办 is escalated to, one level at a time. */
export const ESCALATION_LEVELS = ['unit_head', 'leader'] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];
export const ESCALATION_LEVEL_LABELS: Readonly<Record<EscalationLevel, string>> = {
  unit_head: '单位负责人',
  leader: '分管领导',
};

/** Why an item is suggested for a 督办 (a person decides). */
export const SUGGESTION_REASONS = [
  'overdue',
  'about_to_be_overdue',
  'repeat_petitions',
  'dissatisfied',
  'sent_back_twice',
] as const;
export type SuggestionReason = (typeof SUGGESTION_REASONS)[number];
export const SUGGESTION_REASON_LABELS: Readonly<Record<SuggestionReason, string>> = {
  overdue: '已超期',
  about_to_be_overdue: '即将超期（严重警告）',
  repeat_petitions: '同一事项重复信访',
  dissatisfied: '信访人不满意',
  sent_back_twice: '多次退回重办',
};

/**
 * PUT /api/v1/supervisions/suggestion-rules: the thresholds of 督办建议 (the administrator sets them). Only the
 * shape is checked here; the allowed ranges are the server's (code SUGGESTION_RULES_INVALID).
 */
export const SuggestionRulesBody = z.object({
  overdue: z.boolean(),
  severe: z.boolean(),
  repeatAtLeast: z.number(),
  dissatisfied: z.boolean(),
  sentBackAtLeast: z.number(),
});

/** What is waiting for a person, and which action they take. */
export const WORK_ACTIONS = [
  'route',
  'sign_for',
  'assign_handler',
  'handle',
  'approve_extension',
  'review_closing',
  'answer_supervision',
  'review_supervision_reply',
  'give_assist_opinion',
] as const;
export type WorkAction = (typeof WORK_ACTIONS)[number];
export const WORK_ACTION_LABELS: Readonly<Record<WorkAction, string>> = {
  route: '交转事项',
  sign_for: '签收事项',
  assign_handler: '指定经办人',
  handle: '办理事项',
  approve_extension: '审批延期申请',
  review_closing: '审核办结',
  answer_supervision: '回复督办',
  review_supervision_reply: '审核督办回复',
  give_assist_opinion: '提出协办意见',
};

/** Kinds of in-app notification. */
export const NOTIFICATION_KINDS = [
  'deadline_warning',
  'supervision_issued',
  'supervision_pressed',
  'supervision_escalated',
  'supervision_answered',
  'daily_digest',
  'follow_up_warning',
  'materials_added',
  'handler_assigned',
  'follow_up_escalated',
  'daily_report',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export const NOTIFICATION_KIND_LABELS: Readonly<Record<NotificationKind, string>> = {
  deadline_warning: '期限预警',
  supervision_issued: '督办',
  supervision_pressed: '再次督促',
  supervision_escalated: '督办升级',
  supervision_answered: '督办回复',
  daily_digest: '每日待办摘要',
  follow_up_warning: '落实期限预警',
  materials_added: '补充材料',
  handler_assigned: '指定经办人',
  follow_up_escalated: '落实逾期升级',
  daily_report: '重大节点日报',
};

/** Outbound channels (adapters behind one interface). */
export const MESSAGE_CHANNELS = ['sms', 'email'] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];
export const MESSAGE_CHANNEL_LABELS: Readonly<Record<MessageChannel, string>> = { sms: '短信', email: '电子邮件' };

/**
 * Delivery state of one outbound message. `recorded`: no real channel is configured, the message stays in the
 * outbox for people to read (the default); `failed`: every attempt failed, the last error is kept.
 */
export const OUTBOX_STATES = ['pending', 'sending', 'sent', 'recorded', 'failed'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];
export const OUTBOX_STATE_LABELS: Readonly<Record<OutboxState, string>> = {
  pending: '待发送',
  sending: '发送中',
  sent: '已发送',
  recorded: '仅记录（未配置发送通道）',
  failed: '发送失败',
};

// ---------------------------------------------------------------------------------------------------
// The unit scorecard as `bin/xinfang scorecard --format json` prints it (and the API returns it).

/** A rate with its counts; `rate` is a fraction rounded to 4 places, null when nothing is due (`of` = 0). */
export const RateJson = z.object({
  count: z.number().int().nonnegative(),
  of: z.number().int().nonnegative(),
  rate: z.number().min(0).max(1).nullable(),
});
export type RateJson = z.infer<typeof RateJson>;

export const ScorecardUnitJson = z.object({
  unit: z.string(),
  unitId: z.string(),
  received: z.number().int().nonnegative(),
  acceptedOnTime: RateJson,
  closedOnTime: RateJson,
  rated: RateJson,
  satisfied: RateJson,
  overdue: z.number().int().nonnegative(),
  objections: z.object({ raised: z.number().int().nonnegative(), upheld: z.number().int().nonnegative() }),
  sentBack: z.number().int().nonnegative(),
  supervisions: z.object({
    received: z.number().int().nonnegative(),
    answeredLate: z.number().int().nonnegative(),
  }),
  repeat: RateJson,
  meanDaysToAcceptance: z.number().nonnegative().nullable(),
  meanDaysToOpinion: z.number().nonnegative().nullable(),
  score: z.number().nullable(),
  rank: z.number().int().positive(),
  /** Rank in the previous period (null when the unit had no figures then, or no previous period was asked). */
  previousRank: z.number().int().positive().nullable(),
});
export type ScorecardUnitJson = z.infer<typeof ScorecardUnitJson>;

export const ScorecardJson = z.object({
  from: z.string(),
  to: z.string(),
  asOf: z.string(),
  previous: z.object({ from: z.string(), to: z.string() }).nullable(),
  units: z.array(ScorecardUnitJson),
});
export type ScorecardJson = z.infer<typeof ScorecardJson>;
