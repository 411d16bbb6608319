/**
 * The SQLite settings of server/store/db.ts against the previous ones (WAL, foreign keys, busy timeout and
 * synchronous = NORMAL only, with SQLite's 2 MB default cache), on the same file in the same run: the 12-month
 * report and the first list page, each through the real use case on a connection opened either way.
 */
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { ItemListQuery } from '../../contract/dto.ts';
import type { AppDeps, UseCaseCtx } from '../../server/app/context.ts';
import { listItems } from '../../server/app/item-queries.ts';
import { buildReport } from '../../server/report/report.ts';
import { SQLITE_PRAGMAS } from '../../server/store/db.ts';
import type { Database } from '../../server/store/schema.ts';
import { emit, pct, sample } from './emit.ts';
import { lastMonths } from './report.ts';

const PREVIOUS = ['journal_mode = WAL', 'foreign_keys = ON', 'busy_timeout = 10000', 'synchronous = NORMAL'];

function open(file: string, pragmas: readonly string[]) {
  const s = new SQLite(file);
  for (const p of pragmas) s.pragma(p);
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: s }) });
}

export async function benchPragmas(file: string, deps: AppDeps, ctx: UseCaseCtx, today: string, budgetMs: number) {
  const p = lastMonths(today, 12);
  const measure = async (pragmas: readonly string[]) => {
    const db = open(file, pragmas);
    const d: AppDeps = { ...deps, db };
    try {
      await buildReport(d, { from: p.from, to: p.to }); // the same warm-up for both
      const report = await sample(() => buildReport(d, { from: p.from, to: p.to }), { count: 3, budgetMs });
      const q = ItemListQuery.parse({ sort: 'dueOn', order: 'asc' });
      const list = await sample(() => listItems(d, ctx, q), { count: 10, budgetMs });
      return { report: pct(report.ms, 50), list: pct(list.ms, 50) };
    } finally {
      await db.destroy();
    }
  };
  const before = await measure(PREVIOUS);
  const after = await measure(SQLITE_PRAGMAS);
  const extra = {
    baselineOf: 'previous pragmas (2 MB cache, no mmap, file temp store)',
    pragmas: SQLITE_PRAGMAS.join('; '),
  };
  emit('sqlite.pragmas.report.12m', after.report, 'ms', before.report, extra);
  emit('sqlite.pragmas.list.sorted_by_due', after.list, 'ms', before.list, extra);
}
