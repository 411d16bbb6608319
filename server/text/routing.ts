/**
 * Lead-unit suggestion learned from the office's routing history.
 *
 * The history enters as aggregated counts — how many routed items with a given feature value went to each
 * unit — so that a maintained table (feature, value, unit, month, n) can feed it without reading items:
 * {@link routingCounts} builds the same rows from raw history for tests, the bench and small offices.
 *
 * Scoring is a product of experts over the features of the new item:
 *   P(u) ∝ P_class(u) · Π_f (P_f(u) / P_all(u))^λ_f
 * where P_class backs off from the deepest class level seen (三级 → 二级 → 一级 → all, Dirichlet-smoothed) and
 * each other feature (place, 涉法涉诉, title keywords) is a Dirichlet-smoothed unit distribution whose ratio to
 * the overall one says how much that feature moves the choice. Every suggestion says which counts it rests on.
 */
import { GENERIC_TOPIC_WORDS } from './lexicon.ts';
import { tokenize } from './segment.ts';

/** Feature kinds counted for routing. */
export type RoutingFeature = 'all' | 'class1' | 'class2' | 'class3' | 'place' | 'legal' | 'keyword';

/** One aggregated count: `n` routed items with `feature = value` went to unit `unitId`. */
export interface RoutingCount {
  feature: RoutingFeature;
  value: string;
  unitId: string;
  n: number;
}

/** One historical routing decision (raw form). */
export interface RoutedItem {
  /** Content class path ('城乡建设', '城乡建设/物业管理', '城乡建设/物业管理/物业收费'). */
  classCode: string;
  place?: string | null;
  /** 涉法涉诉 flag. */
  legal?: boolean;
  title?: string | null;
  unitId: string;
  unitName: string;
  /** Date routed (ISO). */
  date: string | Date;
}

/** What to route. */
export interface RoutingQuery {
  classCode: string;
  place?: string | null;
  legal?: boolean;
  title?: string | null;
}

/** Options; all have defaults. */
export interface RoutingOptions {
  /** Number of suggestions (default 3). */
  topK?: number;
  /** Dirichlet pseudo-count toward the parent distribution (default 2). */
  priorWeight?: number;
  /** Exponents of the feature experts (defaults: place 1, legal 1, keyword 0.4). */
  lambda?: Partial<Record<'place' | 'legal' | 'keyword', number>>;
  /** Wording of the window in reasons (default 近一年). */
  windowLabel?: string;
}

/** One suggested unit. */
export interface UnitSuggestion {
  unitId: string;
  unitName: string;
  /** Normalised score 0..1 over the suggested and other known units. */
  score: number;
  /** Main Chinese explanation, e.g. "近一年同类 38 件中 31 件交区住建局". */
  reason: string;
  /** Further evidence (place, 涉法涉诉, keywords) that moved the choice. */
  details: string[];
}

/** Normalised place key: no spaces/punctuation, lower-case. */
export function placeKey(p: string | null | undefined): string {
  return (p ?? '').replace(/[\s·,，。()（）]/g, '').toLowerCase();
}

/** Class path prefixes: ['城乡建设', '城乡建设/物业管理', …] (at most three levels). */
export function classLevels(path: string): string[] {
  const parts = path
    .split(/[/>｜|]/)
    .filter(Boolean)
    .slice(0, 3);
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

/** Up to `k` (default 4) distinctive title words used as routing keywords. */
export function routingKeywords(title: string | null | undefined, k = 4): string[] {
  const out: string[] = [];
  for (const t of tokenize(title ?? '', { minLength: 2 })) {
    if (GENERIC_TOPIC_WORDS.has(t) || /\d/.test(t) || out.includes(t)) continue;
    out.push(t);
    if (out.length >= k) break;
  }
  return out;
}

/** The (feature, value) pairs of an item or a query. */
export function routingFeaturesOf(q: RoutingQuery): { feature: RoutingFeature; value: string }[] {
  const f: { feature: RoutingFeature; value: string }[] = [{ feature: 'all', value: '' }];
  classLevels(q.classCode).forEach((v, i) => f.push({ feature: `class${i + 1}` as RoutingFeature, value: v }));
  const p = placeKey(q.place);
  if (p) f.push({ feature: 'place', value: p });
  if (q.legal) f.push({ feature: 'legal', value: '1' });
  for (const k of routingKeywords(q.title)) f.push({ feature: 'keyword', value: k });
  return f;
}

/** Aggregates raw history into the counts a maintained table would hold (dates are the caller's window). */
export function routingCounts(history: readonly RoutedItem[]): { counts: RoutingCount[]; names: Map<string, string> } {
  const m = new Map<string, RoutingCount>();
  const names = new Map<string, string>();
  for (const h of history) {
    names.set(h.unitId, h.unitName);
    for (const { feature, value } of routingFeaturesOf(h)) {
      const key = `${feature}\u0001${value}\u0001${h.unitId}`;
      const c = m.get(key);
      if (c) c.n++;
      else m.set(key, { feature, value, unitId: h.unitId, n: 1 });
    }
  }
  return { counts: [...m.values()], names };
}

type Dist = Map<string, number>;

function smooth(counts: Map<string, number>, prior: Dist, m: number, units: string[]): Dist {
  let total = 0;
  for (const v of counts.values()) total += v;
  const out: Dist = new Map();
  for (const u of units) out.set(u, ((counts.get(u) ?? 0) + m * (prior.get(u) ?? 0)) / (total + m));
  return out;
}

const FEATURE_WORD: Record<string, string> = { place: '同一地点', legal: '涉法涉诉事项', keyword: '标题含' };

/**
 * Suggests lead units for a query from aggregated counts (see {@link routingCounts}), best first.
 * Returns an empty list when there is no history.
 */
export function suggestUnits(
  counts: readonly RoutingCount[],
  names: ReadonlyMap<string, string>,
  query: RoutingQuery,
  opts: RoutingOptions = {},
): UnitSuggestion[] {
  const m = opts.priorWeight ?? 2;
  const lambda = { place: 1, legal: 1, keyword: 0.4, ...opts.lambda };
  const window = opts.windowLabel ?? '近一年';
  const by = new Map<string, Map<string, number>>();
  for (const c of counts) {
    const k = `${c.feature}\u0001${c.value}`;
    const u = by.get(k) ?? new Map<string, number>();
    u.set(c.unitId, (u.get(c.unitId) ?? 0) + c.n);
    by.set(k, u);
  }
  const all = by.get('all\u0001') ?? new Map<string, number>();
  const units = [...all.keys()].sort();
  if (!units.length) return [];
  const uniform: Dist = new Map(units.map((u) => [u, 1 / units.length]));
  const pAll = smooth(all, uniform, m, units);
  // Class back-off chain.
  let pClass = pAll;
  let evidence: { level: string; counts: Map<string, number> } | null = null;
  for (const [i, v] of classLevels(query.classCode).entries()) {
    const c = by.get(`class${i + 1}\u0001${v}`);
    if (!c) break;
    pClass = smooth(c, pClass, m, units);
    let n = 0;
    for (const x of c.values()) n += x;
    if (n >= 3) evidence = { level: v, counts: c };
  }
  const log = new Map(units.map((u) => [u, Math.log(pClass.get(u) as number)]));
  const experts: { feature: string; value: string; counts: Map<string, number>; p: Dist }[] = [];
  for (const f of routingFeaturesOf(query)) {
    if (f.feature !== 'place' && f.feature !== 'legal' && f.feature !== 'keyword') continue;
    const c = by.get(`${f.feature}\u0001${f.value}`);
    if (!c) continue;
    let n = 0;
    for (const x of c.values()) n += x;
    // A title word is weak evidence: it needs a few items behind it and is smoothed harder.
    if (f.feature === 'keyword' && n < 5) continue;
    const p = smooth(c, pAll, f.feature === 'keyword' ? 5 * m : m, units);
    const l = lambda[f.feature];
    for (const u of units)
      log.set(u, (log.get(u) as number) + l * Math.log((p.get(u) as number) / (pAll.get(u) as number)));
    experts.push({ feature: f.feature, value: f.value, counts: c, p });
  }
  const max = Math.max(...log.values());
  let z = 0;
  for (const v of log.values()) z += Math.exp(v - max);
  const ranked = units
    .map((u) => ({ u, s: Math.exp((log.get(u) as number) - max) / z }))
    .sort((a, b) => b.s - a.s || (a.u < b.u ? -1 : 1));
  const placeShown = (query.place ?? '').trim();
  return ranked.slice(0, opts.topK ?? 3).map(({ u, s }) => {
    const name = names.get(u) ?? u;
    // Every piece of evidence as a line with the share it gives this unit; the strongest leads.
    const lines: { text: string; share: number }[] = [];
    if (evidence) {
      let n = 0;
      for (const x of evidence.counts.values()) n += x;
      const k = evidence.counts.get(u) ?? 0;
      const scope = evidence.level.includes('/') ? `同类（${evidence.level}）` : `同属“${evidence.level}”的`;
      lines.push({
        text: k > 0 ? `${window}${scope} ${n} 件中 ${k} 件交${name}` : `${window}${scope} ${n} 件中没有交${name}的`,
        share: k / n,
      });
    } else {
      let n = 0;
      for (const x of all.values()) n += x;
      lines.push({ text: `${window}没有同类事项，全部 ${n} 件中 ${all.get(u) ?? 0} 件交${name}`, share: 0 });
    }
    for (const e of experts) {
      const k = e.counts.get(u) ?? 0;
      if (k === 0 || (e.feature === 'keyword' && k < 3)) continue;
      let n = 0;
      for (const x of e.counts.values()) n += x;
      const what =
        e.feature === 'place'
          ? `${FEATURE_WORD.place}（${placeShown || e.value}）`
          : e.feature === 'keyword'
            ? `${FEATURE_WORD.keyword}“${e.value}”的事项`
            : (FEATURE_WORD[e.feature] as string);
      lines.push({ text: `${window}${what} ${n} 件中 ${k} 件交${name}`, share: k / n });
    }
    const lead = lines.reduce(
      (a, b) => (b.share > a.share + 0.2 && b.share >= 0.5 ? b : a),
      lines[0] as (typeof lines)[0],
    );
    const reason = lead.text;
    const details = lines.filter((l) => l !== lead).map((l) => l.text);
    return { unitId: u, unitName: name, score: Math.round(s * 1000) / 1000, reason, details };
  });
}
