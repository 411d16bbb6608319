import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { settleBackgroundRuns } from '../server/app/background-run.ts';
import { setSetting } from '../server/store/settings.store.ts';
import { loginAs, makeTestApp, sessionOf, type Client } from './http-client.ts';
import { addSecurityAdmin, dialects, makeTestEnv, seedPeople, type TestEnv } from './test-db.ts';

/**
 * Every read of what the log protects is itself on record — the audit log, attachments, exports, unmasking,
 * documents — and the request id stored is the server's own, with a client's id only beside it.
 */
for (const dialect of dialects()) {
  describe(`audited reads and server request ids (${dialect})`, () => {
    let env: TestEnv;
    let app: ReturnType<typeof makeTestApp>;
    let reg: Client;
    let auditor: Client;
    let itemId = '';
    let cookie = '';
    let csrf = '';
    const res0 = async () => (await reg.get(`/api/v1/items/${itemId}`)).body as any;
    const events = async (action: string) =>
      (await auditor.get(`/api/v1/audit?action=${encodeURIComponent(action)}&pageSize=200`)).body.events as any[];

    before(async () => {
      env = await makeTestEnv(dialect, '2025-09-26');
      await seedPeople(env.deps);
      await addSecurityAdmin(env.deps);
      app = makeTestApp(env);
      reg = await loginAs(app, 'dengji');
      auditor = await loginAs(app, 'shenji');
      ({ cookie, csrf } = await sessionOf(app, 'dengji'));
    });
    after(async () => env.close());

    it("stores the server's own request id, never the client's; the client's is kept beside it", async () => {
      const res = await app.request('/api/v1/items', {
        method: 'POST',
        headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json', 'x-request-id': 'forged-1234' },
        body: JSON.stringify({
          channel: '来信',
          receivedOn: '2025-09-20',
          headCount: 1,
          petitioners: [{ name: '审计人', phone: '13900001234' }],
          title: '审计读取',
          content: '测试内容',
          demands: ['诉求'],
        }),
      });
      assert.equal(res.status, 201);
      itemId = ((await res.json()) as any).item.id;
      const serverId = res.headers.get('x-request-id');
      assert.ok(serverId && serverId !== 'forged-1234', 'the response names the server id');
      const row = (await events('item.register')).find((e) => e.itemId === itemId);
      assert.equal(row.requestId, serverId);
      assert.notEqual(row.requestId, 'forged-1234');
      assert.equal(row.clientRequestId, 'forged-1234', 'kept beside, in its own column');
      // An id that is not a plain token is not kept at all.
      const odd = await app.request('/api/v1/auth/me', { headers: { cookie, 'x-request-id': '<b>1</b> x' } });
      assert.equal(odd.status, 200);
      assert.notEqual(odd.headers.get('x-request-id'), '<b>1</b> x');
    });

    it('reading the audit log and verifying it are audited', async () => {
      await auditor.get('/api/v1/audit?action=item.');
      const reads = await events('audit.read');
      assert.ok(
        reads.some((e) => e.actor === 'shenji' && e.detail.filters.action === 'item.'),
        'each read names its filters',
      );
      assert.equal((await auditor.get('/api/v1/audit/verify')).status, 200);
      assert.ok((await events('audit.verify')).some((e) => e.actor === 'shenji' && e.detail.ok === true));
    });

    it('downloading an attachment is audited', async () => {
      const fd = new FormData();
      fd.append('file', new File([new TextEncoder().encode('%PDF-1.4\n举报材料\n')], '材料.pdf'));
      const up = await app.request(`/api/v1/items/${itemId}/attachments`, {
        method: 'POST',
        headers: { cookie, 'x-csrf-token': csrf },
        body: fd,
      });
      assert.equal(up.status, 201);
      const att = ((await up.json()) as any).id;
      const dl = await app.request(`/api/v1/attachments/${att}`, { headers: { cookie } });
      assert.equal(dl.status, 200);
      const reads = await events('item.attachment_read');
      assert.ok(reads.some((e) => e.itemId === itemId && e.detail.attachmentId === att && e.actor === 'dengji'));
    });

    it('exports (item list, situation report) and unmasking are audited', async () => {
      const x = await app.request('/api/v1/items/export', { headers: { cookie } });
      assert.equal(x.status, 200);
      assert.ok((await events('items.export')).some((e) => e.actor === 'dengji'));
      const doc = await app.request('/api/v1/reports/situation?from=2025-01-01&to=2025-12-31&format=docx', {
        headers: { cookie },
      });
      assert.equal(doc.status, 200);
      const xlsx = await app.request('/api/v1/reports/situation?from=2025-01-01&to=2025-12-31&format=xlsx', {
        headers: { cookie },
      });
      assert.equal(xlsx.status, 200);
      const exports = await events('report.export');
      assert.deepEqual(exports.map((e) => e.detail.format).sort(), ['docx', 'xlsx']);
      const un = await reg.post(`/api/v1/items/${itemId}/unmask`, { reason: '核实身份' });
      assert.equal(un.status, 200);
      assert.ok((await events('item.unmask')).some((e) => e.itemId === itemId && e.detail.reason === '核实身份'));
    });

    it('checks the chain in the background: one run at a time, the result kept, a tampered row found', async () => {
      const runOf = async () => (await auditor.get('/api/v1/audit/verify/run')).body.run as any;
      const settled = async () => {
        await settleBackgroundRuns();
        const r = await runOf();
        assert.notEqual(r.status, 'running');
        return r;
      };
      // A run live in another instance (it reported a minute ago): starting again answers that run.
      const at = (ms: number) => new Date(env.deps.clock().getTime() - ms).toISOString();
      const other = { id: 'elsewhere', status: 'running', startedAt: at(60_000), startedBy: '安全审计员' };
      const live = { ...other, updatedAt: at(60_000), finishedAt: null, done: 3, total: 9 };
      await setSetting(env.deps.db, 'run:audit_verify', { ...live, cursor: null, result: null, error: null });
      const busy = await auditor.post('/api/v1/audit/verify/run', {});
      assert.equal(busy.status, 200);
      assert.equal(busy.body.started, false);
      assert.equal(busy.body.run.id, 'elsewhere');
      assert.equal(busy.body.run.done, 3);
      // Once it stops reporting (its process died), a new run starts.
      await setSetting(env.deps.db, 'run:audit_verify', { ...live, updatedAt: at(3_600_000), cursor: null });
      const start = await auditor.post('/api/v1/audit/verify/run', {});
      assert.equal(start.body.started, true);
      assert.notEqual(start.body.run.id, 'elsewhere');
      assert.equal(start.body.run.status, 'running');
      assert.ok(start.body.run.total > 10, 'the size of the chain is known at the start');
      const ok = await settled();
      assert.equal(ok.id, start.body.run.id);
      assert.equal(ok.status, 'done');
      assert.equal(ok.result.ok, true);
      assert.ok(ok.result.count >= ok.total, `${ok.result.count} of ${ok.total}`);
      assert.equal(ok.done, ok.result.count);
      assert.ok(ok.finishedAt);
      const verified = await events('audit.verify');
      assert.ok(verified.some((e) => e.actor === 'shenji' && e.detail.count === ok.result.count));
      // Others may not start or read it.
      assert.equal((await reg.post('/api/v1/audit/verify/run', {})).status, 403);
      assert.equal((await reg.get('/api/v1/audit/verify/run')).status, 403);

      // Someone with database access rewrites an entry behind the triggers' back.
      const seq = Number((await events('item.register')).find((e) => e.itemId === itemId).seq);
      const db = env.deps.db;
      if (dialect === 'sqlite') {
        await sql`drop trigger audit_log_no_update`.execute(db);
        await sql`update audit_log set detail = '{"number":"forged"}' where seq = ${seq}`.execute(db);
      } else {
        await sql`alter table audit_log disable trigger audit_log_no_update`.execute(db);
        await sql`update audit_log set detail = '{"number":"forged"}' where seq = ${seq}`.execute(db);
        await sql`alter table audit_log enable trigger audit_log_no_update`.execute(db);
      }
      const again = await auditor.post('/api/v1/audit/verify/run', {});
      assert.equal(again.body.started, true);
      const bad = await settled();
      assert.equal(bad.status, 'done');
      assert.equal(bad.result.ok, false);
      assert.equal(bad.result.brokenAt, seq);
      assert.equal(bad.result.reason, 'hash_mismatch');
      assert.match(bad.result.message, new RegExp(`第${seq}条`));
      // The result is kept: read again later, it still names the broken entry.
      assert.equal((await runOf()).result.brokenAt, seq);
    });
  });
}
