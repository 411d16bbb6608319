import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emptyFacts, type Item } from './item.ts';
import { PUBLIC_STEPS, publicProgress, publicViewOf, type StoredEvent } from './public-view.ts';

const item = (over: Partial<Item> = {}): Item => ({
  id: 'x',
  number: 'N1',
  version: 1,
  status: 'handling',
  channel: '来信',
  level: '区',
  receivedOn: '2025-09-01',
  registeredOn: '2025-09-01',
  petitioners: [{ name: '钱公开', idNumber: null, idVerified: true, phone: null, address: null }],
  organisation: null,
  headCount: 1,
  representatives: [],
  title: '过期食品',
  content: '内容',
  demands: [{ text: '查处' }],
  classCode: null,
  purpose: '求决',
  handlingClass: '申诉求决类',
  flags: [],
  place: null,
  leadUnitId: 'U1',
  assistUnitIds: [],
  accused: null,
  isRepeat: false,
  earlierItemIds: [],
  registeredBy: null,
  facts: emptyFacts(),
  ...over,
});
const ev = (
  on: string,
  step: string,
  input: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
): StoredEvent => ({
  on,
  step,
  summary: `内部摘要：${step}\n第二行`,
  data: { input: { step, ...input }, ...extra },
});
const units = (id: string) => ({ U1: '区市场监管局', U2: '区住建局' })[id] ?? null;

test('internal steps and staff texts never appear, whatever they say', () => {
  const events = [
    ev('2025-09-01', 'register'),
    ev('2025-09-02', 'route', { kind: '转送', unitId: 'U2', note: '内部：先给住建局' }),
    ev('2025-09-03', 'confirm_receipt'),
    ev('2025-09-04', 'object', { reason: '内部异议\n不属于我局' }),
    ev('2025-09-05', 'route', { kind: '转送', unitId: 'U1', note: '内部：改交市场监管局' }),
    ev('2025-09-06', 'accept'),
    ev('2025-10-01', 'request_extension', { days: 20, reason: '内部：人手不足' }),
    ev('2025-10-02', 'decide_extension', { approve: true, note: '内部批示', noticeReason: '需要检测样品' }),
    ev('2025-10-10', 'reply', { facts: '事实', basis: '依据', answers: [] }),
    ev('2025-10-11', 'serve'),
    ev('2025-10-12', 'conclude'),
    ev('2025-10-13', 'send_back', { reason: '内部退回' }),
    ev('2025-10-14', 'attach'),
    ev('2025-10-15', 'deadline_moved'),
  ];
  const p = publicProgress(item(), events, units);
  const text = JSON.stringify(p);
  assert.ok(!text.includes('内部'), text);
  assert.ok(!text.includes('区住建局'), 'the route undone by an objection is not shown');
  assert.deepEqual(
    p.map((e) => e.step),
    ['register', 'route', 'accept', 'extension', 'opinion', 'serve'],
  );
  assert.equal(p[1]!.summary, '已转送区市场监管局办理');
  assert.deepEqual(p[3], { on: '2025-10-02', step: 'extension', summary: '办理期限延长 20 日', text: '需要检测样品' });
  for (const e of p) assert.ok((PUBLIC_STEPS as readonly string[]).includes(e.step));
});

test('an extension approved without a reason for the petitioner shows no staff reason; a refused one nothing', () => {
  const ok = publicProgress(
    item(),
    [
      ev('2025-10-01', 'request_extension', { days: 5, reason: '内部理由' }),
      ev('2025-10-02', 'decide_extension', { approve: true }),
    ],
    units,
  );
  assert.deepEqual(ok.at(-1), { on: '2025-10-02', step: 'extension', summary: '办理期限延长 5 日', text: null });
  const no = publicProgress(
    item(),
    [
      ev('2025-10-01', 'request_extension', { days: 5 }),
      ev('2025-10-02', 'decide_extension', { approve: false, note: '内部' }),
    ],
    units,
  );
  assert.deepEqual(
    no.map((e) => e.step),
    ['register'],
  );
});

test('notices to the petitioner carry their text: a direct reply, a refusal, a decision', () => {
  const p = publicProgress(
    item(),
    [
      ev('2025-09-02', 'route', { kind: '直接回复', note: '已电话解答政策' }),
      {
        on: '2025-09-20',
        step: 'request_review',
        summary: '复查申请期限已于 2025-09-10 届满',
        data: { refused: true },
      },
      ev('2025-09-21', 'decide_rereview', { outcome: '维持', opinion: '复核维持' }),
      ev('2025-09-22', 'serve_decision'),
    ],
    units,
  );
  assert.deepEqual(
    p.map((e) => [e.step, e.summary, e.text]),
    [
      ['register', '信访部门已登记（来信）', null],
      ['route', '信访部门已直接答复', '已电话解答政策'],
      ['review', '复查申请不予受理', '复查申请期限已于 2025-09-10 届满'],
      ['rereview', '作出复核意见：维持', '复核维持'],
      ['rereview', '复核意见书已送达', null],
    ],
  );
});

test('an imported item shows its imported facts in place of the import event', () => {
  const facts = {
    ...emptyFacts(),
    acceptedOn: '2025-09-05',
    route: { kind: '交办' as const, on: '2025-09-03', unitId: 'U1', assistUnitIds: [], note: '内部' },
  };
  const p = publicProgress(item({ facts }), [ev('2025-09-01', 'import')], units);
  assert.deepEqual(
    p.map((e) => e.summary),
    ['信访部门已登记（来信）', '已交办区市场监管局办理', '已受理，出具受理告知书'],
  );
});

test('the right to ask further follows the last decision served', () => {
  const f = emptyFacts();
  const review = {
    requests: [],
    acceptedOn: '2025-10-01',
    outcome: '维持' as const,
    opinion: '维持',
    decidedOn: '2025-10-05',
    servedOn: '2025-10-06',
    hearings: [],
  };
  assert.equal(publicViewOf(item(), [], units, '2025-10-10').reviewRight, null);
  assert.match(
    publicViewOf(item({ facts: { ...f, servedOn: '2025-09-30' } }), [], units, '2025-10-10').reviewRight!,
    /复查/,
  );
  assert.match(
    publicViewOf(item({ facts: { ...f, servedOn: '2025-09-30', review } }), [], units, '2025-10-10').reviewRight!,
    /复核/,
  );
  const final = publicViewOf(
    item({ facts: { ...f, servedOn: '2025-09-30', review, rereview: review } }),
    [],
    units,
    '2025-10-10',
  );
  assert.match(final.reviewRight!, /不再受理/);
  assert.deepEqual(final.rereview, {
    outcome: '维持',
    opinion: '维持',
    decidedOn: '2025-10-05',
    servedOn: '2025-10-06',
  });
});
