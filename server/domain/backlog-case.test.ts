import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { throwsAppError } from '../../test/app-error.ts';
import {
  applyCaseAction,
  caseMeasureTasks,
  caseNumber,
  closingRequirements,
  newCase,
  type BacklogCase,
} from './backlog-case.ts';
import { caseProgress, caseRegister, leaderCases, REGISTER_COLUMNS } from './backlog-views.ts';
import type { RuleEvaluation } from './backlog-rules.ts';

const bureau = { userId: 'u-rev', name: '李审核' };
const leader = { userId: 'u-ld', role: 'leader' as const, name: '张志强' };
const hit: RuleEvaluation = {
  rule: 'repeat_count',
  label: '同一事项多次信访',
  met: true,
  reason: '同一事项已信访 3 次（A1、A2、A3），达到 3 次',
  itemIds: ['a1', 'a2', 'a3'],
};

function confirmed(today = '2025-06-02'): BacklogCase {
  return newCase(
    {
      id: 'case-1',
      number: caseNumber(2025, 3),
      title: '某小区车位捆绑销售问题',
      reason: '三次信访未息诉，列入积案集中化解',
      anchorItemId: 'a1',
      itemIds: ['a2', 'a3', 'a1'],
      origin: { kind: 'rule', hits: [hit] },
      on: '2025-06-02',
      by: bureau,
    },
    today,
  );
}

const ctx = (today: string) => ({ today, by: bureau });

describe('a 积案 from proposal to resolution', () => {
  test('confirmed with a reason: 未化解, anchor first, items once', () => {
    const c = confirmed();
    assert.equal(c.status, 'unresolved');
    assert.equal(c.number, '积〔2025〕3号');
    assert.deepEqual(c.itemIds, ['a1', 'a2', 'a3']);
    assert.match(c.history[0]!.summary, /按认定规则确认为积案：三次信访未息诉/);
    throwsAppError(() => newCase({ ...baseInput(), reason: '  ' }, '2025-06-02'), 'VALIDATION', /确认为积案的理由/);
    throwsAppError(
      () => newCase({ ...baseInput(), origin: { kind: 'rule', hits: [{ ...hit, met: false }] } }, '2025-06-02'),
      'VALIDATION',
      /手工认定/,
    );
    const manual = newCase({ ...baseInput(), origin: { kind: 'manual' } }, '2025-06-02');
    assert.match(manual.history[0]!.summary, /^手工认定为积案/);
  });

  test('walks 未化解 → 化解中 → 已化解, each step checked', () => {
    let c = confirmed();
    throwsAppError(
      () => applyCaseAction(c, { kind: 'plan', on: '2025-06-03', goal: '化解', measures: [] }, ctx('2025-06-03')),
      'STEP_NOT_ALLOWED',
      /先确定包案领导/,
    );
    throwsAppError(
      () =>
        applyCaseAction(
          c,
          { kind: 'assign', on: '2025-06-03', leader: { ...leader, role: 'reviewer' }, unitId: 'u-zjj', cadres: [] },
          ctx('2025-06-03'),
        ),
      'LEADER_REQUIRED',
      /不是领导账号/,
    );
    const assign = {
      kind: 'assign' as const,
      on: '2025-06-03',
      leader,
      unitId: 'u-zjj',
      cadres: [{ name: '王建国', post: '区住建局副局长', userId: null }],
    };
    throwsAppError(() => applyCaseAction(c, { ...assign, on: '2025-06-01' }, ctx('2025-06-03')), 'DATE_ORDER');
    throwsAppError(() => applyCaseAction(c, { ...assign, on: '2025-06-04' }, ctx('2025-06-03')), 'DATE_IN_FUTURE');
    c = applyCaseAction(c, assign, ctx('2025-06-03')).case;
    assert.equal(c.leaderUserId, 'u-ld');
    assert.equal(c.status, 'unresolved', 'assigning alone does not start the work');
    throwsAppError(
      () =>
        applyCaseAction(c, { ...assign, leader: { ...leader, userId: 'u-ld2', name: '刘副区长' } }, ctx('2025-06-03')),
      'VALIDATION',
      /更换包案领导请说明理由/,
    );

    c = applyCaseAction(
      c,
      {
        kind: 'plan',
        on: '2025-06-05',
        goal: '三个月内督促开发商退还捆绑费用，信访人息诉罢访',
        measures: [
          { text: '约谈开发商', who: '王建国', by: '2025-06-20' },
          { text: '组织听证会', who: '区住建局', by: '2025-07-31' },
        ],
      },
      ctx('2025-06-05'),
    ).case;
    assert.equal(c.status, 'resolving');
    assert.equal(c.plan!.revision, 0);
    assert.match(c.history.at(-1)!.summary, /制定化解方案：2 项措施，最迟 2025-07-31 完成/);

    c = applyCaseAction(
      c,
      { kind: 'note', on: '2025-06-18', text: '已约谈开发商，同意退还', measuresDone: [0] },
      ctx('2025-06-18'),
    ).case;
    assert.equal(c.plan!.measures[0]!.doneOn, '2025-06-18');
    throwsAppError(
      () => applyCaseAction(c, { kind: 'note', on: '2025-06-19', text: '重复', measuresDone: [0] }, ctx('2025-06-19')),
      'VALIDATION',
      /已于 2025-06-18 完成/,
    );
    throwsAppError(
      () => applyCaseAction(c, { kind: 'note', on: '2025-06-19', text: 'x', measuresDone: [5] }, ctx('2025-06-19')),
      'VALIDATION',
      /没有第 6 项措施/,
    );

    // Closing: without the statement, then with the wrong kind, then right.
    const close = { kind: 'close' as const, on: '2025-08-01', outcome: 'resolved' as const };
    throwsAppError(
      () => applyCaseAction(c, { ...close, evidence: null }, ctx('2025-08-01')),
      'CLOSE_REQUIREMENTS',
      /还需：已上传息诉罢访承诺书$/,
    );
    throwsAppError(
      () =>
        applyCaseAction(
          c,
          { ...close, evidence: { kind: '终结决定', attachmentId: 'att-1', name: '终结决定.pdf' } },
          ctx('2025-08-01'),
        ),
      'CLOSE_REQUIREMENTS',
    );
    const evidence = { kind: '息诉罢访承诺书' as const, attachmentId: 'att-2', name: '息诉罢访承诺书.pdf' };
    assert.deepEqual(
      closingRequirements(c, 'resolved', evidence).map((r) => r.met),
      [true, true, true, true],
    );
    c = applyCaseAction(c, { ...close, evidence }, ctx('2025-08-01')).case;
    assert.equal(c.status, 'resolved');
    assert.equal(c.closing!.on, '2025-08-01');
    throwsAppError(
      () => applyCaseAction(c, { kind: 'note', on: '2025-08-02', text: '追加' }, ctx('2025-08-02')),
      'STEP_NOT_ALLOWED',
      /已化解，请先重新启动/,
    );

    // The petitioner comes back: reopened, the old closing kept.
    c = applyCaseAction(c, { kind: 'reopen', on: '2025-09-10', reason: '信访人再次来访' }, ctx('2025-09-10')).case;
    assert.equal(c.status, 'resolving');
    assert.equal(c.closing, null);
    assert.equal(c.pastClosings.length, 1);
  });

  test('closing as 已终结 needs the 终结 decision; every missing thing is listed', () => {
    const c = confirmed();
    const r = closingRequirements(c, 'terminated', null);
    assert.deepEqual(
      r.map((x) => [x.label, x.met]),
      [
        ['已确定包案领导、责任单位和包案干部', false],
        ['已制定化解方案', false],
        ['至少有一条化解进展记录', false],
        ['已上传终结决定', false],
      ],
    );
  });
});

function baseInput() {
  return {
    id: 'case-2',
    number: caseNumber(2025, 4),
    title: '某厂欠薪问题',
    reason: '长期未化解',
    anchorItemId: 'b1',
    itemIds: [],
    origin: { kind: 'rule' as const, hits: [hit] },
    on: '2025-06-02',
    by: bureau,
  };
}

function worked(): BacklogCase {
  let c = confirmed();
  c = applyCaseAction(
    c,
    {
      kind: 'assign',
      on: '2025-06-03',
      leader,
      unitId: 'u-zjj',
      cadres: [{ name: '王建国', post: '', userId: 'u-w' }],
    },
    ctx('2025-06-03'),
  ).case;
  return applyCaseAction(
    c,
    {
      kind: 'plan',
      on: '2025-06-05',
      goal: '息诉罢访',
      measures: [
        { text: '约谈开发商', who: '王建国', by: '2025-06-20' },
        { text: '组织听证会', who: '区住建局', by: '2025-07-31' },
        { text: '回访', who: '王建国', by: '2025-08-05' },
      ],
    },
    ctx('2025-06-05'),
  ).case;
}

describe('progress, my cases and the register', () => {
  test('overdue measures, due soon and stalled, on a given day', () => {
    const c = worked();
    const p = caseProgress(c, '2025-07-30');
    assert.deepEqual(
      p.overdueMeasures.map((m) => [m.index, m.daysOverdue]),
      [[0, 40]],
    );
    assert.deepEqual(
      p.dueSoon.map((m) => [m.index, m.daysLeft]),
      [
        [1, 1],
        [2, 6],
      ],
    );
    assert.equal(p.lastNoteOn, null);
    assert.equal(p.daysSinceNote, 58, 'from the confirmation 2025-06-02');
    assert.equal(p.stale, true);
    assert.equal(p.overdue, true);
    assert.equal(p.dueOn, '2025-08-05');
    const fresh = caseProgress(c, '2025-06-10');
    assert.equal(fresh.overdue, false);
    assert.equal(fresh.stale, false);
  });

  test('measures become tracked tasks owned by the unit, escalating to the 包案领导', () => {
    const ts = caseMeasureTasks(worked());
    assert.equal(ts.length, 3);
    assert.deepEqual(
      { key: ts[0]!.key, owner: ts[0]!.ownerUnitId, user: ts[0]!.ownerUserId, up: ts[0]!.escalateToUserId },
      { key: 'case_measure:case-1:0:0', owner: 'u-zjj', user: 'u-w', up: 'u-ld' },
    );
    assert.equal(ts[1]!.start, '2025-06-05');
    assert.equal(ts[1]!.due, '2025-07-31');
  });

  test("a leader's cases, most urgent first, and the register rows", () => {
    const names = { unit: (id: string | null) => (id === 'u-zjj' ? '区住建局' : '?'), user: () => '张志强' };
    const overdue = worked();
    const calm = { ...worked(), id: 'case-9', number: '积〔2025〕9号', confirmedOn: '2025-06-01' };
    calm.plan = { ...calm.plan!, measures: calm.plan!.measures.map((m) => ({ ...m, by: '2025-12-31' })) };
    calm.notes = [{ on: '2025-07-25', text: '推进中', by: bureau, measuresDone: [] }];
    const other = { ...worked(), id: 'case-x', leaderUserId: 'someone-else' };
    const mine = leaderCases('u-ld', [calm, other, overdue], names, '2025-07-30');
    assert.deepEqual(
      mine.rows.map((r) => r.id),
      ['case-1', 'case-9'],
    );
    assert.deepEqual(mine.counts, { total: 2, open: 2, overdue: 1, stale: 1, resolved: 0, terminated: 0 });
    const reg = caseRegister([overdue], names, '2025-07-30');
    assert.equal(reg[0]!.length, REGISTER_COLUMNS.length);
    assert.deepEqual(reg[0], [
      '积〔2025〕3号',
      '某小区车位捆绑销售问题',
      '化解中',
      '张志强',
      '区住建局',
      '王建国',
      '2025-06-02',
      '3',
      '0/3',
      '1',
      '',
      '',
      '',
    ]);
  });
});
