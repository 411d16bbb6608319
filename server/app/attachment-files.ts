import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDir, writePrivateFile } from '../files/private-files.ts';
import type { PiiCodec } from '../store/pii.ts';

/** Where attachment contents live (shared storage when several instances run). */
export interface FileStore {
  dir: string;
}

/**
 * Attachment contents at rest: SM4-sealed with the key file, under a keyed name (HMAC of the content hash, so
 * the folder does not reveal which known document is stored), files 0600 in 0700 folders. Files written before
 * sealing (plain, named by their SHA-256) stay readable until `keys rotate` seals them.
 */
function sealedPath(files: FileStore, codec: PiiCodec, hash: string): string {
  const name = codec.index('file', hash);
  return join(files.dir, name.slice(0, 2), name);
}

function legacyPath(files: FileStore, hash: string): string {
  return join(files.dir, hash.slice(0, 2), hash);
}

/** Stores `content` (whose SHA-256 is `hash`) sealed, unless it is already there. */
export function writeAttachmentFile(files: FileStore, codec: PiiCodec, hash: string, content: Uint8Array): void {
  ensurePrivateDir(files.dir);
  const path = sealedPath(files, codec, hash);
  if (!existsSync(path)) writePrivateFile(path, codec.sealBytes(content));
}

/** The plain contents of attachment `hash`, checked against the hash; null when the file is missing. */
export function readAttachmentFile(files: FileStore, codec: PiiCodec, hash: string): Buffer | null {
  const sealed = sealedPath(files, codec, hash);
  const path = existsSync(sealed) ? sealed : legacyPath(files, hash);
  if (!existsSync(path)) return null;
  const content = codec.openBytes(readFileSync(path));
  if (createHash('sha256').update(content).digest('hex') !== hash)
    throw new Error(`attachment ${hash} does not match its hash`);
  return content;
}

/**
 * For key rotation: re-seals attachment `hash` under the active key, sealing a legacy plain file (and removing
 * it) on the way. Atomic per file (temp + rename); re-running it is harmless. Returns whether it wrote.
 */
export function resealAttachmentFile(files: FileStore, codec: PiiCodec, hash: string): boolean {
  const sealed = sealedPath(files, codec, hash);
  const legacy = legacyPath(files, hash);
  if (existsSync(sealed)) {
    const stored = readFileSync(sealed);
    if (codec.keyOf(stored) === codec.activeKey()) return false;
    writePrivateFile(sealed, codec.sealBytes(codec.openBytes(stored)));
    return true;
  }
  if (!existsSync(legacy)) return false;
  const plain = readFileSync(legacy);
  if (createHash('sha256').update(plain).digest('hex') !== hash) return false;
  writePrivateFile(sealed, codec.sealBytes(plain));
  rmSync(legacy, { force: true });
  return true;
}
