import type { ChainKeys } from './audit-chain.ts';

/**
 * How the store protects personal data at rest. `seal`/`open` encrypt and decrypt a field; `index` gives a
 * keyed hash for exact lookups (ID number, phone, name) without decrypting every row.
 */
export interface PiiCodec {
  seal(plain: string): string;
  open(stored: string): string;
  index(kind: 'id' | 'phone' | 'name' | 'file', value: string): string;
  /** Whole files (attachments): encrypted bytes, and back; `openBytes` passes plain legacy bytes through. */
  sealBytes(plain: Uint8Array): Buffer;
  openBytes(stored: Buffer): Buffer;
  /** Key version a stored value or file was sealed with (null when plain); the active one. */
  keyOf(stored: string | Buffer): string | null;
  activeKey(): string;
}

/** The audit chain's keys (from the key file): the active one signs new rows, any known one verifies. */
export interface AuditKeys extends ChainKeys {
  activeId(): string;
}
