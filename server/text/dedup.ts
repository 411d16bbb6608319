/**
 * Near-duplicate grouping of messages (re-posted copies of one letter) using
 * the MinHash-LSH index and union-find.
 */
import { contentOnly } from './segment.ts';
import { SimilarityIndex, type MinHashOptions } from './similarity.ts';

/** A message to deduplicate. */
export interface DedupItem {
  id: string;
  title?: string | null;
  text: string;
}

/** A group of near-duplicate messages. */
export interface DupGroup {
  /** Member ids in input order. */
  ids: string[];
  size: number;
  /** Lowest similarity among the linking pairs of the group. */
  minSimilarity: number;
}

/** Options for {@link groupNearDuplicates}. */
export interface DedupOptions {
  /** Estimated shingle Jaccard at or above which two messages are copies (default 0.6). */
  minSimilarity?: number;
  /** Max neighbours examined per message (default 50). */
  k?: number;
  minhash?: Partial<MinHashOptions>;
}

/**
 * The text compared for duplicates: the body, or title + body when the body
 * is very short (fewer than 20 content characters).
 */
export function dedupText(item: { title?: string | null; text: string }): string {
  const body = item.text ?? '';
  return contentOnly(body, '').length >= 20 ? body : `${item.title ?? ''}。${body}`;
}

class UnionFind {
  private readonly parent: number[];
  constructor(n: number) {
    this.parent = Array.from({ length: n }, (_, i) => i);
  }
  find(x: number): number {
    let r = x;
    while (this.parent[r] !== r) r = this.parent[r] as number;
    let c = x;
    while (this.parent[c] !== r) {
      const next = this.parent[c] as number;
      this.parent[c] = r;
      c = next;
    }
    return r;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

/**
 * Groups near-duplicate messages: every message is queried against the index
 * of all messages, pairs with similarity ≥ `minSimilarity` are linked, and
 * linked components become groups. Returns groups of size ≥ 2, largest first,
 * plus all linking pairs.
 */
export function groupNearDuplicates(
  items: DedupItem[],
  opts: DedupOptions = {},
): { groups: DupGroup[]; pairs: { a: string; b: string; similarity: number }[] } {
  const min = opts.minSimilarity ?? 0.6;
  const index = new SimilarityIndex(opts.minhash);
  const pos = new Map<string, number>();
  items.forEach((it, i) => {
    pos.set(it.id, i);
    index.add(it.id, dedupText(it));
  });
  const uf = new UnionFind(items.length);
  const pairs: { a: string; b: string; similarity: number }[] = [];
  const minOf = new Map<number, number>();
  items.forEach((it, i) => {
    const sig = index.signatureOf(it.id);
    if (!sig) return;
    for (const hit of index.query(sig, { k: opts.k ?? 50, minSimilarity: min, exclude: it.id })) {
      const j = pos.get(hit.id) as number;
      if (j <= i) continue;
      pairs.push({ a: it.id, b: hit.id, similarity: hit.similarity });
      uf.union(i, j);
      minOf.set(i, Math.min(minOf.get(i) ?? 1, hit.similarity));
    }
  });
  const comps = new Map<number, number[]>();
  items.forEach((_, i) => {
    const r = uf.find(i);
    const c = comps.get(r);
    if (c) c.push(i);
    else comps.set(r, [i]);
  });
  const groups: DupGroup[] = [];
  for (const members of comps.values()) {
    if (members.length < 2) continue;
    let m = 1;
    for (const i of members) m = Math.min(m, minOf.get(i) ?? 1);
    groups.push({ ids: members.map((i) => (items[i] as DedupItem).id), size: members.length, minSimilarity: m });
  }
  groups.sort((a, b) => b.size - a.size || b.minSimilarity - a.minSimilarity);
  return { groups, pairs };
}

/**
 * Pairwise precision/recall of predicted groups against reference groups
 * (e.g. the `dup_group` field): a pair counts when both messages share a group.
 */
export function pairwiseScores(
  predicted: string[][],
  reference: Map<string, string>,
): { truePairs: number; predictedPairs: number; correctPairs: number; precision: number; recall: number } {
  const byRef = new Map<string, number>();
  for (const g of reference.values()) byRef.set(g, (byRef.get(g) ?? 0) + 1);
  let truePairs = 0;
  for (const n of byRef.values()) truePairs += (n * (n - 1)) / 2;
  let predictedPairs = 0;
  let correctPairs = 0;
  for (const g of predicted) {
    for (let i = 0; i < g.length; i++) {
      for (let j = i + 1; j < g.length; j++) {
        predictedPairs++;
        const ra = reference.get(g[i] as string);
        if (ra !== undefined && ra === reference.get(g[j] as string)) correctPairs++;
      }
    }
  }
  return {
    truePairs,
    predictedPairs,
    correctPairs,
    precision: predictedPairs ? correctPairs / predictedPairs : 1,
    recall: truePairs ? correctPairs / truePairs : 1,
  };
}
