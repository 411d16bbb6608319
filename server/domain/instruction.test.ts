import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { throwsAppError } from '../../test/app-error.ts';
import { metOnOf, reportedLate, reviewReport, submitReport, trackedStateOf } from './follow-up.ts';
import {
  addresseeOf,
  canSeeInstruction,
  caseAccessFor,
  followUpTimeline,
  instruct,
  instructionTasks,
  instructionTimeline,
  newRequest,
  requestTimeline,
  visibleSubjectItems,
  withAddressee,
  withdrawRequest,
} from './instruction.ts';
import type { Actor } from './item.policy.ts';
import { identityAccessOf, type ItemAccessFacts } from './visibility.policy.ts';

const actor = (role: Actor['role'], unitId: string | null = null, userId = `u-${role}`): Actor => ({
  userId,
  username: userId,
  displayName: role === 'leader' ? '张志强' : `${role}用户`,
  role,
  unitId,
});
const reviewer = actor('reviewer');
const leaderActor = actor('leader', null, 'u-ld');
const leader = { userId: 'u-ld', role: 'leader' as const, name: '张志强' };
const by = { userId: 'u-reviewer', name: '李审核' };
const unitName = (id: string) => ({ zjj: '区住建局', scj: '区市场监管局' })[id] ?? id;

function asked() {
  return newRequest(
    {
      id: 'req-1',
      subject: { kind: 'item', itemId: 'i1' },
      asker: actor('unit_head', 'zjj'),
      leader,
      question: '涉及多个部门职责交叉，请领导协调',
      on: '2025-10-09',
    },
    '2025-10-09',
  );
}

describe('请示 → 批示 → 落实 → 办结, with warnings on the way', () => {
  test('the request names a leader and a question', () => {
    const r = asked();
    assert.equal(r.status, 'pending');
    assert.equal(r.fromUnitId, 'zjj');
    throwsAppError(
      () =>
        newRequest(
          {
            id: 'x',
            subject: { kind: 'item', itemId: 'i1' },
            asker: reviewer,
            leader: { ...leader, role: 'reviewer' },
            question: '?',
            on: '2025-10-09',
          },
          '2025-10-09',
        ),
      'LEADER_REQUIRED',
    );
    assert.equal(
      newRequest(
        {
          id: 'y',
          subject: { kind: 'item', itemId: 'i1' },
          asker: reviewer,
          leader,
          question: '请示',
          on: '2025-10-09',
        },
        '2025-10-09',
      ).fromUnitId,
      null,
      'the bureau asks as itself',
    );
    const w = withdrawRequest(r, '2025-10-10', '已自行协调解决', '2025-10-10');
    assert.equal(w.status, 'withdrawn');
    throwsAppError(() => withdrawRequest(w, '2025-10-10', 'x', '2025-10-10'), 'STEP_NOT_ALLOWED');
  });

  test('a full run: instructed to two units, one late and returned once, done when both are accepted', () => {
    const r = asked();
    throwsAppError(
      () =>
        instruct(
          {
            id: 'ins-1',
            request: r,
            subject: null,
            leader: actor('leader', null, 'u-other'),
            text: '请研究',
            on: '2025-10-10',
            addressees: [{ unitId: 'zjj', dueOn: '2025-10-20' }],
          },
          '2025-10-10',
        ),
      'FORBIDDEN',
      /未报送给您/,
    );
    throwsAppError(
      () =>
        instruct(
          {
            id: 'ins-1',
            request: r,
            subject: null,
            leader: leaderActor,
            text: '请研究',
            on: '2025-10-10',
            addressees: [
              { unitId: 'zjj', dueOn: '2025-10-20' },
              { unitId: 'zjj', dueOn: '2025-10-25' },
            ],
          },
          '2025-10-10',
        ),
      'VALIDATION',
      /同一单位只能列一次/,
    );
    const { instruction, request } = instruct(
      {
        id: 'ins-1',
        request: r,
        subject: null,
        leader: leaderActor,
        text: '请住建局牵头、市场监管局配合，依法依规妥善处理',
        on: '2025-10-10',
        addressees: [
          { unitId: 'zjj', dueOn: '2025-10-30' },
          { unitId: 'scj', dueOn: '2025-10-20' },
        ],
      },
      '2025-10-10',
    );
    assert.equal(request!.status, 'instructed');
    assert.equal(request!.instructionId, 'ins-1');
    let ins = instruction;

    // Warnings on the items' levels: 10 days for 区市场监管局, 20 for 区住建局.
    const tasks = instructionTasks(ins);
    assert.deepEqual(
      tasks.map((t) => [t.key, t.ownerUnitId, t.escalateToUserId, t.due]),
      [
        ['instruction:ins-1:zjj:2025-10-10', 'zjj', 'u-ld', '2025-10-30'],
        ['instruction:ins-1:scj:2025-10-10', 'scj', 'u-ld', '2025-10-20'],
      ],
    );
    const scjTask = tasks[1]!;
    assert.equal(trackedStateOf(scjTask, '2025-10-17')!.level, 'normal', '7 of 10 days');
    assert.equal(trackedStateOf(scjTask, '2025-10-18')!.level, 'notice', '8 of 10 (≥ 75 %)');
    assert.equal(trackedStateOf(scjTask, '2025-10-19')!.level, 'warning', '9 of 10 (≥ 85 %)');
    assert.equal(trackedStateOf(scjTask, '2025-10-20')!.level, 'severe', 'the due day');
    assert.equal(trackedStateOf(scjTask, '2025-10-21')!.label, '超期');

    // 区市场监管局 reports late, the bureau returns it with a new date; the next report is accepted.
    let scj = submitReport(addresseeOf(ins, 'scj'), { on: '2025-10-22', text: '已核查经营者资质', by }, '2025-10-22');
    assert.equal(metOnOf(scj), '2025-10-22');
    assert.equal(reportedLate(scj), true);
    throwsAppError(
      () => submitReport(scj, { on: '2025-10-22', text: '再报', by }, '2025-10-22'),
      'STEP_NOT_ALLOWED',
      /等待审核/,
    );
    throwsAppError(
      () =>
        reviewReport(scj, { on: '2025-10-23', accepted: false, note: '', newDueOn: '2025-10-28', by }, '2025-10-23'),
      'VALIDATION',
      /理由/,
    );
    throwsAppError(
      () =>
        reviewReport(
          scj,
          { on: '2025-10-23', accepted: false, note: '未说明处理结果', newDueOn: null, by },
          '2025-10-23',
        ),
      'VALIDATION',
      /新的反馈期限/,
    );
    scj = reviewReport(
      scj,
      { on: '2025-10-23', accepted: false, note: '未说明处理结果', newDueOn: '2025-10-28', by },
      '2025-10-23',
    );
    ins = withAddressee(ins, scj);
    assert.equal(scj.status, 'open');
    const round2 = instructionTasks(ins).find((t) => t.ownerUnitId === 'scj')!;
    assert.equal(round2.key, 'instruction:ins-1:scj:2025-10-23', 'a new round warns afresh');
    assert.equal(round2.metOn, null);
    assert.match(
      followUpTimeline(ins, scj, unitName)[0]!.summary,
      /区市场监管局的批示落实情况被退回：未说明处理结果（2025-10-28前重新反馈）/,
    );
    scj = submitReport(scj, { on: '2025-10-27', text: '已责令退款，信访人认可', by }, '2025-10-27');
    assert.equal(reportedLate(scj), false);
    scj = reviewReport(scj, { on: '2025-10-28', accepted: true, note: '', newDueOn: null, by }, '2025-10-28');
    ins = withAddressee(ins, scj);
    assert.equal(ins.doneOn, null, '区住建局 still outstanding');

    let zjj = submitReport(addresseeOf(ins, 'zjj'), { on: '2025-10-29', text: '已协调开发商整改', by }, '2025-10-29');
    zjj = reviewReport(zjj, { on: '2025-10-31', accepted: true, note: '', newDueOn: null, by }, '2025-10-31');
    ins = withAddressee(ins, zjj);
    assert.equal(ins.doneOn, '2025-10-31');
    assert.deepEqual(instructionTasks(ins), []);
    const tl = followUpTimeline(ins, zjj, unitName);
    assert.deepEqual(
      tl.map((e) => [e.itemId, e.step, e.summary]),
      [['i1', 'instruction_done', '张志强批示（2025-10-10）已落实完毕']],
    );
    throwsAppError(() => addresseeOf(ins, 'other'), 'NOT_FOUND');
  });

  test('timeline entries for every item of a 积案 subject', () => {
    const r = newRequest(
      {
        id: 'req-2',
        subject: { kind: 'case', caseId: 'c1', itemIds: ['a1', 'a2'] },
        asker: reviewer,
        leader,
        question: '请示包案',
        on: '2025-10-09',
      },
      '2025-10-09',
    );
    assert.deepEqual(
      requestTimeline(r, '张志强').map((e) => [e.itemId, e.summary]),
      [
        ['a1', 'reviewer用户向张志强请示：请示包案'],
        ['a2', 'reviewer用户向张志强请示：请示包案'],
      ],
    );
    const { instruction } = instruct(
      {
        id: 'ins-2',
        request: r,
        subject: null,
        leader: leaderActor,
        text: '同意',
        on: '2025-10-10',
        addressees: [{ unitId: 'zjj', dueOn: '2025-10-30' }],
      },
      '2025-10-10',
    );
    assert.equal(
      instructionTimeline(instruction, unitName)[1]!.summary,
      '张志强批示：同意。交由区住建局（2025-10-30前反馈）落实',
    );
  });
});

describe('who sees a 批示, and the leader case access it grants', () => {
  const facts = (lead: string): ItemAccessFacts => ({
    leadUnitId: lead,
    assistUnitIds: [],
    accusedUnitKey: null,
    identityRedacted: false,
  });
  const { instruction } = instruct(
    {
      id: 'ins-3',
      request: null,
      subject: { kind: 'case', caseId: 'c1', itemIds: ['a1', 'a2'] },
      leader: leaderActor,
      text: '抓紧化解',
      on: '2025-10-10',
      addressees: [{ unitId: 'scj', dueOn: '2025-10-30' }],
    },
    '2025-10-10',
  );
  const v = (a: Actor) => ({ actor: a, unitKey: a.unitId ? `k-${a.unitId}` : null });

  test('units see the 批示 addressed to them; its items only where they may open them', () => {
    assert.equal(canSeeInstruction(v(reviewer), instruction, null), true);
    assert.equal(canSeeInstruction(v(actor('leader', null, 'u-other')), instruction, null), true);
    assert.equal(canSeeInstruction(v(actor('unit_handler', 'scj')), instruction, null), true);
    assert.equal(canSeeInstruction(v(actor('unit_handler', 'zjj')), instruction, null), false);
    assert.equal(canSeeInstruction(v(actor('auditor')), instruction, null), false);
    const access = new Map([
      ['a1', facts('scj')],
      ['a2', facts('zjj')],
    ]);
    assert.deepEqual(visibleSubjectItems(v(actor('unit_handler', 'scj')), instruction.subject, access), ['a1']);
    assert.deepEqual(visibleSubjectItems(v(reviewer), instruction.subject, access), ['a1', 'a2']);
  });

  test('包案 and 批示 give the leader the identity on those items only', () => {
    const cases = [{ leaderUserId: 'u-ld', itemIds: ['a1'] }];
    const none = { cases: [], requests: [], instructions: [] };
    assert.deepEqual(caseAccessFor('u-ld', 'a1', { ...none, cases }), { holdsCase: true, asksInstruction: false });
    assert.deepEqual(caseAccessFor('u-ld', 'zz', { ...none, cases }), { holdsCase: false, asksInstruction: false });
    assert.deepEqual(caseAccessFor('u-ld', 'a2', { ...none, instructions: [instruction] }), {
      holdsCase: false,
      asksInstruction: true,
    });
    const r = asked();
    assert.equal(caseAccessFor('u-ld', 'i1', { ...none, requests: [r] }).asksInstruction, true);
    const w = withdrawRequest(r, '2025-10-10', '撤回', '2025-10-10');
    assert.equal(caseAccessFor('u-ld', 'i1', { ...none, requests: [w] }).asksInstruction, false, 'withdrawn');
    const ld = v(leaderActor);
    assert.equal(identityAccessOf(ld, facts('zjj'), caseAccessFor('u-ld', 'a1', { ...none, cases })), 'full');
    assert.equal(identityAccessOf(ld, facts('zjj'), caseAccessFor('u-ld', 'zz', { ...none, cases })), 'masked');
  });
});
