import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ScorecardJson } from '../../contract/supervision.ts';
import { actor, ANSWERS, calendar, newItem, routedAndAccepted, walk } from '../../test/domain-items.ts';
import { DEFAULT_RULES } from './deadline.ts';
import type { StepInput } from './lifecycle.ts';
import { deadlinesOf } from './item-deadlines.ts';
import type { Item } from './item.ts';
import {
  computeScorecard,
  objectionOutcomesOf,
  rate4,
  scorecardItemOf,
  scorecardSupervisionOf,
  toScorecardJson,
  type ScorecardItem,
} from './scorecard.ts';
import { applySupervisionStep, issueSupervision } from './supervision.ts';

const AS_OF = '2025-12-20';
const reg = (on: string) => newItem({ receivedOn: on, registeredOn: on });
const opinion = (on: string): StepInput => ({ step: 'reply', on, facts: '查明', basis: '依据', answers: ANSWERS });

// A hand-counted month (2025-10) of two units, and one item of September for the comparison.
const A = walk(reg('2025-10-08'), [
  ...routedAndAccepted('zjj', '2025-10-09', '2025-10-13'), // 受理告知 due 10-24: on time
  opinion('2025-11-20'), // 办理 due 12-12: on time
  { step: 'serve', on: '2025-11-22' },
  { step: 'rate', on: '2025-11-25', satisfaction: '满意', source: 'portal' },
]);
// due 10-25 (Sat) → 10-27: late
const B = walk(reg('2025-10-10'), routedAndAccepted('zjj', '2025-10-10', '2025-10-30'));
const C = walk(reg('2025-10-15'), routedAndAccepted('zjj', '2025-10-16', '2025-10-20')); // 办理 due 12-19: overdue
C.isRepeat = true;
const D = walk(reg('2025-10-20'), [
  ...routedAndAccepted('zjj', '2025-10-21', '2025-10-22'),
  opinion('2025-11-01'),
  { step: 'serve', on: '2025-11-03' },
  { step: 'rate', on: '2025-11-05', satisfaction: '基本满意', source: 'portal' },
]);
const E = walk(reg('2025-10-25'), [
  ...routedAndAccepted('zjj', '2025-10-27', '2025-10-28'),
  opinion('2025-11-05'),
  { step: 'serve', on: '2025-11-06' },
  { step: 'conclude', on: '2025-11-06' },
  { step: 'send_back', on: '2025-11-10', reason: '未逐项答复' },
]);
const F = walk(reg('2025-10-05'), [
  { step: 'route', on: '2025-10-06', kind: '转送', unitId: 'zjj' },
  { step: 'confirm_receipt', on: '2025-10-06' },
  { step: 'object', on: '2025-10-08', reason: '属市场监管职责' },
  ...routedAndAccepted('scj', '2025-10-09', '2025-10-10'), // scj: 办理 due 12-09: overdue
]);
const G = walk(reg('2025-10-12'), [
  { step: 'route', on: '2025-10-12', kind: '转送', unitId: 'zjj' },
  { step: 'confirm_receipt', on: '2025-10-12' },
  { step: 'decline', on: '2025-10-14', kind: '不予受理', reason: '已进入诉讼程序' },
]);
const H = walk(reg('2025-09-15'), [
  ...routedAndAccepted('zjj', '2025-09-16', '2025-09-20'),
  opinion('2025-10-20'),
  { step: 'serve', on: '2025-10-22' },
  { step: 'rate', on: '2025-10-25', satisfaction: '满意', source: 'portal' },
]);

const facts = (items: Item[]): ScorecardItem[] =>
  items.map((i) => scorecardItemOf(i, deadlinesOf(i, calendar, DEFAULT_RULES, AS_OF)));

const reviewer = actor('rev', 'reviewer');
const sup = (id: string, issuedOn: string, dueOn: string) =>
  issueSupervision(
    { kind: '文书督办', itemIds: [C.id], reason: 'r', requirements: 'q', unitId: 'zjj', issuedOn, dueOn },
    reviewer,
    { id, number: id },
    issuedOn,
  );
const lateReply = applySupervisionStep(
  sup('s-oct', '2025-10-20', '2025-10-27'),
  { step: 'reply', on: '2025-10-29', done: '已部署' },
  actor('jb', 'unit_handler', 'zjj'),
  '2025-10-29',
).supervision;
const supervisions = [lateReply, sup('s-nov', '2025-11-05', '2025-11-12')].map((s) => scorecardSupervisionOf(s, AS_OF));

const UNITS = [
  { id: 'zjj', name: '区住建局' },
  { id: 'scj', name: '区市场监管局' },
  { id: 'jdb', name: '某街道办事处' },
];

const card = computeScorecard({
  units: UNITS,
  items: facts([A, B, C, D, E, F, G, H]),
  supervisions,
  period: { from: '2025-10-01', to: '2025-10-31' },
  previous: { from: '2025-09-01', to: '2025-09-30' },
  asOf: AS_OF,
});
const unit = (id: string) => card.units.find((u) => u.unitId === id)!;

describe('the unit scorecard equals a hand count', () => {
  it('区住建局: received, timeliness, ratings, overdue, objections, send-backs, 督办, means, with their items', () => {
    const z = unit('zjj');
    assert.deepEqual(
      z.received.ids,
      [A.id, B.id, C.id, D.id, E.id],
      'F went to another unit; G was declined (不予受理)',
    );
    assert.deepEqual([z.acceptedOnTime.count, z.acceptedOnTime.of, z.acceptedOnTime.rate], [4, 5, 0.8]);
    assert.deepEqual(
      z.acceptedOnTime.ofIds.filter((id) => !z.acceptedOnTime.ids.includes(id)),
      [B.id],
    );
    assert.deepEqual([z.closedOnTime.count, z.closedOnTime.of, z.closedOnTime.rate], [2, 3, 0.6667]);
    assert.deepEqual(
      z.closedOnTime.ofIds,
      [A.id, C.id, D.id],
      'B and E are not yet due; C is overdue and counts against',
    );
    assert.deepEqual([z.rated.count, z.rated.of, z.rated.rate], [2, 2, 1], 'E was sent back: no longer served');
    assert.deepEqual([z.satisfied.count, z.satisfied.of, z.satisfied.rate], [2, 2, 1]);
    assert.deepEqual([z.repeat.count, z.repeat.of, z.repeat.rate], [1, 5, 0.2]);
    assert.deepEqual(z.overdue.ids, [C.id]);
    assert.deepEqual([z.objections.raised.ids, z.objections.upheld.ids], [[F.id], [F.id]]);
    assert.deepEqual(z.sentBack.ids, [E.id]);
    assert.deepEqual(z.supervisions.received.ids, ['s-oct'], 'the November 督办 belongs to another period');
    assert.deepEqual(z.supervisions.answeredLate.ids, ['s-oct']);
    assert.equal(z.meanDaysToAcceptance.mean, 6, '(4 + 20 + 4 + 1 + 1) / 5');
    assert.equal(z.meanDaysToOpinion.mean, 24, '(38 + 10) / 2');
    // 0.8 × 0.25 + 0.6667 × 0.35 + 1 × 0.1 + 1 × 0.3 = 0.833345
    assert.equal(z.score, 83.33);
  });

  it('区市场监管局: the re-routed item, accepted on time and now overdue; no rating due', () => {
    const s = unit('scj');
    assert.deepEqual(s.received.ids, [F.id]);
    assert.deepEqual([s.acceptedOnTime.count, s.acceptedOnTime.of], [1, 1]);
    assert.deepEqual([s.closedOnTime.count, s.closedOnTime.of, s.closedOnTime.rate], [0, 1, 0]);
    assert.deepEqual([s.rated.of, s.rated.rate], [0, null]);
    assert.deepEqual(s.overdue.ids, [F.id]);
    assert.equal(s.meanDaysToAcceptance.mean, 1);
    assert.equal(s.score, 41.67, '(1 × 0.25 + 0 × 0.35) / 0.6');
  });

  it('ranked by score, idle units left out, with the change against the previous period', () => {
    assert.deepEqual(
      card.units.map((u) => [u.unit, u.rank]),
      [
        ['区住建局', 1],
        ['区市场监管局', 2],
      ],
    );
    const z = unit('zjj');
    assert.equal(z.previous?.received.count, 1);
    assert.equal(z.previous?.score, 100);
    assert.deepEqual(z.change, {
      received: 4,
      acceptedOnTime: -0.2,
      closedOnTime: -0.3333,
      rated: 0,
      satisfied: 0,
      overdue: 1,
      score: -16.67,
      rank: 0,
    });
    assert.equal(unit('scj').previous, null);
    assert.equal(unit('scj').change?.rank, null);
  });

  it('settings: rank by volume, list idle units, count 逾期未评价 as satisfied', () => {
    const items = facts([A, B, C, D, E, F, G, H]);
    const byVolume = computeScorecard({
      units: UNITS,
      items,
      supervisions,
      period: { from: '2025-10-01', to: '2025-10-31' },
      asOf: AS_OF,
      settings: { rankBy: 'received', includeIdle: true },
    });
    assert.deepEqual(
      byVolume.units.map((u) => u.unitId),
      ['zjj', 'scj', 'jdb'],
    );
    assert.equal(byVolume.units[2]!.score, null);
    assert.equal(byVolume.units[0]!.change, null, 'no previous period asked');

    const unrated = walk(reg('2025-10-02'), [
      ...routedAndAccepted('jdb', '2025-10-03', '2025-10-04'),
      opinion('2025-10-20'),
      { step: 'serve', on: '2025-10-21' },
      { step: 'rate', on: '2025-11-21', satisfaction: '未评价', source: 'portal' },
    ]);
    const october = (unratedCountsAsSatisfied: boolean) =>
      computeScorecard({
        units: UNITS,
        items: facts([unrated]),
        supervisions: [],
        period: { from: '2025-10-01', to: '2025-10-31' },
        asOf: AS_OF,
        settings: { unratedCountsAsSatisfied },
      });
    const strict = october(false);
    assert.deepEqual(
      [strict.units[0]!.rated.count, strict.units[0]!.rated.of, strict.units[0]!.satisfied.of],
      [0, 1, 0],
    );
    const lenient = october(true);
    assert.deepEqual([lenient.units[0]!.rated.count, lenient.units[0]!.satisfied.count], [1, 1]);
  });

  it('the CLI JSON: the issue’s shape, rates as fractions of 4 places, units in rank order', () => {
    const json = ScorecardJson.parse(toScorecardJson(card));
    assert.deepEqual(json.units[0], {
      unit: '区住建局',
      unitId: 'zjj',
      received: 5,
      acceptedOnTime: { count: 4, of: 5, rate: 0.8 },
      closedOnTime: { count: 2, of: 3, rate: 0.6667 },
      rated: { count: 2, of: 2, rate: 1 },
      satisfied: { count: 2, of: 2, rate: 1 },
      overdue: 1,
      objections: { raised: 1, upheld: 1 },
      sentBack: 1,
      supervisions: { received: 1, answeredLate: 1 },
      repeat: { count: 1, of: 5, rate: 0.2 },
      meanDaysToAcceptance: 6,
      meanDaysToOpinion: 24,
      score: 83.33,
      rank: 1,
      previousRank: 1,
    });
    assert.deepEqual(
      json.units.map((u) => u.rank),
      [1, 2],
    );
  });
});

describe('scorecard helpers', () => {
  it('rates round to 4 places and are null without a denominator', () => {
    assert.equal(rate4(2, 3), 0.6667);
    assert.equal(rate4(1, 3), 0.3333);
    assert.equal(rate4(0, 0), null);
  });

  it('an objection is upheld when the item went elsewhere, rejected when it came back, else pending', () => {
    assert.deepEqual(objectionOutcomesOf(F), [{ unitId: 'zjj', on: '2025-10-08', upheld: true }]);
    const back = walk(reg('2025-10-05'), [
      { step: 'route', on: '2025-10-06', kind: '转送', unitId: 'zjj' },
      { step: 'confirm_receipt', on: '2025-10-06' },
      { step: 'object', on: '2025-10-08', reason: 'x' },
    ]);
    assert.deepEqual(objectionOutcomesOf(back), [{ unitId: 'zjj', on: '2025-10-08', upheld: null }]);
    const rejected = walk(back, [{ step: 'route', on: '2025-10-09', kind: '转送', unitId: 'zjj' }]);
    assert.equal(objectionOutcomesOf(rejected)[0]?.upheld, false);
  });
});
