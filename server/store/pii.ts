export type { PiiCodec } from '../crypto/codec-types.ts';
