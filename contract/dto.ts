import { z } from 'zod';
import {
  ALL_ROUTE_KINDS,
  CHANNELS,
  DECISION_SOURCES,
  DELIVERY_MODES,
  FLAGS,
  LEGAL_CHANNELS,
  HANDLING_CLASSES,
  LEVELS,
  OPINION_OUTCOMES,
  PURPOSES,
  RETURN_VISIT_METHODS,
  REVIEW_OUTCOMES,
  ROLES,
  SATISFACTION,
  STATUSES,
  WARNING_LEVELS,
} from './enums.ts';
import { LIMITS } from './limits.ts';
import { RATING_SOURCE_KINDS } from './rating-source.ts';
import { CHANNEL_BUCKETS, ORIGIN_BUCKETS, REPORT_DOMAINS } from './report-buckets.ts';

/** 'YYYY-MM-DD' that is a real calendar date. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, '不是有效的日期');

const text = (max: number) => z.string().trim().max(max, `不能超过 ${max} 个字`);
const required = (max: number) => text(max).min(1, '不能为空');

export const PetitionerInput = z.object({
  name: required(50),
  idNumber: text(30).nullish(),
  /** The registrar records a number that fails the check digit on purpose (e.g. as written on a letter). */
  idUnverified: z.boolean().default(false),
  phone: text(30).nullish(),
  address: text(200).nullish(),
});
export type PetitionerInput = z.infer<typeof PetitionerInput>;

export const RegisterItemInput = z.object({
  channel: z.enum(CHANNELS),
  level: z.enum(LEVELS).default('区'),
  receivedOn: isoDate,
  registeredOn: isoDate.optional(),
  petitioners: z.array(PetitionerInput).max(LIMITS.petitioners, `信访人最多 ${LIMITS.petitioners} 人`).default([]),
  organisation: text(200).nullish(),
  headCount: z.number().int('人数须为整数').min(1, '人数至少为 1').max(100000),
  representatives: z.array(required(50)).default([]),
  title: required(200),
  content: required(LIMITS.contentChars),
  demands: z.array(required(LIMITS.text.reason)).min(1, '至少填写一项诉求').max(50),
  classCode: text(40).nullish(),
  purpose: z.enum(PURPOSES).default('求决'),
  handlingClass: z.enum(HANDLING_CLASSES).default('申诉求决类'),
  flags: z.array(z.enum(FLAGS)).max(20).default([]),
  place: text(200).nullish(),
  /**
   * The accused party. Required for 检举控告类: `unitId` names the district unit the party works in, or
   * `outsideDistrict` says it is no unit of the district (exactly one of the two).
   */
  accused: z
    .object({
      name: required(100),
      unitId: text(64).nullish(),
      outsideDistrict: z.boolean().optional(),
      note: text(LIMITS.text.reason).default(''),
    })
    .nullish(),
  /** The registrar's decision on 初件/重件; absent means the product decides from the matches it finds. */
  repeat: z.object({ isRepeat: z.boolean(), earlierItemIds: z.array(text(64)).max(50).default([]) }).optional(),
});
export type RegisterItemInput = z.infer<typeof RegisterItemInput>;

const on = isoDate.optional();
const answer = z.object({
  demandIndex: z.number().int(),
  outcome: z.enum(OPINION_OUTCOMES),
  explanation: required(LIMITS.text.note),
});

/** A deciding organ of a 复查 / 复核: a unit of the system, or an organ outside it named by the bureau. */
const organRef = z
  .object({
    unitId: text(64)
      .nullish()
      .transform((v) => v ?? null),
    name: required(200),
  })
  .nullish();
const decision = {
  outcome: z.enum(REVIEW_OUTCOMES),
  opinion: required(LIMITS.text.full),
  organ: organRef,
  /** 'outside': a decision made outside the system, recorded by the bureau as received with its document. */
  source: z.enum(DECISION_SOURCES).optional(),
  document: z
    .object({ number: text(100).optional(), receivedOn: isoDate.optional(), attachmentId: text(64).nullish() })
    .nullish(),
};

/** A 复查/复核 request: who asks, on what grounds, and whether it came by letter, visit or online. */
const reviewRequest = {
  applicant: text(100).nullish(),
  grounds: text(LIMITS.text.note).nullish(),
  via: z.enum(['网上', '来信', '来访']).nullish(),
};

export const StepInputSchema = z.discriminatedUnion('step', [
  z.object({
    step: z.literal('route'),
    on,
    kind: z.enum(ALL_ROUTE_KINDS),
    unitId: text(64).nullish(),
    assistUnitIds: z.array(text(64)).max(20).default([]),
    note: text(LIMITS.text.note).default(''),
    redactIdentity: z.boolean().optional(),
    /** 'letter': a 转送函 to an organ outside the system (its clocks run from the delivery the bureau records). */
    delivery: z.enum(DELIVERY_MODES).optional(),
    letter: z
      .object({ number: text(100).optional(), sentOn: isoDate.optional(), receivedOn: isoDate.nullish() })
      .optional(),
    /** The date by which each assisting unit gives its 协办意见 (default: the configured rule). */
    assistDueOn: isoDate.nullish(),
    /** 导入法律程序: the legal channel, the organ, and the written notice to the petitioner. */
    legal: z
      .object({
        channel: z.enum(LEGAL_CHANNELS),
        organ: text(200).optional(),
        noticeText: required(LIMITS.text.note),
        noticeOn: isoDate.optional(),
      })
      .optional(),
  }),
  z.object({ step: z.literal('record_delivery'), on, letterNumber: text(100).optional() }),
  z.object({ step: z.literal('confirm_receipt'), on }),
  z.object({ step: z.literal('object'), on, reason: required(LIMITS.text.reason) }),
  z.object({ step: z.literal('accept'), on }),
  z.object({
    step: z.literal('decline'),
    on,
    kind: z.enum(['不予受理', '不再受理']),
    reason: required(LIMITS.text.reason),
  }),
  z.object({
    step: z.literal('request_extension'),
    on,
    days: z.number().int('延期天数须为整数'),
    reason: required(LIMITS.text.reason),
  }),
  z.object({
    step: z.literal('decide_extension'),
    on,
    approve: z.boolean(),
    note: text(LIMITS.text.reason).default(''),
    notifiedOn: isoDate.nullish(),
    /** The reason as told to the petitioner (延期告知书 and the public query page); the request's reason is internal. */
    noticeReason: text(LIMITS.text.reason).nullish(),
  }),
  z.object({
    step: z.literal('reply'),
    on,
    facts: required(LIMITS.text.full),
    basis: required(LIMITS.text.note),
    answers: z.array(answer).max(50),
  }),
  z.object({ step: z.literal('serve'), on }),
  z.object({
    step: z.literal('rate'),
    on,
    satisfaction: z.enum(SATISFACTION),
    comment: text(LIMITS.text.reason).default(''),
    /** The 回访 in which the petitioner said it: staff record a satisfaction only with one. */
    visit: z.object(
      {
        method: z.enum(RETURN_VISIT_METHODS, { message: '回访方式须为电话、走访或短信' }),
        outcome: required(LIMITS.text.reason),
      },
      { message: '满意度只能来自信访人本人：请填写回访记录' },
    ),
  }),
  z.object({
    step: z.literal('conclude'),
    on,
    /** The written 办结报告 a 交办 unit submits to the bureau. */
    report: z
      .object({ text: required(LIMITS.text.full), attachmentIds: z.array(text(64)).max(20).default([]) })
      .optional(),
  }),
  z.object({ step: z.literal('approve_close'), on }),
  z.object({
    step: z.literal('send_back'),
    on,
    reason: required(LIMITS.text.reason),
    /** An internal, non-statutory re-handling date with its reason (the statutory period does not restart). */
    internalDueOn: isoDate.nullish(),
    internalReason: text(LIMITS.text.reason).nullish(),
  }),
  z.object({ step: z.literal('request_review'), on, organ: organRef, ...reviewRequest }),
  z.object({ step: z.literal('decide_review'), on, ...decision }),
  z.object({ step: z.literal('serve_decision'), on }),
  z.object({ step: z.literal('request_rereview'), on, organ: organRef, ...reviewRequest }),
  z.object({
    step: z.literal('add_hearing'),
    from: isoDate,
    to: isoDate,
    reason: text(LIMITS.text.short).default('听证'),
  }),
  z.object({ step: z.literal('decide_rereview'), on, ...decision }),
  /** The assisting unit is the actor's own (the use case fills it; a client never chooses it). */
  z.object({ step: z.literal('submit_assist_opinion'), on, text: required(LIMITS.text.full) }),
  z.object({ step: z.literal('waive_assist_opinion'), on, unitId: required(64), reason: required(LIMITS.text.reason) }),
]);
export type StepInputDto = z.infer<typeof StepInputSchema>;

export const ApplyStepBody = z.object({ version: z.number().int().min(1), input: StepInputSchema });

export const ItemListQuery = z.object({
  q: text(100).optional(),
  channel: z.enum(CHANNELS).optional(),
  level: z.enum(LEVELS).optional(),
  classCode: text(40).optional(),
  unitId: text(64).optional(),
  status: z
    .string()
    .max(400)
    .optional()
    .transform((s) => (s ? s.split(',').filter(Boolean) : undefined))
    .pipe(z.array(z.enum(STATUSES)).optional()),
  warning: z.enum(WARNING_LEVELS).optional(),
  flag: z.enum(FLAGS).optional(),
  isRepeat: z.enum(['0', '1']).optional(),
  registeredFrom: isoDate.optional(),
  registeredTo: isoDate.optional(),
  /** Drill-down from the situation report: the same buckets as its splits. */
  channelGroup: z.enum(CHANNEL_BUCKETS).optional(),
  domain: z.enum(REPORT_DOMAINS).optional(),
  origin: z.enum(ORIGIN_BUCKETS).optional(),
  /** Drill-down from 满意率 by source: the rated items of that source ('1' in `satisfied`: only 满意 / 基本满意). */
  ratingSource: z.enum(RATING_SOURCE_KINDS).optional(),
  satisfied: z.enum(['1']).optional(),
  /** '1': only items the report counts (registered, neither 不予受理 nor 不再受理). */
  inReport: z.enum(['0', '1']).optional(),
  unitName: text(100).optional(),
  /** 经办人: the items a named person of the lead unit holds. */
  handlerUserId: text(64).optional(),
  dueFrom: isoDate.optional(),
  dueTo: isoDate.optional(),
  sort: z.enum(['registeredOn', 'dueOn', 'number', 'receivedOn']).default('registeredOn'),
  order: z.enum(['asc', 'desc']).default('desc'),
  /** Keyset paging: the `nextCursor` / `prevCursor` of the page shown (absent: the first page). */
  cursor: z.string().max(300).optional(),
  dir: z.enum(['next', 'prev']).default('next'),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type ItemListQuery = z.infer<typeof ItemListQuery>;

/** One page of the item list (GET /api/v1/items); the rows are `ItemListRowDto` (presented in server/app). */
export interface ItemListPage<Row> {
  /** Exact when `totalCapped` is false; otherwise a lower bound ("10,000+"), counting stops at LIMITS.listCount. */
  total: number;
  totalCapped: boolean;
  pageSize: number;
  today: string;
  /** Cursors of the neighbouring pages, null at either end. */
  nextCursor: string | null;
  prevCursor: string | null;
  /** For a 1–2 character search: only the newest this many items were searched (else null). */
  searchWindow: number | null;
  items: Row[];
}

export const LoginBody = z.object({
  username: required(64),
  password: z.string().min(1, '请输入密码').max(256),
  totp: z.string().max(10).optional(),
});

export const UserCreateBody = z.object({
  username: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]{2,32}$/, '用户名为 2–32 位字母、数字、下划线、点或短横线'),
  displayName: required(50),
  role: z.enum(ROLES),
  unitId: text(64).nullish(),
  password: z.string().min(1).max(256),
  /** Why the account is needed (shown to the security administrator who approves it). */
  reason: text(LIMITS.text.short).default(''),
});

/** A change of an account's name, role or unit (role and unit changes may need approval). */
export const UserEditBody = z.object({
  displayName: required(50),
  role: z.enum(ROLES),
  unitId: text(64).nullish(),
  reason: text(LIMITS.text.short).default(''),
});

/** A staff member's mobile and e-mail, and a leader's title (职务); empty or null clears one. */
export const UserContactsBody = z.object({
  phone: text(20).nullish(),
  email: text(254).nullish(),
  title: text(30).nullish(),
});

/** 通知方式: SMS and e-mail notices on or off (one's own, or someone else's by the administrator). */
export const NotifyChannelsBody = z.object({ sms: z.boolean(), email: z.boolean() });

/** A new password set by the system administrator for someone else's account. */
export const PasswordResetBody = z.object({
  password: z.string().min(1).max(256),
  reason: text(LIMITS.text.short).default(''),
});

/** The security administrator's decision on a request. */
export const GrantDecisionBody = z.object({
  approve: z.boolean(),
  note: text(LIMITS.text.short).default(''),
});

export const UnitBody = z.object({
  name: required(100),
  parentId: text(64).nullish(),
  insideDistrict: z.boolean().default(true),
  kind: text(20).default('部门'),
  sort: z.number().int().default(0),
});

export const CalendarDayBody = z.object({
  date: isoDate,
  kind: z.enum(['holiday', 'makeup', 'normal']),
  name: text(50).default(''),
  reason: text(LIMITS.text.short).default(''),
});

/** 更正登记信息: the fields to correct (absent: unchanged) and the reason (required). */
export const CorrectItemBody = z.object({
  version: z.number().int().min(1),
  reason: required(500),
  correction: z.object({
    title: text(200).optional(),
    classCode: text(40).nullish(),
    place: text(200).nullish(),
    handFlags: z.array(z.enum(FLAGS)).max(20).optional(),
    handlingClass: z.enum(HANDLING_CLASSES).optional(),
    purpose: z.enum(PURPOSES).optional(),
    headCount: z.number().int('人数须为整数').min(1, '人数至少为 1').max(100000).optional(),
    addDemands: z.array(required(LIMITS.text.reason)).max(20).optional(),
    /** Corrected details of registered petitioners, by position (only the fields given change). */
    petitioners: z
      .array(
        z.object({
          index: z.number().int().min(0).max(LIMITS.petitioners),
          name: required(50).optional(),
          idNumber: text(30).nullish(),
          idUnverified: z.boolean().optional(),
          phone: text(30).nullish(),
          address: text(200).nullish(),
        }),
      )
      .max(LIMITS.petitioners)
      .optional(),
  }),
});
export type CorrectItemBody = z.infer<typeof CorrectItemBody>;
