import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { actor, ANSWERS, calendar, newItem, routedAndAccepted, walk } from '../../test/domain-items.ts';
import { digestKey, digestOf } from './digest.ts';
import { DEFAULT_RULES } from './deadline.ts';
import { deadlinesOf } from './item-deadlines.ts';
import type { Item } from './item.ts';
import { applySupervisionStep, escalateSupervision, issueSupervision } from './supervision.ts';
import { workItemOf, workloadOf, worklistFor, type AssistRequest, type WorkItem } from './worklist.ts';

const TODAY = '2025-11-25';
const registrar = actor('reg', 'registrar');
const reviewer = actor('rev', 'reviewer');
const head = actor('fz', 'unit_head', 'zjj');
const handler = actor('jb', 'unit_handler', 'zjj');
const handler2 = actor('jb2', 'unit_handler', 'zjj');
const assistHead = actor('scj-fz', 'unit_head', 'scj');
const leader = actor('ld', 'leader');

const work = (item: Item, handlerUserId: string | null, assistRequests?: AssistRequest[]): WorkItem =>
  workItemOf(item, deadlinesOf(item, calendar, DEFAULT_RULES, TODAY), {
    handlerUserId,
    identity: 'full',
    ...(assistRequests ? { assistRequests } : {}),
  });

const registered = newItem({ receivedOn: '2025-11-20', registeredOn: '2025-11-20' });
const routed = walk(newItem({ receivedOn: '2025-11-20', registeredOn: '2025-11-20' }), [
  { step: 'route', on: '2025-11-21', kind: '转送', unitId: 'zjj' },
]);
const handling = walk(newItem(), routedAndAccepted('zjj', '2025-09-29', '2025-10-09'));
const extensionAsked = walk(newItem(), [
  ...routedAndAccepted('zjj', '2025-09-29', '2025-10-09'),
  { step: 'request_extension', on: '2025-11-24', days: 30, reason: '需等待房屋安全鉴定结论' },
]);
const concluded = walk(newItem(), [
  ...routedAndAccepted('zjj', '2025-09-29', '2025-10-09'),
  { step: 'reply', on: '2025-11-10', facts: '查明', basis: '依据', answers: ANSWERS },
  { step: 'serve', on: '2025-11-12' },
  { step: 'conclude', on: '2025-11-20' },
]);
const assisted = walk(newItem(), [
  { step: 'route', on: '2025-11-03', kind: '交办', unitId: 'zjj', assistUnitIds: ['scj'] },
  { step: 'confirm_receipt', on: '2025-11-03' },
  { step: 'accept', on: '2025-11-05' },
]);

const items: WorkItem[] = [
  work(registered, null),
  work(routed, null),
  work(handling, 'jb'),
  work(extensionAsked, 'jb2'),
  work(concluded, 'jb'),
  work(assisted, 'jb', [
    {
      unitId: 'scj',
      requestedOn: '2025-11-05',
      dueOn: '2025-11-28',
      givenOn: null,
      waived: false,
      handlerUserId: null,
    },
  ]),
];

const sup = issueSupervision(
  {
    kind: '文书督办',
    itemIds: [handling.id],
    reason: '办理进度缓慢',
    requirements: '报告办理进展',
    unitId: 'zjj',
    addresseeUserId: 'jb',
    issuedOn: '2025-11-17',
    dueOn: '2025-11-24',
  },
  reviewer,
  { id: 'sup1', number: '督办〔2025〕7号' },
  '2025-11-17',
);
const supervisions = [{ supervision: sup, itemNumbers: [handling.number] }];

const list = (a: typeof head) => worklistFor(a, { items, supervisions }, TODAY);
const actions = (a: typeof head) => list(a).map((e) => `${e.action}:${e.numbers.join(',')}`);

describe('what is waiting for me', () => {
  it('the unit head: sign for, name a handler, decide extensions (days, reason), 协办意见; not handlers’ work', () => {
    const got = list(head);
    assert.deepEqual(got.map((e) => e.action).sort(), ['approve_extension', 'assign_handler', 'sign_for'].sort());
    const ext = got.find((e) => e.action === 'approve_extension')!;
    assert.equal(ext.itemId, extensionAsked.id);
    assert.equal(ext.detail, '2025-11-24 申请延期 30 日，理由：需等待房屋安全鉴定结论');
    assert.equal(ext.actionLabel, '审批延期申请');
    assert.ok(!got.some((e) => e.action === 'answer_supervision'), 'the 督办 is addressed to the handler');
  });

  it('the handler sees the items named to him and the 督办 addressed to him, the overdue 督办 first', () => {
    const got = list(handler);
    assert.deepEqual(
      got.map((e) => e.action),
      ['answer_supervision', 'handle', 'handle'],
    );
    assert.equal(got[0]!.level, 'overdue');
    assert.match(got[0]!.detail, /已逾期 1 天；督办要求：报告办理进展；限 2025-11-24 前书面回复/);
    assert.equal(got[0]!.link, '/supervisions/sup1');
    assert.deepEqual(
      actions(handler2),
      [`handle:${extensionAsked.number}`],
      'he handles his item; deciding its extension is the head’s',
    );
  });

  it('a 督办 escalated to the unit head waits for the head too', () => {
    const escalated = escalateSupervision(sup, TODAY)!.supervision;
    const got = worklistFor(head, { items: [], supervisions: [{ supervision: escalated, itemNumbers: ['x'] }] }, TODAY);
    assert.deepEqual(
      got.map((e) => e.action),
      ['answer_supervision'],
    );
  });

  it('the bureau: the registrar routes, the reviewer reviews closings and answered 督办', () => {
    assert.deepEqual(actions(registrar), [`route:${registered.number}`]);
    assert.deepEqual(actions(reviewer), [`review_closing:${concluded.number}`]);
    const answered = applySupervisionStep(
      sup,
      { step: 'reply', on: TODAY, done: '已完成' },
      handler,
      TODAY,
    ).supervision;
    const got = worklistFor(
      reviewer,
      { items: [], supervisions: [{ supervision: answered, itemNumbers: ['x'] }] },
      TODAY,
    );
    assert.equal(got[0]?.action, 'review_supervision_reply');
    assert.equal(got[0]?.detail, '督办〔2025〕7号 已于 2025-11-25 回复，请采纳或再次督促');
  });

  it('the assisting unit’s head gives the 协办意见; leaders have no to-do list', () => {
    const got = list(assistHead);
    assert.deepEqual(
      got.map((e) => [e.action, e.dueOn, e.level]),
      [['give_assist_opinion', '2025-11-28', 'warning']],
    );
    assert.deepEqual(list(leader), []);
  });

  it('titles are what the actor may read: masked unless the work item says the identity is theirs', () => {
    const masked = workItemOf(handling, deadlinesOf(handling, calendar, DEFAULT_RULES, TODAY), { handlerUserId: 'jb' });
    const [e] = worklistFor(handler, { items: [masked], supervisions: [] }, TODAY);
    assert.equal(e?.title, '王**反映小区电梯长期停运');
  });
});

describe('workload and the daily digest', () => {
  it('open, due within 5 days, overdue and waiting, per unit and per person, with the ids behind them', () => {
    const wl = workloadOf(
      {
        items: [
          { itemId: 'a', status: 'handling', leadUnitId: 'zjj', handlerUserId: 'jb', unitDueOn: '2025-11-30' },
          { itemId: 'b', status: 'handling', leadUnitId: 'zjj', handlerUserId: 'jb', unitDueOn: '2025-11-24' },
          { itemId: 'c', status: 'received', leadUnitId: 'zjj', handlerUserId: null, unitDueOn: '2025-12-01' },
          { itemId: 'd', status: 'closed', leadUnitId: 'zjj', handlerUserId: 'jb', unitDueOn: null },
          { itemId: 'e', status: 'handling', leadUnitId: 'scj', handlerUserId: null, unitDueOn: '2025-11-25' },
        ],
        people: [
          { userId: 'jb', unitId: 'zjj', waiting: list(handler) },
          { userId: 'fz', unitId: 'zjj', waiting: list(head) },
        ],
      },
      TODAY,
    );
    const zjj = wl.units.find((u) => u.unitId === 'zjj')!;
    assert.deepEqual(zjj.open, ['a', 'b', 'c']);
    assert.deepEqual(zjj.dueSoon, ['a'], '11-30 is within 5 days of 11-25; 12-01 is not');
    assert.deepEqual(zjj.overdue, ['b']);
    assert.equal(zjj.waiting.length, list(handler).length + list(head).length);
    const scj = wl.units.find((u) => u.unitId === 'scj')!;
    assert.deepEqual(scj.dueSoon, ['e'], 'due today counts as due soon');
    const jb = wl.people.find((p) => p.userId === 'jb')!;
    assert.deepEqual([jb.open, jb.overdue, jb.waiting.length], [['a', 'b'], ['b'], 3]);
  });

  it('one digest per person and day: counts and numbers, the most pressing first; nothing at all sends nothing', () => {
    const todo = [
      { number: 'A-3', daysLeft: 5 },
      { number: 'A-1', daysLeft: -2 },
      { number: 'A-4', daysLeft: 6 },
      { number: 'A-2', daysLeft: 0 },
      { number: 'A-5', daysLeft: null },
      { number: 'A-0', daysLeft: -9 },
    ];
    const unread = [
      { label: '期限预警', count: 2 },
      { label: '督办', count: 1 },
      { label: '指定经办人', count: 0 },
    ];
    const d = digestOf({ userId: 'jb', date: '2025-12-09', todo, dueSoonDays: 5, unread, hadDigest: true });
    assert.ok(d);
    assert.equal(d.key, digestKey('jb', '2025-12-09'));
    assert.equal(d.title, '每日待办摘要（12月9日）');
    assert.deepEqual(d.counts, { waiting: 6, dueSoon: 2, overdue: 2, unread: 3 });
    assert.deepEqual(d.overdueNumbers, ['A-0', 'A-1']);
    assert.deepEqual(d.dueSoonNumbers, ['A-2', 'A-3'], 'today and the fifth day count; the sixth does not');
    assert.deepEqual(d.body.split('\n'), [
      '待办 6 项，其中超期 2 项、5 日内到期 2 项。',
      '超期：A-0、A-1',
      '5 日内到期：A-2、A-3',
      '自上次摘要以来未读通知 3 条（期限预警 2 条、督办 1 条）。',
    ]);
    assert.ok(d.emailBody.startsWith(d.body));
    const first = digestOf({ userId: 'jb', date: '2025-01-02', todo: [], dueSoonDays: 5, unread, hadDigest: false });
    assert.equal(first?.title, '每日待办摘要（1月2日）');
    assert.equal(first?.body, '当前没有待办事项。\n未读通知 3 条（期限预警 2 条、督办 1 条）。');
    assert.equal(digestOf({ userId: 'x', date: TODAY, todo: [], dueSoonDays: 5, unread: [], hadDigest: true }), null);
    const many = Array.from({ length: 12 }, (_, i) => ({ number: `B-${String(i).padStart(2, '0')}`, daysLeft: -1 }));
    const long = digestOf({ userId: 'x', date: TODAY, todo: many, dueSoonDays: 5, unread: [], hadDigest: false });
    assert.equal(
      long?.body.split('\n')[1],
      `超期：${many
        .slice(0, 10)
        .map((t) => t.number)
        .join('、')} 等 12 项`,
    );
  });
});
