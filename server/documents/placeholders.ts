/**
 * The placeholders of every document kind, declared once: the name the administrator writes in the template
 * (`{发文字号}`), what it means, whether a template must contain it, and how its value comes from the typed model.
 * The same declaration gives the render data, the upload validation and the admin screen's help list.
 */
import type { DocKind, PlaceholderInfo } from '../../contract/documents.ts';
import { clause, cnDate, cnNumeral, sentence } from './cn-text.ts';
import type {
  AcceptNotice,
  DeclineNotice,
  DemandLine,
  DocHeader,
  DocModelOf,
  ExtensionNotice,
  LegalChannelNotice,
  MeetingMinutes,
  MeetingNotice,
  MeetingTopic,
  OnlineReceiptDoc,
  OpinionDoc,
  PetitionerView,
  RegistrationReceipt,
  RereviewOpinionDoc,
  ReviewOpinionDoc,
  ReviewReceiptDoc,
  RouteDoc,
  SupervisionOrder,
} from './doc-model.ts';
import { viaText } from './review-doc-builders.ts';

type Value = string | boolean | Record<string, unknown>[];

/** One placeholder: its help entry and how to get its value from a model of type M. */
export interface Field<M> {
  info: PlaceholderInfo;
  value: (m: M) => Value;
}

const text = <M>(name: string, label: string, get: (m: M) => string, required = false): Field<M> => ({
  info: { name, label, required },
  value: get,
});

const flag = <M>(name: string, label: string, get: (m: M) => boolean, required = false): Field<M> => ({
  info: { name, label, required, condition: true },
  value: get,
});

function list<M, R>(
  name: string,
  label: string,
  get: (m: M) => readonly R[],
  fields: readonly Field<R>[],
  required = false,
): Field<M> {
  return {
    info: { name, label, required, fields: fields.map((f) => f.info) },
    value: (m) => get(m).map((r) => Object.fromEntries(fields.map((f) => [f.info.name, f.value(r)]))),
  };
}

const orEmpty = (s: string | null | undefined) => s ?? '';
const dateOrEmpty = (d: string | null | undefined) => (d ? cnDate(d) : '');

const HEADER: readonly Field<{ header: DocHeader }>[] = [
  text('发文机关', '发文机关名称（版头和落款）', (m) => m.header.organ, true),
  text('发文字号', '发文字号，如“区信访〔2026〕12号”', (m) => m.header.docNumber, true),
  text('主送', '主送机关或信访人', (m) => m.header.addressee, true),
  text('成文日期', '成文日期，如“2026年12月1日”', (m) => cnDate(m.header.date), true),
  text('事项编号', '信访事项编号', (m) => orEmpty(m.header.itemNumber)),
  text('机关地址', '发文机关地址', (m) => orEmpty(m.header.organAddress)),
  text('机关电话', '发文机关联系电话', (m) => orEmpty(m.header.organPhone)),
  flag('有机关联系方式', '发文机关地址或电话已设置', (m) => !!(m.header.organAddress || m.header.organPhone)),
];

const PETITIONER = (required: boolean): readonly Field<{ petitioner: PetitionerView }>[] => [
  text('信访人', '信访人姓名（按查看权限显示或隐去；致信访人的文书以“主送”称呼）', (m) => m.petitioner.names, required),
  text('信访人证件号码', '信访人证件号码（公开查询时隐去中间位）', (m) => m.petitioner.idNumber),
  text('信访人电话', '信访人联系电话（公开查询时隐去中间位）', (m) => m.petitioner.phone),
  text('信访人住址', '信访人住址（公开查询时只显示到街道）', (m) => m.petitioner.address),
];

const ITEM = (required: boolean): readonly Field<{ receivedOn: string; title: string }>[] => [
  text('收到日期', '信访事项收到日期', (m) => cnDate(m.receivedOn), required),
  text('事项标题', '信访事项标题', (m) => m.title, required),
];

const DEMAND_FIELDS: readonly Field<DemandLine>[] = [
  text('序号', '诉求序号（1、2、3）', (d) => String(d.index)),
  text('中文序号', '诉求序号（一、二、三）', (d) => cnNumeral(d.index)),
  text('内容', '诉求内容', (d) => d.text),
];

const ANSWER_FIELDS: readonly Field<DemandLine>[] = [
  ...DEMAND_FIELDS,
  text('答复结果', '答复结果：支持、解释说明或不予支持', (d) => d.outcome),
  text('答复说明', '对该项诉求的答复说明', (d) => sentence(d.explanation)),
];

const demands = <M extends { demands: DemandLine[] }>(fields = DEMAND_FIELDS, required = true) =>
  list<M, DemandLine>('诉求', '信访诉求（逐项）', (m) => m.demands, fields, required);

const TOPIC_FIELDS: readonly Field<MeetingTopic>[] = [
  text('序号', '议题序号', (t) => String(t.index)),
  text('事项编号', '信访事项编号', (t) => t.itemNumber),
  text('事项标题', '信访事项标题', (t) => t.title),
  text('信访人', '信访人（按查看权限显示或隐去）', (t) => t.petitioner),
];

const names = (xs: readonly string[]) => xs.map((n) => ({ 名称: n }));
const NAME_FIELD: readonly Field<{ 名称: string }>[] = [text('名称', '单位或人员名称', (x) => x.名称)];

/** The placeholders of each kind. Header fields come first; every kind has them. */
export const PLACEHOLDERS: { readonly [K in DocKind]: readonly Field<DocModelOf<K>>[] } = {
  registration_receipt: [
    ...HEADER,
    ...PETITIONER(false),
    ...ITEM(true),
    text<RegistrationReceipt>('信访形式', '信访形式（来信、来访、网上投诉等）', (m) => m.channel),
    demands<RegistrationReceipt>(),
    text<RegistrationReceipt>('查询码', '查询码（仅登记时告知；补打时为空）', (m) => orEmpty(m.queryCode), true),
    text<RegistrationReceipt>('查询方式', '查询办理情况的方式', (m) => m.followUp),
    text<RegistrationReceipt>('交转期限', '登记交转期限，如“15日”', (m) => m.routeLimit),
    text<RegistrationReceipt>('交转截止日期', '信访部门作出交转决定的截止日期', (m) => cnDate(m.routeDue), true),
  ],
  accept_notice: [
    ...HEADER,
    ...PETITIONER(false),
    ...ITEM(true),
    text<AcceptNotice>('受理日期', '受理日期', (m) => cnDate(m.acceptedOn), true),
    demands<AcceptNotice>(DEMAND_FIELDS, false),
    flag<AcceptNotice>('简易办理', '按简易程序办理', (m) => m.simple),
    text<AcceptNotice>('办理期限', '办理期限，如“60日”或“10个工作日”', (m) => m.handleLimit, true),
    text<AcceptNotice>('办结日期', '应当办结的日期（按成文日期的工作日历计算）', (m) => cnDate(m.handleDue), true),
    text<AcceptNotice>('查询方式', '查询办理情况的方式', (m) => m.followUp),
  ],
  decline_notice: declineFields('不予受理'),
  no_reaccept_notice: declineFields('不再受理'),
  extension_notice: [
    ...HEADER,
    ...PETITIONER(false),
    ...ITEM(true),
    text<ExtensionNotice>('受理日期', '受理日期', (m) => cnDate(m.acceptedOn), true),
    text<ExtensionNotice>('延期理由', '延期理由（告知信访人的表述）', (m) => clause(m.reason), true),
    text<ExtensionNotice>('延长期限', '延长的期限，如“30日”', (m) => m.extension, true),
    text<ExtensionNotice>('原办结日期', '延期前应当办结的日期', (m) => cnDate(m.originalDue)),
    text<ExtensionNotice>('延期后办结日期', '延期后应当办结的日期', (m) => cnDate(m.newDue), true),
  ],
  opinion: [
    ...HEADER,
    ...PETITIONER(false),
    ...ITEM(true),
    text<OpinionDoc>('受理日期', '受理日期', (m) => cnDate(m.acceptedOn)),
    demands<OpinionDoc>(ANSWER_FIELDS),
    text<OpinionDoc>('调查核实情况', '调查核实的事实', (m) => sentence(m.facts), true),
    text<OpinionDoc>('法律依据', '处理的法律、法规和政策依据', (m) => sentence(m.basis), true),
    text<OpinionDoc>('复查期限', '请求复查的期限，如“30日”', (m) => m.reviewLimit, true),
    text<OpinionDoc>('复查机关', '受理复查请求的机关', (m) => m.reviewOrgan.name, true),
    text<OpinionDoc>('复查机关地址', '复查机关地址', (m) => orEmpty(m.reviewOrgan.address)),
    text<OpinionDoc>('复查机关电话', '复查机关联系电话', (m) => orEmpty(m.reviewOrgan.phone)),
  ],
  review_opinion: [
    ...HEADER,
    ...PETITIONER(false),
    ...ITEM(true),
    text<ReviewOpinionDoc>('原办理机关', '作出处理意见的机关', (m) => m.handler, true),
    text<ReviewOpinionDoc>('处理意见日期', '原处理意见书的日期', (m) => cnDate(m.opinionOn)),
    text<ReviewOpinionDoc>('复查申请日期', '收到复查请求的日期', (m) => cnDate(m.requestedOn)),
    text<ReviewOpinionDoc>('复查结论', '维持、变更或责令重新办理', (m) => m.outcome),
    flag<ReviewOpinionDoc>('维持', '复查结论为维持', (m) => m.outcome === '维持'),
    flag<ReviewOpinionDoc>('变更', '复查结论为变更', (m) => m.outcome === '变更'),
    flag<ReviewOpinionDoc>('重新办理', '复查结论为责令重新办理', (m) => m.outcome === '责令重新办理'),
    text<ReviewOpinionDoc>('复查意见', '复查意见全文', (m) => sentence(m.opinion), true),
    text<ReviewOpinionDoc>('复核期限', '请求复核的期限，如“30日”', (m) => m.rereviewLimit, true),
    text<ReviewOpinionDoc>('复核机关', '受理复核请求的机关', (m) => m.rereviewOrgan.name, true),
    text<ReviewOpinionDoc>('复核机关地址', '复核机关地址', (m) => orEmpty(m.rereviewOrgan.address)),
    text<ReviewOpinionDoc>('复核机关电话', '复核机关联系电话', (m) => orEmpty(m.rereviewOrgan.phone)),
  ],
  review_receipt: receiptFields('复查'),
  rereview_receipt: receiptFields('复核'),
  rereview_opinion: [
    ...HEADER,
    ...PETITIONER(false),
    ...ITEM(true),
    text<RereviewOpinionDoc>('复查机关', '作出复查意见的机关', (m) => m.reviewer, true),
    text<RereviewOpinionDoc>('复查意见日期', '复查意见书的日期', (m) => cnDate(m.reviewDecidedOn)),
    text<RereviewOpinionDoc>('复核申请日期', '收到复核请求的日期', (m) => cnDate(m.requestedOn)),
    text<RereviewOpinionDoc>('复核结论', '维持、变更或责令重新办理', (m) => m.outcome, true),
    text<RereviewOpinionDoc>('复核意见', '复核意见全文', (m) => sentence(m.opinion), true),
    flag<RereviewOpinionDoc>('有听证', '复核中举行了听证', (m) => m.hearings.length > 0),
    list<RereviewOpinionDoc, { from: string; to: string }>('听证', '听证期间（不计入复核期限）', (m) => m.hearings, [
      text('开始日期', '听证开始日期', (h) => cnDate(h.from)),
      text('结束日期', '听证结束日期', (h) => cnDate(h.to)),
    ]),
  ],
  assignment: routeFields(true),
  transfer_letter: routeFields(false),
  legal_channel_notice: [
    ...HEADER,
    ...PETITIONER(false),
    ...ITEM(true),
    text<LegalChannelNotice>('法定途径', '应当适用的法定途径，如“民事诉讼”', (m) => m.procedure, true),
    text<LegalChannelNotice>('受理机关', '依法受理的机关', (m) => m.organ, true),
    text<LegalChannelNotice>('理由', '导入法律程序的理由', (m) => sentence(m.reason)),
    text<LegalChannelNotice>('法律依据', '法律依据', (m) => clause(m.basis), true),
  ],
  supervision_order: [
    ...HEADER,
    ...PETITIONER(false),
    ...ITEM(true),
    text<SupervisionOrder>('被督办单位', '被督办的责任单位（默认模板以“主送”称呼）', (m) => m.unit),
    text<SupervisionOrder>('督办事由', '督办的事由', (m) => clause(m.trigger), true),
    text<SupervisionOrder>('督办方式', '文书督办、约谈、实地督办、挂牌督办或通报', (m) => clause(m.means)),
    text<SupervisionOrder>('督办要求', '督办要求', (m) => sentence(m.requirements), true),
    text<SupervisionOrder>('报告期限', '报送办理情况的截止日期', (m) => cnDate(m.reportDue), true),
    text<SupervisionOrder>('办结日期', '法定办结日期（已受理时）', (m) => dateOrEmpty(m.handleDue)),
  ],
  meeting_notice: [
    ...HEADER,
    text<MeetingNotice>('会议名称', '会议名称', (m) => m.name, true),
    text<MeetingNotice>('会议时间', '会议时间，如“2026年12月8日上午9时30分”', (m) => meetingTime(m.on, m.time), true),
    text<MeetingNotice>('会议地点', '会议地点', (m) => m.place, true),
    list<MeetingNotice, { 名称: string }>('参会单位', '参会单位', (m) => names(m.attendees), NAME_FIELD, true),
    list<MeetingNotice, MeetingTopic>('议题', '会议研究的信访事项', (m) => m.topics, TOPIC_FIELDS, true),
    text<MeetingNotice>('会议要求', '参会要求', (m) => sentence(m.requirements)),
    text<MeetingNotice>('联系人', '会务联系人及电话', (m) => m.contact),
  ],
  meeting_minutes: [
    ...HEADER,
    text<MeetingMinutes>('会议名称', '会议名称', (m) => m.name, true),
    text<MeetingMinutes>('会议日期', '会议日期', (m) => cnDate(m.on), true),
    text<MeetingMinutes>('会议地点', '会议地点', (m) => m.place),
    text<MeetingMinutes>('主持人', '会议主持人', (m) => m.chair),
    text<MeetingMinutes>('参会单位名单', '参会单位（以顿号分隔）', (m) => m.attendees.join('、')),
    list<MeetingMinutes, MeetingTopic>('议题', '会议研究的信访事项', (m) => m.topics, TOPIC_FIELDS, true),
    text<MeetingMinutes>('会议概况', '会议概况', (m) => sentence(m.summary)),
    list<MeetingMinutes, { index: number; text: string }>(
      '议定事项',
      '会议议定的事项',
      (m) => m.decisions.map((t, i) => ({ index: i + 1, text: t })),
      [
        text('序号', '序号（1、2、3）', (d) => String(d.index)),
        text('中文序号', '序号（一、二、三）', (d) => cnNumeral(d.index)),
        text('内容', '议定事项内容', (d) => sentence(d.text)),
      ],
      true,
    ),
    list<MeetingMinutes, MeetingMinutes['tasks'][number]>(
      '任务',
      '会后任务分工',
      (m) => m.tasks,
      [
        text('序号', '任务序号', (t) => String(t.index)),
        text('责任单位', '承担任务的单位', (t) => t.unit),
        text('任务', '任务内容', (t) => clause(t.task)),
        text('完成时限', '完成时限', (t) => cnDate(t.due)),
      ],
      true,
    ),
  ],
  online_receipt: [
    ...HEADER,
    ...PETITIONER(true),
    ...ITEM(true),
    demands<OnlineReceiptDoc>(),
    flag<OnlineReceiptDoc>('有材料', '随事项提交了材料', (m) => m.attachments.length > 0),
    text<OnlineReceiptDoc>('材料名单', '随事项提交的材料名称（以顿号分隔）', (m) => m.attachments.join('、')),
    text<OnlineReceiptDoc>('查询码', '查询码（信访人持有；凭码下载时照印）', (m) => m.queryCode, true),
    text<OnlineReceiptDoc>('查询方式', '查询办理情况的方式', (m) => m.followUp),
    text<OnlineReceiptDoc>('交转期限', '登记交转期限，如“15日”', (m) => m.routeLimit),
    text<OnlineReceiptDoc>('交转截止日期', '信访部门作出交转决定的截止日期', (m) => cnDate(m.routeDue), true),
  ],
};

function declineFields(kind: '不予受理' | '不再受理'): readonly Field<DeclineNotice>[] {
  return [
    ...HEADER,
    ...PETITIONER(false),
    ...ITEM(true),
    text<DeclineNotice>('决定日期', `作出${kind}决定的日期`, (m) => cnDate(m.decidedOn)),
    text<DeclineNotice>('理由', `${kind}的理由`, (m) => sentence(m.reason), true),
    text<DeclineNotice>('法律依据', '法律依据', (m) => clause(m.basis), true),
    text<DeclineNotice>('途径指引', '告知信访人可以采取的途径', (m) => m.guidance),
  ];
}

/** A 复查 or 复核 request's receipt: the contested opinion, the request, the deciding organ and its due date. */
function receiptFields(what: '复查' | '复核'): readonly Field<ReviewReceiptDoc>[] {
  const contested = what === '复查' ? { organ: '原办理机关', date: '处理意见日期', doc: '处理意见书' } : null;
  const c = contested ?? { organ: '复查机关', date: '复查意见日期', doc: '复查意见书' };
  return [
    ...HEADER,
    ...PETITIONER(false),
    ...ITEM(true),
    text<ReviewReceiptDoc>(c.organ, `作出${c.doc.slice(0, -1)}的机关`, (m) => m.handler, true),
    text<ReviewReceiptDoc>(c.date, `${c.doc}的日期`, (m) => cnDate(m.opinionOn)),
    text<ReviewReceiptDoc>(`${what}申请日期`, `提出${what}申请的日期`, (m) => cnDate(m.requestedOn), true),
    text<ReviewReceiptDoc>('申请方式', '提出方式，如“通过网上信访”“以来信方式”（未记录时为空）', (m) => viaText(m.via)),
    text<ReviewReceiptDoc>('申请人', `${what}申请人（按查看权限显示或隐去）`, (m) => m.applicant, true),
    flag<ReviewReceiptDoc>('有申请理由', '申请时写明了理由', (m) => m.grounds.length > 0),
    text<ReviewReceiptDoc>('申请理由', `${what}申请的事实和理由`, (m) => sentence(m.grounds)),
    text<ReviewReceiptDoc>(`${what}机关`, `办理${what}的机关`, (m) => m.reviewOrgan, true),
    text<ReviewReceiptDoc>(`${what}办理期限`, `作出${what}意见的期限，如“30日”`, (m) => m.decisionLimit),
    text<ReviewReceiptDoc>(`${what}截止日期`, `应当作出${what}意见的日期`, (m) => cnDate(m.decisionDue), true),
    text<ReviewReceiptDoc>('查询方式', '查询办理情况的方式', (m) => m.followUp),
  ];
}

function routeFields(assignment: boolean): readonly Field<RouteDoc>[] {
  return [
    ...HEADER,
    ...PETITIONER(false),
    ...ITEM(true),
    text<RouteDoc>('信访形式', '信访形式', (m) => m.channel),
    text<RouteDoc>('主要内容', '信访事项主要内容', (m) => sentence(m.content), true),
    demands<RouteDoc>(),
    text<RouteDoc>(assignment ? '交办日期' : '转送日期', assignment ? '交办日期' : '转送日期', (m) =>
      cnDate(m.routedOn),
    ),
    text<RouteDoc>('主办单位', '主办（责任）单位', (m) => m.leadUnit, true),
    text<RouteDoc>('协办单位', '协办单位（以顿号分隔；没有时为空）', (m) => m.assistUnits.join('、')),
    flag<RouteDoc>('有协办单位', '有协办单位', (m) => m.assistUnits.length > 0),
    text<RouteDoc>(assignment ? '交办意见' : '转送意见', '信访部门的意见', (m) => sentence(m.note)),
    text<RouteDoc>('受理告知期限', '书面告知信访人受理情况的期限，如“15日”', (m) => m.acceptLimit, true),
    text<RouteDoc>('受理告知截止日期', '受理告知的截止日期', (m) => dateOrEmpty(m.acceptDue)),
    text<RouteDoc>('办理期限', '办理期限，如“60日”', (m) => m.handleLimit, true),
    flag<RouteDoc>('隐去身份', '交转时隐去了信访人身份', (m) => m.identityWithheld),
  ];
}

function meetingTime(on: string, time: string): string {
  const m = /^(\d{1,2}):(\d{2})$/.exec(time);
  if (!m) return cnDate(on);
  const h = Number(m[1]);
  const min = Number(m[2]);
  const part = h < 12 ? '上午' : '下午';
  const h12 = h > 12 ? h - 12 : h;
  return `${cnDate(on)}${part}${h12}时${min ? `${min}分` : ''}`;
}

/** The help list of a kind's placeholders (for the admin screen and the API). */
export function placeholderInfo(kind: DocKind): PlaceholderInfo[] {
  return PLACEHOLDERS[kind].map((f) => f.info);
}

/** Names a template of this kind must contain (at any depth: list fields inside their list). */
export function requiredPlaceholders(kind: DocKind): string[] {
  return PLACEHOLDERS[kind].filter((f) => f.info.required).map((f) => f.info.name);
}

/** The data a template is rendered with: every placeholder of the kind, by its Chinese name. */
export function placeholderData<K extends DocKind>(model: DocModelOf<K>): Record<string, Value> {
  const fields = PLACEHOLDERS[model.kind as K] as readonly Field<DocModelOf<K>>[];
  return Object.fromEntries(fields.map((f) => [f.info.name, f.value(model)]));
}
