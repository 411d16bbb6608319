/**
 * 国密 primitives used across the server: SM3 (GB/T 32905), HMAC-SM3 (RFC 2104 over SM3) and SM4-CBC
 * (GB/T 32907) without padding (callers pad and check padding themselves, so both implementations behave
 * byte for byte alike).
 *
 * Two implementations with one interface:
 * - `native`: Node's OpenSSL (`sm3`, `sm4-cbc`), several times faster; present when OpenSSL was built with SM
 *   support (Node 20 on Debian is);
 * - `js`: the pure-JavaScript `sm-crypto` package, always present.
 * The native one is chosen when it exists AND passes the standard test vectors at load time; otherwise the
 * pure-JS one is used. Both produce identical bytes, so stored ciphertexts and hashes stay compatible whichever
 * runs (`XINFANG_SM_IMPL=js` forces the pure-JS one, for comparison).
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, getCiphers, getHashes } from 'node:crypto';
import smCrypto from 'sm-crypto';

/** One implementation of the primitives. Keys and IVs are 16 bytes for SM4; HMAC keys any length. */
export interface SmImpl {
  readonly name: 'native' | 'js';
  sm3(data: Uint8Array): Buffer;
  hmacSm3(key: Uint8Array, data: Uint8Array): Buffer;
  /** SM4-CBC over whole 16-byte blocks, no padding. */
  sm4CbcEncrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Buffer;
  sm4CbcDecrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Buffer;
}

function checkBlocks(key: Uint8Array, iv: Uint8Array, data: Uint8Array): void {
  if (key.length !== 16 || iv.length !== 16) throw new RangeError('SM4: key and IV must be 16 bytes');
  if (data.length % 16 !== 0) throw new RangeError('SM4-CBC without padding needs whole 16-byte blocks');
}

const hex = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');

function jsCbc(decrypt: boolean, key: Uint8Array, iv: Uint8Array, data: Uint8Array): Buffer {
  checkBlocks(key, iv, data);
  if (data.length === 0) return Buffer.alloc(0);
  const opts = { mode: 'cbc', iv: hex(iv), padding: 'none', output: 'array' } as const;
  const run = decrypt ? smCrypto.sm4.decrypt : smCrypto.sm4.encrypt;
  return Buffer.from(run(Array.from(data), hex(key), opts) as unknown as number[]);
}

/** The pure-JavaScript implementation (sm-crypto). */
export const jsSm: SmImpl = {
  name: 'js',
  // Bytes, never JS strings: sm-crypto's own UTF-8 encoder mishandles code points >= U+40000.
  sm3: (data) => Buffer.from(smCrypto.sm3(data as unknown as string), 'hex'),
  hmacSm3: (key, data) => Buffer.from(smCrypto.sm3(data as unknown as string, { key: hex(key), mode: 'hmac' }), 'hex'),
  sm4CbcEncrypt: (key, iv, data) => jsCbc(false, key, iv, data),
  sm4CbcDecrypt: (key, iv, data) => jsCbc(true, key, iv, data),
};

function nativeImpl(): SmImpl {
  const cipher = (decrypt: boolean, key: Uint8Array, iv: Uint8Array, data: Uint8Array) => {
    checkBlocks(key, iv, data);
    const c = decrypt ? createDecipheriv('sm4-cbc', key, iv) : createCipheriv('sm4-cbc', key, iv);
    c.setAutoPadding(false);
    return Buffer.concat([c.update(data), c.final()]);
  };
  return {
    name: 'native',
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

function loadNative(): SmImpl | null {
  try {
    if (!getHashes().includes('sm3') || !getCiphers().includes('sm4-cbc')) return null;
    const impl = nativeImpl();
    return passesVectors(impl) ? impl : null;
  } catch {
    return null;
  }
}

/** The OpenSSL implementation, or null when this Node's OpenSSL lacks SM3/SM4 (or fails the vectors). */
export const nativeSm: SmImpl | null = loadNative();

/** The implementation in use. */
export const sm: SmImpl = process.env.XINFANG_SM_IMPL === 'js' || !nativeSm ? jsSm : nativeSm;

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
