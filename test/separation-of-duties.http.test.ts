import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { auditActionLabel } from '../contract/audit-actions.ts';
import { loginAs, makeTestApp, type Client } from './http-client.ts';
import { addSecurityAdmin, dialects, makeTestEnv, seedPeople, TEST_PASSWORD, type TestEnv } from './test-db.ts';

/**
 * 三员分立 that one person cannot undo: the system administrator cannot give himself (or anyone) an
 * item-reading or security role, nor touch the security administrator or the auditor, without a security
 * administrator who is neither the requester nor the subject approving it; every step is audited.
 */
const NEW_PW = 'Grant@2025pw';

for (const dialect of dialects()) {
  describe(`三员分立: account changes need the security administrator (${dialect})`, () => {
    let env: TestEnv;
    let app: ReturnType<typeof makeTestApp>;
    let people: Awaited<ReturnType<typeof seedPeople>>;
    let admin: Client;
    let security: Client;
    let auditor: Client;
    const signIn = (username: string, password: string) =>
      app.request('/api/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
    const audit = async (action: string) =>
      (await auditor.get(`/api/v1/audit?action=${action}&pageSize=200`)).body.events as any[];
    const userRow = (username: string) =>
      env.deps.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();

    before(async () => {
      env = await makeTestEnv(dialect, '2025-09-26');
      people = await seedPeople(env.deps);
      await addSecurityAdmin(env.deps);
      app = makeTestApp(env, { loginFailuresPerMinute: 100000 });
      admin = await loginAs(app, 'admin');
      security = await loginAs(app, 'anquan');
      auditor = await loginAs(app, 'shenji');
    });
    after(async () => env.close());

    it('the administrator cannot give himself a registrar account: it waits for approval, cannot sign in', async () => {
      const r = await admin.post('/api/v1/users', {
        username: 'admin2reg',
        displayName: '管理员自建登记员',
        role: 'registrar',
        password: NEW_PW,
        reason: '临时登记',
      });
      assert.equal(r.status, 202, JSON.stringify(r.body));
      assert.equal(r.body.pending, true);
      assert.equal(r.body.grant.status, 'pending');
      assert.equal(await userRow('admin2reg'), undefined, 'no account exists yet');
      assert.equal((await signIn('admin2reg', NEW_PW)).status, 401);
      const auditorAccount = await admin.post('/api/v1/users', {
        username: 'admin2aud',
        displayName: '管理员自建审计员',
        role: 'auditor',
        password: NEW_PW,
      });
      assert.equal(auditorAccount.status, 202);
      assert.equal((await signIn('admin2aud', NEW_PW)).status, 401, 'nor read the audit log through an auditor');
      const dup = await admin.post('/api/v1/users', {
        username: 'admin2reg',
        displayName: 'x',
        role: 'leader',
        password: NEW_PW,
      });
      assert.equal(dup.status, 409, 'one pending request per account');
    });

    it('the administrator can neither approve it nor see its password; the security administrator does', async () => {
      const list = await admin.get('/api/v1/grants?status=pending');
      assert.equal(list.status, 200);
      const g = list.body.grants.find((x: any) => x.username === 'admin2reg');
      assert.ok(g, 'the administrator sees his request');
      assert.ok(!JSON.stringify(list.body).includes('argon2'), 'no password hash leaves the server');
      assert.equal((await admin.post(`/api/v1/grants/${g.id}/decision`, { approve: true })).status, 403);
      assert.equal((await auditor.post(`/api/v1/grants/${g.id}/decision`, { approve: true })).status, 403);
      const ok = await security.post(`/api/v1/grants/${g.id}/decision`, { approve: true, note: '已核实' });
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.equal((await signIn('admin2reg', NEW_PW)).status, 200, 'in force after approval');
      const again = await security.post(`/api/v1/grants/${g.id}/decision`, { approve: false });
      assert.equal(again.status, 409, 'a request is decided once');
      const row = await env.deps.db.selectFrom('grants').selectAll().where('id', '=', g.id).executeTakeFirstOrThrow();
      assert.equal(row.password_hash, null, 'the hash it carried is dropped');
      const history = (await auditor.get('/api/v1/grants')).body.grants.find((x: any) => x.id === g.id);
      assert.equal(history.status, 'approved');
      assert.match(history.requestedByName, /admin/);
      assert.match(history.decidedByName, /anquan/);
      assert.ok((await audit('grant.request')).some((e) => e.detail.grantId === g.id && e.actor === 'admin'));
      assert.ok((await audit('grant.approve')).some((e) => e.detail.grantId === g.id && e.actor === 'anquan'));
    });

    it('a refusal leaves no account and is audited; a requester may withdraw his own request', async () => {
      const g = (await admin.get('/api/v1/grants?status=pending')).body.grants.find(
        (x: any) => x.username === 'admin2aud',
      );
      const no = await security.post(`/api/v1/grants/${g.id}/decision`, { approve: false, note: '无此需要' });
      assert.equal(no.status, 200);
      assert.equal(await userRow('admin2aud'), undefined);
      assert.ok((await audit('grant.refuse')).some((e) => e.detail.grantId === g.id && e.detail.note === '无此需要'));
      const w = await admin.post('/api/v1/users', {
        username: 'tmp_lead',
        displayName: '临时领导',
        role: 'leader',
        password: NEW_PW,
      });
      assert.equal((await security.post(`/api/v1/grants/${w.body.grant.id}/withdraw`, {})).status, 403);
      assert.equal((await admin.post(`/api/v1/grants/${w.body.grant.id}/withdraw`, {})).status, 200);
      assert.ok((await audit('grant.withdraw')).some((e) => e.detail.grantId === w.body.grant.id));
    });

    it('the administrator alone cannot disable, enable, change or reset auditor or security admin', async () => {
      const aud = people.users.auditor.userId;
      const dis = await admin.put(`/api/v1/users/${aud}/disabled`, { disabled: true });
      assert.equal(dis.status, 202, JSON.stringify(dis.body));
      assert.equal((await userRow('shenji'))!.disabled, 0, 'the auditor is still active');
      assert.equal((await auditor.get('/api/v1/audit')).status, 200, "and the auditor's session still works");
      const pend = (await admin.get('/api/v1/grants?status=pending')).body.grants.find(
        (x: any) => x.username === 'shenji',
      );
      await admin.post(`/api/v1/grants/${pend.id}/withdraw`, {});
      const reset = await admin.post(`/api/v1/users/${aud}/password`, { password: NEW_PW });
      assert.equal(reset.status, 202);
      assert.equal((await signIn('shenji', NEW_PW)).status, 401, 'the new password is not in force');
      assert.equal((await signIn('shenji', TEST_PASSWORD)).status, 200, 'the old one is');
      const r2 = (await admin.get('/api/v1/grants?status=pending')).body.grants.find(
        (x: any) => x.username === 'shenji',
      );
      await admin.post(`/api/v1/grants/${r2.id}/withdraw`, {});
      const change = await admin.put('/api/v1/users/sec-1', { displayName: '安全管理员', role: 'leader' });
      assert.equal(change.status, 202);
      assert.equal((await userRow('anquan'))!.role, 'security_admin');
      const rename = await admin.put('/api/v1/users/sec-1', { displayName: '改名', role: 'leader' });
      assert.equal(rename.status, 409, 'one pending request at a time');
      // Nobody approves a request about his own account.
      const own = (await security.get('/api/v1/grants?status=pending')).body.grants.find(
        (x: any) => x.username === 'anquan',
      );
      const self = await security.post(`/api/v1/grants/${own.id}/decision`, { approve: true });
      assert.equal(self.status, 403);
      assert.match(self.body.error.message, /本人/);
      assert.equal((await userRow('anquan'))!.role, 'security_admin');
    });

    it('a later change of role or unit goes through the same gate; what grants nothing does not', async () => {
      const handler = people.users.zjjHandler;
      const move = await admin.put(`/api/v1/users/${handler.userId}`, {
        displayName: handler.displayName,
        role: 'unit_handler',
        unitId: people.units.scj,
      });
      assert.equal(move.status, 202);
      assert.equal((await userRow('zjj_jb'))!.unit_id, people.units.zjj, 'the unit is unchanged until approved');
      const ok = await security.post(`/api/v1/grants/${move.body.grant.id}/decision`, { approve: true });
      assert.equal(ok.status, 200);
      assert.equal((await userRow('zjj_jb'))!.unit_id, people.units.scj);
      // A new name, a disabled registrar, another administrator: no role is granted, so no approval.
      const rename = await admin.put(`/api/v1/users/${people.users.registrar.userId}`, {
        displayName: '刘登记',
        role: 'registrar',
      });
      assert.equal(rename.status, 200);
      assert.equal((await userRow('dengji'))!.display_name, '刘登记');
      assert.equal(
        (await admin.put(`/api/v1/users/${people.users.scjHandler.userId}/disabled`, { disabled: true })).status,
        200,
      );
      const a2 = await admin.post('/api/v1/users', {
        username: 'admin_b',
        displayName: '管理员乙',
        role: 'admin',
        password: NEW_PW,
      });
      assert.equal(a2.status, 201);
      assert.ok((await audit('user.create')).some((e) => e.detail.username === 'admin_b'));
      // The security administrator does not file account changes.
      assert.equal(
        (
          await security.post('/api/v1/users', {
            username: 'x1',
            displayName: 'x',
            role: 'registrar',
            password: NEW_PW,
          })
        ).status,
        403,
      );
    });

    it('the security administrator approves and the auditor reads the list; other roles are refused', async () => {
      const reg = await loginAs(app, 'shenhe');
      assert.equal((await reg.get('/api/v1/grants')).status, 403);
      const me = await security.get('/api/v1/auth/me');
      assert.equal(me.body.user.abilities.decideGrants, true);
      assert.equal((await auditor.get('/api/v1/auth/me')).body.user.abilities.decideGrants, false);
      assert.equal((await auditor.get('/api/v1/auth/me')).body.user.abilities.grants, true);
      const users = await admin.get('/api/v1/users');
      const anquan = users.body.users.find((u: any) => u.username === 'anquan');
      assert.equal(anquan.pending.kind, 'change', 'the user list shows what is waiting');
    });

    it('the administrator keeps contacts and a leader’s title: checked, stored at once, audited', async () => {
      const leader = people.users.leader;
      const at = `/api/v1/users/${leader.userId}/contacts`;
      const bad = await admin.put(at, { phone: '2380000123', email: null, title: null });
      assert.deepEqual([bad.status, bad.body.error.code], [422, 'PHONE_INVALID']);
      assert.match(bad.body.error.message, /以 1 开头的 11 位数字/);
      const badMail = await admin.put(at, { phone: null, email: 'lingdao@qu', title: null });
      assert.deepEqual([badMail.status, badMail.body.error.code], [422, 'EMAIL_INVALID']);
      assert.match(badMail.body.error.message, /电子邮箱格式不正确/);
      assert.deepEqual(
        await userRow('lingdao').then((r) => [r!.phone, r!.email, r!.title]),
        [null, null, null],
        'nothing written by a refused change',
      );
      const ok = await admin.put(at, { phone: '138 0000 1234', email: ' lingdao@example.gov.cn ', title: '副区长' });
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.deepEqual(ok.body, {
        userId: leader.userId,
        phone: '13800001234',
        email: 'lingdao@example.gov.cn',
        title: '副区长',
      });
      const listed = (await admin.get('/api/v1/users')).body.users.find(
        (u: { username: string }) => u.username === 'lingdao',
      );
      assert.deepEqual([listed.phone, listed.email, listed.title], ['13800001234', 'lingdao@example.gov.cn', '副区长']);
      assert.equal((await admin.put(at, ok.body)).body.error.code, 'VALIDATION', 'no change, nothing to save');
      // A title belongs to a leader's account only; no one but the administrator edits contacts.
      const notLeader = await admin.put(`/api/v1/users/${people.users.reviewer.userId}/contacts`, { title: '科长' });
      assert.deepEqual([notLeader.status, notLeader.body.error.code], [422, 'LEADER_REQUIRED']);
      assert.equal((await security.put(at, { phone: null, email: null, title: null })).status, 403);
      assert.equal((await (await loginAs(app, 'shenhe')).put(at, { phone: null })).status, 403);
      const cleared = await admin.put(at, { phone: null, email: '', title: '副区长' });
      assert.deepEqual([cleared.body.phone, cleared.body.email], [null, null]);
      const events = (await audit('user.contacts')).filter((e) => e.detail.userId === leader.userId);
      assert.equal(events.length, 2, 'each saved change audited once, refusals not');
      const first = events.find((e) => e.detail.after.phone === '13800001234')!;
      assert.equal(first.actor, 'admin');
      assert.deepEqual(first.detail.before, { phone: null, email: null, leaderTitle: null });
      assert.equal(auditActionLabel(first.action), '修改用户联系方式与职务');
    });
  });
}
