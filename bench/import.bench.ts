/**
 * Import throughput: 100,000 CSV rows into a fresh SQLite database through `importItems`.
 * Baseline: reading and validating the same file (no writes). Prints JSON lines
 * {name, value, unit, baseline, ratio}. Run: node --import tsx bench/import.bench.ts [rows]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { importItems } from '../server/app/import-items.ts';
import { readTable } from '../server/app/import-table.ts';
import { SYSTEM_ACTOR } from '../server/domain/item.policy.ts';
import { csvOf, importRows } from '../test/import-fixture.ts';
import { makeTestEnv } from '../test/test-db.ts';

const n = Number(process.argv[2] ?? 100_000);
const dir = mkdtempSync(join(tmpdir(), 'xinfang-bench-'));
const file = join(dir, 'items.csv');
writeFileSync(file, csvOf(importRows(n, '基准')));

const env = await makeTestEnv('sqlite', '2025-09-26');
const ctx = { actor: SYSTEM_ACTOR, requestId: null };
try {
  let t = performance.now();
  const table = await readTable(file);
  const parseMs = performance.now() - t;

  t = performance.now();
  const dry = await importItems(env.deps, ctx, table, { dryRun: true, createUnits: true });
  const validateMs = performance.now() - t;
  if (!dry.ok) throw new Error(`fixture invalid: ${JSON.stringify(dry.problems.slice(0, 3))}`);

  t = performance.now();
  const cpu0 = process.cpuUsage();
  const res = await importItems(env.deps, ctx, table, { createUnits: true });
  const importMs = performance.now() - t;
  const cpu = process.cpuUsage(cpu0);
  const importCpuMs = (cpu.user + cpu.system) / 1000;
  if (res.created !== n) throw new Error(`created ${res.created} of ${n}`);

  const line = (name: string, value: number, baseline: number) =>
    console.log(
      JSON.stringify({
        name,
        value: Math.round(value),
        unit: 'ms',
        baseline: Math.round(baseline),
        ratio: Math.round((value / baseline) * 10) / 10,
      }),
    );
  line(`import.parse_csv.${n}`, parseMs, parseMs);
  line(`import.validate.${n}`, validateMs, parseMs);
  line(`import.insert.${n}`, importMs, parseMs);
  // CPU time of this process: the honest figure on a shared, loaded machine (wall time includes waiting).
  line(`import.insert_cpu.${n}`, importCpuMs, parseMs);

  // Re-import updates go item by item through the store's versioned update: measured on a slice.
  const m = Math.min(n, 10_000);
  // Every row of the slice changes upstream (a longer title): an unchanged row is not written at all.
  const ti = table.header.indexOf('标题');
  const changed = table.rows.slice(0, m).map((r) => r.map((c, i) => (i === ti ? `${c}（更新）` : c)));
  const slice = { header: table.header, rows: changed, rowNumbers: table.rowNumbers.slice(0, m) };
  t = performance.now();
  const again = await importItems(env.deps, ctx, slice, { createUnits: true });
  const reimportMs = performance.now() - t;
  if (again.updated !== m) throw new Error(`updated ${again.updated} of ${m}`);
  line(`import.reimport_update.${m}`, reimportMs, (parseMs * m) / n);
  // The same slice again: nothing changed, nothing written.
  t = performance.now();
  const same = await importItems(env.deps, ctx, slice);
  const unchangedMs = performance.now() - t;
  if (same.unchanged !== m) throw new Error(`unchanged ${same.unchanged} of ${m}`);
  line(`import.reimport_unchanged.${m}`, unchangedMs, (parseMs * m) / n);
} finally {
  await env.close();
  rmSync(dir, { recursive: true, force: true });
}
