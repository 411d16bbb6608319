/**
 * Near-duplicate text search: MinHash signatures over character shingles and
 * jieba tokens, LSH banding, similarity verification.
 *
 * Storage design for a million-item index (implemented by the store layer):
 *  - table `text_lsh(band_key TEXT NOT NULL, item_id TEXT NOT NULL)` with an
 *    index on `band_key`; for each item insert one row per key of
 *    {@link bandKeys}`(signature(text))` (32 rows with the defaults);
 *  - the signature itself is kept per item (e.g. column `minhash BLOB` =
 *    {@link encodeSignature}), 512 bytes with the defaults;
 *  - query: `SELECT DISTINCT item_id FROM text_lsh WHERE band_key IN (…keys of
 *    the query…)`, fetch their signatures, keep those with
 *    {@link estimateJaccard} ≥ threshold. Lookups touch only a few index pages,
 *    independent of the table size; adding an item is 32 inserts (incremental).
 * The in-memory {@link SimilarityIndex} implements the same scheme and can be
 * saved/restored with `toJSON`/`fromJSON` to survive restarts.
 */
import { hashString } from './features.ts';
import { charShingles, contentOnly, tokenize } from './segment.ts';

/** MinHash / LSH parameters (must be the same for indexing and querying). */
export interface MinHashOptions {
  /** Number of hash functions (signature length). */
  numHashes: number;
  /** Number of LSH bands; numHashes must be divisible by it. */
  bands: number;
  /** Character shingle length. */
  shingleSize: number;
  /** Add jieba tokens (length ≥ 2) to the shingle set. */
  tokens: boolean;
}

/**
 * Defaults: 128 hashes in 32 bands of 4 rows. A pair with Jaccard 0.6 becomes
 * a candidate with probability 0.99, 0.5 → 0.87, 0.3 → 0.23.
 */
export const DEFAULT_MINHASH: MinHashOptions = { numHashes: 128, bands: 32, shingleSize: 4, tokens: true };

const SEEDS: number[] = [];
function seeds(n: number): number[] {
  while (SEEDS.length < n) SEEDS.push(hashString('minhash-seed-' + SEEDS.length, 0x5eed));
  return SEEDS;
}

function mix(x0: number): number {
  let x = x0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/**
 * The distinct shingles of a text: character n-grams over content characters
 * (punctuation and spacing removed) plus, optionally, jieba tokens of length ≥ 2.
 */
export function shingleSet(text: string, opts: MinHashOptions = DEFAULT_MINHASH): Set<string> {
  const s = charShingles(text, opts.shingleSize);
  if (opts.tokens) for (const t of tokenize(text, { minLength: 2 })) s.add('\u0001' + t);
  return s;
}

/** MinHash signature (Uint32Array of length numHashes) of a text. */
export function signature(text: string, opts: MinHashOptions = DEFAULT_MINHASH): Uint32Array {
  return signatureOfSet(shingleSet(text, opts), opts.numHashes);
}

/** MinHash signature of a precomputed shingle set. An empty set gives all 0xffffffff. */
export function signatureOfSet(set: Iterable<string>, numHashes: number = DEFAULT_MINHASH.numHashes): Uint32Array {
  const sd = seeds(numHashes);
  const sig = new Uint32Array(numHashes).fill(0xffffffff);
  for (const sh of set) {
    const h = hashString(sh, 0x3c6ef372);
    for (let i = 0; i < numHashes; i++) {
      const v = mix(h ^ (sd[i] as number));
      if (v < (sig[i] as number)) sig[i] = v;
    }
  }
  return sig;
}

function bandHash(sig: Uint32Array, band: number, rows: number, salt: number): number {
  let h = (0x811c9dc5 ^ salt ^ Math.imul(band + 1, 0x9e3779b1)) >>> 0;
  for (let r = 0; r < rows; r++) h = mix(h ^ (sig[band * rows + r] as number));
  return h;
}

/**
 * LSH band keys of a signature, as strings suitable for a SQL TEXT column:
 * `"<band 2 digits>:<16 hex digits>"`, e.g. `"07:9f3a0c11d2e4b870"`.
 * Two items are candidates when they share at least one key.
 * An empty text (all-0xffffffff signature) yields no keys.
 */
export function bandKeys(sig: Uint32Array, opts: MinHashOptions = DEFAULT_MINHASH): string[] {
  if (sig.every((v) => v === 0xffffffff)) return [];
  const rows = sig.length / opts.bands;
  const keys: string[] = [];
  for (let b = 0; b < opts.bands; b++) {
    const h1 = bandHash(sig, b, rows, 0).toString(16).padStart(8, '0');
    const h2 = bandHash(sig, b, rows, 0x6a09e667).toString(16).padStart(8, '0');
    keys.push(`${String(b).padStart(2, '0')}:${h1}${h2}`);
  }
  return keys;
}

/** Estimated Jaccard similarity: share of equal signature positions. */
export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  const n = Math.min(a.length, b.length);
  if (n === 0) return 0;
  let eq = 0;
  for (let i = 0; i < n; i++) if (a[i] === b[i] && a[i] !== 0xffffffff) eq++;
  return eq / n;
}

/** Exact Jaccard similarity of two sets. */
export function jaccard<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let inter = 0;
  const [small, big] = a.size <= b.size ? [a, b] : [b, a];
  for (const x of small) if (big.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

/** Cosine similarity of two token lists (term-frequency vectors). */
export function cosine(a: readonly string[], b: readonly string[]): number {
  const ta = new Map<string, number>();
  const tb = new Map<string, number>();
  for (const t of a) ta.set(t, (ta.get(t) ?? 0) + 1);
  for (const t of b) tb.set(t, (tb.get(t) ?? 0) + 1);
  let dotp = 0;
  let na = 0;
  let nb = 0;
  for (const [t, v] of ta) {
    na += v * v;
    const w = tb.get(t);
    if (w) dotp += v * w;
  }
  for (const v of tb.values()) nb += v * v;
  return na && nb ? dotp / Math.sqrt(na * nb) : 0;
}

/** Precomputed representation of a text for {@link textSimilarity}. */
export interface PreparedText {
  shingles: Set<string>;
  tokens: string[];
  /** The text itself (for cheap pre-filters). */
  raw: string;
}

/** Prepares a text once when it is compared with many others. */
export function prepareText(text: string): PreparedText {
  return { shingles: charShingles(text, 4), tokens: tokenize(text, { minLength: 2 }), raw: text };
}

/**
 * Similarity of two petition texts for "same matter" decisions:
 * `score = max(shingle Jaccard, 0.8 × token cosine)` — Jaccard catches copies,
 * token cosine catches the same matter retold in other words.
 */
export function textSimilarity(
  a: string | PreparedText,
  b: string | PreparedText,
): { jaccard: number; cosine: number; score: number } {
  const pa = typeof a === 'string' ? prepareText(a) : a;
  const pb = typeof b === 'string' ? prepareText(b) : b;
  const j = jaccard(pa.shingles, pb.shingles);
  const c = cosine(pa.tokens, pb.tokens);
  return { jaccard: j, cosine: c, score: Math.max(j, 0.8 * c) };
}

/** Character-bigram counts of the content characters (no segmentation: a cheap stand-in for the tokens). */
function bigramCounts(text: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const run of contentOnly(text).split('|'))
    for (let i = 0; i + 2 <= run.length; i++) {
      const g = run.slice(i, i + 2);
      m.set(g, (m.get(g) ?? 0) + 1);
    }
  return m;
}

function countsCosine(a: Map<string, number>, b: Map<string, number>): number {
  let dotp = 0;
  let na = 0;
  let nb = 0;
  for (const [g, v] of a) {
    na += v * v;
    const w = b.get(g);
    if (w) dotp += v * w;
  }
  for (const v of b.values()) nb += v * v;
  return na && nb ? dotp / Math.sqrt(na * nb) : 0;
}

/**
 * {@link textSimilarity} of the query with each text, computed exactly (with jieba) only for the `exact` texts
 * that look closest without segmentation (shingle Jaccard, character-bigram cosine): the others get null.
 * Bounds the cost of verifying a large candidate set to a fixed number of segmentations.
 */
export function similarities(query: PreparedText, texts: readonly string[], exact = 15): (number | null)[] {
  if (texts.length <= exact) return texts.map((t) => textSimilarity(query, t).score);
  const qb = bigramCounts(query.raw);
  const cheap = texts.map((t, i) => ({
    i,
    s: Math.max(jaccard(query.shingles, charShingles(t, 4)), 0.8 * countsCosine(qb, bigramCounts(t))),
  }));
  cheap.sort((a, b) => b.s - a.s || a.i - b.i);
  const out: (number | null)[] = texts.map(() => null);
  for (const { i } of cheap.slice(0, exact)) out[i] = textSimilarity(query, texts[i] as string).score;
  return out;
}

/** Base64 form of a signature (for a BLOB/TEXT column or JSON). */
export function encodeSignature(sig: Uint32Array): string {
  return Buffer.from(sig.buffer, sig.byteOffset, sig.byteLength).toString('base64');
}

/** Inverse of {@link encodeSignature}. */
export function decodeSignature(b64: string): Uint32Array {
  const b = Buffer.from(b64, 'base64');
  return new Uint32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

/** A query hit. */
export interface SimilarHit {
  id: string;
  /** Estimated Jaccard similarity of shingle sets (0..1). */
  similarity: number;
}

/** Serialised form of a {@link SimilarityIndex}. */
export interface SerializedIndex {
  format: 'xinfang-minhash-index';
  options: MinHashOptions;
  items: [id: string, signature: string][];
}

/**
 * In-memory MinHash-LSH index. Incremental (`add`/`remove`), serialisable
 * (`toJSON`/`fromJSON`). Measured with the defaults at 200,000 items: ~3.4 KB
 * of heap per item, a query in ~0.05 ms. For a million items and more, keep the band keys
 * in SQL as described at the top of this file.
 */
export class SimilarityIndex {
  readonly options: MinHashOptions;
  private readonly ids: (string | null)[] = [];
  private readonly sigs: (Uint32Array | null)[] = [];
  private readonly slot = new Map<string, number>();
  private readonly buckets: Map<number, number[]>[];

  /** Creates an empty index with the given MinHash options. */
  constructor(options: Partial<MinHashOptions> = {}) {
    this.options = { ...DEFAULT_MINHASH, ...options };
    if (this.options.numHashes % this.options.bands !== 0) throw new Error('numHashes must be divisible by bands');
    this.buckets = Array.from({ length: this.options.bands }, () => new Map<number, number[]>());
  }

  /** Number of items in the index. */
  get size(): number {
    return this.slot.size;
  }

  /** True when `id` is indexed. */
  has(id: string): boolean {
    return this.slot.has(id);
  }

  /** Adds (or replaces) an item from its text or a precomputed signature. */
  add(id: string, textOrSignature: string | Uint32Array): void {
    if (this.slot.has(id)) this.remove(id);
    const sig = typeof textOrSignature === 'string' ? signature(textOrSignature, this.options) : textOrSignature;
    const s = this.ids.length;
    this.ids.push(id);
    this.sigs.push(sig);
    this.slot.set(id, s);
    if (sig.every((v) => v === 0xffffffff)) return;
    const rows = this.options.numHashes / this.options.bands;
    this.buckets.forEach((m, b) => {
      const k = bandHash(sig, b, rows, 0);
      const list = m.get(k);
      if (list) list.push(s);
      else m.set(k, [s]);
    });
  }

  /** Removes an item (its bucket entries are skipped lazily). */
  remove(id: string): boolean {
    const s = this.slot.get(id);
    if (s === undefined) return false;
    this.slot.delete(id);
    this.ids[s] = null;
    this.sigs[s] = null;
    return true;
  }

  /** Signature of an indexed item. */
  signatureOf(id: string): Uint32Array | undefined {
    const s = this.slot.get(id);
    return s === undefined ? undefined : (this.sigs[s] ?? undefined);
  }

  /**
   * Items similar to `text` (or to a signature), best first: LSH candidates
   * verified by estimated Jaccard ≥ `minSimilarity` (default 0.5), at most `k`
   * (default 10); `exclude` drops one id (e.g. the query item itself).
   */
  query(
    textOrSignature: string | Uint32Array,
    opts: { k?: number; minSimilarity?: number; exclude?: string } = {},
  ): SimilarHit[] {
    const sig = typeof textOrSignature === 'string' ? signature(textOrSignature, this.options) : textOrSignature;
    const k = opts.k ?? 10;
    const min = opts.minSimilarity ?? 0.5;
    const rows = this.options.numHashes / this.options.bands;
    const seen = new Set<number>();
    const hits: SimilarHit[] = [];
    this.buckets.forEach((m, b) => {
      const list = m.get(bandHash(sig, b, rows, 0));
      if (!list) return;
      for (const s of list) {
        if (seen.has(s)) continue;
        seen.add(s);
        const id = this.ids[s];
        const other = this.sigs[s];
        if (id == null || other == null || id === opts.exclude) continue;
        const sim = estimateJaccard(sig, other);
        if (sim >= min) hits.push({ id, similarity: sim });
      }
    });
    hits.sort((a, b) => b.similarity - a.similarity || (a.id < b.id ? -1 : 1));
    return hits.slice(0, k);
  }

  /** Serialisable snapshot (ids and base64 signatures; buckets are rebuilt on load). */
  toJSON(): SerializedIndex {
    const items: [string, string][] = [];
    for (const [id, s] of this.slot) items.push([id, encodeSignature(this.sigs[s] as Uint32Array)]);
    return { format: 'xinfang-minhash-index', options: this.options, items };
  }

  /** Restores an index saved with {@link SimilarityIndex.toJSON}. */
  static fromJSON(json: SerializedIndex): SimilarityIndex {
    if (json.format !== 'xinfang-minhash-index') throw new Error('不支持的索引格式');
    const idx = new SimilarityIndex(json.options);
    for (const [id, b64] of json.items) idx.add(id, decodeSignature(b64));
    return idx;
  }
}
