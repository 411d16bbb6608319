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
import { compactRollup } from '../store/report.store.ts';

const TODAY = '2026-06-30';
const SEED = Number(process.env.XINFANG_ROLLUP_SEED ?? Date.now() % 1_000_000);
const ITEMS = 70;

const day = (t: number) => new Date(t).toISOString().slice(0, 10);
const DAY_MS = 86_400_000;

async function rollupRows(env: TestEnv) {
  const r = await sql<{ grain: string; dim: string; period: string; key: string; n: number | string }>`
    select grain, dim, period, key, sum(n) as n from report_rollup group by grain, dim, period, key
    having sum(n) <> 0 order by grain, dim, period, key`.execute(env.deps.db);
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

    it('two writers crossing on the same rollup keys neither wait nor deadlock, and compaction keeps every figure', {
      skip: dialect === 'sqlite' ? 'SQLite has one writer at a time: no two transactions interleave' : false,
    }, async () => {
      const db = env.deps.db;
      // Four open duty deadlines of one rule on reported items; A moves two of them into 2031-01 and 2031-02, B the
      // other two into 2031-02 and 2031-01: the opposite order on the same month rows (which used to deadlock).
      const open = await sql<{ item_id: string; rule: string }>`
        select d.item_id, d.rule from deadlines d join items i on i.id = d.item_id
        where d.met_on is null and i.status not in ('not_accepted', 'not_reaccepted')
          and d.rule = (select d2.rule from deadlines d2 join items i2 on i2.id = d2.item_id
            where d2.met_on is null and i2.status not in ('not_accepted', 'not_reaccepted')
            group by d2.rule order by count(*) desc limit 1)
        order by d.item_id limit 4`.execute(db);
      assert.equal(open.rows.length, 4, 'four open deadlines of one rule');
      const [d1, d2, d3, d4] = open.rows as [
        (typeof open.rows)[0],
        (typeof open.rows)[0],
        (typeof open.rows)[0],
        (typeof open.rows)[0],
      ];
      const move = (t: typeof db, d: { item_id: string; rule: string }, due: string) =>
        sql`update deadlines set due_on = ${due} where item_id = ${d.item_id} and rule = ${d.rule}`.execute(t);
      let releaseA!: () => void;
      const aMoved = new Promise<void>((r) => {
        releaseA = r;
      });
      let bMoved!: () => void;
      const bFirst = new Promise<void>((r) => {
        bMoved = r;
      });
      // A waits at most 5 s for a lock: under the old one-row-per-key table its second move blocks on B and fails.
      const a = db.transaction().execute(async (t) => {
        await sql`set local lock_timeout = '5s'`.execute(t);
        await move(t, d1, '2031-01-05');
        await bFirst;
        try {
          await move(t, d3, '2031-02-06');
        } finally {
          releaseA();
        }
      });
      const b = db.transaction().execute(async (t) => {
        await sql`set local lock_timeout = '5s'`.execute(t);
        await move(t, d2, '2031-02-05');
        bMoved();
        await aMoved;
        await move(t, d4, '2031-01-06');
      });
      await Promise.all([a, b]);
      const month = async () =>
        Object.fromEntries(
          (await rollupRows(env))
            .filter((r) => r.grain === 'm' && r.dim === `dl:${d1.rule}` && r.key === 'open' && r.period >= '2031-01')
            .map((r) => [r.period, r.n]),
        );
      assert.deepEqual(await month(), { '2031-01': 2, '2031-02': 2 });
      const before = await rollupRows(env);
      const shards = async () =>
        Number(
          (await sql<{ n: string }>`select count(*) as n from report_rollup where shard <> 0`.execute(db)).rows[0]!.n,
        );
      assert.ok((await shards()) > 0, 'each transaction wrote rows of its own');
      const { folded } = await compactRollup(db);
      assert.ok(folded > 0);
      assert.equal(await shards(), 0, 'every finished transaction folded into shard 0');
      assert.deepEqual(await rollupRows(env), before, 'compaction changes no figure');
      const clock = () => new Date(`${TODAY}T02:00:00Z`);
      const period = { from: '2025-01-01', to: TODAY, top: 5 };
      assert.deepEqual(
        await buildReport({ db, clock }, period),
        await buildReport({ db, clock, reportSource: scan }, period),
      );
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
