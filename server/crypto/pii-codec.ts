import type { PiiCodec } from '../store/pii.ts';
import { blindIndex, decryptField, encryptedKeyId, encryptField, isEncrypted } from './field-crypto.ts';
import { loadOrCreateKeyring, type Keyring } from './keyring.ts';

/**
 * SM4 field encryption + keyed SM3 blind index, as the store's codec. With a key file path, a value sealed
 * under a key this process has not loaded yet (another instance or the CLI rotated the keys) makes it
 * re-read the key file once, so running instances keep working across a rotation.
 */
export function createPiiCodec(initial: Keyring, keyFile?: string): PiiCodec {
  let keyring = initial;
  const current = (stored: string): Keyring => {
    const id = encryptedKeyId(stored);
    if (keyFile && id && !keyring.has(id)) keyring = loadOrCreateKeyring(keyFile);
    return keyring;
  };
  return {
    seal: (plain) => encryptField(keyring, plain),
    // Rows written before encryption was switched on (or by an import of plain data) stay readable.
    open: (stored) => (isEncrypted(stored) ? decryptField(current(stored), stored) : stored),
    index: (kind, value) => blindIndex(keyring, value, kind),
  };
}
