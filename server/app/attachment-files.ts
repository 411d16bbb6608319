import { createHash } from 'node:crypto';
import { dirBlobStore, type BlobStore } from '../files/blob-store.ts';
import type { PiiCodec } from '../store/pii.ts';

/**
 * Where attachment contents live (shared storage when several instances run): a blob store, or a directory
 * given as `{ dir }` (read as a directory blob store).
 */
export type FileStore = BlobStore | { dir: string };

function blobsOf(files: FileStore): BlobStore {
  return 'get' in files ? files : dirBlobStore(files.dir);
}

/**
 * Attachment contents at rest: SM4-sealed with the key file, under a keyed name (HMAC of the content hash, so
 * the folder does not reveal which known document is stored), files 0600 in 0700 folders. Files written before
 * sealing (plain, named by their SHA-256) stay readable until `keys rotate` seals them.
 */
function sealedKey(codec: PiiCodec, hash: string): string {
  const name = codec.index('file', hash);
  return `${name.slice(0, 2)}/${name}`;
}

function legacyKey(hash: string): string {
  return `${hash.slice(0, 2)}/${hash}`;
}

/** Stores `content` (whose SHA-256 is `hash`) sealed, unless it is already there. */
export async function writeAttachmentFile(
  files: FileStore,
  codec: PiiCodec,
  hash: string,
  content: Uint8Array,
): Promise<void> {
  const blobs = blobsOf(files);
  const key = sealedKey(codec, hash);
  if (!(await blobs.has(key))) await blobs.put(key, codec.sealBytes(content));
}

/** The plain contents of attachment `hash`, checked against the hash; null when the file is missing. */
export async function readAttachmentFile(files: FileStore, codec: PiiCodec, hash: string): Promise<Buffer | null> {
  const blobs = blobsOf(files);
  const stored = (await blobs.get(sealedKey(codec, hash))) ?? (await blobs.get(legacyKey(hash)));
  if (!stored) return null;
  const content = codec.openBytes(stored);
  if (createHash('sha256').update(content).digest('hex') !== hash)
    throw new Error(`attachment ${hash} does not match its hash`);
  return content;
}

/**
 * For key rotation: re-seals attachment `hash` under the active key, sealing a legacy plain file (and removing
 * it) on the way. Atomic per file (temp + rename); re-running it is harmless. Returns whether it wrote.
 */
export async function resealAttachmentFile(files: FileStore, codec: PiiCodec, hash: string): Promise<boolean> {
  const blobs = blobsOf(files);
  const sealed = sealedKey(codec, hash);
  const legacy = legacyKey(hash);
  const stored = await blobs.get(sealed);
  if (stored) {
    if (codec.keyOf(stored) === codec.activeKey()) return false;
    await blobs.put(sealed, codec.sealBytes(codec.openBytes(stored)));
    return true;
  }
  const plain = await blobs.get(legacy);
  if (!plain) return false;
  if (createHash('sha256').update(plain).digest('hex') !== hash) return false;
  await blobs.put(sealed, codec.sealBytes(plain));
  await blobs.delete(legacy);
  return true;
}
