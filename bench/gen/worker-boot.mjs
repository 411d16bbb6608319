// Worker entry: registers the TypeScript loader in this thread, then loads the worker module named in workerData.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.module);
