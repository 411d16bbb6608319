/**
 * Worker of the bulk generator: turns finished items into the exact rows the store writes (SM4-sealed personal
 * data with blind indexes, LSH band keys of the similarity index). Those are the CPU-heavy parts, so they run
 * beside the planner on the second core.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadOrCreateKeyring } from '../../server/crypto/keyring.ts';
import { createPiiCodec } from '../../server/crypto/pii-codec.ts';
import { encodeRows, type EncodeJob } from './encode.ts';

const codec = createPiiCodec(loadOrCreateKeyring((workerData as { keyFile: string }).keyFile));

parentPort!.on('message', (job: { id: number; items: EncodeJob[] }) => {
  parentPort!.postMessage({ id: job.id, rows: encodeRows(job.items, codec) });
});
