import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../server/http/app.ts';
import { loginAs, type Client } from './http-client.ts';
import { dialects, makeTestEnv, seedPeople, type TestEnv } from './test-db.ts';

const opts = { secureCookies: false, idleMinutes: 60 * 24 * 3650, webDist: null, log: null, rateLimitPerMinute: 1000 };

for (const dialect of dialects()) {
  describe(`更正登记信息 through the API (${dialect})`, () => {
    let env: TestEnv;
    let app: ReturnType<typeof createApp>;
    let people: Awaited<ReturnType<typeof seedPeople>>;
    let reg: Client, rev: Client, handler: Client, admin: Client;
    let id = '';
    let version = 0;
    before(async () => {
      env = await makeTestEnv(dialect, '2025-09-26');
      people = await seedPeople(env.deps);
      app = createApp(env.deps, opts);
      reg = await loginAs(app, 'dengji');
      rev = await loginAs(app, 'shenhe');
      handler = await loginAs(app, 'zjj_jb');
      admin = await loginAs(app, 'admin');
      const r = await reg.post('/api/v1/items', {
        channel: '网上投诉',
        receivedOn: '2025-09-26',
        headCount: 1,
        petitioners: [{ name: '周某' }],
        title: '楼道堆放杂物',
        content: '楼道长期堆放杂物，存在消防隐患。',
        demands: ['清理楼道'],
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      id = r.body.item.id;
      const routed = await rev.post(`/api/v1/items/${id}/steps`, {
        version: r.body.item.version,
        input: { step: 'route', kind: '转送', unitId: people.units.zjj },
      });
      const acc = await handler.post(`/api/v1/items/${id}/steps`, {
        version: routed.body.item.version,
        input: { step: 'accept' },
      });
      version = acc.body.item.version;
      assert.equal(acc.body.item.deadlines.find((d: any) => d.rule === 'handle').due, '2025-11-25');
    });
    after(async () => env.close());

    it('the registrar corrects title, tags and demands with a reason; the clock follows 简易办理; timeline and audit keep before/after', async () => {
      const r = await reg.post(`/api/v1/items/${id}/correct`, {
        version,
        reason: '登记时误填标题，并补录遗漏的诉求',
        correction: {
          title: '楼道堆放杂物存在消防隐患',
          handFlags: ['简易办理', '积案'],
          addDemands: ['加强日常巡查'],
        },
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      version = r.body.item.version;
      assert.equal(r.body.item.title, '楼道堆放杂物存在消防隐患');
      assert.deepEqual(
        r.body.item.demands.map((d: any) => d.text),
        ['清理楼道', '加强日常巡查'],
      );
      assert.ok(r.body.item.flags.includes('积案'));
      const simple = r.body.item.deadlines.find((d: any) => d.rule === 'simple_handle');
      assert.ok(simple, 'the 简易办理 tag moves the item to the 10-working-day clock');
      const tl = await rev.get(`/api/v1/items/${id}/timeline`);
      const ev = tl.body.events.find((e: any) => e.step === 'correct');
      assert.match(ev.summary, /标题由“楼道堆放杂物”改为“楼道堆放杂物存在消防隐患”/);
      assert.match(ev.summary, /登记时误填标题/);
      const { auditRows } = await import('../server/store/audit.store.ts');
      const rows = [];
      for await (const a of auditRows(env.deps.db)) rows.push(a);
      const audit = rows.find((a) => a.action === 'item.correct' && a.itemId === id);
      assert.ok(audit);
      assert.equal((audit.detail as any).changes[0].before, '楼道堆放杂物');
    });

    it('only the registrar or reviewer may correct; a reason and a real change are required; nothing half written', async () => {
      const unit = await handler.post(`/api/v1/items/${id}/correct`, {
        version,
        reason: '单位想改',
        correction: { title: 'x' },
      });
      assert.equal(unit.status, 403);
      const adm = await admin.post(`/api/v1/items/${id}/correct`, {
        version,
        reason: '管理员',
        correction: { title: 'x' },
      });
      assert.ok([403, 404].includes(adm.status), String(adm.status));
      const noReason = await rev.post(`/api/v1/items/${id}/correct`, {
        version,
        reason: ' ',
        correction: { title: 'x' },
      });
      assert.equal(noReason.status, 400);
      const same = await rev.post(`/api/v1/items/${id}/correct`, {
        version,
        reason: '核对',
        correction: { title: '楼道堆放杂物存在消防隐患' },
      });
      assert.equal(same.status, 422);
      assert.equal(same.body.error.code, 'CORRECTION_INVALID');
      const auto = await rev.post(`/api/v1/items/${id}/correct`, {
        version,
        reason: '核对',
        correction: { handFlags: ['集体访'] },
      });
      assert.equal(auto.status, 400);
      const stale = await rev.post(`/api/v1/items/${id}/correct`, {
        version: version - 1,
        reason: '核对',
        correction: { title: 'y' },
      });
      assert.equal(stale.status, 409);
      const item = await rev.get(`/api/v1/items/${id}`);
      assert.equal(item.body.version, version, 'nothing was written by the refused corrections');
      assert.equal(item.body.title, '楼道堆放杂物存在消防隐患');
    });
  });
}
