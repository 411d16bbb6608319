import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runImportItems } from '../server/cli/import.command.ts';
import { csvOf, importRows } from './import-fixture.ts';
import { loginAs, makeTestApp, type Client } from './http-client.ts';
import { dialects, makeTestEnv, seedPeople, type TestEnv } from './test-db.ts';

/**
 * The administrator edits the content-class tree over the API: a rename moves the items that carry the class, a
 * retired class is no longer offered for new items but stays on old ones, only an unused class can be deleted
 * (otherwise a stable code says why), and every change is audited under its Chinese action name. An upstream
 * system's class name can be mapped to a local class, and the next import of that name lands on it.
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

    it('maps an upstream name to a local class, which the next import uses; bad input saves nothing', async () => {
      type MapAudit = { detail: { before: string | null; after: { code: string; path: string } | null } };
      const view = async () =>
        (await admin.get('/api/v1/admin/taxonomy')).body as {
          nodes: { code: string; path: string }[];
          nameMaps: { upstream: string; code: string; path: string }[];
        };
      const codeOf = (nodes: { code: string; path: string }[], path: string) =>
        nodes.find((n) => n.path === path)!.code;
      const mapEvents = async () =>
        (await auditor.get('/api/v1/audit?action=taxonomy.name_map&pageSize=50')).body.events as MapAudit[];
      const mapAudits = async () => (await mapEvents()).length;
      const nodes = (await view()).nodes;
      const target = codeOf(nodes, '教育文体/教育管理');
      const other = codeOf(nodes, '卫生计生');
      assert.deepEqual((await view()).nameMaps, [], 'no mapping yet');

      // Saved with the path text tidied, read back with the local path; a second save replaces it.
      const put = (body: unknown) => admin.put('/api/v1/admin/taxonomy-name-maps', body);
      const saved = await put({ upstream: ' 教育文体 / 学前教育 ', code: other });
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      assert.deepEqual(saved.body, { ok: true });
      assert.deepEqual((await view()).nameMaps, [{ upstream: '教育文体/学前教育', code: other, path: '卫生计生' }]);
      assert.equal((await put({ upstream: '教育文体/学前教育', code: target })).status, 200);
      const mapped = [{ upstream: '教育文体/学前教育', code: target, path: '教育文体/教育管理' }];
      assert.deepEqual((await view()).nameMaps, mapped);
      const audits = await mapAudits();
      assert.equal(audits, 2);
      const replaced = (await mapEvents()).find((e) => e.detail.before === other);
      assert.deepEqual(replaced?.detail.after, { code: target, path: '教育文体/教育管理' });

      // Bad input: a stable code, a Chinese message, nothing saved or audited.
      const unknown = await put({ upstream: '农村农业/土地承包经营', code: '99.99' });
      assert.equal(unknown.status, 422, JSON.stringify(unknown.body));
      assert.equal(unknown.body.error.code, 'UNKNOWN_CLASS');
      assert.match(unknown.body.error.message, /分类 99\.99 不存在/);
      for (const upstream of ['', '   ', ' / ', '教育文体//学前教育']) {
        const empty = await put({ upstream, code: target });
        assert.equal(empty.status, 400, `${JSON.stringify(upstream)}: ${JSON.stringify(empty.body)}`);
        assert.equal(empty.body.error.code, 'VALIDATION');
        assert.match(empty.body.error.message, /上游分类名称.*不能为空/);
      }
      const same = await put({ upstream: '教育文体/教育管理', code: target });
      assert.equal(same.body.error.code, 'VALIDATION');
      assert.match(same.body.error.message, /与本地分类相同/);
      const nobody = await reg.put('/api/v1/admin/taxonomy-name-maps', { upstream: '交通运输/道路运输', code: target });
      assert.equal(nobody.status, 403);
      assert.equal(nobody.body.error.code, 'FORBIDDEN');
      assert.match(nobody.body.error.message, /系统管理员/);
      assert.equal(
        (await reg.put('/api/v1/admin/taxonomy-name-maps', { upstream: '教育文体/学前教育', code: null })).status,
        403,
      );
      assert.deepEqual((await view()).nameMaps, mapped, 'nothing saved');
      assert.equal(await mapAudits(), audits, 'nothing audited');

      // An import of the upstream name lands on the mapped class, keeps the upstream text, and warns of nothing.
      const rows = importRows(2, '映射');
      rows[0]!.内容分类 = '教育文体/学前教育';
      rows[1]!.内容分类 = '教育文体 / 学前教育';
      const file = join(env.dir, 'name-map.csv');
      writeFileSync(file, csvOf(rows));
      const quiet = { stdout: () => {}, stderr: () => {} };
      const done = await runImportItems(env.deps, file, { createUnits: true }, quiet);
      assert.equal(done.code, 0, JSON.stringify(done.result.problems));
      assert.equal(done.result.created, 2);
      assert.deepEqual(done.result.classMappings, [], 'a mapped name is not a warning');
      const imported = await env.deps.db
        .selectFrom('items')
        .select(['id', 'class_code', 'class_path', 'upstream_class'])
        .where('number', 'like', '映射%')
        .orderBy('number')
        .execute();
      assert.deepEqual(
        imported.map((r) => [r.class_code, r.class_path, r.upstream_class]),
        [
          [target, '教育文体/教育管理', '教育文体/学前教育'],
          [target, '教育文体/教育管理', '教育文体/学前教育'],
        ],
      );
      const detail = await reg.get(`/api/v1/items/${imported[0]!.id}`);
      assert.equal(detail.status, 200, JSON.stringify(detail.body));
      assert.equal(detail.body.classPath, '教育文体/教育管理');

      // Removing the mapping (code null) takes it off the list.
      assert.equal((await put({ upstream: '教育文体/学前教育', code: null })).status, 200);
      assert.deepEqual((await view()).nameMaps, []);
      assert.equal(await mapAudits(), audits + 1);
    });
  });
}
