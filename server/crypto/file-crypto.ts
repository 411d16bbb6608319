/**
 * SM4 encryption of whole files (attachments) with the key file, authenticated like the fields:
 *
 *   "XFE1" | keyIdLength (1 byte) | keyId (ASCII) | IV (16) | SM4-CBC(PKCS#7) ciphertext | HMAC-SM3 tag (32)
 *
 * The tag covers everything before it, under the same per-version MAC key as the fields. The key id names the
 * key version, so a rotation can re-encrypt files at leisure and older files keep opening.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { FieldCryptoError, macKeyFor, pkcs7, unpad } from './field-crypto.ts';
import type { Keyring } from './keyring.ts';
import { sm } from './sm.ts';

const MAGIC = Buffer.from('XFE1');

/** True if `buf` starts like a file written by sealFile. */
export function isSealedFile(buf: Uint8Array): boolean {
  return buf.length > 4 + 1 + 16 + 16 + 32 && Buffer.from(buf.subarray(0, 4)).equals(MAGIC);
}

/** The key id of a sealed file, or null. */
export function sealedFileKeyId(buf: Uint8Array): string | null {
  if (!isSealedFile(buf)) return null;
  const n = buf[4]!;
  return Buffer.from(buf.subarray(5, 5 + n)).toString('latin1');
}

function tag(keyring: Keyring, keyId: string, body: Uint8Array): Buffer {
  return sm.hmacSm3(Buffer.from(macKeyFor(keyring.sm4Key(keyId)), 'hex'), body);
}

/** Encrypts file contents with the keyring's active key (fresh IV each time). */
export function sealFile(keyring: Keyring, plain: Uint8Array): Buffer {
  const keyId = keyring.activeId;
  const iv = randomBytes(16);
  const ct = sm.sm4CbcEncrypt(Buffer.from(keyring.sm4Key(keyId), 'hex'), iv, pkcs7(plain));
  const id = Buffer.from(keyId, 'latin1');
  const body = Buffer.concat([MAGIC, Buffer.from([id.length]), id, iv, ct]);
  return Buffer.concat([body, tag(keyring, keyId, body)]);
}

/** Decrypts a sealed file; throws FieldCryptoError when it was altered or the key is missing. */
export function openFile(keyring: Keyring, stored: Uint8Array): Buffer {
  const keyId = sealedFileKeyId(stored);
  if (!keyId) throw new FieldCryptoError('FIELD_FORMAT', '文件不是加密存储格式');
  if (!keyring.has(keyId))
    throw new FieldCryptoError('FIELD_UNKNOWN_KEY', `文件使用的密钥 ${keyId} 不在当前密钥文件中，无法解密`);
  const buf = Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
  const body = buf.subarray(0, buf.length - 32);
  const ivAt = 5 + keyId.length;
  const ct = body.subarray(ivAt + 16);
  if (
    ct.length === 0 ||
    ct.length % 16 !== 0 ||
    !timingSafeEqual(tag(keyring, keyId, body), buf.subarray(buf.length - 32))
  )
    throw new FieldCryptoError('FIELD_TAMPERED', '加密文件校验失败：文件已被篡改或密钥文件不匹配');
  const plain = unpad(sm.sm4CbcDecrypt(Buffer.from(keyring.sm4Key(keyId), 'hex'), body.subarray(ivAt, ivAt + 16), ct));
  if (!plain) throw new FieldCryptoError('FIELD_TAMPERED', '加密文件填充无效：文件已被篡改或密钥文件不匹配');
  return Buffer.from(plain);
}
