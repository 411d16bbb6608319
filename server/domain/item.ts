import type { ReturnVisitMethod } from '../../contract/enums.ts';
import type {
  AnyRouteKind,
  Channel,
  DecisionSource,
  DeliveryMode,
  Flag,
  HandlingClass,
  LegalChannel,
  Level,
  OpinionOutcome,
  Purpose,
  ReviewOutcome,
  Satisfaction,
  Status,
} from '../../contract/enums.ts';
import type { IsoDate, Pause } from './deadline.ts';

/** One petitioner as the domain sees it (plain values; the store encrypts them at rest). */
export interface Petitioner {
  name: string;
  idNumber: string | null;
  /** False when the registrar recorded an ID number that does not pass the check digit on purpose. */
  idVerified: boolean;
  phone: string | null;
  address: string | null;
}

export interface Demand {
  text: string;
}

export interface DemandAnswer {
  demandIndex: number;
  outcome: OpinionOutcome;
  explanation: string;
}

/** The accused party of a 检举控告类 item: confidential, never shown to that party's unit. */
export interface AccusedParty {
  name: string;
  /** The district unit the accused party works in; null with `outsideDistrict` (or on older items). */
  unitId: string | null;
  /** The registrar chose "不是本区单位": the accused party works in no unit of the district. */
  outsideDistrict?: boolean;
  note: string;
}

/** Who did something, as recorded on the fact (the account, its display name, its unit). */
export interface ActorRef {
  userId: string;
  name: string;
  unitId: string | null;
}

/** A 转送函 to an organ outside the system: sent on one date, received (delivered) on the date the bureau records. */
export interface LetterFact {
  /** The letter's number (文号), when it has one. */
  number: string;
  sentOn: IsoDate;
  /** Delivery date as the bureau recorded it (回执, postal record); null until recorded: no unit clock runs. */
  receivedOn: IsoDate | null;
}

export interface RouteFact {
  kind: AnyRouteKind;
  on: IsoDate;
  unitId: string | null;
  assistUnitIds: string[];
  note: string;
  /**
   * The bureau's explicit choice to route with the petitioners' identity withheld from the units: the only way an
   * item reaches the unit named as accused. Absent on items routed before the choice was recorded.
   */
  redactIdentity?: boolean;
  /** How the item reaches the unit; absent (older facts, imports) means inside the system. */
  delivery?: DeliveryMode;
  /** The 转送函 of a letter route. */
  letter?: LetterFact | null;
  /** The date the bureau set by which each assisting unit gives its 协办意见 (null: the configured default). */
  assistDueOn?: IsoDate | null;
}

/** 签收: who took the routed item and when (a record, not the start of any clock). */
export interface ReceiptFact {
  on: IsoDate;
  /** Null when the receipt came in without an account (imports, older facts). */
  by: ActorRef | null;
  /** True when no one clicked 签收 and the unit's first act (受理, 异议, 不予受理告知) implied it. */
  implied: boolean;
}

/** How the bureau resolved an objection: routed elsewhere, back to the same unit, or decided otherwise. */
export type ObjectionDecision = 'rerouted' | 'same_unit' | 'other';

export interface ObjectionFact {
  unitId: string;
  on: IsoDate;
  reason: string;
  /** The route the unit objected to, with its 签收 (the bounce history). Absent on older facts. */
  route?: RouteFact | null;
  receipt?: ReceiptFact | null;
  /** The 协办 duties of that route, as they stood. */
  assists?: AssistFact[];
  /** When the bureau decided the objection (its next route decision); null while pending. */
  decidedOn?: IsoDate | null;
  decision?: ObjectionDecision | null;
  /** Recorded before objection decisions were tracked: no bureau clock is derived for it. */
  legacy?: boolean;
}

/** The handling state a send-back replaced (kept so a document can state the facts of its own date). */
export interface ReplacedHandling {
  opinion: OpinionFact | null;
  servedOn: IsoDate | null;
  concludedOn: IsoDate | null;
  rating: ItemFacts['rating'];
  report: CompletionReport | null;
  review: ReviewFact | null;
  rereview: ReviewFact | null;
}

/**
 * One send-back. `bureau` (退回重办 by the petition bureau) keeps the statutory period running from acceptance;
 * `review` (责令重新办理 by the 复查/复核 organ) starts a new handling period from its date.
 */
export interface SendBackFact {
  on: IsoDate;
  reason: string;
  /** Absent on older facts: read as `bureau` unless the reason is a review's order (see facts-upgrade). */
  kind?: 'bureau' | 'review';
  /** An internal, non-statutory re-handling deadline the bureau set, with its reason. */
  internalDueOn?: IsoDate | null;
  internalReason?: string | null;
  /** When the unit issued its new opinion after this send-back. */
  redoneOn?: IsoDate | null;
  replaced?: ReplacedHandling | null;
}

/**
 * An assisting unit's duty on the current route: its 协办意见 to the lead unit, or a waiver with a reason. Due by the
 * route's `assistDueOn`, or the configured `assist_opinion` period from the route date.
 */
export interface AssistFact {
  unitId: string;
  opinion: { on: IsoDate; text: string; by: ActorRef | null } | null;
  waiver: { on: IsoDate; reason: string; by: ActorRef | null } | null;
}

/** A 交办 unit's written 办结报告 to the bureau, and the bureau's reviews of it. */
export interface CompletionReport {
  submittedOn: IsoDate;
  text: string;
  attachmentIds: string[];
  by: ActorRef | null;
  reviews: { on: IsoDate; outcome: 'approved' | 'returned'; note: string; by: ActorRef | null }[];
}

/** 诉访分离: the matter was guided into a legal channel, and the petitioner told so in writing. */
export interface LegalRouteFact {
  on: IsoDate;
  channel: LegalChannel;
  /** The organ the petitioner is directed to (e.g. '区人民法院'). */
  organ: string;
  /** The written notice's text as the petitioner reads it. */
  noticeText: string;
  noticeOn: IsoDate;
  by: ActorRef | null;
}

/** An organ that decides a 复查 or 复核: a unit of the system, or an organ outside it named by the bureau. */
export interface OrganRef {
  unitId: string | null;
  name: string;
}

/** The document of a decision received from outside the system. */
export interface DecisionDocument {
  number: string;
  receivedOn: IsoDate;
  attachmentId: string | null;
}

export interface ExtensionFact {
  requestedOn: IsoDate;
  days: number;
  reason: string;
  status: 'pending' | 'approved' | 'rejected';
  decidedOn: IsoDate | null;
  decisionNote: string | null;
  /** Date the petitioner was told of the extension and its reason. */
  notifiedOn: IsoDate | null;
  /** The reason as told to the petitioner (written by the approver; the request's reason stays internal). */
  noticeReason?: string | null;
}

export interface OpinionFact {
  issuedOn: IsoDate;
  facts: string;
  basis: string;
  answers: DemandAnswer[];
}

export interface ReviewRequestFact {
  requestedOn: IsoDate;
  status: 'accepted' | 'refused';
  /** Why a request was refused (e.g. the window closed on a given date). */
  refusal: string | null;
  /** Who asked, on what grounds, and how the request came in (absent in requests recorded before these). */
  applicant?: string | null;
  grounds?: string | null;
  via?: ReviewRequestVia | null;
}

/** How a 复查/复核 request reached the organ. */
export type ReviewRequestVia = '网上' | '来信' | '来访';

export interface ReviewFact {
  requests: ReviewRequestFact[];
  acceptedOn: IsoDate | null;
  outcome: ReviewOutcome | null;
  opinion: string | null;
  decidedOn: IsoDate | null;
  servedOn: IsoDate | null;
  hearings: Pause[];
  /** The deciding organ (复查: above the handling organ; 复核: above the 复查 organ). Absent on older facts. */
  organ?: OrganRef | null;
  /** The account that decided inside the system; null for a decision recorded from outside. */
  decidedBy?: ActorRef | null;
  source?: DecisionSource | null;
  /** For a decision made outside the system: its document as the bureau received it. */
  document?: DecisionDocument | null;
}

/** The shape version of ItemFacts; `upgradeFacts` (facts-upgrade.ts) brings older stored facts to it. */
export const FACTS_VERSION = 2;

/** Everything that happened to an item, as facts with dates. Deadlines are derived from these. */
export interface ItemFacts {
  factsVersion: typeof FACTS_VERSION;
  route: RouteFact | null;
  /** The bureau's first route decision (kept when a unit objects and the item is routed again). */
  routedOn: IsoDate | null;
  objections: ObjectionFact[];
  /** The 签收 date of the current route (mirrors `receipt.on`; kept for readers of the older shape). */
  unitReceivedOn: IsoDate | null;
  receipt: ReceiptFact | null;
  /** 协办 duties of the current route. */
  assists: AssistFact[];
  /** The 交办 unit's 办结报告 (latest). */
  report: CompletionReport | null;
  legal: LegalRouteFact | null;
  acceptedOn: IsoDate | null;
  declined: { kind: '不予受理' | '不再受理'; on: IsoDate; reason: string } | null;
  extension: ExtensionFact | null;
  opinion: OpinionFact | null;
  servedOn: IsoDate | null;
  /**
   * The petitioner's rating. `source` says where it came from: the portal (their own query code) or a 回访
   * record (`visitIndex` into `returnVisits`); absent on ratings recorded before sources were kept.
   */
  rating: {
    satisfaction: Satisfaction;
    on: IsoDate;
    comment: string;
    source?: RatingSource;
    visitIndex?: number;
  } | null;
  /** 回访 records: who called, visited or messaged the petitioner, when, the outcome and what they said. */
  returnVisits?: ReturnVisitFact[];
  concludedOn: IsoDate | null;
  closedOn: IsoDate | null;
  sendBacks: SendBackFact[];
  review: ReviewFact | null;
  rereview: ReviewFact | null;
  /** The lead unit's named 经办人 (absent on items stored before units named handlers). */
  handler?: HandlerFact | null;
}

/** Who in the lead unit holds the item, since when, and who named them (the unit head). */
export interface HandlerFact {
  userId: string;
  name: string;
  /** The unit the handler belongs to: a handler named by an earlier lead unit holds nothing after a re-route. */
  unitId: string;
  since: IsoDate;
  by: ActorRef;
  reason: string | null;
}

export interface Item {
  id: string;
  number: string;
  version: number;
  status: Status;
  channel: Channel;
  level: Level;
  receivedOn: IsoDate;
  registeredOn: IsoDate;
  petitioners: Petitioner[];
  organisation: string | null;
  headCount: number;
  representatives: string[];
  title: string;
  content: string;
  demands: Demand[];
  classCode: string | null;
  purpose: Purpose;
  handlingClass: HandlingClass;
  flags: Flag[];
  place: string | null;
  leadUnitId: string | null;
  assistUnitIds: string[];
  accused: AccusedParty | null;
  isRepeat: boolean;
  earlierItemIds: string[];
  registeredBy: string | null;
  facts: ItemFacts;
  /**
   * Petitioner details replaced by a correction (更正登记信息), kept sealed only so that the registered text that
   * still names them is masked like the current ones; never matched or shown.
   */
  formerPetitioners?: Petitioner[];
}

export function emptyFacts(): ItemFacts {
  return {
    factsVersion: FACTS_VERSION,
    route: null,
    routedOn: null,
    objections: [],
    unitReceivedOn: null,
    receipt: null,
    assists: [],
    report: null,
    legal: null,
    acceptedOn: null,
    declined: null,
    extension: null,
    opinion: null,
    servedOn: null,
    rating: null,
    concludedOn: null,
    closedOn: null,
    sendBacks: [],
    review: null,
    rereview: null,
  };
}

/** 集体访: five or more people with one matter. */
export const COLLECTIVE_HEAD_COUNT = 5;
export const MAX_REPRESENTATIVES = 5;

/** Where a rating came from: the petitioner's own channel only. */
export type RatingSource = 'portal' | 'return_visit';

export type { ReturnVisitMethod } from '../../contract/enums.ts';

/** One 回访: by whom (the account that recorded it), on which day, how, the outcome, the stated satisfaction. */
export interface ReturnVisitFact {
  method: ReturnVisitMethod;
  on: IsoDate;
  by: ActorRef;
  outcome: string;
  satisfaction: Satisfaction;
}
