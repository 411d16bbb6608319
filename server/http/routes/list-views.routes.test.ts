import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { defaultListColumns } from '../../../contract/list-views.ts';
import { loginAs, makeTestApp, sessionOf, type Client } from '../../../test/http-client.ts';
import { dialects, makeTestEnv, seedPeople, type TestEnv } from '../../../test/test-db.ts';

for (const dialect of dialects()) {
  describe(`saved list views per user (${dialect})`, () => {
    let env: TestEnv;
    let app: ReturnType<typeof makeTestApp>;
    let reg: Client, rev: Client, handler: Client;
    const del = async (user: string, path: string) => {
      const s = await sessionOf(app, user);
      const res = await app.request(path, { method: 'DELETE', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
      return { status: res.status, body: (await res.json()) as any };
    };
    before(async () => {
      env = await makeTestEnv(dialect, '2026-11-20');
      await seedPeople(env.deps);
      app = makeTestApp(env);
      reg = await loginAs(app, 'dengji');
      rev = await loginAs(app, 'shenhe');
      handler = await loginAs(app, 'zjj_jb');
    });
    after(async () => env.close());

    it('starts from the role default, keeps a layout per user and restores it on return', async () => {
      const first = await reg.get('/api/v1/me/views/items');
      assert.equal(first.status, 200, JSON.stringify(first.body));
      assert.equal(first.body.isDefault, true);
      assert.deepEqual(first.body.layout.columns, defaultListColumns('registrar'));
      assert.equal(first.body.layout.density, 'compact');
      const unit = await handler.get('/api/v1/me/views/inbox');
      assert.ok(!unit.body.layout.columns.includes('leadUnit'), 'the inbox default has no own-unit column');
      assert.ok(unit.body.layout.columns.includes('dueOn'));

      const put = await reg.put('/api/v1/me/views/items/layout', {
        columns: ['warning', 'status', 'headCount'],
        density: 'comfortable',
        pageSize: 50,
      });
      assert.equal(put.status, 200, JSON.stringify(put.body));
      // Stored in the list's own column order, whatever order was sent.
      assert.deepEqual(put.body.layout.columns, ['headCount', 'status', 'warning']);
      const again = await (await loginAs(app, 'dengji')).get('/api/v1/me/views/items');
      assert.equal(again.body.isDefault, false);
      assert.deepEqual(again.body.layout, {
        columns: ['headCount', 'status', 'warning'],
        density: 'comfortable',
        pageSize: 50,
      });
      // Another user's view is untouched.
      const other = await rev.get('/api/v1/me/views/items');
      assert.equal(other.body.isDefault, true);

      const bad = await reg.put('/api/v1/me/views/items/layout', { columns: [], density: 'compact', pageSize: 33 });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.error.code, 'VALIDATION');
      assert.match(bad.body.error.message, /每页条数/);
      const unknown = await reg.put('/api/v1/me/views/items/layout', {
        columns: ['petitionerIdNumber'],
        density: 'compact',
        pageSize: 20,
      });
      assert.equal(unknown.status, 400);

      const reset = await del('dengji', '/api/v1/me/views/items/layout');
      assert.equal(reset.status, 200);
      assert.equal(reset.body.isDefault, true);
    });

    it('saves, replaces by name and deletes named filters, each user only their own', async () => {
      const a = await rev.put('/api/v1/me/views/items/filters', {
        name: ' 本月住建 ',
        filters: { q: '住建', status: ['in_progress'], registeredFrom: '2026-11-01' },
        sort: 'dueOn',
        order: 'asc',
      });
      assert.equal(a.status, 200, JSON.stringify(a.body));
      assert.deepEqual(
        a.body.saved.map((s: any) => [s.name, s.filters.q, s.sort]),
        [['本月住建', '住建', 'dueOn']],
      );
      const b = await rev.put('/api/v1/me/views/items/filters', { name: '本月住建', filters: { warning: 'red' } });
      assert.equal(b.body.saved.length, 1, 'same name replaces');
      assert.deepEqual(b.body.saved[0].filters, { warning: 'red' });
      assert.equal((await reg.get('/api/v1/me/views/items')).body.saved.length, 0, 'not shown to another user');
      assert.equal((await rev.get('/api/v1/me/views/inbox')).body.saved.length, 0, 'kept per list');

      const junk = await rev.put('/api/v1/me/views/items/filters', { name: 'x', filters: { sql: 'drop' } });
      assert.equal(junk.status, 400, 'unknown filter fields are refused');
      const blank = await rev.put('/api/v1/me/views/items/filters', { name: '  ', filters: {} });
      assert.equal(blank.status, 400);
      assert.match(blank.body.error.message, /名称/);

      const gone = await del('dengji', `/api/v1/me/views/items/filters?name=${encodeURIComponent('本月住建')}`);
      assert.equal(gone.status, 404, "one user cannot delete another's filter");
      const mine = await del('shenhe', `/api/v1/me/views/items/filters?name=${encodeURIComponent('本月住建')}`);
      assert.equal(mine.status, 200);
      assert.equal(mine.body.saved.length, 0);
    });
  });
}
