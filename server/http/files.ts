import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileStore } from '../app/attachments.ts';
import type { HttpOptions } from './env.ts';

/** The attachment store of this server: the configured folder, or a temp folder of this process. */
export function fileStoreOf(opts: Pick<HttpOptions, 'filesDir'>): FileStore {
  return { dir: opts.filesDir || join(tmpdir(), `xinfang-files-${process.pid}`) };
}
