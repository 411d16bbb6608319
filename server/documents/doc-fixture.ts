/**
 * Realistic sample data for every document kind: the admin preview renders an uploaded template with it, and the
 * tests render every shipped template with it. The petitioner is fictional (an ID number with an invalid check
 * digit, a 1xx-0000-xxxx phone).
 */
import type { DocKind } from '../../contract/documents.ts';
import { SEED_CALENDAR } from '../domain/calendar-seed.ts';
import { WorkCalendar } from '../domain/calendar.ts';
import { DEFAULT_RULES } from '../domain/deadline.ts';
import { emptyFacts, type Item } from '../domain/item.ts';
import type { DocModel, OrganSettings } from './doc-model.ts';
import {
  buildAcceptNotice,
  buildDeclineNotice,
  buildExtensionNotice,
  buildLegalChannelNotice,
  buildOpinion,
  buildOnlineReceipt,
  buildRegistrationReceipt,
  buildRereviewOpinion,
  buildReviewOpinion,
  buildRouteDoc,
  buildSupervisionOrder,
  docClock,
  formatDocNumber,
  type ItemDocContext,
} from './item-doc-builders.ts';
import { buildReviewReceipt } from './review-doc-builders.ts';
import { buildMeetingMinutes, buildMeetingNotice, meetingTopicOf } from './meeting-doc-builders.ts';
import type { IdentityView } from './doc-model.ts';

export const SAMPLE_ORGANS: OrganSettings = {
  bureau: { name: '平安区信访局', numberPrefix: '平信访', address: '平安区人民路1号', phone: '010-00001234' },
  reviewOrgan: { name: '平安区人民政府', numberPrefix: '平政复查', address: '平安区人民路2号', phone: null },
  rereviewOrgan: { name: '安宁市人民政府', numberPrefix: '安政复核', address: '安宁市中心大道9号', phone: null },
  followUp: '登录平安区信访局网站“网上信访”栏目',
};

const UNITS: Record<string, string> = { u_zj: '平安区住房和城乡建设局', u_cg: '平安区城市管理局' };

/** A 物业 complaint walked through every step up to 复核 (dates on the seeded 2025–2026 calendar). */
export function sampleItem(): Item {
  return {
    id: 'sample',
    number: 'XF2025-000123',
    version: 1,
    status: 'closed',
    channel: '来信',
    level: '区',
    receivedOn: '2025-09-26',
    registeredOn: '2025-09-26',
    petitioners: [
      {
        name: '张某某',
        idNumber: '110101199003071231',
        idVerified: false,
        phone: '13900001234',
        address: '平安区幸福路8号3栋201室',
      },
    ],
    organisation: null,
    headCount: 1,
    representatives: [],
    title: '反映幸福小区物业公司违规收取停车费',
    content: '张某某反映，幸福小区物业公司自2025年6月起向业主收取地面停车费每月300元，未经业主大会同意。',
    demands: [{ text: '责令物业公司停止违规收费' }, { text: '退还已多收的停车费' }],
    classCode: null,
    purpose: '求决',
    handlingClass: '申诉求决类',
    flags: [],
    place: '平安区幸福小区',
    leadUnitId: 'u_zj',
    assistUnitIds: ['u_cg'],
    accused: null,
    isRepeat: false,
    earlierItemIds: [],
    registeredBy: null,
    facts: {
      ...emptyFacts(),
      route: {
        kind: '交办',
        on: '2025-09-29',
        unitId: 'u_zj',
        assistUnitIds: ['u_cg'],
        note: '请依法调查处理',
        redactIdentity: false,
      },
      routedOn: '2025-09-29',
      unitReceivedOn: '2025-10-09',
      acceptedOn: '2025-10-09',
      extension: {
        requestedOn: '2025-11-28',
        days: 30,
        reason: '需会同区城管局现场核查',
        status: 'approved',
        decidedOn: '2025-12-01',
        decisionNote: null,
        notifiedOn: '2025-12-02',
        noticeReason: '需会同区城市管理局现场核查停车位权属',
      },
      opinion: {
        issuedOn: '2026-01-04',
        facts: '经现场核查，幸福小区地面停车位属全体业主共有，物业公司收费未经业主大会决定',
        basis: '《物业管理条例》第四十条',
        answers: [
          { demandIndex: 0, outcome: '支持', explanation: '已责令物业公司停止违规收费' },
          { demandIndex: 1, outcome: '解释说明', explanation: '多收费用由物业公司与业主协商退还，街道办事处督促落实' },
        ],
      },
      servedOn: '2026-01-05',
      review: {
        requests: [
          {
            requestedOn: '2026-02-03',
            status: 'accepted',
            refusal: null,
            applicant: '张某某',
            grounds: '物业公司至今未退还多收的停车费，处理意见未落实',
            via: '来信',
          },
        ],
        acceptedOn: '2026-02-03',
        outcome: '维持',
        opinion: '原处理意见认定事实清楚，适用依据正确，程序合法',
        decidedOn: '2026-03-02',
        servedOn: '2026-03-02',
        hearings: [],
      },
      rereview: {
        requests: [
          {
            requestedOn: '2026-03-20',
            status: 'accepted',
            refusal: null,
            applicant: '张某某',
            grounds: '复查未核实业主大会是否授权收费',
            via: '网上',
          },
        ],
        acceptedOn: '2026-03-20',
        outcome: '维持',
        opinion: '复查意见认定事实清楚，处理适当，予以维持',
        decidedOn: '2026-04-24',
        servedOn: '2026-04-24',
        hearings: [{ from: '2026-04-07', to: '2026-04-09', reason: '听证' }],
      },
    },
  };
}

export function sampleContext(item: Item, view: IdentityView, date: string): ItemDocContext {
  return {
    item,
    view,
    date,
    docNumber: formatDocNumber('平信访', Number(date.slice(0, 4)), 12),
    issuer: SAMPLE_ORGANS.bureau,
    organs: SAMPLE_ORGANS,
    clock: docClock(new WorkCalendar(SEED_CALENDAR), DEFAULT_RULES),
    unitName: (id) => UNITS[id] ?? null,
  };
}

/** A model of every kind, from the sample item (and a 不再受理 twin for that notice). */
export function sampleModel(kind: DocKind, view: IdentityView = 'full'): DocModel {
  const item = sampleItem();
  const c = (date: string, i = item) => sampleContext(i, view, date);
  const declined = (k: '不予受理' | '不再受理'): Item => ({
    ...item,
    facts: {
      ...emptyFacts(),
      declined: {
        kind: k,
        on: '2025-09-30',
        reason:
          k === '不予受理'
            ? '您反映的停车费纠纷已由平安区人民法院立案受理'
            : '您以同一事实和理由提出的信访事项已于2025年8月经复核终结',
      },
    },
  });
  const topics = [
    meetingTopicOf(item, view === 'full' ? 'full' : 'masked'),
    { itemNumber: 'XF2025-000150', title: '反映幸福小区电梯长期停运', petitioner: '李某某等5人' },
  ];
  switch (kind) {
    case 'registration_receipt':
      return buildRegistrationReceipt(c('2025-09-26'), 'K7Q2-M9XD');
    case 'accept_notice':
      return buildAcceptNotice(c('2025-10-09'));
    case 'decline_notice':
      return buildDeclineNotice(c('2025-09-30', declined('不予受理')));
    case 'no_reaccept_notice':
      return buildDeclineNotice(c('2025-09-30', declined('不再受理')));
    case 'extension_notice':
      return buildExtensionNotice(c('2025-12-02'));
    case 'opinion':
      return buildOpinion(c('2026-01-04'));
    case 'review_opinion':
      return buildReviewOpinion(c('2026-03-02'));
    case 'review_receipt':
      return buildReviewReceipt(c('2026-02-03'));
    case 'rereview_receipt':
      return buildReviewReceipt(c('2026-03-20'), 'rereview_receipt');
    case 'rereview_opinion':
      return buildRereviewOpinion(c('2026-04-24'));
    case 'assignment':
      return buildRouteDoc(c('2025-09-29'));
    case 'transfer_letter':
      return buildRouteDoc(
        c('2025-09-29', { ...item, facts: { ...item.facts, route: { ...item.facts.route!, kind: '转送' } } }),
      );
    case 'legal_channel_notice':
      return buildLegalChannelNotice(c('2025-09-30'), {
        procedure: '民事诉讼',
        organ: '平安区人民法院',
        reason: '您与物业公司之间的收费争议属于民事合同纠纷',
        basis: '《信访工作条例》第三十二条',
        decidedOn: '2025-09-30',
      });
    case 'supervision_order':
      return buildSupervisionOrder(c('2025-12-20'), {
        unitName: '平安区住房和城乡建设局',
        trigger: '该事项临近办理期限，尚未报送办理情况',
        means: '文书督办',
        requirements: '请加快核查进度，依法依规作出处理意见，并及时告知信访人',
        reportDue: '2025-12-31',
      });
    case 'meeting_notice':
      return buildMeetingNotice(
        { date: '2025-12-01', docNumber: '平信联〔2025〕3号', issuer: SAMPLE_ORGANS.bureau, addressee: '各成员单位' },
        {
          name: '平安区信访工作联席会议',
          on: '2025-12-08',
          time: '09:30',
          place: '区政府三楼第一会议室',
          attendees: ['平安区住房和城乡建设局', '平安区城市管理局', '幸福街道办事处'],
          topics,
          requirements: '请各单位分管负责同志参会，并提前准备有关事项的办理情况',
          contact: '王某，010-00001234',
        },
      );
    case 'meeting_minutes':
      return buildMeetingMinutes(
        { date: '2025-12-09', docNumber: '平信联〔2025〕4号', issuer: SAMPLE_ORGANS.bureau, addressee: '各成员单位' },
        {
          name: '平安区信访工作联席会议',
          on: '2025-12-08',
          place: '区政府三楼第一会议室',
          chair: '区政府副区长刘某',
          attendees: ['平安区住房和城乡建设局', '平安区城市管理局', '幸福街道办事处'],
          topics,
          summary: '会议听取了有关单位的办理情况汇报，研究了两件信访事项的化解措施',
          decisions: [
            '地面停车位收费问题由区住房和城乡建设局牵头依法处理',
            '电梯维修资金由街道办事处协调业主委员会申请使用',
          ],
          tasks: [
            { unit: '平安区住房和城乡建设局', task: '督促物业公司退还多收费用', due: '2025-12-31' },
            { unit: '幸福街道办事处', task: '组织电梯维修资金申请', due: '2026-01-15' },
          ],
        },
      );
    case 'online_receipt': {
      const p = item.petitioners[0]!;
      return buildOnlineReceipt(c('2025-09-26'), {
        number: '区信网〔2025〕00042号',
        submittedOn: '2025-09-26',
        name: p.name,
        idNumber: p.idNumber ?? '',
        phone: p.phone ?? '',
        address: p.address ?? '',
        title: item.title,
        demands: item.demands.map((d) => d.text),
        attachments: ['收费通知单.jpg', '物业合同.pdf'],
        queryCode: 'K7Q2-M9XD',
      });
    }
  }
}
