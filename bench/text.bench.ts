/**
 * Text-intelligence bench. Prints JSON lines {name, value, unit, baseline, ratio}
 * on stdout (progress on stderr):
 *  - grouped, stratified 5-fold CV macro-F1 / accuracy / per-class F1 of the
 *    product classifier vs multinomial NB on jieba words and vs a plain
 *    word TF-IDF linear SVM, all measured in this run (dup_group kept in one fold);
 *  - classification throughput (one core) vs NB, training time, model size;
 *  - near-duplicate pair recall/precision against dup_group;
 *  - hotspot run time and planted-cluster recovery on synthetic data;
 *  - routing top-1/top-3 on a time split (synthetic unit labels, see below).
 * Run: `node --import tsx bench/text.bench.ts [path/to/teddy-train.jsonl]`.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  f1Report,
  groupFolds,
  predict,
  serializeModel,
  trainClassifier,
  type ClassifierModel,
  type Sample,
} from '../server/text/classifier.ts';
import { groupNearDuplicates, pairwiseScores } from '../server/text/dedup.ts';
import { extractDistrict } from '../server/text/entities.ts';
import { findHotspots } from '../server/text/hotspots.ts';
import { rng } from '../server/text/linear.ts';
import { suggestUnits, type RoutedItem } from '../server/text/routing.ts';
import { tokenize } from '../server/text/segment.ts';
import { syntheticHotspotItems } from '../server/text/testdata.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const file = process.argv[2] ?? `${root}../shared/data/teddy-train.jsonl`;

function emit(name: string, value: number, unit: string, baseline: number | null = null): void {
  const r = (x: number): number => Math.round(x * 10000) / 10000;
  const ratio = baseline != null && baseline !== 0 ? r(value / baseline) : null;
  process.stdout.write(
    JSON.stringify({ name, value: r(value), unit, baseline: baseline == null ? null : r(baseline), ratio }) + '\n',
  );
}
const log = (s: string): void => void process.stderr.write(s + '\n');

if (!existsSync(file)) {
  process.stdout.write(
    JSON.stringify({
      name: 'text.skipped',
      value: 0,
      unit: '',
      baseline: null,
      ratio: null,
      reason: `训练文件不存在：${file}`,
    }) + '\n',
  );
  process.exit(0);
}

interface Row {
  id: string;
  title?: string | null;
  text: string;
  time?: string | null;
  label: string;
  dup_group?: string | null;
}
const rows = readFileSync(file, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Row);
log(`读取 ${rows.length} 条：${file}`);

/** Multinomial naive Bayes on jieba word tokens (Laplace smoothing): the baseline. */
function trainNb(samples: Sample[]): (doc: { title?: string | null; text: string }) => string {
  const labels = [...new Set(samples.map((s) => s.label))].sort();
  const counts = labels.map(() => new Map<string, number>());
  const totals = labels.map(() => 0);
  const prior = labels.map(() => 0);
  const vocab = new Set<string>();
  for (const s of samples) {
    const c = labels.indexOf(s.label);
    prior[c] = (prior[c] as number) + 1;
    for (const t of tokenize(`${s.title ?? ''} ${s.text}`)) {
      counts[c]?.set(t, (counts[c]?.get(t) ?? 0) + 1);
      totals[c] = (totals[c] as number) + 1;
      vocab.add(t);
    }
  }
  const V = vocab.size;
  return (doc) => {
    const toks = tokenize(`${doc.title ?? ''} ${doc.text}`);
    let best = labels[0] as string;
    let bs = -Infinity;
    labels.forEach((l, c) => {
      let s = Math.log((prior[c] as number) / samples.length);
      for (const t of toks) s += Math.log(((counts[c]?.get(t) ?? 0) + 1) / ((totals[c] as number) + V));
      if (s > bs) {
        bs = s;
        best = l;
      }
    });
    return best;
  };
}

const samples: Sample[] = rows.map((r) => ({ title: r.title ?? null, text: r.text, label: r.label }));
const gold = samples.map((s) => s.label);
const K = 5;
const fold = groupFolds(
  gold,
  rows.map((r) => r.dup_group ?? r.id),
  K,
);
const predOurs: string[] = new Array<string>(rows.length).fill('');
const predNb: string[] = new Array<string>(rows.length).fill('');
const predPlain: string[] = new Array<string>(rows.length).fill('');
/** Plain baseline: one word-unigram TF-IDF linear SVM, no title weight, no class balancing, fixed temperature. */
const PLAIN = {
  members: [{ charBlockWeight: 0, titleWeight: 1, wordBlockWeight: 1 }],
  balance: 0,
  minDf: 2,
  calibrationFolds: 0,
};
let cpuOurs = 0;
for (let f = 0; f < K; f++) {
  const tr = samples.filter((_, i) => fold[i] !== f);
  const te = [...samples.keys()].filter((i) => fold[i] === f);
  const c0 = process.cpuUsage();
  const m = trainClassifier(tr);
  const c1 = process.cpuUsage(c0);
  cpuOurs += (c1.user + c1.system) / 1e6;
  for (const i of te) predOurs[i] = predict(m, samples[i] as Sample).label;
  const nb = trainNb(tr);
  for (const i of te) predNb[i] = nb(samples[i] as Sample);
  const plain = trainClassifier(tr, PLAIN);
  for (const i of te) predPlain[i] = predict(plain, samples[i] as Sample).label;
  log(`CV 第 ${f + 1}/${K} 折完成`);
}
const ours = f1Report(gold, predOurs);
const nbr = f1Report(gold, predNb);
const plainr = f1Report(gold, predPlain);
emit('text.classify.cv5.macro_f1', ours.macroF1, 'F1', nbr.macroF1);
emit('text.classify.cv5.macro_f1_vs_plain_svm', ours.macroF1, 'F1', plainr.macroF1);
emit('text.classify.cv5.accuracy', ours.accuracy, 'acc', nbr.accuracy);
for (const l of Object.keys(ours.perClass))
  emit(`text.classify.cv5.f1.${l}`, ours.perClass[l] as number, 'F1', nbr.perClass[l] ?? null);
emit('text.classify.cv5.train_cpu_per_fold', cpuOurs / K, 's', null);

// Full training (the shipped configuration) and throughput on one core.
const c0 = process.cpuUsage();
const w0 = Date.now();
const full: ClassifierModel = trainClassifier(samples);
const c1 = process.cpuUsage(c0);
emit('text.classify.train_time_wall', (Date.now() - w0) / 1000, 's', 60);
emit('text.classify.train_time_cpu', (c1.user + c1.system) / 1e6, 's', 60);
emit('text.classify.model_size', serializeModel(full).length / 1048576, 'MB', null);
const shipped = `${root}models/base-classifier.json.gz`;
if (existsSync(shipped)) emit('text.classify.shipped_model_size', statSync(shipped).size / 1048576, 'MB', null);
const sample = samples.slice(0, 2000);
const nbFull = trainNb(samples);
let t = process.cpuUsage();
for (const s of sample) predict(full, s);
let d = process.cpuUsage(t);
const ips = sample.length / ((d.user + d.system) / 1e6);
t = process.cpuUsage();
for (const s of sample) nbFull(s);
d = process.cpuUsage(t);
emit('text.classify.throughput', ips, 'items/s (cpu)', sample.length / ((d.user + d.system) / 1e6));

// Near-duplicate detection against dup_group.
t = process.cpuUsage();
const dd = groupNearDuplicates(rows, { minSimilarity: 0.7 });
d = process.cpuUsage(t);
const ref = new Map(rows.map((r) => [r.id, r.dup_group ?? r.id] as [string, string]));
const sc = pairwiseScores(
  dd.groups.map((g) => g.ids),
  ref,
);
emit('text.dedup.pair_recall', sc.recall, 'recall', 0.95);
emit('text.dedup.pair_precision', sc.precision, 'precision', 0.9);
emit('text.dedup.true_pairs', sc.truePairs, 'pairs', null);
emit('text.dedup.predicted_pairs', sc.predictedPairs, 'pairs', null);
emit('text.dedup.time', (d.user + d.system) / 1e6, 's', null);

// Hotspots: run time on the whole file, and planted-cluster recovery on synthetic data.
t = process.cpuUsage();
findHotspots(rows, { top: 10 });
d = process.cpuUsage(t);
emit('text.hotspots.time_all_rows', (d.user + d.system) / 1e6, 's', null);
const syn = syntheticHotspotItems();
const top = findHotspots(syn.items, { top: 4 });
const pure = top.filter(
  (c) => new Set(c.ids.map((id) => syn.truth.get(id))).size === 1 && syn.truth.get(c.ids[0] as string) !== '',
).length;
emit('text.hotspots.synthetic_planted_top4_pure', pure / 4, 'share', null);

// Routing: time split over dated rows. Unit labels are SYNTHETIC (the training
// file has none): the district's office for the class with p=0.75, the city
// office 0.15, a random other unit 0.1. Baseline: most frequent unit of the class.
const dated = rows.filter((r) => r.time).sort((a, b) => (a.time as string).localeCompare(b.time as string));
const rr = rng(3);
const units = [...new Set(rows.map((r) => r.label))];
const routed: (RoutedItem & { truth: string })[] = dated.map((r) => {
  const place = extractDistrict(`${r.title ?? ''}${r.text}`) ?? '市本级';
  const x = rr();
  const unitId =
    x < 0.75 ? `${place}/${r.label}` : x < 0.9 ? `市/${r.label}` : `其他/${units[Math.floor(rr() * units.length)]}`;
  return {
    classCode: r.label,
    place,
    unitId,
    unitName: unitId.replace('/', ''),
    date: (r.time as string).slice(0, 10),
    truth: unitId,
  };
});
const split = Math.floor(routed.length * 0.8);
const histR = routed.slice(0, split);
let top1 = 0;
let top3 = 0;
let base1 = 0;
const byClass = new Map<string, Map<string, number>>();
for (const h of histR) {
  const m = byClass.get(h.classCode) ?? new Map<string, number>();
  m.set(h.unitId, (m.get(h.unitId) ?? 0) + 1);
  byClass.set(h.classCode, m);
}
const testR = routed.slice(split);
for (const q of testR) {
  const s = suggestUnits(histR, { classCode: q.classCode, place: q.place }, q.date, { windowDays: 3650 });
  if (s[0]?.unitId === q.truth) top1++;
  if (s.slice(0, 3).some((u) => u.unitId === q.truth)) top3++;
  const best = [...(byClass.get(q.classCode) ?? new Map<string, number>()).entries()].sort((a, b) => b[1] - a[1])[0];
  if (best?.[0] === q.truth) base1++;
}
emit('text.routing.synthetic_top1', top1 / testR.length, 'acc', base1 / testR.length);
emit('text.routing.synthetic_top3', top3 / testR.length, 'acc', null);
log('完成');
