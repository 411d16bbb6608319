import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, getHashes } from 'node:crypto';
import smCrypto from 'sm-crypto';
import { Keyring, createKeyringFile, rotateKeyringFile, type KeyringFile } from './keyring.ts';
import {
  FieldCryptoError,
  blindIndex,
  decryptField,
  encryptField,
  encryptedKeyId,
  hmacSm3Hex,
  isEncrypted,
  normalizeForIndex,
  reencryptField,
} from './field-crypto.ts';

const isCode = (code: string) => (e: unknown) => e instanceof FieldCryptoError && e.code === code;

function fixedFile(): KeyringFile {
  return {
    version: 1,
    active: 'k1',
    keys: {
      k1: { sm4: '0123456789abcdeffedcba9876543210', hmac: '11'.repeat(32), createdAt: '2024-01-01T00:00:00.000Z' },
    },
  };
}

test('SM3 of "abc" matches the GB/T 32905 test vector', () => {
  assert.equal(smCrypto.sm3('abc'), '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
});

test('SM4 block matches the GB/T 32907 test vector (so sm-crypto is real SM4)', () => {
  const out = smCrypto.sm4.encrypt(
    Array.from(Buffer.from('0123456789abcdeffedcba9876543210', 'hex')),
    '0123456789abcdeffedcba9876543210',
    { padding: 'none', output: 'array' },
  );
  assert.equal(Buffer.from(out).toString('hex'), '681edf34d206965e86b3e94f536e4246');
});

test('hmacSm3Hex is RFC 2104 HMAC over SM3 (checked against a hand-built HMAC and OpenSSL when available)', () => {
  const key = Buffer.from('4b'.repeat(32), 'hex');
  const data = '身份证 110105194912310029 𠀀';
  const block = Buffer.alloc(64);
  key.copy(block);
  const ipad = Buffer.from(block.map((b) => b ^ 0x36));
  const opad = Buffer.from(block.map((b) => b ^ 0x5c));
  const inner = Buffer.from(smCrypto.sm3(Buffer.concat([ipad, Buffer.from(data, 'utf8')])), 'hex');
  const manual = smCrypto.sm3(Buffer.concat([opad, inner]));
  assert.equal(hmacSm3Hex(key.toString('hex'), data), manual);
  if (getHashes().includes('sm3')) {
    assert.equal(hmacSm3Hex(key.toString('hex'), data), createHmac('sm3', key).update(data, 'utf8').digest('hex'));
  }
});

test('encrypt/decrypt round-trip, including empty, Chinese and astral characters', () => {
  const kr = new Keyring(createKeyringFile());
  for (const s of [
    '',
    '110105194912310029',
    '张三丰',
    '某市某区某街道幸福路1号 3单元',
    '𠀀𪚥 emoji 😀',
    'x'.repeat(1000),
  ]) {
    const enc = encryptField(kr, s);
    assert.match(enc, /^sm4:k1:[0-9a-f]{32}:[0-9a-f]+$/);
    assert.equal(isEncrypted(enc), true);
    assert.equal(decryptField(kr, enc), s);
  }
});

test('same plaintext encrypts differently each time (random IV) and not as plaintext', () => {
  const kr = new Keyring(createKeyringFile());
  const a = encryptField(kr, '13800005678');
  const b = encryptField(kr, '13800005678');
  assert.notEqual(a, b);
  assert.equal(a.includes('13800005678'), false);
});

test('ciphertext body is SM4-CBC(PKCS#7) of the plaintext followed by a 32-byte tag', () => {
  const kr = new Keyring(fixedFile());
  const enc = encryptField(kr, 'hello');
  const [, , iv, body] = enc.split(':') as [string, string, string, string];
  const ctHex = body.slice(0, -64);
  assert.equal(ctHex.length, 32);
  const plain = smCrypto.sm4.decrypt(ctHex, '0123456789abcdeffedcba9876543210', { mode: 'cbc', iv });
  assert.equal(plain, 'hello');
});

test('tampering with ciphertext, IV, tag or key id is detected', () => {
  const file = rotateKeyringFile(createKeyringFile());
  const kr = new Keyring(file);
  const enc = encryptField(kr, '110105194912310029');
  const [p, id, iv, body] = enc.split(':') as [string, string, string, string];
  const flip = (hex: string, i: number) => hex.slice(0, i) + (hex[i] === '0' ? '1' : '0') + hex.slice(i + 1);
  for (let i = 0; i < body.length; i += 7) {
    assert.throws(() => decryptField(kr, [p, id, iv, flip(body, i)].join(':')), isCode('FIELD_TAMPERED'), `body[${i}]`);
  }
  assert.throws(() => decryptField(kr, [p, id, flip(iv, 3), body].join(':')), isCode('FIELD_TAMPERED'));
  assert.throws(() => decryptField(kr, [p, 'k1', iv, body].join(':')), isCode('FIELD_TAMPERED'));
  // Dropping a ciphertext block (keeping the tag) is detected too.
  assert.throws(
    () => decryptField(kr, [p, id, iv, body.slice(32)].join(':')),
    (e: unknown) => e instanceof FieldCryptoError,
  );
});

test('malformed values and unknown key ids give typed errors', () => {
  const kr = new Keyring(createKeyringFile());
  assert.throws(() => decryptField(kr, '110105194912310029'), isCode('FIELD_FORMAT'));
  assert.throws(() => decryptField(kr, 'sm4:k1:zz:00'), isCode('FIELD_FORMAT'));
  const other = new Keyring(rotateKeyringFile(createKeyringFile()));
  const enc = encryptField(other, 'x'); // encrypted with k2
  assert.throws(() => decryptField(kr, enc), isCode('FIELD_UNKNOWN_KEY'));
  // Same key id but another key file: tag fails.
  const enc1 = encryptField(new Keyring(createKeyringFile()), 'x');
  assert.throws(() => decryptField(kr, enc1), isCode('FIELD_TAMPERED'));
  assert.equal(isEncrypted('plain'), false);
  assert.equal(isEncrypted(null), false);
  assert.equal(isEncrypted('sm4:k1:' + '0'.repeat(32) + ':' + '0'.repeat(32)), false); // no room for a tag
});

test('rotation: old ciphertext still decrypts; reencryptField moves it to the new key', () => {
  const file1 = createKeyringFile();
  const old = new Keyring(file1);
  const enc1 = encryptField(old, '张三丰');
  assert.equal(encryptedKeyId(enc1), 'k1');

  const rotated = new Keyring(rotateKeyringFile(file1));
  assert.equal(decryptField(rotated, enc1), '张三丰');
  const enc2 = reencryptField(rotated, enc1);
  assert.equal(encryptedKeyId(enc2), 'k2');
  assert.equal(decryptField(rotated, enc2), '张三丰');
  assert.throws(() => decryptField(old, enc2), isCode('FIELD_UNKNOWN_KEY'));
  // Idempotent on values already under the active key.
  assert.equal(reencryptField(rotated, enc2), enc2);
  // New encryptions use the active key.
  assert.equal(encryptedKeyId(encryptField(rotated, 'a')), 'k2');
});

test('blind index: stable, normalised, kind-separated, keyed, and unchanged by rotation', () => {
  const file = createKeyringFile();
  const kr = new Keyring(file);
  const a = blindIndex(kr, '11010519491231002x', 'id');
  assert.match(a, /^[0-9a-f]{64}$/);
  assert.equal(blindIndex(kr, ' 110105 19491231 002X ', 'id'), a);
  assert.equal(blindIndex(kr, '１１０１０５１９４９１２３１００２Ｘ', 'id'), a); // full-width
  assert.equal(a, hmacSm3Hex(kr.indexKey, 'id:11010519491231002X'));
  assert.equal(blindIndex(kr, '138-0000 5678', 'phone'), blindIndex(kr, '13800005678', 'phone'));
  assert.equal(blindIndex(kr, '+86 138 0000 5678', 'phone'), blindIndex(kr, '13800005678', 'phone'));
  assert.notEqual(blindIndex(kr, '13800005678', 'phone'), blindIndex(kr, '13800005679', 'phone'));
  assert.equal(blindIndex(kr, ' 张 三 ', 'name'), blindIndex(kr, '张三', 'name'));
  assert.notEqual(blindIndex(kr, '12345', 'phone'), blindIndex(kr, '12345', 'id'));
  const otherKey = new Keyring(createKeyringFile());
  assert.notEqual(blindIndex(otherKey, '11010519491231002X', 'id'), a);
  assert.equal(blindIndex(new Keyring(rotateKeyringFile(file)), '11010519491231002X', 'id'), a);
  assert.throws(() => blindIndex(kr, '  ', 'name'), isCode('FIELD_INVALID_INPUT'));
});

test('normalizeForIndex examples', () => {
  assert.equal(normalizeForIndex(' 11010519491231002x ', 'id'), '11010519491231002X');
  assert.equal(normalizeForIndex('(010) 1234-5678', 'phone'), '01012345678');
  assert.equal(normalizeForIndex('008613800005678', 'phone'), '13800005678');
  assert.equal(normalizeForIndex('买买提•艾力', 'name'), '买买提·艾力');
  assert.equal(normalizeForIndex('Zhang San', 'name'), 'zhangsan');
});
