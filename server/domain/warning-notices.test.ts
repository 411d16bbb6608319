import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { calendar, newItem, routedAndAccepted, walk } from '../../test/domain-items.ts';
import { addDays } from './calendar.ts';
import { DEFAULT_RULES } from './deadline.ts';
import { deadlinesOf } from './item-deadlines.ts';
import type { Item } from './item.ts';
import { itemLabelOf } from './notice-text.ts';
import {
  DEFAULT_NOTICE_ROUTING,
  planWarningNotices,
  warningNoticeKey,
  type PlannedNotice,
  type WarningNoticeInput,
} from './warning-notices.ts';

const handler = { userId: 'jb', name: '经办人', identity: 'full' as const };
const head = { userId: 'fz', name: '负责人', identity: 'full' as const };
const reviewer = { userId: 'sh', name: '审核员', identity: 'full' as const };

function inputOf(item: Item, today: string, over: Partial<WarningNoticeInput> = {}): WarningNoticeInput {
  return {
    item: itemLabelOf(item),
    unitName: '区住建局',
    deadlines: deadlinesOf(item, calendar, DEFAULT_RULES, today),
    handler,
    unitHeads: [head],
    reviewers: [reviewer],
    ...over,
  };
}

/** Runs the planner every day from `from` to `to`, raising each key once (as the store does), by day. */
function daily(item: Item, from: string, to: string, over: Partial<WarningNoticeInput> = {}) {
  const raised = new Map<string, PlannedNotice & { on: string }>();
  for (let d = from; d <= to; d = addDays(d, 1)) {
    for (const n of planWarningNotices(inputOf(item, d, over)))
      if (!raised.has(n.key)) raised.set(n.key, { ...n, on: d });
  }
  return [...raised.values()];
}

describe('warning notices of an item a unit lets run late', () => {
  // SCENARIOS: received 2025-09-26, routed 09-29, accepted 10-09 → handling due 2025-12-08 (60 日).
  const item = walk(newItem({ receivedOn: '2025-09-26', registeredOn: '2025-09-26' }), [
    ...routedAndAccepted('zjj', '2025-09-29', '2025-10-09'),
  ]);

  it('raises 预警 / 警告 / 严重警告 / 超期 once each, on their days, to the handler, the head and the reviewer', () => {
    const notices = daily(item, '2025-10-09', '2025-12-31');
    // 60 days from 10-09: 75 % = day 45 (11-23), 85 % = day 51 (11-29), 99 % = day 60 (12-08, the due day), then 12-09.
    const expected = { notice: '2025-11-23', warning: '2025-11-29', severe: '2025-12-08', overdue: '2025-12-09' };
    for (const [level, on] of Object.entries(expected)) {
      const got = notices.filter((n) => n.level === level);
      assert.deepEqual(
        got.map((n) => [n.userId, n.on]).sort(),
        [
          ['fz', on],
          ['jb', on],
          ['sh', on],
        ],
        level,
      );
    }
    assert.equal(notices.length, 12, 'nothing else: the met acceptance duty and the objection window raise nothing');
    assert.ok(notices.every((n) => n.rule === 'handle' && n.due === '2025-12-08'));
  });

  it('the key is stable across runs and restarts: the same day planned twice gives the same keys', () => {
    const a = planWarningNotices(inputOf(item, '2025-12-10')).map((n) => n.key);
    const b = planWarningNotices(inputOf(item, '2025-12-10')).map((n) => n.key);
    assert.deepEqual(a, b);
    assert.ok(a.includes(warningNoticeKey(item.id, 'handle', '2025-12-08', 'overdue', 'jb')));
  });

  it('an approved extension moves the deadline: the new deadline warns afresh under new keys', () => {
    const extended = walk(item, [
      { step: 'request_extension', on: '2025-11-20', days: 30, reason: '需要现场勘验' },
      { step: 'decide_extension', on: '2025-11-21', approve: true },
    ]);
    const before = daily(item, '2025-11-20', '2025-11-30');
    assert.ok(
      before.some((n) => n.level === 'notice'),
      'the old deadline warned on 11-23',
    );
    const after = daily(extended, '2025-11-21', '2026-01-10');
    // 90 days from 10-09 → 2026-01-07; 75 % of 90 = day 67.5 → day 68 = 2025-12-16.
    assert.ok(after.every((n) => n.due === '2026-01-07'));
    assert.equal(after.find((n) => n.level === 'notice' && n.userId === 'jb')?.on, '2025-12-16');
    assert.equal(after.find((n) => n.level === 'overdue' && n.userId === 'jb')?.on, '2026-01-08');
  });

  it('a person named twice gets one notice; no handler named yet: the heads still get every level', () => {
    const both = planWarningNotices(inputOf(item, '2025-12-09', { handler: head }));
    assert.deepEqual(both.map((n) => n.userId).sort(), ['fz', 'sh']);
    const noHandler = planWarningNotices(inputOf(item, '2025-12-09', { handler: null }));
    assert.deepEqual(noHandler.map((n) => n.userId).sort(), ['fz', 'sh']);
  });

  it('the routing is configurable: 预警 to the handler only', () => {
    const routing = {
      ...DEFAULT_NOTICE_ROUTING,
      unit: { ...DEFAULT_NOTICE_ROUTING.unit, notice: ['handler'] as const },
    };
    const n = planWarningNotices(inputOf(item, '2025-11-23'), routing);
    assert.deepEqual(
      n.map((x) => x.userId),
      ['jb'],
    );
  });

  it('the bureau’s own route duty warns its reviewers only', () => {
    const registered = newItem({ receivedOn: '2025-09-26', registeredOn: '2025-09-26' }); // route due 10-11
    const n = daily(registered, '2025-09-26', '2025-10-12');
    assert.deepEqual([...new Set(n.map((x) => x.userId))], ['sh']);
    assert.equal(n.find((x) => x.level === 'overdue')?.on, '2025-10-12');
  });
});

describe('notice texts never carry more identity than the recipient may see', () => {
  const item = walk(newItem(), routedAndAccepted('zjj', '2025-09-29', '2025-10-09'));

  it('masked by default; the title as written only for a recipient who may unmask; none for a hidden one', () => {
    const plan = planWarningNotices(
      inputOf(item, '2025-12-09', {
        handler: { userId: 'jb', name: 'x', identity: 'full' },
        unitHeads: [{ userId: 'fz', name: 'y' }],
        reviewers: [{ userId: 'sh', name: 'z', identity: 'hidden' }],
      }),
    );
    const by = (u: string) => plan.find((n) => n.userId === u)!;
    assert.match(by('jb').body, /王小明反映小区电梯长期停运/);
    assert.doesNotMatch(by('fz').body, /王小明/);
    assert.match(by('fz').body, /王\*\*反映小区电梯长期停运/);
    assert.doesNotMatch(by('sh').body, /电梯|王/);
    for (const n of plan) {
      assert.doesNotMatch(n.outboundBody, /王小明/, 'e-mail: masked at most');
      assert.doesNotMatch(n.shortText, /王|电梯/, 'SMS: no title at all');
      assert.match(n.shortText, /超期 1 天/);
      assert.equal(n.link, `/items/${item.id}`);
    }
  });
});
