/**
 * The typed data of every official document (plain values, dates as ISO; the placeholders turn them into
 * formal Chinese). Built by the pure builders in item-doc-builders.ts and meeting-doc-builders.ts; rendered
 * through a template by template-engine.ts.
 */
import type { DocKind } from '../../contract/documents.ts';
import type { IsoDate } from '../domain/deadline.ts';

/**
 * How much of the petitioner's identity a document shows:
 * - `full`: as registered (the bureau, the lead unit when the route does not withhold it);
 * - `public`: the name in full, ID number, phone and address masked (the petitioner's own download by query code:
 *   they know the rest, and a leaked code must not reveal it);
 * - `masked`: name, numbers and address masked, and the identities masked inside every free text too.
 */
export type IdentityView = 'full' | 'public' | 'masked';

/** An organ that issues or receives documents. */
export interface OrganInfo {
  name: string;
  /** 机关代字 of the 发文字号, e.g. `区信访` in `区信访〔2026〕12号`. */
  numberPrefix: string;
  address: string | null;
  phone: string | null;
}

/** The organs every deployment configures once (settings). */
export interface OrganSettings {
  bureau: OrganInfo;
  /** 复查机关: the 本级人民政府 or the superior department of the handling organ. */
  reviewOrgan: OrganInfo;
  /** 复核机关: the level above the 复查 organ. */
  rereviewOrgan: OrganInfo;
  /** How the petitioner follows the item, e.g. `登录区信访局网站“网上信访”栏目，输入查询码`. */
  followUp: string;
}

/** The parts every document has (GB/T 9704 版头, 发文字号, 主送, 落款, 成文日期). */
export interface DocHeader {
  /** 发文机关: shown in red in the 版头 and again above the date. */
  organ: string;
  docNumber: string;
  addressee: string;
  date: IsoDate;
  itemNumber: string | null;
  organAddress: string | null;
  organPhone: string | null;
}

export interface PetitionerView {
  /** Names joined (`张三、李四等5人`), or the organisation for an item without named petitioners. */
  names: string;
  idNumber: string;
  phone: string;
  address: string;
}

export interface DemandLine {
  index: number;
  text: string;
  /** 支持 / 解释说明 / 不予支持 (only in the opinion). */
  outcome: string;
  explanation: string;
}

interface Base<K extends DocKind> {
  kind: K;
  header: DocHeader;
}

interface ItemBase<K extends DocKind> extends Base<K> {
  petitioner: PetitionerView;
  receivedOn: IsoDate;
  title: string;
}

export interface RegistrationReceipt extends ItemBase<'registration_receipt'> {
  channel: string;
  demands: DemandLine[];
  /** Shown once at registration; null on a reprint (the code is stored only as a hash). */
  queryCode: string | null;
  followUp: string;
  routeLimit: string;
  routeDue: IsoDate;
}

/**
 * 网上信访登记回执: what the bureau received through the public form, before (or whatever) the registrar decides.
 * `receivedOn` is the day it was submitted; the identity is always the petitioner's own masked copy.
 */
export interface OnlineReceiptDoc extends ItemBase<'online_receipt'> {
  demands: DemandLine[];
  /** Names of the materials sent with it. */
  attachments: string[];
  /** The code the petitioner holds (given on the spot, or typed in to download it again). */
  queryCode: string;
  followUp: string;
  routeLimit: string;
  routeDue: IsoDate;
}

export interface AcceptNotice extends ItemBase<'accept_notice'> {
  acceptedOn: IsoDate;
  demands: DemandLine[];
  simple: boolean;
  handleLimit: string;
  handleDue: IsoDate;
  followUp: string;
}

export interface DeclineNotice extends ItemBase<'decline_notice' | 'no_reaccept_notice'> {
  decidedOn: IsoDate;
  reason: string;
  basis: string;
  guidance: string;
}

export interface ExtensionNotice extends ItemBase<'extension_notice'> {
  acceptedOn: IsoDate;
  reason: string;
  extension: string;
  originalDue: IsoDate;
  newDue: IsoDate;
}

export interface OpinionDoc extends ItemBase<'opinion'> {
  acceptedOn: IsoDate;
  demands: DemandLine[];
  facts: string;
  basis: string;
  reviewLimit: string;
  reviewOrgan: OrganInfo;
}

export interface ReviewOpinionDoc extends ItemBase<'review_opinion'> {
  handler: string;
  opinionOn: IsoDate;
  requestedOn: IsoDate;
  outcome: string;
  opinion: string;
  rereviewLimit: string;
  rereviewOrgan: OrganInfo;
}

/**
 * 复查申请回执 / 复核申请回执: the request registered on the item (asked online, by letter or at a visit), as the
 * petitioner keeps it: who asked, when and how, on what grounds, which organ decides it and by when.
 */
export interface ReviewReceiptDoc extends ItemBase<'review_receipt' | 'rereview_receipt'> {
  /** The organ whose opinion is contested: the handling organ (复查), the 复查 organ (复核). */
  handler: string;
  opinionOn: IsoDate;
  requestedOn: IsoDate;
  applicant: string;
  grounds: string;
  /** How the request came in (网上 / 来信 / 来访), null when not recorded. */
  via: string | null;
  /** The deciding organ (复查 or 复核): as recorded on the request, or the one the settings name. */
  reviewOrgan: string;
  decisionLimit: string;
  decisionDue: IsoDate;
  followUp: string;
}

export interface RereviewOpinionDoc extends ItemBase<'rereview_opinion'> {
  reviewer: string;
  reviewDecidedOn: IsoDate;
  requestedOn: IsoDate;
  outcome: string;
  opinion: string;
  hearings: { from: IsoDate; to: IsoDate }[];
}

export interface RouteDoc extends ItemBase<'assignment' | 'transfer_letter'> {
  channel: string;
  content: string;
  demands: DemandLine[];
  routedOn: IsoDate;
  leadUnit: string;
  assistUnits: string[];
  note: string;
  acceptLimit: string;
  acceptDue: IsoDate | null;
  handleLimit: string;
  /** The bureau routed with the identity withheld: the unit reads it masked, and the document says so. */
  identityWithheld: boolean;
}

/** The legal procedure an item belongs to (诉访分离), as the handler decided it. */
export interface LegalChannelInput {
  /** e.g. 民事诉讼, 行政诉讼, 劳动人事争议仲裁, 行政复议. */
  procedure: string;
  /** Where to go, e.g. `区人民法院`, `区劳动人事争议仲裁委员会`. */
  organ: string;
  reason: string;
  basis: string;
  decidedOn: IsoDate;
}

export interface LegalChannelNotice extends ItemBase<'legal_channel_notice'> {
  procedure: string;
  organ: string;
  reason: string;
  basis: string;
}

/** A 督办 decision, as the supervision work records it. */
export interface SupervisionInput {
  unitName: string;
  /** Why: 逾期未办结, 未按期报送办结报告, 程序不当, 推诿扯皮, 处理意见未落实 … */
  trigger: string;
  /** 文书督办, 约谈, 实地督办, 挂牌督办, 通报. */
  means: string;
  requirements: string;
  reportDue: IsoDate;
}

export interface SupervisionOrder extends ItemBase<'supervision_order'> {
  unit: string;
  trigger: string;
  means: string;
  requirements: string;
  reportDue: IsoDate;
  handleDue: IsoDate | null;
}

export interface MeetingTopic {
  index: number;
  itemNumber: string;
  title: string;
  petitioner: string;
}

export interface MeetingInput {
  name: string;
  on: IsoDate;
  /** `09:30` */
  time: string;
  place: string;
  attendees: string[];
  topics: { itemNumber: string; title: string; petitioner: string }[];
  requirements: string;
  contact: string;
}

export interface MeetingNotice extends Base<'meeting_notice'> {
  name: string;
  on: IsoDate;
  time: string;
  place: string;
  attendees: string[];
  topics: MeetingTopic[];
  requirements: string;
  contact: string;
}

export interface MinutesInput {
  name: string;
  on: IsoDate;
  place: string;
  chair: string;
  attendees: string[];
  topics: { itemNumber: string; title: string; petitioner: string }[];
  summary: string;
  decisions: string[];
  tasks: { unit: string; task: string; due: IsoDate }[];
}

export interface MeetingMinutes extends Base<'meeting_minutes'> {
  name: string;
  on: IsoDate;
  place: string;
  chair: string;
  attendees: string[];
  topics: MeetingTopic[];
  summary: string;
  decisions: string[];
  tasks: { index: number; unit: string; task: string; due: IsoDate }[];
}

/** Every document's data, discriminated by `kind`. */
export type DocModel =
  | RegistrationReceipt
  | AcceptNotice
  | DeclineNotice
  | ExtensionNotice
  | OpinionDoc
  | ReviewOpinionDoc
  | ReviewReceiptDoc
  | RereviewOpinionDoc
  | RouteDoc
  | LegalChannelNotice
  | SupervisionOrder
  | MeetingNotice
  | MeetingMinutes
  | OnlineReceiptDoc;

/** The model of one kind (the union narrowed by its discriminant). */
export type DocModelOf<K extends DocKind> = DocModel & { kind: K };
