/**
 * The situation report reads a rollup that triggers maintain on every write of items and deadlines. After a random
 * history — registrations and lifecycle steps through the use cases, corrections, repeat links and an import —
 * every figure of the report and the dashboard must equal the row-by-row computation (store/report-scan.store.ts)
 * for any period and any "today", and the migration's backfill must rebuild exactly the maintained table.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { HEADER, importRows } from '../../test/import-fixture.ts';
import { dialects, makeTestEnv, type TestEnv } from '../../test/test-db.ts';
import { replayPlans } from '../../bench/gen/replay.ts';
import { correctRegisteredItem } from '../app/correct-item.ts';
import { importItems } from '../app/import-items.ts';
import { linkItems } from '../app/item-links.ts';
import { Rng } from '../demo/rng.ts';
import { SYSTEM_ACTOR, type Actor } from '../domain/item.policy.ts';
import { listTaxonomy } from '../store/reference.store.ts';
import * as scan from '../store/report-scan.store.ts';
import * as backfill from '../store/migrations/m20261203_1520_report_rollup.ts';
import { buildDashboard } from './dashboard.ts';
import { buildReport, type ReportDeps } from './report.ts';

const TODAY = '2026-06-30';
const SEED = Number(process.env.XINFANG_ROLLUP_SEED ?? Date.now() % 1_000_000);
const ITEMS = 70;

const day = (t: number) => new Date(t).toISOString().slice(0, 10);
const DAY_MS = 86_400_000;

async function rollupRows(env: TestEnv) {
  const r = await sql<{ grain: string; dim: string; period: string; key: string; n: number | string }>`
    select grain, dim, period, key, n from report_rollup where n <> 0 order by grain, dim, period, key`.execute(
    env.deps.db,
  );
  return r.rows.map((x) => ({ ...x, n: Number(x.n) }));
}

for (const dialect of dialects()) {
  describe(`report rollup against the row-by-row count after a random history (${dialect}, seed ${SEED})`, () => {
    let env: TestEnv;
    const rng = new Rng(SEED);
    const done = { corrected: 0, linked: 0, imported: 0 };
    before(async () => {
      console.log(`report rollup seed ${SEED} (set XINFANG_ROLLUP_SEED to replay)`);
      env = await makeTestEnv(dialect, TODAY);
      const { actors } = await replayPlans(env.deps, { items: ITEMS, seed: SEED, today: TODAY, texts: null });
      const registrar: Actor = actors.get('registrar')!;
      const ctx = { actor: registrar, requestId: null };
      const codes = (await listTaxonomy(env.deps.db)).map((t) => t.code);
      const items = await env.deps.db.selectFrom('items').select(['id', 'registered_on']).orderBy('number').execute();
      // Corrections: head count and content class of random items (some statuses refuse: that is fine).
      for (let k = 0; k < 15; k++) {
        const it = items[rng.int(0, items.length - 1)]!;
        const v = await env.deps.db
          .selectFrom('items')
          .select('version')
          .where('id', '=', it.id)
          .executeTakeFirstOrThrow();
        const correction = rng.int(0, 1)
          ? { headCount: rng.int(1, 9) }
          : { classCode: codes[rng.int(0, codes.length - 1)]!, headCount: rng.int(1, 3) };
        try {
          await correctRegisteredItem(env.deps, ctx, it.id, {
            version: v.version,
            reason: '登记有误，更正',
            correction,
          });
          done.corrected++;
        } catch (e) {
          if (!(e instanceof Error) || !('code' in e)) throw e;
        }
      }
      // Repeat links between random pairs (the later item becomes a repeat).
      for (let k = 0; k < 6; k++) {
        const a = items[rng.int(0, items.length - 1)]!;
        const b = items[rng.int(0, items.length - 1)]!;
        if (a.id === b.id) continue;
        try {
          await linkItems(env.deps, ctx, a.id, { otherId: b.id, kind: 'repeat', reason: '同一诉求再次反映' });
          done.linked++;
        } catch (e) {
          if (!(e instanceof Error) || !('code' in e)) throw e;
        }
      }
      const rows = importRows(24, '滚测');
      const res = await importItems(
        env.deps,
        { actor: SYSTEM_ACTOR, requestId: null },
        { header: HEADER, rows: rows.map((r) => HEADER.map((h) => r[h] ?? '')), rowNumbers: rows.map((_, i) => i + 2) },
        { createUnits: true },
      );
      assert.equal(res.ok, true, JSON.stringify(res.problems));
      done.imported = res.created;
    });
    after(async () => env?.close());

    it('the random history did correct, link and import', () => {
      assert.ok(done.corrected > 0, `corrected ${done.corrected}`);
      assert.ok(done.imported > 0, `imported ${done.imported}`);
    });

    it('every report and dashboard figure equals the row-by-row computation, for any period and today', async () => {
      const first = Date.parse('2025-02-01');
      const last = Date.parse(`${TODAY}T00:00:00Z`);
      const periods: [string, string][] = [
        ['2025-01-01', TODAY],
        ['2025-07-01', '2026-06-30'],
        ['2026-01-01', '2026-06-30'],
        ['2025-03-01', '2025-03-31'],
        ['2025-03-15', '2025-05-10'],
        ['2026-06-30', '2026-06-30'],
      ];
      for (let k = 0; k < 10; k++) {
        const a = first + rng.int(0, Math.floor((last - first) / DAY_MS)) * DAY_MS;
        const b = a + rng.int(0, 400) * DAY_MS;
        periods.push([day(a), day(Math.min(b, last))]);
      }
      let nonEmpty = 0;
      for (const asOf of [TODAY, '2026-03-14']) {
        const clock = () => new Date(`${asOf}T02:00:00Z`);
        const viaRollup: ReportDeps = { db: env.deps.db, clock };
        const viaRows: ReportDeps = { db: env.deps.db, clock, reportSource: scan };
        for (const [from, to] of periods) {
          for (const compare of [undefined, 'prev', 'yoy'] as const) {
            const want = await buildReport(viaRows, { from, to, compare, top: 5 });
            const got = await buildReport(viaRollup, { from, to, compare, top: 5 });
            assert.deepEqual(got, want, `report ${from}..${to} ${compare ?? ''} as of ${asOf}`);
            if (want.total > 0) nonEmpty++;
          }
          const want = await buildDashboard(viaRows, { from, to });
          assert.deepEqual(await buildDashboard(viaRollup, { from, to }), want, `dashboard ${from}..${to} ${asOf}`);
        }
      }
      assert.ok(nonEmpty > 10, `only ${nonEmpty} non-empty reports`);
    });

    it('the migration backfill rebuilds exactly the table the triggers maintained', async () => {
      const maintained = await rollupRows(env);
      assert.ok(maintained.length > 50, `${maintained.length} rollup rows`);
      await backfill.down(env.deps.db);
      await backfill.up(env.deps.db);
      assert.deepEqual(await rollupRows(env), maintained);
    });
  });
}
