/**
 * Password hashing with argon2id (@node-rs/argon2, runs off the main thread).
 * Parameters follow the OWASP minimum for argon2id: 19 MiB memory, 2 passes, 1 lane.
 * Passwords are Unicode-NFC normalised first, so the same password typed on different systems
 * (composed vs decomposed characters) verifies.
 */
import { hash, parseOptions, verify, type Algorithm, type Options, type Version } from '@node-rs/argon2';

/** Current hashing parameters; hashes made with other parameters report needsRehash() = true. */
export const PASSWORD_HASH_PARAMS = {
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
  outputLen: 32,
} as const;

// Algorithm is an ambient const enum (not available at runtime under isolatedModules); 2 = Argon2id.
const ARGON2ID = 2 as Algorithm;
// Version 0x13 (19), the current argon2 version; likewise a const enum (V0x13 = 1).
const V0X13 = 1 as Version;

const OPTIONS: Options = { ...PASSWORD_HASH_PARAMS, algorithm: ARGON2ID };

/** Hashes a password; returns a PHC string like `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`. */
export async function hashPassword(pw: string): Promise<string> {
  return hash(pw.normalize('NFC'), OPTIONS);
}

/**
 * True if `pw` matches `stored`. A malformed or non-argon2 stored value gives false (never throws),
 * so a corrupt row cannot crash the login route.
 */
export async function verifyPassword(stored: string, pw: string): Promise<boolean> {
  if (typeof stored !== 'string' || !stored.startsWith('$argon2')) return false;
  try {
    return await verify(stored, pw.normalize('NFC'));
  } catch {
    return false;
  }
}

/**
 * True if `stored` was made with other parameters or another argon2 variant than the current ones
 * (or cannot be parsed): after a successful login, hash the password again and store the new hash.
 */
export function needsRehash(stored: string): boolean {
  try {
    const p = parseOptions(stored);
    return (
      p.algorithm !== ARGON2ID ||
      p.version !== V0X13 ||
      p.memoryCost !== PASSWORD_HASH_PARAMS.memoryCost ||
      p.timeCost !== PASSWORD_HASH_PARAMS.timeCost ||
      p.parallelism !== PASSWORD_HASH_PARAMS.parallelism ||
      p.outputLen !== PASSWORD_HASH_PARAMS.outputLen
    );
  } catch {
    return true;
  }
}
