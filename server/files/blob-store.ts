/**
 * Where attachment contents live, behind one small interface so that several server instances can share them:
 * a directory (local disk, or an NFS / CephFS mount every instance sees) today; an S3-compatible bucket fits the
 * same shape (GET / PUT / HEAD / DELETE of an object; a PUT is never seen half written) — docs/deploy.md.
 * Keys are relative paths of [0-9a-z] segments joined by "/", chosen by the caller (content-addressed names).
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDir, writePrivateFile } from './private-files.ts';

export interface BlobStore {
  /** Describes where the blobs are, for logs and messages (never a secret). */
  readonly location: string;
  /** The bytes stored under `key`, or null when there are none. */
  get(key: string): Promise<Buffer | null>;
  /** Stores `bytes` under `key`, replacing what was there; readers see the old or the new bytes, never a part. */
  put(key: string, bytes: Uint8Array): Promise<void>;
  has(key: string): Promise<boolean>;
  /** Removes `key`; removing a missing key is not an error. */
  delete(key: string): Promise<void>;
}

const KEY = /^[0-9a-z]+(?:\/[0-9a-z]+)*$/i;

function checked(key: string): string {
  if (!KEY.test(key)) throw new Error(`invalid blob key ${JSON.stringify(key)}`);
  return key;
}

/** Blobs as files under `dir` (folders 0700, files 0600, written to a temp file and renamed into place). */
export function dirBlobStore(dir: string): BlobStore {
  const path = (key: string) => join(dir, ...checked(key).split('/'));
  return {
    location: dir,
    async get(key) {
      const p = path(key);
      return existsSync(p) ? readFileSync(p) : null;
    },
    async put(key, bytes) {
      ensurePrivateDir(dir);
      writePrivateFile(path(key), bytes);
    },
    async has(key) {
      return existsSync(path(key));
    },
    async delete(key) {
      rmSync(path(key), { force: true });
    },
  };
}
