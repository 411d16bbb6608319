import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { RegisterItemInput } from '../contract/dto.ts';
import { auditActionLabel } from '../contract/audit-actions.ts';
import type { AppDeps } from '../server/app/context.ts';
import { sendDailyDigests } from '../server/app/daily-digest.ts';
import { registerItem } from '../server/app/register-item.ts';
import { raiseWarningNotices } from '../server/app/warning-notices.ts';
import { loadConfig } from '../server/config.ts';
import { hashPassword } from '../server/crypto/password-hash.ts';
import { digestKey } from '../server/domain/digest.ts';
import { JOB_NAMES, jobCatalogue, serverJobs } from '../server/jobs/registry.ts';
import { createScheduler } from '../server/jobs/scheduler.ts';
import { recordOnlyAdapter } from '../server/notify/adapters.ts';
import {
  listNotifications,
  markNotificationsRead,
  raiseNotification,
  type NotificationRow,
} from '../server/store/notification.store.ts';
import { listOutbox, type OutboxMessage } from '../server/store/outbox.store.ts';
import { insertUnit } from '../server/store/reference.store.ts';
import { insertUser, setNotifyChannels, setUserContacts, userContacts } from '../server/store/user.store.ts';
import { loginAs } from './http-client.ts';
import { dialects, secondInstance, TEST_PASSWORD } from './test-db.ts';
import { ACCUSER_TRACES, buildVisibilityWorld, type VisibilityWorld } from './visibility-fixture.ts';

const adapters = { sms: recordOnlyAdapter('sms'), email: recordOnlyAdapter('email') };
/** Titles of the fixture's items: a digest names none of them, whoever reads it. */
const TITLES = ['物业费', '李科长', '楼道照明', '垃圾清运', '缺斤短两', '举报', '电梯', '路灯'];

describe('the digest time (XINFANG_DIGEST_AT)', () => {
  it('defaults to 08:00 Beijing, takes HH:MM, refuses anything else in Chinese', () => {
    assert.equal(loadConfig({}).digestAt, '08:00');
    assert.equal(loadConfig({ XINFANG_DIGEST_AT: '07:15' }).digestAt, '07:15');
    for (const bad of ['8:00', '24:00', '08:60', 'morning'])
      assert.throws(() => loadConfig({ XINFANG_DIGEST_AT: bad }), /XINFANG_DIGEST_AT: 应为北京时间 HH:MM/, bad);
  });

  it('sets the job’s daily slot; the catalogue names it 每日待办摘要', () => {
    const deps = {} as AppDeps;
    const job = (at?: string) =>
      serverJobs(deps, adapters, at ? { digestAt: at } : {}).find((j) => j.name === JOB_NAMES.digest);
    assert.deepEqual(job()?.schedule, { kind: 'daily', at: '08:00' });
    assert.deepEqual(job('07:15')?.schedule, { kind: 'daily', at: '07:15' });
    const entry = jobCatalogue(deps, adapters, { digestAt: '07:15' }).find((j) => j.name === 'notify.daily-digest');
    assert.equal(entry?.label, '每日待办摘要');
    assert.equal(entry?.scheduleText, '每日 07:15（北京时间）');
  });
});

for (const dialect of dialects()) {
  describe(`daily digest and notification channels (${dialect})`, () => {
    let w: VisibilityWorld;
    let now = new Date('2025-10-19T02:00:00Z');
    /** The application's dependencies on a clock the test sets to the minute. */
    let deps: AppDeps;
    const at = (beijing: string) => {
      now = new Date(`${beijing}:00+08:00`);
    };
    const id: Record<string, string> = {};
    const registered: string[] = [];
    const notices = async (userId: string): Promise<NotificationRow[]> =>
      listNotifications(deps.db, userId, { limit: 1000 });
    const digests = async (userId: string) => (await notices(userId)).filter((n) => n.kind === 'daily_digest');
    const outbox = async (userId: string): Promise<OutboxMessage[]> =>
      (await listOutbox(deps.db, { limit: 5000 })).filter((m) => m.recipientUserId === userId);
    const digestMail = async (userId: string) =>
      (await outbox(userId)).filter((m) => m.dedupeKey.startsWith(`digest:${userId}:`));
    const digestScheduler = (d: AppDeps, instanceId: string) =>
      createScheduler({
        db: d.db,
        clock: d.clock,
        instanceId,
        jobs: serverJobs(d, adapters).filter((j) => j.name === JOB_NAMES.digest),
        log: null,
      });

    before(async () => {
      w = await buildVisibilityWorld(dialect);
      deps = { ...w.env.deps, clock: () => now };
      const hash = await hashPassword(TEST_PASSWORD);
      const nowIso = w.env.deps.clock().toISOString();
      const kong = randomUUID();
      await insertUnit(
        deps.db,
        { id: kong, name: '区档案馆', parentId: null, insideDistrict: true, kind: '部门', sort: 0 },
        nowIso,
      );
      for (const [username, role, unitId] of [
        ['scj_fz', 'unit_head', w.units.lead],
        ['kong_jb', 'unit_handler', kong],
      ] as const) {
        id[username] = randomUUID();
        const u = { id: id[username]!, username, displayName: `${username}姓名`, role, unitId, passwordHash: hash };
        await insertUser(deps.db, u, nowIso);
      }
      for (const r of await deps.db.selectFrom('users').select(['id', 'username']).execute()) id[r.username] = r.id;
      // Phones and addresses on file: the lead and accused heads and the bureau's reviewer; the registrar has an
      // address only. Nobody else has either.
      await setUserContacts(deps.db, id.scj_fz!, { phone: '13800000001', email: 'scj@example.gov.cn' });
      await setUserContacts(deps.db, id.zjj_fz!, { phone: '13800000002', email: 'zjj@example.gov.cn' });
      await setUserContacts(deps.db, id.shenhe!, { phone: '13800000003', email: 'shenhe@example.gov.cn' });
      await setUserContacts(deps.db, id.dengji!, { phone: null, email: 'dengji@example.gov.cn' });
      // Three letters waiting to be routed, received so that their 登记转送 deadline is past, near and far.
      w.env.setToday('2025-10-19');
      for (const receivedOn of ['2025-09-26', '2025-10-09', '2025-10-18']) {
        const input = {
          channel: '来信',
          level: '区',
          receivedOn,
          headCount: 1,
          petitioners: [{ name: '孙路灯', idUnverified: false }],
          representatives: [],
          title: `路灯不亮（${receivedOn}）`,
          content: '小区路灯不亮。',
          demands: ['修复路灯'],
          purpose: '求决',
          handlingClass: '申诉求决类',
          flags: [],
        } satisfies RegisterItemInput;
        const r = await registerItem(w.env.deps, { actor: w.actors.registrar, requestId: null }, input);
        registered.push(r.item.number);
      }
    });
    after(async () => w.env.close());

    it('通知方式: each person reads and sets his own SMS and e-mail switch; no channel without a contact', async () => {
      const audits = async () =>
        deps.db
          .selectFrom('audit_log')
          .select(['actor_id', 'detail'])
          .where('action', '=', 'user.notify_channels')
          .execute();
      assert.equal((await w.app.request('/api/v1/me/notify-channels')).status, 401);
      const jb = await loginAs(w.app, 'scj_jb');
      // Nothing on file: both channels read off, and neither may be turned on.
      assert.deepEqual((await jb.get('/api/v1/me/notify-channels')).body, {
        sms: false,
        email: false,
        phone: null,
        emailAddress: null,
      });
      const noPhone = await jb.put('/api/v1/me/notify-channels', { sms: true, email: false });
      assert.deepEqual([noPhone.status, noPhone.body.error.code], [422, 'PHONE_MISSING']);
      assert.match(noPhone.body.error.message, /没有登记手机号码.*请联系系统管理员/);
      const noMail = await jb.put('/api/v1/me/notify-channels', { sms: false, email: true });
      assert.deepEqual([noMail.status, noMail.body.error.code], [422, 'EMAIL_MISSING']);
      assert.match(noMail.body.error.message, /没有登记电子邮箱.*请联系系统管理员/);
      for (const body of [{ sms: 'yes', email: false }, { sms: true }, {}]) {
        const bad = await jb.put('/api/v1/me/notify-channels', body);
        assert.deepEqual([bad.status, bad.body.error.code], [400, 'VALIDATION'], JSON.stringify(body));
      }
      // Saving both off as they read changes nothing: no write, no audit, and the default stays for later.
      assert.equal((await jb.put('/api/v1/me/notify-channels', { sms: false, email: false })).status, 200);
      assert.equal((await audits()).length, 0);
      await setUserContacts(deps.db, id.scj_jb!, { phone: '13800000009', email: 'scjjb@example.gov.cn' });
      assert.deepEqual((await jb.get('/api/v1/me/notify-channels')).body, {
        sms: true,
        email: true,
        phone: '13800000009',
        emailAddress: 'scjjb@example.gov.cn',
      });
      const off = await jb.put('/api/v1/me/notify-channels', { sms: false, email: true });
      assert.equal(off.status, 200);
      assert.deepEqual([off.body.sms, off.body.email], [false, true]);
      assert.equal((await userContacts(deps.db, [id.scj_jb!])).get(id.scj_jb!)?.smsOn, false);
      assert.equal((await jb.get('/api/v1/me/notify-channels')).body.sms, false);
      const rows = await audits();
      assert.equal(rows.length, 1);
      assert.equal(rows[0]!.actor_id, id.scj_jb);
      const detail = typeof rows[0]!.detail === 'string' ? JSON.parse(rows[0]!.detail) : rows[0]!.detail;
      assert.deepEqual(detail.before, { notifySms: true, notifyEmail: true });
      assert.deepEqual(detail.after, { notifySms: false, notifyEmail: true });
      assert.equal(auditActionLabel('user.notify_channels'), '修改本人通知方式');
      // Someone else's switch is not his to read: the answer is always the reader's own.
      const rev = await loginAs(w.app, 'shenhe');
      assert.equal((await rev.get('/api/v1/me/notify-channels')).body.phone, '13800000003');
      // The reviewer keeps e-mail and turns SMS off (used below).
      assert.equal((await rev.put('/api/v1/me/notify-channels', { sms: false, email: true })).status, 200);
      assert.equal((await audits()).length, 2);
    });

    it('a warning goes by SMS only to those who keep SMS on; in-app and e-mail to the others alike', async () => {
      at('2025-10-20T07:30');
      const run = await raiseWarningNotices(deps);
      assert.ok(run.raised > 0);
      const reviewerNotices = (await notices(id.shenhe!)).filter((n) => n.kind === 'deadline_warning');
      assert.ok(reviewerNotices.length > 0, 'the reviewer is told of every late item');
      const reviewerOut = await outbox(id.shenhe!);
      assert.deepEqual(
        reviewerOut.map((m) => m.channel),
        reviewerNotices.map(() => 'email'),
        'SMS off: e-mail only',
      );
      const headNotices = (await notices(id.scj_fz!)).filter((n) => n.kind === 'deadline_warning');
      const headOut = await outbox(id.scj_fz!);
      assert.equal(headOut.filter((m) => m.channel === 'sms').length, headNotices.length);
      assert.equal(headOut.filter((m) => m.channel === 'email').length, headNotices.length);
    });

    it('goes out at the set time and not before; once a day across a rerun and a second instance', async () => {
      at('2025-10-20T07:59');
      const early = (await digestScheduler(deps, 'a').tick())[0]!;
      // Before 08:00 the due slot is yesterday's, too old to send: skipped, and nothing raised.
      assert.deepEqual([early.outcome, early.slot], ['skipped', '2025-10-19T08:00+08:00']);
      const none = await deps.db.selectFrom('notifications').select('id').where('kind', '=', 'daily_digest').execute();
      assert.equal(none.length, 0);
      at('2025-10-20T08:00');
      const ran = (await digestScheduler(deps, 'a').tick())[0]!;
      assert.equal(ran.outcome, 'ran', ran.error);
      assert.equal(ran.slot, '2025-10-20T08:00+08:00');
      const result = ran.result as Awaited<ReturnType<typeof sendDailyDigests>>;
      assert.equal(result.date, '2025-10-20');
      assert.ok(result.raised > 0);
      assert.equal(result.people, result.raised + result.nothing);
      const rows = await deps.db
        .selectFrom('notifications')
        .select(['user_id', 'key', 'title', 'link'])
        .where('kind', '=', 'daily_digest')
        .execute();
      assert.equal(rows.length, result.raised);
      assert.equal(new Set(rows.map((r) => r.user_id)).size, rows.length, 'one per person');
      for (const r of rows) {
        assert.equal(r.key, digestKey(r.user_id, '2025-10-20'));
        assert.equal(r.title, '每日待办摘要（10月20日）');
        assert.equal(r.link, '/');
      }
      const mails = (await listOutbox(deps.db, { limit: 5000 })).filter((m) => m.dedupeKey.startsWith('digest:'));
      const queued = mails.length;
      assert.equal(result.queued, queued);

      // Later the same morning: the second instance finds the slot done; a manual run of the day raises nothing.
      at('2025-10-20T08:20');
      const second = secondInstance(w.env);
      try {
        const other = { ...second.deps, clock: () => now };
        assert.equal((await digestScheduler(other, 'b').tick())[0]!.outcome, 'not_due');
        for (const d of [deps, other]) {
          const again = await sendDailyDigests(d, '2025-10-20');
          assert.deepEqual([again.raised, again.queued, again.already], [0, 0, result.raised]);
        }
      } finally {
        await second.close();
      }
      const after = await deps.db.selectFrom('notifications').select('id').where('kind', '=', 'daily_digest').execute();
      assert.equal(after.length, rows.length);
      const mailsAfter = (await listOutbox(deps.db, { limit: 5000 })).filter((m) => m.dedupeKey.startsWith('digest:'));
      assert.equal(mailsAfter.length, queued);
    });

    it('counts what waits, what is due within five days and what is overdue, and unread since the last', async () => {
      // The registrar's list: the three letters to route, due 10-11 (overdue), 10-24 (in 4 days) and later.
      const [reg] = await digests(id.dengji!);
      assert.ok(reg);
      assert.equal(
        reg.body,
        ['待办 3 项，其中超期 1 项、5 日内到期 1 项。', `超期：${registered[0]}`, `5 日内到期：${registered[1]}`].join(
          '\n',
        ),
      );
      // The lead unit's head: the three items his unit is to sign for, all overdue, and his warnings, all unread.
      const [head] = await digests(id.scj_fz!);
      assert.ok(head);
      const warnings = (await notices(id.scj_fz!)).filter((n) => n.kind === 'deadline_warning');
      const [first, overdueLine, ...rest] = head.body.split('\n');
      assert.equal(first, '待办 3 项，其中超期 3 项、5 日内到期 0 项。');
      const lead = [w.ids.acc, w.ids.accRedacted, w.ids.qLate].map((x) => w.numbers[x]!);
      assert.deepEqual(new Set(overdueLine!.replace(/^超期：/, '').split('、')), new Set(lead));
      assert.deepEqual(rest, [`未读通知 ${warnings.length} 条（期限预警 ${warnings.length} 条）。`]);

      // Next day: he has read one warning; one new notice came since; the old unread ones are not news.
      await markNotificationsRead(deps.db, id.scj_fz!, now.toISOString(), [warnings[0]!.id]);
      at('2025-10-20T15:00');
      await raiseNotification(deps.db, {
        id: randomUUID(),
        key: `test:assigned:${id.scj_fz}`,
        userId: id.scj_fz!,
        kind: 'handler_assigned',
        title: '指定经办人',
        body: '事项已指定经办人',
        createdAt: now.toISOString(),
      });
      at('2025-10-21T08:00');
      const ran = (await digestScheduler(deps, 'a').tick())[0]!;
      assert.deepEqual([ran.outcome, ran.slot], ['ran', '2025-10-21T08:00+08:00']);
      const next = (await digests(id.scj_fz!)).find((n) => n.key === digestKey(id.scj_fz!, '2025-10-21'));
      assert.equal(next?.title, '每日待办摘要（10月21日）');
      assert.equal(next?.body.split('\n').at(-1), '自上次摘要以来未读通知 1 条（指定经办人 1 条）。');
      // The registrar read nothing new and still has his three letters: a digest of them alone.
      const regNext = (await digests(id.dengji!)).find((n) => n.key === digestKey(id.dengji!, '2025-10-21'));
      assert.equal(regNext?.body.split('\n')[0], '待办 3 项，其中超期 1 项、5 日内到期 1 项。');
      assert.equal(regNext?.body.split('\n').length, 3);
    });

    it('names no petitioner, no title and no item the person may not open', async () => {
      const rows = await deps.db
        .selectFrom('notifications')
        .select(['user_id', 'title', 'body'])
        .where('kind', '=', 'daily_digest')
        .execute();
      const mails = (await listOutbox(deps.db, { limit: 5000 })).filter((m) => m.dedupeKey.startsWith('digest:'));
      assert.ok(rows.length > 0 && mails.length > 0);
      for (const text of [
        ...rows.map((r) => `${r.title}\n${r.body}`),
        ...mails.map((m) => `${m.subject}\n${m.body}`),
      ]) {
        for (const t of [...ACCUSER_TRACES, ...TITLES, '孙路灯']) assert.ok(!text.includes(t), `${t} in ${text}`);
      }
      // The accused unit's head: the accuser's two ordinary items his unit leads, and the accusation routed to it
      // with the identity withheld (it may open that one); never the accusation routed without.
      const accused = await digests(id.zjj_fz!);
      assert.ok(accused.length > 0);
      for (const n of accused) {
        assert.ok(!n.body.includes(w.numbers[w.ids.acc]!), n.body);
        const line = n.body.split('\n').find((l) => l.startsWith('超期：'));
        assert.deepEqual(
          new Set(line?.replace(/^超期：/, '').split('、')),
          new Set([w.ids.ordEarly, w.ids.ordLate, w.ids.accRedacted].map((x) => w.numbers[x]!)),
        );
      }
    });

    it('sends nothing to a person with nothing, and e-mail only to an address on file with e-mail on', async () => {
      for (const u of ['admin', 'shenji', 'anquan', 'kong_jb', 'lingdao'])
        assert.deepEqual(await digests(id[u]!), [], `${u} has nothing waiting and nothing unread`);
      // Two digests each (10-20, 10-21), each with one e-mail where there is an address and e-mail is on.
      for (const u of ['scj_fz', 'shenhe', 'dengji']) {
        const mail = await digestMail(id[u]!);
        assert.equal((await digests(id[u]!)).length, 2, u);
        assert.deepEqual(
          mail.map((m) => m.channel),
          ['email', 'email'],
          u,
        );
        const d = (await digests(id[u]!)).find((n) => n.key === digestKey(id[u]!, '2025-10-21'))!;
        const m = mail.find((x) => x.dedupeKey === `${d.key}:email`)!;
        assert.equal(m.subject, '每日待办摘要（10月21日）');
        assert.ok(m.body.startsWith(`${u}`) && m.body.includes(d.body), m.body);
        assert.match(m.body, /请登录信访事项办理平台/);
      }
      // No address on file: the digest stays in the app.
      assert.ok((await digests(id.zjj_jb!)).length > 0);
      assert.deepEqual(await digestMail(id.zjj_jb!), []);
      // E-mail turned off: the in-app digest still comes, the e-mail does not; SMS never carries a digest.
      await setNotifyChannels(deps.db, id.zjj_fz!, { sms: true, email: false });
      at('2025-10-22T08:00');
      assert.equal((await digestScheduler(deps, 'a').tick())[0]!.outcome, 'ran');
      assert.ok((await digests(id.zjj_fz!)).some((n) => n.key === digestKey(id.zjj_fz!, '2025-10-22')));
      const zjjMail = await digestMail(id.zjj_fz!);
      assert.equal(zjjMail.length, 2, 'the two earlier days only');
      assert.ok(zjjMail.every((m) => !m.dedupeKey.includes('2025-10-22')));
      const sms = (await listOutbox(deps.db, { limit: 5000 })).filter(
        (m) => m.channel === 'sms' && m.dedupeKey.startsWith('digest:'),
      );
      assert.deepEqual(sms, []);
    });

    it('two instances racing on one day raise each digest once and queue each e-mail once', async () => {
      at('2025-10-23T08:05');
      const second = secondInstance(w.env);
      try {
        const other = { ...second.deps, clock: () => now };
        // PostgreSQL: both at once, each in its own pool. SQLite serialises writers: one after the other.
        const runs =
          dialect === 'postgres'
            ? await Promise.all([sendDailyDigests(deps, '2025-10-23'), sendDailyDigests(other, '2025-10-23')])
            : [await sendDailyDigests(deps, '2025-10-23'), await sendDailyDigests(other, '2025-10-23')];
        const [a, b] = runs as [
          Awaited<ReturnType<typeof sendDailyDigests>>,
          Awaited<ReturnType<typeof sendDailyDigests>>,
        ];
        const rows = await deps.db
          .selectFrom('notifications')
          .select(['user_id', 'key'])
          .where('kind', '=', 'daily_digest')
          .where('key', 'like', '%:2025-10-23')
          .execute();
        assert.ok(rows.length > 0);
        assert.equal(a.raised + b.raised, rows.length);
        assert.equal(new Set(rows.map((r) => r.user_id)).size, rows.length);
        const mails = (await listOutbox(deps.db, { limit: 5000 })).filter((m) =>
          m.dedupeKey.endsWith(':2025-10-23:email'),
        );
        assert.equal(a.queued + b.queued, mails.length);
        assert.equal(new Set(mails.map((m) => m.recipientUserId)).size, mails.length);
        assert.deepEqual(
          new Set(mails.map((m) => m.recipientUserId)),
          new Set([id.scj_fz, id.shenhe, id.dengji, id.scj_jb]),
          'those with an address on file and e-mail on',
        );
        // And the scheduler: two instances ticking at once run the slot once.
        at('2025-10-24T08:00');
        const ticks =
          dialect === 'postgres'
            ? await Promise.all([digestScheduler(deps, 'a').tick(), digestScheduler(other, 'b').tick()])
            : [await digestScheduler(deps, 'a').tick(), await digestScheduler(other, 'b').tick()];
        const outcomes = ticks.map((t) => t[0]!.outcome).sort();
        assert.equal(outcomes.filter((o) => o === 'ran').length, 1, outcomes.join());
      } finally {
        await second.close();
      }
    });
  });
}
