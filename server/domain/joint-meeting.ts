/**
 * 信访工作联席会议: meetings (全体会议 / 专题会议 / 协调会) with date, place, convenor, member units and people, and
 * agenda items linked to petition items and 积案; after the meeting its minutes (纪要), decisions (议定事项) and
 * tasks, each with an owner unit and a date, tracked and warned like items (`FollowUp`). Member units see the
 * meetings and tasks that concern them; an agenda item's petition shows only to those who may open it
 * (`canOpenItem`). Pure: dates are passed in.
 */
import type { MeetingKind, MeetingStatus } from '../../contract/campaign.ts';
import { BUREAU_ROLES } from '../../contract/enums.ts';
import { assertIsoDate, type IsoDate } from './calendar.ts';
import { AppError, fail } from './errors.ts';
import { followUpKey, metOnOf, newFollowUp, type ByWhom, type FollowUp, type TrackedTask } from './follow-up.ts';
import { canOpenItem, type ItemAccessFacts, type Viewer } from './visibility.policy.ts';

export interface Attendee {
  name: string;
  unitId: string | null;
  post: string;
  /** 出席 (member) or 列席 (attendee). */
  role: 'member' | 'attendee';
}

export interface AgendaEntry {
  ord: number;
  title: string;
  itemIds: string[];
  caseIds: string[];
  note: string;
}

export interface Decision {
  ord: number;
  text: string;
}

export interface MeetingTask extends FollowUp {
  id: string;
  /** The decision the task carries out (its `ord`). */
  decisionOrd: number;
  text: string;
  version: number;
}

/** The particulars of a meeting the bureau writes before it takes place. */
export interface MeetingParticulars {
  kind: MeetingKind;
  title: string;
  date: IsoDate;
  time: string;
  place: string;
  convenor: { userId: string | null; name: string };
}

export interface Meeting extends MeetingParticulars {
  id: string;
  version: number;
  memberUnitIds: string[];
  attendees: Attendee[];
  agenda: AgendaEntry[];
  requirements: string[];
  status: MeetingStatus;
  /** 纪要 issue number once minuted, e.g. 〔2025〕第3期. */
  minutesNumber: string | null;
  minutes: { on: IsoDate; text: string; by: ByWhom } | null;
  decisions: Decision[];
  cancelled: { on: IsoDate; reason: string } | null;
}

export interface MeetingInput extends MeetingParticulars {
  memberUnitIds: readonly string[];
  attendees: readonly Attendee[];
  agenda: readonly Omit<AgendaEntry, 'ord'>[];
  requirements: readonly string[];
}

function need(s: string, what: string): string {
  const t = s.trim();
  if (!t) fail('VALIDATION', `请填写${what}`);
  return t;
}

function checkInput(
  input: MeetingInput,
): Omit<Meeting, 'id' | 'version' | 'status' | 'minutesNumber' | 'minutes' | 'decisions' | 'cancelled'> {
  assertIsoDate(input.date, '会议日期');
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(input.time)) fail('VALIDATION', `会议时间「${input.time}」应为 HH:MM`);
  const members = [...new Set(input.memberUnitIds)];
  if (!members.length) fail('VALIDATION', '至少选择一个成员单位');
  if (!input.agenda.length) fail('VALIDATION', '至少列出一项议题');
  for (const a of input.attendees) {
    if (a.unitId && !members.includes(a.unitId) && a.role === 'member') {
      fail('VALIDATION', `出席人员「${a.name}」所在单位不是成员单位，请将其单位加入成员单位或改为列席`);
    }
  }
  return {
    kind: input.kind,
    title: need(input.title, '会议名称'),
    date: input.date,
    time: input.time,
    place: need(input.place, '会议地点'),
    convenor: { userId: input.convenor.userId, name: need(input.convenor.name, '召集人') },
    memberUnitIds: members,
    attendees: input.attendees.map((a) => ({ ...a, name: need(a.name, '参会人员姓名'), post: a.post.trim() })),
    agenda: input.agenda.map((a, i) => ({
      ord: i + 1,
      title: need(a.title, `第 ${i + 1} 项议题`),
      itemIds: [...new Set(a.itemIds)],
      caseIds: [...new Set(a.caseIds)],
      note: a.note.trim(),
    })),
    requirements: input.requirements.map((r) => r.trim()).filter(Boolean),
  };
}

/** A planned meeting (the notice can be issued from it). */
export function newMeeting(id: string, input: MeetingInput): Meeting {
  return {
    id,
    version: 1,
    ...checkInput(input),
    status: 'planned',
    minutesNumber: null,
    minutes: null,
    decisions: [],
    cancelled: null,
  };
}

function mustBePlanned(m: Meeting): void {
  if (m.status !== 'planned') {
    throw new AppError('STEP_NOT_ALLOWED', m.status === 'held' ? '会议已召开，不能再修改' : '会议已取消', {
      status: m.status,
    });
  }
}

/** Changes a planned meeting (date, agenda, members …). */
export function updateMeeting(m: Meeting, input: MeetingInput): Meeting {
  mustBePlanned(m);
  return { ...m, ...checkInput(input) };
}

export function cancelMeeting(m: Meeting, on: IsoDate, reason: string, today: IsoDate): Meeting {
  mustBePlanned(m);
  assertIsoDate(on, '取消日期');
  if (on > today) fail('DATE_IN_FUTURE', `日期 ${on} 晚于今天（${today}）`);
  return { ...m, status: 'cancelled', cancelled: { on, reason: need(reason, '取消理由') } };
}

/**
 * Records the minutes after the meeting took place: the text, the decisions, and one task per owner unit and
 * decision, each tracked from the minutes' date to its own date. The meeting becomes 已召开.
 */
export function recordMinutes(
  m: Meeting,
  input: {
    on: IsoDate;
    text: string;
    number: string;
    decisions: readonly { text: string; tasks: readonly { text: string; ownerUnitId: string; dueOn: IsoDate }[] }[];
    by: ByWhom;
    newTaskId: () => string;
  },
  today: IsoDate,
): { meeting: Meeting; tasks: MeetingTask[] } {
  mustBePlanned(m);
  assertIsoDate(input.on, '纪要日期');
  if (m.date > today) fail('STEP_NOT_ALLOWED', `会议定于 ${m.date} 召开，召开后才能录入会议纪要`);
  if (input.on > today) fail('DATE_IN_FUTURE', `日期 ${input.on} 晚于今天（${today}）`);
  if (input.on < m.date) fail('DATE_ORDER', `纪要日期 ${input.on} 早于会议日期 ${m.date}`);
  if (!input.decisions.length) fail('VALIDATION', '会议纪要至少包含一项议定事项');
  const decisions: Decision[] = [];
  const tasks: MeetingTask[] = [];
  input.decisions.forEach((d, i) => {
    decisions.push({ ord: i + 1, text: need(d.text, `第 ${i + 1} 项议定事项`) });
    for (const t of d.tasks) {
      tasks.push({
        ...newFollowUp(t.ownerUnitId, input.on, t.dueOn),
        id: input.newTaskId(),
        decisionOrd: i + 1,
        text: need(t.text, `第 ${i + 1} 项议定事项的任务`),
        version: 1,
      });
    }
  });
  return {
    meeting: {
      ...m,
      status: 'held',
      minutesNumber: input.number,
      minutes: { on: input.on, text: need(input.text, '会议纪要'), by: input.by },
      decisions,
    },
    tasks,
  };
}

/** 纪要 issue number text: 〔2025〕第3期. */
export function minutesNumber(year: number, seq: number): string {
  return `〔${year}〕第${seq}期`;
}

/** Every item and 积案 the agenda links to. */
export function agendaLinks(m: Pick<Meeting, 'agenda'>): { itemIds: string[]; caseIds: string[] } {
  return {
    itemIds: [...new Set(m.agenda.flatMap((a) => a.itemIds))],
    caseIds: [...new Set(m.agenda.flatMap((a) => a.caseIds))],
  };
}

/** Open tasks as tracked tasks: owner the unit, escalation to the convenor. */
export function meetingTasks(m: Meeting, tasks: readonly MeetingTask[]): TrackedTask[] {
  const itemIds = agendaLinks(m).itemIds;
  return tasks
    .filter((t) => t.status !== 'done')
    .map((t) => ({
      key: followUpKey('meeting_task', t.id, t),
      kind: 'meeting_task' as const,
      subjectId: m.id,
      title: `${m.title}议定事项：${t.text}`,
      ownerUnitId: t.ownerUnitId,
      ownerUserId: null,
      escalateToUserId: m.convenor.userId,
      start: t.startOn,
      due: t.dueOn,
      metOn: metOnOf(t),
      itemIds,
    }));
}

const seesAll = (v: Viewer) => BUREAU_ROLES.includes(v.actor.role) || v.actor.role === 'leader';

/** Does the meeting concern the viewer: the bureau and leaders, a member unit, or a unit owning a task. */
export function meetingConcerns(v: Viewer, m: Meeting, tasks: readonly MeetingTask[]): boolean {
  if (seesAll(v)) return true;
  const u = v.actor.unitId;
  if (!u) return false;
  return m.memberUnitIds.includes(u) || tasks.some((t) => t.ownerUnitId === u);
}

/** What a 积案 shows of itself to the rule: its 责任单位 and its items. */
export interface CaseAccessRef {
  unitId: string | null;
  itemIds: readonly string[];
}

/**
 * The meeting as the viewer may see it, or null when it does not concern them. Agenda links keep only items the
 * viewer may open and 积案 whose 责任单位 is the viewer's unit or whose items the viewer may all open (the rest
 * count as `hiddenLinks`); units see their own tasks only; the bureau and leaders see everything.
 */
export function meetingViewFor(
  v: Viewer,
  m: Meeting,
  tasks: readonly MeetingTask[],
  access: { items: ReadonlyMap<string, ItemAccessFacts>; cases: ReadonlyMap<string, CaseAccessRef> },
): { meeting: Meeting; tasks: MeetingTask[]; hiddenLinks: number } | null {
  if (!meetingConcerns(v, m, tasks)) return null;
  if (seesAll(v)) return { meeting: m, tasks: [...tasks], hiddenLinks: 0 };
  const opens = (id: string) => {
    const f = access.items.get(id);
    return f !== undefined && canOpenItem(v, f);
  };
  const seesCase = (id: string) => {
    const c = access.cases.get(id);
    return c !== undefined && (c.unitId === v.actor.unitId || (c.itemIds.length > 0 && c.itemIds.every(opens)));
  };
  let hidden = 0;
  const agenda = m.agenda.map((a) => {
    const itemIds = a.itemIds.filter(opens);
    const caseIds = a.caseIds.filter(seesCase);
    hidden += a.itemIds.length - itemIds.length + a.caseIds.length - caseIds.length;
    return { ...a, itemIds, caseIds };
  });
  return {
    meeting: { ...m, agenda },
    tasks: tasks.filter((t) => t.ownerUnitId === v.actor.unitId),
    hiddenLinks: hidden,
  };
}
