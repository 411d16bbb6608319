/**
 * Hashed sparse text features for the classifier: jieba word unigrams and
 * bigrams plus character 1..3-grams, title occurrences weighted, sublinear TF,
 * IDF, per-block L2 normalisation.
 */
import { getJieba, isContentChar, normalizeText, STOPWORD_SET } from './segment.ts';

/** Feature extraction settings stored with a model (must match at prediction time). */
export interface FeatureOptions {
  /** log2 of the hashed feature space size. */
  bits: number;
  /** Multiplier for counts of terms in the title. */
  titleWeight: number;
  /** Largest character n-gram length (1..maxCharN). */
  maxCharN: number;
  /** Include word bigrams. */
  wordBigrams: boolean;
  /** Weight of the word block (each block is L2-normalised first). */
  wordBlockWeight: number;
  /** Weight of the character block. */
  charBlockWeight: number;
}

/** Defaults used by the base model. */
export const DEFAULT_FEATURES: FeatureOptions = {
  bits: 20,
  titleWeight: 3,
  maxCharN: 2,
  wordBigrams: false,
  wordBlockWeight: 1.5,
  charBlockWeight: 1,
};

/** A sparse vector: parallel arrays of hashed indices and values. */
export interface SparseVec {
  idx: Int32Array;
  val: Float32Array;
}

/** 32-bit string hash (FNV-1a with a murmur3 finaliser), seeded per feature namespace. */
export function hashString(s: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix(h);
}

/** murmur3's 32-bit finaliser. */
export function fmix(h0: number): number {
  let h = h0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function add(m: Map<number, number>, k: number, v: number): void {
  m.set(k, (m.get(k) ?? 0) + v);
}

/** Adds word unigram/bigram counts (weight w) of `text` into `m`. */
function wordCounts(text: string, w: number, opts: FeatureOptions, m: Map<number, number>): void {
  const mask = (1 << opts.bits) - 1;
  const toks = getJieba().cut(text, true);
  let prev = '';
  for (const t of toks) {
    const c0 = t.charCodeAt(0);
    if (!isContentChar(c0)) {
      prev = '';
      continue;
    }
    if (STOPWORD_SET.has(t)) continue;
    const tok = c0 >= 48 && c0 <= 57 ? '#' : t;
    add(m, hashString(tok, 11) & mask, w);
    if (opts.wordBigrams && prev) add(m, hashString(prev + ' ' + tok, 13) & mask, w);
    prev = tok;
  }
}

/** Hashed index of one character n-gram (content characters only), exactly as {@link rawCounts} computes it. */
export function charGramIndex(gram: string, bits: number): number {
  let h = 0x9747b28c;
  for (let k = 0; k < gram.length; k++) {
    const c = gram.charCodeAt(k);
    h = Math.imul(h ^ (c >= 48 && c <= 57 ? 48 : c), 0x01000193) ^ (k + 1);
  }
  return fmix(h + (gram.length - 1) * 0x27d4eb2d) & ((1 << bits) - 1);
}

/** Adds character 1..maxCharN-gram counts (weight w); digits are folded to '0', n-grams stop at punctuation. */
function charCounts(text: string, w: number, opts: FeatureOptions, m: Map<number, number>): void {
  const mask = (1 << opts.bits) - 1;
  const n = opts.maxCharN;
  const codes: number[] = [];
  const flush = (): void => {
    for (let i = 0; i < codes.length; i++) {
      let h = 0x9747b28c;
      for (let k = 0; k < n && i + k < codes.length; k++) {
        h = Math.imul(h ^ (codes[i + k] as number), 0x01000193) ^ (k + 1);
        add(m, fmix(h + k * 0x27d4eb2d) & mask, w);
      }
    }
    codes.length = 0;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isContentChar(c)) codes.push(c >= 48 && c <= 57 ? 48 : c);
    else if (codes.length) flush();
  }
  flush();
}

/**
 * Raw hashed term counts of a document, as two blocks (words, chars).
 * Title terms count `titleWeight` times.
 */
export function rawCounts(
  doc: { title?: string | null; text: string },
  opts: FeatureOptions,
): { words: Map<number, number>; chars: Map<number, number> } {
  const words = new Map<number, number>();
  const chars = new Map<number, number>();
  const text = normalizeText(doc.text ?? '');
  const title = doc.title ? normalizeText(doc.title) : '';
  if (opts.wordBlockWeight > 0) wordCounts(text, 1, opts, words);
  if (opts.charBlockWeight > 0) charCounts(text, 1, opts, chars);
  if (title) {
    if (opts.wordBlockWeight > 0) wordCounts(title, opts.titleWeight, opts, words);
    if (opts.charBlockWeight > 0) charCounts(title, opts.titleWeight, opts, chars);
  }
  return { words, chars };
}

/**
 * Turns one block of counts into sublinear-TF·IDF values, L2-normalised and
 * scaled by `blockWeight`; entries are appended to the output arrays.
 */
function weighBlock(
  m: Map<number, number>,
  idf: (i: number) => number,
  blockWeight: number,
  outIdx: number[],
  outVal: number[],
): void {
  const start = outIdx.length;
  let norm = 0;
  for (const [k, c] of m) {
    const f = idf(k);
    if (f <= 0) continue;
    const v = (1 + Math.log(c)) * f;
    outIdx.push(k);
    outVal.push(v);
    norm += v * v;
  }
  if (norm <= 0) return;
  const s = blockWeight / Math.sqrt(norm);
  for (let i = start; i < outVal.length; i++) outVal[i] = (outVal[i] as number) * s;
}

/**
 * Weighted sparse vector of a document given per-feature IDF (a feature with
 * IDF 0 — unseen or pruned — is dropped). Duplicate indices across the two
 * blocks are merged.
 */
export function vectorize(
  counts: { words: Map<number, number>; chars: Map<number, number> },
  idf: (i: number) => number,
  opts: FeatureOptions,
): SparseVec {
  const idx: number[] = [];
  const val: number[] = [];
  weighBlock(counts.words, idf, opts.wordBlockWeight, idx, val);
  weighBlock(counts.chars, idf, opts.charBlockWeight, idx, val);
  const merged = new Map<number, number>();
  for (let i = 0; i < idx.length; i++) add(merged, idx[i] as number, val[i] as number);
  const out: SparseVec = { idx: new Int32Array(merged.size), val: new Float32Array(merged.size) };
  let j = 0;
  for (const [k, v] of merged) {
    out.idx[j] = k;
    out.val[j] = v;
    j++;
  }
  return out;
}

/**
 * Document frequencies over raw counts: returns IDF per hashed feature,
 * `ln((1+N)/(1+df)) + 1`, and 0 for features with df < minDf.
 */
export function computeIdf(
  all: { words: Map<number, number>; chars: Map<number, number> }[],
  bits: number,
  minDf: number,
): Float32Array {
  const df = new Uint32Array(1 << bits);
  for (const c of all) {
    const seen = new Set<number>();
    for (const k of c.words.keys()) seen.add(k);
    for (const k of c.chars.keys()) seen.add(k);
    for (const k of seen) df[k] = (df[k] as number) + 1;
  }
  const n = all.length;
  const idf = new Float32Array(1 << bits);
  for (let k = 0; k < df.length; k++) {
    const d = df[k] as number;
    if (d >= minDf) idf[k] = Math.log((1 + n) / (1 + d)) + 1;
  }
  return idf;
}
