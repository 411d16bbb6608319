/**
 * Field-level encryption (SM4-CBC) and blind indexes (HMAC-SM3) for personal data columns
 * such as ID numbers, phone numbers and names.
 *
 * Stored format: `sm4:<keyId>:<ivHex>:<cipherHex>`
 * - `keyId`: key version in the keyring, e.g. `k2`.
 * - `ivHex`: 16 random bytes (32 hex chars), fresh per encryption.
 * - `cipherHex`: the SM4-CBC ciphertext (PKCS#7 padded, a multiple of 16 bytes) FOLLOWED BY a
 *   32-byte HMAC-SM3 tag (encrypt-then-MAC). CBC alone is malleable; the tag is what makes
 *   `decryptField` reliably detect tampering. The tag covers the string `sm4:<keyId>:<ivHex>:<ctHex>`,
 *   so the key id, the IV and the ciphertext are all authenticated. Its key is derived from the SM4
 *   key of the same version: HMAC-SM3(sm4Key, "xinfang/field-mac/v1").
 *
 * Not covered: swapping a whole valid ciphertext from one row/column to another is not detected
 * (no associated data); the audit chain is the control for that.
 *
 * Blind index: HMAC-SM3(indexKey, "<kind>:<normalised value>") as 64 hex chars. The index key is the
 * same across key rotations (see keyring.ts), so indexes never need recomputing after a rotation.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Keyring } from './keyring.ts';
import { hmacSm3Hex, sm } from './sm.ts';

export { hmacSm3Hex };

/** Error codes of field encryption problems. */
export type FieldCryptoErrorCode = 'FIELD_FORMAT' | 'FIELD_UNKNOWN_KEY' | 'FIELD_TAMPERED' | 'FIELD_INVALID_INPUT';

/** Thrown by decryptField / blindIndex. `code` is for programs; `message` (Chinese) for people. */
export class FieldCryptoError extends Error {
  readonly code: FieldCryptoErrorCode;
  constructor(code: FieldCryptoErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FieldCryptoError';
    this.code = code;
  }
}

const PREFIX = 'sm4';
const TAG_HEX = 64;
const ENCRYPTED_RE = /^sm4:(k[1-9]\d{0,8}):([0-9a-f]{32}):((?:[0-9a-f]{32})+)$/;
const MAC_LABEL = new TextEncoder().encode('xinfang/field-mac/v1');
const utf8 = new TextEncoder();
const utf8Strict = new TextDecoder('utf-8', { fatal: true });

const macKeyCache = new Map<string, string>();

export function macKeyFor(sm4KeyHex: string): string {
  let k = macKeyCache.get(sm4KeyHex);
  if (k === undefined) {
    k = hmacSm3Hex(sm4KeyHex, MAC_LABEL);
    if (macKeyCache.size > 64) macKeyCache.clear();
    macKeyCache.set(sm4KeyHex, k);
  }
  return k;
}

function tagFor(sm4KeyHex: string, keyId: string, ivHex: string, ctHex: string): string {
  return hmacSm3Hex(macKeyFor(sm4KeyHex), `${PREFIX}:${keyId}:${ivHex}:${ctHex}`);
}

function hexEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a, 'hex');
  const bb = Buffer.from(b, 'hex');
  return ba.length === bb.length && timingSafeEqual(ba, bb);
}

/** PKCS#7 padding to whole 16-byte blocks (always adds 1–16 bytes). */
export function pkcs7(data: Uint8Array): Buffer {
  const n = 16 - (data.length % 16);
  return Buffer.concat([data, Buffer.alloc(n, n)]);
}

/** Removes PKCS#7 padding; null when the padding is invalid. */
export function unpad(data: Buffer): Buffer | null {
  const n = data[data.length - 1] ?? 0;
  if (n < 1 || n > 16 || n > data.length) return null;
  for (let i = data.length - n; i < data.length; i++) if (data[i] !== n) return null;
  return data.subarray(0, data.length - n);
}

/** True if `s` has the shape of a value produced by encryptField (does not check the tag). */
export function isEncrypted(s: string | null | undefined): boolean {
  if (typeof s !== 'string') return false;
  const m = ENCRYPTED_RE.exec(s);
  return m !== null && m[3]!.length >= 32 + TAG_HEX;
}

/** Encrypts `plaintext` (UTF-8) with the keyring's active key. Each call uses a fresh random IV. */
export function encryptField(keyring: Keyring, plaintext: string): string {
  if (typeof plaintext !== 'string') throw new FieldCryptoError('FIELD_INVALID_INPUT', '待加密的值必须是字符串');
  const keyId = keyring.activeId;
  const key = keyring.sm4Key(keyId);
  const iv = randomBytes(16);
  const ivHex = iv.toString('hex');
  const ctHex = sm.sm4CbcEncrypt(Buffer.from(key, 'hex'), iv, pkcs7(utf8.encode(plaintext))).toString('hex');
  return `${PREFIX}:${keyId}:${ivHex}:${ctHex}${tagFor(key, keyId, ivHex, ctHex)}`;
}

/** Key id a stored value was encrypted with, or null if `stored` is not an encrypted value. */
export function encryptedKeyId(stored: string): string | null {
  const m = ENCRYPTED_RE.exec(stored);
  return m ? m[1]! : null;
}

/**
 * Decrypts a value produced by encryptField.
 * Throws FieldCryptoError: FIELD_FORMAT (not an encrypted value), FIELD_UNKNOWN_KEY (key id not in the
 * keyring), FIELD_TAMPERED (tag mismatch, bad padding or invalid UTF-8 — value altered or wrong key file).
 */
export function decryptField(keyring: Keyring, stored: string): string {
  const m = typeof stored === 'string' ? ENCRYPTED_RE.exec(stored) : null;
  if (!m || m[3]!.length < 32 + TAG_HEX) {
    throw new FieldCryptoError('FIELD_FORMAT', '数据不是有效的加密字段格式（应为 sm4:密钥编号:IV:密文），可能已被改动');
  }
  const keyId = m[1]!;
  const ivHex = m[2]!;
  const body = m[3]!;
  const ctHex = body.slice(0, body.length - TAG_HEX);
  const tagHex = body.slice(body.length - TAG_HEX);
  if (ctHex.length % 32 !== 0) throw new FieldCryptoError('FIELD_FORMAT', '加密字段的密文长度不正确，可能已被改动');
  if (!keyring.has(keyId)) {
    throw new FieldCryptoError(
      'FIELD_UNKNOWN_KEY',
      `加密字段使用的密钥 ${keyId} 不在当前密钥文件中，无法解密；请确认使用了正确的密钥文件`,
    );
  }
  const key = keyring.sm4Key(keyId);
  if (!hexEqual(tagFor(key, keyId, ivHex, ctHex), tagHex)) {
    throw new FieldCryptoError('FIELD_TAMPERED', '加密字段校验失败：数据已被篡改或密钥文件不匹配');
  }
  let pt: Buffer;
  try {
    pt = sm.sm4CbcDecrypt(Buffer.from(key, 'hex'), Buffer.from(ivHex, 'hex'), Buffer.from(ctHex, 'hex'));
  } catch (err) {
    throw new FieldCryptoError('FIELD_TAMPERED', '加密字段解密失败：数据已被篡改或密钥文件不匹配', { cause: err });
  }
  const plain = unpad(pt);
  if (!plain) throw new FieldCryptoError('FIELD_TAMPERED', '加密字段填充无效：数据已被篡改或密钥文件不匹配');
  try {
    return utf8Strict.decode(plain);
  } catch (err) {
    throw new FieldCryptoError('FIELD_TAMPERED', '加密字段解密结果不是有效文本：数据已被篡改或密钥文件不匹配', {
      cause: err,
    });
  }
}

/**
 * For key rotation: returns `stored` re-encrypted with the active key. Values already under the active
 * key are returned unchanged (so a re-encryption job is idempotent and can be resumed).
 * Throws like decryptField.
 */
export function reencryptField(keyring: Keyring, stored: string): string {
  const plaintext = decryptField(keyring, stored);
  if (encryptedKeyId(stored) === keyring.activeId) return stored;
  return encryptField(keyring, plaintext);
}

/** Kinds of blind index; the kind is part of the HMAC input so equal strings of different kinds differ. */
export type BlindIndexKind = 'id' | 'phone' | 'name' | 'file';

/**
 * Normalises a value before blind indexing, so that equivalent spellings give the same index:
 * - all kinds: Unicode NFKC (full-width digits/letters become ASCII), trimmed;
 * - `id`: whitespace and hyphens removed, upper-cased (trailing x → X);
 * - `phone`: digits only; a leading country code 86 / 0086 is dropped from 13/15-digit mobiles;
 * - `name`: all whitespace removed, middle-dot variants (• ・ ． ‧ ·) unified to "·", Latin lower-cased.
 */
export function normalizeForIndex(value: string, kind: BlindIndexKind): string {
  const v = value.normalize('NFKC').trim();
  switch (kind) {
    case 'id':
      return v.replace(/[\s-]+/g, '').toUpperCase();
    case 'phone': {
      const d = v.replace(/\D+/g, '');
      if (/^0086(1\d{10})$/.test(d)) return d.slice(4);
      if (/^86(1\d{10})$/.test(d)) return d.slice(2);
      return d;
    }
    case 'file':
      return v.toLowerCase();
    case 'name':
      return v
        .replace(/\s+/g, '')
        .replace(/[•・．‧·]/g, '·')
        .toLowerCase();
  }
}

/**
 * Blind index of `value`: keyed HMAC-SM3 (hex) over `"<kind>:<normalised value>"`, for equality
 * lookups on encrypted columns without decrypting. Stable across key rotations.
 * Throws FieldCryptoError('FIELD_INVALID_INPUT') if the value is empty after normalisation.
 */
export function blindIndex(keyring: Keyring, value: string, kind: BlindIndexKind): string {
  const normalized = normalizeForIndex(value, kind);
  if (normalized === '') throw new FieldCryptoError('FIELD_INVALID_INPUT', '空值不能建立检索索引');
  return hmacSm3Hex(keyring.indexKey, `${kind}:${normalized}`);
}
