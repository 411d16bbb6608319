/**
 * Worker of the bulk generator: turns finished items and timeline entries into the exact rows the store writes
 * (deadlines at every step, SM4-sealed personal data with blind indexes, LSH band keys of the similarity index).
 * Those are the CPU-heavy parts, so they run beside the planner.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadOrCreateKeyring } from '../../server/crypto/keyring.ts';
import { createPiiCodec } from '../../server/crypto/pii-codec.ts';
import { Deriver, runJob, type DeriveInputs, type WorkerJob } from './encode.ts';

const wd = workerData as { keyFile: string; derive: DeriveInputs };
const codec = createPiiCodec(loadOrCreateKeyring(wd.keyFile));
const deriver = new Deriver(wd.derive);

parentPort!.on('message', (m: { id: number; job: WorkerJob }) => {
  parentPort!.postMessage({ id: m.id, rows: runJob(m.job, codec, deriver) });
});
