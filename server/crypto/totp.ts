/**
 * Time-based one-time passwords (RFC 6238 / RFC 4226) for second-factor login, compatible with
 * common authenticator apps: HMAC-SHA1, 30-second steps, 6 digits, ±1 step tolerance by default.
 * Secrets are base32 (RFC 4648, upper-case, no padding). Store the secret encrypted (field-crypto).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** HMAC algorithms allowed by RFC 6238. */
export type TotpAlgorithm = 'sha1' | 'sha256' | 'sha512';

/** TOTP parameters; all optional, defaults: sha1, 6 digits, 30 s, T0 = 0. */
export interface TotpOptions {
  algorithm?: TotpAlgorithm;
  digits?: number;
  periodSeconds?: number;
}

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 encoding without padding. */
export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const b of bytes) {
    buffer = (buffer << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += B32[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += B32[(buffer << (5 - bits)) & 31];
  return out;
}

/** RFC 4648 base32 decoding; case-insensitive, ignores spaces, hyphens and '=' padding. Throws on other characters. */
export function base32Decode(s: string): Buffer {
  const clean = s.replace(/[\s=-]/g, '').toUpperCase();
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const c of clean) {
    const v = B32.indexOf(c);
    if (v < 0) throw new TypeError(`base32Decode: invalid character "${c}"`);
    buffer = (buffer << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((buffer >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
    buffer &= (1 << bits) - 1;
  }
  return Buffer.from(out);
}

/** A new random secret (default 20 bytes = 160 bits, the RFC 4226 recommendation) as base32. */
export function generateTotpSecret(bytes = 20): string {
  return base32Encode(randomBytes(bytes));
}

function keyBytes(secret: string | Uint8Array): Buffer {
  return typeof secret === 'string' ? base32Decode(secret) : Buffer.from(secret);
}

/** HOTP value (RFC 4226) for `counter`, zero-padded to `digits`. */
export function hotp(secret: string | Uint8Array, counter: number, opts: TotpOptions = {}): string {
  const digits = opts.digits ?? 6;
  if (!Number.isSafeInteger(counter) || counter < 0)
    throw new RangeError('hotp: counter must be a non-negative integer');
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(opts.algorithm ?? 'sha1', keyBytes(secret))
    .update(msg)
    .digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const bin = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(bin % 10 ** digits).padStart(digits, '0');
}

/** Time step (counter) for a Unix time in milliseconds. */
export function totpStep(atMs: number, opts: TotpOptions = {}): number {
  return Math.floor(atMs / 1000 / (opts.periodSeconds ?? 30));
}

/** TOTP code at `atMs` (Unix milliseconds, default now). */
export function totpCode(secret: string | Uint8Array, atMs: number = Date.now(), opts: TotpOptions = {}): string {
  return hotp(secret, totpStep(atMs, opts), opts);
}

/**
 * Checks `code` against the steps around `atMs` (±`window`, default 1). Returns the matching time
 * step, or null. To stop replay, store the returned step and pass it as `lastUsedStep` next time:
 * steps ≤ lastUsedStep are refused. Spaces in the code are ignored; comparison is constant-time.
 */
export function verifyTotp(
  secret: string | Uint8Array,
  code: string,
  opts: TotpOptions & { atMs?: number; window?: number; lastUsedStep?: number | null } = {},
): number | null {
  const digits = opts.digits ?? 6;
  const given = (code ?? '').replace(/\s+/g, '');
  if (!new RegExp(`^\\d{${digits}}$`).test(given)) return null;
  const current = totpStep(opts.atMs ?? Date.now(), opts);
  const window = opts.window ?? 1;
  const givenBuf = Buffer.from(given);
  let match: number | null = null;
  // Check every candidate (no early exit) so timing does not reveal which step matched.
  for (let step = current - window; step <= current + window; step++) {
    if (step < 0) continue;
    const ok = timingSafeEqual(Buffer.from(hotp(secret, step, opts)), givenBuf);
    if (ok && match === null && (opts.lastUsedStep == null || step > opts.lastUsedStep)) match = step;
  }
  return match;
}

/**
 * `otpauth://totp/<issuer>:<account>?secret=…&issuer=…&algorithm=SHA1&digits=6&period=30`
 * (Key URI format understood by authenticator apps; show it as a QR code).
 */
export function totpUri(params: { secret: string; account: string; issuer: string } & TotpOptions): string {
  const label = `${encodeURIComponent(params.issuer)}:${encodeURIComponent(params.account)}`;
  const q = new URLSearchParams({
    secret: params.secret.replace(/[\s=]/g, '').toUpperCase(),
    issuer: params.issuer,
    algorithm: (params.algorithm ?? 'sha1').toUpperCase(),
    digits: String(params.digits ?? 6),
    period: String(params.periodSeconds ?? 30),
  });
  return `otpauth://totp/${label}?${q.toString().replace(/\+/g, '%20')}`;
}
