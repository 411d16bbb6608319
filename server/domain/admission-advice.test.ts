import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ANSWERS, ctxOf, newItem, routedAndAccepted, walk } from '../../test/domain-items.ts';
import { ADMISSION_BASIS, admissionAdvice, strongestAdvice } from './admission-advice.ts';
import type { Item } from './item.ts';
import type { StepInput } from './lifecycle.ts';

// The worked path of SCENARIOS.md: received 2025-09-26, routed 2025-09-29, accepted 2025-10-09 (办理 to 2025-12-08),
// opinion served 2026-01-05 (复查 window to 2026-02-04), 复查意见 served 2026-03-02 (复核 window to 2026-04-01).
const accepted = (): Item => walk(newItem(), routedAndAccepted('u1', '2025-09-29', '2025-10-09'));
const served = (): Item =>
  walk(accepted(), [
    { step: 'reply', on: '2026-01-04', facts: 'f', basis: 'b', answers: ANSWERS },
    { step: 'serve', on: '2026-01-05' },
  ]);
const reviewServed = (): Item =>
  walk(served(), [
    { step: 'request_review', on: '2026-02-03' },
    { step: 'decide_review', on: '2026-02-27', outcome: '维持', opinion: 'o' },
    { step: 'serve_decision', on: '2026-03-02' },
  ]);
const advise = (e: Item, today: string) => admissionAdvice(e, ctxOf(today));

describe('不予受理 / 不再受理 advice from the earlier item of the same person and matter', () => {
  it('still being handled on 2025-11-20: 不予受理, naming the running 办理期限 (2025-12-08)', () => {
    const a = advise(accepted(), '2025-11-20');
    assert.equal(a?.kind, '不予受理');
    assert.match(a!.reason, /正在办理（办理中），办理期限截至 2025-12-08/);
    assert.equal(a!.basis, ADMISSION_BASIS.inProgress);
    const fresh = advise(newItem(), '2025-09-30');
    assert.equal(fresh?.kind, '不予受理');
    assert.match(fresh!.reason, /待交转.*登记转送期限截至 2025-10-11/);
  });

  it('opinion served 2026-01-05: 不予受理 until the 复查 window closes 2026-02-04, 不再受理 from 2026-02-05', () => {
    const open = advise(served(), '2026-02-04');
    assert.equal(open?.kind, '不予受理');
    assert.match(open!.reason, /处理意见于 2026-01-05 送达，复查申请期限截至 2026-02-04 尚未届满/);
    assert.equal(open!.basis, ADMISSION_BASIS.windowOpen);
    const lapsed = advise(served(), '2026-02-05');
    assert.equal(lapsed?.kind, '不再受理');
    assert.match(lapsed!.reason, /复查申请期限已于 2026-02-04 届满，信访人未请求复查/);
    assert.match(lapsed!.basis, /第三十五条/);
    // Closed by the bureau while the window ran: the window, not the status, decides.
    const closed = walk(served(), [
      { step: 'conclude', on: '2026-01-07' },
      { step: 'approve_close', on: '2026-01-08' },
    ]);
    assert.equal(closed.status, 'closed');
    assert.equal(advise(closed, '2026-01-20')?.kind, '不予受理');
    assert.equal(advise(closed, '2026-03-01')?.kind, '不再受理');
  });

  it('复查意见 served 2026-03-02 and no 复核 asked by 2026-04-01: 不再受理 on 2026-04-02', () => {
    assert.equal(advise(reviewServed(), '2026-04-01')?.kind, '不予受理');
    const a = advise(reviewServed(), '2026-04-02');
    assert.equal(a?.kind, '不再受理');
    assert.match(a!.reason, /复查意见于 2026-03-02 送达，复核申请期限已于 2026-04-01 届满，信访人未请求复核/);
    assert.equal(a!.basis, ADMISSION_BASIS.rereviewLapsed);
  });

  it('复核 requested 2026-03-20: 不予受理 while it runs; decided 2026-04-15: 不再受理 under 第三十六条', () => {
    const rr = walk(reviewServed(), [{ step: 'request_rereview', on: '2026-03-20' }]);
    const running = advise(rr, '2026-04-10');
    assert.equal(running?.kind, '不予受理');
    assert.match(running!.reason, /复核中.*复核期限截至 2026-04-20/);
    const done = walk(rr, [{ step: 'decide_rereview', on: '2026-04-15', outcome: '维持', opinion: 'o' } as StepInput]);
    assert.equal(done.status, 'terminated');
    const a = advise(done, '2026-09-01');
    assert.equal(a?.kind, '不再受理');
    assert.match(a!.reason, /已于 2026-04-15 作出复核意见/);
    assert.match(a!.basis, /《信访工作条例》第三十六条/);
  });

  it('no advice for an item filed, not accepted or guided into a legal channel; 不再受理 weighs most', () => {
    assert.equal(advise({ ...newItem(), status: 'filed' }, '2025-10-01'), null);
    assert.equal(advise({ ...newItem(), status: 'legal_channel' }, '2025-10-01'), null);
    const list = [
      { id: 'a', admission: advise(accepted(), '2026-02-05') },
      { id: 'b', admission: advise(served(), '2026-02-05') },
      { id: 'c', admission: null },
    ];
    assert.equal(list[0]!.admission?.kind, '不予受理', 'the handling period has passed but the matter is open');
    assert.equal(strongestAdvice(list)?.id, 'b');
    assert.equal(strongestAdvice([list[2]!]), null);
  });
});
