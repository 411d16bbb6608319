import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { WorkCalendar } from './calendar.ts';
import { SEED_CALENDAR } from './calendar-seed.ts';
import {
  DEFAULT_RULES,
  DEFAULT_WARNING_THRESHOLDS,
  WARNING_LABELS,
  checkWindow,
  computeDeadline,
  describeDueChange,
  warningOf,
  type DeadlineRule,
  type RuleCode,
} from './deadline.ts';

const cal = new WorkCalendar(SEED_CALENDAR);
const R = DEFAULT_RULES;
const HEARING = { from: '2026-04-08', to: '2026-04-10', reason: '听证' };

describe('DEFAULT_RULES', () => {
  test('match the time-limit table of DOMAIN.md', () => {
    const table: Record<RuleCode, [number, 'calendar' | 'working', boolean, number, string]> = {
      route: [15, 'calendar', true, 0, '收到'],
      accept_notice: [15, 'calendar', true, 0, '收到'],
      objection: [5, 'working', false, 0, '收到'],
      handle: [60, 'calendar', true, 30, '受理'],
      review_request: [30, 'calendar', true, 0, '收到处理意见'],
      review_decision: [30, 'calendar', true, 0, '收到复查请求'],
      rereview_request: [30, 'calendar', true, 0, '收到复查意见'],
      rereview_decision: [30, 'calendar', true, 0, '收到复核请求'],
      simple_handle: [10, 'working', false, 0, '受理'],
      // The bureau's own procedural clocks (configurable defaults, not the regulation's).
      sign_receipt: [1, 'working', false, 0, '交转送达'],
      objection_decision: [5, 'working', false, 0, '收到异议'],
      assist_opinion: [10, 'working', false, 0, '交转'],
    };
    for (const [code, [length, unit, roll, maxExt, startEvent]] of Object.entries(table)) {
      const r = R[code as RuleCode];
      assert.equal(r.code, code);
      assert.deepEqual(
        [r.length, r.unit, r.rollForward, r.maxExtensionDays, r.startEvent],
        [length, unit, roll, maxExt, startEvent],
        code,
      );
      assert.ok(r.name.endsWith('期限'), r.name);
      assert.ok(r.basis.length > 0);
    }
    assert.equal(R.handle.name, '办理期限');
    assert.ok(Object.isFrozen(R.handle));
  });
});

describe('worked examples of DOMAIN.md (2024)', () => {
  test('accepted 2024-09-30 + 60 日 → 2024-11-29', () => {
    assert.deepEqual(computeDeadline(R.handle, '2024-09-30', cal), {
      rule: 'handle',
      start: '2024-09-30',
      due: '2024-11-29',
      length: 60,
      unit: 'calendar',
      extensionDays: 0,
      pausedDays: 0,
      rolledFrom: null,
      explanation: '60 日，自 2024-09-30 受理之日起算，截至 2024-11-29',
      provisional: null,
    });
  });

  test('opinion received 2024-09-01, 复查 window → 2024-10-01 in National Day → 2024-10-08', () => {
    const d = computeDeadline(R.review_request, '2024-09-01', cal);
    assert.equal(d.due, '2024-10-08');
    assert.equal(d.rolledFrom, '2024-10-01');
    assert.equal(
      d.explanation,
      '30 日，自 2024-09-01 收到处理意见之日起算，截至 2024-10-08（2024-10-01 为法定节假日，顺延至 2024-10-08）',
    );
  });

  test('routed item received 2024-09-27 (Fri), objection 5 工作日 → 2024-10-10', () => {
    const d = computeDeadline(R.objection, '2024-09-27', cal);
    assert.equal(d.due, '2024-10-10');
    assert.equal(d.rolledFrom, null);
    assert.equal(d.explanation, '5 个工作日，自 2024-09-27 收到之日起算，截至 2024-10-10');
  });
});

describe('SCENARIOS.md: one item, end to end', () => {
  const rows: [RuleCode, string, string, string | null][] = [
    ['route', '2025-09-26', '2025-10-11', null], // Saturday, but a make-up working day: no roll
    ['accept_notice', '2025-09-29', '2025-10-14', null],
    ['objection', '2025-09-29', '2025-10-13', null],
    ['handle', '2025-10-09', '2025-12-08', null],
    ['review_request', '2026-01-05', '2026-02-04', null],
    ['review_decision', '2026-02-03', '2026-03-05', null],
    ['rereview_request', '2026-03-02', '2026-04-01', null],
    ['rereview_decision', '2026-03-20', '2026-04-20', '2026-04-19'],
  ];
  for (const [code, start, due, rolledFrom] of rows) {
    test(`${code} from ${start} → ${due}`, () => {
      const d = computeDeadline(R[code], start, cal);
      assert.equal(d.due, due);
      assert.equal(d.rolledFrom, rolledFrom);
    });
  }

  test('extension of 30 日: 60 + 30 = 90 日 from acceptance → 2026-01-07', () => {
    const d = computeDeadline(R.handle, '2025-10-09', cal, { extensionDays: 30 });
    assert.equal(d.due, '2026-01-07');
    assert.equal(d.extensionDays, 30);
    assert.equal(d.explanation, '60 日 + 延期 30 日 = 90 日，自 2025-10-09 受理之日起算，截至 2026-01-07');
  });

  test('复核 deadline on a Sunday says 休息日', () => {
    assert.equal(
      computeDeadline(R.rereview_decision, '2026-03-20', cal).explanation,
      '30 日，自 2026-03-20 收到复核请求之日起算，截至 2026-04-20（2026-04-19 为休息日，顺延至 2026-04-20）',
    );
  });

  test('复核 with a 3-day hearing 04-08 to 04-10 → 2026-04-22', () => {
    const d = computeDeadline(R.rereview_decision, '2026-03-20', cal, { pauses: [HEARING] });
    assert.equal(d.due, '2026-04-22');
    assert.equal(d.pausedDays, 3);
    assert.equal(d.rolledFrom, null);
    assert.equal(d.explanation, '30 日，自 2026-03-20 收到复核请求之日起算，截至 2026-04-22（听证 3 日不计入期限）');
  });
});

describe('SCENARIOS.md: edge cases', () => {
  test('a 复查 request on 2026-02-06 is outside the window that closed 2026-02-04', () => {
    const window = computeDeadline(R.review_request, '2026-01-05', cal);
    const late = checkWindow(window, '2026-02-06');
    assert.equal(late.ok, false);
    assert.ok(!late.ok);
    assert.equal(late.closedOn, '2026-02-04');
    assert.equal(
      late.reason,
      '复查申请期限已于 2026-02-04 届满（30 日，自 2026-01-05 收到处理意见之日起算，截至 2026-02-04），2026-02-06 已超出期限',
    );
    assert.deepEqual(checkWindow(window, '2026-02-04'), { ok: true, due: '2026-02-04', daysLeft: 0 });
    assert.deepEqual(checkWindow(window, '2026-02-03'), { ok: true, due: '2026-02-04', daysLeft: 1 });
    assert.equal(checkWindow(window, '2026-01-04').ok, false);
  });

  test('received 2026-01-17 (Sat), route 15 日: 2026-02-01 is a Sunday → 2026-02-02', () => {
    const d = computeDeadline(R.route, '2026-01-17', cal);
    assert.equal(d.due, '2026-02-02');
    assert.equal(d.rolledFrom, '2026-02-01');
  });

  test('简易办理 accepted 2026-04-30, 10 工作日 across 劳动节 and make-up 05-09 → 2026-05-18', () => {
    const d = computeDeadline(R.simple_handle, '2026-04-30', cal);
    assert.equal(d.due, '2026-05-18');
    assert.equal(d.explanation, '10 个工作日，自 2026-04-30 受理之日起算，截至 2026-05-18');
  });

  test('2024-02-09 (除夕) counts as a working day', () => {
    // 02-09, 02-18 (make-up Sunday), 02-19, 02-20, 02-21
    assert.equal(computeDeadline(R.objection, '2024-02-08', cal).due, '2024-02-21');
    assert.equal(computeDeadline(R.simple_handle, '2024-02-08', cal).due, '2024-02-28');
  });

  test('declaring 2026-04-20 a holiday moves the 复核 deadline and says why', () => {
    const edited = new WorkCalendar([...SEED_CALENDAR, { date: '2026-04-20', kind: 'holiday', name: '临时假日' }]);
    const before = computeDeadline(R.rereview_decision, '2026-03-20', cal);
    const after = computeDeadline(R.rereview_decision, '2026-03-20', edited);
    assert.equal(after.due, '2026-04-21');
    assert.equal(after.rolledFrom, '2026-04-19');
    assert.equal(
      describeDueChange(before, after, edited),
      '截止日期由 2026-04-20 调整为 2026-04-21：工作日历调整，2026-04-20 现为法定节假日（临时假日），顺延至 2026-04-21',
    );
    // With the hearing the period ends 04-22, which the edit does not touch.
    const paused = computeDeadline(R.rereview_decision, '2026-03-20', edited, { pauses: [HEARING] });
    assert.equal(paused.due, '2026-04-22');
    assert.equal(
      describeDueChange(computeDeadline(R.rereview_decision, '2026-03-20', cal, { pauses: [HEARING] }), paused, edited),
      null,
    );
  });

  test('describeDueChange names an extension or a pause', () => {
    const base = computeDeadline(R.handle, '2025-10-09', cal);
    assert.equal(
      describeDueChange(base, computeDeadline(R.handle, '2025-10-09', cal, { extensionDays: 30 }), cal),
      '截止日期由 2025-12-08 调整为 2026-01-07：延期 30 日',
    );
    const r = computeDeadline(R.rereview_decision, '2026-03-20', cal);
    assert.equal(
      describeDueChange(r, computeDeadline(R.rereview_decision, '2026-03-20', cal, { pauses: [HEARING] }), cal),
      '截止日期由 2026-04-20 调整为 2026-04-22：中止期间 3 日不计入期限',
    );
  });
});

describe('holiday crossings', () => {
  const cases: [string, RuleCode, string, string, string | null][] = [
    // National Day 2024 (10-01..10-07, make-up 09-29 and 10-12)
    ['ND 2024 route', 'route', '2024-09-16', '2024-10-08', '2024-10-01'],
    ['ND 2024 acceptance notice', 'accept_notice', '2024-09-22', '2024-10-08', '2024-10-07'],
    ['ND 2024 simple handling', 'simple_handle', '2024-09-27', '2024-10-16', null],
    // National Day 2025 (10-01..10-08, make-up 09-28 and 10-11)
    ['ND 2025 route', 'route', '2025-09-20', '2025-10-09', '2025-10-05'],
    ['ND 2025 last holiday', 'route', '2025-09-23', '2025-10-09', '2025-10-08'],
    ['ND 2025 objection', 'objection', '2025-09-26', '2025-10-10', null],
    ['ND 2025 simple handling', 'simple_handle', '2025-09-25', '2025-10-15', null],
    // Spring Festival 2024 (02-10..02-17, make-up 02-04 and 02-18): rolls onto a make-up Sunday
    ['SF 2024 route', 'route', '2024-01-26', '2024-02-18', '2024-02-10'],
    ['SF 2024 handling', 'handle', '2023-12-17', '2024-02-18', '2024-02-15'],
    // Spring Festival 2025 (01-28..02-04, make-up 01-26 and 02-08)
    ['SF 2025 route', 'route', '2025-01-14', '2025-02-05', '2025-01-29'],
    ['SF 2025 handling', 'handle', '2024-12-01', '2025-02-05', '2025-01-30'],
    ['SF 2025 simple handling', 'simple_handle', '2025-01-22', '2025-02-11', null],
  ];
  for (const [label, code, start, due, rolledFrom] of cases) {
    test(`${label}: ${start} → ${due}`, () => {
      const d = computeDeadline(R[code], start, cal);
      assert.equal(d.due, due);
      assert.equal(d.rolledFrom, rolledFrom);
      if (rolledFrom) assert.ok(d.explanation.endsWith(`（${rolledFrom} 为法定节假日，顺延至 ${due}）`), d.explanation);
    });
  }
});

describe('computeDeadline options and validation', () => {
  test('extension beyond 30 日 or negative is rejected; 30 is accepted', () => {
    assert.throws(() => computeDeadline(R.handle, '2025-10-09', cal, { extensionDays: 31 }), {
      name: 'RangeError',
      message: '办理期限最多延期 30 日，申请延期 31 日',
    });
    assert.throws(() => computeDeadline(R.handle, '2025-10-09', cal, { extensionDays: -1 }), RangeError);
    assert.throws(() => computeDeadline(R.handle, '2025-10-09', cal, { extensionDays: 1.5 }), RangeError);
    assert.throws(() => computeDeadline(R.review_request, '2026-01-05', cal, { extensionDays: 1 }), {
      name: 'RangeError',
      message: '复查申请期限不可延期',
    });
    assert.equal(computeDeadline(R.handle, '2025-10-09', cal, { extensionDays: 0 }).due, '2025-12-08');
  });

  test('an extension is part of the period before roll-forward', () => {
    // 2024-08-02 + 90 = 2024-10-31 (Thu, no roll); + 60 = 2024-10-01 (holiday) → 10-08
    assert.equal(computeDeadline(R.handle, '2024-08-02', cal).due, '2024-10-08');
    assert.equal(computeDeadline(R.handle, '2024-08-02', cal, { extensionDays: 30 }).due, '2024-10-31');
    // 2024-07-03 + 60 = 09-01 (Sun) → 09-02, but + 90 = 10-01 → 10-08: rolls from the extended end only
    const ext = computeDeadline(R.handle, '2024-07-03', cal, { extensionDays: 30 });
    assert.deepEqual([ext.due, ext.rolledFrom], ['2024-10-08', '2024-10-01']);
  });

  test('malformed dates are rejected', () => {
    for (const bad of ['2024-02-30', '2024/09/30', '2024-9-30', '', '2023-02-29']) {
      assert.throws(
        () => computeDeadline(R.handle, bad, cal),
        { name: 'RangeError', message: /受理日期不是有效日期/ },
        bad,
      );
    }
    assert.throws(
      () =>
        computeDeadline(R.rereview_decision, '2026-03-20', cal, {
          pauses: [{ from: '2026-04-31', to: '2026-05-01', reason: '听证' }],
        }),
      RangeError,
    );
  });

  test('bad pauses are rejected', () => {
    const run = (pauses: { from: string; to: string; reason: string }[]) => () =>
      computeDeadline(R.rereview_decision, '2026-03-20', cal, { pauses });
    assert.throws(run([{ from: '2026-04-10', to: '2026-04-08', reason: '听证' }]), /早于开始日期/);
    assert.throws(run([{ from: '2026-03-20', to: '2026-03-21', reason: '听证' }]), /不在起算日 2026-03-20 之后/);
    assert.throws(run([HEARING, { from: '2026-04-10', to: '2026-04-12', reason: '鉴定' }]), /中止期间重叠/);
  });

  test('several pauses add up and are each named', () => {
    const d = computeDeadline(R.rereview_decision, '2026-03-20', cal, {
      pauses: [{ from: '2026-04-14', to: '2026-04-15', reason: '鉴定' }, HEARING],
    });
    // 03-20 + 30 + 5 = 04-24 (Fri)
    assert.equal(d.due, '2026-04-24');
    assert.equal(d.pausedDays, 5);
    assert.ok(d.explanation.endsWith('（听证 3 日、鉴定 2 日不计入期限）'), d.explanation);
  });

  test('a pause in a working-day period withholds its working days', () => {
    // 05-06..05-08 are three working days: 10 + 3 working days after 04-30 → 05-21
    const d = computeDeadline(R.simple_handle, '2026-04-30', cal, {
      pauses: [{ from: '2026-05-06', to: '2026-05-08', reason: '补充材料' }],
    });
    assert.deepEqual([d.due, d.pausedDays], ['2026-05-21', 3]);
    assert.ok(d.explanation.endsWith('（补充材料 3 个工作日不计入期限）'), d.explanation);
  });

  test('a rule with roll-forward off keeps a rest-day end', () => {
    const noRoll: DeadlineRule = { ...R.rereview_decision, rollForward: false };
    const d = computeDeadline(noRoll, '2026-03-20', cal);
    assert.deepEqual([d.due, d.rolledFrom], ['2026-04-19', null]);
    assert.equal(d.explanation, '30 日，自 2026-03-20 收到复核请求之日起算，截至 2026-04-19');
  });

  test('a configured working-day extension is counted in working days', () => {
    const rule: DeadlineRule = { ...R.simple_handle, maxExtensionDays: 5 };
    const d = computeDeadline(rule, '2026-04-30', cal, { extensionDays: 2 });
    assert.equal(d.due, '2026-05-20');
    assert.equal(
      d.explanation,
      '10 个工作日 + 延期 2 个工作日 = 12 个工作日，自 2026-04-30 受理之日起算，截至 2026-05-20',
    );
  });
});

describe('warningOf', () => {
  const sixty = { start: '2024-09-30', due: '2024-11-29' }; // 60 days
  const hundred = { start: '2024-01-01', due: '2024-04-10' }; // 100 days
  const twenty = { start: '2026-03-01', due: '2026-03-21' }; // 20 days

  test('labels', () => {
    assert.deepEqual(WARNING_LABELS, {
      normal: '正常',
      notice: '预警',
      warning: '警告',
      severe: '严重警告',
      overdue: '超期',
    });
    assert.deepEqual(DEFAULT_WARNING_THRESHOLDS, { notice: 0.75, warning: 0.85, severe: 0.99 });
  });

  test('75 % is 预警, one day less is 正常', () => {
    assert.deepEqual(warningOf(sixty, '2024-11-13'), { level: 'normal', elapsedShare: 44 / 60, daysLeft: 16 });
    assert.deepEqual(warningOf(sixty, '2024-11-14'), { level: 'notice', elapsedShare: 0.75, daysLeft: 15 });
    assert.equal(warningOf(twenty, '2026-03-15').level, 'normal');
    assert.equal(warningOf(twenty, '2026-03-16').level, 'notice');
  });

  test('85 % is 警告, one day less is 预警', () => {
    assert.deepEqual(warningOf(sixty, '2024-11-19'), { level: 'notice', elapsedShare: 50 / 60, daysLeft: 10 });
    assert.deepEqual(warningOf(sixty, '2024-11-20'), { level: 'warning', elapsedShare: 0.85, daysLeft: 9 });
    assert.equal(warningOf(twenty, '2026-03-17').level, 'notice');
    assert.equal(warningOf(twenty, '2026-03-18').level, 'warning');
  });

  test('99 % is 严重警告, one day less is 警告', () => {
    assert.deepEqual(warningOf(hundred, '2024-04-08'), { level: 'warning', elapsedShare: 0.98, daysLeft: 2 });
    assert.deepEqual(warningOf(hundred, '2024-04-09'), { level: 'severe', elapsedShare: 0.99, daysLeft: 1 });
    assert.deepEqual(warningOf(sixty, '2024-11-28'), { level: 'warning', elapsedShare: 59 / 60, daysLeft: 1 });
  });

  test('the due day itself is 严重警告; the day after is 超期', () => {
    assert.deepEqual(warningOf(hundred, '2024-04-10'), { level: 'severe', elapsedShare: 1, daysLeft: 0 });
    assert.deepEqual(warningOf(hundred, '2024-04-11'), { level: 'overdue', elapsedShare: 1.01, daysLeft: -1 });
    assert.equal(warningOf(sixty, '2025-01-01').level, 'overdue');
  });

  test('before the start the share is 0', () => {
    assert.deepEqual(warningOf(sixty, '2024-09-20'), { level: 'normal', elapsedShare: 0, daysLeft: 70 });
    assert.deepEqual(warningOf(sixty, '2024-09-30'), { level: 'normal', elapsedShare: 0, daysLeft: 60 });
  });

  test('works on a computed deadline and custom thresholds', () => {
    const d = computeDeadline(R.handle, '2025-10-09', cal); // due 2025-12-08, 60 days
    assert.equal(warningOf(d, '2025-11-23').level, 'notice'); // 45 / 60
    const strict = { notice: 0.5, warning: 0.6, severe: 0.7 };
    assert.equal(warningOf(d, '2025-11-08', strict).level, 'notice'); // 30 / 60
    assert.equal(warningOf(d, '2025-11-20', strict).level, 'severe'); // 42 / 60
  });

  test('rejects malformed dates and inconsistent thresholds', () => {
    assert.throws(() => warningOf(sixty, '2024-11-31'), RangeError);
    assert.throws(() => warningOf({ start: '2024-9-30', due: '2024-11-29' }, '2024-10-01'), RangeError);
    assert.throws(() => warningOf(sixty, '2024-10-01', { notice: 0.9, warning: 0.85, severe: 0.99 }), /预警阈值/);
    assert.throws(() => warningOf(sixty, '2024-10-01', { notice: 0, warning: 0.85, severe: 0.99 }), RangeError);
  });
});
