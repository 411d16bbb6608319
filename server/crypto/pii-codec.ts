import type { AuditKeys, PiiCodec } from './codec-types.ts';
import { blindIndex, decryptField, encryptedKeyId, encryptField, isEncrypted } from './field-crypto.ts';
import { openFile, sealedFileKeyId, sealFile } from './file-crypto.ts';
import { loadKeyring, type Keyring } from './keyring.ts';
import { hmacSm3Hex } from './sm.ts';

/**
 * The loaded key file, re-read once when a key id turns up that this process has not loaded yet (another
 * instance or the CLI rotated the keys), so running instances keep working across a rotation.
 */
function keyringSource(initial: Keyring, keyFile?: string) {
  let keyring = initial;
  return {
    current: () => keyring,
    withKey(id: string): Keyring | null {
      if (keyFile && !keyring.has(id)) keyring = loadKeyring(keyFile);
      return keyring.has(id) ? keyring : null;
    },
  };
}

/** SM4 field encryption + keyed SM3 blind index, as the store's codec. */
export function createPiiCodec(initial: Keyring, keyFile?: string): PiiCodec {
  const src = keyringSource(initial, keyFile);
  return {
    seal: (plain) => encryptField(src.current(), plain),
    // Rows written before encryption was switched on (or by an import of plain data) stay readable.
    open: (stored) =>
      isEncrypted(stored) ? decryptField(src.withKey(encryptedKeyId(stored)!) ?? src.current(), stored) : stored,
    index: (kind, value) => blindIndex(src.current(), value, kind),
    sealBytes: (plain) => sealFile(src.current(), plain),
    openBytes: (stored) => {
      const id = sealedFileKeyId(stored);
      return id ? openFile(src.withKey(id) ?? src.current(), stored) : stored;
    },
    keyOf: (stored) => (typeof stored === 'string' ? encryptedKeyId(stored) : sealedFileKeyId(stored)),
    activeKey: () => src.current().activeId,
  };
}

const AUDIT_LABEL = 'xinfang/audit-chain/v1';

/**
 * Keys of the audit chain: one per key version of the key file, derived from that version's SM4 key
 * (HMAC-SM3(sm4Key, label)), so the key file needs no new entries and a rotation brings a new audit key with it.
 * Old versions stay in the key file, so rows they signed keep verifying.
 */
export function createAuditKeys(initial: Keyring, keyFile?: string): AuditKeys {
  const src = keyringSource(initial, keyFile);
  const derived = new Map<string, string>();
  const keyOf = (id: string): string | null => {
    const hit = derived.get(id);
    if (hit) return hit;
    const kr = src.withKey(id);
    if (!kr) return null;
    const k = hmacSm3Hex(kr.sm4Key(id), AUDIT_LABEL);
    derived.set(id, k);
    return k;
  };
  return {
    activeId: () => src.current().activeId,
    mac(id, message) {
      const k = keyOf(id);
      return k === null ? null : hmacSm3Hex(k, message);
    },
  };
}
