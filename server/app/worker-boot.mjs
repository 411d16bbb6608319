// Worker entry: registers the TypeScript loader in this thread (the compiled server runs plain JavaScript, whose
// workers still load their TypeScript module from the source tree), then loads the module named in workerData.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
