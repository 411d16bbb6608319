/**
 * Versioned key file for field encryption and blind indexes.
 *
 * The key file lives OUTSIDE the database (a stolen database dump alone reveals nothing) and is
 * written with mode 0600 inside a 0700 directory. Shape:
 *
 * ```json
 * { "version": 1, "active": "k2",
 *   "keys": { "k1": { "sm4": "<32 hex>", "hmac": "<64 hex>", "createdAt": "<ISO>" },
 *             "k2": { "sm4": "<32 hex>", "hmac": "<64 hex>", "createdAt": "<ISO>" } } }
 * ```
 *
 * - `sm4` is the per-version SM4 data key (16 bytes). New ciphertexts use the active key; old keys are
 *   kept so that existing ciphertexts still decrypt (see `reencryptField` in field-crypto.ts).
 * - `hmac` is the blind-index key (32 bytes). It is deliberately the SAME in every key version:
 *   rotation copies it forward, so blind indexes stored before a rotation still match lookups made
 *   after it and no re-indexing is needed. Loading a file whose entries disagree on `hmac` fails
 *   loudly instead of silently breaking lookups. (Changing the index key would need a full re-index
 *   job, which is out of scope here.)
 *
 * Losing this file means losing every encrypted field: back it up separately from the database.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fsyncSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { writePrivateFile } from '../files/private-files.ts';
import { z } from 'zod';

/** Error codes of keyring problems. */
export type KeyringErrorCode = 'KEYRING_INVALID' | 'KEYRING_UNKNOWN_KEY' | 'KEYRING_IO';

/** Thrown when the key file is unreadable, malformed or a key id is unknown. Message is Chinese. */
export class KeyringError extends Error {
  readonly code: KeyringErrorCode;
  constructor(code: KeyringErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KeyringError';
    this.code = code;
  }
}

const HEX32 = /^[0-9a-f]{32}$/;
const HEX64 = /^[0-9a-f]{64}$/;
const KEY_ID = /^k[1-9]\d{0,8}$/;

const keyEntrySchema = z.object({
  sm4: z.string().regex(HEX32),
  hmac: z.string().regex(HEX64),
  createdAt: z.string().min(1),
});

const keyringFileSchema = z.object({
  version: z.literal(1),
  active: z.string().regex(KEY_ID),
  keys: z.record(z.string().regex(KEY_ID), keyEntrySchema),
});

/** One key version as stored in the key file. */
export type KeyEntry = z.infer<typeof keyEntrySchema>;

/** The whole key file as stored on disk. */
export type KeyringFile = z.infer<typeof keyringFileSchema>;

/**
 * Read-only view of a validated key file. Key material is returned as lowercase hex strings,
 * which is what the SM3/SM4 functions (server/crypto/sm.ts) take.
 */
export class Keyring {
  /** Id of the key that encrypts new values, e.g. "k2". */
  readonly activeId: string;
  /** Blind-index HMAC key (64 hex chars); identical across all key versions. */
  readonly indexKey: string;
  readonly #keys: ReadonlyMap<string, KeyEntry>;

  /** Validates `data` (throws KeyringError) and builds the view. */
  constructor(data: unknown) {
    const file = parseKeyringFile(data);
    this.activeId = file.active;
    this.#keys = new Map(Object.entries(file.keys));
    this.indexKey = file.keys[file.active]!.hmac;
  }

  /** All key ids, oldest first. */
  get ids(): string[] {
    return [...this.#keys.keys()].sort(compareKeyIds);
  }

  /** True if the key file holds key `id`. */
  has(id: string): boolean {
    return this.#keys.has(id);
  }

  /** SM4 key (32 hex chars) of version `id`; throws KeyringError('KEYRING_UNKNOWN_KEY') if absent. */
  sm4Key(id: string): string {
    const entry = this.#keys.get(id);
    if (!entry)
      throw new KeyringError(
        'KEYRING_UNKNOWN_KEY',
        `密钥文件中没有编号为 ${id} 的密钥，无法解密（密钥文件是否被替换或丢失？）`,
      );
    return entry.sm4;
  }
}

function compareKeyIds(a: string, b: string): number {
  return Number(a.slice(1)) - Number(b.slice(1));
}

/** Validates raw JSON data as a key file; throws KeyringError('KEYRING_INVALID'). */
export function parseKeyringFile(data: unknown): KeyringFile {
  const parsed = keyringFileSchema.safeParse(data);
  if (!parsed.success) {
    throw new KeyringError(
      'KEYRING_INVALID',
      `密钥文件格式不正确：${parsed.error.issues.map((i) => `${i.path.join('.') || '(根)'} ${i.message}`).join('；')}`,
    );
  }
  const file = parsed.data;
  if (!file.keys[file.active]) throw new KeyringError('KEYRING_INVALID', `密钥文件的当前密钥 ${file.active} 不存在`);
  const hmacs = new Set(Object.values(file.keys).map((k) => k.hmac));
  if (hmacs.size !== 1) {
    throw new KeyringError(
      'KEYRING_INVALID',
      '密钥文件中各版本的索引密钥（hmac）不一致，已保存的检索索引将无法匹配；请恢复原密钥文件',
    );
  }
  return file;
}

/** Fresh random key entry. Pass `hmac` to carry the blind-index key forward. */
export function generateKeyEntry(hmac?: string, now: Date = new Date()): KeyEntry {
  return {
    sm4: randomBytes(16).toString('hex'),
    hmac: hmac ?? randomBytes(32).toString('hex'),
    createdAt: now.toISOString(),
  };
}

/** A brand-new key file with one key "k1" (in memory; see loadOrCreateKeyring for disk). */
export function createKeyringFile(now: Date = new Date()): KeyringFile {
  return { version: 1, active: 'k1', keys: { k1: generateKeyEntry(undefined, now) } };
}

/** Returns a new key file with an added active key; old keys are kept and the hmac key carried over. */
export function rotateKeyringFile(file: KeyringFile, now: Date = new Date()): KeyringFile {
  const current = parseKeyringFile(file);
  const maxN = Math.max(...Object.keys(current.keys).map((id) => Number(id.slice(1))));
  const newId = `k${maxN + 1}`;
  const hmac = current.keys[current.active]!.hmac;
  return { version: 1, active: newId, keys: { ...current.keys, [newId]: generateKeyEntry(hmac, now) } };
}

/**
 * Loads the key file at `path`, creating its directory (0700) and a fresh random key (file 0600)
 * on first start. A file that is readable by group/others is tightened to 0600.
 * Safe against two processes starting at once: creation uses exclusive open, the loser re-reads.
 */
export function loadOrCreateKeyring(path: string): Keyring {
  const existing = readKeyFile(path);
  if (existing !== undefined) return new Keyring(existing);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const file = createKeyringFile();
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      const raced = readKeyFile(path);
      if (raced !== undefined) return new Keyring(raced);
    }
    throw new KeyringError('KEYRING_IO', `无法创建密钥文件 ${path}`, { cause: err });
  }
  try {
    writeSync(fd, JSON.stringify(file, null, 2) + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return new Keyring(file);
}

/** Loads an existing key file (never creates one); throws KeyringError when it is missing or invalid. */
export function loadKeyring(path: string): Keyring {
  const existing = readKeyFile(path);
  if (existing === undefined) throw new KeyringError('KEYRING_IO', `密钥文件 ${path} 不存在`);
  return new Keyring(existing);
}

/**
 * Adds a new active key to the key file at `path` (which must exist) and returns the new keyring.
 * Written atomically (temp file 0600 + rename). Existing ciphertexts stay decryptable; call
 * `reencryptField` on stored values to move them to the new key at leisure.
 * Not safe against concurrent rotations of the same file: run it from one admin command.
 */
export function rotateKeyring(path: string): Keyring {
  const existing = readKeyFile(path);
  if (existing === undefined) throw new KeyringError('KEYRING_IO', `密钥文件 ${path} 不存在，无法轮换`);
  const next = rotateKeyringFile(parseKeyringFile(existing));
  writeKeyFileAtomic(path, next);
  return new Keyring(next);
}

/** Raw JSON of the key file, or undefined if the file does not exist. */
function readKeyFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new KeyringError('KEYRING_IO', `无法读取密钥文件 ${path}`, { cause: err });
  }
  tightenMode(path);
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new KeyringError('KEYRING_INVALID', `密钥文件 ${path} 不是有效的 JSON`, { cause: err });
  }
}

function tightenMode(path: string): void {
  if (process.platform === 'win32') return;
  try {
    if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  } catch {
    // Best effort: an unreadable mode must not stop the service from starting.
  }
}

function writeKeyFileAtomic(path: string, file: KeyringFile): void {
  try {
    writePrivateFile(path, JSON.stringify(file, null, 2) + '\n');
  } catch (err) {
    throw new KeyringError('KEYRING_IO', `无法写入密钥文件 ${path}`, { cause: err });
  }
}
