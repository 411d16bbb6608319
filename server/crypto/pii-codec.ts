import type { PiiCodec } from '../store/pii.ts';
import { blindIndex, decryptField, encryptField, isEncrypted } from './field-crypto.ts';
import type { Keyring } from './keyring.ts';

/** SM4 field encryption + keyed SM3 blind index, as the store's codec. */
export function createPiiCodec(keyring: Keyring): PiiCodec {
  return {
    seal: (plain) => encryptField(keyring, plain),
    // Rows written before encryption was switched on (or by an import of plain data) stay readable.
    open: (stored) => (isEncrypted(stored) ? decryptField(keyring, stored) : stored),
    index: (kind, value) => blindIndex(keyring, value, kind),
  };
}
