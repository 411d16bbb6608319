/**
 * The supervision issue's done-when as one walk on an injected clock: an item the unit lets run late raises
 * 预警 / 警告 / 严重警告 / 超期 once each, on their days, to the named 经办人, the unit head and the bureau reviewer
 * (across two scheduler instances on one database); the 督办建议 lists it from 严重警告 on with its reason; the
 * bureau issues a 督办 from the suggestion, the unit answers, the bureau presses again, the unit answers, the bureau
 * accepts; and the unit scorecard's figures equal a count by hand of the two items the unit led.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addDays } from '../server/domain/calendar.ts';
import { createApp } from '../server/http/app.ts';
import { extraRouteModules } from '../server/http/modules.ts';
import { JOB_NAMES, serverJobs } from '../server/jobs/registry.ts';
import { createScheduler } from '../server/jobs/scheduler.ts';
import { recordOnlyAdapter } from '../server/notify/adapters.ts';
import { listNotifications } from '../server/store/notification.store.ts';
import { listOutbox } from '../server/store/outbox.store.ts';
import { setUserContacts } from '../server/store/user.store.ts';
import { loginAs, type Client } from './http-client.ts';
import { dialects, makeTestEnv, seedPeople, type TestEnv } from './test-db.ts';

// The clock runs for three months; sessions must outlive it.
const opts = { secureCookies: false, idleMinutes: 60 * 24 * 3650, webDist: null, log: null, rateLimitPerMinute: 1e6 };
const adapters = { sms: recordOnlyAdapter('sms'), email: recordOnlyAdapter('email') };

for (const dialect of dialects()) {
  describe(`督办 done-when walk: an item run late, warnings, 督办建议, 督办, scorecard (${dialect})`, () => {
    let env: TestEnv;
    let people: Awaited<ReturnType<typeof seedPeople>>;
    let reg: Client, rev: Client, handler: Client, head: Client, other: Client, leader: Client;
    const ids = { late: '', onTime: '', elsewhere: '' };
    const versions: Record<string, number> = {};
    let supervisionId = '';

    async function step(c: Client, id: string, today: string, input: Record<string, unknown>) {
      env.setToday(today);
      const r = await c.post(`/api/v1/items/${id}/steps`, { version: versions[id], input: { on: today, ...input } });
      assert.equal(r.status, 200, `${input.step} ${today}: ${JSON.stringify(r.body)}`);
      versions[id] = r.body.item.version;
    }
    async function register(title: string, demand: string): Promise<string> {
      env.setToday('2025-09-26');
      const r = await reg.post('/api/v1/items', {
        channel: '来信',
        receivedOn: '2025-09-26',
        headCount: 1,
        petitioners: [{ name: '孙某', phone: '13700004321', address: '城关街道和平里5号' }],
        title,
        content: `${title}，多次反映无果，请求处理。`,
        demands: [demand],
        purpose: '求决',
        handlingClass: '申诉求决类',
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      versions[r.body.item.id] = r.body.item.version;
      return r.body.item.id;
    }

    before(async () => {
      env = await makeTestEnv(dialect, '2025-09-26');
      people = await seedPeople(env.deps);
      const app = createApp(env.deps, opts, extraRouteModules);
      reg = await loginAs(app, 'dengji');
      rev = await loginAs(app, 'shenhe');
      handler = await loginAs(app, 'zjj_jb');
      head = await loginAs(app, 'zjj_fz');
      other = await loginAs(app, 'scj_jb');
      leader = await loginAs(app, 'lingdao');
      await setUserContacts(env.deps.db, people.users.zjjHandler.userId, { phone: '13800000001', email: null });
      ids.late = await register('小区电梯长期停运无人维修', '尽快修复电梯');
      ids.onTime = await register('小区消防通道被占用', '清理消防通道');
      ids.elsewhere = await register('农贸市场商户缺斤短两', '查处缺斤短两');
      // SCENARIOS: received 2025-09-26, routed 09-29, accepted 10-09 → handling due 2025-12-08 (60 日).
      for (const id of [ids.late, ids.onTime])
        await step(rev, id, '2025-09-29', { step: 'route', kind: '转送', unitId: people.units.zjj });
      await step(rev, ids.elsewhere, '2025-09-29', { step: 'route', kind: '转送', unitId: people.units.scj });
      for (const id of [ids.late, ids.onTime]) await step(handler, id, '2025-09-29', { step: 'confirm_receipt' });
      for (const id of [ids.late, ids.onTime]) await step(handler, id, '2025-10-09', { step: 'accept' });
      const named = await head.post(`/api/v1/items/${ids.late}/handler`, {
        version: versions[ids.late],
        userId: people.users.zjjHandler.userId,
      });
      assert.equal(named.status, 200, JSON.stringify(named.body));
      versions[ids.late] = named.body.item.version;
      // The other item is answered and served in time (the unit's on-time opinion in the scorecard).
      await step(handler, ids.onTime, '2025-10-20', {
        step: 'reply',
        facts: '经核查，消防通道被私家车占用属实。',
        basis: '《中华人民共和国消防法》第二十八条',
        answers: [{ demandIndex: 0, outcome: '支持', explanation: '已责令物业清理消防通道' }],
      });
      await step(handler, ids.onTime, '2025-10-21', { step: 'serve' });
    });
    after(async () => env.close());

    it('four warnings on their days to handler, head, reviewer; suggested; issued, answered, accepted', async () => {
      const jobs = serverJobs(env.deps, adapters).filter((j) =>
        [JOB_NAMES.warnings, JOB_NAMES.escalation].includes(j.name as never),
      );
      const instances = ['a', 'b'].map((instanceId) =>
        createScheduler({ db: env.deps.db, clock: env.deps.clock, jobs, instanceId, log: null }),
      );
      const recipients = {
        handler: people.users.zjjHandler.userId,
        head: people.users.zjjHead.userId,
        reviewer: people.users.reviewer.userId,
      };
      const arrived = new Map<string, string>(); // notification id → the day it was first seen
      const seen = async (day: string) => {
        for (const userId of [...Object.values(recipients), people.users.scjHandler.userId]) {
          for (const n of await listNotifications(env.deps.db, userId, { limit: 1000 }))
            if (!arrived.has(n.id)) arrived.set(n.id, day);
        }
      };
      const suggested = async () => {
        const r = await rev.get('/api/v1/supervisions/suggestions');
        assert.equal(r.status, 200, JSON.stringify(r.body));
        return r.body.suggestions.find((s: { itemId: string }) => s.itemId === ids.late);
      };
      let sv = 0;
      const svStep = async (c: Client, input: Record<string, unknown>) => {
        const r = await c.post(`/api/v1/supervisions/${supervisionId}/steps`, { version: sv, input });
        assert.equal(r.status, 200, JSON.stringify(r.body));
        sv = r.body.version;
        return r.body;
      };

      for (let day = '2025-10-09'; day <= '2025-12-16'; day = addDays(day, 1)) {
        env.setToday(day); // 10:00 Beijing: the 07:30 warning slot of the day is due
        for (const s of instances) {
          const ran = (await s.tick()).find((r) => r.name === JOB_NAMES.warnings);
          assert.ok(ran && ['ran', 'not_due'].includes(ran.outcome), `${day}: ${JSON.stringify(ran)}`);
        }
        await seen(day);
        if (day === '2025-11-29') assert.equal(await suggested(), undefined, '警告 is not yet a reason to supervise');
        if (day === '2025-12-08') {
          const s = await suggested();
          assert.deepEqual(
            s.reasons.map((r: { code: string }) => r.code),
            ['about_to_be_overdue'],
          );
          assert.match(s.reasons[0].text, /严重警告，今日届满（截至 2025-12-08）/);
          assert.equal(s.unitName, '区住建局');
        }
        if (day === '2025-12-09') {
          const s = await suggested();
          assert.deepEqual(
            s.reasons.map((r: { code: string }) => r.code),
            ['overdue'],
          );
          assert.match(s.reasons[0].text, /已超期 1 天（截至 2025-12-08）/);
          // The bureau decides: a 督办 from the suggestion, addressed to the named handler.
          const issued = await rev.post('/api/v1/supervisions', {
            kind: '文书督办',
            itemIds: [ids.late],
            reason: s.reasons.map((r: { text: string }) => r.text).join('；'),
            requirements: '请于 2025-12-12 前书面回复办理情况',
            unitId: people.units.zjj,
            addresseeUserId: people.users.zjjHandler.userId,
            issuedOn: day,
            dueOn: '2025-12-12',
            suggestedFor: ['overdue'],
          });
          assert.equal(issued.status, 201, JSON.stringify(issued.body));
          supervisionId = issued.body.id;
          sv = issued.body.version;
          assert.deepEqual(issued.body.suggestedFor, ['overdue']);
          assert.equal(await suggested(), undefined, 'an item under an open 督办 is not suggested again');
        }
        if (day === '2025-12-10') {
          await svStep(handler, { step: 'reply', on: day, done: '已联系维保单位', expectedFinishOn: '2025-12-20' });
          await svStep(rev, { step: 'press', on: day, note: '请明确修复日期', newDueOn: '2025-12-12' });
        }
        if (day === '2025-12-11') {
          assert.equal(
            (await svStep(handler, { step: 'reply', on: day, done: '维保单位已于今日修复' })).status,
            'answered',
          );
          const closed = await svStep(rev, { step: 'accept', on: day, note: '同意办结' });
          assert.deepEqual([closed.status, closed.closedOn, closed.escalations], ['accepted', day, []]);
        }
      }

      // Each level once, on its day, to exactly the handler, the head and the reviewer; nothing to anyone else.
      const all = async (userId: string) =>
        (await listNotifications(env.deps.db, userId, { limit: 1000 })).filter(
          (n) => n.kind === 'deadline_warning' && n.itemId === ids.late,
        );
      const expected = { notice: '2025-11-23', warning: '2025-11-29', severe: '2025-12-08', overdue: '2025-12-09' };
      for (const [who, userId] of Object.entries(recipients)) {
        const got = (await all(userId)).map((n) => [n.level, arrived.get(n.id)]).sort();
        assert.deepEqual(got, Object.entries(expected).sort(), who);
      }
      assert.deepEqual(await all(people.users.scjHandler.userId), [], 'another unit hears nothing of it');
      assert.deepEqual(await all(people.users.registrar.userId), []);
      // The on-time item raised nothing; the handler's SMS went out once per level.
      for (const userId of Object.values(recipients))
        assert.ok(
          (await listNotifications(env.deps.db, userId, { limit: 1000 })).every(
            (n) => n.kind !== 'deadline_warning' || n.itemId !== ids.onTime,
          ),
        );
      const sms = (await listOutbox(env.deps.db, { limit: 1000 })).filter(
        (m) => m.recipientUserId === recipients.handler && m.channel === 'sms' && m.body.includes('期限'),
      );
      assert.equal(sms.length, 4, JSON.stringify(sms.map((m) => m.body)));
      // The 督办 reached the handler (issued and pressed), answered in time: no escalation.
      const svNotes = (await listNotifications(env.deps.db, recipients.handler, { limit: 1000 })).filter(
        (n) => n.supervisionId === supervisionId,
      );
      assert.deepEqual(svNotes.map((n) => n.kind).sort(), ['supervision_issued', 'supervision_pressed']);

      // Who may read the suggestions: the bureau and leaders; units are refused.
      assert.equal((await leader.get('/api/v1/supervisions/suggestions')).status, 200);
      assert.equal((await reg.get('/api/v1/supervisions/suggestions')).status, 200);
      for (const c of [handler, head, other]) {
        const r = await c.get('/api/v1/supervisions/suggestions');
        assert.equal(r.status, 403);
        assert.equal(r.body.error.message, '督办建议仅供信访部门和领导查看');
      }
    });

    it('the unit scorecard equals a hand count of the items it led', async () => {
      env.setToday('2025-12-16');
      const r = await rev.get('/api/v1/scorecard?from=2025-09-01&to=2025-12-31');
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const zjj = r.body.units.find((u: { unitId: string }) => u.unitId === people.units.zjj);
      const rate = (f: { count: number; of: number }) => [f.count, f.of];
      // By hand: two items led, both accepted on 10-09 (routed 09-29, 15 日 → 10-14: on time); one opinion on
      // 10-20 within its 60 日, one without an opinion past 12-08 (counts against); neither rated; one overdue now;
      // no objection nor send-back; one 督办 received (the figure lists 督办, not items), answered in time.
      assert.equal(zjj.received.count, 2);
      assert.deepEqual(new Set(zjj.received.ids), new Set([ids.late, ids.onTime]));
      assert.deepEqual(rate(zjj.acceptedOnTime), [2, 2]);
      assert.deepEqual(rate(zjj.closedOnTime), [1, 2]);
      assert.equal(zjj.closedOnTime.rate, 0.5);
      assert.deepEqual(zjj.closedOnTime.ids, [ids.onTime]);
      assert.deepEqual(zjj.overdue.ids, [ids.late]);
      assert.deepEqual([zjj.objections.raised.count, zjj.sentBack.count], [0, 0]);
      assert.deepEqual([zjj.supervisions.received.ids, zjj.supervisions.answeredLate.count], [[supervisionId], 0]);
      // Days to acceptance: 09-29 → 10-09 for both (10); to opinion: 10-09 → 10-20 for the one answered (11).
      assert.equal(zjj.meanDaysToAcceptance.mean, 10);
      assert.equal(zjj.meanDaysToOpinion.mean, 11);
      const scj = r.body.units.find((u: { unitId: string }) => u.unitId === people.units.scj);
      assert.deepEqual([scj.received.count, scj.supervisions.received.count], [1, 0]);
    });
  });
}
