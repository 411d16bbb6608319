/**
 * Repeat-petition detection (初件 / 重件): finds earlier items of the same
 * person (ID-number hash, phone, or name + fuzzy address) about the same
 * matter (text similarity), and decides by a configurable rule.
 * Pure functions: the caller supplies the earlier items (e.g. fetched from the
 * store by person keys and by the LSH index of `similarity.ts`).
 */
import { charShingles, normalizeText } from './segment.ts';
import { jaccard, prepareText, textSimilarity, type PreparedText } from './similarity.ts';

/** A petition item as seen by repeat detection. */
export interface PetitionRecord {
  id: string;
  /** Registration date (ISO string or Date). */
  date?: string | Date | null;
  /** Hash of the petitioner's ID-card number (never the number itself). */
  idHash?: string | null;
  phone?: string | null;
  name?: string | null;
  address?: string | null;
  title?: string | null;
  text: string;
}

/** Decision rule; all fields have defaults ({@link DEFAULT_REPEAT_RULE}). */
export interface RepeatRule {
  /** Matter similarity (0..1) at or above which two items are the same matter. */
  matterThreshold: number;
  /** true: 重件 needs same person AND same matter; false: same matter alone suffices. */
  requirePerson: boolean;
  /** Address similarity (character-bigram Dice, 0..1) needed for a name + address match. */
  addressThreshold: number;
  /** Only consider earlier items within this many days (null = no limit). */
  windowDays: number | null;
  /** Maximum candidates returned. */
  maxCandidates: number;
}

/** Default rule: same person AND matter similarity ≥ 0.5 → 重件. */
export const DEFAULT_REPEAT_RULE: RepeatRule = {
  matterThreshold: 0.5,
  requirePerson: true,
  addressThreshold: 0.7,
  windowDays: null,
  maxCandidates: 10,
};

/** How the person was matched. */
export type PersonMatchKind = 'idHash' | 'phone' | 'nameAddress' | 'none';

/** One earlier item considered as a possible original. */
export interface RepeatCandidate {
  id: string;
  date: string | null;
  person: PersonMatchKind;
  /** Address similarity when matched by name + address. */
  addressSimilarity: number | null;
  /** Matter (text) similarity 0..1. */
  matterSimilarity: number;
  /** Whether this candidate alone makes the item a 重件 under the rule. */
  isRepeat: boolean;
  /** Ranking score (matter similarity, plus 1 when the person matches). */
  score: number;
  /** Chinese explanation, e.g. "同一证件号码；诉求相似度 0.82". */
  reason: string;
}

/** Result of {@link detectRepeat}. */
export interface RepeatResult {
  verdict: '初件' | '重件';
  /** Id of the best earlier item that makes it a 重件, else null. */
  repeatOf: string | null;
  candidates: RepeatCandidate[];
}

/** Digits of a phone number without +86/0086 prefix (mobile or landline). */
export function normalizePhone(phone: string | null | undefined): string {
  const d = (phone ?? '').replace(/\D/g, '');
  return d.replace(/^(0086|86)(?=1\d{10}$)/, '');
}

const CN_DIGITS: Record<string, string> = {
  零: '0',
  〇: '0',
  一: '1',
  二: '2',
  两: '2',
  三: '3',
  四: '4',
  五: '5',
  六: '6',
  七: '7',
  八: '8',
  九: '9',
};

/**
 * Normalises an address for fuzzy comparison: half-width, no spaces or
 * punctuation, Chinese digits to Arabic (十 handled for 10–99), unit words
 * unified (幢/座/号楼→栋, 单元, 室 dropped) and province/city prefix dropped.
 */
export function normalizeAddress(addr: string | null | undefined): string {
  let s = normalizeText(addr ?? '').replace(/[\s,，。.、:：;；()（）\-—#＃]/g, '');
  s = s.replace(/([一二三四五六七八九两])?十([一二三四五六七八九])?/g, (_m, a?: string, b?: string) => {
    const tens = a ? (CN_DIGITS[a] ?? '1') : '1';
    return tens + (b ? (CN_DIGITS[b] ?? '0') : '0');
  });
  s = s.replace(/[零〇一二三四五六七八九两]/g, (c) => CN_DIGITS[c] ?? c);
  s = s
    .replace(/(\d+)(幢|座|号楼|栋楼)/g, '$1栋')
    .replace(/(\d+)室/g, '$1')
    .replace(/(\d+)号(?=\d)/g, '$1-');
  s = s.replace(/^.{2,8}?省/, '').replace(/^.{1,6}?市(?=.{4,})/, '');
  return s;
}

/** Dice coefficient of character bigrams (0..1); 1 for equal strings. */
export function bigramSimilarity(a: string, b: string): number {
  if (a === b) return a.length > 0 ? 1 : 0;
  if (a.length < 2 || b.length < 2) return 0;
  const grams = new Map<string, number>();
  for (let i = 0; i + 2 <= a.length; i++) {
    const g = a.slice(i, i + 2);
    grams.set(g, (grams.get(g) ?? 0) + 1);
  }
  let inter = 0;
  for (let i = 0; i + 2 <= b.length; i++) {
    const g = b.slice(i, i + 2);
    const c = grams.get(g) ?? 0;
    if (c > 0) {
      inter++;
      grams.set(g, c - 1);
    }
  }
  return (2 * inter) / (a.length - 1 + (b.length - 1));
}

function sameName(a: string | null | undefined, b: string | null | undefined): boolean {
  const x = (a ?? '').replace(/\s/g, '');
  const y = (b ?? '').replace(/\s/g, '');
  return x.length >= 2 && x === y;
}

function toTime(d: string | Date | null | undefined): number | null {
  if (d == null) return null;
  const t = d instanceof Date ? d.getTime() : Date.parse(d);
  return Number.isNaN(t) ? null : t;
}

function isoDate(d: string | Date | null | undefined): string | null {
  const t = toTime(d);
  return t == null ? null : new Date(t).toISOString().slice(0, 10);
}

/** Person match between two records, strongest key first. */
export function matchPerson(
  a: PetitionRecord,
  b: PetitionRecord,
  addressThreshold = DEFAULT_REPEAT_RULE.addressThreshold,
): { kind: PersonMatchKind; addressSimilarity: number | null } {
  if (a.idHash && b.idHash && a.idHash === b.idHash) return { kind: 'idHash', addressSimilarity: null };
  const pa = normalizePhone(a.phone);
  if (pa.length >= 7 && pa === normalizePhone(b.phone)) return { kind: 'phone', addressSimilarity: null };
  if (sameName(a.name, b.name)) {
    const sim = bigramSimilarity(normalizeAddress(a.address), normalizeAddress(b.address));
    if (sim >= addressThreshold) return { kind: 'nameAddress', addressSimilarity: sim };
    return { kind: 'none', addressSimilarity: sim };
  }
  return { kind: 'none', addressSimilarity: null };
}

const PERSON_REASON: Record<PersonMatchKind, string> = {
  idHash: '同一证件号码',
  phone: '同一联系电话',
  nameAddress: '姓名相同且地址相近',
  none: '未匹配到同一信访人',
};

function docText(r: { title?: string | null; text: string }): string {
  return r.title ? `${r.title}。${r.text}` : r.text;
}

/**
 * Decides whether `candidate` is a 重件 of one of the `earlier` items.
 * Each earlier item (within the rule's window, dated before the candidate
 * when both dates are known) gets a person match and a matter similarity;
 * candidates with a person match or matter similarity ≥ half the threshold are
 * returned, ranked by score, each with a Chinese reason such as
 * "同一证件号码；诉求相似度 0.82".
 */
export function detectRepeat(
  candidate: PetitionRecord,
  earlier: readonly PetitionRecord[],
  rule: Partial<RepeatRule> = {},
): RepeatResult {
  const r: RepeatRule = { ...DEFAULT_REPEAT_RULE, ...rule };
  const tc = toTime(candidate.date);
  const text = prepareText(docText(candidate));
  const out: RepeatCandidate[] = [];
  for (const e of earlier) {
    if (e.id === candidate.id) continue;
    const te = toTime(e.date);
    if (tc != null && te != null) {
      if (te > tc) continue;
      if (r.windowDays != null && tc - te > r.windowDays * 86400000) continue;
    }
    const person = matchPerson(candidate, e, r.addressThreshold);
    const matter = Math.round(textSimilarity(text, docText(e)).score * 100) / 100;
    const c = judgeCandidate(e.id, isoDate(e.date), person, matter, r);
    if (c) out.push(c);
  }
  return resultOf(out, r);
}

function resultOf(out: RepeatCandidate[], r: RepeatRule): RepeatResult {
  out.sort((a, b) => Number(b.isRepeat) - Number(a.isRepeat) || b.score - a.score || (a.id < b.id ? -1 : 1));
  const candidates = out.slice(0, r.maxCandidates);
  const first = candidates.find((c) => c.isRepeat);
  return { verdict: first ? '重件' : '初件', repeatOf: first ? first.id : null, candidates };
}

/** The rule's verdict on one earlier item, with its reason; null when it is neither the person nor the matter. */
function judgeCandidate(
  id: string,
  date: string | null,
  person: { kind: PersonMatchKind; addressSimilarity: number | null },
  matter: number,
  r: RepeatRule,
): RepeatCandidate | null {
  const samePerson = person.kind !== 'none';
  if (!samePerson && matter < r.matterThreshold / 2) return null;
  const sameMatter = matter >= r.matterThreshold;
  const isRepeat = sameMatter && (samePerson || !r.requirePerson);
  const parts = [PERSON_REASON[person.kind]];
  if (person.kind === 'nameAddress' && person.addressSimilarity != null) {
    parts[0] += `（地址相似度 ${person.addressSimilarity.toFixed(2)}）`;
  }
  parts.push(`诉求相似度 ${matter.toFixed(2)}${sameMatter ? '' : `（低于 ${r.matterThreshold.toFixed(2)}）`}`);
  if (isRepeat) parts.push('判定为重件');
  return {
    id,
    date,
    person: person.kind,
    addressSimilarity: person.kind === 'nameAddress' ? person.addressSimilarity : null,
    matterSimilarity: matter,
    isRepeat,
    score: matter + (samePerson ? 1 : 0),
    reason: parts.join('；'),
  };
}

/**
 * An earlier petitioner as the keyed-hash lookup finds it: the identity is compared by keyed hashes (equal
 * hashes are equal normalised values), and only the address of a row found by the name alone is opened, lazily.
 */
export interface HashedRecord {
  id: string;
  date?: string | Date | null;
  idHash: string | null;
  phoneHash: string | null;
  nameHash: string | null;
  address: () => string | null;
  title?: string | null;
  text: string;
}

/** The person looked for, with the hashes of the keys the rule may match on (null when a key is too short). */
export interface HashedQuery {
  id: string;
  date?: string | Date | null;
  idHash: string | null;
  phoneHash: string | null;
  nameHash: string | null;
  address: string | null;
  title?: string | null;
  text: string;
}

/** Prepared text of the query (segmented once) and exact matter similarities already computed, by item id. */
export interface MatterCache {
  query: PreparedText;
  cheap: Map<string, number>;
  exact: Map<string, number>;
}

/** A cache for {@link detectRepeatByHash} over one query text (shared by all the query's petitioners). */
export function matterCacheOf(q: { title?: string | null; text: string }): MatterCache {
  return { query: prepareText(docText(q)), cheap: new Map(), exact: new Map() };
}

/** Which keys of the person are long enough to match on (the same limits as {@link matchPerson}). */
export function matchableKeys(p: { idNumber?: string | null; phone?: string | null; name?: string | null }) {
  return {
    id: Boolean(p.idNumber?.trim()),
    phone: normalizePhone(p.phone).length >= 7,
    name: (p.name ?? '').replace(/\s/g, '').length >= 2,
  };
}

/**
 * {@link detectRepeat} over rows found by keyed hash, without segmenting every candidate: the person is matched
 * by hashes, a cheap lower bound of the matter similarity (the character-shingle Jaccard, which the score never
 * falls below) orders the rows, and the exact similarity (jieba) is computed only for the `exact` best of them —
 * all of them when there are no more. Only candidates with the exact similarity are returned.
 */
export function detectRepeatByHash(
  q: HashedQuery,
  earlier: readonly HashedRecord[],
  cache: MatterCache,
  rule: Partial<RepeatRule> = {},
  exact = 12,
): RepeatResult {
  const r: RepeatRule = { ...DEFAULT_REPEAT_RULE, ...rule };
  const tc = toTime(q.date);
  const rows: { e: HashedRecord; person: { kind: PersonMatchKind; addressSimilarity: number | null } }[] = [];
  for (const e of earlier) {
    if (e.id === q.id) continue;
    const te = toTime(e.date);
    if (tc != null && te != null) {
      if (te > tc) continue;
      if (r.windowDays != null && tc - te > r.windowDays * 86400000) continue;
    }
    rows.push({ e, person: matchHashed(q, e, r.addressThreshold) });
  }
  const cheap = (e: HashedRecord) => {
    let v = cache.cheap.get(e.id);
    if (v === undefined) {
      v = jaccard(cache.query.shingles, charShingles(docText(e), 4));
      cache.cheap.set(e.id, v);
    }
    return v;
  };
  // The rows most likely to rank first: the same person before anyone else, then by the lower bound.
  rows.sort(
    (a, b) =>
      Number(b.person.kind !== 'none') - Number(a.person.kind !== 'none') ||
      cheap(b.e) - cheap(a.e) ||
      (a.e.id < b.e.id ? -1 : 1),
  );
  const chosen = new Set<string>();
  for (const { e } of rows) {
    if (chosen.size >= exact && !chosen.has(e.id)) continue;
    chosen.add(e.id);
  }
  const out: RepeatCandidate[] = [];
  for (const { e, person } of rows) {
    if (!chosen.has(e.id)) continue;
    let matter = cache.exact.get(e.id);
    if (matter === undefined) {
      matter = Math.round(textSimilarity(cache.query, docText(e)).score * 100) / 100;
      cache.exact.set(e.id, matter);
    }
    const c = judgeCandidate(e.id, isoDate(e.date), person, matter, r);
    if (c) out.push(c);
  }
  return resultOf(out, r);
}

function matchHashed(
  q: HashedQuery,
  e: HashedRecord,
  addressThreshold: number,
): { kind: PersonMatchKind; addressSimilarity: number | null } {
  if (q.idHash && e.idHash === q.idHash) return { kind: 'idHash', addressSimilarity: null };
  if (q.phoneHash && e.phoneHash === q.phoneHash) return { kind: 'phone', addressSimilarity: null };
  if (q.nameHash && e.nameHash === q.nameHash) {
    const sim = bigramSimilarity(normalizeAddress(q.address), normalizeAddress(e.address()));
    return sim >= addressThreshold
      ? { kind: 'nameAddress', addressSimilarity: sim }
      : { kind: 'none', addressSimilarity: sim };
  }
  return { kind: 'none', addressSimilarity: null };
}
