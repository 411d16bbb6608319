import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AUDIT_VERIFY_SLICE, auditVerifyTuning } from '../server/app/audit-verify-run.ts';
import { settleBackgroundRuns } from '../server/app/background-run.ts';
import { loginAs, makeTestApp, type Client } from './http-client.ts';
import { addSecurityAdmin, dialects, makeTestEnv, seedPeople, type TestEnv } from './test-db.ts';

/**
 * The background check of the audit chain as the screen sees it part-way: with a small slice, a read of its
 * progress while the run sits between two slices shows it running with some rows done and some left, and the
 * run then goes on from there to an ok result covering the whole chain.
 */
for (const dialect of dialects()) {
  describe(`audit chain check progress between slices (${dialect})`, () => {
    let env: TestEnv;
    let auditor: Client;
    const SLICE = 2;

    before(async () => {
      env = await makeTestEnv(dialect, '2025-09-26');
      await seedPeople(env.deps);
      await addSecurityAdmin(env.deps);
      const app = makeTestApp(env);
      const reg = await loginAs(app, 'dengji');
      // A few registrations, so that the chain is several slices long.
      for (let i = 0; i < 3; i++) {
        const r = await reg.post('/api/v1/items', {
          channel: '来信',
          receivedOn: '2025-09-20',
          headCount: 1,
          petitioners: [{ name: `校验人${i}`, phone: `1390000100${i}` }],
          title: `审计链校验进度 ${i}`,
          content: '测试内容',
          demands: ['诉求'],
        });
        assert.equal(r.status, 201, JSON.stringify(r.body));
      }
      auditor = await loginAs(app, 'shenji');
    });
    after(async () => {
      auditVerifyTuning.slice = AUDIT_VERIFY_SLICE;
      auditVerifyTuning.afterSlice = undefined;
      await settleBackgroundRuns();
      await env?.close();
    });

    it('a read between slices shows it running with done > 0 and done < total; then it ends ok', async () => {
      const runOf = async () => {
        const r = await auditor.get('/api/v1/audit/verify/run');
        assert.equal(r.status, 200, JSON.stringify(r.body));
        return r.body.run as {
          id: string;
          status: string;
          done: number;
          total: number;
          result: { ok: boolean; count: number } | null;
          finishedAt: string | null;
        };
      };
      let release!: () => void;
      const held = new Promise<void>((r) => {
        release = r;
      });
      let reached!: (done: number) => void;
      const firstSlice = new Promise<number>((r) => {
        reached = r;
      });
      const reported: number[] = [];
      auditVerifyTuning.slice = SLICE;
      // Every slice is noted; the first one waits until the test has read the progress.
      auditVerifyTuning.afterSlice = async (done) => {
        reported.push(done);
        if (reported.length === 1) {
          reached(done);
          await held;
        }
      };
      let startedId = '';
      let total = 0;
      try {
        const start = await auditor.post('/api/v1/audit/verify/run', {});
        assert.equal(start.status, 200, JSON.stringify(start.body));
        assert.equal(start.body.started, true);
        startedId = start.body.run.id;
        total = start.body.run.total;
        assert.ok(total > 2 * SLICE, `the chain (${total} rows) is several slices long`);
        // A run that never stops between slices ends instead, and says so rather than hanging the test.
        const ended = settleBackgroundRuns().then(() => {
          throw new Error('the check ended without reporting a slice');
        });
        assert.equal(await Promise.race([firstSlice, ended]), SLICE, 'the first slice checked exactly its rows');

        const mid = await runOf();
        assert.equal(mid.id, startedId);
        assert.equal(mid.status, 'running');
        assert.equal(mid.done, SLICE, 'the progress stored after the first slice');
        assert.ok(mid.done > 0 && mid.done < mid.total, `${mid.done} of ${mid.total}`);
        assert.equal(mid.total, total);
        assert.equal(mid.result, null, 'no result before the end');
        assert.equal(mid.finishedAt, null);
        // Held between slices, it does not move on: a second read sees the same place.
        assert.equal((await runOf()).done, SLICE);
      } finally {
        release();
      }
      await settleBackgroundRuns();
      auditVerifyTuning.afterSlice = undefined;
      auditVerifyTuning.slice = AUDIT_VERIFY_SLICE;

      const end = await runOf();
      assert.equal(end.id, startedId);
      assert.equal(end.status, 'done');
      assert.equal(end.result?.ok, true);
      assert.ok(end.finishedAt);
      assert.ok(end.result.count >= total, `${end.result.count} rows checked of ${total}`);
      assert.equal(end.done, end.result.count, 'the end reports every row checked');
      // It went on slice by slice from where it was held: SLICE, 2×SLICE, … up to the last full slice.
      const fullSlices = Math.floor(end.result.count / SLICE);
      assert.deepEqual(
        reported,
        Array.from({ length: fullSlices }, (_, i) => (i + 1) * SLICE),
      );
    });
  });
}
