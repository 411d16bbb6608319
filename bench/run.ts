/**
 * `npm run bench`: every benchmark prints JSON lines {name, value, unit, baseline, ratio, …} with a baseline
 * measured in the same run on the same machine. Progress goes to stderr, results to stdout.
 *
 *   npm run bench                          the unit benches (core, web, import, routing, text) and the scale
 *                                          suite on a small district
 *   npm run bench -- core text             only those
 *   npm run bench -- --items 100000        the scale suite on 100,000 items (SQLite, then PostgreSQL when
 *                                          XINFANG_BENCH_PG_URL or XINFANG_TEST_PG_URL is set; --no-pg skips it)
 *   --no-sqlite runs the PostgreSQL suite only (the SQLite one ran before on the same district)
 *   options: --seed 1  --today YYYY-MM-DD  --rate 50 --seconds 10 (offered load)  --import-rows N  --index N
 *            --register N  --budget S (per figure)  --groups report,search,…  --keep (keep the work copy)
 *            --generate-only (make the cached district and stop: no work copy, no suite)
 *
 * The district is generated once per (items, seed, today, generator version) and cached under bench/.cache;
 * each run migrates a copy of it to the current schema.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { todayOf } from '../server/app/context.ts';
import { CACHE_DIR, ensureDistrict, workCopy } from './gen/cache.ts';
import { copyToPostgres, freshSchema } from './gen/copy-pg.ts';
import { emit, loadAvg, note } from './scale/emit.ts';

const UNIT_BENCHES: [string, string[]][] = [
  ['core', []],
  ['web', []],
  ['import', ['20000']],
  ['routing', []],
  ['text', []],
  ['sm', []],
  ['sign-in', []],
];
const root = fileURLToPath(new URL('..', import.meta.url));
const { values: o, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    items: { type: 'string' },
    seed: { type: 'string', default: '1' },
    today: { type: 'string' },
    pg: { type: 'string' },
    'no-pg': { type: 'boolean', default: false },
    'no-sqlite': { type: 'boolean', default: false },
    rate: { type: 'string', default: '50' },
    seconds: { type: 'string' },
    'import-rows': { type: 'string' },
    index: { type: 'string' },
    register: { type: 'string' },
    budget: { type: 'string', default: '60' },
    groups: { type: 'string' },
    keep: { type: 'boolean', default: false },
    'generate-only': { type: 'boolean', default: false },
  },
});

let failed = 0;
const run = (args: string[], label: string) => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', ...args], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0) {
    failed++;
    emit(`${label}.failed`, r.status ?? -1, 'exit', null);
  }
};

const want = positionals;
const scale = o.items !== undefined || !want.length || want.includes('scale');
for (const [name, args] of UNIT_BENCHES) {
  if (o.items !== undefined && !want.includes(name)) continue;
  if (want.length && !want.includes(name)) continue;
  note(`\n== bench ${name} ==`);
  run([`bench/${name}.bench.ts`, ...args], name);
}

if (scale) {
  const items = Number(o.items ?? 2000);
  const seed = Number(o.seed);
  // The district's today: the first of the current month (Beijing), so a cached district serves a month.
  const today = o.today ?? `${todayOf(new Date()).slice(0, 7)}-01`;
  const small = items < 20_000;
  const suiteArgs = [
    '--today',
    today,
    '--rate',
    o.rate!,
    '--seconds',
    o.seconds ?? (small ? '5' : '15'),
    '--import-rows',
    o['import-rows'] ?? String(Math.min(5000, Math.max(200, Math.round(items / 20)))),
    '--index',
    o.index ?? String(Math.min(5000, Math.max(200, Math.round(items / 20)))),
    '--register',
    o.register ?? (small ? '60' : '200'),
    '--budget',
    o.budget!,
    ...(o.groups ? ['--groups', o.groups] : []),
  ];
  note(`\n== bench scale: ${items} items (seed ${seed}, today ${today}) ==`);
  const district = await ensureDistrict(items, seed, today);
  if (o['generate-only']) process.exit(failed ? 1 : 0);
  const work = join(CACHE_DIR, `run-${process.pid}`);
  const meta = (dialect: string) =>
    emit('bench.load', Number(loadAvg().split(' ')[0]), 'loadavg', null, {
      loadavg: loadAvg(),
      items,
      dialect,
      seed,
      today,
    });
  try {
    const pgBase = o.pg ?? process.env.XINFANG_BENCH_PG_URL ?? process.env.XINFANG_TEST_PG_URL;
    const wantPg = !o['no-pg'] && !!pgBase;
    if (o['no-sqlite'] && !wantPg) throw new Error('--no-sqlite needs PostgreSQL: pass --pg URL, not --no-pg');
    const copy = o['no-sqlite'] ? null : await workCopy(district, work);
    // PostgreSQL gets the district as generated (migrated), not the copy the SQLite suite registers into.
    const pgSource = wantPg ? await workCopy(district, join(work, 'pg-source')) : null;
    if (copy) {
      meta('sqlite');
      run(
        [
          'bench/scale.bench.ts',
          '--db',
          copy.db,
          '--keys',
          copy.keyFile,
          '--dir',
          work,
          '--prefix',
          'sqlite.',
          ...suiteArgs,
        ],
        'sqlite',
      );
      meta('sqlite');
    }
    if (pgSource && pgBase) {
      const schema = await freshSchema(pgBase);
      try {
        note(`copying the district into PostgreSQL schema ${schema.schema}…`);
        const c = await copyToPostgres(pgSource.db, schema.url);
        note(`copied ${c.rows} rows in ${(c.ms / 1000).toFixed(0)} s`);
        meta('postgres');
        run(
          [
            'bench/scale.bench.ts',
            '--db',
            schema.url,
            '--keys',
            district.keyFile,
            '--dir',
            work,
            '--prefix',
            'pg.',
            ...suiteArgs,
          ],
          'pg',
        );
        meta('postgres');
      } finally {
        await schema.drop();
      }
    } else if (!o['no-pg'])
      note('PostgreSQL figures skipped: set XINFANG_BENCH_PG_URL (or XINFANG_TEST_PG_URL) or pass --pg URL');
  } finally {
    if (!o.keep) rmSync(work, { recursive: true, force: true });
  }
}
process.exit(failed ? 1 : 0);
