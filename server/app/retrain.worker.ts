/**
 * Worker thread: trains and evaluates a candidate office model (`computeRetrain`) and posts progress, then the
 * evaluation and the model file; the server stores them. Started by `retrainOfficeModel` through `runInWorker`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { computeRetrain, type RetrainComputeInput } from './retrain-compute.ts';

try {
  const result = computeRetrain(workerData as RetrainComputeInput, (progress) =>
    parentPort?.postMessage({ type: 'progress', progress }),
  );
  parentPort?.postMessage({ type: 'done', result });
} catch (err) {
  parentPort?.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) });
}
