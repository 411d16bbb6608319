import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loginAs, makeTestApp, type Client } from './http-client.ts';
import { dialects, makeTestEnv, seedPeople, type TestEnv } from './test-db.ts';

/**
 * The administrator edits the content-class tree over the API: a rename moves the items that carry the class, a
 * retired class is no longer offered for new items but stays on old ones, only an unused class can be deleted
 * (otherwise a stable code says why), and every change is audited under its Chinese action name.
 */
for (const dialect of dialects()) {
  describe(`taxonomy editing over the API (${dialect})`, () => {
    let env: TestEnv;
    let admin: Client;
    let reg: Client;
    let auditor: Client;
    const register = (classCode: string, title: string) =>
      reg.post('/api/v1/items', {
        channel: '来信',
        receivedOn: '2025-09-20',
        headCount: 1,
        petitioners: [{ name: '分类人', phone: '13900001234' }],
        title,
        content: '测试内容',
        demands: ['诉求'],
        classCode,
      });

    before(async () => {
      env = await makeTestEnv(dialect, '2025-09-26');
      await seedPeople(env.deps);
      const app = makeTestApp(env);
      admin = await loginAs(app, 'admin');
      reg = await loginAs(app, 'dengji');
      auditor = await loginAs(app, 'shenji');
    });
    after(async () => env.close());

    it('adds, renames, retires and deletes classes, with stable codes when it may not', async () => {
      assert.equal((await reg.get('/api/v1/admin/taxonomy')).status, 403, 'only the administrator');
      const top = await admin.post('/api/v1/admin/taxonomy', { parent: null, name: '测试大类' });
      assert.equal(top.status, 201, JSON.stringify(top.body));
      const used = await admin.post('/api/v1/admin/taxonomy', { parent: top.body.code, name: '旧名称' });
      const spare = await admin.post('/api/v1/admin/taxonomy', { parent: top.body.code, name: '备用' });
      assert.equal(used.status, 201);
      assert.equal(used.body.path, '测试大类/旧名称');
      const item = await register(used.body.code, '分类改名前登记');
      assert.equal(item.status, 201, JSON.stringify(item.body));
      const itemId = item.body.item.id;

      // Rename: the item carries the new path.
      const ren = await admin.put(`/api/v1/admin/taxonomy/${used.body.code}`, { name: '新名称' });
      assert.equal(ren.status, 200, JSON.stringify(ren.body));
      assert.equal(ren.body.path, '测试大类/新名称');
      assert.equal(ren.body.itemsMoved, 1);
      const detail = (await reg.get(`/api/v1/items/${itemId}`)).body;
      assert.match(JSON.stringify(detail), /测试大类\/新名称/);
      assert.doesNotMatch(JSON.stringify(detail), /旧名称/);
      const dup = await admin.put(`/api/v1/admin/taxonomy/${spare.body.code}`, { name: '新名称' });
      assert.equal(dup.status, 409);
      assert.equal(dup.body.error.code, 'DUPLICATE');

      // Retire: listed as retired, refused for a new item, still on the old one.
      const ret = await admin.put(`/api/v1/admin/taxonomy/${used.body.code}`, { retired: true });
      assert.equal(ret.body.retired, true);
      const nodes = (await reg.get('/api/v1/taxonomy')).body.nodes as any[];
      assert.equal(nodes.find((n) => n.code === used.body.code)?.retired, true);
      assert.equal(nodes.find((n) => n.code === spare.body.code)?.retired, false);
      const refused = await register(used.body.code, '停用后登记');
      assert.equal(refused.status, 422);
      assert.match(JSON.stringify(refused.body), /CLASS_RETIRED/);
      assert.match(JSON.stringify(refused.body), /已停用/);
      assert.match(JSON.stringify((await reg.get(`/api/v1/items/${itemId}`)).body), /测试大类\/新名称/);

      // Delete: refused while items carry it or classes lie under it; an unused leaf goes.
      const inUse = await admin.delete!(`/api/v1/admin/taxonomy/${used.body.code}`);
      assert.equal(inUse.status, 409);
      assert.equal(inUse.body.error.code, 'CLASS_IN_USE');
      assert.match(inUse.body.error.message, /1 件事项使用.*停用/);
      const parent = await admin.delete!(`/api/v1/admin/taxonomy/${top.body.code}`);
      assert.equal(parent.body.error.code, 'CLASS_IN_USE');
      assert.equal((await admin.delete!(`/api/v1/admin/taxonomy/${spare.body.code}`)).status, 200);
      const view = (await admin.get('/api/v1/admin/taxonomy')).body;
      assert.ok(!view.nodes.some((n: any) => n.code === spare.body.code), 'deleted');
      assert.ok(
        view.nodes.some((n: any) => n.code === used.body.code && n.retired),
        'retired, still listed',
      );
      const missing = await admin.delete!(`/api/v1/admin/taxonomy/${spare.body.code}`);
      assert.equal(missing.body.error.code, 'UNKNOWN_CLASS');

      // Each change on record, with its Chinese name on the audit screen's map.
      const audit = (await auditor.get('/api/v1/audit?action=taxonomy.&pageSize=50')).body.events as any[];
      const actions = audit.map((e) => e.action);
      for (const a of ['taxonomy.create', 'taxonomy.edit', 'taxonomy.delete']) assert.ok(actions.includes(a), a);
      const edit = audit.find((e) => e.action === 'taxonomy.edit' && e.detail.itemsMoved === 1);
      assert.equal(edit.detail.before.path, '测试大类/旧名称');
      assert.equal(edit.detail.after.path, '测试大类/新名称');
    });
  });
}
