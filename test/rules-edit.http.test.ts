import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../server/http/app.ts';
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

    const handleDue = async () =>
      (await rev.get(`/api/v1/items/${id}`)).body.deadlines.find((d: { rule: string }) => d.rule === 'handle').due;
    const listed = async () =>
      (await rev.get('/api/v1/items?pageSize=50')).body.items.find((x: { id: string }) => x.id === id);

    it('accepted 2025-10-09: 60 日 ends 2025-12-08; after 办理期限 45 日 detail and list say the new date', async () => {
      assert.equal(await handleDue(), '2025-12-08');
      assert.deepEqual([(await listed()).dueRule, (await listed()).dueOn], ['handle', '2025-12-08']);
      const r = await admin.put('/api/v1/rules', { rules: { handle: { length: 45 } }, reason: '试行缩短办理期限' });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.ok(r.body.recomputed.items >= 1);
      assert.deepEqual(
        r.body.recomputed.moved.map((m: { itemId: string }) => m.itemId),
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
      assert.equal(r.body.recomputed.changed, 1);
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
  });
}
