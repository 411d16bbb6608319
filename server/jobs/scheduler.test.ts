import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects, makeTestEnv, type TestEnv } from '../../test/test-db.ts';
import { openDb, type OpenedDb } from '../store/db.ts';
import { ensureJobLease, findJobLease, listJobRuns, tryAcquireJobLease } from '../store/job-lease.store.ts';
import { beijingClock, checkSchedule, slotOf } from './schedule.ts';
import { createScheduler, type JobDefinition } from './scheduler.ts';

describe('schedule slots on the Beijing clock', () => {
  it('a daily slot is today’s once the time has come in Beijing, otherwise yesterday’s', () => {
    const daily = { kind: 'daily' as const, at: '08:00' };
    assert.equal(slotOf(daily, new Date('2025-12-09T00:00:00Z')), '2025-12-09T08:00+08:00'); // 08:00 Beijing
    assert.equal(slotOf(daily, new Date('2025-12-08T23:59:59Z')), '2025-12-08T08:00+08:00'); // 07:59 Beijing
    assert.equal(slotOf(daily, new Date('2025-12-08T16:30:00Z')), '2025-12-08T08:00+08:00'); // 00:30 on 12-09
    assert.deepEqual(beijingClock(new Date('2025-12-31T16:00:00Z')), { date: '2026-01-01', minutes: 0 });
  });

  it('an interval slot is aligned to Beijing midnight', () => {
    const every = { kind: 'every' as const, minutes: 15 };
    assert.equal(slotOf(every, new Date('2025-12-08T16:07:00Z')), '2025-12-09T00:00+08:00');
    assert.equal(slotOf(every, new Date('2025-12-09T01:44:59Z')), '2025-12-09T09:30+08:00');
  });

  it('refuses malformed schedules in Chinese', () => {
    assert.throws(() => checkSchedule({ kind: 'daily', at: '8:00' }), /HH:MM/);
    assert.throws(() => checkSchedule({ kind: 'every', minutes: 7 }), /整除一天/);
  });
});

for (const dialect of dialects()) {
  describe(`scheduler with a lease in the database (${dialect})`, () => {
    let env: TestEnv;
    let second: OpenedDb;
    let now = new Date('2025-12-09T00:00:30Z'); // 08:00:30 in Beijing
    const clock = () => now;
    before(async () => {
      env = await makeTestEnv(dialect);
      // A second instance: its own connection (pool) to the same database.
      second = openDb(env.dbTarget);
    });
    after(async () => {
      await second.close();
      await env.close();
    });

    const gate = () => {
      let open!: () => void;
      const opened = new Promise<void>((r) => {
        open = r;
      });
      return { opened, open };
    };

    it('two instances ticking at once run the slot exactly once; a restart does not run it again', async () => {
      let runs = 0;
      const started = gate();
      const release = gate();
      const job: JobDefinition = {
        name: 'warnings',
        schedule: { kind: 'daily', at: '08:00' },
        async run(ctx) {
          runs++;
          started.open();
          await release.opened;
          return { slotDate: ctx.slotDate };
        },
      };
      const a = createScheduler({ db: env.deps.db, clock, jobs: [job], instanceId: 'a' });
      const b = createScheduler({ db: second.db, clock, jobs: [job], instanceId: 'b' });
      const pa = a.tick();
      const pb = b.tick();
      await started.opened; // one of them holds the lease and is running
      // The other one comes back while the first still runs: it found the lease taken.
      const loser = await Promise.race([pa, pb]);
      assert.equal(loser[0]!.outcome, 'busy');
      release.open();
      const [ra, rb] = await Promise.all([pa, pb]);
      assert.deepEqual([ra[0]!.outcome, rb[0]!.outcome].sort(), ['busy', 'ran']);
      assert.equal(runs, 1);
      assert.deepEqual(
        (await Promise.all([a.tick(), b.tick()])).flat().map((r) => r.outcome),
        ['not_due', 'not_due'],
      );
      const restarted = createScheduler({ db: second.db, clock, jobs: [job], instanceId: 'b2' });
      assert.equal((await restarted.tick())[0]!.outcome, 'not_due');
      assert.equal(runs, 1);
      const history = await listJobRuns(env.deps.db, 'warnings');
      assert.deepEqual(
        history.map((h) => [h.slot, h.status, h.detail]),
        [['2025-12-09T08:00+08:00', 'done', { slotDate: '2025-12-09' }]],
      );

      // The next day's slot runs once more, on whichever instance comes first.
      now = new Date('2025-12-10T00:05:00Z');
      const next = gate();
      next.open();
      const results = (await Promise.all([b.tick(), a.tick()])).flat().map((r) => r.outcome);
      assert.equal(results.filter((o) => o === 'ran').length, 1);
      assert.equal(runs, 2);
      assert.equal((await findJobLease(env.deps.db, 'warnings'))?.lastSlot, '2025-12-10T08:00+08:00');
    });

    it('of many instances racing for one lease at the same moment, exactly one takes it', async () => {
      const at = new Date('2025-12-09T06:00:00Z');
      const until = new Date(at.getTime() + 60_000).toISOString();
      await ensureJobLease(env.deps.db, 'race');
      const tries = Array.from({ length: 12 }, (_, i) =>
        tryAcquireJobLease(i % 2 ? second.db : env.deps.db, {
          name: 'race',
          slot: '2025-12-09T14:00+08:00',
          holder: `h${i}`,
          now: at.toISOString(),
          until,
        }),
      );
      const won = (await Promise.all(tries)).filter(Boolean).length;
      assert.equal(won, 1);
    });

    it('a failed slot waits for its back-off, then runs again', async () => {
      now = new Date('2025-12-09T00:00:30Z');
      let calls = 0;
      const job: JobDefinition = {
        name: 'flaky',
        schedule: { kind: 'every', minutes: 60 },
        retryMs: 5 * 60_000,
        async run() {
          calls++;
          if (calls === 1) throw new Error('网关暂时不可用');
          return { ok: true };
        },
      };
      const s = createScheduler({ db: env.deps.db, clock, jobs: [job], instanceId: 'a' });
      const first = (await s.tick())[0]!;
      assert.deepEqual([first.outcome, first.error], ['failed', '网关暂时不可用']);
      assert.equal((await s.tick())[0]!.outcome, 'busy', 'inside the back-off');
      now = new Date('2025-12-09T00:05:31Z');
      assert.equal((await s.tick())[0]!.outcome, 'ran');
      assert.equal(calls, 2);
      const lease = await findJobLease(env.deps.db, 'flaky');
      assert.equal(lease?.lastError, null);
      assert.deepEqual((await listJobRuns(env.deps.db, 'flaky')).map((r) => r.status).sort(), ['done', 'failed']);
    });

    it('a lease whose holder died expires, and another instance takes the slot over', async () => {
      now = new Date('2025-12-09T02:00:00Z');
      let runs = 0;
      const job: JobDefinition = {
        name: 'sweep',
        schedule: { kind: 'every', minutes: 60 },
        leaseMs: 60_000,
        async run() {
          runs++;
        },
      };
      const s = createScheduler({ db: second.db, clock, jobs: [job], instanceId: 'b' });
      await s.tick(); // creates the row and runs 10:00
      assert.equal(runs, 1);
      now = new Date('2025-12-09T03:00:00Z');
      // An instance takes the 11:00 slot and dies without finishing.
      assert.ok(
        await tryAcquireJobLease(env.deps.db, {
          name: 'sweep',
          slot: '2025-12-09T11:00+08:00',
          holder: 'dead',
          now: now.toISOString(),
          until: new Date(now.getTime() + 60_000).toISOString(),
        }),
      );
      assert.equal((await s.tick())[0]!.outcome, 'busy');
      now = new Date('2025-12-09T03:01:01Z');
      assert.equal((await s.tick())[0]!.outcome, 'ran');
      assert.equal(runs, 2);
    });

    it('a slot first seen long after its time is skipped when the job says so', async () => {
      now = new Date('2025-12-09T05:00:00Z'); // 13:00 Beijing
      let runs = 0;
      const job: JobDefinition = {
        name: 'digest',
        schedule: { kind: 'daily', at: '08:00' },
        staleAfterMs: 2 * 3600_000,
        async run() {
          runs++;
        },
      };
      const s = createScheduler({ db: env.deps.db, clock, jobs: [job], instanceId: 'a' });
      assert.equal((await s.tick())[0]!.outcome, 'skipped');
      assert.equal(runs, 0);
      assert.equal((await s.tick())[0]!.outcome, 'not_due');
      now = new Date('2025-12-10T00:30:00Z');
      assert.equal((await s.tick())[0]!.outcome, 'ran');
    });
  });
}
