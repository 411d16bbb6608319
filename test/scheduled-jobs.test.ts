import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { issueSupervisionUseCase } from '../server/app/supervision.ts';
import { escalateLateSupervisions } from '../server/app/supervision-escalation.ts';
import { raiseWarningNotices } from '../server/app/warning-notices.ts';
import { setJobCatalogue } from '../server/app/scheduled-jobs.ts';
import { JOB_NAMES, createServerScheduler, jobCatalogue, slotWeekday, weeklyOf } from '../server/jobs/registry.ts';
import { PermanentDeliveryError, recordOnlyAdapter } from '../server/notify/adapters.ts';
import { dispatchOutbox } from '../server/notify/dispatcher.ts';
import { listNotifications, type NotificationRow } from '../server/store/notification.store.ts';
import { enqueueOutbox, listOutbox, type OutboxMessage } from '../server/store/outbox.store.ts';
import { insertUser, setUserContacts } from '../server/store/user.store.ts';
import { ACC_CONTENT, ACCUSER_TRACES, buildVisibilityWorld, type VisibilityWorld } from './visibility-fixture.ts';
import { loginAs } from './http-client.ts';
import { dialects } from './test-db.ts';

const adapters = { sms: recordOnlyAdapter('sms'), email: recordOnlyAdapter('email') };

describe('weekly job lines', () => {
  it('reads "M H * * D" as a daily slot and a weekday, and refuses other shapes in Chinese', () => {
    assert.deepEqual(weeklyOf('0 3 * * 0'), { at: '03:00', weekday: 0 });
    assert.deepEqual(weeklyOf('30 22 * * 5'), { at: '22:30', weekday: 5 });
    assert.throws(() => weeklyOf('0 3 * * *'), /每周任务/);
    assert.throws(() => weeklyOf('0 24 * * 1'), /每周任务/);
    assert.equal(slotWeekday('2025-10-19T03:00+08:00'), 0);
    assert.equal(slotWeekday('2025-10-20T03:00+08:00'), 1);
  });
});

for (const dialect of dialects()) {
  describe(`scheduled warning notices (${dialect})`, () => {
    let w: VisibilityWorld;
    let leadHead: string;
    let accusedHead: string;
    let assistHead: string;
    let unrelatedHead: string;
    // The warnings and escalations under test; the daily digest, which runs in the same tick, has its own test.
    const all = async (userId: string): Promise<NotificationRow[]> =>
      (await listNotifications(w.env.deps.db, userId, { limit: 1000 })).filter((n) => n.kind !== 'daily_digest');
    const outboxOf = async (userId: string): Promise<OutboxMessage[]> =>
      (await listOutbox(w.env.deps.db, { limit: 1000 })).filter(
        (m) => m.recipientUserId === userId && !m.dedupeKey.startsWith('digest:'),
      );
    const head = async (username: string, unitId: string): Promise<string> => {
      const id = randomUUID();
      const u = { id, username, displayName: username, role: 'unit_head' as const, unitId, passwordHash: 'x' };
      await insertUser(w.env.deps.db, u, w.env.deps.clock().toISOString());
      return id;
    };
    before(async () => {
      w = await buildVisibilityWorld(dialect);
      leadHead = randomUUID();
      await insertUser(
        w.env.deps.db,
        {
          id: leadHead,
          username: 'scj_fz',
          displayName: 'scj_fz',
          role: 'unit_head',
          unitId: w.units.lead,
          passwordHash: 'x',
        },
        w.env.deps.clock().toISOString(),
      );
      const row = await w.env.deps.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', 'zjj_fz')
        .executeTakeFirstOrThrow();
      accusedHead = row.id;
      assistHead = await head('mz_fz', w.units.assist);
      unrelatedHead = await head('jd_fz', w.units.unrelated);
      // Phones and addresses on file for a head of each unit standing differently to the accusation, and the bureau.
      const contacts: [string, string][] = [
        [leadHead, 'scj'],
        [accusedHead, 'zjj'],
        [assistHead, 'mz'],
        [unrelatedHead, 'jd'],
        [w.actors.reviewer.userId, 'shenhe'],
      ];
      for (const [i, [id, name]] of contacts.entries())
        await setUserContacts(w.env.deps.db, id, { phone: `1380000000${i}`, email: `${name}@example.gov.cn` });
      // Monday: the weekly retraining's slot is not due; every routed item's 签收/受理告知 is long overdue.
      w.env.setToday('2025-10-20');
    });
    after(async () => w.env.close());

    it('one slot raises each notice once across instances; a rerun raises nothing new', async () => {
      const first = createServerScheduler(w.env.deps, adapters, { instanceId: 'a', log: null });
      const ticked = await first.tick();
      const ran = ticked.find((r) => r.name === JOB_NAMES.warnings)!;
      assert.equal(ran.outcome, 'ran', ran.error);
      assert.equal(ran.slot, '2025-10-20T07:30+08:00');
      // 10:00: the 08:00 digest is due too, and runs after the warnings it counts.
      const digest = ticked.find((r) => r.name === JOB_NAMES.digest)!;
      assert.deepEqual([digest.outcome, digest.slot], ['ran', '2025-10-20T08:00+08:00']);
      assert.ok(ticked.indexOf(digest) > ticked.indexOf(ran));
      const result = ran.result as { items: number; planned: number; raised: number };
      assert.ok(result.raised > 0, 'overdue items raise notices');
      assert.equal(result.raised, result.planned);
      const lead = await all(leadHead);
      const accused = await all(accusedHead);
      // The lead unit's head: exactly the items it leads; the accused unit's head: exactly its own ordinary items.
      assert.deepEqual(new Set(lead.map((n) => n.itemId)), new Set([w.ids.acc, w.ids.accRedacted, w.ids.qLate]));
      assert.deepEqual(new Set(accused.map((n) => n.itemId)), new Set([w.ids.ordEarly, w.ids.ordLate]));
      for (const n of [...lead, ...accused]) {
        assert.equal(n.kind, 'deadline_warning');
        assert.equal(n.level, 'overdue');
        assert.match(n.title, /^【超期】信访事项 /);
        assert.equal(n.link, `/items/${n.itemId}`);
      }
      // The lead unit may unmask: it reads the accusation's title as written.
      assert.ok(lead.some((n) => n.itemId === w.ids.acc && n.body.includes('举报区住建局李科长收受好处')));

      const second = createServerScheduler(w.env.deps, adapters, { instanceId: 'b', log: null });
      const again = (await second.tick()).find((r) => r.name === JOB_NAMES.warnings)!;
      assert.equal(again.outcome, 'not_due');
      const rerun = await raiseWarningNotices(w.env.deps);
      assert.equal(rerun.raised, 0);
      assert.equal(rerun.planned, result.planned);
      assert.equal((await all(leadHead)).length, lead.length);
      assert.equal((await all(accusedHead)).length, accused.length);
      const keys = [...(await all(leadHead)), ...(await all(accusedHead))].map((n) => n.key);
      assert.equal(new Set(keys).size, keys.length);
    });

    it('each notice goes out once by SMS and e-mail, the SMS with no title, the e-mail masked', async () => {
      const n = w.numbers;
      const accNumbers = [n[w.ids.acc]!, n[w.ids.accRedacted]!];
      const numberOf = (m: OutboxMessage) => Object.values(n).find((x) => m.body.includes(x));
      for (const [userId, expected] of [
        [leadHead, [w.ids.acc, w.ids.accRedacted, w.ids.qLate]],
        [accusedHead, [w.ids.ordEarly, w.ids.ordLate]],
        [unrelatedHead, [w.ids.qEarly]],
        [assistHead, []],
      ] as const) {
        const notices = await all(userId);
        const out = await outboxOf(userId);
        // One SMS and one e-mail per in-app notice, about exactly the items the notices name.
        assert.equal(out.length, notices.length * 2, userId);
        assert.deepEqual(new Set(out.map(numberOf)), new Set(expected.map((id) => n[id])));
        for (const m of out) {
          const text = `${m.subject}\n${m.body}`;
          for (const t of ACCUSER_TRACES) assert.ok(!text.includes(t), `${t} in ${text}`);
          if (m.channel === 'sms') {
            assert.match(m.address, /^1380000000\d$/);
            assert.match(m.body, /^【信访超期】事项\S+截至\d{4}-\d{2}-\d{2}，已超期 \d+ 天，请登录系统办理。$/);
            assert.ok(!m.body.includes('「'), m.body);
          } else {
            assert.match(m.address, /@example\.gov\.cn$/);
            assert.match(m.subject, /^【超期】信访事项 /);
            assert.match(m.body, /「.+」/);
          }
          if (userId !== leadHead) for (const num of accNumbers) assert.ok(!text.includes(num), text);
          if (userId === accusedHead) assert.ok(!text.includes('李科长') && !text.includes('举报'), text);
        }
      }
      // The lead unit may unmask in the app; its e-mail carries only the masked title of the accuser's item.
      const ordLateMail = (await outboxOf(accusedHead)).find(
        (m) => m.channel === 'email' && m.body.includes(n[w.ids.ordLate]!),
      );
      assert.ok(ordLateMail?.body.includes('反映楼道照明损坏'), ordLateMail?.body);
      const reviewerOut = await outboxOf(w.actors.reviewer.userId);
      assert.equal(reviewerOut.length, (await all(w.actors.reviewer.userId)).length * 2);
      for (const m of reviewerOut)
        for (const t of ACCUSER_TRACES) assert.ok(!`${m.subject}${m.body}`.includes(t), `${t} in ${m.body}`);
      // A rerun and a second instance queue nothing more; the dispatcher delivers each message once.
      const before = (await listOutbox(w.env.deps.db, { limit: 1000 })).length;
      assert.equal((await raiseWarningNotices(w.env.deps)).queued, 0);
      assert.equal((await listOutbox(w.env.deps.db, { limit: 1000 })).length, before);
      const deps = w.env.deps;
      const pass = await dispatchOutbox({ db: deps.db, adapters, clock: deps.clock, batch: 1000 });
      assert.equal(pass.sent + pass.recorded + pass.retried + pass.failed <= before, true);
      assert.equal(
        (await listOutbox(deps.db, { limit: 1000 })).filter((m) => m.state !== 'recorded').length,
        0,
        'every message is recorded by the default adapters',
      );
    });

    it('a late 督办 escalates one level per due day: the unit head, then the leader, each told once', async () => {
      const deps = w.env.deps;
      const reviewer = { actor: w.actors.reviewer, requestId: null };
      const s = await issueSupervisionUseCase(deps, reviewer, {
        kind: '文书督办',
        itemIds: [w.ids.acc],
        reason: '逾期未签收',
        requirements: '请于期限内书面回复',
        unitId: w.units.lead,
        issuedOn: '2025-10-20',
        dueOn: '2025-10-22',
      });
      const escalated = async (userId: string) =>
        (await all(userId)).filter((n) => n.kind === 'supervision_escalated' && n.supervisionId === s.id);
      w.env.setToday('2025-10-22');
      assert.deepEqual(await escalateLateSupervisions(deps), { checked: 1, escalated: 0, notified: 0, queued: 0 });
      w.env.setToday('2025-10-23');
      assert.deepEqual(await escalateLateSupervisions(deps), { checked: 1, escalated: 1, notified: 1, queued: 2 });
      assert.deepEqual(await escalateLateSupervisions(deps), { checked: 1, escalated: 0, notified: 0, queued: 0 });
      const [toHead] = await escalated(leadHead);
      const headOut = (await outboxOf(leadHead)).filter((m) => m.dedupeKey.startsWith(`${toHead!.key}:`));
      assert.deepEqual(headOut.map((m) => m.channel).sort(), ['email', 'sms']);
      for (const m of headOut) {
        assert.ok(m.body.includes(w.numbers[w.ids.acc]!) && `${m.subject}${m.body}`.includes(s.number), m.body);
        assert.ok(!m.body.includes('李科长') && !m.body.includes('「'), m.body);
        for (const t of ACCUSER_TRACES) assert.ok(!m.body.includes(t), t);
      }
      assert.ok(toHead);
      assert.match(toHead.body, /升级至单位负责人/);
      assert.ok(toHead.body.includes(w.numbers[w.ids.acc]!));
      for (const t of ACCUSER_TRACES) assert.ok(!`${toHead.title}${toHead.body}`.includes(t), t);
      assert.equal((await escalated(w.actors.leader.userId)).length, 0);
      w.env.setToday('2025-10-25');
      assert.equal((await escalateLateSupervisions(deps)).escalated, 0);
      w.env.setToday('2025-10-26');
      // The leader has no phone or address on file: the notice stays in the app.
      assert.deepEqual(await escalateLateSupervisions(deps), { checked: 1, escalated: 1, notified: 1, queued: 0 });
      assert.match((await escalated(w.actors.leader.userId))[0]!.body, /升级至分管领导/);
      w.env.setToday('2025-11-30');
      assert.equal((await escalateLateSupervisions(deps)).escalated, 0);
      assert.equal((await escalated(leadHead)).length, 1);
      assert.equal((await escalated(accusedHead)).length, 0);
    });

    it('定时任务: the administrator lists last run, next slot and error and runs a job now; others may not', async () => {
      setJobCatalogue(jobCatalogue(w.env.deps, adapters));
      // The clock has moved weeks past the fixture's sign-ins: sign in again.
      for (const who of ['shenhe', 'scj_jb', 'zjj_fz', 'shenji']) {
        const c = await loginAs(w.app, who);
        assert.equal((await c.get('/api/v1/admin/jobs')).status, 403, who);
        assert.equal((await c.post(`/api/v1/admin/jobs/${JOB_NAMES.outbox}/run`, {})).status, 403, who);
      }
      const admin = await loginAs(w.app, 'admin');
      const list = await admin.get('/api/v1/admin/jobs');
      assert.equal(list.status, 200);
      const names = list.body.jobs.map((j: { name: string }) => j.name);
      assert.deepEqual(new Set(names), new Set(Object.values(JOB_NAMES)));
      assert.equal(names.length, Object.keys(JOB_NAMES).length, 'each job listed once');
      const warn = list.body.jobs.find((j: { name: string }) => j.name === JOB_NAMES.warnings);
      // The scheduler ran the 10-20 slot in the first test; the clock is now 11-30 10:00 Beijing.
      assert.equal(warn.lastSlot, '2025-10-20T07:30+08:00');
      assert.equal(warn.nextSlot, '2025-12-01T07:30+08:00');
      assert.equal(warn.lastRun.status, 'done');
      assert.equal(warn.lastError, null);
      assert.equal(warn.schedule, '每日 07:30（北京时间）');
      const missing = await admin.post('/api/v1/admin/jobs/nope/run', {});
      assert.equal(missing.status, 404);
      const ran = await admin.post(`/api/v1/admin/jobs/${JOB_NAMES.warnings}/run`, {});
      assert.equal(ran.status, 200);
      assert.equal(ran.body.ok, true);
      assert.ok(ran.body.result.raised >= 0);
      const after = (await admin.get('/api/v1/admin/jobs')).body.jobs.find(
        (j: { name: string }) => j.name === JOB_NAMES.warnings,
      );
      assert.equal(after.lastRun.slot, '2025-11-30T07:30+08:00');
      assert.equal(after.lastRun.status, 'done');

      // 外发消息: the administrator reads the outbox with delivery states and puts a failed message back in the queue.
      for (const who of ['shenhe', 'scj_jb']) {
        const c = await loginAs(w.app, who);
        assert.equal((await c.get('/api/v1/admin/outbox')).status, 403, who);
      }
      const deps = w.env.deps;
      const nowIso = deps.clock().toISOString();
      const m = { recipientUserId: leadHead, address: '13800000000', subject: '测试', body: '测试短信', now: nowIso };
      await enqueueOutbox(deps.db, { ...m, id: randomUUID(), dedupeKey: 'k-reject', channel: 'sms' });
      const reject = {
        channel: 'sms' as const,
        name: 'reject',
        send: async () => {
          throw new PermanentDeliveryError('号码无效');
        },
      };
      await dispatchOutbox({ db: deps.db, adapters: { ...adapters, sms: reject }, clock: deps.clock });
      const box = await admin.get('/api/v1/admin/outbox');
      assert.equal(box.status, 200);
      const failed = box.body.messages.find((x: { body: string }) => x.body === '测试短信');
      assert.equal(failed.state, 'failed');
      assert.equal(failed.lastError, '号码无效');
      assert.equal(failed.recipient, 'scj_fz');
      assert.ok(box.body.messages.some((x: { state: string; channel: string }) => x.state === 'recorded'));
      const onlyFailed = await admin.get('/api/v1/admin/outbox?state=failed');
      // The manual run on 11-30 queued new SMS too, which the rejecting gateway failed alike.
      const failedIds = onlyFailed.body.messages.map((x: { id: string; state: string }) => `${x.id}:${x.state}`);
      assert.ok(failedIds.includes(`${failed.id}:failed`));
      assert.ok(failedIds.every((x: string) => x.endsWith(':failed')));
      const recorded = box.body.messages.find((x: { state: string }) => x.state === 'recorded');
      assert.equal((await admin.post(`/api/v1/admin/outbox/${recorded.id}/requeue`, {})).status, 409);
      assert.equal((await admin.post(`/api/v1/admin/outbox/${failed.id}/requeue`, {})).status, 200);
      const again = (await listOutbox(deps.db, { limit: 1000 })).find((x) => x.id === failed.id)!;
      assert.equal(again.state, 'pending');
      assert.equal(again.attempts, 0);
      const audit = await deps.db
        .selectFrom('audit_log')
        .select('detail')
        .where('action', '=', 'outbox.requeue')
        .execute();
      assert.equal(audit.length, 1);
    });

    it('the accused unit’s head is never told of the accusation nor its petitioner', async () => {
      const accused = await all(accusedHead);
      assert.ok(accused.length > 0);
      const accNumbers = [w.numbers[w.ids.acc]!, w.numbers[w.ids.accRedacted]!];
      for (const n of accused) {
        const text = `${n.title}\n${n.body}`;
        for (const num of accNumbers) assert.ok(!text.includes(num), `accusation number in: ${text}`);
        assert.ok(!text.includes('李科长'), text);
        assert.ok(!text.includes(ACC_CONTENT.slice(0, 12)), text);
      }
      // The accusations' own notices reach no one in the accused unit.
      const accusationNotices = await w.env.deps.db
        .selectFrom('notifications')
        .select(['user_id', 'title', 'body'])
        .where('item_id', 'in', [w.ids.acc, w.ids.accRedacted])
        .execute();
      assert.ok(accusationNotices.length > 0);
      assert.ok(accusationNotices.every((n) => n.user_id !== accusedHead));
      // Recipients who may see only masked identity never read the accuser's traces.
      for (const n of accusationNotices.filter((x) => x.user_id !== leadHead)) {
        const users = await w.env.deps.db
          .selectFrom('users')
          .select('role')
          .where('id', '=', n.user_id)
          .executeTakeFirstOrThrow();
        if (users.role === 'reviewer') continue; // the bureau may unmask
        for (const t of ACCUSER_TRACES) assert.ok(!`${n.title}${n.body}`.includes(t), `${t} in ${n.body}`);
      }
    });
  });
}
