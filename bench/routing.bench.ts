/**
 * Routing-suggestion bench on the demo district with a time split: the units' routing history up to a cut-off
 * date trains the suggestion, and every item routed after it is a test case (its true lead unit known).
 * Prints top-1 and top-3 accuracy of xinfang's suggestion against a baseline measured in the same run:
 * "the unit that most often handled this first-level class before the cut-off".
 * Run: `node --import tsx bench/routing.bench.ts [items]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDemo } from '../server/demo/seed-demo.ts';
import { openApp } from '../server/compose.ts';
import { suggestUnits, type RoutedItem } from '../server/text/routing.ts';

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
  .select(['i.class_path', 'i.place', 'i.lead_unit_id', 'u.name', 'i.routed_on'])
  .where('i.routed_on', 'is not', null)
  .where('i.class_path', 'is not', null)
  .orderBy('i.routed_on')
  .execute();
await app.close();
rmSync(dir, { recursive: true, force: true });

const all: RoutedItem[] = rows.map((r) => ({
  classCode: r.class_path!,
  place: r.place,
  unitId: r.lead_unit_id!,
  unitName: r.name,
  date: r.routed_on!,
}));
const cut = Math.floor(all.length * 0.8);
const history = all.slice(0, cut);
const test = all.slice(cut);
const cutDate = String(history[history.length - 1]!.date);
let top1 = 0;
let top3 = 0;
let base1 = 0;
let base3 = 0;
const first = (c: string) => c.split('/')[0]!;
const byClass = new Map<string, Map<string, number>>();
for (const h of history) {
  const m = byClass.get(first(h.classCode)) ?? new Map<string, number>();
  m.set(h.unitId, (m.get(h.unitId) ?? 0) + 1);
  byClass.set(first(h.classCode), m);
}
for (const t of test) {
  const s = suggestUnits(history, { classCode: t.classCode, place: t.place }, cutDate).map((x) => x.unitId);
  if (s[0] === t.unitId) top1++;
  if (s.slice(0, 3).includes(t.unitId)) top3++;
  const ranked = [...(byClass.get(first(t.classCode)) ?? new Map()).entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([u]) => u);
  if (ranked[0] === t.unitId) base1++;
  if (ranked.slice(0, 3).includes(t.unitId)) base3++;
}
const emit = (name: string, value: number, baseline: number) =>
  process.stdout.write(
    `${JSON.stringify({ name, value: Math.round(value * 1000) / 1000, unit: 'accuracy', baseline: Math.round(baseline * 1000) / 1000, ratio: baseline ? Math.round((value / baseline) * 1000) / 1000 : null })}\n`,
  );
process.stderr.write(`history ${history.length} items up to ${cutDate}, test ${test.length} later items\n`);
emit('routing.top1', top1 / test.length, base1 / test.length);
emit('routing.top3', top3 / test.length, base3 / test.length);
