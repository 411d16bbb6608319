import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { applyStep } from '../../app/apply-step.ts';
import { registerItem } from '../../app/register-item.ts';
import { PUBLIC_STEPS } from '../../domain/public-view.ts';
import { createApp } from '../app.ts';
import { dialects, makeTestEnv, seedPeople, type TestEnv } from '../../../test/test-db.ts';

/** Staff texts of every kind; none may reach the public page, in whole or in part. */
const INTERNAL = ['内部交转意见', '内部异议', '第二行', '内部延期', '口头同意', '内部审批', '内部退回', '补充材料后'];

/**
 * The public query page is built from what is addressed to the petitioner (a whitelist of events and texts):
 * internal steps and staff reasons never appear, whatever their shape.
 */
for (const dialect of dialects()) {
  describe(`public query page (${dialect})`, () => {
    let env: TestEnv;
    let app: ReturnType<typeof createApp>;
    let codeA = '';
    let codeB = '';
    const get = async (code: string) => {
      const r = await app.request(`/api/v1/public/items/${code}`);
      return { status: r.status, body: (await r.json()) as any };
    };

    before(async () => {
      env = await makeTestEnv(dialect, '2025-09-10');
      const p = await seedPeople(env.deps);
      const reg = { actor: p.users.registrar, requestId: null };
      const rev = { actor: p.users.reviewer, requestId: null };
      const unit = { actor: p.users.scjHandler, requestId: null };
      const head = { actor: { ...p.users.scjHandler, role: 'unit_head' as const }, requestId: null };
      const register = (title: string) =>
        registerItem(env.deps, reg, {
          channel: '来信',
          level: '区',
          receivedOn: '2025-09-10',
          registeredOn: '2025-09-10',
          headCount: 1,
          representatives: [],
          petitioners: [{ name: '钱公开', phone: '13600004444', idUnverified: false }],
          title,
          content: '某商户出售过期食品。',
          demands: ['查处过期食品', '公开处理结果'],
          purpose: '求决',
          handlingClass: '申诉求决类',
          flags: [],
        });
      env.setToday('2025-11-20');
      let v = 1;
      const run = async (ctx: typeof reg, id: string, input: Record<string, unknown>) => {
        const r = await applyStep(env.deps, ctx, id, v, input as never);
        v = r.item.version;
      };
      const a = await register('过期食品问题');
      codeA = a.queryCode;
      const id = a.item.id;
      const route = {
        step: 'route',
        kind: '转送',
        unitId: p.units.scj,
        assistUnitIds: [],
        note: '内部交转意见：重点核查',
      };
      await run(rev, id, { ...route, on: '2025-09-11' });
      await run(unit, id, { step: 'confirm_receipt', on: '2025-09-12' });
      await run(unit, id, { step: 'object', on: '2025-09-15', reason: '内部异议理由\n第二行：不属于本单位' });
      await run(rev, id, { ...route, on: '2025-09-16' });
      await run(unit, id, { step: 'confirm_receipt', on: '2025-09-17' });
      await run(unit, id, { step: 'accept', on: '2025-09-18' });
      await run(unit, id, {
        step: 'request_extension',
        on: '2025-10-20',
        days: 30,
        reason: '内部延期：调取档案\n口头同意',
      });
      await run(head, id, {
        step: 'decide_extension',
        on: '2025-10-21',
        approve: true,
        note: '内部审批意见',
        noticeReason: '案情复杂，需要进一步调查核实',
      });
      const reply = {
        step: 'reply',
        facts: '经查，该商户确有出售过期食品行为。',
        basis: '《中华人民共和国食品安全法》',
        answers: [
          { demandIndex: 0, outcome: '支持', explanation: '已立案查处。' },
          { demandIndex: 1, outcome: '解释说明', explanation: '处理结果将依法公示。' },
        ],
      };
      await run(unit, id, { ...reply, on: '2025-10-25' });
      await run(unit, id, { step: 'serve', on: '2025-10-27' });
      await run(unit, id, { step: 'conclude', on: '2025-10-28' });
      await run(rev, id, { step: 'send_back', on: '2025-10-29', reason: '内部退回理由\n补充材料后再报' });
      await run(unit, id, { ...reply, on: '2025-11-05' });
      await run(unit, id, { step: 'serve', on: '2025-11-06' });
      await run(reg, id, { step: 'request_review', on: '2025-11-10' });
      await run(rev, id, {
        step: 'decide_review',
        on: '2025-11-12',
        outcome: '维持',
        opinion: '经复查，原处理意见正确，予以维持。',
      });
      await run(reg, id, { step: 'serve_decision', on: '2025-11-13' });

      const b = await register('过期食品问题（二）');
      codeB = b.queryCode;
      v = 1;
      await run(rev, b.item.id, { ...route, on: '2025-09-11' });
      await run(unit, b.item.id, { step: 'confirm_receipt', on: '2025-09-12' });
      await run(unit, b.item.id, { step: 'accept', on: '2025-09-13' });
      await run(unit, b.item.id, { step: 'request_extension', on: '2025-10-20', days: 10, reason: '内部延期理由' });
      await run(head, b.item.id, {
        step: 'decide_extension',
        on: '2025-10-21',
        approve: false,
        note: '内部审批：不同意',
      });
      app = createApp(env.deps, {
        secureCookies: false,
        idleMinutes: 600,
        webDist: null,
        log: null,
        rateLimitPerMinute: 1000,
      });
    });
    after(async () => env.close());

    it('shows registration, routing, acceptance, the extension as told, the opinion and the 复查 outcome', async () => {
      const r = await get(codeA);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const text = JSON.stringify(r.body);
      for (const s of INTERNAL) assert.ok(!text.includes(s), `"${s}" on the public page: ${text}`);
      for (const p of r.body.progress)
        assert.ok((PUBLIC_STEPS as readonly string[]).includes(p.step), `internal step ${p.step} listed`);
      const steps = r.body.progress.map((p: { step: string }) => p.step);
      for (const s of ['register', 'route', 'accept', 'extension', 'opinion', 'serve', 'review'])
        assert.ok(steps.includes(s), `${s} missing from ${steps.join(',')}`);
      assert.equal(
        steps.filter((s: string) => s === 'route').length,
        1,
        'routing is shown once, to the organ handling it',
      );
      assert.ok(text.includes('区市场监管局'), 'the organ it was routed to');
      assert.ok(text.includes('案情复杂，需要进一步调查核实'), 'the extension reason as told to the petitioner');
      assert.deepEqual(
        r.body.demands.map((d: any) => d.answer?.outcome),
        ['支持', '解释说明'],
      );
      assert.equal(r.body.review.outcome, '维持');
      assert.match(r.body.review.opinion, /予以维持/);
      assert.match(r.body.reviewRight, /复核/);
    });

    it('a refused extension is not shown at all', async () => {
      const r = await get(codeB);
      assert.equal(r.status, 200);
      const text = JSON.stringify(r.body);
      for (const s of ['延期', '内部']) assert.ok(!text.includes(s), `"${s}" on the public page: ${text}`);
    });

    it('a wrong code tells nothing, and guessing is throttled', async () => {
      const a = await get('AAAAAAAAAA');
      const b = await get('ZZZZZZZZZ2');
      assert.equal(a.status, 404);
      assert.deepEqual(a.body, b.body);
      const tight = createApp(env.deps, {
        secureCookies: false,
        idleMinutes: 600,
        webDist: null,
        log: null,
        rateLimitPerMinute: 3,
      });
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await tight.request(`/api/v1/public/items/BBBBBBBBB${i + 2}`)).status);
      assert.ok(statuses.includes(429), statuses.join(','));
    });
  });
}
