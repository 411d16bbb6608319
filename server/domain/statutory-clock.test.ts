import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addDays, WorkCalendar } from './calendar.ts';
import {
  calendarCoverageWarnings,
  calendarWarnFrom,
  mergeCalendarNotice,
  parseCalendarNotice,
} from './calendar-notice.ts';
import { SEED_CALENDAR } from './calendar-seed.ts';
import { DEFAULT_RULES, DEFAULT_WARNING_THRESHOLDS } from './deadline.ts';
import { AppError } from './errors.ts';
import { deadlinesAsOf } from './facts-as-of.ts';
import { currentFacts, upgradeFacts } from './facts-upgrade.ts';
import { stepsFor } from './item.policy.ts';
import { currentDuty, deadlinesOf, receiptStatus } from './item-deadlines.ts';
import { emptyFacts, FACTS_VERSION, type Item } from './item.ts';
import { allowedSteps, transition, type StepInput } from './lifecycle.ts';
import { recomputePlan, storedClockOf } from './recompute-plan.ts';
import { handlingRecordOf } from './handling-record.ts';

const cal = new WorkCalendar(SEED_CALENDAR);
const actor = { userId: 'h1', name: '王办理', unitId: 'u1', role: 'unit_handler' as const };
const ctx = (today: string, over: Record<string, unknown> = {}) => ({
  today,
  calendar: cal,
  rules: DEFAULT_RULES,
  actor,
  ...over,
});

function newItem(over: Partial<Item> = {}): Item {
  return {
    id: 'i1',
    number: '区信〔2025〕00001号',
    version: 1,
    status: 'registered',
    channel: '网上投诉',
    level: '区',
    receivedOn: '2025-09-26',
    registeredOn: '2025-09-26',
    petitioners: [{ name: '张某', idNumber: null, idVerified: false, phone: null, address: null }],
    organisation: null,
    headCount: 1,
    representatives: [],
    title: 't',
    content: 'c',
    demands: [{ text: 'a' }],
    classCode: null,
    purpose: '求决',
    handlingClass: '申诉求决类',
    flags: [],
    place: null,
    leadUnitId: null,
    assistUnitIds: [],
    accused: null,
    isRepeat: false,
    earlierItemIds: [],
    registeredBy: null,
    facts: emptyFacts(),
    ...over,
  };
}

function run(item: Item, steps: [string, StepInput][], over: Record<string, unknown> = {}): Item {
  let cur = item;
  for (const [today, s] of steps) cur = transition(cur, s, ctx(today, over)).item;
  return cur;
}

const dl = (item: Item, rule: string, today = '2026-06-01') =>
  deadlinesOf(item, cal, DEFAULT_RULES, today).find((d) => d.rule === rule);

const routed: [string, StepInput][] = [['2025-09-29', { step: 'route', on: '2025-09-29', kind: '转送', unitId: 'u1' }]];
const answer = [{ demandIndex: 0, outcome: '支持' as const, explanation: 'x' }];
const reply = (on: string): StepInput => ({ step: 'reply', on, facts: 'f', basis: 'b', answers: answer });

describe('delivery is routing (签收 records, it starts no clock)', () => {
  it('routed 2025-09-29 without 签收: 受理告知 2025-10-14 and 异议 2025-10-13 run from the route date', () => {
    const item = run(newItem(), routed);
    const accept = dl(item, 'accept_notice', '2025-10-20')!;
    assert.equal(accept.due, '2025-10-14');
    assert.equal(accept.start, '2025-09-29');
    assert.match(accept.explanation, /交转/);
    assert.equal(accept.warning?.level, 'overdue', 'nobody clicked 签收, yet the clock ran out');
    assert.equal(dl(item, 'objection')!.due, '2025-10-13');
    assert.equal(currentDuty(deadlinesOf(item, cal, DEFAULT_RULES, '2025-10-20'))?.rule, 'accept_notice');
  });

  it('a late 签收 is its own duty with a warning; an accept without 签收 implies it', () => {
    const item = run(newItem(), routed);
    const sign = dl(item, 'sign_receipt', '2025-10-09')!;
    assert.equal(sign.due, '2025-09-30', '1 working day after the route');
    assert.equal(sign.tier, 'internal');
    const late = run(item, [['2025-10-09', { step: 'confirm_receipt', on: '2025-10-09' }]]);
    const rs = receiptStatus(deadlinesOf(late, cal, DEFAULT_RULES, '2025-10-09'), late, '2025-10-09')!;
    assert.deepEqual(
      { signedOn: rs.signedOn, signedBy: rs.signedBy, late: rs.late, implied: rs.implied },
      { signedOn: '2025-10-09', signedBy: '王办理', late: true, implied: false },
    );
    assert.ok(rs.daysLate > 0);
    const accepted = run(item, [['2025-10-09', { step: 'accept', on: '2025-10-09' }]]);
    assert.equal(accepted.facts.receipt?.implied, true);
    assert.equal(dl(accepted, 'accept_notice')!.metOn, '2025-10-09');
  });

  it('a 转送函 to an organ outside the system: no unit clock until the bureau records delivery', () => {
    const item = run(newItem(), [
      ['2025-09-29', { step: 'route', on: '2025-09-29', kind: '转送', unitId: 'x1', delivery: 'letter' }],
    ]);
    assert.equal(dl(item, 'accept_notice'), undefined);
    assert.deepEqual(allowedSteps(item), ['record_delivery']);
    const got = run(item, [
      ['2025-10-09', { step: 'record_delivery', on: '2025-10-09', letterNumber: '区信转〔2025〕8号' }],
    ]);
    assert.equal(dl(got, 'accept_notice')!.due, '2025-10-24');
    assert.match(dl(got, 'accept_notice')!.explanation, /转送函送达/);
    assert.equal(dl(got, 'sign_receipt'), undefined, 'no 签收 duty for an organ outside the system');
    // The bureau records the organ's acts; a unit account cannot act for it.
    const bureau = { userId: 'r1', role: 'reviewer' as const, unitId: null, displayName: 'r' };
    const unit = { userId: 'h1', role: 'unit_handler' as const, unitId: 'x1', displayName: 'h' };
    assert.ok(stepsFor(bureau as never, got).includes('accept'));
    assert.ok(!stepsFor(unit as never, got).includes('accept'));
  });
});

describe('objection and re-route', () => {
  it('the bureau decides within 5 工作日; the re-route restarts the new unit clocks; the bounce history stays', () => {
    const objected = run(newItem(), [
      ...routed,
      ['2025-10-10', { step: 'object', on: '2025-10-10', reason: '不属于本单位职责' }],
    ]);
    assert.equal(objected.status, 'registered');
    const decide = dl(objected, 'objection_decision', '2025-10-20')!;
    assert.equal(decide.due, '2025-10-16', '10-11 (make-up Sat), 10-13, 10-14, 10-15, 10-16');
    assert.equal(decide.warning?.level, 'overdue');
    const rerouted = run(objected, [['2025-10-14', { step: 'route', on: '2025-10-14', kind: '转送', unitId: 'u2' }]]);
    assert.equal(dl(rerouted, 'objection_decision')!.metOn, '2025-10-14');
    assert.equal(rerouted.facts.objections[0]?.decision, 'rerouted');
    assert.equal(rerouted.facts.objections[0]?.route?.unitId, 'u1', 'the bounced route is kept');
    assert.equal(rerouted.facts.objections[0]?.receipt?.implied, true);
    assert.equal(dl(rerouted, 'accept_notice')!.due, '2025-10-29');
    assert.equal(dl(rerouted, 'objection')!.due, '2025-10-21');
    assert.equal(rerouted.facts.routedOn, '2025-09-29', 'the bureau met its own 15-day route duty on the first route');
  });

  it('an objection after the 5-working-day window is refused with the closing date', () => {
    const item = run(newItem(), routed);
    assert.throws(
      () => transition(item, { step: 'object', on: '2025-10-14', reason: 'x' }, ctx('2025-10-14')),
      (e: unknown) => e instanceof AppError && e.code === 'WINDOW_CLOSED' && /2025-10-13/.test(e.message),
    );
  });
});

describe('退回重办 keeps the statutory period', () => {
  const concluded: [string, StepInput][] = [
    ...routed,
    ['2025-10-09', { step: 'accept', on: '2025-10-09' }],
    ['2025-11-20', reply('2025-11-20')],
    ['2025-11-21', { step: 'serve', on: '2025-11-21' }],
    ['2025-11-22', { step: 'conclude', on: '2025-11-22' }],
  ];
  it('sent back 2025-11-25 with an internal date 2025-12-05: the 60-day period still ends 2025-12-08', () => {
    const back = run(newItem(), [
      ...concluded,
      [
        '2025-11-25',
        {
          step: 'send_back',
          on: '2025-11-25',
          reason: '未逐项答复',
          internalDueOn: '2025-12-05',
          internalReason: '年底前结案',
        },
      ],
    ]);
    const handle = dl(back, 'handle', '2025-11-25')!;
    assert.equal(handle.due, '2025-12-08');
    assert.equal(handle.start, '2025-10-09');
    assert.match(handle.explanation, /2025-10-09 受理之日起算/);
    const internal = dl(back, 'internal_rehandle', '2025-11-25')!;
    assert.equal(internal.due, '2025-12-05');
    assert.equal(internal.tier, 'internal');
    assert.match(internal.explanation, /非法定/);
    assert.match(internal.explanation, /2025-11-25 退回重办/);
    assert.equal(currentDuty(deadlinesOf(back, cal, DEFAULT_RULES, '2025-11-25'))?.rule, 'handle');
    // The re-done opinion meets the internal deadline.
    const redone = run(back, [['2025-12-01', reply('2025-12-01')]]);
    assert.equal(dl(redone, 'internal_rehandle', '2025-12-01')?.metOn, '2025-12-01');
  });

  it('an internal date needs a reason and must be after the send-back', () => {
    const item = run(newItem(), concluded);
    assert.throws(
      () =>
        transition(
          item,
          { step: 'send_back', on: '2025-11-25', reason: 'r', internalDueOn: '2025-12-05' },
          ctx('2025-11-25'),
        ),
      (e: unknown) => e instanceof AppError && e.code === 'VALIDATION',
    );
    assert.throws(
      () =>
        transition(
          item,
          { step: 'send_back', on: '2025-11-25', reason: 'r', internalDueOn: '2025-11-25', internalReason: 'x' },
          ctx('2025-11-25'),
        ),
      (e: unknown) => e instanceof AppError && e.code === 'DATE_ORDER',
    );
  });
});

describe('a year without calendar data (2027)', () => {
  it('a deadline falling in 2027 is provisional with the reason; entering the notice makes it final', () => {
    const item = run(newItem({ receivedOn: '2026-11-20', registeredOn: '2026-11-20' }), [
      ['2026-11-20', { step: 'route', on: '2026-11-20', kind: '转送', unitId: 'u1' }],
      ['2026-11-23', { step: 'accept', on: '2026-11-23' }],
    ]);
    const handle = dl(item, 'handle', '2026-11-23')!;
    assert.equal(handle.due, '2027-01-22', '60 日 from 2026-11-23 is a Friday');
    assert.deepEqual(handle.provisional?.years, [2027]);
    assert.match(handle.explanation, /暂定：2027 年法定节假日安排尚未录入/);
    assert.equal(dl(item, 'accept_notice', '2026-11-23')!.provisional, null, 'a 2026 deadline is final');

    assert.equal(calendarWarnFrom(2027), '2026-10-01');
    assert.deepEqual(calendarCoverageWarnings(cal, '2026-09-30'), []);
    const w = calendarCoverageWarnings(cal, '2026-10-01');
    assert.deepEqual(
      w.map((x) => [x.year, x.severity]),
      [[2027, 'upcoming']],
    );

    const notice = parseCalendarNotice(noticeJson(), 2027);
    const merged = mergeCalendarNotice(SEED_CALENDAR, notice);
    const cal27 = new WorkCalendar(merged.entries);
    assert.ok(cal27.hasOfficialYear(2027));
    assert.deepEqual(calendarCoverageWarnings(cal27, '2026-10-01'), []);
    const after = deadlinesOf(item, cal27, DEFAULT_RULES, '2026-11-23').find((d) => d.rule === 'handle')!;
    assert.equal(after.provisional, null);
    const before = deadlinesOf(item, cal, DEFAULT_RULES, '2026-11-23');
    const plan = recomputePlan(
      item,
      storedClockOf(before, DEFAULT_WARNING_THRESHOLDS),
      { calendar: cal27, rules: DEFAULT_RULES, today: '2026-11-23', thresholds: DEFAULT_WARNING_THRESHOLDS },
      { kind: 'calendar_notice', year: 2027, notice: notice.notice },
    );
    assert.ok(plan.changed);
    assert.ok(plan.changes.some((c) => c.rule === 'handle' && /正式日历/.test(c.note)));
  });

  it('a notice missing a statutory holiday, or for another year, is refused saying what to fix', () => {
    const bad = noticeJson();
    bad.years['2027'].holidays = bad.years['2027'].holidays.filter((h) => h.name !== '国庆节');
    assert.throws(
      () => parseCalendarNotice(bad, 2027),
      (e: unknown) => e instanceof AppError && e.code === 'CALENDAR_NOTICE_INVALID' && /国庆/.test(e.message),
    );
    assert.throws(
      () => parseCalendarNotice(noticeJson(), 2028),
      (e: unknown) => e instanceof AppError && /2027 年的通知/.test(e.message),
    );
  });
});

/** A plausible (made-up) 2027 notice in the shipped JSON shape, for the tests only. */
function noticeJson() {
  const h = (name: string, from: string, to: string) => {
    const days: string[] = [];
    for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
    return { name, from, to, days };
  };
  return {
    years: {
      '2027': {
        notice: '测试用通知 2026-11-01',
        holidays: [
          h('元旦', '2027-01-01', '2027-01-03'),
          h('春节', '2027-02-06', '2027-02-13'),
          h('清明节', '2027-04-05', '2027-04-05'),
          h('劳动节', '2027-05-01', '2027-05-05'),
          h('端午节', '2027-06-09', '2027-06-11'),
          h('中秋节', '2027-09-15', '2027-09-17'),
          h('国庆节', '2027-10-01', '2027-10-07'),
        ],
        makeUpWorkdays: ['2027-02-20', '2027-10-09'],
      },
    },
  };
}

describe('协办, 交办 and 导入法律程序', () => {
  it('the lead opinion cannot be served before every 协办意见 is in or waived with a reason', () => {
    const handling = run(newItem(), [
      ['2025-09-29', { step: 'route', on: '2025-09-29', kind: '转送', unitId: 'u1', assistUnitIds: ['u2', 'u3'] }],
      ['2025-10-09', { step: 'accept', on: '2025-10-09' }],
      ['2025-10-20', reply('2025-10-20')],
    ]);
    assert.equal(dl(handling, 'assist_opinion', '2025-10-20')!.due, '2025-10-20', '10 working days from 09-29');
    assert.throws(
      () => transition(handling, { step: 'serve', on: '2025-10-21' }, ctx('2025-10-21')),
      (e: unknown) => e instanceof AppError && e.code === 'ASSIST_OPINIONS_PENDING',
    );
    const u2 = { userId: 'a2', name: '协办员', unitId: 'u2', role: 'unit_handler' as const };
    const withOpinion = run(
      handling,
      [['2025-10-21', { step: 'submit_assist_opinion', on: '2025-10-21', text: '同意主办单位意见' }]],
      { actor: u2 },
    );
    const waived = run(withOpinion, [
      ['2025-10-21', { step: 'waive_assist_opinion', on: '2025-10-21', unitId: 'u3', reason: '与该单位职责无关' }],
    ]);
    assert.equal(dl(waived, 'assist_opinion', '2025-10-21')!.metOn, '2025-10-21');
    const served = run(waived, [['2025-10-22', { step: 'serve', on: '2025-10-22' }]]);
    assert.equal(served.status, 'served');
  });

  it('交办 needs a written 办结报告, which the bureau may send back', () => {
    const served = run(newItem(), [
      ['2025-09-29', { step: 'route', on: '2025-09-29', kind: '交办', unitId: 'u1' }],
      ['2025-10-09', { step: 'accept', on: '2025-10-09' }],
      ['2025-10-20', reply('2025-10-20')],
      ['2025-10-21', { step: 'serve', on: '2025-10-21' }],
    ]);
    assert.throws(
      () => transition(served, { step: 'conclude', on: '2025-10-22' }, ctx('2025-10-22')),
      (e: unknown) => e instanceof AppError && e.code === 'REPORT_REQUIRED',
    );
    const reported = run(served, [
      ['2025-10-22', { step: 'conclude', on: '2025-10-22', report: { text: '已核查并答复' } }],
    ]);
    assert.equal(reported.facts.report?.text, '已核查并答复');
    const back = run(reported, [['2025-10-23', { step: 'send_back', on: '2025-10-23', reason: '报告缺少依据' }]]);
    assert.equal(back.facts.sendBacks[0]?.replaced?.report?.reviews[0]?.outcome, 'returned');
  });

  it('导入法律程序 records the channel and the written notice and ends the item apart', () => {
    assert.throws(
      () => transition(newItem(), { step: 'route', on: '2025-09-29', kind: '导入法律程序' }, ctx('2025-09-29')),
      (e: unknown) => e instanceof AppError && e.code === 'LEGAL_CHANNEL_REQUIRED',
    );
    const item = run(newItem({ flags: ['涉法涉诉'] }), [
      [
        '2025-09-29',
        {
          step: 'route',
          on: '2025-09-29',
          kind: '导入法律程序',
          legal: { channel: '诉讼', noticeText: '请依法向人民法院起诉' },
        },
      ],
    ]);
    assert.equal(item.status, 'legal_channel');
    assert.deepEqual(
      [item.facts.legal?.channel, item.facts.legal?.organ, item.facts.legal?.noticeOn],
      ['诉讼', '人民法院', '2025-09-29'],
    );
    assert.deepEqual(allowedSteps(item), []);
  });
});

describe('the handling record the detail page shows', () => {
  const names: Record<string, string> = { u1: '区住建局', u2: '区城管局', u3: '区环保局' };
  const rec = (item: Item, today: string) =>
    handlingRecordOf(item, deadlinesOf(item, cal, DEFAULT_RULES, today), cal, DEFAULT_RULES, today, (u) => names[u]!);

  it('签收 on 2025-10-09 of a 2025-09-29 route is late; each 协办意见 is owed, given or waived with its reason', () => {
    const routedWithAssists = run(newItem(), [
      ['2025-09-29', { step: 'route', on: '2025-09-29', kind: '转送', unitId: 'u1', assistUnitIds: ['u2', 'u3'] }],
    ]);
    assert.equal(rec(routedWithAssists, '2025-09-29').receipt?.late, false, 'not late on the route date');
    assert.equal(rec(routedWithAssists, '2025-10-08').receipt?.signedOn, null);
    assert.equal(rec(routedWithAssists, '2025-10-08').receipt?.late, true, 'unsigned past 2025-09-30');
    const signed = run(routedWithAssists, [['2025-10-09', { step: 'confirm_receipt', on: '2025-10-09' }]]);
    const r1 = rec(signed, '2025-10-21');
    assert.deepEqual(
      { ...r1.receipt, daysLate: undefined },
      {
        deliveredOn: '2025-09-29',
        due: '2025-09-30',
        signedOn: '2025-10-09',
        signedBy: '王办理',
        implied: false,
        late: true,
        daysLate: undefined,
      },
    );
    assert.deepEqual(
      r1.assists.map((a) => [a.unitName, a.state, a.due, a.late]),
      [
        ['区城管局', 'owed', '2025-10-20', true],
        ['区环保局', 'owed', '2025-10-20', true],
      ],
    );
    const u2 = { userId: 'a2', name: '协办员', unitId: 'u2', role: 'unit_handler' as const };
    const given = run(
      signed,
      [['2025-10-21', { step: 'submit_assist_opinion', on: '2025-10-21', text: '同意主办意见' }]],
      {
        actor: u2,
      },
    );
    const waived = run(given, [
      ['2025-10-21', { step: 'waive_assist_opinion', on: '2025-10-21', unitId: 'u3', reason: '与该单位职责无关' }],
    ]);
    assert.deepEqual(
      rec(waived, '2025-10-21').assists.map((a) => [a.state, a.on, a.by, a.text, a.late]),
      [
        ['given', '2025-10-21', '协办员', '同意主办意见', true],
        ['waived', '2025-10-21', '王办理', '与该单位职责无关', false],
      ],
    );
    assert.equal(rec(waived, '2025-10-21').report, null);
    assert.equal(rec(waived, '2025-10-21').legal, null);
  });

  it('the 办结报告 with the bureau review, and the legal channel with its written notice', () => {
    const reported = run(newItem(), [
      ['2025-09-29', { step: 'route', on: '2025-09-29', kind: '交办', unitId: 'u1' }],
      ['2025-09-29', { step: 'confirm_receipt', on: '2025-09-29' }],
      ['2025-10-09', { step: 'accept', on: '2025-10-09' }],
      ['2025-10-20', reply('2025-10-20')],
      ['2025-10-21', { step: 'serve', on: '2025-10-21' }],
      ['2025-10-22', { step: 'conclude', on: '2025-10-22', report: { text: '已核查并答复' } }],
    ]);
    const r = rec(reported, '2025-10-22');
    assert.deepEqual(r.receipt && [r.receipt.signedOn, r.receipt.late], ['2025-09-29', false]);
    assert.deepEqual(r.report && [r.report.submittedOn, r.report.text, r.report.by], [
      '2025-10-22',
      '已核查并答复',
      '王办理',
    ]);
    const legal = run(newItem({ flags: ['涉法涉诉'] }), [
      [
        '2025-09-29',
        {
          step: 'route',
          on: '2025-09-29',
          kind: '导入法律程序',
          legal: { channel: '仲裁', noticeText: '请申请劳动仲裁' },
        },
      ],
    ]);
    const l = rec(legal, '2025-09-30');
    assert.deepEqual(l.legal && [l.legal.channel, l.legal.on, l.legal.noticeText], [
      '仲裁',
      '2025-09-29',
      '请申请劳动仲裁',
    ]);
    assert.equal(l.receipt, null, 'no unit took it: no 签收 record');
  });
});

describe('documents state the facts of their own date', () => {
  it('the 受理告知书 of 2025-10-09 shows 2025-12-08, not the extension approved on 2025-11-21', () => {
    const item = run(newItem(), [
      ...routed,
      ['2025-10-09', { step: 'accept', on: '2025-10-09' }],
      ['2025-11-20', { step: 'request_extension', on: '2025-11-20', days: 30, reason: '需现场核查' }],
      [
        '2025-11-21',
        {
          step: 'decide_extension',
          on: '2025-11-21',
          approve: true,
          notifiedOn: '2025-11-21',
          noticeReason: '需现场核查',
        },
      ],
    ]);
    assert.equal(dl(item, 'handle')!.due, '2026-01-07');
    const asOf = deadlinesAsOf(item, '2025-10-09', cal, DEFAULT_RULES).find((d) => d.rule === 'handle')!;
    assert.equal(asOf.due, '2025-12-08');
    assert.equal(asOf.extensionDays, 0);
  });
});

describe('upgrading stored facts', () => {
  it('an older routed item gets delivery semantics; its 签收 becomes a receipt; a send-back keeps the period', () => {
    const old = {
      route: { kind: '转送', on: '2025-09-29', unitId: 'u1', assistUnitIds: [], note: '' },
      routedOn: '2025-09-29',
      objections: [],
      unitReceivedOn: '2025-10-05',
      acceptedOn: '2025-10-09',
      declined: null,
      extension: null,
      opinion: null,
      servedOn: null,
      rating: null,
      concludedOn: null,
      closedOn: null,
      sendBacks: [{ on: '2025-11-25', reason: '未逐项答复' }],
      review: null,
      rereview: null,
    };
    const { facts, notes } = upgradeFacts(old);
    assert.equal(facts.factsVersion, FACTS_VERSION);
    assert.equal(facts.route?.delivery, 'system');
    assert.deepEqual(facts.receipt, { on: '2025-10-05', by: null, implied: false });
    assert.equal(facts.sendBacks[0]?.kind, 'bureau');
    assert.ok(notes.some((n) => /2025-10-09 受理之日起算/.test(n)));
    assert.equal(upgradeFacts(facts).facts, facts, 'idempotent: current facts come back as they are');
    const item = newItem({ status: 'handling', leadUnitId: 'u1', facts: old as never });
    assert.equal(currentFacts(item.facts).factsVersion, FACTS_VERSION);
    assert.equal(dl(item, 'accept_notice')!.start, '2025-09-29', 'clocks from delivery, not from 签收 10-05');
    assert.equal(dl(item, 'handle')!.due, '2025-12-08');
  });
});

describe('集体访 is a visit; several signatories elsewhere are 联名', () => {
  it('counts 批次 and 人次 apart', async () => {
    const { isCollectiveVisit, isJointPetition, visitCountsOf } = await import('./visit-count.ts');
    assert.equal(isCollectiveVisit({ channel: '来访', headCount: 5 }), true);
    assert.equal(isCollectiveVisit({ channel: '来访', headCount: 4 }), false);
    assert.equal(isCollectiveVisit({ channel: '来信', headCount: 30 }), false);
    assert.equal(isJointPetition({ channel: '来信', headCount: 30 }), true);
    assert.equal(isJointPetition({ channel: '来访', headCount: 30 }), false);
    assert.deepEqual(
      visitCountsOf([
        { channel: '来访', headCount: 6 },
        { channel: '来访', headCount: 1 },
        { channel: '网上投诉', headCount: 3 },
        { channel: '电话', headCount: 1 },
      ]),
      {
        visits: { batches: 2, persons: 7 },
        collectiveVisits: { batches: 1, persons: 6 },
        jointPetitions: { batches: 1, persons: 3 },
      },
    );
  });
});

describe('更正信访人信息 (re-sealed and re-indexed by the store; checked here)', () => {
  // Test people: invalid-checksum ID numbers, 1xx-0000-xxxx phones.
  const registered = () =>
    newItem({
      registeredOn: '2025-09-26',
      content: '张某反映：张某家门前道路破损。联系电话 13900003333。',
      petitioners: [{ name: '张某', idNumber: null, idVerified: false, phone: '13900003333', address: '幸福路1号' }],
    });
  const correct = async (item: Item, c: Record<string, unknown>, today: string) => {
    const { correctItem } = await import('./item-correction.ts');
    return correctItem(item, { reason: '登记时听错姓名', ...c }, today);
  };
  it('checks an ID number against the day of the correction, not the registration day', async () => {
    // Born 2025-10-01: on 2025-09-30 that birth date is in the future; on 2025-10-02 only the check digit fails.
    const id = '110101202510011230';
    const before = await correct(registered(), { petitioners: [{ index: 0, idNumber: id }] }, '2025-09-30').catch(
      (e: AppError) => e,
    );
    assert.ok(before instanceof AppError);
    assert.equal(before.code, 'ID_NUMBER_INVALID');
    assert.match(before.message, /第 1 位信访人.*晚于今天/);
    const after = await correct(registered(), { petitioners: [{ index: 0, idNumber: id }] }, '2025-10-02').catch(
      (e: AppError) => e,
    );
    assert.ok(after instanceof AppError);
    assert.doesNotMatch(after.message, /晚于今天/);
    assert.match(after.message, /号码未核验/);
    const kept = await correct(
      registered(),
      { petitioners: [{ index: 0, idNumber: id, idUnverified: true }] },
      '2025-10-02',
    );
    assert.equal(kept.item.petitioners[0]!.idNumber, id);
    assert.equal(kept.item.petitioners[0]!.idVerified, false);
  });
  it('refuses a bad phone, an empty name and a petitioner who is not registered; nothing else changes', async () => {
    const item = registered();
    const codeOf = (p: Promise<unknown>) =>
      p.then(
        () => 'ok',
        (e: AppError) => e.code,
      );
    assert.equal(
      await codeOf(correct(item, { petitioners: [{ index: 0, phone: '1390000' }] }, '2025-10-09')),
      'PHONE_INVALID',
    );
    assert.equal(await codeOf(correct(item, { petitioners: [{ index: 0, name: ' ' }] }, '2025-10-09')), 'VALIDATION');
    assert.equal(
      await codeOf(correct(item, { petitioners: [{ index: 1, name: '李某' }] }, '2025-10-09')),
      'VALIDATION',
    );
    assert.equal(
      await codeOf(correct(item, { petitioners: [{ index: 0, name: '张某' }] }, '2025-10-09')),
      'CORRECTION_INVALID',
    );
    assert.equal(item.petitioners[0]!.name, '张某');
  });
  it('records which details changed, masked; keeps the replaced ones so the registered text stays masked', async () => {
    const { identityDictionaryOf, maskIdentityInText } = await import('./text-masking.ts');
    const r = await correct(
      registered(),
      { petitioners: [{ index: 0, name: '章某', phone: '13900004444' }], title: '门前道路破损' },
      '2025-10-09',
    );
    assert.deepEqual(r.item.petitioners[0], {
      name: '章某',
      idNumber: null,
      idVerified: false,
      phone: '13900004444',
      address: '幸福路1号',
    });
    assert.equal(r.recompute.repeatLinks, true);
    assert.match(r.summary, /信访人信息已更正（第 1 位信访人的姓名、联系电话）/);
    const recorded = JSON.stringify([r.summary, r.changes]);
    for (const plain of ['张某', '章某', '13900003333', '13900004444', '幸福路1号'])
      assert.ok(!recorded.includes(plain), `${plain} is not written in clear`);
    assert.deepEqual(
      r.item.formerPetitioners?.map((p) => p.name),
      ['张某'],
    );
    const masked = maskIdentityInText(r.item.content, identityDictionaryOf(r.item));
    assert.ok(!masked.includes('张某') && !masked.includes('13900003333'), masked);
    // A second correction keeps both former versions.
    const again = await correct(r.item, { petitioners: [{ index: 0, name: '章某某' }] }, '2025-10-10');
    assert.deepEqual(
      again.item.formerPetitioners?.map((p) => p.name),
      ['张某', '章某'],
    );
  });
});
