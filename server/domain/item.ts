import type {
  Channel,
  Flag,
  HandlingClass,
  Level,
  OpinionOutcome,
  Purpose,
  ReviewOutcome,
  RouteKind,
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

export interface RouteFact {
  kind: RouteKind;
  on: IsoDate;
  unitId: string | null;
  assistUnitIds: string[];
  note: string;
  /**
   * The bureau's explicit choice to route with the petitioners' identity withheld from the units: the only way an
   * item reaches the unit named as accused. Absent on items routed before the choice was recorded.
   */
  redactIdentity?: boolean;
}

export interface ObjectionFact {
  unitId: string;
  on: IsoDate;
  reason: string;
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
}

/** Everything that happened to an item, as facts with dates. Deadlines are derived from these. */
export interface ItemFacts {
  route: RouteFact | null;
  /** The bureau's first route decision (kept when a unit objects and the item is routed again). */
  routedOn: IsoDate | null;
  objections: ObjectionFact[];
  unitReceivedOn: IsoDate | null;
  acceptedOn: IsoDate | null;
  declined: { kind: '不予受理' | '不再受理'; on: IsoDate; reason: string } | null;
  extension: ExtensionFact | null;
  opinion: OpinionFact | null;
  servedOn: IsoDate | null;
  rating: { satisfaction: Satisfaction; on: IsoDate; comment: string } | null;
  concludedOn: IsoDate | null;
  closedOn: IsoDate | null;
  sendBacks: { on: IsoDate; reason: string }[];
  review: ReviewFact | null;
  rereview: ReviewFact | null;
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
}

export function emptyFacts(): ItemFacts {
  return {
    route: null,
    routedOn: null,
    objections: [],
    unitReceivedOn: null,
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
