import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects, makeTestEnv, type TestEnv } from '../../test/test-db.ts';
import { openDb, type OpenedDb } from '../store/db.ts';
import {
  countUnreadNotifications,
  existingNotificationKeys,
  listNotifications,
  markNotificationsRead,
  raiseNotification,
} from '../store/notification.store.ts';
import { enqueueOutbox, listOutbox, requeueOutbox } from '../store/outbox.store.ts';
import {
  PermanentDeliveryError,
  recordOnlyAdapter,
  webhookAdapter,
  type MessageAdapter,
  type OutboundMessage,
} from './adapters.ts';
import { backoffMs, dispatchOutbox } from './dispatcher.ts';

/** A test adapter: records what it was given; fails as told. */
function recordingAdapter(
  channel: 'sms' | 'email',
  fail: (m: OutboundMessage, n: number) => Error | null = () => null,
) {
  const delivered: OutboundMessage[] = [];
  let calls = 0;
  const adapter: MessageAdapter = {
    channel,
    name: 'test',
    async send(m) {
      calls++;
      const e = fail(m, calls);
      if (e) throw e;
      delivered.push(m);
      return { kind: 'sent', providerId: `p-${delivered.length}` };
    },
  };
  return { adapter, delivered, calls: () => calls };
}

for (const dialect of dialects()) {
  describe(`outbox and in-app notifications (${dialect})`, () => {
    let env: TestEnv;
    let second: OpenedDb;
    let now = new Date('2025-12-09T01:00:00Z');
    const clock = () => now;
    before(async () => {
      env = await makeTestEnv(dialect);
      second = openDb(env.dbTarget);
    });
    after(async () => {
      await second.close();
      await env.close();
    });
    const msg = (key: string, channel: 'sms' | 'email' = 'sms') => ({
      id: env.deps.newId(),
      dedupeKey: key,
      channel,
      recipientUserId: 'u1',
      address: channel === 'sms' ? '100-0000-0001' : 'a@example.invalid',
      subject: '期限预警',
      body: `事项 XF2025-000001 ${key}`,
      now: now.toISOString(),
    });

    it('enqueues inside the caller’s transaction: rolled back with it, idempotent by key', async () => {
      await assert.rejects(
        env.deps.db.transaction().execute(async (trx) => {
          assert.equal(await enqueueOutbox(trx, msg('k-rollback')), true);
          throw new Error('登记失败');
        }),
        /登记失败/,
      );
      assert.equal((await listOutbox(env.deps.db)).filter((m) => m.dedupeKey === 'k-rollback').length, 0);
      await env.deps.db.transaction().execute(async (trx) => {
        assert.equal(await enqueueOutbox(trx, msg('k-once')), true);
      });
      assert.equal(await enqueueOutbox(env.deps.db, msg('k-once')), false);
      const rows = (await listOutbox(env.deps.db)).filter((m) => m.dedupeKey === 'k-once');
      assert.deepEqual(
        rows.map((r) => [r.state, r.attempts]),
        [['pending', 0]],
      );
    });

    it('two dispatchers on one database deliver each message exactly once', async () => {
      for (let i = 0; i < 8; i++) await enqueueOutbox(env.deps.db, msg(`k-race-${i}`));
      const t = recordingAdapter('sms');
      const adapters = { sms: t.adapter, email: recordOnlyAdapter('email') };
      const [a, b] = await Promise.all([
        dispatchOutbox({ db: env.deps.db, adapters, clock, claimer: 'a' }),
        dispatchOutbox({ db: second.db, adapters, clock, claimer: 'b' }),
      ]);
      // k-once from the test above is due too.
      assert.equal(a.sent + b.sent, 9);
      const bodies = t.delivered.map((m) => m.body).sort();
      assert.equal(new Set(bodies).size, bodies.length);
      assert.equal(bodies.length, 9);
      const sent = await listOutbox(env.deps.db, { state: 'sent' });
      assert.equal(sent.length, 9);
      assert.ok(sent.every((m) => m.attempts === 1 && m.providerId?.startsWith('p-') && m.sentAt));
      assert.deepEqual(await dispatchOutbox({ db: env.deps.db, adapters, clock }), {
        sent: 0,
        recorded: 0,
        retried: 0,
        failed: 0,
      });
    });

    it('the default adapter records the message without sending it', async () => {
      await enqueueOutbox(env.deps.db, msg('k-mail', 'email'));
      const r = await dispatchOutbox({
        db: env.deps.db,
        adapters: { sms: recordOnlyAdapter('sms'), email: recordOnlyAdapter('email') },
        clock,
      });
      assert.equal(r.recorded, 1);
      const [m] = (await listOutbox(env.deps.db, { state: 'recorded' })).filter((x) => x.dedupeKey === 'k-mail');
      assert.equal(m?.channel, 'email');
    });

    it('a failing gateway is retried with back-off, then the message fails with its error kept', async () => {
      await enqueueOutbox(env.deps.db, msg('k-flaky'));
      await enqueueOutbox(env.deps.db, msg('k-rejected'));
      let flakyCalls = 0;
      const t = recordingAdapter('sms', (m) => {
        if (m.body.includes('k-rejected')) return new PermanentDeliveryError('号码无效');
        return m.body.includes('k-flaky') && ++flakyCalls <= 3 ? new Error('网关超时') : null;
      });
      const adapters = { sms: t.adapter, email: recordOnlyAdapter('email') };
      const opts = { db: env.deps.db, adapters, clock, baseBackoffMs: 60_000, maxAttempts: 3 };
      const first = await dispatchOutbox(opts);
      assert.deepEqual([first.retried, first.failed], [1, 1]);
      const rejected = (await listOutbox(env.deps.db, { state: 'failed' })).find((m) => m.dedupeKey === 'k-rejected');
      assert.equal(rejected?.lastError, '号码无效');
      // Not due again before its back-off.
      assert.deepEqual((await dispatchOutbox(opts)).retried, 0);
      now = new Date(now.getTime() + backoffMs(1, 60_000, 3_600_000));
      assert.equal((await dispatchOutbox(opts)).retried, 1);
      now = new Date(now.getTime() + backoffMs(2, 60_000, 3_600_000));
      const third = await dispatchOutbox(opts);
      assert.equal(third.failed, 1, 'the third attempt was the last');
      const flaky = (await listOutbox(env.deps.db)).find((m) => m.dedupeKey === 'k-flaky')!;
      assert.deepEqual([flaky.state, flaky.attempts, flaky.lastError], ['failed', 3, '网关超时']);
      // An operator puts it back; the gateway works now.
      assert.equal(await requeueOutbox(env.deps.db, flaky.id, now.toISOString()), true);
      assert.equal((await dispatchOutbox(opts)).sent, 1);
      assert.equal(t.delivered.filter((m) => m.body.includes('k-flaky')).length, 1);
    });

    it('the webhook adapter posts JSON; 4xx is permanent, 5xx is retried', async () => {
      const seen: unknown[] = [];
      const fake = (status: number, text: string) =>
        (async (_url: string | URL | Request, init?: RequestInit) => {
          seen.push(JSON.parse(String(init?.body)));
          return new Response(text, { status });
        }) as typeof fetch;
      const m: OutboundMessage = { id: 'm1', channel: 'sms', address: '100-0000-0002', subject: 's', body: 'b' };
      assert.deepEqual(await webhookAdapter('sms', 'http://gw.invalid/send', fake(200, '{"id":"x9"}')).send(m), {
        kind: 'sent',
        providerId: 'x9',
      });
      assert.deepEqual(seen[0], { id: 'm1', to: '100-0000-0002', subject: 's', body: 'b' });
      await assert.rejects(
        webhookAdapter('sms', 'http://gw.invalid/send', fake(400, 'bad')).send(m),
        PermanentDeliveryError,
      );
      await assert.rejects(webhookAdapter('sms', 'http://gw.invalid/send', fake(503, '')).send(m), (e: Error) => {
        return !(e instanceof PermanentDeliveryError) && /暂时不可用/.test(e.message);
      });
    });

    it('notifications: raised once per key, listed and counted per person, marked read only by the owner', async () => {
      const base = {
        kind: 'deadline_warning' as const,
        title: '【预警】',
        body: '信访事项 XF2025-000001',
        link: '/items/i1',
      };
      const raise = (db: typeof env.deps.db, key: string, userId: string, at: string) =>
        raiseNotification(db, {
          ...base,
          id: env.deps.newId(),
          key,
          userId,
          itemId: 'i1',
          level: 'notice',
          createdAt: at,
        });
      // Two instances raise the same notice at once: one row.
      const both = await Promise.all([
        raise(env.deps.db, 'warn:i1:handle:2025-12-20:notice:u1', 'u1', '2025-12-09T01:00:00.000Z'),
        raise(second.db, 'warn:i1:handle:2025-12-20:notice:u1', 'u1', '2025-12-09T01:00:00.000Z'),
      ]);
      assert.deepEqual(both.sort(), [false, true]);
      await raise(env.deps.db, 'warn:i1:handle:2025-12-20:warning:u1', 'u1', '2025-12-12T01:00:00.000Z');
      await raise(env.deps.db, 'warn:i1:handle:2025-12-20:notice:u2', 'u2', '2025-12-09T01:00:00.000Z');
      assert.equal(await countUnreadNotifications(env.deps.db, 'u1'), 2);
      assert.equal(await countUnreadNotifications(env.deps.db, 'u2'), 1);
      const mine = await listNotifications(env.deps.db, 'u1');
      assert.deepEqual(
        mine.map((n) => n.key),
        ['warn:i1:handle:2025-12-20:warning:u1', 'warn:i1:handle:2025-12-20:notice:u1'],
      );
      assert.deepEqual(
        [...(await existingNotificationKeys(env.deps.db, ['warn:i1:handle:2025-12-20:notice:u2', 'nope']))],
        ['warn:i1:handle:2025-12-20:notice:u2'],
      );
      // u2 cannot mark u1's notice read.
      assert.equal(await markNotificationsRead(env.deps.db, 'u2', '2025-12-12T02:00:00.000Z', [mine[0]!.id]), 0);
      assert.equal(await markNotificationsRead(env.deps.db, 'u1', '2025-12-12T02:00:00.000Z', [mine[0]!.id]), 1);
      assert.equal(await countUnreadNotifications(env.deps.db, 'u1'), 1);
      assert.deepEqual(
        (await listNotifications(env.deps.db, 'u1', { unreadOnly: true })).map((n) => n.key),
        ['warn:i1:handle:2025-12-20:notice:u1'],
      );
      assert.equal(await markNotificationsRead(env.deps.db, 'u1', '2025-12-12T02:00:00.000Z'), 1);
      assert.equal(await countUnreadNotifications(env.deps.db, 'u1'), 0);
      assert.equal(await countUnreadNotifications(env.deps.db, 'u2'), 1);
    });
  });
}
