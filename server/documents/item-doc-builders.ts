/**
 * Pure builders of the documents about one item, from its facts and the organ settings. No I/O and no clock: the
 * document's date is an input, and every deadline the document states is computed "as of" that date through the
 * injected DocClock (today the statutory clock of item-deadlines.ts; the hook is where a later rule plugs in).
 */
import type { DocKind } from '../../contract/documents.ts';
import { maskAddress, maskIdNumber, maskPhone } from '../domain/masking.ts';
import type { WorkCalendar } from '../domain/calendar.ts';
import { computeDeadline, type Deadline, type DeadlineRule, type IsoDate, type RuleCode } from '../domain/deadline.ts';
import { AppError } from '../domain/errors.ts';
import { deadlinesOf, handlingRule, type ItemDeadline } from '../domain/item-deadlines.ts';
import type { Item } from '../domain/item.ts';
import {
  identityDictionaryOf,
  identityMasker,
  maskedItem,
  maskIdentityInText,
  maskTextFields,
} from '../domain/text-masking.ts';
import { cnNames, cnPeriod } from './cn-text.ts';
import type {
  AcceptNotice,
  DeclineNotice,
  DemandLine,
  DocHeader,
  ExtensionNotice,
  IdentityView,
  LegalChannelInput,
  LegalChannelNotice,
  OpinionDoc,
  OrganInfo,
  OnlineReceiptDoc,
  OrganSettings,
  PetitionerView,
  RegistrationReceipt,
  RereviewOpinionDoc,
  ReviewOpinionDoc,
  RouteDoc,
  SupervisionInput,
  SupervisionOrder,
} from './doc-model.ts';

/** The statutory clock as documents need it: the item's deadlines as of a date, and a single due date. */
export interface DocClock {
  rules: Readonly<Record<RuleCode, DeadlineRule>>;
  deadlines(item: Item, asOf: IsoDate): readonly ItemDeadline[];
  due(rule: RuleCode, start: IsoDate): Deadline;
}

/**
 * The clock of item-deadlines.ts over a calendar and rules (what the use case loads with loadClockwork).
 * A later rule about "deadlines as of the document's date" (a calendar edited after the document was written)
 * replaces this function only.
 */
export function docClock(calendar: WorkCalendar, rules: Readonly<Record<RuleCode, DeadlineRule>>): DocClock {
  return {
    rules,
    deadlines: (item, asOf) => deadlinesOf(item, calendar, rules, asOf),
    due: (rule, start) => computeDeadline(rules[rule], start, calendar),
  };
}

/** What every builder of an item document needs. */
export interface ItemDocContext {
  item: Item;
  /** Decided by the caller from the visibility rule (see IdentityView); a route that withholds it forces masked. */
  view: IdentityView;
  /** 成文日期. */
  date: IsoDate;
  /** 发文字号, allocated by the caller (formatDocNumber + a counter). */
  docNumber: string;
  /** Who issues the document (the lead unit, the bureau, the 复查 or 复核 organ). */
  issuer: OrganInfo;
  organs: OrganSettings;
  clock: DocClock;
  unitName: (id: string) => string | null;
}

/** `区信访〔2026〕12号` (GB/T 9704: 六角括号 around the year, the number without leading zeros or 第). */
export function formatDocNumber(prefix: string, year: number, seq: number): string {
  return `${prefix}〔${year}〕${seq}号`;
}

/** The counter name a 发文字号 sequence uses: one per issuing organ and year. */
export function docNumberCounter(prefix: string, year: number): string {
  return `doc:${prefix}:${year}`;
}

/** The item as a document with this view shows it. */
export function itemForView(item: Item, view: IdentityView): Item {
  if (view === 'full') return item;
  if (view === 'masked') return maskedItem(item);
  // The petitioner's own copy: names stay, numbers and the address are masked, in the fields and in free text.
  const dict = { ...identityDictionaryOf(item), names: [] };
  const t = (s: string) => maskIdentityInText(s, dict);
  return {
    ...item,
    petitioners: item.petitioners.map((p) => ({
      ...p,
      idNumber: p.idNumber ? maskIdNumber(p.idNumber) : null,
      phone: p.phone ? maskPhone(p.phone) : null,
      address: p.address ? maskAddress(p.address) : null,
    })),
    title: t(item.title),
    content: t(item.content),
    place: item.place === null ? null : t(item.place),
    demands: item.demands.map((d) => ({ text: t(d.text) })),
    facts: maskTextFields(item.facts, dict),
  };
}

function petitionerOf(item: Item): PetitionerView {
  const ps = item.petitioners;
  const first = ps.find((p) => p.idNumber || p.phone || p.address) ?? ps[0];
  const names = cnNames(ps.map((p) => p.name));
  return {
    names: names || item.organisation || '信访人',
    idNumber: first?.idNumber ?? '',
    phone: first?.phone ?? '',
    address: first?.address ?? '',
  };
}

function demandLines(item: Item): DemandLine[] {
  const answers = item.facts.opinion?.answers ?? [];
  return item.demands.map((d, i) => {
    const a = answers.find((x) => x.demandIndex === i);
    return { index: i + 1, text: d.text.trim(), outcome: a?.outcome ?? '', explanation: a?.explanation.trim() ?? '' };
  });
}

function header(c: ItemDocContext, shown: Item, addressee: string): DocHeader {
  return {
    organ: c.issuer.name,
    docNumber: c.docNumber,
    addressee,
    date: c.date,
    itemNumber: shown.number,
    organAddress: c.issuer.address,
    organPhone: c.issuer.phone,
  };
}

/** The refusal of a document whose step has not happened yet. */
export function notYet(kind: string, why: string): never {
  throw new AppError('STEP_NOT_ALLOWED', `该事项尚不能生成「${kind}」：${why}`);
}

/** What every item document starts from: the item as the view shows it, the petitioner, the header. */
export function itemDocBase(c: ItemDocContext, addressee?: string) {
  const shown = itemForView(c.item, c.view);
  const petitioner = petitionerOf(shown);
  return {
    shown,
    petitioner,
    header: header(c, shown, addressee ?? petitioner.names),
    receivedOn: shown.receivedOn,
    title: shown.title,
  };
}

/** 登记回执: given at registration (with the query code) or reprinted later (without it). */
export function buildRegistrationReceipt(c: ItemDocContext, queryCode: string | null): RegistrationReceipt {
  const b = itemDocBase(c);
  const route =
    c.clock.deadlines(c.item, c.date).find((d) => d.rule === 'route') ?? c.clock.due('route', c.item.receivedOn);
  return {
    kind: 'registration_receipt',
    header: b.header,
    petitioner: b.petitioner,
    receivedOn: b.receivedOn,
    title: b.title,
    channel: b.shown.channel,
    demands: demandLines(b.shown),
    queryCode,
    followUp: c.organs.followUp,
    routeLimit: cnPeriod(route.length, route.unit),
    routeDue: route.due,
  };
}

/** What an online submission holds, as its 登记回执 states it (before any 受理登记: there is no item yet). */
export interface OnlineReceiptInput {
  number: string;
  submittedOn: IsoDate;
  name: string;
  idNumber: string;
  phone: string;
  address: string;
  title: string;
  demands: readonly string[];
  attachments: readonly string[];
  queryCode: string;
}

/**
 * 网上信访登记回执: issued by the bureau on the day of submission. Always the petitioner's own copy: the name
 * stays, the ID number, phone and address are masked, in the fields and wherever the free text repeats them
 * (a leaked query code must not reveal them). The 交转 period runs from the day it was received.
 */
export function buildOnlineReceipt(
  c: Pick<ItemDocContext, 'date' | 'docNumber' | 'issuer' | 'organs' | 'clock'>,
  s: OnlineReceiptInput,
): OnlineReceiptDoc {
  const t = identityMasker({ names: [], idNumbers: [s.idNumber], phones: [s.phone], addresses: [s.address] });
  const route = c.clock.due('route', s.submittedOn);
  const title = t(s.title);
  return {
    kind: 'online_receipt',
    header: {
      organ: c.issuer.name,
      docNumber: c.docNumber,
      addressee: s.name,
      date: c.date,
      itemNumber: s.number,
      organAddress: c.issuer.address,
      organPhone: c.issuer.phone,
    },
    petitioner: {
      names: s.name,
      idNumber: s.idNumber ? maskIdNumber(s.idNumber) : '',
      phone: s.phone ? maskPhone(s.phone) : '',
      address: s.address ? maskAddress(s.address) : '',
    },
    receivedOn: s.submittedOn,
    title,
    demands: s.demands.map((d, i) => ({ index: i + 1, text: t(d).trim(), outcome: '', explanation: '' })),
    attachments: s.attachments.map(t),
    queryCode: s.queryCode,
    followUp: c.organs.followUp,
    routeLimit: cnPeriod(route.length, route.unit),
    routeDue: route.due,
  };
}

/** 受理告知书: the unit (or the bureau) accepted the item; states the handling period and its end date. */
export function buildAcceptNotice(c: ItemDocContext): AcceptNotice {
  const f = c.item.facts;
  if (!f.acceptedOn) notYet('受理告知书', '尚未受理');
  const b = itemDocBase(c);
  const code = handlingRule(c.item);
  // The notice states the period as accepted: an extension approved later does not belong in it.
  const asAccepted = { ...c.item, facts: { ...f, extension: null } };
  const handle = c.clock.deadlines(asAccepted, c.date).find((d) => d.rule === code) ?? c.clock.due(code, f.acceptedOn);
  return {
    kind: 'accept_notice',
    header: b.header,
    petitioner: b.petitioner,
    receivedOn: b.receivedOn,
    title: b.title,
    acceptedOn: f.acceptedOn,
    demands: demandLines(b.shown),
    simple: code === 'simple_handle',
    handleLimit: cnPeriod(handle.length, handle.unit),
    handleDue: handle.due,
    followUp: c.organs.followUp,
  };
}

const DECLINE_BASIS = '《信访工作条例》有关规定';
const DECLINE_GUIDANCE: Record<'不予受理' | '不再受理', string> = {
  不予受理:
    '对依法应当通过诉讼、仲裁、行政复议等法定途径解决的事项，请您依照有关法律、行政法规规定的程序向有关机关提出。',
  不再受理: '对同一事实和理由已经复查、复核或者依法终结的信访事项，信访部门和有关机关不再重新受理。',
};

/** 不予受理告知书 / 不再受理告知书, by the kind of the decision recorded on the item. */
export function buildDeclineNotice(c: ItemDocContext, basis = DECLINE_BASIS): DeclineNotice {
  const d = c.item.facts.declined;
  if (!d) notYet('不予受理（不再受理）告知书', '尚未作出不予受理或不再受理的决定');
  const b = itemDocBase(c);
  const shownReason = b.shown.facts.declined?.reason ?? d.reason;
  return {
    kind: d.kind === '不予受理' ? 'decline_notice' : 'no_reaccept_notice',
    header: b.header,
    petitioner: b.petitioner,
    receivedOn: b.receivedOn,
    title: b.title,
    decidedOn: d.on,
    reason: shownReason.trim(),
    basis,
    guidance: DECLINE_GUIDANCE[d.kind],
  };
}

/** 延期办理告知书: the approved extension, the reason told to the petitioner, and both end dates. */
export function buildExtensionNotice(c: ItemDocContext): ExtensionNotice {
  const f = c.item.facts;
  const e = f.extension;
  if (!f.acceptedOn || e?.status !== 'approved') notYet('延期办理告知书', '没有已批准的延期');
  const b = itemDocBase(c);
  const now = c.clock.deadlines(c.item, c.date).find((d) => d.rule === 'handle');
  const before = c.clock
    .deadlines({ ...c.item, facts: { ...f, extension: null } }, c.date)
    .find((d) => d.rule === 'handle');
  if (!now || !before) notYet('延期办理告知书', '简易办理的事项不能延期');
  const shownExt = b.shown.facts.extension ?? e;
  return {
    kind: 'extension_notice',
    header: b.header,
    petitioner: b.petitioner,
    receivedOn: b.receivedOn,
    title: b.title,
    acceptedOn: f.acceptedOn,
    reason: (shownExt.noticeReason ?? shownExt.reason).trim(),
    extension: cnPeriod(e.days, 'calendar'),
    originalDue: before.due,
    newDue: now.due,
  };
}

/** 处理意见书: every demand with its answer, the facts, the basis, and the right to 复查. */
export function buildOpinion(c: ItemDocContext): OpinionDoc {
  const f = c.item.facts;
  if (!f.opinion) notYet('处理意见书', '尚未出具处理意见');
  const b = itemDocBase(c);
  const o = b.shown.facts.opinion ?? f.opinion;
  const rule = c.clock.rules.review_request;
  return {
    kind: 'opinion',
    header: b.header,
    petitioner: b.petitioner,
    receivedOn: b.receivedOn,
    title: b.title,
    acceptedOn: f.acceptedOn ?? c.item.registeredOn,
    demands: demandLines(b.shown),
    facts: o.facts.trim(),
    basis: o.basis.trim(),
    reviewLimit: cnPeriod(rule.length, rule.unit),
    reviewOrgan: c.organs.reviewOrgan,
  };
}

/** 复查意见书: issued by the 复查 organ; tells the right to 复核. */
export function buildReviewOpinion(c: ItemDocContext): ReviewOpinionDoc {
  const r = c.item.facts.review;
  if (!r?.decidedOn || !r.outcome) notYet('复查意见书', '尚未作出复查意见');
  const b = itemDocBase(c);
  const shown = b.shown.facts.review ?? r;
  const rule = c.clock.rules.rereview_request;
  return {
    kind: 'review_opinion',
    header: b.header,
    petitioner: b.petitioner,
    receivedOn: b.receivedOn,
    title: b.title,
    handler: (c.item.leadUnitId && c.unitName(c.item.leadUnitId)) || c.organs.bureau.name,
    opinionOn: c.item.facts.opinion?.issuedOn ?? r.decidedOn,
    requestedOn: r.acceptedOn ?? r.requests.at(-1)?.requestedOn ?? r.decidedOn,
    outcome: r.outcome,
    opinion: (shown.opinion ?? '').trim(),
    rereviewLimit: cnPeriod(rule.length, rule.unit),
    rereviewOrgan: c.organs.rereviewOrgan,
  };
}

/** 复核意见书: issued by the 复核 organ; final (same facts and reasons are not accepted again). */
export function buildRereviewOpinion(c: ItemDocContext): RereviewOpinionDoc {
  const r = c.item.facts.rereview;
  if (!r?.decidedOn || !r.outcome) notYet('复核意见书', '尚未作出复核意见');
  const b = itemDocBase(c);
  const shown = b.shown.facts.rereview ?? r;
  return {
    kind: 'rereview_opinion',
    header: b.header,
    petitioner: b.petitioner,
    receivedOn: b.receivedOn,
    title: b.title,
    reviewer: c.organs.reviewOrgan.name,
    reviewDecidedOn: c.item.facts.review?.decidedOn ?? r.decidedOn,
    requestedOn: r.acceptedOn ?? r.requests.at(-1)?.requestedOn ?? r.decidedOn,
    outcome: r.outcome,
    opinion: (shown.opinion ?? '').trim(),
    hearings: r.hearings.map((h) => ({ from: h.from, to: h.to })),
  };
}

/**
 * 交办单 / 转送函 to the lead unit. A route that withholds the identity makes the document masked whatever view
 * the caller asked for: the unit must not read it from the paper either.
 */
export function buildRouteDoc(c: ItemDocContext): RouteDoc {
  const r = c.item.facts.route;
  if (!r || (r.kind !== '交办' && r.kind !== '转送') || !r.unitId)
    notYet('交办单（转送函）', '尚未交办或转送至责任单位');
  const withheld = r.redactIdentity === true;
  const cc = withheld ? { ...c, view: 'masked' as const } : c;
  const lead = c.unitName(r.unitId) ?? '责任单位';
  const b = itemDocBase(cc, lead);
  const accept =
    c.clock.deadlines(c.item, c.date).find((d) => d.rule === 'accept_notice') ?? c.clock.due('accept_notice', r.on);
  const handle = c.clock.rules[handlingRule(c.item)];
  return {
    kind: r.kind === '交办' ? 'assignment' : 'transfer_letter',
    header: b.header,
    petitioner: b.petitioner,
    receivedOn: b.receivedOn,
    title: b.title,
    channel: b.shown.channel,
    content: b.shown.content.trim(),
    demands: demandLines(b.shown),
    routedOn: r.on,
    leadUnit: lead,
    assistUnits: r.assistUnitIds.map((id) => c.unitName(id) ?? '协办单位'),
    note: (b.shown.facts.route?.note ?? r.note).trim(),
    acceptLimit: cnPeriod(accept.length, accept.unit),
    acceptDue: accept.due,
    handleLimit: cnPeriod(handle.length, handle.unit),
    identityWithheld: withheld,
  };
}

/** 导入法律程序告知书 (诉访分离): the procedure and organ the matter belongs to, as the handler decided. */
export function buildLegalChannelNotice(c: ItemDocContext, legal: LegalChannelInput): LegalChannelNotice {
  const b = itemDocBase(c);
  const dict = c.view === 'full' ? null : identityDictionaryOf(c.item);
  const t = (s: string) => (dict ? maskIdentityInText(s, c.view === 'public' ? { ...dict, names: [] } : dict) : s);
  return {
    kind: 'legal_channel_notice',
    header: b.header,
    petitioner: b.petitioner,
    receivedOn: b.receivedOn,
    title: b.title,
    procedure: legal.procedure.trim(),
    organ: legal.organ.trim(),
    reason: t(legal.reason.trim()),
    basis: legal.basis.trim(),
  };
}

/** The 导入法律程序 decision recorded on the item, as the notice states it (null before the decision). */
export function legalChannelOf(item: Item): LegalChannelInput | null {
  const l = item.facts.legal;
  if (!l) return null;
  return {
    procedure: l.channel,
    organ: l.organ,
    reason: l.noticeText,
    basis: LEGAL_CHANNEL_BASIS,
    decidedOn: l.on,
  };
}

const LEGAL_CHANNEL_BASIS = '《信访工作条例》有关规定';

/** 督办单 to a unit: the item, why it is supervised, what is required and by when. */
export function buildSupervisionOrder(c: ItemDocContext, s: SupervisionInput): SupervisionOrder {
  const b = itemDocBase(c, s.unitName);
  const code = handlingRule(c.item);
  const handle = c.clock.deadlines(c.item, c.date).find((d) => d.rule === code) ?? null;
  return {
    kind: 'supervision_order',
    header: b.header,
    petitioner: b.petitioner,
    receivedOn: b.receivedOn,
    title: b.title,
    unit: s.unitName,
    trigger: s.trigger.trim(),
    means: s.means.trim(),
    requirements: s.requirements.trim(),
    reportDue: s.reportDue,
    handleDue: handle?.due ?? null,
  };
}

/**
 * The item documents whose step has happened (the facts support them now). The 导入法律程序告知书 follows the
 * route decision recorded on the item; documents that need a record of their own (督办单, 会议通知, 会议纪要) are
 * offered where that decision is recorded.
 */
export function availableItemDocuments(item: Item): DocKind[] {
  const f = item.facts;
  const out: DocKind[] = ['registration_receipt'];
  if (f.route?.unitId && f.route.kind === '交办') out.push('assignment');
  if (f.route?.unitId && f.route.kind === '转送') out.push('transfer_letter');
  if (f.acceptedOn) out.push('accept_notice');
  if (f.declined?.kind === '不予受理') out.push('decline_notice');
  if (f.declined?.kind === '不再受理') out.push('no_reaccept_notice');
  if (f.acceptedOn && f.extension?.status === 'approved') out.push('extension_notice');
  if (f.opinion) out.push('opinion');
  if (f.review?.acceptedOn) out.push('review_receipt');
  if (f.rereview?.acceptedOn) out.push('rereview_receipt');
  if (f.review?.decidedOn && f.review.outcome) out.push('review_opinion');
  if (f.rereview?.decidedOn && f.rereview.outcome) out.push('rereview_opinion');
  if (f.legal) out.push('legal_channel_notice');
  return out;
}
