/**
 * Hot-issue part of the text bench, on the training file's real messages:
 *  - five generated big matters (150 … 25 posts each about one place and one problem, see
 *    `server/text/testdata.ts`) mixed into the 5,569 real messages: F1 of the best cluster per matter, whether
 *    that cluster is in the top ten, and whether the five rank by people;
 *  - the file's dup_groups (re-posted copies) as small real matters: mean best-cluster F1;
 *  - coherence: mean member-to-centroid cosine and class purity of the top clusters, size of the largest;
 * each against the same clustering without the coherence bound (the earlier behaviour), in the same run.
 */
import { findHotspots, type HotspotCluster, type HotspotItem } from '../server/text/hotspots.ts';
import { bigMatterItems } from '../server/text/testdata.ts';
import type { TeddyRow } from './text-classify.ts';

type Emit = (name: string, value: number, unit: string, baseline?: number | null) => void;

/** F1 of the best cluster for each reference group (ids → group), and that cluster's rank. */
function bestF1(clusters: HotspotCluster[], truth: Map<string, string>): Map<string, { f1: number; rank: number }> {
  const size = new Map<string, number>();
  for (const g of truth.values()) size.set(g, (size.get(g) ?? 0) + 1);
  const out = new Map<string, { f1: number; rank: number }>();
  clusters.forEach((c, rank) => {
    const hit = new Map<string, number>();
    for (const id of c.ids) {
      const g = truth.get(id);
      if (g) hit.set(g, (hit.get(g) ?? 0) + 1);
    }
    for (const [g, k] of hit) {
      const f1 = (2 * k) / (c.size + (size.get(g) as number));
      if (f1 > (out.get(g)?.f1 ?? 0)) out.set(g, { f1, rank });
    }
  });
  for (const g of size.keys()) if (!out.has(g)) out.set(g, { f1: 0, rank: Number.POSITIVE_INFINITY });
  return out;
}

function purity(clusters: HotspotCluster[], label: Map<string, string>): number {
  let ok = 0;
  let all = 0;
  for (const c of clusters) {
    const n = new Map<string, number>();
    for (const id of c.ids) n.set(label.get(id) ?? '', (n.get(label.get(id) ?? '') ?? 0) + 1);
    ok += Math.max(...n.values());
    all += c.size;
  }
  return all ? ok / all : 1;
}

/** Runs the hot-issue bench. */
export function runHotspotBench(rows: TeddyRow[], emit: Emit, log: (s: string) => void): void {
  const real: HotspotItem[] = rows.map((r) => ({ id: r.id, title: r.title, text: r.text, time: r.time }));
  const big = bigMatterItems();
  const mixed = [...real, ...big.items];
  const label = new Map(rows.map((r) => [r.id, r.label]));
  for (const it of big.items) label.set(it.id, `planted:${big.truth.get(it.id)}`);
  const run = (mergeCoherence: number) => {
    const t = process.cpuUsage();
    const cl = findHotspots(mixed, { top: 100000, mergeCoherence });
    const d = process.cpuUsage(t);
    return { cl, s: (d.user + d.system) / 1e6 };
  };
  const ours = run(0.3);
  const before = run(0);
  log(`热点：${ours.cl.length} 个簇（无一致性约束时 ${before.cl.length} 个）`);
  const score = (cl: HotspotCluster[]) => {
    const per = bestF1(cl, big.truth);
    const f1s = [...per.values()];
    const inTop = f1s.filter((x) => x.rank < 10 && x.f1 >= 0.8).length;
    return {
      per,
      meanF1: f1s.reduce((a, x) => a + x.f1, 0) / f1s.length,
      minF1: Math.min(...f1s.map((x) => x.f1)),
      inTop,
    };
  };
  const a = score(ours.cl);
  const b = score(before.cl);
  emit('text.hotspots.big_matters.mean_f1', a.meanF1, 'F1', b.meanF1);
  emit('text.hotspots.big_matters.min_f1', a.minF1, 'F1', b.minF1);
  emit('text.hotspots.big_matters.one_cluster_f1_ge_0.8_in_top10', a.inTop, 'of 5', b.inTop);
  for (const [g, v] of a.per) emit(`text.hotspots.big_matters.f1.${g}`, v.f1, 'F1', b.per.get(g)?.f1 ?? null);
  // The five should rank by people: 150 > 90 > 60 > 40 > 25 posts with proportionally many users.
  const ranks = [...a.per.values()].map((x) => x.rank);
  const ordered = ranks.every((r, i) => i === 0 || (ranks[i - 1] as number) < r);
  emit('text.hotspots.big_matters.ranked_by_people', ordered ? 1 : 0, 'bool', null);

  const dup = new Map<string, string>();
  const count = new Map<string, number>();
  for (const r of rows) if (r.dup_group) count.set(r.dup_group, (count.get(r.dup_group) ?? 0) + 1);
  for (const r of rows) if (r.dup_group && (count.get(r.dup_group) ?? 0) >= 2) dup.set(r.id, r.dup_group);
  const mean = (m: Map<string, { f1: number }>) => [...m.values()].reduce((s, x) => s + x.f1, 0) / Math.max(1, m.size);
  emit('text.hotspots.dup_groups.mean_f1', mean(bestF1(ours.cl, dup)), 'F1', mean(bestF1(before.cl, dup)));

  const top = (cl: HotspotCluster[], k: number) => cl.filter((c) => c.size >= 3).slice(0, k);
  const coh = (cl: HotspotCluster[]) => cl.reduce((s, c) => s + c.coherence, 0) / Math.max(1, cl.length);
  emit('text.hotspots.top20.mean_coherence', coh(top(ours.cl, 20)), 'cosine', coh(top(before.cl, 20)));
  emit('text.hotspots.top20.class_purity', purity(top(ours.cl, 20), label), 'share', purity(top(before.cl, 20), label));
  const largestReal = (cl: HotspotCluster[]) =>
    Math.max(0, ...cl.map((c) => c.ids.filter((id) => !big.truth.has(id)).length));
  emit('text.hotspots.largest_real_cluster', largestReal(ours.cl), 'items', largestReal(before.cl));
  emit('text.hotspots.time_all_rows', ours.s, 's (cpu)', before.s);
}
