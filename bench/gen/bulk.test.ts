/**
 * The bulk generator writes what the real write path writes: the same plans go once through the bulk path and
 * once through `registerItem` / `applyStep` (clock set to each step's day, as the demo seed does), with the same
 * ids, and every item must read back identically through the real read path (detail view, timeline, lists,
 * situation report, stored deadlines, links, similarity index and the audit chain). The bulk database is also
 * copied to PostgreSQL and read there.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { getItemView, getTimeline, listItems } from '../../server/app/item-queries.ts';
import type { AppDeps } from '../../server/app/context.ts';
import { verifyAudit } from '../../server/app/audit-queries.ts';
import { verifyChain, type AuditChainRow } from '../../server/crypto/audit-chain.ts';
import type { Actor } from '../../server/domain/item.policy.ts';
import { buildReport } from '../../server/report/report.ts';
import { openApp } from '../../server/compose.ts';
import { auditRows } from '../../server/store/audit.store.ts';
import { ItemListQuery } from '../../contract/dto.ts';
import { makeTestEnv, type TestEnv } from '../../test/test-db.ts';
import { generateDistrict } from './bulk.ts';
import { copyToPostgres, freshSchema } from './copy-pg.ts';
import { loadTextPool } from './plan.ts';
import { replayPlans } from './replay.ts';

const TODAY = '2026-06-30';
const ITEMS = 90;
const SEED = 7;

function counterIds(): () => string {
  let n = 0;
  return () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
}

/** The same plans through the real use cases. */
async function realPath(env: TestEnv, texts: ReturnType<typeof loadTextPool>): Promise<void> {
  await replayPlans({ ...env.deps, newId: counterIds() }, { items: ITEMS, seed: SEED, today: TODAY, texts });
}

async function tableRows(deps: AppDeps, table: string, order: string, drop: string[] = []) {
  const r = await sql<Record<string, unknown>>`select * from ${sql.table(table)} order by ${sql.raw(order)}`.execute(
    deps.db,
  );
  return r.rows.map((row) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(row)) if (!drop.includes(k)) out[k] = typeof v === 'bigint' ? Number(v) : v;
    return out;
  });
}

/** Everything a reader sees of the district, through the real read path. */
async function readBack(deps: AppDeps, reviewer: Actor) {
  const ctx = { actor: reviewer, requestId: null };
  const ids = (await deps.db.selectFrom('items').select('id').orderBy('number').execute()).map((r) => r.id);
  const views = [];
  for (const id of ids) {
    const v = await getItemView(deps, ctx, id);
    views.push({ view: v, timeline: await getTimeline(deps, ctx, id) });
  }
  const lists = [];
  for (const q of [
    { sort: 'dueOn', order: 'asc' },
    { sort: 'registeredOn', order: 'desc', isRepeat: '1' },
    { sort: 'number', order: 'asc', q: '小区' },
    { sort: 'registeredOn', order: 'desc', warning: 'overdue' },
  ])
    lists.push(await listItems(deps, ctx, ItemListQuery.parse({ pageSize: 100, ...q })));
  const report = await buildReport(deps, { from: '2025-07-01', to: TODAY, compare: 'prev' });
  return {
    views,
    lists,
    report,
    deadlines: await tableRows(deps, 'deadlines', 'item_id, rule'),
    units: await tableRows(deps, 'item_units', 'item_id, unit_id'),
    links: await tableRows(deps, 'item_links', 'item_id, earlier_id'),
    lsh: await tableRows(deps, 'text_lsh', 'item_id, band_key'),
    routing: await tableRows(deps, 'routing_counts', 'feature, value, month, unit_id'),
    routed: await tableRows(deps, 'routing_items', 'item_id'),
    counters: await tableRows(deps, 'counters', 'name'),
    items: await tableRows(deps, 'items', 'number', ['data', 'query_code_hash']), // data holds a sealed field
    // Summed over shards (on PostgreSQL each transaction writes rows of its own): the figures, not the row layout.
    rollup: (
      await sql<Record<string, unknown>>`select grain, dim, period, key, sum(n) as n from report_rollup
        group by grain, dim, period, key having sum(n) <> 0 order by grain, dim, period, key`.execute(deps.db)
    ).rows.map((r) => ({ ...r, n: Number(r.n) })),
    petitioners: await tableRows(deps, 'petitioners', 'id', ['name', 'id_number', 'phone', 'address']),
  };
}

describe('bulk generator', () => {
  const texts = loadTextPool();
  let real: TestEnv;
  let bulk: TestEnv;
  let threaded: TestEnv;
  let reviewer: Actor;
  let bulkDeps: AppDeps;
  before(async () => {
    real = await makeTestEnv('sqlite', TODAY);
    bulk = await makeTestEnv('sqlite', TODAY);
    await realPath(real, texts);
    // One key file for both, so that sealed values open and blind indexes compare across the two.
    bulkDeps = { ...bulk.deps, codec: real.deps.codec };
    await generateDistrict(bulkDeps, {
      items: ITEMS,
      seed: SEED,
      today: TODAY,
      texts,
      keyFile: real.keyFile,
      newId: counterIds(),
    });
    // The same district with deadlines and rows derived on worker threads, as `npm run bench` generates it.
    threaded = await makeTestEnv('sqlite', TODAY);
    await generateDistrict(
      { ...threaded.deps, codec: real.deps.codec },
      { items: ITEMS, seed: SEED, today: TODAY, texts, keyFile: real.keyFile, newId: counterIds(), workers: 2 },
    );
    const u = await real.deps.db
      .selectFrom('users')
      .selectAll()
      .where('role', '=', 'reviewer')
      .executeTakeFirstOrThrow();
    reviewer = { userId: u.id, username: u.username, displayName: u.display_name, role: 'reviewer', unitId: null };
  });
  after(async () => {
    await real?.close();
    await bulk?.close();
    await threaded?.close();
  });

  it('covers the lifecycle: open, closed, declined, repeat and reviewed items', async () => {
    const rows = await bulk.deps.db.selectFrom('items').select(['status', 'is_repeat']).execute();
    assert.equal(rows.length, ITEMS);
    const statuses = new Set(rows.map((r) => r.status));
    for (const s of ['registered', 'handling', 'closed']) assert.ok(statuses.has(s), `status ${s} in ${[...statuses]}`);
    assert.ok(statuses.size >= 6, `only ${[...statuses].join(',')}`);
    assert.ok(
      rows.some((r) => Number(r.is_repeat) === 1),
      'no repeat item',
    );
  });

  it('reads back identically to the real write path', async () => {
    // Keys differ between the two databases (each has its own key file): compare what readers see.
    const a = await readBack(real.deps, reviewer);
    const b = await readBack({ ...bulkDeps, clock: real.deps.clock }, reviewer);
    assert.equal(b.views.length, ITEMS);
    for (let i = 0; i < a.views.length; i++) assert.deepEqual(b.views[i], a.views[i], `item ${i + 1}`);
    assert.deepEqual(b.lists, a.lists);
    assert.deepEqual(b.report, a.report);
    for (const k of ['deadlines', 'units', 'links', 'lsh', 'counters', 'items', 'petitioners', 'rollup'] as const)
      assert.deepEqual(b[k], a[k], k);
  });

  it('writes the same rows when the work runs on worker threads', async () => {
    const rows = (deps: AppDeps) =>
      Promise.all([
        tableRows(deps, 'items', 'id', ['data', 'query_code_hash']),
        tableRows(deps, 'events', 'rowid'),
        tableRows(deps, 'audit_log', 'seq', ['hash', 'prev_hash']),
        tableRows(deps, 'deadlines', 'rowid'),
        tableRows(deps, 'petitioners', 'rowid', ['name', 'id_number', 'phone', 'address']),
        tableRows(deps, 'item_units', 'rowid'),
        tableRows(deps, 'item_links', 'rowid'),
        tableRows(deps, 'text_lsh', 'rowid'),
        tableRows(deps, 'counters', 'name'),
      ]);
    const [a, b] = [await rows(bulk.deps), await rows(threaded.deps)];
    assert.ok(a[1]!.length > ITEMS);
    assert.deepEqual(b, a);
  });

  it('continues the real audit chain, event for event, signed with its own keys', async () => {
    const a: AuditChainRow[] = [];
    for await (const r of auditRows(real.deps.db)) a.push(r);
    const b: AuditChainRow[] = [];
    for await (const r of auditRows(bulk.deps.db)) b.push(r);
    assert.ok(a.length > ITEMS);
    // The chain is keyed with each database's own key file: the events match, the links are each one's own.
    const events = (rows: typeof a) => rows.map(({ hash: _h, prevHash: _p, ...ev }) => ev);
    assert.deepEqual(events(b.slice(0, a.length)), events(a));
    assert.equal(b.length, a.length + 1); // the closing demo.seed event
    assert.equal(verifyChain(b, { keys: bulk.deps.auditKeys }).ok, true);
    assert.equal((await verifyAudit(bulk.deps)).ok, true, 'the head seal is written too');
  });

  it('copies to PostgreSQL and reads back the same there', {
    skip: !process.env.XINFANG_TEST_PG_URL && 'XINFANG_TEST_PG_URL 未设置，跳过 PostgreSQL 副本',
  }, async () => {
    const s = await freshSchema(process.env.XINFANG_TEST_PG_URL!, 't');
    try {
      await copyToPostgres(bulk.dbTarget, s.url);
      const app = await openApp(s.url, real.keyFile, real.deps.clock);
      try {
        const a = await readBack(real.deps, reviewer);
        const b = await readBack(app.deps, reviewer);
        for (let i = 0; i < a.views.length; i++) assert.deepEqual(b.views[i], a.views[i], `item ${i + 1}`);
        // Same items and totals; the order may differ today: PostgreSQL sorts NULL due dates last, SQLite first
        // (a known dialect difference of the list query, left to the query work).
        const ids = (l: (typeof a.lists)[number]) => l.items.map((x) => x.id).sort();
        for (let i = 0; i < a.lists.length; i++) {
          assert.equal(b.lists[i]!.total, a.lists[i]!.total, `list ${i}`);
          assert.deepEqual(ids(b.lists[i]!), ids(a.lists[i]!), `list ${i}`);
        }
        assert.deepEqual(b.report, a.report);
        assert.deepEqual(b.rollup, a.rollup, 'the triggers rebuilt the report rollup during the copy');
      } finally {
        await app.close();
      }
    } finally {
      await s.drop();
    }
  });
});
