/**
 * 国密 bench: the server's OpenSSL SM3 / HMAC-SM3 / SM4-CBC against the pure-JS sm-crypto reference
 * (test/sm-reference.ts) on the same inputs in the same run. Each line: {name, value: OpenSSL ops/s, unit,
 * baseline: pure-JS ops/s, ratio}.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sm, type SmImpl } from '../server/crypto/sm.ts';
import { referenceSm } from '../test/sm-reference.ts';
import { emit } from './scale/emit.ts';

/** Operations per second of `fn`, run for about `ms` milliseconds after a short warm-up. */
function rate(fn: () => unknown, ms = 400): number {
  for (let i = 0; i < 20; i++) fn();
  let n = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < ms) {
    for (let i = 0; i < 10; i++) fn();
    n += 10;
    t = performance.now();
  }
  return n / ((t - t0) / 1000);
}

const key = randomBytes(16);
const iv = randomBytes(16);
const field = randomBytes(64);
const row = randomBytes(1024);
const file = randomBytes(1024 * 1024);
const cases: [string, (impl: SmImpl) => () => unknown][] = [
  ['sm.sm3_1k', (s) => () => s.sm3(row)],
  ['sm.hmac_sm3_audit_row', (s) => () => s.hmacSm3(key, row)],
  ['sm.sm4_cbc_field_encrypt', (s) => () => s.sm4CbcEncrypt(key, iv, field)],
  ['sm.sm4_cbc_field_decrypt', (s) => () => s.sm4CbcDecrypt(key, iv, field)],
  ['sm.sm4_cbc_1mb_attachment', (s) => () => s.sm4CbcEncrypt(key, iv, file)],
];
for (const [name, make] of cases) {
  const slow = name.endsWith('attachment') ? 1500 : 400;
  const js = rate(make(referenceSm), slow);
  const native = rate(make(sm), 400);
  emit(name, native, 'ops/s', js);
  process.stderr.write(`${name} done\n`);
}
