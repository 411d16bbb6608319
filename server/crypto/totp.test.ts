import { test } from 'node:test';
import assert from 'node:assert/strict';
import { base32Decode, base32Encode, generateTotpSecret, hotp, totpCode, totpUri, verifyTotp } from './totp.ts';

// RFC 6238 Appendix B: seeds are ASCII "1234567890" repeated to the hash output size.
const SEED_SHA1 = Buffer.from('12345678901234567890', 'ascii');
const SEED_SHA256 = Buffer.from('12345678901234567890123456789012', 'ascii');
const SEED_SHA512 = Buffer.from('1234567890123456789012345678901234567890123456789012345678901234', 'ascii');

const VECTORS: [number, string, string, string][] = [
  // [unix seconds, SHA1, SHA256, SHA512] — 8 digits
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
];

test('RFC 6238 test vectors (SHA1, SHA256, SHA512; 8 digits)', () => {
  for (const [t, sha1, sha256, sha512] of VECTORS) {
    assert.equal(totpCode(SEED_SHA1, t * 1000, { digits: 8 }), sha1, `sha1 @${t}`);
    assert.equal(totpCode(SEED_SHA256, t * 1000, { digits: 8, algorithm: 'sha256' }), sha256, `sha256 @${t}`);
    assert.equal(totpCode(SEED_SHA512, t * 1000, { digits: 8, algorithm: 'sha512' }), sha512, `sha512 @${t}`);
  }
});

test('RFC 4226 HOTP test vectors (6 digits) and base32 secret input', () => {
  const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
  const b32 = base32Encode(SEED_SHA1);
  assert.equal(b32, 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
  expected.forEach((code, counter) => {
    assert.equal(hotp(SEED_SHA1, counter), code);
    assert.equal(hotp(b32, counter), code);
  });
  // Default 6-digit TOTP is the last 6 digits of the 8-digit value.
  assert.equal(totpCode(b32, 59_000), '287082');
});

test('base32 round-trips and matches RFC 4648 examples', () => {
  const cases: [string, string][] = [
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ];
  for (const [plain, enc] of cases) {
    assert.equal(base32Encode(Buffer.from(plain)), enc);
    assert.equal(base32Decode(enc).toString(), plain);
    assert.equal(base32Decode(enc.toLowerCase() + '====').toString(), plain);
  }
  assert.throws(() => base32Decode('ABC1'), TypeError);
  const s = generateTotpSecret();
  assert.match(s, /^[A-Z2-7]{32}$/);
  assert.equal(base32Decode(s).length, 20);
  assert.notEqual(generateTotpSecret(), s);
});

test('verifyTotp accepts ±1 step, rejects beyond, and refuses replay', () => {
  const secret = generateTotpSecret();
  const now = 1_700_000_015_000;
  const step = Math.floor(now / 30_000);
  assert.equal(verifyTotp(secret, totpCode(secret, now), { atMs: now }), step);
  assert.equal(verifyTotp(secret, totpCode(secret, now - 30_000), { atMs: now }), step - 1);
  assert.equal(verifyTotp(secret, totpCode(secret, now + 30_000), { atMs: now }), step + 1);
  const old = totpCode(secret, now - 60_000);
  if (![-1, 0, 1].some((d) => totpCode(secret, now + d * 30_000) === old)) {
    assert.equal(verifyTotp(secret, old, { atMs: now }), null);
  }
  assert.equal(
    verifyTotp(secret, ` ${totpCode(secret, now).slice(0, 3)} ${totpCode(secret, now).slice(3)} `, { atMs: now }),
    step,
  );
  assert.equal(verifyTotp(secret, totpCode(secret, now), { atMs: now, lastUsedStep: step }), null);
  assert.equal(verifyTotp(secret, '12345', { atMs: now }), null);
  assert.equal(verifyTotp(secret, 'abcdef', { atMs: now }), null);
});

test('otpauth URI carries secret, issuer and parameters', () => {
  const uri = totpUri({ secret: 'JBSWY3DPEHPK3PXP', account: 'zhang.san', issuer: '某区信访局' });
  const u = new URL(uri);
  assert.equal(u.protocol, 'otpauth:');
  assert.equal(uri.startsWith(`otpauth://totp/${encodeURIComponent('某区信访局')}:zhang.san?`), true);
  assert.equal(u.searchParams.get('secret'), 'JBSWY3DPEHPK3PXP');
  assert.equal(u.searchParams.get('issuer'), '某区信访局');
  assert.equal(u.searchParams.get('algorithm'), 'SHA1');
  assert.equal(u.searchParams.get('digits'), '6');
  assert.equal(u.searchParams.get('period'), '30');
});
