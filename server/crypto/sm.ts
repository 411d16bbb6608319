/**
 * 国密 primitives used across the server: SM3 (GB/T 32905), HMAC-SM3 (RFC 2104 over SM3) and SM4-CBC
 * (GB/T 32907) without padding (callers pad and check padding themselves), on Node's OpenSSL (`sm3`,
 * `sm4-cbc`; Node 20 has them, bundled or from Debian's OpenSSL 3).
 *
 * The implementation must reproduce the standard vectors at load time, or the server refuses to start: stored
 * ciphertexts, keyed hashes and the audit chain depend on these bytes. The pure-JavaScript implementation
 * the data was first written with (`sm-crypto`) is kept only as the tests' and benchmark's reference
 * (test/sm-reference.ts): both agree byte for byte on the vectors and on random inputs.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, getCiphers, getHashes } from 'node:crypto';

/** The primitives. Keys and IVs are 16 bytes for SM4; HMAC keys any length. */
export interface SmImpl {
  readonly name: string;
  sm3(data: Uint8Array): Buffer;
  hmacSm3(key: Uint8Array, data: Uint8Array): Buffer;
  /** SM4-CBC over whole 16-byte blocks, no padding. */
  sm4CbcEncrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Buffer;
  sm4CbcDecrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Buffer;
}

/** Throws the RangeError every implementation gives for a wrong key/IV size or a partial block. */
export function checkBlocks(key: Uint8Array, iv: Uint8Array, data: Uint8Array): void {
  if (key.length !== 16 || iv.length !== 16) throw new RangeError('SM4: key and IV must be 16 bytes');
  if (data.length % 16 !== 0) throw new RangeError('SM4-CBC without padding needs whole 16-byte blocks');
}

function nativeImpl(): SmImpl {
  const cipher = (decrypt: boolean, key: Uint8Array, iv: Uint8Array, data: Uint8Array) => {
    checkBlocks(key, iv, data);
    const c = decrypt ? createDecipheriv('sm4-cbc', key, iv) : createCipheriv('sm4-cbc', key, iv);
    c.setAutoPadding(false);
    return Buffer.concat([c.update(data), c.final()]);
  };
  return {
    name: 'openssl',
    sm3: (data) => createHash('sm3').update(data).digest(),
    hmacSm3: (key, data) => createHmac('sm3', key).update(data).digest(),
    sm4CbcEncrypt: (key, iv, data) => cipher(false, key, iv, data),
    sm4CbcDecrypt: (key, iv, data) => cipher(true, key, iv, data),
  };
}

/** Standard vectors: SM3("abc") (GB/T 32905 A.1) and one SM4 block (GB/T 32907 A.1). */
export const SM_VECTORS = {
  sm3Abc: '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0',
  sm3Abcd16: 'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732',
  sm4Key: '0123456789abcdeffedcba9876543210',
  sm4Plain: '0123456789abcdeffedcba9876543210',
  sm4Cipher: '681edf34d206965e86b3e94f536e4246',
  /** The same block encrypted 1,000,000 times with the same key. */
  sm4Cipher1e6: '595298c7c6fd271f0402f804c33d3f66',
} as const;

/** True when `impl` reproduces the standard vectors (a zero IV turns one CBC block into the plain block cipher). */
export function passesVectors(impl: SmImpl): boolean {
  try {
    const key = Buffer.from(SM_VECTORS.sm4Key, 'hex');
    const block = impl.sm4CbcEncrypt(key, Buffer.alloc(16), Buffer.from(SM_VECTORS.sm4Plain, 'hex'));
    return (
      impl.sm3(Buffer.from('abc')).toString('hex') === SM_VECTORS.sm3Abc &&
      block.toString('hex') === SM_VECTORS.sm4Cipher &&
      impl.sm4CbcDecrypt(key, Buffer.alloc(16), block).toString('hex') === SM_VECTORS.sm4Plain
    );
  } catch {
    return false;
  }
}

function loadNative(): SmImpl {
  if (!getHashes().includes('sm3') || !getCiphers().includes('sm4-cbc'))
    throw new Error(
      '本机 Node.js 的 OpenSSL 不支持国密算法 SM3/SM4，无法启动：请使用官方 Node.js 20 或 Debian 的 nodejs 软件包',
    );
  const impl = nativeImpl();
  if (!passesVectors(impl))
    throw new Error('本机 OpenSSL 的 SM3/SM4 未通过国家标准测试向量（GB/T 32905、GB/T 32907），无法启动');
  return impl;
}

/** The implementation in use: OpenSSL's, checked against the standard vectors when this module loads. */
export const sm: SmImpl = loadNative();

const utf8 = new TextEncoder();
const bytesOf = (data: string | Uint8Array) => (typeof data === 'string' ? utf8.encode(data) : data);

/** SM3 of UTF-8 text or bytes, as 64 lowercase hex characters. */
export function sm3Hex(data: string | Uint8Array): string {
  return sm.sm3(bytesOf(data)).toString('hex');
}

/** HMAC-SM3 (64-byte block) of UTF-8 text or bytes under a hex key, as 64 lowercase hex characters. */
export function hmacSm3Hex(keyHex: string, data: string | Uint8Array): string {
  return sm.hmacSm3(Buffer.from(keyHex, 'hex'), bytesOf(data)).toString('hex');
}
