/**
 * Chinese text segmentation for xinfang: one process-wide jieba instance
 * loaded with the stock dictionary plus a petition/government domain
 * dictionary, a stopword list and small n-gram helpers.
 *
 * Everything is in-process (native jieba via @node-rs/jieba), no network.
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { DOMAIN_WORDS, STOPWORDS } from './lexicon.ts';

let instance: Jieba | null = null;

/**
 * The process-wide jieba instance (lazily created; ~150 ms on first call).
 * The domain dictionary (`DOMAIN_WORDS`) is merged into the stock dictionary.
 */
export function getJieba(): Jieba {
  if (instance) return instance;
  const j = Jieba.withDict(dict);
  const lines = DOMAIN_WORDS.map((w) => `${w} 20000 n`).join('\n');
  j.loadDict(Buffer.from(lines + '\n', 'utf8'));
  instance = j;
  return j;
}

/** Set of stopwords (function words and petition boilerplate such as 尊敬、领导、您好). */
export const STOPWORD_SET: ReadonlySet<string> = new Set(STOPWORDS);

/**
 * Normalises text for matching: full-width ASCII to half-width, ideographic
 * space to space, lower-case Latin letters, URLs removed, whitespace collapsed.
 */
export function normalizeText(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0;
    else if (c === 0x3000) c = 32;
    if (c >= 65 && c <= 90) c += 32;
    out += String.fromCharCode(c);
  }
  return out
    .replace(/https?:\/\/[^\s\u4e00-\u9fff]*/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** True for a CJK ideograph, ASCII letter or digit (the characters that carry content). */
export function isContentChar(code: number): boolean {
  return (
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 48 && code <= 57) ||
    (code >= 97 && code <= 122) ||
    (code >= 65 && code <= 90)
  );
}

/** Options for {@link tokenize}. */
export interface TokenizeOptions {
  /** Drop stopwords (default true). */
  stopwords?: boolean;
  /** Minimum token length in characters (default 1). */
  minLength?: number;
  /** Use jieba's HMM for unknown words (default true). */
  hmm?: boolean;
}

/**
 * Segments text with jieba and returns content tokens: normalised, without
 * punctuation/whitespace, pure numbers longer than 4 digits dropped,
 * stopwords removed unless `opts.stopwords === false`.
 *
 * @example tokenize('信访人反映拖欠工资问题') // ['信访人', '拖欠工资']
 */
export function tokenize(text: string, opts: TokenizeOptions = {}): string[] {
  const dropStop = opts.stopwords !== false;
  const minLen = opts.minLength ?? 1;
  const norm = normalizeText(text);
  if (!norm) return [];
  const raw = getJieba().cut(norm, opts.hmm ?? true);
  const out: string[] = [];
  for (const w of raw) {
    if (w.length < minLen) continue;
    const c0 = w.charCodeAt(0);
    if (!isContentChar(c0)) continue;
    if (dropStop && STOPWORD_SET.has(w)) continue;
    if (c0 >= 48 && c0 <= 57 && w.length > 4 && /^[0-9.]+$/.test(w)) continue;
    out.push(w);
  }
  return out;
}

/**
 * Keeps only content characters (CJK, letters, digits); every run of other
 * characters becomes a single separator `sep` (default '|'), so that n-grams
 * do not cross punctuation when the caller skips separators.
 */
export function contentOnly(text: string, sep = '|'): string {
  const norm = normalizeText(text);
  let out = '';
  let lastSep = true;
  for (let i = 0; i < norm.length; i++) {
    const c = norm.charCodeAt(i);
    if (isContentChar(c)) {
      out += norm[i];
      lastSep = false;
    } else if (!lastSep) {
      out += sep;
      lastSep = true;
    }
  }
  return sep.length > 0 && lastSep && out.endsWith(sep) ? out.slice(0, -sep.length) : out;
}

/**
 * Character n-grams of the content characters of `text` (punctuation removed,
 * n-grams do not cross punctuation). Returns every occurrence in order.
 *
 * @example charNgrams('物业费', 2) // ['物业', '业费']
 */
export function charNgrams(text: string, n: number): string[] {
  const out: string[] = [];
  for (const run of contentOnly(text).split('|')) {
    for (let i = 0; i + n <= run.length; i++) out.push(run.slice(i, i + n));
  }
  return out;
}

/**
 * Character shingles for near-duplicate detection: n-grams over the content
 * characters with punctuation removed entirely (so re-punctuated copies match).
 * Returns the distinct shingles.
 */
export function charShingles(text: string, n = 4): Set<string> {
  const s = contentOnly(text, '');
  const out = new Set<string>();
  if (s.length > 0 && s.length < n) out.add(s);
  for (let i = 0; i + n <= s.length; i++) out.add(s.slice(i, i + n));
  return out;
}
