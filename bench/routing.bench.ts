/**
 * Routing-suggestion bench on the demo district with a time split: the routing history up to a cut-off date
 * (the first 80 % of routed items) trains the suggestion, and every item routed after it is a test case (its
 * true lead unit known). Prints top-1 and top-3 accuracy of xinfang's suggestion against two baselines measured
 * in the same run: the base rate (the unit that handled most items before the cut-off, for every item) and
 * the unit that most often handled the item's first-level class.
 * Run: `node --import tsx bench/routing.bench.ts [items]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDemo } from '../server/demo/seed-demo.ts';
import { openApp } from '../server/compose.ts';
import { findHotspots, type HotspotCluster } from '../server/text/hotspots.ts';
import { routingCounts, suggestUnits, type RoutedItem } from '../server/text/routing.ts';
import { emit as emitFigure } from './scale/emit.ts';

const items = Number(process.argv[2] ?? 2000);
const today = '2025-11-20';
const dir = mkdtempSync(join(tmpdir(), 'xinfang-routing-'));
const app = await openApp(join(dir, 'r.db'), join(dir, 'k.json'), () => new Date(`${today}T02:00:00Z`));
process.stderr.write(`seeding ${items} demo items…\n`);
await seedDemo(app.deps, {
  today,
  items,
  onProgress: (d, t) => {
    if (d % 500 === 0) process.stderr.write(`  ${d}/${t}\n`);
  },
});
const rows = await app.deps.db
  .selectFrom('items as i')
  .innerJoin('units as u', 'u.id', 'i.lead_unit_id')
  .select(['i.class_path', 'i.place', 'i.legal_flag', 'i.title', 'i.lead_unit_id', 'u.name', 'i.routed_on'])
  .where('i.routed_on', 'is not', null)
  .where('i.class_path', 'is not', null)
  .orderBy('i.routed_on')
  .orderBy('i.id')
  .execute();
const all_items = await app.deps.db
  .selectFrom('items as i')
  .leftJoin('petitioners as p', (j) => j.onRef('p.item_id', '=', 'i.id').on('p.ord', '=', 0))
  .select([
    'i.id',
    'i.title',
    'i.content',
    'i.registered_on',
    'i.head_count',
    'i.is_repeat',
    'i.class_path',
    'i.place',
    'p.name_hash',
  ])
  .execute();
await app.close();
rmSync(dir, { recursive: true, force: true });

const all: RoutedItem[] = rows.map((r) => ({
  classCode: r.class_path!,
  place: r.place,
  legal: Number(r.legal_flag) === 1,
  title: r.title,
  unitId: r.lead_unit_id!,
  unitName: r.name,
  date: r.routed_on!,
}));
const cut = Math.floor(all.length * 0.8);
const history = all.slice(0, cut);
const test = all.slice(cut);
const t0 = process.cpuUsage();
const { counts, names } = routingCounts(history);
let top1 = 0;
let top3 = 0;
let class1 = 0;
let class3 = 0;
const first = (c: string) => c.split('/')[0]!;
const byClass = new Map<string, Map<string, number>>();
const overall = new Map<string, number>();
for (const h of history) {
  const m = byClass.get(first(h.classCode)) ?? new Map<string, number>();
  m.set(h.unitId, (m.get(h.unitId) ?? 0) + 1);
  byClass.set(first(h.classCode), m);
  overall.set(h.unitId, (overall.get(h.unitId) ?? 0) + 1);
}
const rank = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]).map(([u]) => u);
const baseRanked = rank(overall);
let base1 = 0;
let base3 = 0;
for (const t of test) {
  const s = suggestUnits(counts, names, { classCode: t.classCode, place: t.place, legal: t.legal, title: t.title }).map(
    (x) => x.unitId,
  );
  if (s[0] === t.unitId) top1++;
  if (s.slice(0, 3).includes(t.unitId)) top3++;
  const ranked = rank(byClass.get(first(t.classCode)) ?? new Map());
  if (ranked[0] === t.unitId) class1++;
  if (ranked.slice(0, 3).includes(t.unitId)) class3++;
  if (baseRanked[0] === t.unitId) base1++;
  if (baseRanked.slice(0, 3).includes(t.unitId)) base3++;
}
const d = process.cpuUsage(t0);
const emit = (name: string, value: number, baseline: number, unit = 'accuracy') =>
  emitFigure(name, value, unit, baseline);
process.stderr.write(
  `history ${history.length} items up to ${String(history[history.length - 1]!.date)}, ` +
    `test ${test.length} later items, ${names.size} units\n`,
);
emit('routing.top1_vs_base_rate', top1 / test.length, base1 / test.length);
emit('routing.top3_vs_base_rate', top3 / test.length, base3 / test.length);
emit('routing.top1_vs_class_majority', top1 / test.length, class1 / test.length);
emit('routing.top3_vs_class_majority', top3 / test.length, class3 / test.length);
emit('routing.suggestions_per_s', test.length / ((d.user + d.system) / 1e6), 0, 'items/s (cpu)');

// Hot issues on the same demo district: no catch-all cluster. A demo item's matter is its class path and
// place as the generator wrote them; a cluster's purity is the share of its largest matter.
const hsItems = all_items.map((r) => ({
  id: r.id,
  title: r.title,
  text: r.content,
  time: r.registered_on,
  user: r.name_hash,
  headCount: Number(r.head_count),
  isRepeat: Number(r.is_repeat) === 1,
}));
const matterOf = new Map(all_items.map((r) => [r.id, `${r.class_path ?? ''}|${r.place ?? ''}`]));
const describeTop = (cl: HotspotCluster[]) => {
  const top = cl.slice(0, 10);
  let ok = 0;
  let n = 0;
  for (const c of top) {
    const m = new Map<string, number>();
    for (const id of c.ids) m.set(matterOf.get(id) ?? '', (m.get(matterOf.get(id) ?? '') ?? 0) + 1);
    ok += Math.max(...m.values());
    n += c.size;
  }
  return { largest: Math.max(0, ...cl.map((c) => c.size)), purity: n ? ok / n : 1, first: top[0] };
};
const hsOurs = describeTop(findHotspots(hsItems, { top: 50 }));
const hsBefore = describeTop(findHotspots(hsItems, { top: 50, mergeCoherence: 0 }));
process.stderr.write(
  `demo top hot issue: ${hsOurs.first?.label} (${hsOurs.first?.size}); ` +
    `without the bound: ${hsBefore.first?.label} (${hsBefore.first?.size})\n`,
);
emit('hotspots.demo.largest_cluster', hsOurs.largest, hsBefore.largest, 'items');
emit('hotspots.demo.top10_matter_purity', hsOurs.purity, hsBefore.purity, 'share');
