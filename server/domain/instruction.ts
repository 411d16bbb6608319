/**
 * 请示报告 and 领导批示: a unit or the bureau escalates an item (or a 积案) to a leader with a question; the leader
 * answers with a 批示 (text, date) addressed to units, each with a date to report back by; each addressed unit
 * reports (a `FollowUp`), the bureau accepts or returns the report; the 批示 is done when every unit's report is
 * accepted. Entries for the items' timelines come from here too (the timeline shows them only to those who may
 * open the item, masked like every entry). Pure: dates are passed in.
 */
import { latest } from './iso-dates.ts';
import type { RequestStatus } from '../../contract/campaign.ts';
import type { Role } from '../../contract/enums.ts';
import { assertIsoDate, type IsoDate } from './calendar.ts';
import { AppError, fail } from './errors.ts';
import { followUpKey, metOnOf, newFollowUp, type ByWhom, type FollowUp, type TrackedTask } from './follow-up.ts';
import type { Actor } from './item.policy.ts';
import { canOpenItem, type CaseAccess, type ItemAccessFacts, type Standing, type Viewer } from './visibility.policy.ts';
import { BUREAU_ROLES } from '../../contract/enums.ts';

/** What a 请示 or 批示 is about; a 积案's subject carries its items (for visibility and timelines). */
export type Subject = { kind: 'item'; itemId: string } | { kind: 'case'; caseId: string; itemIds: readonly string[] };

/** Who may ask a leader about an item: the bureau, or the unit leading it (the item view's `askLeader`). */
export function mayAskAbout(standing: Standing): boolean {
  return standing === 'bureau' || standing === 'lead';
}

export function subjectItemIds(s: Subject): string[] {
  return s.kind === 'item' ? [s.itemId] : [...s.itemIds];
}

export interface LeaderRequest {
  id: string;
  version: number;
  subject: Subject;
  /** The unit asking, or null when the bureau asks. */
  fromUnitId: string | null;
  askedBy: ByWhom;
  leaderUserId: string;
  question: string;
  askedOn: IsoDate;
  status: RequestStatus;
  instructionId: string | null;
  withdrawn: { on: IsoDate; reason: string } | null;
}

export interface Instruction {
  id: string;
  version: number;
  requestId: string | null;
  subject: Subject;
  leaderUserId: string;
  leaderName: string;
  text: string;
  on: IsoDate;
  addressees: FollowUp[];
  /** Date the last unit's report was accepted, or null while any is outstanding. */
  doneOn: IsoDate | null;
}

function checkOn(on: IsoDate, today: IsoDate): void {
  assertIsoDate(on, '日期');
  if (on > today) fail('DATE_IN_FUTURE', `日期 ${on} 晚于今天（${today}），请填写实际发生的日期`);
}

/**
 * A new 请示 to a leader (a leader's account: `LEADER_REQUIRED` otherwise). Unit staff ask about their own unit's
 * matters only — whether they may open the item is the caller's check with the visibility rule, before this.
 */
export function newRequest(
  input: {
    id: string;
    subject: Subject;
    asker: Actor;
    leader: { userId: string; role: Role; name: string };
    question: string;
    on: IsoDate;
  },
  today: IsoDate,
): LeaderRequest {
  checkOn(input.on, today);
  if (input.leader.role !== 'leader') fail('LEADER_REQUIRED', `「${input.leader.name}」不是领导账号，请示须报送区领导`);
  const question = input.question.trim();
  if (!question) fail('VALIDATION', '请填写请示的问题');
  const a = input.asker;
  const fromBureau = BUREAU_ROLES.includes(a.role);
  if (!fromBureau && !a.unitId) fail('FORBIDDEN', '只有信访局或责任单位可以提出请示');
  return {
    id: input.id,
    version: 1,
    subject: input.subject,
    fromUnitId: fromBureau ? null : a.unitId,
    askedBy: { userId: a.userId, name: a.displayName },
    leaderUserId: input.leader.userId,
    question,
    askedOn: input.on,
    status: 'pending',
    instructionId: null,
    withdrawn: null,
  };
}

export function withdrawRequest(r: LeaderRequest, on: IsoDate, reason: string, today: IsoDate): LeaderRequest {
  if (r.status !== 'pending')
    throw new AppError('STEP_NOT_ALLOWED', '请示已批示或已撤回，不能撤回', { status: r.status });
  checkOn(on, today);
  const why = reason.trim();
  if (!why) fail('VALIDATION', '请填写撤回理由');
  return { ...r, status: 'withdrawn', withdrawn: { on, reason: why } };
}

/**
 * The leader's 批示, answering `request` (then only the leader asked may answer, and the request becomes 已批示)
 * or on the leader's own initiative (`request` null, `subject` given). Every addressed unit gets a follow-up
 * from the 批示 date to its own date; a unit named twice is refused.
 */
export function instruct(
  input: {
    id: string;
    request: LeaderRequest | null;
    subject: Subject | null;
    leader: Actor;
    text: string;
    on: IsoDate;
    addressees: readonly { unitId: string; dueOn: IsoDate }[];
  },
  today: IsoDate,
): { instruction: Instruction; request: LeaderRequest | null } {
  const { request: r, leader } = input;
  if (leader.role !== 'leader') fail('LEADER_REQUIRED', '只有区领导可以作出批示');
  checkOn(input.on, today);
  if (r) {
    if (r.status !== 'pending') throw new AppError('STEP_NOT_ALLOWED', '该请示已批示或已撤回', { status: r.status });
    if (r.leaderUserId !== leader.userId) fail('FORBIDDEN', '该请示未报送给您，不能批示');
    if (input.on < r.askedOn) fail('DATE_ORDER', `批示日期 ${input.on} 早于请示日期 ${r.askedOn}`);
  }
  const subject = r?.subject ?? input.subject;
  if (!subject) fail('VALIDATION', '请选择批示所涉的信访事项或积案');
  const text = input.text.trim();
  if (!text) fail('VALIDATION', '请填写批示内容');
  if (!input.addressees.length) fail('VALIDATION', '批示至少交由一个单位落实');
  const seen = new Set<string>();
  const addressees = input.addressees.map((a) => {
    if (seen.has(a.unitId)) fail('VALIDATION', '同一单位只能列一次');
    seen.add(a.unitId);
    return newFollowUp(a.unitId, input.on, a.dueOn);
  });
  const instruction: Instruction = {
    id: input.id,
    version: 1,
    requestId: r?.id ?? null,
    subject,
    leaderUserId: leader.userId,
    leaderName: leader.displayName,
    text,
    on: input.on,
    addressees,
    doneOn: null,
  };
  return { instruction, request: r ? { ...r, status: 'instructed', instructionId: input.id } : null };
}

/** Replaces one unit's follow-up (after a report or a review) and derives whether the 批示 is done. */
export function withAddressee(ins: Instruction, f: FollowUp): Instruction {
  if (!ins.addressees.some((a) => a.ownerUnitId === f.ownerUnitId)) fail('NOT_FOUND', '该批示未交由此单位落实');
  const addressees = ins.addressees.map((a) => (a.ownerUnitId === f.ownerUnitId ? f : a));
  const done = addressees.every((a) => a.status === 'done');
  const doneOn = done ? latest(addressees.map((a) => a.doneOn!)) : null;
  return { ...ins, addressees, doneOn };
}

/** The follow-up of `unitId`, or NOT_FOUND (a unit not addressed learns nothing more). */
export function addresseeOf(ins: Instruction, unitId: string): FollowUp {
  const f = ins.addressees.find((a) => a.ownerUnitId === unitId);
  if (!f) fail('NOT_FOUND', '该批示未交由此单位落实');
  return f;
}

/** Each unit's open duty as a tracked task (escalation goes to the instructing leader). */
export function instructionTasks(ins: Instruction): TrackedTask[] {
  return ins.addressees
    .filter((a) => a.status !== 'done')
    .map((a) => ({
      key: followUpKey('instruction', ins.id, a),
      kind: 'instruction' as const,
      subjectId: ins.id,
      title: `${ins.leaderName}批示（${ins.on}）落实情况`,
      ownerUnitId: a.ownerUnitId,
      ownerUserId: null,
      escalateToUserId: ins.leaderUserId,
      start: a.startOn,
      due: a.dueOn,
      metOn: metOnOf(a),
      itemIds: subjectItemIds(ins.subject),
    }));
}

/** One entry for an item's timeline (the app appends it with the item's events; it is masked like them). */
export interface TimelineEntry {
  itemId: string;
  on: IsoDate;
  step: 'leader_request' | 'leader_instruction' | 'instruction_report' | 'instruction_done';
  summary: string;
}

/** The timeline entries of a 请示 for every item of its subject. */
export function requestTimeline(r: LeaderRequest, leaderName: string): TimelineEntry[] {
  return subjectItemIds(r.subject).map((itemId) => ({
    itemId,
    on: r.askedOn,
    step: 'leader_request' as const,
    summary: `${r.askedBy.name}向${leaderName}请示：${r.question}`,
  }));
}

/** The timeline entries of a 批示 (its text and the units addressed, by name). */
export function instructionTimeline(ins: Instruction, unitName: (id: string) => string): TimelineEntry[] {
  const units = ins.addressees.map((a) => `${unitName(a.ownerUnitId)}（${a.dueOn}前反馈）`).join('、');
  return subjectItemIds(ins.subject).map((itemId) => ({
    itemId,
    on: ins.on,
    step: 'leader_instruction' as const,
    summary: `${ins.leaderName}批示：${ins.text}。交由${units}落实`,
  }));
}

/**
 * The entries after one unit's report or its review: the report ("区住建局反馈批示落实情况：…"), and once every
 * unit's report is accepted, the 批示 marked 落实完毕.
 */
export function followUpTimeline(ins: Instruction, f: FollowUp, unitName: (id: string) => string): TimelineEntry[] {
  const ids = subjectItemIds(ins.subject);
  const unit = unitName(f.ownerUnitId);
  const out: TimelineEntry[] = [];
  const review = f.reviews.at(-1);
  const report = f.reports.at(-1);
  if (f.status === 'reported' && report) {
    out.push(
      ...ids.map((itemId) => ({
        itemId,
        on: report.on,
        step: 'instruction_report' as const,
        summary: `${unit}反馈${ins.leaderName}批示落实情况：${report.text}`,
      })),
    );
  } else if (f.status === 'open' && review && !review.accepted) {
    out.push(
      ...ids.map((itemId) => ({
        itemId,
        on: review.on,
        step: 'instruction_report' as const,
        summary: `${unit}的批示落实情况被退回：${review.note}（${review.newDueOn}前重新反馈）`,
      })),
    );
  }
  if (ins.doneOn) {
    out.push(
      ...ids.map((itemId) => ({
        itemId,
        on: ins.doneOn!,
        step: 'instruction_done' as const,
        summary: `${ins.leaderName}批示（${ins.on}）已落实完毕`,
      })),
    );
  }
  return out;
}

/**
 * Who may see a 批示 in the register: the bureau and leaders all; a unit only those addressed to it or answering
 * its own 请示. Whether the subject's items show (numbers, titles, links) is `canOpenItem` per item, asked apart.
 */
export function canSeeInstruction(viewer: Viewer, ins: Instruction, request: LeaderRequest | null): boolean {
  const { role, unitId } = viewer.actor;
  if (BUREAU_ROLES.includes(role) || role === 'leader') return true;
  if (!unitId) return false;
  return ins.addressees.some((a) => a.ownerUnitId === unitId) || request?.fromUnitId === unitId;
}

/** The subject's items the viewer may open (the rest are shown as "无权查看"). */
export function visibleSubjectItems(
  viewer: Viewer,
  subject: Subject,
  access: ReadonlyMap<string, ItemAccessFacts>,
): string[] {
  return subjectItemIds(subject).filter((id) => {
    const facts = access.get(id);
    return facts !== undefined && canOpenItem(viewer, facts);
  });
}

/**
 * A leader's case access to one item (the fact `identityAccessOf` reads): holding a 积案 that links the item
 * (包案), or being asked for or having given a 批示 on it (a 请示 not withdrawn, or the leader's own 批示).
 */
export function caseAccessFor(
  leaderUserId: string,
  itemId: string,
  facts: {
    cases: readonly { leaderUserId: string | null; itemIds: readonly string[] }[];
    requests: readonly Pick<LeaderRequest, 'leaderUserId' | 'subject' | 'status'>[];
    instructions: readonly Pick<Instruction, 'leaderUserId' | 'subject'>[];
  },
): CaseAccess {
  const holdsCase = facts.cases.some((c) => c.leaderUserId === leaderUserId && c.itemIds.includes(itemId));
  const asksInstruction =
    facts.requests.some(
      (r) => r.leaderUserId === leaderUserId && r.status !== 'withdrawn' && subjectItemIds(r.subject).includes(itemId),
    ) || facts.instructions.some((i) => i.leaderUserId === leaderUserId && subjectItemIds(i.subject).includes(itemId));
  return { holdsCase, asksInstruction };
}
