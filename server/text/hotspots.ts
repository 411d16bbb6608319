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
import { COLLECTIVE_HEAD_COUNT } from '../domain/item.ts';

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
  /** People behind the item (a collective visit counts its visitors). */
  headCount?: number | null;
  /** A registered repeat (重件) of an earlier item. */
  isRepeat?: boolean | null;
}

/** Why one item belongs to its cluster. */
export interface HotspotMember {
  id: string;
  /** Chinese, e.g. "同一地点：锦绣花园小区；共同关键词：车位、捆绑销售". */
  why: string;
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
  /** The matter in a few words (its top keywords). */
  matter: string;
  heat: number;
  /** What the heat rests on: people, repeat posts, collective visits' people, likes. */
  support: { people: number; repeats: number; collectivePeople: number; likes: number };
  /** Mean cosine of the members to the cluster's centroid (0..1): how much they are about one thing. */
  coherence: number;
  /** Why each member belongs (first 50 members). */
  members: HotspotMember[];
  /** First and last item time, when known. */
  from: string | null;
  to: string | null;
  /** What each member (all of them) brings, so a viewer who may open only some sees the cluster of those. */
  facts: HotspotMemberFacts[];
}

/** One member's part in its cluster. */
export interface HotspotMemberFacts {
  id: string;
  why: string;
  /** The cluster's keywords this member carries. */
  keywords: string[];
  /** Names the cluster's place. */
  atPlace: boolean;
  user: string | null;
  /** People of a collective visit it adds to the heat. */
  collectivePeople: number;
  repeat: boolean;
  /** Day registered (YYYY-MM-DD), when known. */
  day: string | null;
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
  /** Two groups merge only when their centroids have at least this cosine (default 0.3): no catch-all clusters. */
  mergeCoherence?: number;
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

/** Cosine of two unnormalised sparse vectors. */
function cosine(a: Map<string, number>, b: Map<string, number>): number {
  let na = 0;
  let nb = 0;
  for (const v of a.values()) na += v * v;
  for (const v of b.values()) nb += v * v;
  return na > 0 && nb > 0 ? cos(a, b) / Math.sqrt(na * nb) : 0;
}

/** Sum of two sparse vectors, keeping the `k` largest entries. */
function sumTop(a: Map<string, number>, b: Map<string, number>, k: number): Map<string, number> {
  const m = new Map(a);
  for (const [t, v] of b) m.set(t, (m.get(t) ?? 0) + v);
  if (m.size <= k) return m;
  return new Map([...m.entries()].sort((x, y) => y[1] - x[1]).slice(0, k));
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
  // Per group: how many members name each place in their title (primary) and anywhere in the text (all).
  type Profile = Map<string, { e: Entity; n: number }>;
  const profile = (es: Entity[]): Profile => new Map(es.map((e) => [e.key, { e, n: 1 }]));
  const primOf = new Map<number, Profile>(prep.map((p, i) => [i, profile(p.primary)]));
  const allOf = new Map<number, Profile>(prep.map((p, i) => [i, profile(p.entities)]));
  const sizeOf = new Map<number, number>(prep.map((_, i) => [i, 1]));
  const mergeProfiles = (a: Profile, b: Profile): Profile => {
    const m: Profile = new Map([...a].map(([k, v]) => [k, { ...v }]));
    for (const [k, v] of b) {
      const x = m.get(k);
      if (x) x.n += v.n;
      else m.set(k, { ...v });
    }
    if (m.size <= 40) return m;
    return new Map([...m.entries()].sort((x, y) => y[1].n - x[1].n).slice(0, 40));
  };
  /** The group's dominant title places: named by at least half as many members as the most named one. */
  const dominant = (p: Profile): Entity[] => {
    let max = 0;
    for (const v of p.values()) max = Math.max(max, v.n);
    return [...p.values()].filter((v) => v.n * 2 >= max).map((v) => v.e);
  };
  /** True when at least half of the group's members mention a place that is `e`. */
  const mentions = (p: Profile, size: number, e: Entity): boolean =>
    [...p.values()].some((v) => v.n * 2 >= size && sameEntity(e, v.e));
  // Centroids (sums of member vectors, kept to their strongest terms) bound every merge by coherence.
  const mergeMin = opts.mergeCoherence ?? 0.3;
  const cent = new Map<number, Map<string, number>>(prep.map((p, i) => [i, p.vec]));
  const tryMerge = (i: number, j: number): boolean => {
    const ra = uf.find(i);
    const rb = uf.find(j);
    if (ra === rb) return true;
    const pa = primOf.get(ra) as Profile;
    const pb = primOf.get(rb) as Profile;
    const ea = allOf.get(ra) as Profile;
    const eb = allOf.get(rb) as Profile;
    const na = sizeOf.get(ra) as number;
    const nb = sizeOf.get(rb) as number;
    // Two groups that are each about a named place merge only when one's place is what most of the other name.
    const da = dominant(pa);
    const db = dominant(pb);
    const samePlace =
      da.some((e) => mentions(eb, nb, e) && !BROAD_SUFFIXES.has(e.suffix)) ||
      db.some((e) => mentions(ea, na, e) && !BROAD_SUFFIXES.has(e.suffix));
    if (da.length > 0 && db.length > 0 && !da.some((e) => mentions(eb, nb, e)) && !db.some((e) => mentions(ea, na, e)))
      return true;
    const ca = cent.get(ra) as Map<string, number>;
    const cb = cent.get(rb) as Map<string, number>;
    // Groups naming the same compound or company need only about the place-link bar between their centroids.
    if (cosine(ca, cb) < (samePlace ? placeLink * 0.75 : mergeMin)) return false;
    uf.union(ra, rb);
    const r = uf.find(ra);
    primOf.set(r, mergeProfiles(pa, pb));
    allOf.set(r, mergeProfiles(ea, eb));
    sizeOf.set(r, na + nb);
    cent.set(r, sumTop(ca, cb, 80));
    return true;
  };
  // Edges refused for coherence get a second chance once the groups have grown (their centroids are steadier).
  const refused = edges.filter(([i, j]) => !tryMerge(i, j));
  for (const [i, j] of refused) tryMerge(i, j);
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

/**
 * Words that say nothing about which matter a cluster is (verbs of petitioning, procedure, hedges): never
 * keywords, whatever their weight.
 */
export const KEYWORD_STOPWORDS: ReadonlySet<string> = new Set(
  (
    '不予 不服 考虑 实际 支付 讨要 要求 希望 反映 情况 进行 表示 认为 至今 导致 造成 给予 按照 根据 关于 依法 ' +
    '请求 恳请 相关 有关 部门 领导 政府 相应 及时 一直 多次 已经 现在 目前 发现 得到 解决 处理 答复 回复 工作 ' +
    '告知 认定 存在 以及 办理 协调 落实 核实 调查 维护 权益 合理 合法 正常 情况下 同意 不同意 承诺 拒绝 ' +
    '继续 开始 结果 事情 事项 事实 原因 理由 一些 很多 非常 特别 严重 不再 还是 只是 可是 但是 因为 所以'
  ).split(/\s+/),
);

function describe(
  members: number[],
  items: HotspotItem[],
  prep: Prepared[],
  latest: number,
  halfLife: number,
): HotspotCluster {
  const users = new Set<string>();
  let anonymous = 0;
  let collectivePeople = 0;
  let likes = 0;
  let flaggedRepeats = 0;
  const times: number[] = [];
  const placeCount = new Map<string, { n: number; items: number; surface: Map<string, number> }>();
  const districtCount = new Map<string, number>();
  const kw = new Map<string, number>();
  const centroid = new Map<string, number>();
  const collectiveOf: number[] = [];
  for (const i of members) {
    const it = items[i] as HotspotItem;
    const p = prep[i] as Prepared;
    if (it.user) users.add(it.user);
    else anonymous++;
    const head = Math.max(1, Math.floor(Number(it.headCount ?? 1)) || 1);
    const collective =
      head >= COLLECTIVE_HEAD_COUNT ? Math.min(head, 200) : COLLECTIVE_RE.test(`${it.title ?? ''}${it.text}`) ? 5 : 0;
    collectiveOf.push(collective);
    collectivePeople += collective;
    if (it.isRepeat) flaggedRepeats++;
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
    for (const [t, w] of p.vec) {
      centroid.set(t, (centroid.get(t) ?? 0) + w);
      // A keyword must be carried by many members, not by one long text.
      kw.set(t, (kw.get(t) ?? 0) + Math.min(w, 0.5));
    }
  }
  const size = members.length;
  const people = users.size + anonymous;
  const repeats = Math.max(size - people, flaggedRepeats);
  const bestPlace = [...placeCount.entries()].sort((a, b) => b[1].n - a[1].n)[0];
  let place: string | null = null;
  let placeKey: string | null = null;
  if (bestPlace && bestPlace[1].items >= Math.min(size, Math.max(2, Math.ceil(size * 0.3)))) {
    placeKey = bestPlace[0];
    place =
      [...bestPlace[1].surface.entries()].sort((a, b) => b[1] - a[1] || b[0].length - a[0].length)[0]?.[0] ?? null;
    const dist = [...districtCount.entries()].sort((a, b) => b[1] - a[1])[0];
    if (place && dist && dist[1] >= size * 0.5 && !place.startsWith(dist[0])) place = dist[0] + place;
  }
  const keywords: string[] = [];
  for (const [t] of [...kw.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) {
    if (KEYWORD_STOPWORDS.has(t) || t.length < 2) continue;
    if (place?.includes(t)) continue;
    if (keywords.some((k) => k.includes(t) || t.includes(k))) continue;
    keywords.push(t);
    if (keywords.length >= 5) break;
  }
  let cnorm = 0;
  for (const v of centroid.values()) cnorm += v * v;
  cnorm = Math.sqrt(cnorm) || 1;
  let coh = 0;
  for (const i of members) coh += cos((prep[i] as Prepared).vec, centroid) / cnorm;
  const maxT = times.length ? Math.max(...times) : null;
  const recency = hotspotRecency(maxT, latest, halfLife / 86400000);
  const heat = hotspotHeat({ people, repeats, collectivePeople, likes }, recency);
  const iso = (t: number | null): string | null => (t == null ? null : new Date(t).toISOString().slice(0, 10));
  const matter = keywords.slice(0, 3).join('、');
  const why = (i: number): string => {
    const p = prep[i] as Prepared;
    const parts: string[] = [];
    const atPlace = placeKey ? p.entities.find((e) => e.key === placeKey) : undefined;
    if (atPlace) parts.push(`同一地点：${atPlace.text}`);
    const shared = keywords.filter((k) => p.vec.has(k)).slice(0, 3);
    if (shared.length) parts.push(`共同关键词：${shared.join('、')}`);
    return parts.length ? parts.join('；') : '与本组其他事项内容相近';
  };
  return {
    label: place ? `${place}：${matter}` : matter || '（未提取到关键词）',
    size,
    users: people,
    ids: members.map((i) => (items[i] as HotspotItem).id),
    keywords,
    place,
    matter,
    heat,
    support: { people, repeats, collectivePeople, likes },
    coherence: Math.round((coh / size) * 1000) / 1000,
    members: members.slice(0, 50).map((i) => ({ id: (items[i] as HotspotItem).id, why: why(i) })),
    from: iso(times.length ? Math.min(...times) : null),
    to: iso(maxT),
    facts: members.map((i, k) => {
      const it = items[i] as HotspotItem;
      const p = prep[i] as Prepared;
      return {
        id: it.id,
        why: why(i),
        keywords: keywords.filter((w) => p.vec.has(w)),
        atPlace: placeKey != null && p.entities.some((e) => e.key === placeKey),
        user: it.user ?? null,
        collectivePeople: collectiveOf[k] ?? 0,
        repeat: !!it.isRepeat,
        day: iso(p.time),
      };
    }),
  };
}

/** A cluster's heat: people first, then repeat posts, collective visits' people and likes, damped by age. */
export function hotspotHeat(
  s: { people: number; repeats: number; collectivePeople: number; likes: number },
  recency: number,
): number {
  return (
    Math.round((s.people + 0.5 * s.repeats + 0.2 * s.collectivePeople + 2 * Math.log1p(s.likes)) * recency * 100) / 100
  );
}

/** The recency factor of a cluster whose newest member is `newest` (ms) when the period's newest is `latest`. */
export function hotspotRecency(newest: number | null, latest: number, halfLifeDays = 30): number {
  return newest != null && Number.isFinite(latest)
    ? 0.5 + 0.5 * 0.5 ** ((latest - newest) / (halfLifeDays * 86400000))
    : 1;
}
