/**
 * The scale suite over one district database (SQLite file or PostgreSQL URL), run by bench/run.ts:
 *   node --import tsx bench/scale.bench.ts --db <file|url> --keys <keys.json> --dir <work dir> --today <date>
 *     [--prefix sqlite.] [--groups report,search,…] [--rate 50] [--seconds 10] [--import-rows 2000] [--index 2000]
 * Groups run in this order (read-only ones first): pragmas, report, search, repeat, suggest, register, hotload,
 * load, index, import, rules. Each prints JSON lines; progress goes to stderr.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openApp } from '../server/compose.ts';
import { benchHotLoad } from './scale/hot-load.ts';
import type { Actor } from '../server/domain/item.policy.ts';
import { userByName } from '../server/store/user.store.ts';
import { emit, note } from './scale/emit.ts';
import { benchLoad, benchRegister } from './scale/http.ts';
import { benchImport } from './scale/import.ts';
import { benchIndex } from './scale/index.ts';
import { benchPragmas } from './scale/pragmas.ts';
import { benchRepeat, benchSearch, benchSuggest } from './scale/queries.ts';
import { benchReport } from './scale/report.ts';
import { benchRules } from './scale/rules.ts';
import { startServer } from './scale/server.ts';

const { values: a } = parseArgs({
  options: {
    db: { type: 'string' },
    keys: { type: 'string' },
    dir: { type: 'string' },
    today: { type: 'string' },
    prefix: { type: 'string', default: '' },
    groups: {
      type: 'string',
      default: 'pragmas,report,search,repeat,suggest,register,hotload,load,import,index,rules',
    },
    rate: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '10' },
    'import-rows': { type: 'string', default: '2000' },
    index: { type: 'string', default: '2000' },
    budget: { type: 'string', default: '60' },
    register: { type: 'string', default: '200' },
  },
});
const groups = new Set(a.groups!.split(','));
const prefix = a.prefix!;
const budgetMs = Number(a.budget) * 1000;
const dir = a.dir!;
mkdirSync(dir, { recursive: true });
const app = await openApp(a.db!, a.keys!, () => new Date(`${a.today}T02:00:00Z`));
const deps = app.deps;
const actor = async (username: string): Promise<Actor> => {
  const u = await userByName(deps.db, username);
  if (!u) throw new Error(`no user ${username} in the district`);
  return { userId: u.id, username, displayName: u.displayName, role: u.role, unitId: u.unitId };
};
const reviewer = { actor: await actor('shenhe'), requestId: null };
const registrar = { actor: await actor('dengji'), requestId: null };
const step = async (name: string, f: () => Promise<void>) => {
  if (!groups.has(name)) return;
  note(`-- ${prefix}${name}`);
  const t0 = Date.now();
  try {
    await f();
  } catch (err) {
    note(`${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    emit(`${prefix}${name}.failed`, 1, 'error', null, { error: err instanceof Error ? err.message : String(err) });
  }
  note(`   ${((Date.now() - t0) / 1000).toFixed(0)} s`);
};

try {
  if (deps.dialect === 'sqlite') await step('pragmas', () => benchPragmas(a.db!, deps, reviewer, a.today!, budgetMs));
  await step('report', () => benchReport(deps, a.today!, prefix, { runs: 3, budgetMs, duck: true }));
  await step('search', () => benchSearch(deps, reviewer, prefix, budgetMs));
  await step('repeat', () => benchRepeat(deps, prefix, budgetMs));
  await step('suggest', () => benchSuggest(deps, registrar, prefix, budgetMs));
  if (groups.has('register') || groups.has('load') || groups.has('hotload')) {
    const srv = await startServer(a.db!, a.keys!, join(dir, 'files'));
    try {
      await step('register', () => benchRegister(srv, deps, prefix, { count: Number(a.register), budgetMs }));
      await step('hotload', () => benchHotLoad(srv, deps, prefix, a.today!));
      await step('load', () =>
        benchLoad(srv, deps, prefix, { rate: Number(a.rate), seconds: Number(a.seconds), connections: 10 }),
      );
      emit(`${prefix}server.peak_rss`, srv.peakRssMb(), 'MB', null, {
        cpuMs: Math.round(srv.cpuMs()),
        note: 'VmHWM of the server process after registration and load',
      });
    } finally {
      await srv.stop();
    }
  }
  // Indexing before the import: the import leaves its rows unindexed, which the indexer would pick up too.
  await step('index', () => benchIndex(deps, prefix, Number(a.index)));
  await step('import', () => benchImport(a.db!, a.keys!, dir, prefix, Number(a['import-rows'])));
  // Last: the recompute rewrites the stored deadlines of every open item.
  const admin = { actor: await actor('admin'), requestId: null };
  await step('rules', () => benchRules(deps, admin, prefix));
} finally {
  await app.close();
}
