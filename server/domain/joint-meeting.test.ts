import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { throwsAppError } from '../../test/app-error.ts';
import { reviewReport, submitReport, trackedStateOf } from './follow-up.ts';
import type { Actor } from './item.policy.ts';
import {
  agendaLinks,
  cancelMeeting,
  meetingConcerns,
  meetingTasks,
  meetingViewFor,
  minutesNumber,
  newMeeting,
  recordMinutes,
  updateMeeting,
  type MeetingInput,
} from './joint-meeting.ts';
import { meetingNoticeModel, minutesModel, type DocRefs } from './meeting-documents.ts';
import type { ItemAccessFacts } from './visibility.policy.ts';

const by = { userId: 'u-rev', name: '李审核' };
const UNITS: Record<string, string> = { zjj: '区住建局', scj: '区市场监管局', cg: '城关街道' };

const input = (): MeetingInput => ({
  kind: '专题会议',
  title: '锦绣花园小区车位问题协调',
  date: '2025-12-03',
  time: '09:30',
  place: '区政府三楼会议室',
  convenor: { userId: 'u-ld', name: '张志强副区长' },
  memberUnitIds: ['zjj', 'scj', 'zjj'],
  attendees: [
    { name: '王建国', unitId: 'zjj', post: '副局长', role: 'member' },
    { name: '陈律师', unitId: null, post: '法律顾问', role: 'attendee' },
  ],
  agenda: [
    { title: '车位捆绑销售问题', itemIds: ['i-zjj', 'i-cg'], caseIds: ['case-1'], note: '' },
    { title: '物业收费问题', itemIds: [], caseIds: [], note: '住建局汇报' },
  ],
  requirements: [],
});

describe('a 联席会议 from notice to completed tasks', () => {
  test('planned with members, agenda and attendees checked', () => {
    const m = newMeeting('m1', input());
    assert.equal(m.status, 'planned');
    assert.deepEqual(m.memberUnitIds, ['zjj', 'scj'], 'a unit once');
    assert.deepEqual(
      m.agenda.map((a) => a.ord),
      [1, 2],
    );
    assert.deepEqual(agendaLinks(m), { itemIds: ['i-zjj', 'i-cg'], caseIds: ['case-1'] });
    throwsAppError(
      () => newMeeting('m2', { ...input(), attendees: [{ name: '某人', unitId: 'cg', post: '', role: 'member' }] }),
      'VALIDATION',
      /不是成员单位/,
    );
    throwsAppError(() => newMeeting('m2', { ...input(), time: '9:30' }), 'VALIDATION', /HH:MM/);
    throwsAppError(() => newMeeting('m2', { ...input(), agenda: [] }), 'VALIDATION', /议题/);
    const moved = updateMeeting(m, { ...input(), date: '2025-12-04' });
    assert.equal(moved.date, '2025-12-04');
    const off = cancelMeeting(m, '2025-12-01', '领导另有公务', '2025-12-01');
    assert.equal(off.status, 'cancelled');
    throwsAppError(() => updateMeeting(off, input()), 'STEP_NOT_ALLOWED', /已取消/);
  });

  test('minutes only after the meeting; tasks tracked like items until accepted', () => {
    const m = newMeeting('m1', input());
    let n = 0;
    const minutes = (today: string, on = '2025-12-03') =>
      recordMinutes(
        m,
        {
          on,
          text: '会议听取了区住建局的汇报。\n\n会议认为，应依法督促开发商整改。',
          number: minutesNumber(2025, 3),
          decisions: [
            {
              text: '由区住建局牵头约谈开发商',
              tasks: [
                { text: '约谈开发商并报告结果', ownerUnitId: 'zjj', dueOn: '2025-12-13' },
                { text: '核查预售合同条款', ownerUnitId: 'scj', dueOn: '2025-12-23' },
              ],
            },
            { text: '各单位加强矛盾排查', tasks: [] },
          ],
          by,
          newTaskId: () => `t${++n}`,
        },
        today,
      );
    throwsAppError(() => minutes('2025-12-02', '2025-12-02'), 'STEP_NOT_ALLOWED', /召开后才能录入/);
    throwsAppError(() => minutes('2025-12-04', '2025-12-05'), 'DATE_IN_FUTURE');
    const { meeting, tasks } = minutes('2025-12-03');
    assert.equal(meeting.status, 'held');
    assert.equal(meeting.minutesNumber, '〔2025〕第3期');
    assert.deepEqual(
      tasks.map((t) => [t.id, t.decisionOrd, t.ownerUnitId, t.startOn, t.dueOn, t.status]),
      [
        ['t1', 1, 'zjj', '2025-12-03', '2025-12-13', 'open'],
        ['t2', 1, 'scj', '2025-12-03', '2025-12-23', 'open'],
      ],
    );
    const tracked = meetingTasks(meeting, tasks);
    assert.equal(tracked[0]!.escalateToUserId, 'u-ld');
    assert.deepEqual(tracked[0]!.itemIds, ['i-zjj', 'i-cg']);
    // 10 days: 预警 on day 8 (2025-12-11), 超期 after 12-13.
    assert.equal(trackedStateOf(tracked[0]!, '2025-12-10')!.level, 'normal');
    assert.equal(trackedStateOf(tracked[0]!, '2025-12-11')!.level, 'notice');
    assert.equal(trackedStateOf(tracked[0]!, '2025-12-14')!.level, 'overdue');
    const reported = submitReport(tasks[0]!, { on: '2025-12-12', text: '已约谈', by }, '2025-12-12');
    const done = reviewReport(
      reported,
      { on: '2025-12-15', accepted: true, note: '', newDueOn: null, by },
      '2025-12-15',
    );
    const left = meetingTasks(meeting, [{ ...tasks[0]!, ...done }, tasks[1]!]);
    assert.deepEqual(
      left.map((t) => t.ownerUnitId),
      ['scj'],
    );
  });
});

describe('who sees a meeting and what of it', () => {
  const m = newMeeting('m1', input());
  const tasks = [
    { ...submitFollow('zjj'), id: 't1', decisionOrd: 1, text: '约谈', version: 1 },
    { ...submitFollow('cg'), id: 't2', decisionOrd: 1, text: '排查', version: 1 },
  ];
  const facts = (lead: string, accused: string | null = null): ItemAccessFacts => ({
    leadUnitId: lead,
    assistUnitIds: [],
    accusedUnitKey: accused,
    identityRedacted: false,
  });
  const access = {
    items: new Map([
      ['i-zjj', facts('zjj')],
      ['i-cg', facts('cg')],
    ]),
    cases: new Map([['case-1', { unitId: 'cg', itemIds: ['i-cg'] }]]),
  };
  const v = (role: Actor['role'], unitId: string | null) => ({
    actor: { userId: 'x', username: 'x', displayName: 'x', role, unitId },
    unitKey: unitId ? `k-${unitId}` : null,
  });

  test('the bureau sees all; a member unit its own links and tasks; a task owner outside the members too', () => {
    const all = meetingViewFor(v('reviewer', null), m, tasks, access)!;
    assert.equal(all.tasks.length, 2);
    assert.equal(all.hiddenLinks, 0);
    const zjj = meetingViewFor(v('unit_handler', 'zjj'), m, tasks, access)!;
    assert.deepEqual(zjj.meeting.agenda[0]!.itemIds, ['i-zjj']);
    assert.deepEqual(zjj.meeting.agenda[0]!.caseIds, [], 'a 积案 of another unit whose item it may not open');
    assert.equal(zjj.hiddenLinks, 2);
    assert.deepEqual(
      zjj.tasks.map((t) => t.id),
      ['t1'],
    );
    const cg = meetingViewFor(v('unit_head', 'cg'), m, tasks, access)!;
    assert.ok(cg, '城关街道 is no member but owns a task');
    assert.deepEqual(cg.meeting.agenda[0]!.caseIds, ['case-1']);
    assert.equal(meetingViewFor(v('unit_handler', 'other'), m, tasks, access), null);
    assert.equal(meetingConcerns(v('auditor', null), m, tasks), false);
  });

  test('an item naming the unit as accused stays hidden from that unit', () => {
    const hostile = { ...access, items: new Map([['i-zjj', facts('zjj', 'k-zjj')]]) };
    assert.deepEqual(meetingViewFor(v('unit_handler', 'zjj'), m, tasks, hostile)!.meeting.agenda[0]!.itemIds, []);
  });
});

function submitFollow(unit: string) {
  return {
    ownerUnitId: unit,
    status: 'open' as const,
    startOn: '2025-12-03',
    dueOn: '2025-12-13',
    doneOn: null,
    reports: [],
    reviews: [],
  };
}

describe('notice and 纪要 models', () => {
  const refs: DocRefs = {
    unit: (id) => UNITS[id] ?? id,
    item: (id) => (id === 'i-zjj' ? { number: '2025-00012', title: '关于锦绣花园车位的信访' } : null),
    backlogCase: (id) => (id === 'case-1' ? { number: '积〔2025〕3号', title: '车位捆绑销售问题' } : null),
  };

  test('the notice names time (with weekday), place, members, agenda and its references', () => {
    const n = meetingNoticeModel(newMeeting('m1', input()), refs, '2025-11-28');
    assert.equal(n.title, '关于召开区信访工作联席会议专题会议的通知');
    assert.deepEqual(n.recipients, ['区住建局', '区市场监管局']);
    assert.deepEqual(n.particulars[0], { label: '会议时间', value: '2025年12月3日（星期三）上午9:30' });
    assert.deepEqual(
      n.particulars.map((p) => p.label),
      ['会议时间', '会议地点', '召集人', '参会单位', '出席人员', '列席人员'],
    );
    assert.equal(n.particulars[4]!.value, '区住建局副局长王建国');
    assert.deepEqual(n.agenda[0]!.refs, ['积〔2025〕3号 车位捆绑销售问题', '2025-00012 关于锦绣花园车位的信访']);
    assert.equal(n.requirements.length, 2, 'the default requirements');
    assert.equal(n.issuedOn, '2025年11月28日');
  });

  test('the 纪要 holds decisions with their tasks and the distribution', () => {
    const m = newMeeting('m1', input());
    assert.equal(minutesModel(m, [], refs), null, 'no minutes yet');
    const { meeting, tasks } = recordMinutes(
      m,
      {
        on: '2025-12-04',
        text: '会议听取了汇报。\n\n会议认为应依法处理。',
        number: '〔2025〕第3期',
        decisions: [{ text: '约谈开发商', tasks: [{ text: '约谈', ownerUnitId: 'cg', dueOn: '2025-12-13' }] }],
        by,
        newTaskId: () => 't1',
      },
      '2025-12-04',
    );
    const d = minutesModel(meeting, tasks, refs)!;
    assert.equal(d.issue, '〔2025〕第3期');
    assert.equal(
      d.opening.startsWith('2025年12月3日，张志强副区长在区政府三楼会议室主持召开区信访工作联席会议专题会议'),
      true,
    );
    assert.deepEqual(d.body, ['会议听取了汇报。', '会议认为应依法处理。']);
    assert.deepEqual(d.decisions, [
      { ord: 1, text: '约谈开发商', tasks: [{ text: '约谈', unit: '城关街道', dueOn: '2025年12月13日' }] },
    ]);
    assert.deepEqual(d.distribution, ['区住建局', '区市场监管局', '城关街道']);
    assert.deepEqual(d.attending, ['法律顾问陈律师']);
  });
});
