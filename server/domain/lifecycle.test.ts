import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { STEPS, type Step } from '../../contract/enums.ts';
import { WorkCalendar } from './calendar.ts';
import { SEED_CALENDAR } from './calendar-seed.ts';
import { DEFAULT_RULES } from './deadline.ts';
import { AppError } from './errors.ts';
import { currentDuty, deadlinesOf } from './item-deadlines.ts';
import { emptyFacts, type Item } from './item.ts';
import { allowedSteps, transition, type StepInput } from './lifecycle.ts';

const cal = new WorkCalendar(SEED_CALENDAR);
const ctx = (today: string) => ({ today, calendar: cal, rules: DEFAULT_RULES });

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
    demands: [{ text: 'a' }, { text: 'b' }],
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

function run(item: Item, steps: [string, StepInput][]): Item {
  let cur = item;
  for (const [today, s] of steps) cur = transition(cur, s, ctx(today)).item;
  return cur;
}

const due = (item: Item, rule: string, today = '2026-06-01') =>
  deadlinesOf(item, cal, DEFAULT_RULES, today).find((d) => d.rule === rule)?.due;

const answers = [
  { demandIndex: 0, outcome: '支持' as const, explanation: 'x' },
  { demandIndex: 1, outcome: '不予支持' as const, explanation: 'y' },
];
const handled: [string, StepInput][] = [
  ['2025-09-29', { step: 'route', on: '2025-09-29', kind: '转送', unitId: 'u1' }],
  ['2025-09-29', { step: 'confirm_receipt', on: '2025-09-29' }],
  ['2025-10-09', { step: 'accept', on: '2025-10-09' }],
];

describe('lifecycle state machine', () => {
  it('starts with only the route allowed, and an illegal step lists what is allowed', () => {
    const item = newItem();
    assert.deepEqual(allowedSteps(item), ['route']);
    assert.throws(
      () => transition(item, { step: 'accept', on: '2025-09-27' }, ctx('2025-09-27')),
      (e: unknown) => {
        assert.ok(e instanceof AppError);
        assert.equal(e.code, 'STEP_NOT_ALLOWED');
        assert.deepEqual((e.details as { allowed: Step[] }).allowed, ['route']);
        assert.match(e.message, /交转/);
        return true;
      },
    );
  });

  it('each route kind leads to its state', () => {
    const cases: [string, Item['status']][] = [
      ['转送', 'routed'],
      ['交办', 'routed'],
      ['直接回复', 'closed'],
      ['存', 'filed'],
      ['不予受理', 'not_accepted'],
      ['不再受理', 'not_reaccepted'],
    ];
    for (const [kind, status] of cases) {
      const r = transition(
        newItem(),
        { step: 'route', on: '2025-09-28', kind: kind as never, unitId: 'u1', note: '理由' },
        ctx('2025-09-28'),
      );
      assert.equal(r.item.status, status, kind);
      assert.equal(r.item.facts.routedOn, '2025-09-28');
    }
    assert.throws(
      () => transition(newItem(), { step: 'route', on: '2025-09-28', kind: '转送' }, ctx('2025-09-28')),
      /责任单位/,
    );
    assert.throws(
      () => transition(newItem(), { step: 'route', on: '2025-09-28', kind: '不予受理' }, ctx('2025-09-28')),
      /理由/,
    );
  });

  it('an objection returns the item to the bureau; re-routing keeps the first route date', () => {
    const item = run(newItem(), [
      handled[0]!,
      handled[1]!,
      ['2025-09-30', { step: 'object', on: '2025-09-30', reason: '不属本单位职责' }],
    ]);
    assert.equal(item.status, 'registered');
    assert.equal(item.leadUnitId, null);
    assert.equal(item.facts.objections.length, 1);
    const again = run(item, [['2025-10-09', { step: 'route', on: '2025-10-09', kind: '转送', unitId: 'u2' }]]);
    assert.equal(again.leadUnitId, 'u2');
    assert.equal(again.facts.routedOn, '2025-09-29');
  });

  it('a unit may decline (不予受理告知)', () => {
    const item = run(newItem(), [
      handled[0]!,
      handled[1]!,
      ['2025-10-01', { step: 'decline', on: '2025-10-01', kind: '不予受理', reason: '已进入诉讼程序' }],
    ]);
    assert.equal(item.status, 'not_accepted');
    assert.equal(allowedSteps(item).length, 0);
  });

  it('extension: once, at most 30 days, reason required; approval lengthens the period to 90 days', () => {
    const h = run(newItem(), handled);
    assert.equal(due(h, 'handle'), '2025-12-08');
    assert.throws(
      () => transition(h, { step: 'request_extension', on: '2025-11-01', days: 31, reason: 'r' }, ctx('2025-11-01')),
      (e: unknown) => (e as AppError).code === 'EXTENSION_INVALID',
    );
    assert.throws(
      () => transition(h, { step: 'request_extension', on: '2025-11-01', days: 10, reason: ' ' }, ctx('2025-11-01')),
      /延期理由/,
    );
    const req = run(h, [['2025-11-01', { step: 'request_extension', on: '2025-11-01', days: 30, reason: '需核查' }]]);
    assert.ok(!allowedSteps(req).includes('request_extension'), 'only once');
    assert.ok(allowedSteps(req).includes('decide_extension'));
    const rejected = run(req, [['2025-11-02', { step: 'decide_extension', on: '2025-11-02', approve: false }]]);
    assert.equal(due(rejected, 'handle'), '2025-12-08');
    const ok = run(req, [['2025-11-02', { step: 'decide_extension', on: '2025-11-02', approve: true }]]);
    assert.equal(due(ok, 'handle'), '2026-01-07');
    assert.equal(ok.facts.extension?.notifiedOn, '2025-11-02', 'the petitioner is told');
  });

  it('the opinion answers every demand exactly once', () => {
    const h = run(newItem(), handled);
    assert.throws(
      () =>
        transition(
          h,
          { step: 'reply', on: '2025-11-01', facts: 'f', basis: 'b', answers: [answers[0]!] },
          ctx('2025-11-01'),
        ),
      (e: unknown) => (e as AppError).code === 'DEMANDS_UNANSWERED',
    );
    assert.throws(
      () =>
        transition(
          h,
          { step: 'reply', on: '2025-11-01', facts: 'f', basis: 'b', answers: [answers[0]!, answers[0]!] },
          ctx('2025-11-01'),
        ),
      /两次/,
    );
    assert.throws(
      () => transition(h, { step: 'reply', on: '2025-11-01', facts: 'f', basis: ' ', answers }, ctx('2025-11-01')),
      /依据/,
    );
    const r = run(h, [['2025-11-01', { step: 'reply', on: '2025-11-01', facts: 'f', basis: 'b', answers }]]);
    assert.equal(r.status, 'replied');
    assert.equal(
      deadlinesOf(r, cal, DEFAULT_RULES, '2025-11-01').find((d) => d.rule === 'handle')?.metOn,
      '2025-11-01',
    );
  });

  const served = (): Item =>
    run(newItem(), [
      ...handled,
      ['2026-01-04', { step: 'reply', on: '2026-01-04', facts: 'f', basis: 'b', answers }],
      ['2026-01-05', { step: 'serve', on: '2026-01-05' }],
    ]);

  it('serve → rate → conclude → bureau approves (办结) or sends back (退回重办)', () => {
    const s = served();
    assert.deepEqual(allowedSteps(s), ['rate', 'conclude', 'request_review']);
    const rated = run(s, [
      ['2026-01-06', { step: 'rate', on: '2026-01-06', satisfaction: '基本满意', source: 'portal' }],
    ]);
    assert.ok(!allowedSteps(rated).includes('rate'), 'rated once');
    const concluded = run(rated, [['2026-01-07', { step: 'conclude', on: '2026-01-07' }]]);
    assert.equal(concluded.status, 'concluded');
    assert.equal(run(concluded, [['2026-01-08', { step: 'approve_close', on: '2026-01-08' }]]).status, 'closed');
    const back = run(concluded, [['2026-01-08', { step: 'send_back', on: '2026-01-08', reason: '答复不完整' }]]);
    assert.equal(back.status, 'handling');
    assert.equal(back.facts.opinion, null);
    // 退回重办 does not restart the statutory period (it used to give a fresh 60 days from the send-back, 2026-03-09):
    // the period still runs from acceptance 2025-10-09 and ended 2025-12-08, so the item is overdue.
    const handle = deadlinesOf(back, cal, DEFAULT_RULES, '2026-01-08').find((d) => d.rule === 'handle')!;
    assert.equal(handle.due, '2025-12-08');
    assert.equal(handle.explanation, '60 日，自 2025-10-09 受理之日起算，截至 2025-12-08');
    assert.equal(handle.metOn, null);
    assert.equal(handle.warning?.level, 'overdue');
    assert.equal(back.facts.sendBacks[0]?.replaced?.opinion?.issuedOn, '2026-01-04', 'the replaced opinion is kept');
  });

  it('a late 复查 request is refused with the reason and the closing date, and the item keeps it', () => {
    const r = transition(served(), { step: 'request_review', on: '2026-02-06' }, ctx('2026-02-06'));
    assert.equal(r.refused, true);
    assert.equal(r.item.status, 'served');
    assert.match(r.summary, /2026-02-04 届满/);
    assert.equal(r.item.facts.review?.requests[0]?.status, 'refused');
    assert.match(r.item.facts.review?.requests[0]?.refusal ?? '', /不予受理/);
  });

  it('复查 and 复核: decisions, the 责令重新办理 path, hearings paused, and 终结', () => {
    const review = run(served(), [['2026-02-03', { step: 'request_review', on: '2026-02-03' }]]);
    assert.equal(review.status, 'review');
    assert.equal(due(review, 'review_decision'), '2026-03-05');
    const redo = run(review, [
      ['2026-02-20', { step: 'decide_review', on: '2026-02-20', outcome: '责令重新办理', opinion: '事实不清' }],
    ]);
    assert.equal(redo.status, 'handling');
    const decided = run(review, [
      ['2026-02-27', { step: 'decide_review', on: '2026-02-27', outcome: '变更', opinion: 'o' }],
    ]);
    assert.deepEqual(allowedSteps(decided), ['serve_decision']);
    const servedReview = run(decided, [['2026-03-02', { step: 'serve_decision', on: '2026-03-02' }]]);
    assert.equal(due(servedReview, 'rereview_request'), '2026-04-01');
    assert.throws(
      () => transition(servedReview, { step: 'approve_close', on: '2026-04-01' }, ctx('2026-04-01')),
      /2026-04-01 届满/,
      'not while the 复核 window is open',
    );
    const closedOnReview = run(servedReview, [['2026-04-02', { step: 'approve_close', on: '2026-04-02' }]]);
    assert.equal(closedOnReview.status, 'closed');
    assert.ok(!allowedSteps(closedOnReview).includes('request_review'), 'a 复查 already happened: no second one');
    const rr = run(servedReview, [['2026-03-20', { step: 'request_rereview', on: '2026-03-20' }]]);
    assert.equal(due(rr, 'rereview_decision'), '2026-04-20');
    const heard = run(rr, [['2026-04-10', { step: 'add_hearing', from: '2026-04-08', to: '2026-04-10' }]]);
    assert.equal(due(heard, 'rereview_decision'), '2026-04-22');
    const end = run(heard, [
      ['2026-04-15', { step: 'decide_rereview', on: '2026-04-15', outcome: '维持', opinion: 'o' }],
    ]);
    assert.equal(end.status, 'terminated');
    assert.deepEqual(allowedSteps(end), ['serve_decision']);
    assert.deepEqual(allowedSteps(run(end, [['2026-04-16', { step: 'serve_decision', on: '2026-04-16' }]])), []);
  });

  it('time limits bind the unit: no objection after its 5 工作日, no extension after the period ended', () => {
    const received = run(newItem(), [handled[0]!, handled[1]!]);
    assert.throws(
      () => transition(received, { step: 'object', on: '2025-11-20', reason: '不属本单位' }, ctx('2025-11-20')),
      (e: unknown) => (e as AppError).code === 'WINDOW_CLOSED' && /2025-10-13 届满/.test((e as AppError).message),
    );
    const h = run(newItem(), handled);
    assert.throws(
      () => transition(h, { step: 'request_extension', on: '2025-12-20', days: 30, reason: '复杂' }, ctx('2025-12-20')),
      (e: unknown) => (e as AppError).code === 'WINDOW_CLOSED' && /2025-12-08 届满/.test((e as AppError).message),
    );
    const req = run(h, [['2025-12-05', { step: 'request_extension', on: '2025-12-05', days: 30, reason: '复杂' }]]);
    assert.throws(
      () => transition(req, { step: 'decide_extension', on: '2025-12-10', approve: true }, ctx('2025-12-10')),
      (e: unknown) => (e as AppError).code === 'WINDOW_CLOSED',
    );
  });

  it('a send-back keeps the period and its extension: 90 日 from acceptance stands, no second extension', () => {
    // Law now contradicts the earlier expectation (the extension dropped and a fresh 60 days from the send-back,
    // 2026-02-24): 退回重办 does not restart the period, so the approved extension stays part of it.
    const ext = run(newItem(), [
      ...handled,
      ['2025-11-01', { step: 'request_extension', on: '2025-11-01', days: 30, reason: 'r' }],
      ['2025-11-02', { step: 'decide_extension', on: '2025-11-02', approve: true }],
      ['2025-12-20', { step: 'reply', on: '2025-12-20', facts: 'f', basis: 'b', answers }],
      ['2025-12-21', { step: 'serve', on: '2025-12-21' }],
      ['2025-12-22', { step: 'conclude', on: '2025-12-22' }],
      ['2025-12-23', { step: 'send_back', on: '2025-12-23', reason: '未逐项答复' }],
    ]);
    assert.equal(ext.facts.extension?.status, 'approved');
    assert.ok(!allowedSteps(ext).includes('request_extension'), 'the one extension was used');
    assert.equal(due(ext, 'handle', '2025-12-23'), '2026-01-07', '60 + 30 日 from acceptance 2025-10-09');
  });

  it('a 复核 that orders re-handling opens a fresh 复查 path for the re-done opinion', () => {
    let i = run(served(), [
      ['2026-02-03', { step: 'request_review', on: '2026-02-03' }],
      ['2026-02-27', { step: 'decide_review', on: '2026-02-27', outcome: '维持', opinion: 'o' }],
      ['2026-03-02', { step: 'serve_decision', on: '2026-03-02' }],
      ['2026-03-20', { step: 'request_rereview', on: '2026-03-20' }],
    ]);
    assert.throws(
      () => transition(i, { step: 'add_hearing', from: '2026-03-20', to: '2026-03-21' }, ctx('2026-03-25')),
      (e: unknown) => (e as AppError).code === 'DATE_ORDER',
    );
    i = run(i, [
      ['2026-04-10', { step: 'decide_rereview', on: '2026-04-10', outcome: '责令重新办理', opinion: '事实不清' }],
    ]);
    assert.equal(i.status, 'handling');
    assert.equal(i.facts.review, null);
    i = run(i, [
      ['2026-05-06', { step: 'reply', on: '2026-05-06', facts: 'f2', basis: 'b2', answers }],
      ['2026-05-07', { step: 'serve', on: '2026-05-07' }],
    ]);
    assert.ok(allowedSteps(i).includes('request_review'));
    const ds = deadlinesOf(i, cal, DEFAULT_RULES, '2026-05-08');
    assert.equal(ds.find((d) => d.rule === 'review_request')?.start, '2026-05-07');
    assert.equal(ds.find((d) => d.rule === 'review_request')?.metOn, null);
    assert.equal(
      ds.find((d) => d.rule === 'rereview_request'),
      undefined,
      'no stale 复核 window',
    );
  });

  it('dates: not in the future, not before the previous step', () => {
    const h = run(newItem(), handled);
    assert.throws(
      () => transition(h, { step: 'request_extension', on: '2025-12-01', days: 5, reason: 'r' }, ctx('2025-11-01')),
      (e: unknown) => (e as AppError).code === 'DATE_IN_FUTURE',
    );
    assert.throws(
      () => transition(h, { step: 'request_extension', on: '2025-10-01', days: 5, reason: 'r' }, ctx('2025-11-01')),
      (e: unknown) => (e as AppError).code === 'DATE_ORDER',
    );
  });

  it('every step of the vocabulary is reachable in some state', () => {
    const seen = new Set<Step>();
    const walk = (i: Item) => allowedSteps(i).forEach((s) => seen.add(s));
    walk(newItem());
    const r = run(newItem(), [handled[0]!]);
    walk(r);
    walk(run(r, [handled[1]!]));
    const h = run(newItem(), handled);
    walk(h);
    walk(run(h, [['2025-11-01', { step: 'request_extension', on: '2025-11-01', days: 3, reason: 'r' }]]));
    walk(run(h, [['2025-11-01', { step: 'reply', on: '2025-11-01', facts: 'f', basis: 'b', answers }]]));
    const s = served();
    walk(s);
    walk(run(s, [['2026-01-07', { step: 'conclude', on: '2026-01-07' }]]));
    const rv = run(s, [['2026-02-03', { step: 'request_review', on: '2026-02-03' }]]);
    walk(rv);
    const d = run(rv, [['2026-02-27', { step: 'decide_review', on: '2026-02-27', outcome: '维持', opinion: 'o' }]]);
    walk(d);
    const sd = run(d, [['2026-03-02', { step: 'serve_decision', on: '2026-03-02' }]]);
    walk(sd);
    walk(run(sd, [['2026-03-20', { step: 'request_rereview', on: '2026-03-20' }]]));
    walk(
      run(newItem(), [
        ['2025-09-29', { step: 'route', on: '2025-09-29', kind: '转送', unitId: 'u1', delivery: 'letter' }],
      ]),
    );
    walk(
      run(newItem(), [
        ['2025-09-29', { step: 'route', on: '2025-09-29', kind: '转送', unitId: 'u1', assistUnitIds: ['u2'] }],
      ]),
    );
    assert.deepEqual(
      STEPS.filter((x) => !seen.has(x)),
      [],
    );
  });

  it('the current duty is the earliest unmet one, with its warning level', () => {
    const r = run(newItem(), [handled[0]!, handled[1]!]);
    const ds = deadlinesOf(r, cal, DEFAULT_RULES, '2025-10-13');
    const duty = currentDuty(ds);
    assert.equal(duty?.rule, 'accept_notice');
    assert.equal(duty?.due, '2025-10-14');
    assert.equal(duty?.warning?.level, 'warning', '14 of 15 days elapsed (93 %) is 警告');
    assert.equal(ds.find((d) => d.rule === 'objection')?.warning, null, 'windows carry no warning');
  });
});
