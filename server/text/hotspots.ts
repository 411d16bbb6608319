/**
 * Hot issues: clusters the items of a period by matter and place (same
 * compound, same company, same project), ranks clusters by heat and labels
 * them with place and keywords.
 *
 * Similarity is specificity-weighted: each token is weighted by its inverse
 * document frequency within the period and generic petition vocabulary
 * (拖欠, 工资, 物业, 问题…) is damped, so a generic complaint type never joins
 * unrelated companies. Two items link only when
 *  - they name the same place/organisation and their matter (tokens outside
 *    the place names) is similar, or
 *  - neither names a conflicting place and the matter is very similar;
 * items naming different places, or different districts, never link unless
 * they are near copies. Linked items form clusters (union-find).
 */
import { BROAD_SUFFIXES, extractCity, extractDistrict, extractEntities, sameEntity, type Entity } from './entities.ts';
import { GENERIC_TOPIC_WORDS } from './lexicon.ts';
import { normalizeText, tokenize } from './segment.ts';

/** One input message. */
export interface HotspotItem {
  id: string;
  title?: string | null;
  text: string;
  /** Time (ISO or 'YYYY-MM-DD HH:mm:ss'). */
  time?: string | null;
  /** Petitioner / user id (distinct users count toward heat). */
  user?: string | null;
  /** Optional endorsement count (likes/votes) if the source has it. */
  likes?: number | null;
}

/** A ranked hot-issue cluster. */
export interface HotspotCluster {
  /** Place plus keywords, e.g. '魅力之城小区：油烟、扰民、餐馆'. */
  label: string;
  size: number;
  /** Distinct users (items without a user count as distinct). */
  users: number;
  ids: string[];
  keywords: string[];
  /** Main place/organisation of the cluster, with district when shared; null if none. */
  place: string | null;
  heat: number;
  /** First and last item time, when known. */
  from: string | null;
  to: string | null;
}

/** Options; all have defaults. */
export interface HotspotOptions {
  /** Number of clusters returned (default 10). */
  top?: number;
  /** Minimum cluster size returned (default 2). */
  minSize?: number;
  /** Matter cosine needed when the same place is named (default 0.06). */
  placeLink?: number;
  /** Matter cosine needed without a shared place (default 0.45). */
  matterLink?: number;
  /** Cosine above which items link regardless of places (near copies, default 0.8). */
  copyLink?: number;
  /** Recency half-life in days relative to the latest item (default 30). */
  halfLifeDays?: number;
}

interface Prepared {
  entities: Entity[];
  /** Entities of the title (or, without a title, of the first 150 characters): the item's own place. */
  primary: Entity[];
  district: string | null;
  city: string | null;
  vec: Map<string, number>;
  time: number | null;
}

const COLLECTIVE_RE =
  /联名|集体|全体(业主|居民|村民|职工|员工|学生|家长|教师)|多名|众多|数十|上百|几十(户|名|人|位)|上千/;

/** True when the token shares a 2-character piece with a place name of the item. */
function overlapsPlace(t: string, places: string): boolean {
  if (!places) return false;
  for (let i = 0; i + 2 <= t.length; i++) if (places.includes(t.slice(i, i + 2))) return true;
  return false;
}

function prepare(items: HotspotItem[]): { prep: Prepared[]; df: Map<string, number> } {
  const raw = items.map((it) => {
    const title = normalizeText(it.title ?? '');
    const body = normalizeText(it.text ?? '');
    const titleEntities = extractEntities(title || body.slice(0, 150));
    const entities = [...titleEntities];
    for (const e of extractEntities(body)) if (!entities.some((x) => x.key === e.key)) entities.push(e);
    const district = extractDistrict(title) ?? extractDistrict(body);
    const city = extractCity(title) ?? extractCity(body.slice(0, 200));
    // Matter tokens: title counted twice; place names and districts removed first.
    const places = entities.map((e) => e.text).join('|');
    const strip = [...entities.map((e) => e.text), ...(district ? [district] : [])].sort((x, y) => y.length - x.length);
    const tf = new Map<string, number>();
    const addToks = (s0: string, w: number): void => {
      let s = s0;
      for (const p of strip) s = s.split(p.toLowerCase()).join('，');
      for (const t of tokenize(s, { minLength: 2 })) {
        if (/^[a-z]?\d/.test(t) || /^[该这那此其]/.test(t) || overlapsPlace(t, places)) continue;
        tf.set(t, (tf.get(t) ?? 0) + w);
      }
    };
    addToks(title, 2);
    addToks(body, 1);
    const t = it.time ? Date.parse(it.time.replace(' ', 'T')) : NaN;
    return { entities, primary: titleEntities, district, city, tf, time: Number.isNaN(t) ? null : t };
  });
  const df = new Map<string, number>();
  for (const r of raw) for (const t of r.tf.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const n = items.length;
  const prep = raw.map((r) => {
    const vec = new Map<string, number>();
    let norm = 0;
    for (const [t, c] of r.tf) {
      const d = df.get(t) ?? 1;
      let w = (1 + Math.log(c)) * Math.log((n + 1) / d);
      if (GENERIC_TOPIC_WORDS.has(t)) w *= 0.2;
      if (d > Math.max(3, n * 0.15)) w *= 0.3;
      if (w <= 0) continue;
      vec.set(t, w);
      norm += w * w;
    }
    const s = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (const [t, w] of vec) vec.set(t, w * s);
    return { entities: r.entities, primary: r.primary, district: r.district, city: r.city, vec, time: r.time };
  });
  return { prep, df };
}

function cos(a: Map<string, number>, b: Map<string, number>): number {
  const [s, l] = a.size <= b.size ? [a, b] : [b, a];
  let d = 0;
  for (const [t, w] of s) {
    const v = l.get(t);
    if (v) d += w * v;
  }
  return d;
}

/** 'specific' when a compound/company/project is shared, 'broad' for only a town/road/village, else null. */
function sharedEntity(a: Prepared, b: Prepared): 'specific' | 'broad' | null {
  let broad = false;
  for (const e of a.entities) {
    for (const f of b.entities) {
      if (!sameEntity(e, f)) continue;
      if (!BROAD_SUFFIXES.has(e.suffix) || !BROAD_SUFFIXES.has(f.suffix)) return 'specific';
      broad = true;
    }
  }
  return broad ? 'broad' : null;
}

class UnionFind {
  readonly p: number[];
  constructor(n: number) {
    this.p = Array.from({ length: n }, (_, i) => i);
  }
  find(x: number): number {
    while (this.p[x] !== x) {
      const up = this.p[this.p[x] as number] as number;
      this.p[x] = up;
      x = up;
    }
    return x;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.p[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

/** Top weighted tokens of a vector (candidate generation keys). */
function topTokens(v: Map<string, number>, k: number): string[] {
  return [...v.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, k)
    .map(([t]) => t);
}

/**
 * Clusters the items and returns the `top` hottest clusters, hottest first.
 * Heat = (distinct users + 0.5 × repeat posts + 0.5 × collective-petition
 * items + ln(1 + likes)) × recency factor (0.5–1 by the latest item's age
 * relative to the period's last item).
 */
export function findHotspots(items: HotspotItem[], opts: HotspotOptions = {}): HotspotCluster[] {
  const placeLink = opts.placeLink ?? 0.06;
  const matterLink = opts.matterLink ?? 0.45;
  const copyLink = opts.copyLink ?? 0.8;
  const { prep } = prepare(items);
  const n = items.length;
  // Candidate pairs through shared entity keys and shared top tokens.
  const postings = new Map<string, number[]>();
  const post = (k: string, i: number): void => {
    const a = postings.get(k);
    if (a) a.push(i);
    else postings.set(k, [i]);
  };
  prep.forEach((p, i) => {
    for (const e of p.entities) post('E' + e.key, i);
    for (const t of topTokens(p.vec, 12)) post('T' + t, i);
  });
  const uf = new UnionFind(n);
  const maxPosting = Math.max(50, Math.floor(n * 0.2));
  const edges: [number, number, number][] = [];
  for (let i = 0; i < n; i++) {
    const a = prep[i] as Prepared;
    const cands = new Set<number>();
    for (const e of a.entities) for (const j of postings.get('E' + e.key) ?? []) if (j > i) cands.add(j);
    for (const t of topTokens(a.vec, 12)) {
      const list = postings.get('T' + t) ?? [];
      if (list.length > maxPosting) continue;
      for (const j of list) if (j > i) cands.add(j);
    }
    for (const j of cands) {
      const b = prep[j] as Prepared;
      const sim = cos(a.vec, b.vec);
      const shared = sharedEntity(a, b);
      // Both are about a named place and it is not the same one: never the same issue.
      if (!shared && a.primary.length > 0 && b.primary.length > 0) continue;
      if (sim < copyLink && a.district && b.district && a.district !== b.district) continue;
      if (sim < copyLink && a.city && b.city && a.city !== b.city) continue;
      const need = shared === 'specific' ? placeLink : shared === 'broad' ? Math.max(placeLink, 0.2) : matterLink;
      if (sim >= need || sim >= copyLink) edges.push([i, j, sim]);
    }
  }
  // Strongest links first; a merge is refused when the two groups are about
  // different named places (cannot-link), which stops chaining through
  // items that name no place.
  edges.sort((x, y) => y[2] - x[2]);
  const primOf = new Map<number, Entity[]>(prep.map((p, i) => [i, p.primary]));
  const allOf = new Map<number, Entity[]>(prep.map((p, i) => [i, p.entities]));
  const meets = (xs: Entity[], ys: Entity[]): boolean => xs.some((e) => ys.some((f) => sameEntity(e, f)));
  for (const [i, j] of edges) {
    const ra = uf.find(i);
    const rb = uf.find(j);
    if (ra === rb) continue;
    const pa = primOf.get(ra) ?? [];
    const pb = primOf.get(rb) ?? [];
    const ea = allOf.get(ra) ?? [];
    const eb = allOf.get(rb) ?? [];
    if (pa.length > 0 && pb.length > 0 && !meets(pa, eb) && !meets(pb, ea)) continue;
    uf.union(ra, rb);
    const r = uf.find(ra);
    primOf.set(r, [...pa, ...pb].slice(0, 30));
    allOf.set(r, [...ea, ...eb].slice(0, 60));
  }
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const r = uf.find(i);
    const g = groups.get(r);
    if (g) g.push(i);
    else groups.set(r, [i]);
  }
  const latest = Math.max(...prep.map((p) => p.time ?? -Infinity));
  const halfLife = (opts.halfLifeDays ?? 30) * 86400000;
  const clusters: HotspotCluster[] = [];
  for (const members of groups.values()) {
    if (members.length < (opts.minSize ?? 2)) continue;
    clusters.push(describe(members, items, prep, latest, halfLife));
  }
  clusters.sort((a, b) => b.heat - a.heat || b.size - a.size);
  return clusters.slice(0, opts.top ?? 10);
}

function describe(
  members: number[],
  items: HotspotItem[],
  prep: Prepared[],
  latest: number,
  halfLife: number,
): HotspotCluster {
  const users = new Set<string>();
  let anonymous = 0;
  let collective = 0;
  let likes = 0;
  const times: number[] = [];
  const placeCount = new Map<string, { n: number; items: number; surface: Map<string, number> }>();
  const districtCount = new Map<string, number>();
  const kw = new Map<string, number>();
  for (const i of members) {
    const it = items[i] as HotspotItem;
    const p = prep[i] as Prepared;
    if (it.user) users.add(it.user);
    else anonymous++;
    if (COLLECTIVE_RE.test(`${it.title ?? ''}${it.text}`)) collective++;
    likes += Math.max(0, Number(it.likes ?? 0) || 0);
    if (p.time != null) times.push(p.time);
    for (const e of p.entities) {
      const c = placeCount.get(e.key) ?? { n: 0, items: 0, surface: new Map<string, number>() };
      c.n += p.primary.some((x) => x.key === e.key) ? 1.5 : 1;
      c.items += 1;
      c.surface.set(e.text, (c.surface.get(e.text) ?? 0) + 1);
      placeCount.set(e.key, c);
    }
    if (p.district) districtCount.set(p.district, (districtCount.get(p.district) ?? 0) + 1);
    for (const [t, w] of p.vec) kw.set(t, (kw.get(t) ?? 0) + w);
  }
  const size = members.length;
  const u = users.size + anonymous;
  const bestPlace = [...placeCount.entries()].sort((a, b) => b[1].n - a[1].n)[0];
  let place: string | null = null;
  if (bestPlace && bestPlace[1].items >= Math.min(size, Math.max(2, Math.ceil(size * 0.3)))) {
    place =
      [...bestPlace[1].surface.entries()].sort((a, b) => b[1] - a[1] || b[0].length - a[0].length)[0]?.[0] ?? null;
    const dist = [...districtCount.entries()].sort((a, b) => b[1] - a[1])[0];
    if (place && dist && dist[1] >= size * 0.5 && !place.startsWith(dist[0])) place = dist[0] + place;
  }
  const keywords: string[] = [];
  for (const [t] of [...kw.entries()].sort((a, b) => b[1] - a[1])) {
    if (place && place.includes(t)) continue;
    if (keywords.some((k) => k.includes(t) || t.includes(k))) continue;
    keywords.push(t);
    if (keywords.length >= 5) break;
  }
  const maxT = times.length ? Math.max(...times) : null;
  const recency = maxT != null && Number.isFinite(latest) ? 0.5 + 0.5 * 0.5 ** ((latest - maxT) / halfLife) : 1;
  const heat = (u + 0.5 * (size - u) + 0.5 * collective + Math.log1p(likes)) * recency;
  const iso = (t: number | null): string | null => (t == null ? null : new Date(t).toISOString().slice(0, 10));
  return {
    label: place ? `${place}：${keywords.slice(0, 3).join('、')}` : keywords.slice(0, 4).join('、'),
    size,
    users: u,
    ids: members.map((i) => (items[i] as HotspotItem).id),
    keywords,
    place,
    heat: Math.round(heat * 100) / 100,
    from: iso(times.length ? Math.min(...times) : null),
    to: iso(maxT),
  };
}
