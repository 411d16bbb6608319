import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  campaignBoard,
  type BoardCaseRow,
  type BoardItemRow,
  type Campaign,
  type TargetValue,
} from './campaign-board.ts';
import { campaignSectionTable, campaignSectionText } from './campaign-text.ts';
import { channelGroupOf, comparisonPeriod, isCounted, originOf, yearEarlier } from './report-rules.ts';

const UNITS: Record<string, string> = { zjj: '区住建局', scj: '区市场监管局', out: '市住房公积金中心' };
const name = (id: string) => UNITS[id] ?? id;

function it(id: string, registeredOn: string, p: Partial<BoardItemRow> = {}): BoardItemRow {
  return {
    id,
    number: `N-${id}`,
    registeredOn,
    status: 'handling',
    isRepeat: false,
    leadUnitId: 'zjj',
    leadUnitInside: true,
    closedOn: null,
    reviewed: false,
    laterRepeatOn: null,
    ...p,
  };
}

const ITEMS: BoardItemRow[] = [
  it('i1', '2025-10-02', { status: 'closed', closedOn: '2025-10-15' }),
  it('i2', '2025-10-03', { status: 'closed', closedOn: '2025-10-18', laterRepeatOn: '2025-10-19' }),
  it('i3', '2025-10-05', { leadUnitId: 'scj' }),
  it('i4', '2025-10-06', { status: 'review', reviewed: true }),
  it('i5', '2025-10-08', { isRepeat: true }),
  it('i6', '2025-10-09', { status: 'not_accepted', leadUnitId: null, leadUnitInside: null }),
  it('i7', '2025-10-10', { status: 'closed', closedOn: '2025-10-12', leadUnitId: 'out', leadUnitInside: false }),
  it('i8', '2025-10-12', { status: 'registered', leadUnitId: null, leadUnitInside: null }),
  it('i9', '2025-10-21'),
  ...['2024-10-01', '2024-10-02', '2024-10-03', '2024-10-05', '2024-10-06'].map((d, k) =>
    it(`p${k + 1}`, d, { status: 'closed', closedOn: d }),
  ),
  ...['2024-10-09', '2024-10-11', '2024-10-13', '2024-10-16', '2024-10-20'].map((d, k) =>
    it(`p${k + 6}`, d, { status: 'closed', closedOn: d, leadUnitId: 'scj' }),
  ),
  it('p11', '2024-10-04', { status: 'not_reaccepted' }),
];

const CASES: BoardCaseRow[] = [
  { id: 'k1', number: 'K1', status: 'resolved', unitId: 'zjj', confirmedOn: '2025-08-01', closedOn: '2025-10-10' },
  { id: 'k2', number: 'K2', status: 'resolving', unitId: 'scj', confirmedOn: '2025-07-01', closedOn: null },
  { id: 'k3', number: 'K3', status: 'resolved', unitId: 'zjj', confirmedOn: '2025-05-01', closedOn: '2025-09-01' },
  { id: 'k4', number: 'K4', status: 'unresolved', unitId: 'zjj', confirmedOn: '2025-10-05', closedOn: null },
  { id: 'k5', number: 'K5', status: 'terminated', unitId: 'zjj', confirmedOn: '2025-09-15', closedOn: '2025-10-19' },
];

const CAMPAIGN: Campaign = {
  id: 'c1',
  name: '2025年冬季信访积案化解攻坚行动',
  from: '2025-10-01',
  to: '2025-12-31',
  targets: {
    reduceTotal: { changePct: -15 },
    resolveBacklog: { ratePct: 80 },
    curbNew: { max: 5 },
    firstTimeResolved: { ratePct: 90 },
  },
};

const find = (ts: readonly TargetValue[], kind: TargetValue['kind']) => ts.find((t) => t.kind === kind)!;
const ids = (t: TargetValue, key: string) => t.parts.find((p) => p.key === key)!.ids;

describe('the situation report rules as pure functions', () => {
  test('excluded statuses, channel buckets, origins and comparison periods', () => {
    assert.equal(isCounted('not_accepted'), false);
    assert.equal(isCounted('not_reaccepted'), false);
    assert.equal(isCounted('filed'), true);
    assert.deepEqual((['网上投诉', '来访', '来信', '电话', '传真', '其他'] as const).map(channelGroupOf), [
      '网上投诉',
      '来访',
      '来信',
      '其他',
      '其他',
      '其他',
    ]);
    assert.equal(originOf({ isRepeat: true, leadUnitInside: false }), 'outside', 'outside wins');
    assert.equal(originOf({ isRepeat: true, leadUnitInside: null }), 'repeat', 'not routed yet is inside');
    assert.equal(originOf({ isRepeat: false, leadUnitInside: true }), 'first');
    assert.equal(yearEarlier('2024-02-29'), '2023-02-28');
    assert.deepEqual(comparisonPeriod('2025-04-01', '2025-06-30', 'prev'), { from: '2025-01-01', to: '2025-03-31' });
  });
});

describe('the campaign board on a hand-counted district', () => {
  const b = campaignBoard(CAMPAIGN, ITEMS, CASES, '2025-10-20', name);

  test('the span runs from the start to today, compared with the same days last year', () => {
    assert.equal(b.state, 'running');
    assert.deepEqual(b.span, { from: '2025-10-01', to: '2025-10-20' });
    assert.deepEqual(b.comparisonSpan, { from: '2024-10-01', to: '2024-10-20' });
    assert.deepEqual(b.notAccepted.ids, ['i6'], 'counted apart, as in the report');
  });

  test('降总量: 7 items against 10 last year is −30.0 %, meeting −15 %', () => {
    const t = find(b.targets, 'reduce_total');
    assert.deepEqual(ids(t, 'current'), ['i1', 'i2', 'i3', 'i4', 'i5', 'i7', 'i8']);
    assert.deepEqual(ids(t, 'previous'), ['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8', 'p9', 'p10']);
    assert.equal(t.value, -30);
    assert.equal(t.comparator, '≤');
    assert.equal(t.met, true);
  });

  test('化存量: 2 of the 3 cases open at the start resolved, 66.7 % against 80 %', () => {
    const t = find(b.targets, 'resolve_backlog');
    assert.deepEqual(ids(t, 'stock'), ['k1', 'k2', 'k5'], 'k3 closed before the start, k4 came after');
    assert.deepEqual(ids(t, 'resolved'), ['k1', 'k5']);
    assert.equal(t.value, 66.7);
    assert.equal(t.met, false);
  });

  test('遏增量: one new repeat petition and one new 积案', () => {
    const t = find(b.targets, 'curb_new');
    assert.deepEqual(ids(t, 'repeats'), ['i5']);
    assert.deepEqual(ids(t, 'newCases'), ['k4']);
    assert.equal(t.value, 2);
    assert.equal(t.met, true);
  });

  test('初信初访 resolved at first handling: 1 of 3 with a result', () => {
    const t = find(b.targets, 'first_time_resolved');
    assert.deepEqual(ids(t, 'decided'), ['i1', 'i2', 'i4'], 'i2 was petitioned again, i4 went to 复查; i7 is outside');
    assert.deepEqual(ids(t, 'resolvedOnce'), ['i1']);
    assert.equal(t.value, 33.3);
    assert.equal(t.met, false);
  });

  test('the weekly trend, each week from the start to its end', () => {
    assert.deepEqual(
      b.weekly.map((w) => [w.from, w.to, w.newItems.count, w.sameWeekLastYear.count]),
      [
        ['2025-10-01', '2025-10-07', 4, 5],
        ['2025-10-08', '2025-10-14', 3, 3],
        ['2025-10-15', '2025-10-20', 0, 2],
      ],
    );
    const w1 = b.weekly[0]!.values;
    assert.equal(find(w1 as TargetValue[], 'reduce_total').value, -20, '4 against 5');
    assert.equal(find(w1 as TargetValue[], 'first_time_resolved').value, 0, 'by 10-07 only i4 had a result');
    assert.equal(find(w1 as TargetValue[], 'resolve_backlog').value, 0);
    assert.deepEqual(
      b.weekly.at(-1)!.values,
      b.targets.map((t) => ({ kind: t.kind, value: t.value, met: t.met })),
    );
  });

  test('by unit, each with its own items and cases', () => {
    const row = (u: string | null) => b.byUnit.find((x) => x.unitId === u)!;
    assert.deepEqual(
      b.byUnit.map((u) => u.unit),
      ['区市场监管局', '区住建局', '市住房公积金中心', '未交转或未确定单位'],
    );
    assert.equal(find(row('zjj').targets, 'reduce_total').value, -20);
    assert.equal(find(row('scj').targets, 'reduce_total').value, -80);
    assert.equal(find(row('out').targets, 'reduce_total').value, null, 'nothing last year');
    assert.equal(find(row('zjj').targets, 'resolve_backlog').value, 100);
    assert.equal(find(row('scj').targets, 'resolve_backlog').value, 0);
    assert.deepEqual(ids(find(row(null).targets, 'reduce_total'), 'current'), ['i8']);
  });

  test('the 攻坚行动进展 paragraph and table', () => {
    assert.equal(
      campaignSectionText(b),
      '「2025年冬季信访积案化解攻坚行动」（2025年10月1日至2025年12月31日）开展以来，截至10月20日：' +
        '降总量方面，受理信访事项7件，较上年同期（10件）下降30.0%；目标为下降15.0%以上，目前达到目标。' +
        '化存量方面，行动开始时存量积案3件，已化解、已终结2件，化解率66.7%；目标为不低于80.0%，目前尚未达到目标。' +
        '遏增量方面，新增重复信访1件、新认定积案1件，合计2件；目标为不超过5件，目前达到目标。' +
        '初信初访一次性化解率33.3%（已有办理结果的3件中一次性化解1件）；目标为不低于90.0%，目前尚未达到目标。' +
        '分单位看，积案化解率低于目标的单位有区市场监管局（0.0%）；' +
        '初信初访一次性化解率低于目标的单位有区住建局（33.3%）；新增重复信访和积案较多的单位有区住建局（2件）。' +
        '另有不予受理、不再受理事项1件，未计入受理总量。',
    );
    assert.deepEqual(campaignSectionTable(b)[1], [
      '化存量',
      '≥ 80.0%',
      '66.7%',
      '行动开始时存量积案3件，其中已化解、已终结2件',
      '目前尚未达到目标',
    ]);
  });

  test('before the start nothing is counted; after the end the whole period is', () => {
    const early = campaignBoard(CAMPAIGN, ITEMS, CASES, '2025-09-30', name);
    assert.equal(early.state, 'upcoming');
    assert.deepEqual(early.targets, []);
    assert.equal(
      campaignSectionText(early),
      '「2025年冬季信访积案化解攻坚行动」（2025年10月1日至2025年12月31日）将于2025年10月1日启动。',
    );
    const late = campaignBoard(CAMPAIGN, ITEMS, CASES, '2026-01-15', name);
    assert.equal(late.state, 'ended');
    assert.deepEqual(late.span, { from: '2025-10-01', to: '2025-12-31' });
    assert.equal(find(late.targets, 'reduce_total').parts[0]!.count, 8, 'i9 now inside');
    assert.match(
      campaignSectionText(late),
      /已结束。降总量方面，受理信访事项8件，较上年同期（10件）下降20.0%；目标为下降15.0%以上，完成目标。/,
    );
  });
});
