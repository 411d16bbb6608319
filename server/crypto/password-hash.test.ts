import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hash } from '@node-rs/argon2';
import { PASSWORD_HASH_PARAMS, hashPassword, needsRehash, verifyPassword } from './password-hash.ts';

test('hashPassword produces an argon2id PHC string with the configured parameters and a random salt', async () => {
  const h = await hashPassword('Tq7#mVb2-Lk');
  assert.match(h, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
  assert.notEqual(await hashPassword('Tq7#mVb2-Lk'), h);
  assert.equal(PASSWORD_HASH_PARAMS.memoryCost, 19456);
});

test('verifyPassword accepts the right password and rejects others', async () => {
  const h = await hashPassword('信访Kx8$gT2wz');
  assert.equal(await verifyPassword(h, '信访Kx8$gT2wz'), true);
  assert.equal(await verifyPassword(h, '信访Kx8$gT2wZ'), false);
  assert.equal(await verifyPassword(h, ''), false);
});

test('passwords are NFC-normalised: composed and decomposed forms verify alike', async () => {
  const composed = 'Caf\u00e9#2025x';
  const decomposed = 'Cafe\u0301#2025x';
  const h = await hashPassword(composed);
  assert.equal(await verifyPassword(h, decomposed), true);
});

test('verifyPassword returns false (does not throw) for malformed stored values', async () => {
  assert.equal(await verifyPassword('', 'x'), false);
  assert.equal(await verifyPassword('plaintext', 'plaintext'), false);
  assert.equal(await verifyPassword('$argon2id$v=19$m=19456,t=2,p=1$broken', 'x'), false);
});

test('needsRehash is false for current hashes and true for other parameters or variants', async () => {
  assert.equal(needsRehash(await hashPassword('a')), false);
  assert.equal(needsRehash(await hash('a', { memoryCost: 8192, timeCost: 2, algorithm: 2 as never })), true);
  assert.equal(needsRehash(await hash('a', { memoryCost: 19456, timeCost: 3, algorithm: 2 as never })), true);
  // argon2i
  assert.equal(needsRehash(await hash('a', { memoryCost: 19456, timeCost: 2, algorithm: 1 as never })), true);
  assert.equal(needsRehash('not a hash'), true);
});
