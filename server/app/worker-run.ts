import { Worker } from 'node:worker_threads';

/** What a background worker posts: progress while it runs, then its result or its error. */
export type WorkerMessage<P, R> =
  | { type: 'progress'; progress: P }
  | { type: 'done'; result: R }
  | { type: 'error'; message: string };

/**
 * Runs `module` (a TypeScript file posting {@link WorkerMessage}s) on its own thread with `data`, so CPU-heavy work
 * (clustering, training) never holds the server's event loop; resolves with its result. One thread per run.
 */
export function runInWorker<P, R>(module: URL, data: unknown, onProgress?: (p: P) => void): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    const worker = new Worker(new URL('./worker-boot.mjs', import.meta.url), {
      workerData: { ...(data as object), module: module.href },
    });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate();
    };
    worker.on('message', (m: WorkerMessage<P, R>) => {
      if (m.type === 'progress') onProgress?.(m.progress);
      else if (m.type === 'done') settle(() => resolve(m.result));
      else settle(() => reject(new Error(m.message)));
    });
    worker.on('error', (err) => settle(() => reject(err)));
    worker.on('exit', (code) => settle(() => reject(new Error(`后台线程意外退出（${code}）`))));
  });
}
