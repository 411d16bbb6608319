/**
 * Similarity indexing: `k` items lose their LSH bands, then the server's own indexer (`reindexText`) restores
 * them while requests keep arriving on the same event loop. Throughput against the signature computation alone;
 * event-loop delay and request latency during indexing against the same measured idle.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { sql } from 'kysely';
import type { AppDeps } from '../../server/app/context.ts';
import { matterText, reindexText } from '../../server/app/text-intel.ts';
import { createApp } from '../../server/http/app.ts';
import { enqueueTextIndex } from '../../server/store/text.store.ts';
import { bandKeys, signature } from '../../server/text/similarity.ts';
import { emit, note, pct } from './emit.ts';

/** Latencies of /healthz requests every 20 ms, and the event-loop delay, while `work` runs. */
async function probe(app: ReturnType<typeof createApp>, work: () => Promise<unknown>) {
  const h = monitorEventLoopDelay({ resolution: 5 });
  const lat: number[] = [];
  let done = false;
  h.enable();
  const loop = (async () => {
    while (!done) {
      const t = performance.now();
      await app.request('/healthz');
      lat.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const t0 = performance.now();
  await work();
  const ms = performance.now() - t0;
  done = true;
  await loop;
  h.disable();
  return { ms, lat, maxDelayMs: h.max / 1e6, p99DelayMs: h.percentile(99) / 1e6 };
}

export async function benchIndex(deps: AppDeps, prefix: string, k: number): Promise<void> {
  const ids = (
    await sql<{ id: string; title: string; content: string }>`
    select id, title, content from items order by registered_on desc limit ${k}`.execute(deps.db)
  ).rows;
  const t0 = performance.now();
  for (const r of ids) bandKeys(signature(matterText(r.title, r.content)));
  const sigRate = (ids.length * 1000) / (performance.now() - t0);
  for (let i = 0; i < ids.length; i += 500)
    await deps.db
      .deleteFrom('text_lsh')
      .where(
        'item_id',
        'in',
        ids.slice(i, i + 500).map((r) => r.id),
      )
      .execute();
  // Items without bands are on the indexer's list (as after an import or an upgrade).
  await enqueueTextIndex(
    deps.db,
    ids.map((r) => r.id),
    new Date().toISOString(),
  );
  const app = createApp(deps, {
    secureCookies: false,
    idleMinutes: 30,
    webDist: null,
    log: null,
    rateLimitPerMinute: 1e5,
    filesDir: '/tmp',
  });
  const idle = await probe(app, () => new Promise((r) => setTimeout(r, 3000)));
  note(`index: re-indexing ${ids.length} items…`);
  let n = 0;
  const busy = await probe(app, async () => {
    n = await reindexText(deps);
  });
  emit(`${prefix}index.throughput`, (n * 1000) / busy.ms, 'items/s', sigRate, {
    baselineOf: 'signatures alone, same texts',
    items: n,
  });
  emit(`${prefix}index.event_loop_max_delay`, busy.maxDelayMs, 'ms', idle.maxDelayMs, {
    baselineOf: 'the same server idle',
    p99DelayMs: Math.round(busy.p99DelayMs),
  });
  emit(`${prefix}index.request_p99_during`, pct(busy.lat, 99), 'ms', pct(idle.lat, 99), {
    baselineOf: 'the same requests idle',
    requests: busy.lat.length,
  });
}
