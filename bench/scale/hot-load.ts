/**
 * Request latency of a cheap API call (who am I) while the server computes a period's hot issues in the
 * background, against the same call on the idle server in the same run: the clustering runs on a worker thread,
 * so the ratio should stay near 1.
 */
import { addDays, type IsoDate } from '../../server/domain/calendar.ts';
import type { AppDeps } from '../../server/app/context.ts';
import { findHotIssueSnapshot } from '../../server/store/hot-issue.store.ts';
import { emit, note, pct } from './emit.ts';
import { login, type RunningServer } from './server.ts';

async function once(base: string, cookie: string): Promise<number> {
  const t0 = performance.now();
  const r = await fetch(`${base}/api/v1/auth/me`, { headers: { cookie } });
  await r.arrayBuffer();
  if (r.status !== 200) throw new Error(`/api/v1/auth/me: ${r.status}`);
  return performance.now() - t0;
}

export async function benchHotLoad(srv: RunningServer, deps: AppDeps, prefix: string, today: string): Promise<void> {
  const s = await login(srv.base, 'shenhe');
  const idle: number[] = [];
  for (let i = 0; i < 200; i++) idle.push(await once(srv.base, s.cookie));
  // A window nobody asked for yet (31 days): asking for it starts its computation on the server at once.
  const from = addDays(today as IsoDate, -30);
  const known = await findHotIssueSnapshot(deps.db, from, today);
  if (known?.computedAt) throw new Error(`period ${from}~${today} already computed in this district copy`);
  const url = `${srv.base}/api/v1/text/hotspots?from=${from}&to=${today}&top=10`;
  const ask = await fetch(url, { headers: { cookie: s.cookie } });
  await ask.arrayBuffer();
  if (ask.status !== 200) throw new Error(`hotspots: ${ask.status}`);
  const busy: number[] = [];
  const t0 = Date.now();
  let computed: Awaited<ReturnType<typeof findHotIssueSnapshot>> = null;
  // Cheap calls until the result is stored (at most 100 s); only calls made while it ran count.
  while (Date.now() - t0 < 100_000) {
    busy.push(await once(srv.base, s.cookie));
    if (busy.length % 20 === 0) {
      computed = await findHotIssueSnapshot(deps.db, from, today);
      if (computed?.computedAt || computed?.error) break;
    }
  }
  if (!computed?.computedAt) throw new Error(`hot issues not computed in 100 s: ${computed?.error ?? 'still running'}`);
  const extra = { calls: busy.length, idleCalls: idle.length, items: computed.items, seconds: computed.seconds };
  emit(`${prefix}hot_issues.cheap_call_p50_during_compute`, pct(busy, 50), 'ms', pct(idle, 50), extra);
  emit(`${prefix}hot_issues.cheap_call_p99_during_compute`, pct(busy, 99), 'ms', pct(idle, 99), extra);
  note(`   hot issues of ${computed.items} items computed in ${computed.seconds} s; ${busy.length} calls meanwhile`);
}
