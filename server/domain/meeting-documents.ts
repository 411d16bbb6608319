/**
 * The fields of the two documents of a 联席会议: the meeting notice (会议通知) and the 会议纪要. A documents module
 * renders them (公文 layout); the models hold finished Chinese text only. Build them from the meeting as the
 * reader may see it (`meetingViewFor`): a member unit's copy lists only the items and 积案 it may see; item
 * references carry the number and the masked title, never a petitioner's identity.
 */
import { dateCn, timeCn, weekdayCn } from './cn-text.ts';
import type { IsoDate } from './calendar.ts';
import type { Meeting, MeetingTask } from './joint-meeting.ts';

/** The body that issues both documents. */
export const JOINT_OFFICE = '区信访工作联席会议办公室';
export const CONFERENCE = '区信访工作联席会议';

export interface DocRefs {
  unit(id: string): string;
  /** Number and masked title of an item. */
  item(id: string): { number: string; title: string } | null;
  /** Number and title of a 积案. */
  backlogCase(id: string): { number: string; title: string } | null;
}

export interface AgendaLine {
  ord: number;
  title: string;
  /** "积〔2025〕3号 某小区逾期交房问题", "2025-000123 关于…的信访" */
  refs: string[];
  note: string;
}

export interface MeetingNoticeModel {
  /** 关于召开区信访工作联席会议专题会议的通知 */
  title: string;
  /** 主送: the member units. */
  recipients: string[];
  opening: string;
  /** 一、会议时间 … as label/value lines. */
  particulars: { label: string; value: string }[];
  agenda: AgendaLine[];
  requirements: string[];
  issuer: string;
  issuedOn: string;
}

function agendaLines(m: Meeting, refs: DocRefs): AgendaLine[] {
  return m.agenda.map((a) => ({
    ord: a.ord,
    title: a.title,
    refs: [
      ...a.caseIds.map((id) => refs.backlogCase(id)).flatMap((c) => (c ? [`${c.number} ${c.title}`] : [])),
      ...a.itemIds.map((id) => refs.item(id)).flatMap((i) => (i ? [`${i.number} ${i.title}`] : [])),
    ],
    note: a.note,
  }));
}

function people(m: Meeting, refs: DocRefs, role: 'member' | 'attendee'): string[] {
  return m.attendees
    .filter((a) => a.role === role)
    .map((a) => [a.unitId ? refs.unit(a.unitId) : '', a.post, a.name].filter(Boolean).join(''));
}

const DEFAULT_REQUIREMENTS = [
  '请各成员单位主要负责同志或分管负责同志准时参会，不得无故缺席；确因特殊情况不能参会的，请提前向联席会议办公室请假并指定代参会人员。',
  '请涉及议题的单位提前梳理相关情况，会上作简要汇报。',
];

/** The notice: who is called, when, where, for what. `issuedOn` is the date the notice goes out. */
export function meetingNoticeModel(m: Meeting, refs: DocRefs, issuedOn: IsoDate): MeetingNoticeModel {
  const members = people(m, refs, 'member');
  const attending = people(m, refs, 'attendee');
  return {
    title: `关于召开${CONFERENCE}${m.kind}的通知`,
    recipients: m.memberUnitIds.map((id) => refs.unit(id)),
    opening: `经研究，定于${dateCn(m.date)}召开${CONFERENCE}${m.kind}（${m.title}），现将有关事项通知如下：`,
    particulars: [
      { label: '会议时间', value: `${dateCn(m.date)}（${weekdayCn(m.date)}）${timeCn(m.time)}` },
      { label: '会议地点', value: m.place },
      { label: '召集人', value: m.convenor.name },
      { label: '参会单位', value: m.memberUnitIds.map((id) => refs.unit(id)).join('、') },
      ...(members.length ? [{ label: '出席人员', value: members.join('、') }] : []),
      ...(attending.length ? [{ label: '列席人员', value: attending.join('、') }] : []),
    ],
    agenda: agendaLines(m, refs),
    requirements: m.requirements.length ? m.requirements : DEFAULT_REQUIREMENTS,
    issuer: JOINT_OFFICE,
    issuedOn: dateCn(issuedOn),
  };
}

export interface MinutesModel {
  /** 区信访工作联席会议纪要 */
  title: string;
  /** 〔2025〕第3期 */
  issue: string;
  issuer: string;
  issuedOn: string;
  opening: string;
  present: string[];
  attending: string[];
  agenda: AgendaLine[];
  /** The minutes' own text (会议认为 …), paragraphs split on blank lines. */
  body: string[];
  decisions: { ord: number; text: string; tasks: { text: string; unit: string; dueOn: string }[] }[];
  /** 分送: the member units and the units owning a task. */
  distribution: string[];
}

/** The 会议纪要 of a held meeting (null while the minutes are not recorded). */
export function minutesModel(m: Meeting, tasks: readonly MeetingTask[], refs: DocRefs): MinutesModel | null {
  if (!m.minutes || !m.minutesNumber) return null;
  const distribution = [...new Set([...m.memberUnitIds, ...tasks.map((t) => t.ownerUnitId)])].map((id) =>
    refs.unit(id),
  );
  return {
    title: `${CONFERENCE}纪要`,
    issue: m.minutesNumber,
    issuer: JOINT_OFFICE,
    issuedOn: dateCn(m.minutes.on),
    opening:
      `${dateCn(m.date)}，${m.convenor.name}在${m.place}主持召开${CONFERENCE}${m.kind}，` +
      `专题研究${m.agenda.map((a) => a.title).join('、')}。现将会议议定事项纪要如下：`,
    present: people(m, refs, 'member'),
    attending: people(m, refs, 'attendee'),
    agenda: agendaLines(m, refs),
    body: m.minutes.text
      .split(/\n\s*\n/)
      .map((p) => p.trim())
      .filter(Boolean),
    decisions: m.decisions.map((d) => ({
      ord: d.ord,
      text: d.text,
      tasks: tasks
        .filter((t) => t.decisionOrd === d.ord)
        .map((t) => ({ text: t.text, unit: refs.unit(t.ownerUnitId), dueOn: dateCn(t.dueOn) })),
    })),
    distribution,
  };
}
