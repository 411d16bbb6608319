import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { actor, calendar, newItem } from '../../test/domain-items.ts';
import { AppError } from './errors.ts';
import { identityDictionaryOf } from './text-masking.ts';
import {
  applySupervisionStep,
  canSeeSupervision,
  DEFAULT_SUPERVISION_RULES,
  defaultSupervisionDue,
  escalateSupervision,
  issueSupervision,
  maskedSupervision,
  supervisionAnsweredLate,
  supervisionStepsFor,
  supervisionTargetRefusal,
  trackedTaskOf,
  type Supervision,
  type SupervisionDraft,
} from './supervision.ts';
import { dueEscalation, lateness, taskWarning } from './tracked-task.ts';

const reviewer = actor('rev', 'reviewer');
const registrar = actor('reg', 'registrar');
const handler = actor('zjj-jb', 'unit_handler', 'zjj');
const head = actor('zjj-fz', 'unit_head', 'zjj');
const other = actor('scj-jb', 'unit_handler', 'scj');
const leader = actor('ld', 'leader');

const draft = (over: Partial<SupervisionDraft> = {}): SupervisionDraft => ({
  kind: '文书督办',
  itemIds: ['i1'],
  reason: '办理期限已超期',
  requirements: '查明超期原因，限期办结',
  unitId: 'zjj',
  addresseeUserId: 'zjj-jb',
  issuedOn: '2025-12-09',
  dueOn: '2025-12-16',
  ...over,
});

const issued = (over: Partial<SupervisionDraft> = {}) =>
  issueSupervision(draft(over), reviewer, { id: 's1', number: '督办〔2025〕1号' }, '2025-12-09');

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof AppError, String(e));
    return e.code;
  }
  assert.fail('expected an AppError');
}

describe('issuing a 督办', () => {
  it('records kind, reason, requirements, deadline and the addressee, waiting for a reply', () => {
    const s = issued({ itemIds: ['i1', 'i2', 'i1'] });
    assert.equal(s.status, 'issued');
    assert.deepEqual(s.itemIds, ['i1', 'i2']);
    assert.equal(s.issuedDueOn, '2025-12-16');
    assert.equal(s.dueOn, '2025-12-16');
    assert.equal(s.addresseeUserId, 'zjj-jb');
    assert.equal(s.issuedByName, 'rev');
  });

  it('refuses bad drafts with the code and a Chinese message saying what to fix', () => {
    assert.equal(
      code(() => issued({ reason: '  ' })),
      'VALIDATION',
    );
    assert.equal(
      code(() => issued({ requirements: '' })),
      'VALIDATION',
    );
    assert.equal(
      code(() => issued({ itemIds: [] })),
      'VALIDATION',
    );
    assert.equal(
      code(() => issued({ kind: '口头督办' as never })),
      'VALIDATION',
    );
    assert.equal(
      code(() => issued({ dueOn: '2025-12-09' })),
      'DATE_ORDER',
    );
    assert.equal(
      code(() => issued({ dueOn: '2025-13-01' })),
      'DATE_INVALID',
    );
    assert.equal(
      code(() => issued({ issuedOn: '2025-12-10' })),
      'DATE_IN_FUTURE',
    );
    assert.equal(
      code(() => issueSupervision(draft(), handler, { id: 's', number: 'n' }, '2025-12-09')),
      'FORBIDDEN',
    );
  });

  it('defaults the reply deadline to the kind’s working days (across the National Day holiday)', () => {
    // 2025-09-30 + 5 工作日: 10-01..10-08 are holidays, 10-11 (Sat) a make-up day → 10-09, 10-10, 10-11, 10-13, 10-14.
    assert.equal(defaultSupervisionDue('文书督办', '2025-09-30', calendar), '2025-10-14');
    assert.equal(defaultSupervisionDue('电话督办', '2025-12-09', calendar), '2025-12-12');
    assert.equal(defaultSupervisionDue('挂牌督办', '2025-12-09', calendar), '2025-12-23');
  });

  it('supervises only items routed to the unit addressed', () => {
    const base = { status: 'handling' as const, leadUnitId: 'zjj' };
    assert.equal(supervisionTargetRefusal([{ id: 'a', number: 'A', ...base }], 'zjj'), null);
    assert.match(
      supervisionTargetRefusal([{ id: 'a', number: 'A', ...base, leadUnitId: 'scj' }], 'zjj') ?? '',
      /A 的主办单位不是被督办单位/,
    );
    assert.match(
      supervisionTargetRefusal([{ id: 'b', number: 'B', status: 'registered', leadUnitId: null }], 'zjj') ?? '',
      /B 尚未交由责任单位办理/,
    );
  });
});

describe('the 督办 lifecycle', () => {
  it('reply → accept closes it; the reply says what was done and when it will finish', () => {
    const s = issued();
    const r = applySupervisionStep(
      s,
      { step: 'reply', on: '2025-12-12', done: '已约谈物业负责人，维修方案已确定', expectedFinishOn: '2025-12-31' },
      handler,
      '2025-12-12',
    );
    assert.equal(r.supervision.status, 'answered');
    assert.match(r.summary, /预计 2025-12-31 办结/);
    assert.equal(s.status, 'issued', 'the input is not mutated');
    const a = applySupervisionStep(r.supervision, { step: 'accept', on: '2025-12-15' }, reviewer, '2025-12-15');
    assert.equal(a.supervision.status, 'accepted');
    assert.equal(a.supervision.closedOn, '2025-12-15');
    assert.deepEqual(supervisionStepsFor(reviewer, a.supervision), []);
  });

  it('press sets a new deadline and opens round 2; the second reply belongs to round 2', () => {
    let s = applySupervisionStep(
      issued(),
      { step: 'reply', on: '2025-12-12', done: '正在协调' },
      handler,
      '2025-12-12',
    ).supervision;
    s = applySupervisionStep(
      s,
      { step: 'press', on: '2025-12-15', note: '回复未说明办结时间', newDueOn: '2025-12-19' },
      registrar,
      '2025-12-15',
    ).supervision;
    assert.equal(s.status, 'pressed');
    assert.equal(s.dueOn, '2025-12-19');
    assert.equal(s.issuedDueOn, '2025-12-16');
    assert.equal(trackedTaskOf(s).start, '2025-12-15');
    assert.equal(trackedTaskOf(s).answeredOn, null);
    s = applySupervisionStep(
      s,
      { step: 'reply', on: '2025-12-18', done: '已修复', expectedFinishOn: null },
      head,
      '2025-12-18',
    ).supervision;
    assert.deepEqual(
      s.replies.map((r) => r.round),
      [1, 2],
    );
    assert.equal(supervisionAnsweredLate(s, '2025-12-20'), false);
  });

  it('refuses steps out of order, by the wrong people, or dated wrongly', () => {
    const s = issued();
    assert.equal(
      code(() => applySupervisionStep(s, { step: 'accept', on: '2025-12-10' }, reviewer, '2025-12-10')),
      'STEP_NOT_ALLOWED',
    );
    assert.equal(
      code(() => applySupervisionStep(s, { step: 'reply', on: '2025-12-10', done: 'x' }, other, '2025-12-10')),
      'FORBIDDEN',
    );
    assert.equal(
      code(() => applySupervisionStep(s, { step: 'reply', on: '2025-12-10', done: 'x' }, leader, '2025-12-10')),
      'FORBIDDEN',
    );
    assert.equal(
      code(() => applySupervisionStep(s, { step: 'reply', on: '2025-12-08', done: 'x' }, handler, '2025-12-10')),
      'DATE_ORDER',
    );
    assert.equal(
      code(() => applySupervisionStep(s, { step: 'reply', on: '2025-12-11', done: 'x' }, handler, '2025-12-10')),
      'DATE_IN_FUTURE',
    );
    assert.equal(
      code(() =>
        applySupervisionStep(
          s,
          { step: 'reply', on: '2025-12-10', done: 'x', expectedFinishOn: '2025-12-01' },
          handler,
          '2025-12-10',
        ),
      ),
      'DATE_ORDER',
    );
    assert.equal(
      code(() => applySupervisionStep(s, { step: 'reply', on: '2025-12-10', done: ' ' }, handler, '2025-12-10')),
      'VALIDATION',
    );
    const answered = applySupervisionStep(
      s,
      { step: 'reply', on: '2025-12-10', done: 'x' },
      handler,
      '2025-12-10',
    ).supervision;
    assert.equal(
      code(() =>
        applySupervisionStep(
          answered,
          { step: 'press', on: '2025-12-11', note: 'n', newDueOn: '2025-12-11' },
          reviewer,
          '2025-12-11',
        ),
      ),
      'DATE_ORDER',
    );
    assert.equal(
      code(() => applySupervisionStep(answered, { step: 'accept', on: '2025-12-11' }, head, '2025-12-11')),
      'FORBIDDEN',
    );
  });

  it('cancel needs a reason and ends it', () => {
    const s = issued();
    assert.equal(
      code(() => applySupervisionStep(s, { step: 'cancel', on: '2025-12-10', reason: '' }, reviewer, '2025-12-10')),
      'VALIDATION',
    );
    const c = applySupervisionStep(
      s,
      { step: 'cancel', on: '2025-12-10', reason: '误发' },
      reviewer,
      '2025-12-10',
    ).supervision;
    assert.equal(c.status, 'cancelled');
    assert.equal(escalateSupervision(c, '2026-01-30'), null);
    assert.equal(supervisionAnsweredLate(c, '2026-01-30'), false);
  });

  it('who may read it: the bureau and leaders all, a unit only its own', () => {
    const s = issued();
    assert.ok(canSeeSupervision(reviewer, s));
    assert.ok(canSeeSupervision(leader, s));
    assert.ok(canSeeSupervision(handler, s));
    assert.ok(!canSeeSupervision(other, s));
    assert.ok(!canSeeSupervision(actor('sj', 'auditor'), s));
  });
});

describe('escalation on schedule', () => {
  it('an unanswered 督办 goes to the unit head the day after its deadline, then to the leader 3 days later', () => {
    let s: Supervision = issued();
    assert.equal(escalateSupervision(s, '2025-12-16'), null, 'not late on the due day');
    const first = escalateSupervision(s, '2025-12-17');
    assert.ok(first);
    assert.equal(first.level, 'unit_head');
    assert.equal(first.reason, 'unanswered');
    assert.match(first.summary, /逾期未回复（自 2025-12-16 起 1 天），升级至单位负责人/);
    s = first.supervision;
    assert.equal(escalateSupervision(s, '2025-12-19'), null, 'the next level waits 3 days');
    const second = escalateSupervision(s, '2025-12-20');
    assert.equal(second?.level, 'leader');
    s = second!.supervision;
    assert.equal(escalateSupervision(s, '2026-01-31'), null, 'no level beyond the leader');
  });

  it('one level per run even when the job missed days', () => {
    const s = issued();
    const late = escalateSupervision(s, '2025-12-31');
    assert.equal(late?.level, 'unit_head');
    const next = escalateSupervision(late!.supervision, '2025-12-31');
    assert.equal(next, null, 'the leader comes 3 days after the head was told');
    assert.equal(escalateSupervision(late!.supervision, '2026-01-03')?.level, 'leader');
  });

  it('an answer stops the escalation; a passed promise starts it again from the next level', () => {
    const head1 = escalateSupervision(issued(), '2025-12-17')!.supervision;
    const answered = applySupervisionStep(
      head1,
      { step: 'reply', on: '2025-12-18', done: '已启动维修', expectedFinishOn: '2025-12-25' },
      handler,
      '2025-12-18',
    ).supervision;
    assert.equal(escalateSupervision(answered, '2025-12-25'), null, 'the promised day itself is not late');
    const task = trackedTaskOf(answered);
    assert.deepEqual(lateness(task, '2025-12-26'), { reason: 'unfinished', since: '2025-12-25' });
    // The leader step waits 3 days from the promised day (12-25), not from the head step (12-17).
    assert.equal(escalateSupervision(answered, '2025-12-27'), null);
    const leaderStep = escalateSupervision(answered, '2025-12-28');
    assert.equal(leaderStep?.level, 'leader');
    assert.equal(leaderStep?.reason, 'unfinished');
    assert.equal(dueEscalation(task, '2025-12-28', DEFAULT_SUPERVISION_RULES.escalation)?.dueFrom, '2025-12-28');
  });

  it('answered late counts a reply after its round’s deadline, or none after it', () => {
    const s = issued();
    assert.equal(supervisionAnsweredLate(s, '2025-12-16'), false);
    assert.equal(supervisionAnsweredLate(s, '2025-12-17'), true);
    const late = applySupervisionStep(
      s,
      { step: 'reply', on: '2025-12-18', done: 'x' },
      handler,
      '2025-12-18',
    ).supervision;
    assert.equal(supervisionAnsweredLate(late, '2025-12-18'), true);
  });

  it('warns as its deadline nears like the statutory clock (75 % / 85 % / 99 %)', () => {
    const s = issued({ issuedOn: '2025-12-01', dueOn: '2025-12-21' }); // 20 days
    const task = trackedTaskOf(s);
    assert.equal(taskWarning(task, '2025-12-15')?.level, 'normal');
    assert.equal(taskWarning(task, '2025-12-16')?.level, 'notice');
    assert.equal(taskWarning(task, '2025-12-18')?.level, 'warning');
    assert.equal(taskWarning(task, '2025-12-21')?.level, 'severe');
    assert.equal(taskWarning(task, '2025-12-22')?.level, 'overdue');
  });
});

describe('masking in a 督办', () => {
  it('the staff’s text names no petitioner for a reader without the right to see them', () => {
    const item = newItem();
    const s = issueSupervision(
      draft({ reason: '王小明（13800001234）多次来访', requirements: '约见王小明并答复' }),
      reviewer,
      { id: 's2', number: 'n' },
      '2025-12-09',
    );
    const m = maskedSupervision(s, [identityDictionaryOf(item)]);
    assert.doesNotMatch(m.reason + m.requirements, /王小明|13800001234/);
    assert.match(m.reason, /王\*\*/);
    assert.match(m.reason, /138\*\*\*\*1234/);
  });
});
