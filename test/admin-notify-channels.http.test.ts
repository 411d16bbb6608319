import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { auditActionLabel } from '../contract/audit-actions.ts';
import { setUserContacts, userContacts } from '../server/store/user.store.ts';
import { loginAs, makeTestApp, type Client } from './http-client.ts';
import { addSecurityAdmin, dialects, makeTestEnv, seedPeople, type TestEnv } from './test-db.ts';

/**
 * 通知方式 of another person, kept by the system administrator: read and set under the same rules as the person's
 * own switch (no channel without a number or address on file), audited with who changed whose, and applied at
 * once for any account: it grants no role, so 三员分立 files no request for it.
 */
for (const dialect of dialects()) {
  describe(`the administrator reads and sets a person's notify channels (${dialect})`, () => {
    let env: TestEnv;
    let app: ReturnType<typeof makeTestApp>;
    let people: Awaited<ReturnType<typeof seedPeople>>;
    let admin: Client;
    let secId: string;
    const path = (id: string) => `/api/v1/users/${id}/notify-channels`;
    const audits = async () =>
      (
        await env.deps.db
          .selectFrom('audit_log')
          .select(['actor_id', 'action', 'detail'])
          .where('action', 'in', ['user.notify_channels', 'user.notify_channels_admin'])
          .orderBy('seq')
          .execute()
      ).map((r) => ({
        actor: r.actor_id,
        action: r.action,
        detail: typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail,
      }));

    before(async () => {
      env = await makeTestEnv(dialect, '2025-09-26');
      people = await seedPeople(env.deps);
      secId = await addSecurityAdmin(env.deps);
      app = makeTestApp(env);
      admin = await loginAs(app, 'admin');
    });
    after(async () => env.close());

    it('nobody but the system administrator reads or sets them; a missing account is 404', async () => {
      const target = people.users.zjjHandler.userId;
      assert.equal((await app.request(path(target))).status, 401);
      for (const name of ['dengji', 'shenhe', 'zjj_fz', 'zjj_jb', 'lingdao', 'shenji', 'anquan']) {
        const c = await loginAs(app, name);
        const g = await c.get(path(target));
        assert.deepEqual([g.status, g.body.error.code], [403, 'FORBIDDEN'], name);
        const p = await c.put(path(target), { sms: false, email: false });
        assert.deepEqual([p.status, p.body.error.code], [403, 'FORBIDDEN'], name);
      }
      // Even for the head over the handler's unit, and for his own account through this address.
      const head = await loginAs(app, 'zjj_fz');
      assert.equal((await head.get(path(people.users.zjjHead.userId))).status, 403);
      assert.equal((await admin.get(path('no-such-user'))).status, 404);
      assert.equal((await admin.put(path('no-such-user'), { sms: false, email: false })).status, 404);
      assert.deepEqual(await audits(), []);
    });

    it('same rules as one’s own switch: PHONE_MISSING / EMAIL_MISSING, nothing saved; audited who, whose', async () => {
      const jb = people.users.zjjHandler;
      assert.deepEqual((await admin.get(path(jb.userId))).body, {
        sms: false,
        email: false,
        phone: null,
        emailAddress: null,
      });
      const noPhone = await admin.put(path(jb.userId), { sms: true, email: false });
      assert.deepEqual([noPhone.status, noPhone.body.error.code], [422, 'PHONE_MISSING']);
      assert.match(noPhone.body.error.message, /该用户还没有登记手机号码.*联系方式/);
      const noMail = await admin.put(path(jb.userId), { sms: false, email: true });
      assert.deepEqual([noMail.status, noMail.body.error.code], [422, 'EMAIL_MISSING']);
      assert.match(noMail.body.error.message, /该用户还没有登记电子邮箱/);
      for (const body of [{ sms: 'yes', email: false }, { sms: true }, {}]) {
        const bad = await admin.put(path(jb.userId), body);
        assert.deepEqual([bad.status, bad.body.error.code], [400, 'VALIDATION'], JSON.stringify(body));
      }
      assert.deepEqual(await audits(), []);

      // With a number and an address on file (the administrator's 联系方式), both default on; he turns SMS off.
      const contacts = await admin.put(`/api/v1/users/${jb.userId}/contacts`, {
        phone: '13800000009',
        email: 'zjjjb@example.gov.cn',
      });
      assert.equal(contacts.status, 200, JSON.stringify(contacts.body));
      assert.deepEqual((await admin.get(path(jb.userId))).body, {
        sms: true,
        email: true,
        phone: '13800000009',
        emailAddress: 'zjjjb@example.gov.cn',
      });
      const off = await admin.put(path(jb.userId), { sms: false, email: true });
      assert.equal(off.status, 200, JSON.stringify(off.body));
      assert.deepEqual([off.body.sms, off.body.email], [false, true]);
      assert.equal((await userContacts(env.deps.db, [jb.userId])).get(jb.userId)?.smsOn, false);
      // The person reads what the administrator set.
      const own = await loginAs(app, 'zjj_jb');
      assert.deepEqual([(await own.get('/api/v1/me/notify-channels')).body.sms], [false]);
      // Saving as it reads writes nothing.
      assert.equal((await admin.put(path(jb.userId), { sms: false, email: true })).status, 200);
      const rows = await audits();
      assert.equal(rows.length, 1);
      assert.deepEqual(rows[0], {
        actor: people.users.admin.userId,
        action: 'user.notify_channels_admin',
        detail: {
          userId: jb.userId,
          username: 'zjj_jb',
          before: { notifySms: true, notifyEmail: true },
          after: { notifySms: false, notifyEmail: true },
        },
      });
      assert.equal(auditActionLabel('user.notify_channels_admin'), '修改他人通知方式');
      // The audit screen names both: the actor is the administrator, the subject the handler.
      const auditor = await loginAs(app, 'shenji');
      const events = (await auditor.get('/api/v1/audit?action=user.notify_channels_admin&pageSize=50')).body.events;
      assert.equal(events.length, 1, JSON.stringify(events));
    });

    it('not a role change: a security account’s channels change at once, no request is filed', async () => {
      await setUserContacts(env.deps.db, secId, { phone: '13800000077', email: null });
      const grantsBefore = await env.deps.db.selectFrom('grants').select('id').execute();
      const r = await admin.put(path(secId), { sms: false, email: false });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual(r.body, { sms: false, email: false, phone: '13800000077', emailAddress: null });
      assert.equal((await userContacts(env.deps.db, [secId])).get(secId)?.smsOn, false);
      assert.deepEqual(await env.deps.db.selectFrom('grants').select('id').execute(), grantsBefore);
      const sec = await loginAs(app, 'anquan');
      assert.equal((await sec.get('/api/v1/me/notify-channels')).body.sms, false);
      // Back on by the administrator; the last audit row says whose account it was.
      assert.equal((await admin.put(path(secId), { sms: true, email: false })).status, 200);
      const last = (await audits()).at(-1)!;
      assert.deepEqual(
        [last.actor, last.detail.userId, last.detail.username],
        [people.users.admin.userId, secId, 'anquan'],
      );
      assert.deepEqual(last.detail.after, { notifySms: true, notifyEmail: false });
    });
  });
}
