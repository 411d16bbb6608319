/**
 * Smoke test of the benchmark runner on a tiny district: it generates, runs the scale suite end to end and
 * prints well-formed figure lines with same-run baselines. No timing is asserted (speed belongs to the bench).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CACHE_DIR, cacheKey } from './gen/cache.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

function runBench(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 16 << 20,
  });
}

describe('npm run bench -- --items N', () => {
  it('generates a tiny district and prints every figure of the suite as a JSON line', () => {
    const items = 45;
    const today = '2026-06-01';
    const key = cacheKey(items, 3, today);
    for (const s of ['.db', '.keys.json']) rmSync(join(CACHE_DIR, `${key}${s}`), { force: true });
    const district = ['--items', String(items), '--seed', '3', '--today', today, '--no-pg'];
    const r = runBench([
      ...district,
      '--seconds',
      '1',
      '--budget',
      '2',
      '--register',
      '5',
      '--import-rows',
      '20',
      '--index',
      '20',
    ]);
    assert.equal(r.status, 0, r.stderr.slice(-3000));
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const names = new Set(lines.map((l) => l.name));
    for (const n of [
      'sqlite.report.12m',
      'sqlite.search.3ch.p50',
      'sqlite.search.nohit.p50',
      'sqlite.repeat.recall_at_10',
      'sqlite.suggest.p50',
      'sqlite.register.http',
      'sqlite.list.unit_user.p99',
      'sqlite.detail.p50',
      'sqlite.server.peak_rss',
      'sqlite.index.event_loop_max_delay',
      'sqlite.import.xlsx',
      'sqlite.pragmas.report.12m',
    ])
      assert.ok(names.has(n), `missing ${n}; got ${[...names].join(', ')}`);
    assert.ok(![...names].some((n) => String(n).endsWith('.failed')), r.stdout);
    for (const l of lines) {
      assert.equal(typeof l.name, 'string');
      assert.ok('value' in l && 'unit' in l && 'baseline' in l && 'ratio' in l, JSON.stringify(l));
    }
    const report = lines.find((l) => l.name === 'sqlite.report.12m')!;
    assert.equal(report.sameTotal, true, 'DuckDB and the report disagree on the total');
    assert.ok(Number(report.total) > 0);
    const recall = lines.find((l) => l.name === 'sqlite.repeat.recall_at_10')!;
    assert.ok(Number(recall.value) >= 0 && Number(recall.value) <= 1);
    // A second run reuses the cached district.
    const again = runBench([...district, '--groups', 'report']);
    assert.equal(again.status, 0, again.stderr.slice(-2000));
    assert.match(again.stderr, /using cached district/);
    // The PostgreSQL-only run needs PostgreSQL: refused, and no SQLite figure is printed.
    const none = runBench([...district, '--no-sqlite', '--groups', 'report']);
    assert.notEqual(none.status, 0);
    assert.match(none.stderr, /--no-sqlite needs PostgreSQL/);
    assert.doesNotMatch(none.stdout, /sqlite\./);
    for (const s of ['.db', '.keys.json']) rmSync(join(CACHE_DIR, `${key}${s}`), { force: true });
  });
});
