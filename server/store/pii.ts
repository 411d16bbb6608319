/**
 * How the store protects personal data at rest. `seal`/`open` encrypt and decrypt a field; `index` gives a
 * keyed hash for exact lookups (ID number, phone, name) without decrypting every row.
 */
export interface PiiCodec {
  seal(plain: string): string;
  open(stored: string): string;
  index(kind: 'id' | 'phone' | 'name', value: string): string;
}
