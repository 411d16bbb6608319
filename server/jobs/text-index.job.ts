import type { Logger } from 'pino';
import { reindexText } from '../app/text-intel.ts';
import type { AppDeps } from '../app/context.ts';

/**
 * Keeps the similarity index complete: items that arrived without it (imports, upgrades) are indexed in the
 * background in small batches, so registration suggestions find them without slowing the import itself.
 */
export function scheduleTextIndexer(deps: AppDeps, log: Logger | null, everyMs = 30_000): () => void {
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      const n = await reindexText(deps);
      if (n) log?.info({ indexed: n }, 'similarity index caught up');
    } catch (err) {
      log?.error({ err }, 'similarity indexing failed');
    } finally {
      running = false;
    }
  };
  const first = setTimeout(run, 2_000);
  const timer = setInterval(run, everyMs);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
