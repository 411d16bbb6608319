/**
 * Worker thread: clusters one period's items over its own read-only connection and posts the result back; the
 * server stores it. Started by `refreshHotIssues` through `runInWorker`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openReadOnlyDb } from '../store/db.ts';
import { computeDistrictHotIssues } from './hot-issues.ts';

const { target, from, to } = workerData as { target: string; from: string; to: string };
const opened = openReadOnlyDb(target);
try {
  parentPort?.postMessage({ type: 'done', result: await computeDistrictHotIssues(opened.db, from, to) });
} catch (err) {
  parentPort?.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) });
} finally {
  await opened.close();
}
