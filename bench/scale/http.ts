/**
 * Figures through the real server on a loopback port: registration through the API (items/s, server CPU per
 * item) against raw inserts of the same number of item rows, and the list and detail under a fixed offered
 * rate with autocannon (p50, p99, errors, served rate) against /healthz at the same rate.
 */
import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { mulberry32 } from '../../contract/prng.ts';
import type { AppDeps } from '../../server/app/context.ts';
import { emit, note, pct } from './emit.ts';
import { login, type RunningServer, type Session } from './server.ts';

export interface LoadOptions {
  rate: number;
  seconds: number;
  connections: number;
}

async function cannon(base: string, s: Session | null, paths: string[], o: LoadOptions) {
  let k = 0;
  const r = await autocannon({
    url: base,
    connections: o.connections,
    duration: o.seconds,
    overallRate: o.rate,
    timeout: 10,
    headers: s ? { cookie: s.cookie } : {},
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths[k++ % paths.length]! }) }],
  });
  const served = r.requests.total / (r.duration || o.seconds);
  return {
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts + r.non2xx,
    timeouts: r.timeouts,
    served,
    sent: r.requests.sent,
  };
}

export async function benchLoad(srv: RunningServer, deps: AppDeps, prefix: string, o: LoadOptions): Promise<void> {
  const reviewer = await login(srv.base, 'shenhe');
  const unit = await login(srv.base, 'zjj_jb');
  const n = Number((await sql<{ n: number }>`select count(*) as n from items`.execute(deps.db)).rows[0]?.n ?? 0);
  const rnd = mulberry32(41);
  const ids: string[] = [];
  for (let i = 0; i < 200 && n; i++) {
    const r = await sql<{
      id: string;
    }>`select id from items order by id limit 1 offset ${Math.floor(rnd() * n)}`.execute(deps.db);
    if (r.rows[0]) ids.push(r.rows[0].id);
  }
  note(`load: ${o.rate} req/s offered for ${o.seconds} s each`);
  const base = await cannon(srv.base, null, ['/healthz'], o);
  const cases: [string, Session, string[]][] = [
    ['list.first_page', reviewer, ['/api/v1/items?page=1&pageSize=20']],
    ['list.unit_user', unit, ['/api/v1/items?page=1&pageSize=20']],
    ['list.sorted_by_due', reviewer, ['/api/v1/items?page=1&pageSize=20&sort=dueOn&order=asc']],
    ['detail', reviewer, ids.map((id) => `/api/v1/items/${id}`)],
  ];
  for (const [name, s, paths] of cases) {
    const cpu0 = srv.cpuMs();
    const r = await cannon(srv.base, s, paths, o);
    const cpu = srv.cpuMs() - cpu0;
    const common = {
      offered: o.rate,
      servedPerS: Math.round(r.served * 10) / 10,
      errors: r.errors,
      timeouts: r.timeouts,
    };
    emit(`${prefix}${name}.p50`, r.p50, 'ms', base.p50, { baselineOf: '/healthz at the same rate', ...common });
    emit(`${prefix}${name}.p99`, r.p99, 'ms', base.p99, {
      baselineOf: '/healthz at the same rate',
      ...common,
      serverCpuMsPerReq: r.sent ? Math.round(cpu / Math.max(1, r.served * o.seconds)) : null,
    });
  }
}

/** A registration body of a fresh petitioner (demo-style fake identity). */
function registration(i: number, text: { title: string; content: string }) {
  return {
    channel: i % 3 ? '网上投诉' : '来信',
    receivedOn: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
    headCount: 1,
    petitioners: [{ name: `基准${i}`, phone: `1390000${String(i % 10000).padStart(4, '0')}` }],
    title: text.title.slice(0, 60),
    content: text.content.slice(0, 2000),
    demands: ['请求依法处理'],
  };
}

export async function benchRegister(
  srv: RunningServer,
  deps: AppDeps,
  prefix: string,
  opts: { count: number; budgetMs: number },
): Promise<void> {
  const s = await login(srv.base, 'dengji');
  const texts = (
    await sql<{ title: string; content: string }>`select title, content from items order by id limit 200`.execute(
      deps.db,
    )
  ).rows;
  const ms: number[] = [];
  const cpu0 = srv.cpuMs();
  const t0 = performance.now();
  for (let i = 0; i < opts.count && (i < 3 || performance.now() - t0 < opts.budgetMs); i++) {
    const a = performance.now();
    const res = await fetch(`${srv.base}/api/v1/items`, {
      method: 'POST',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' },
      body: JSON.stringify(registration(i, texts[i % texts.length]!)),
    });
    if (res.status !== 201) throw new Error(`registration ${i}: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
    ms.push(performance.now() - a);
  }
  const wall = performance.now() - t0;
  const cpu = srv.cpuMs() - cpu0;
  const n = ms.length;
  // Baseline: the same number of raw item rows inserted one transaction each into a scratch copy of the table.
  const raw = await rawInserts(deps, n);
  emit(`${prefix}register.http`, (n * 1000) / wall, 'items/s', raw, {
    baselineOf: 'raw inserts of item rows, one transaction each',
    items: n,
    p50Ms: Math.round(pct(ms, 50)),
    p99Ms: Math.round(pct(ms, 99)),
    serverCpuMsPerItem: Math.round(cpu / n),
  });
}

async function rawInserts(deps: AppDeps, n: number): Promise<number> {
  const db = deps.db;
  await sql`drop table if exists bench_raw_items`.execute(db);
  await sql`create table bench_raw_items as select * from items where 1 = 0`.execute(db);
  const rows = await db.selectFrom('items').selectAll().limit(n).execute();
  const t0 = performance.now();
  for (const r of rows)
    await db
      .insertInto('bench_raw_items' as 'items')
      .values({ ...r, id: randomUUID() })
      .execute();
  const ms = performance.now() - t0;
  await sql`drop table bench_raw_items`.execute(db);
  return (rows.length * 1000) / ms;
}
