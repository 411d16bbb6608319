import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DEFAULT_ENTRY_RULES,
  evaluateEntryRules,
  isActiveMatter,
  mattersOf,
  proposeCases,
  type EntryRuleConfig,
  type MatterItem,
} from './backlog-rules.ts';

let seq = 0;
function item(p: Partial<MatterItem> & { id: string; registeredOn: string }): MatterItem {
  seq++;
  return {
    number: `2025-${String(seq).padStart(5, '0')}`,
    title: `关于某小区车位问题的信访（${p.id}）`,
    receivedOn: p.registeredOn,
    status: 'closed',
    level: '区',
    flags: [],
    leadUnitId: 'u-zjj',
    earlierItemIds: [],
    rereviewDecidedOn: null,
    ...p,
  };
}

const TODAY = '2025-11-20';

describe('matters: repeat links grouped', () => {
  test('a chain and a fork join into one matter anchored at its earliest item; links outside are ignored', () => {
    const items = [
      item({ id: 'c', registeredOn: '2025-06-01', earlierItemIds: ['b'] }),
      item({ id: 'a', registeredOn: '2025-01-10' }),
      item({ id: 'b', registeredOn: '2025-03-02', earlierItemIds: ['a'] }),
      item({ id: 'd', registeredOn: '2025-07-01', earlierItemIds: ['a', 'gone'] }),
      item({ id: 'x', registeredOn: '2025-02-01' }),
    ];
    const ms = mattersOf(items);
    assert.equal(ms.length, 2);
    const big = ms.find((m) => m.items.length === 4)!;
    assert.equal(big.key, 'a');
    assert.deepEqual(
      big.items.map((i) => i.id),
      ['a', 'b', 'c', 'd'],
      'earliest first',
    );
    assert.deepEqual(
      ms.map((m) => m.key),
      ['a', 'x'],
      'matters ordered by their anchor',
    );
  });
});

describe('entry rules, each with its reason', () => {
  test('same matter petitioned 3 times meets the default; 2 times does not, and says so', () => {
    const three = mattersOf([
      item({ id: 'a', registeredOn: '2025-01-10', number: 'A1' }),
      item({ id: 'b', registeredOn: '2025-03-02', number: 'A2', earlierItemIds: ['a'] }),
      item({ id: 'c', registeredOn: '2025-06-01', number: 'A3', earlierItemIds: ['b'] }),
    ])[0]!;
    const r = evaluateEntryRules(three, TODAY).find((e) => e.rule === 'repeat_count')!;
    assert.equal(r.met, true);
    assert.equal(r.reason, '同一事项已信访 3 次（A1、A2、A3），达到 3 次');
    assert.deepEqual(r.itemIds, ['a', 'b', 'c']);
    const two = mattersOf([
      item({ id: 'a', registeredOn: '2025-01-10' }),
      item({ id: 'b', registeredOn: '2025-03-02', earlierItemIds: ['a'] }),
    ])[0]!;
    const r2 = evaluateEntryRules(two, TODAY).find((e) => e.rule === 'repeat_count')!;
    assert.equal(r2.met, false);
    assert.equal(r2.reason, '同一事项信访 2 次，未达 3 次');
    const cfg: EntryRuleConfig = { ...DEFAULT_ENTRY_RULES, repeatCount: { enabled: true, min: 2 } };
    assert.equal(evaluateEntryRules(two, TODAY, cfg).find((e) => e.rule === 'repeat_count')!.met, true, 'configurable');
  });

  test('open over 180 days: 181 days meets, 180 does not (counted from receipt)', () => {
    // 2025-05-23 + 181 days = 2025-11-20
    const old = mattersOf([item({ id: 'a', registeredOn: '2025-05-23', status: 'handling', number: 'B1' })])[0]!;
    const r = evaluateEntryRules(old, TODAY).find((e) => e.rule === 'long_open')!;
    assert.equal(r.met, true);
    assert.equal(r.reason, 'B1 自 2025-05-23 收到，至今 181 日仍未办结（超过 180 日）');
    const edge = mattersOf([item({ id: 'a', registeredOn: '2025-05-24', status: 'handling' })])[0]!;
    const r2 = evaluateEntryRules(edge, TODAY).find((e) => e.rule === 'long_open')!;
    assert.equal(r2.met, false);
    assert.equal(r2.reason, '未办结事项最早于 2025-05-24 收到，已 180 日，未超过 180 日');
    const closed = mattersOf([item({ id: 'a', registeredOn: '2024-01-02', status: 'closed' })])[0]!;
    assert.equal(evaluateEntryRules(closed, TODAY).find((e) => e.rule === 'long_open')!.reason, '该事项均已办结');
  });

  test('listed by a higher level: an upstream item carrying the 积案 flag; a district item with it is not', () => {
    const up = mattersOf([
      item({ id: 'a', registeredOn: '2025-09-01', level: '市', flags: ['积案'], number: 'C1' }),
    ])[0]!;
    const r = evaluateEntryRules(up, TODAY).find((e) => e.rule === 'upper_listed')!;
    assert.equal(r.met, true);
    assert.equal(r.reason, 'C1（市级登记）由上级列为积案');
    const local = mattersOf([item({ id: 'a', registeredOn: '2025-09-01', level: '区', flags: ['积案'] })])[0]!;
    assert.equal(evaluateEntryRules(local, TODAY).find((e) => e.rule === 'upper_listed')!.met, false);
  });

  test('a 复核 decided but the petitioner still petitioning', () => {
    const m = mattersOf([
      item({
        id: 'a',
        registeredOn: '2024-10-08',
        status: 'terminated',
        rereviewDecidedOn: '2025-04-20',
        number: 'D1',
      }),
      item({ id: 'b', registeredOn: '2025-04-20', earlierItemIds: ['a'], number: 'D2' }),
      item({ id: 'c', registeredOn: '2025-06-03', earlierItemIds: ['a'], number: 'D3' }),
    ])[0]!;
    const r = evaluateEntryRules(m, TODAY).find((e) => e.rule === 'petition_after_rereview')!;
    assert.equal(r.met, true);
    assert.equal(r.reason, 'D1 已于 2025-04-20 作出复核意见，信访人此后仍信访 1 次（D3）', 'the same day is not after');
    assert.deepEqual(r.itemIds, ['a', 'c']);
    const quiet = mattersOf([item({ id: 'a', registeredOn: '2024-10-08', rereviewDecidedOn: '2025-04-20' })])[0]!;
    assert.equal(
      evaluateEntryRules(quiet, TODAY).find((e) => e.rule === 'petition_after_rereview')!.reason,
      '复核后未再信访',
    );
  });

  test('a disabled rule is not evaluated at all', () => {
    const m = mattersOf([item({ id: 'a', registeredOn: '2025-01-01', status: 'handling' })])[0]!;
    const cfg: EntryRuleConfig = { ...DEFAULT_ENTRY_RULES, longOpen: { enabled: false, days: 180 } };
    assert.deepEqual(
      evaluateEntryRules(m, TODAY, cfg).map((e) => e.rule),
      ['repeat_count', 'upper_listed', 'petition_after_rereview'],
    );
  });
});

describe('proposals', () => {
  const items = () => [
    // matter A: three petitions, the last still open → repeat_count
    item({ id: 'a1', registeredOn: '2025-02-01', number: 'A1' }),
    item({ id: 'a2', registeredOn: '2025-05-01', number: 'A2', earlierItemIds: ['a1'] }),
    item({ id: 'a3', registeredOn: '2025-10-01', number: 'A3', earlierItemIds: ['a2'], status: 'handling' }),
    // matter B: one item open for 200 days and listed by the city → two rules
    item({ id: 'b1', registeredOn: '2025-05-04', status: 'handling', level: '市', flags: ['积案'], number: 'B1' }),
    // matter C: three petitions long ago, all closed and quiet for over a year → inactive
    item({ id: 'c1', registeredOn: '2023-01-01', number: 'C1' }),
    item({ id: 'c2', registeredOn: '2023-05-01', number: 'C2', earlierItemIds: ['c1'] }),
    item({ id: 'c3', registeredOn: '2024-06-01', number: 'C3', earlierItemIds: ['c2'] }),
    // matter D: a single recent item: nothing met
    item({ id: 'd1', registeredOn: '2025-11-01', status: 'handling' }),
  ];

  test('active matters meeting a rule, most rules first, with every evaluation shown', () => {
    const ms = mattersOf(items());
    assert.equal(isActiveMatter(ms.find((m) => m.key === 'c1')!, TODAY), false);
    const ps = proposeCases(ms, TODAY, DEFAULT_ENTRY_RULES, { casedItemIds: new Set(), dismissals: [] });
    assert.deepEqual(
      ps.map((p) => p.anchorItemId),
      ['b1', 'a1'],
    );
    assert.deepEqual(
      ps[0]!.hits.map((h) => h.rule),
      ['long_open', 'upper_listed'],
    );
    assert.equal(ps[0]!.evaluations.length, 4);
    assert.deepEqual(ps[1]!.itemIds, ['a1', 'a2', 'a3']);
    assert.equal(ps[1]!.suggestedTitle, '关于某小区车位问题的信访（a1）');
    assert.equal(ps[1]!.leadUnitId, 'u-zjj');
  });

  test('a matter with an item already in a case is not proposed', () => {
    const ps = proposeCases(mattersOf(items()), TODAY, DEFAULT_ENTRY_RULES, {
      casedItemIds: new Set(['a2']),
      dismissals: [],
    });
    assert.deepEqual(
      ps.map((p) => p.anchorItemId),
      ['b1'],
    );
  });

  test('a dismissal holds on the same facts; a new petition or a new rule proposes again', () => {
    const dismissal = {
      anchorItemId: 'a1',
      rules: ['repeat_count'] as const,
      itemCount: 3,
      on: '2025-10-05',
      reason: '已依法终结，信访人息诉',
    };
    const known = { casedItemIds: new Set<string>(), dismissals: [{ ...dismissal, rules: [...dismissal.rules] }] };
    const ids = (xs: MatterItem[]) =>
      proposeCases(mattersOf(xs), TODAY, DEFAULT_ENTRY_RULES, known).map((p) => p.anchorItemId);
    assert.deepEqual(ids(items()), ['b1']);
    const more = [...items(), item({ id: 'a4', registeredOn: '2025-11-10', earlierItemIds: ['a3'] })];
    assert.deepEqual(ids(more), ['b1', 'a1'], 'a fourth petition');
    const listed = items().map((i) => (i.id === 'a3' ? { ...i, level: '省' as const, flags: ['积案' as const] } : i));
    assert.deepEqual(ids(listed), ['a1', 'b1'], 'the province lists it: a new rule (and now two rules met)');
  });
});
