/**
 * Vocabularies and input DTOs of the leadership's tools: 积案 and 领导包案, the campaign board (攻坚行动),
 * 请示 / 批示, 联席会议 and 重大节点 periods. Shared by server and web; additive to enums.ts and dto.ts.
 */
import { z } from 'zod';
import { isoDate } from './dto.ts';

// ---------------------------------------------------------------------------------------------------
// 积案 (backlog cases) and 领导包案

export const CASE_STATUSES = ['unresolved', 'resolving', 'resolved', 'terminated'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const CASE_STATUS_LABELS: Readonly<Record<CaseStatus, string>> = {
  unresolved: '未化解',
  resolving: '化解中',
  resolved: '已化解',
  terminated: '已终结',
};

/** The configurable entry rules (积案认定规则). */
export const ENTRY_RULES = ['repeat_count', 'long_open', 'upper_listed', 'petition_after_rereview'] as const;
export type EntryRule = (typeof ENTRY_RULES)[number];
export const ENTRY_RULE_LABELS: Readonly<Record<EntryRule, string>> = {
  repeat_count: '同一事项多次信访',
  long_open: '长期未化解',
  upper_listed: '上级交办积案',
  petition_after_rereview: '复核后仍信访',
};

/** What closing a case needs as an attachment: the petitioner's written statement, or the 终结 decision. */
export const CLOSING_EVIDENCE = ['息诉罢访承诺书', '终结决定'] as const;
export type ClosingEvidence = (typeof CLOSING_EVIDENCE)[number];

export const CASE_OUTCOMES = ['resolved', 'terminated'] as const;
export type CaseOutcome = (typeof CASE_OUTCOMES)[number];

const text = (max: number) => z.string().trim().max(max, `不能超过 ${max} 个字`);
const required = (max: number) => text(max).min(1, '不能为空');
const id = text(64).min(1, '不能为空');

export const EntryRuleConfigBody = z.object({
  repeatCount: z.object({ enabled: z.boolean(), min: z.number().int().min(2, '次数至少为 2').max(50) }),
  longOpen: z.object({ enabled: z.boolean(), days: z.number().int().min(30, '天数至少为 30').max(3650) }),
  upperListed: z.object({ enabled: z.boolean() }),
  afterRereview: z.object({ enabled: z.boolean() }),
  /** Only matters still open, or petitioned within this many days, are proposed. */
  lookbackDays: z.number().int().min(30).max(3650),
});
export type EntryRuleConfigBody = z.infer<typeof EntryRuleConfigBody>;

/** Confirming a proposal (the anchor names the matter) or adding a case by hand (items listed). */
export const CreateCaseBody = z.object({
  anchorItemId: id,
  /** Further items of the same matter; the proposal's items are always included. */
  itemIds: z.array(id).max(200).default([]),
  title: required(200),
  reason: required(2000),
  on: isoDate.optional(),
});
export type CreateCaseBody = z.infer<typeof CreateCaseBody>;

export const DismissProposalBody = z.object({ anchorItemId: id, reason: required(2000) });

export const CadreInput = z.object({ name: required(50), post: text(100).default(''), userId: text(64).nullish() });

export const AssignCaseBody = z.object({
  version: z.number().int().min(1),
  leaderUserId: id,
  unitId: id,
  cadres: z.array(CadreInput).min(1, '至少指定一名包案干部').max(20),
  reason: text(2000).default(''),
  on: isoDate.optional(),
});

export const MeasureInput = z.object({ text: required(2000), who: required(100), by: isoDate });

export const CasePlanBody = z.object({
  version: z.number().int().min(1),
  goal: required(2000),
  measures: z.array(MeasureInput).min(1, '化解方案至少包含一项措施').max(50),
  on: isoDate.optional(),
});

export const CaseNoteBody = z.object({
  version: z.number().int().min(1),
  text: required(4000),
  /** Indexes of the plan's measures this note reports as done. */
  measuresDone: z.array(z.number().int().min(0)).max(50).default([]),
  on: isoDate.optional(),
});

export const CloseCaseBody = z.object({
  version: z.number().int().min(1),
  outcome: z.enum(CASE_OUTCOMES),
  evidence: z.object({ kind: z.enum(CLOSING_EVIDENCE), attachmentId: id, name: required(200) }),
  note: text(2000).default(''),
  on: isoDate.optional(),
});

export const ReopenCaseBody = z.object({
  version: z.number().int().min(1),
  reason: required(2000),
  on: isoDate.optional(),
});

// ---------------------------------------------------------------------------------------------------
// The campaign board (攻坚行动)

export const TARGET_KINDS = ['reduce_total', 'resolve_backlog', 'curb_new', 'first_time_resolved'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];
export const TARGET_LABELS: Readonly<Record<TargetKind, string>> = {
  reduce_total: '降总量',
  resolve_backlog: '化存量',
  curb_new: '遏增量',
  first_time_resolved: '初信初访一次性化解',
};

export const CampaignTargetsInput = z
  .object({
    /** Change of the total against the same period last year, in percent (−15 = down 15 %). */
    reduceTotal: z.object({ changePct: z.number().min(-100).max(100) }).optional(),
    /** 积案 resolved of those open at the start, in percent. */
    resolveBacklog: z.object({ ratePct: z.number().min(0).max(100) }).optional(),
    /** New repeat petitions plus new 积案 in the period, at most. */
    curbNew: z.object({ max: z.number().int().min(0) }).optional(),
    /** 初信初访 resolved at first handling, in percent. */
    firstTimeResolved: z.object({ ratePct: z.number().min(0).max(100) }).optional(),
  })
  .refine((t) => Object.values(t).some(Boolean), '至少设定一项目标');

export const CampaignBody = z.object({
  name: required(100),
  from: isoDate,
  to: isoDate,
  targets: CampaignTargetsInput,
});
export type CampaignBody = z.infer<typeof CampaignBody>;

// ---------------------------------------------------------------------------------------------------
// 请示报告 and 领导批示

export const REQUEST_STATUSES = ['pending', 'instructed', 'withdrawn'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
export const REQUEST_STATUS_LABELS: Readonly<Record<RequestStatus, string>> = {
  pending: '待批示',
  instructed: '已批示',
  withdrawn: '已撤回',
};

/** A unit's duty to report back (批示落实 / 会议任务): open → reported → done, or back to open when returned. */
export const FOLLOW_UP_STATUSES = ['open', 'reported', 'done'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];
export const FOLLOW_UP_STATUS_LABELS: Readonly<Record<FollowUpStatus, string>> = {
  open: '待反馈',
  reported: '已反馈待审核',
  done: '已落实',
};

/** The 批示 register's state filter: 未落实 (a duty not yet accepted), 待审核 (a report awaits), 已落实 (all accepted). */
export const INSTRUCTION_REGISTER_STATES = ['open', 'reported', 'done'] as const;
export type InstructionRegisterState = (typeof INSTRUCTION_REGISTER_STATES)[number];
export const INSTRUCTION_REGISTER_STATE_LABELS: Readonly<Record<InstructionRegisterState, string>> = {
  open: '未落实',
  reported: '待审核',
  done: '已落实',
};

export const Subject = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('item'), itemId: id }),
  z.object({ kind: z.literal('case'), caseId: id }),
]);
export type SubjectInput = z.infer<typeof Subject>;

export const LeaderRequestBody = z.object({
  subject: Subject,
  leaderUserId: id,
  question: required(4000),
  on: isoDate.optional(),
});

export const AddresseeInput = z.object({ unitId: id, dueOn: isoDate });

export const InstructionBody = z.object({
  /** The 请示 answered; absent for an instruction the leader gives on his own initiative. */
  requestId: id.optional(),
  /** Required without a request (with one, the request's subject is used). */
  subject: Subject.optional(),
  text: required(4000),
  on: isoDate.optional(),
  addressees: z.array(AddresseeInput).min(1, '批示至少交由一个单位落实').max(30),
});

export const FollowUpReportBody = z.object({
  version: z.number().int().min(1),
  text: required(8000),
  on: isoDate.optional(),
});

export const FollowUpReviewBody = z.object({
  version: z.number().int().min(1),
  accept: z.boolean(),
  note: text(2000).default(''),
  /** Required when returning the report: the new date to report back by. */
  newDueOn: isoDate.optional(),
  on: isoDate.optional(),
});

// ---------------------------------------------------------------------------------------------------
// 联席会议

export const MEETING_KINDS = ['全体会议', '专题会议', '协调会'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

export const MEETING_STATUSES = ['planned', 'held', 'cancelled'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];
export const MEETING_STATUS_LABELS: Readonly<Record<MeetingStatus, string>> = {
  planned: '待召开',
  held: '已召开',
  cancelled: '已取消',
};

export const AttendeeInput = z.object({
  name: required(50),
  unitId: text(64).nullish(),
  post: text(100).default(''),
  /** 出席 (a member of the conference) or 列席 (attending without a seat). */
  role: z.enum(['member', 'attendee']).default('member'),
});

export const AgendaInput = z.object({
  title: required(200),
  itemIds: z.array(id).max(50).default([]),
  caseIds: z.array(id).max(20).default([]),
  note: text(2000).default(''),
});

export const MeetingBody = z.object({
  kind: z.enum(MEETING_KINDS),
  title: required(200),
  date: isoDate,
  time: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:MM')
    .default('09:00'),
  place: required(200),
  convenorUserId: text(64).nullish(),
  convenorName: required(50),
  memberUnitIds: z.array(id).min(1, '至少选择一个成员单位').max(60),
  attendees: z.array(AttendeeInput).max(200).default([]),
  agenda: z.array(AgendaInput).min(1, '至少列出一项议题').max(30),
  requirements: z.array(required(500)).max(10).default([]),
});
export type MeetingBody = z.infer<typeof MeetingBody>;

export const MeetingTaskInput = z.object({ text: required(2000), ownerUnitId: id, dueOn: isoDate });

export const MinutesBody = z.object({
  version: z.number().int().min(1),
  on: isoDate.optional(),
  minutes: required(20000),
  decisions: z
    .array(z.object({ text: required(4000), tasks: z.array(MeetingTaskInput).max(30).default([]) }))
    .min(1, '会议纪要至少包含一项议定事项')
    .max(50),
});

// ---------------------------------------------------------------------------------------------------
// 重大节点 periods and the daily report

export const WarningThresholdsInput = z
  .object({
    notice: z.number().gt(0).max(1),
    warning: z.number().gt(0).max(1),
    severe: z.number().gt(0).max(1),
  })
  .refine((t) => t.notice <= t.warning && t.warning <= t.severe, '预警阈值应满足 预警 ≤ 警告 ≤ 严重警告');

export const MajorPeriodBody = z.object({
  name: required(100),
  from: isoDate,
  to: isoDate,
  /** Beijing time of day at which the day's report is produced. */
  reportTime: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:MM')
    .default('17:00'),
  /** Tighter internal warning thresholds for the period (shares of the period elapsed), or none. */
  thresholds: WarningThresholdsInput.nullish(),
});
export type MajorPeriodBody = z.infer<typeof MajorPeriodBody>;

export const DailyReportQuery = z.object({ date: isoDate, format: z.enum(['json', 'docx', 'xlsx']).default('json') });
