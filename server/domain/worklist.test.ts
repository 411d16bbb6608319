import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { actor, ANSWERS, calendar, newItem, routedAndAccepted, walk } from '../../test/domain-items.ts';
import { digestFor, digestKey } from './digest.ts';
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

  it('one digest per person and day, the most pressing first; nothing waiting and nothing unread sends nothing', () => {
    const d = digestFor({ userId: 'jb', displayName: '张经办', date: TODAY, work: list(handler), unread: 2 });
    assert.ok(d);
    assert.equal(d.key, digestKey('jb', TODAY));
    assert.equal(d.lines[0], '张经办，您有 3 项待办，其中超期 1 项');
    assert.match(d.lines[1]!, /^【超期】回复督办：/);
    assert.equal(d.lines.at(-1), '未读通知 2 条');
    assert.doesNotMatch(d.outboundText, /电梯|王/, 'the e-mail text names items by number only');
    assert.equal(digestFor({ userId: 'x', displayName: 'x', date: TODAY, work: [], unread: 0 }), null);
    assert.equal(
      digestFor({ userId: 'x', displayName: '李', date: TODAY, work: [], unread: 0 }, { sendEmpty: true })?.lines[0],
      '李，今日无待办事项',
    );
    const long = digestFor(
      { userId: 'jb', displayName: 'x', date: TODAY, work: list(handler), unread: 0 },
      { maxLines: 1 },
    );
    assert.equal(long?.lines.at(-1), '另有 2 项，请登录系统查看');
  });
});
