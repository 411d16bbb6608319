/**
 * Shared vocabulary of the lifecycle step modules: the step inputs, the context a transition runs in, and the small
 * checks every step uses. The public entry point is lifecycle.ts.
 */
import type {
  AnyRouteKind,
  DecisionSource,
  DeliveryMode,
  LegalChannel,
  ReviewOutcome,
  Role,
  Satisfaction,
  Status,
} from '../../contract/enums.ts';
import type { WorkCalendar } from './calendar.ts';
import type { DeadlineRule, IsoDate, RuleCode } from './deadline.ts';
import { fail } from './errors.ts';
import type { ActorRef, DemandAnswer, Item, ItemFacts, OrganRef, ReturnVisitMethod, ReviewRequestVia } from './item.ts';

/** One lifecycle step with its data. `on` is the date the step happened (defaults to today upstream). */
export type StepInput =
  | {
      step: 'route';
      on: IsoDate;
      kind: AnyRouteKind;
      unitId?: string | null;
      assistUnitIds?: string[];
      note?: string;
      redactIdentity?: boolean;
      /** 'letter' for an organ outside the system (the use case decides it from the unit); default 'system'. */
      delivery?: DeliveryMode;
      /** The 转送函 of a letter route: sent on (default the route date), received on when already known. */
      letter?: { number?: string; sentOn?: IsoDate; receivedOn?: IsoDate | null };
      /** The date by which assisting units give their 协办意见 (default: the `assist_opinion` rule). */
      assistDueOn?: IsoDate | null;
      /** For 导入法律程序: the channel, the organ, and the written notice to the petitioner. */
      legal?: { channel: LegalChannel; organ?: string; noticeText: string; noticeOn?: IsoDate };
    }
  | { step: 'record_delivery'; on: IsoDate; letterNumber?: string }
  | { step: 'confirm_receipt'; on: IsoDate }
  | { step: 'object'; on: IsoDate; reason: string }
  | { step: 'accept'; on: IsoDate }
  | { step: 'decline'; on: IsoDate; kind: '不予受理' | '不再受理'; reason: string }
  | { step: 'request_extension'; on: IsoDate; days: number; reason: string }
  | {
      step: 'decide_extension';
      on: IsoDate;
      approve: boolean;
      note?: string;
      notifiedOn?: IsoDate | null;
      noticeReason?: string | null;
    }
  | { step: 'reply'; on: IsoDate; facts: string; basis: string; answers: DemandAnswer[] }
  | { step: 'serve'; on: IsoDate }
  | {
      step: 'rate';
      on: IsoDate;
      satisfaction: Satisfaction;
      comment?: string;
      /** 'portal': the petitioner's own rating by query code. Otherwise the rating is what a 回访 recorded. */
      source?: 'portal';
      visit?: { method: ReturnVisitMethod; outcome: string };
    }
  | {
      step: 'conclude';
      on: IsoDate;
      /** The 办结报告 a 交办 unit must submit (text, attached files). */
      report?: { text: string; attachmentIds?: string[] };
    }
  | { step: 'approve_close'; on: IsoDate; note?: string }
  | {
      step: 'send_back';
      on: IsoDate;
      reason: string;
      /** An internal, non-statutory re-handling date, with its reason. */
      internalDueOn?: IsoDate | null;
      internalReason?: string | null;
    }
  | ({ step: 'request_review'; on: IsoDate; organ?: OrganRef | null } & ReviewRequestDetail)
  | {
      step: 'decide_review';
      on: IsoDate;
      outcome: ReviewOutcome;
      opinion: string;
      organ?: OrganRef | null;
      source?: DecisionSource;
      document?: { number?: string; receivedOn?: IsoDate; attachmentId?: string | null } | null;
    }
  | { step: 'serve_decision'; on: IsoDate }
  | ({ step: 'request_rereview'; on: IsoDate; organ?: OrganRef | null } & ReviewRequestDetail)
  | { step: 'add_hearing'; from: IsoDate; to: IsoDate; reason?: string }
  | {
      step: 'decide_rereview';
      on: IsoDate;
      outcome: ReviewOutcome;
      opinion: string;
      organ?: OrganRef | null;
      source?: DecisionSource;
      document?: { number?: string; receivedOn?: IsoDate; attachmentId?: string | null } | null;
    }
  | {
      step: 'submit_assist_opinion';
      on: IsoDate;
      text: string;
      /** The assisting unit; the use case fills it from the actor (a client never chooses it). */
      unitId?: string;
    }
  | { step: 'waive_assist_opinion'; on: IsoDate; unitId: string; reason: string };

/** Settings of the lifecycle a deployment chooses. */
export interface LifecycleSettings {
  /**
   * Whether a 转送 result goes through the bureau's review (待审核 → 审核通过 / 退回重办) before the item closes.
   * Off: the unit's result notice closes the item. 交办 always needs the 办结报告 reviewed.
   */
  transferNeedsApproval: boolean;
}

export const DEFAULT_LIFECYCLE_SETTINGS: Readonly<LifecycleSettings> = Object.freeze({ transferNeedsApproval: true });

/** The account taking a step, as the facts record it. */
export interface StepActor extends ActorRef {
  role?: Role;
}

/** What the system knows of organs' hierarchy (units with parents); absent: the bureau's naming is trusted. */
export interface OrganDirectory {
  /** True iff unit `upper` is above unit `lower` (its parent, or further up). */
  isAbove(upper: string, lower: string): boolean;
}

/** Who asks for 复查/复核, on what grounds, and how the request came in. */
export interface ReviewRequestDetail {
  applicant?: string | null;
  grounds?: string | null;
  via?: ReviewRequestVia | null;
}

export interface TransitionContext {
  today: IsoDate;
  calendar: WorkCalendar;
  rules: Readonly<Record<RuleCode, DeadlineRule>>;
  /** Who acts: recorded on 签收, reports, opinions, waivers and decisions (absent: recorded as unknown). */
  actor?: StepActor | null;
  settings?: Partial<LifecycleSettings>;
  organs?: OrganDirectory;
}

export interface TransitionResult {
  item: Item;
  /** One line for the timeline, in Chinese. */
  summary: string;
  /** True when the step was recorded but refused on the law's terms (e.g. a late 复查 request). */
  refused: boolean;
}

/** What a step handler decides: the new status and the timeline line. */
export interface StepOutcome {
  status: Status;
  summary: string;
  refused?: boolean;
}

/** The working copy a step handler edits: `next.facts === f` (a deep copy of the item's facts). */
export interface StepWork {
  item: Item;
  next: Item;
  f: ItemFacts;
  ctx: TransitionContext;
}

export function notBefore(on: IsoDate, earlier: IsoDate | null | undefined, what: string): void {
  if (earlier && on < earlier) fail('DATE_ORDER', `日期 ${on} 早于${what}（${earlier}），请检查日期`);
}

export function notAfterToday(on: IsoDate, today: IsoDate, what: string): void {
  if (on > today) fail('DATE_IN_FUTURE', `${what} ${on} 晚于今天（${today}），请填写实际发生的日期`);
}

export function required(text: string | undefined | null, what: string): string {
  const t = (text ?? '').trim();
  if (!t) fail('VALIDATION', `请填写${what}`);
  return t;
}

/** The actor as the facts record it (role dropped), or null when the caller did not say who acts. */
export function actorRef(ctx: TransitionContext): ActorRef | null {
  const a = ctx.actor;
  return a ? { userId: a.userId, name: a.name, unitId: a.unitId } : null;
}

export function settingsOf(ctx: TransitionContext): LifecycleSettings {
  return { ...DEFAULT_LIFECYCLE_SETTINGS, ...ctx.settings };
}
