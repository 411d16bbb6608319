import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { settleBackgroundRuns } from '../server/app/background-run.ts';
import { recomputeTuning, resumeRulesRecompute } from '../server/app/rules-edit.ts';
import { createApp } from '../server/http/app.ts';
import { rawSetting, setSetting } from '../server/store/settings.store.ts';
import { extraRouteModules } from '../server/http/modules.ts';
import { loginAs, type Client } from './http-client.ts';
import { dialects, makeTestEnv, seedPeople, type TestEnv } from './test-db.ts';

const opts = { secureCookies: false, idleMinutes: 60 * 24 * 3650, webDist: null, log: null, rateLimitPerMinute: 1000 };

for (const dialect of dialects()) {
  describe(`a rules edit recomputes the stored deadlines of open items (${dialect})`, () => {
    let env: TestEnv;
    let app: ReturnType<typeof createApp>;
    let reg: Client, rev: Client, handler: Client, admin: Client;
    let id = '';
    before(async () => {
      env = await makeTestEnv(dialect, '2025-10-09');
      const people = await seedPeople(env.deps);
      app = createApp(env.deps, opts, extraRouteModules);
      reg = await loginAs(app, 'dengji');
      rev = await loginAs(app, 'shenhe');
      handler = await loginAs(app, 'zjj_jb');
      admin = await loginAs(app, 'admin');
      const r = await register();
      id = r.body.item.id;
      const route = await rev.post(`/api/v1/items/${id}/steps`, {
        version: r.body.item.version,
        input: { step: 'route', kind: '转送', unitId: people.units.zjj },
      });
      assert.equal(route.status, 200, JSON.stringify(route.body));
      const acc = await handler.post(`/api/v1/items/${id}/steps`, {
        version: route.body.item.version,
        input: { step: 'accept' },
      });
      assert.equal(acc.status, 200, JSON.stringify(acc.body));
    });
    after(async () => env.close());

    const register = async () => {
      const r = await reg.post('/api/v1/items', {
        channel: '来信',
        receivedOn: '2025-10-09',
        headCount: 1,
        petitioners: [{ name: '测试人' }],
        title: '规则调整',
        content: '用于测试规则调整后的期限重算。',
        demands: ['诉求'],
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return r;
    };
    /** Waits for the recompute the edit started, and reads its state as the screen does. */
    const finished = async () => {
      await settleBackgroundRuns();
      const r = await admin.get('/api/v1/rules/recompute');
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return r.body.run;
    };

    const handleDue = async () =>
      (await rev.get(`/api/v1/items/${id}`)).body.deadlines.find((d: { rule: string }) => d.rule === 'handle').due;
    const listed = async () =>
      (await rev.get('/api/v1/items?pageSize=50')).body.items.find((x: { id: string }) => x.id === id);

    it('accepted 2025-10-09: 60 日 ends 2025-12-08; after 办理期限 45 日 detail and list say the new date', async () => {
      assert.equal(await handleDue(), '2025-12-08');
      assert.deepEqual([(await listed()).dueRule, (await listed()).dueOn], ['handle', '2025-12-08']);
      const r = await admin.put('/api/v1/rules', { rules: { handle: { length: 45 } }, reason: '试行缩短办理期限' });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.run.status, 'running', 'the edit answers at once; the recompute runs after it');
      assert.equal(r.body.run.total, 1);
      const run = await finished();
      assert.equal(run.status, 'done', JSON.stringify(run));
      assert.deepEqual([run.done, run.total, run.result.items, run.result.changed], [1, 1, 1, 1]);
      assert.deepEqual(
        run.result.moved.map((m: { itemId: string }) => m.itemId),
        [id],
      );
      const due = await handleDue();
      assert.ok(due < '2025-12-08' && due >= '2025-11-23', `45 days from 2025-10-09, got ${due}`);
      assert.equal((await listed()).dueOn, due, 'the list column agrees with the detail page');
      const tl = (await rev.get(`/api/v1/items/${id}/timeline`)).body.events as { step: string; summary: string }[];
      const line = tl.filter((e) => e.step === 'deadline_moved').at(-1);
      assert.match(line?.summary ?? '', /期限规则调整.*试行缩短办理期限/);
      assert.match(line?.summary ?? '', new RegExp(`2025-12-08 调整为 ${due}`));
    });

    it('a thresholds edit moves the stored warning dates; a bad edit changes nothing, says what to fix', async () => {
      const before = await listed();
      const r = await admin.put('/api/v1/rules', { thresholds: { notice: 0.2, warning: 0.3, severe: 0.4 } });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal((await finished()).result.changed, 1);
      const tl = (await rev.get(`/api/v1/items/${id}/timeline`)).body.events as { step: string; summary: string }[];
      assert.match(tl.at(-1)!.summary, /预警阈值调整/);
      const due = await handleDue();
      const bad = await admin.put('/api/v1/rules', { rules: { handle: { length: 30 }, nosuch: { length: 3 } } });
      assert.equal(bad.status, 400, JSON.stringify(bad.body));
      assert.match(bad.body.error.message, /nosuch/);
      const disorder = await admin.put('/api/v1/rules', { thresholds: { notice: 0.9, warning: 0.3, severe: 0.4 } });
      assert.equal(disorder.status, 400);
      assert.equal(await handleDue(), due, 'nothing written');
      assert.equal((await listed()).dueOn, before.dueOn);
      assert.equal((await rev.put('/api/v1/rules', { rules: { handle: { length: 30 } } })).status, 403);
      assert.equal(await handleDue(), due);
    });

    it('while a recompute is live another rules or thresholds edit answers 409 and changes nothing', async () => {
      const rulesEdits = async () =>
        (await env.deps.db.selectFrom('audit_log').select('seq').where('action', '=', 'rules.edit').execute()).length;
      let release!: () => void;
      const held = new Promise<void>((r) => {
        release = r;
      });
      let reached!: () => void;
      const sliceDone = new Promise<void>((r) => {
        reached = r;
      });
      // The run stays live (running, just reported progress) until the test lets its first slice return.
      recomputeTuning.afterSlice = async () => {
        recomputeTuning.afterSlice = undefined;
        reached();
        await held;
      };
      try {
        const first = await admin.put('/api/v1/rules', { rules: { handle: { length: 50 } }, reason: '首次调整' });
        assert.equal(first.status, 200, JSON.stringify(first.body));
        await sliceDone;
        const live = await admin.get('/api/v1/rules/recompute');
        assert.equal(live.body.run.status, 'running', JSON.stringify(live.body));
        assert.equal(live.body.run.id, first.body.run.id);
        const rulesBefore = (await admin.get('/api/v1/rules')).body;
        const auditBefore = await rulesEdits();
        const second = await admin.put('/api/v1/rules', { rules: { handle: { length: 20 } }, reason: '二次调整' });
        assert.equal(second.status, 409, JSON.stringify(second.body));
        assert.equal(second.body.error.code, 'CONFLICT');
        assert.match(second.body.error.message, /期限重算尚未完成/);
        const thresholds = await admin.put('/api/v1/rules', { thresholds: { notice: 0.3, warning: 0.5, severe: 0.7 } });
        assert.equal(thresholds.status, 409, JSON.stringify(thresholds.body));
        assert.equal(thresholds.body.error.code, 'CONFLICT');
        assert.deepEqual((await admin.get('/api/v1/rules')).body, rulesBefore, 'rules and thresholds unchanged');
        assert.equal(await rulesEdits(), auditBefore, 'no audit entry for a refused edit');
        const still = await admin.get('/api/v1/rules/recompute');
        assert.equal(still.body.run.id, first.body.run.id, 'the refused edit started no run of its own');
      } finally {
        recomputeTuning.afterSlice = undefined;
        release();
      }
      const run = await finished();
      assert.equal(run.status, 'done', JSON.stringify(run));
      const tl = (await rev.get(`/api/v1/items/${id}/timeline`)).body.events as { step: string; summary: string }[];
      assert.ok(!tl.some((e) => /二次调整/.test(e.summary)), 'no item was recomputed for the refused edit');
      const after = await admin.put('/api/v1/rules', { rules: { handle: { length: 60 } }, reason: '恢复' });
      assert.equal(after.status, 200, 'once the recompute is done the next edit goes through');
      assert.equal((await finished()).status, 'done');
      assert.equal(await handleDue(), '2025-12-08', 'back to 60 日 from 2025-10-09');
    });

    it('two edits at once: one is saved with its recompute, the other refused with nothing written', async () => {
      const rulesEdits = async () =>
        (await env.deps.db.selectFrom('audit_log').select('seq').where('action', '=', 'rules.edit').execute()).length;
      let release!: () => void;
      const held = new Promise<void>((r) => {
        release = r;
      });
      // The winner's run stays live until both answers are in, so the loser cannot slip in after it ended.
      recomputeTuning.afterSlice = async () => {
        recomputeTuning.afterSlice = undefined;
        await held;
      };
      const auditBefore = await rulesEdits();
      let answers: { status: number; body: { error?: { code: string }; run?: { id: string } } }[] = [];
      try {
        answers = await Promise.all([
          admin.put('/api/v1/rules', { rules: { handle: { length: 40 } }, reason: '同时调整甲' }),
          admin.put('/api/v1/rules', { rules: { handle: { length: 70 } }, reason: '同时调整乙' }),
        ]);
      } finally {
        recomputeTuning.afterSlice = undefined;
        release();
      }
      const statuses = answers.map((a) => a.status).sort();
      assert.deepEqual(statuses, [200, 409], JSON.stringify(answers.map((a) => a.body)));
      const won = answers.findIndex((a) => a.status === 200);
      assert.equal(answers[1 - won]?.body.error?.code, 'CONFLICT');
      assert.equal(await rulesEdits(), auditBefore + 1, 'one audit entry: the saved edit only');
      const run = await finished();
      assert.equal(run.status, 'done', JSON.stringify(run));
      assert.equal(run.id, answers[won]?.body.run?.id, 'the run is the saved edit’s own');
      const days = won === 0 ? 40 : 70;
      const rules = (await admin.get('/api/v1/rules')).body.rules as { code: string; length: number }[];
      assert.equal(rules.find((r) => r.code === 'handle')?.length, days, 'the saved edit is the one in force');
      const tl = (await rev.get(`/api/v1/items/${id}/timeline`)).body.events as { summary: string }[];
      const loser = won === 0 ? '同时调整乙' : '同时调整甲';
      assert.ok(!tl.some((e) => e.summary.includes(loser)), 'no item was recomputed for the refused edit');
      const back = await admin.put('/api/v1/rules', { rules: { handle: { length: 60 } }, reason: '恢复' });
      assert.equal(back.status, 200, JSON.stringify(back.body));
      assert.equal((await finished()).status, 'done');
    });

    it('a recompute stopped after one slice resumes from its cursor and ends with every item right, once', async () => {
      const fresh = [(await register()).body.item.id, (await register()).body.item.id];
      const routeDue = async (itemId: string) =>
        (await rev.get(`/api/v1/items/${itemId}`)).body.deadlines.find((d: { rule: string }) => d.rule === 'route')
          ?.due as string;
      const dueBefore = await Promise.all(fresh.map(routeDue));
      const key = 'run:rules_recompute';
      let seenAfterSlice = -1;
      recomputeTuning.slice = 1;
      // The process "stops" after the first slice: its state stays running with the cursor, and goes stale.
      recomputeTuning.afterSlice = async (done) => {
        recomputeTuning.afterSlice = undefined;
        seenAfterSlice = done;
        const left = JSON.parse((await rawSetting(env.deps.db, key))!);
        await setSetting(env.deps.db, key, { ...left, updatedAt: '2000-01-01T00:00:00.000Z' });
        throw new Error('stopped');
      };
      try {
        const r = await admin.put('/api/v1/rules', { rules: { route: { length: 30 } }, reason: '中断续跑' });
        assert.equal(r.status, 200, JSON.stringify(r.body));
        assert.equal(r.body.run.total, 3);
        const left = await finished();
        assert.equal(seenAfterSlice, 1);
        assert.deepEqual([left.status, left.done, left.cursor?.last.length > 0], ['running', 1, true]);
      } finally {
        recomputeTuning.afterSlice = undefined;
      }
      const resumed = await resumeRulesRecompute(env.deps);
      assert.equal(resumed?.done, 1, 'the stale run is taken over where it stopped');
      const run = await finished();
      recomputeTuning.slice = 200;
      assert.equal(run.status, 'done', JSON.stringify(run));
      assert.deepEqual([run.done, run.total, run.result.items, run.result.changed], [3, 3, 3, 3]);
      assert.deepEqual(run.result.moved.map((m: { itemId: string }) => m.itemId).sort(), [id, ...fresh].sort());
      assert.equal(await resumeRulesRecompute(env.deps), null, 'a finished run is not resumed');
      for (const [k, itemId] of fresh.entries()) {
        assert.notEqual(dueBefore[k], '2025-11-10');
        assert.equal(await routeDue(itemId), '2025-11-10', '30 days from 10-09 end on Sat 11-08, so Mon 11-10');
      }
      for (const itemId of [id, ...fresh]) {
        const tl = (await rev.get(`/api/v1/items/${itemId}/timeline`)).body.events as {
          step: string;
          summary: string;
        }[];
        const lines = tl.filter((e) => e.step === 'deadline_moved' && /中断续跑/.test(e.summary));
        assert.equal(lines.length, 1, `recomputed once: ${JSON.stringify(lines)}`);
      }
    });
  });
}
