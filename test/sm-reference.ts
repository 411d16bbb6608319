/**
 * The pure-JavaScript SM3 / HMAC-SM3 / SM4-CBC (the `sm-crypto` package, a development dependency) that the
 * stored data was first written with: the reference the server's OpenSSL implementation (server/crypto/sm.ts)
 * is checked against in tests and compared with in the benchmark. Never used by the server.
 */
import smCrypto from 'sm-crypto';
import { checkBlocks, type SmImpl } from '../server/crypto/sm.ts';

const hex = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');

function jsCbc(decrypt: boolean, key: Uint8Array, iv: Uint8Array, data: Uint8Array): Buffer {
  checkBlocks(key, iv, data);
  if (data.length === 0) return Buffer.alloc(0);
  const opts = { mode: 'cbc', iv: hex(iv), padding: 'none', output: 'array' } as const;
  const run = decrypt ? smCrypto.sm4.decrypt : smCrypto.sm4.encrypt;
  return Buffer.from(run(Array.from(data), hex(key), opts) as unknown as number[]);
}

export const referenceSm: SmImpl = {
  name: 'sm-crypto',
  // Bytes, never JS strings: sm-crypto's own UTF-8 encoder mishandles code points >= U+40000.
  sm3: (data) => Buffer.from(smCrypto.sm3(data as unknown as string), 'hex'),
  hmacSm3: (key, data) => Buffer.from(smCrypto.sm3(data as unknown as string, { key: hex(key), mode: 'hmac' }), 'hex'),
  sm4CbcEncrypt: (key, iv, data) => jsCbc(false, key, iv, data),
  sm4CbcDecrypt: (key, iv, data) => jsCbc(true, key, iv, data),
};
