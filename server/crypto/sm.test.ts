import assert from 'node:assert/strict';
import { createCipheriv, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { decryptField } from './field-crypto.ts';
import { Keyring } from './keyring.ts';
import { referenceSm } from '../../test/sm-reference.ts';
import { passesVectors, sm, SM_VECTORS, type SmImpl } from './sm.ts';

// The server's implementation and the pure-JS reference the stored data was first written with.
const impls: SmImpl[] = [sm, referenceSm];

for (const impl of impls) {
  test(`${impl.name}: SM3 matches GB/T 32905 (abc, abcd×16) and SM4 matches GB/T 32907 (one block)`, () => {
    assert.equal(impl.sm3(Buffer.from('abc')).toString('hex'), SM_VECTORS.sm3Abc);
    assert.equal(impl.sm3(Buffer.from('abcd'.repeat(16))).toString('hex'), SM_VECTORS.sm3Abcd16);
    const key = Buffer.from(SM_VECTORS.sm4Key, 'hex');
    const ct = impl.sm4CbcEncrypt(key, Buffer.alloc(16), Buffer.from(SM_VECTORS.sm4Plain, 'hex'));
    assert.equal(ct.toString('hex'), SM_VECTORS.sm4Cipher);
    assert.equal(impl.sm4CbcDecrypt(key, Buffer.alloc(16), ct).toString('hex'), SM_VECTORS.sm4Plain);
    assert.equal(passesVectors(impl), true);
  });

  test(`${impl.name}: HMAC-SM3 is the RFC 2104 construction over SM3 (short and long keys)`, () => {
    for (const key of [randomBytes(16), randomBytes(32), randomBytes(100)]) {
      const data = Buffer.from('身份证 110105194912310029 𠀀', 'utf8');
      const k = key.length > 64 ? impl.sm3(key) : key;
      const block = Buffer.alloc(64);
      k.copy(block);
      const inner = impl.sm3(Buffer.concat([Buffer.from(block.map((b) => b ^ 0x36)), data]));
      const manual = impl.sm3(Buffer.concat([Buffer.from(block.map((b) => b ^ 0x5c)), inner]));
      assert.equal(impl.hmacSm3(key, data).toString('hex'), manual.toString('hex'));
    }
  });

  test(`${impl.name}: SM4-CBC refuses partial blocks and wrong key sizes`, () => {
    assert.throws(() => impl.sm4CbcEncrypt(randomBytes(16), randomBytes(16), randomBytes(15)), RangeError);
    assert.throws(() => impl.sm4CbcEncrypt(randomBytes(15), randomBytes(16), randomBytes(16)), RangeError);
  });
}

test('OpenSSL SM4 reaches the GB/T 32907 million-iteration vector', () => {
  // ECB over one key is what the standard iterates; the native cipher object keeps the key schedule.
  const ecb = createCipheriv('sm4-ecb', Buffer.from(SM_VECTORS.sm4Key, 'hex'), null).setAutoPadding(false);
  let block = Buffer.from(SM_VECTORS.sm4Plain, 'hex');
  for (let i = 0; i < 1_000_000; i++) block = ecb.update(block);
  assert.equal(block.toString('hex'), SM_VECTORS.sm4Cipher1e6);
});

test('OpenSSL and the pure-JS reference agree byte for byte on random inputs (stored data is unchanged)', () => {
  for (let i = 0; i < 200; i++) {
    const key = randomBytes(16);
    const iv = randomBytes(16);
    const data = randomBytes(16 * (1 + (i % 9)));
    const a: Buffer = sm.sm4CbcEncrypt(key, iv, data);
    assert.deepEqual(referenceSm.sm4CbcEncrypt(key, iv, data), a);
    assert.deepEqual(referenceSm.sm4CbcDecrypt(key, iv, a), data);
    assert.deepEqual(sm.sm4CbcDecrypt(key, iv, a), data);
    const msg = randomBytes(i * 7);
    assert.deepEqual(referenceSm.sm3(msg), sm.sm3(msg));
    assert.deepEqual(referenceSm.hmacSm3(key, msg), sm.hmacSm3(key, msg));
  }
});

test('values encrypted by the earlier pure-JS field code still open (stored format unchanged)', () => {
  const kr = new Keyring({
    version: 1,
    active: 'k1',
    keys: {
      k1: { sm4: '0123456789abcdeffedcba9876543210', hmac: '11'.repeat(32), createdAt: '2024-01-01T00:00:00.000Z' },
    },
  });
  // Produced by the sm-crypto based encryptField before the native switch.
  const old =
    'sm4:k1:604f4963eb69a39e21ec479b33647139:112578b54fa5ee9f394ba0221b9f9e0088df82bb7c05edcd1fb07111bae7ea3e470e2b7b1d426689c45bbc8de19843f025fd2be87a50c066ed16f87a9a899621cf8d932adb18108de3e069f26f61a1312e6e66bbbf2d983ba9c13f75c451fd1e';
  assert.equal(decryptField(kr, old), '张三 110105194912310021 城关街道建设路1号 𠀀');
  const empty =
    'sm4:k1:02bcf3077cc23d0f09a8e38bdca530ba:a1f943a35c43695bc5eb4924a0074e5bb2b74c1489e9b165f440c0f6e8154b92b0b45ae4c35c1ba34fc4a3677ccab7b4';
  assert.equal(decryptField(kr, empty), '');
  console.log(JSON.stringify({ smImplementation: sm.name }));
});
