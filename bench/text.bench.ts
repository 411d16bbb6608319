/**
 * Text-intelligence bench. Prints JSON lines {name, value, unit, baseline, ratio} on stdout (progress on
 * stderr), each with its baseline measured in the same run:
 *  - classification (`text-classify.ts`): macro-F1 on grouped CV and on a never-tuned held-out slice vs a
 *    plain TF-IDF + linear SVM, calibration error, 不确定 share, out-of-scope detection, speed, size;
 *  - near-duplicates: pair recall/precision against dup_group, and on a larger sample with generated re-posts,
 *    vs exact matching of the normalised text;
 *  - hot issues (`text-hotspots.ts`): generated big matters in the real messages, dup_groups, coherence.
 * Run: `node --import tsx bench/text.bench.ts [path/to/teddy-train.jsonl]`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dedupText, groupNearDuplicates, pairwiseScores, type DedupItem } from '../server/text/dedup.ts';
import { rng } from '../server/text/linear.ts';
import { contentOnly } from '../server/text/segment.ts';
import { runClassifyBench, type TeddyRow } from './text-classify.ts';
import { runHotspotBench } from './text-hotspots.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const file = process.argv[2] ?? `${root}../shared/data/teddy-train.jsonl`;
const only = process.argv.slice(3);

function emit(name: string, value: number, unit: string, baseline: number | null = null): void {
  const r = (x: number): number => Math.round(x * 10000) / 10000;
  const ratio = baseline != null && baseline !== 0 ? r(value / baseline) : null;
  process.stdout.write(
    `${JSON.stringify({ name, value: r(value), unit, baseline: baseline == null ? null : r(baseline), ratio })}\n`,
  );
}
const log = (s: string): void => void process.stderr.write(`${s}\n`);

if (!existsSync(file)) {
  const skipped = { name: 'text.skipped', value: 0, unit: '', baseline: null, ratio: null };
  process.stdout.write(`${JSON.stringify({ ...skipped, reason: `训练文件不存在：${file}` })}\n`);
  process.exit(0);
}
const rows = readFileSync(file, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as TeddyRow);
log(`读取 ${rows.length} 条：${file}`);
const want = (part: string) => !only.length || only.includes(part);

/**
 * A re-post as people write them: another greeting and closing, re-punctuated, a sentence dropped or added,
 * sometimes a character changed (the same letter sent again, or to another official).
 */
function repost(text: string, r: () => number): string {
  const greet = ['尊敬的领导：', '您好！', '再次反映：', '各位领导，', ''];
  const close = ['请尽快处理！', '盼回复。', '谢谢！', '', '望领导重视。'];
  let parts = text.split(/(?<=[。！？])/).filter((s) => s.trim());
  if (parts.length > 4 && r() < 0.5) parts.splice(Math.floor(r() * parts.length), 1);
  let t = parts.join('');
  if (r() < 0.5) t = t.replace(/，/g, ',').replace(/。/g, '. ');
  if (r() < 0.3 && t.length > 20) {
    const i = Math.floor(r() * t.length);
    t = `${t.slice(0, i)}某${t.slice(i + 1)}`;
  }
  parts = [greet[Math.floor(r() * greet.length)] as string, t, close[Math.floor(r() * close.length)] as string];
  return parts.join('');
}

/**
 * Precision on the training file with every predicted pair read by hand: the pairs the default grouping makes
 * beyond the file's dup_group labels were each read and judged (bench/dedup-handcheck.json). The baseline is
 * the precision the labels alone give. A pair neither labelled nor hand-checked (the grouping changed) is counted
 * as unchecked and printed, so the figure never silently covers pairs nobody read.
 */
function handChecked(rows: TeddyRow[], ref: Map<string, string>): void {
  const path = fileURLToPath(new URL('./dedup-handcheck.json', import.meta.url));
  if (!existsSync(path)) return;
  const checked = (JSON.parse(readFileSync(path, 'utf8')) as { pairs: { a: string; b: string; repost: boolean }[] })
    .pairs;
  const judged = new Map(checked.map((p) => [[p.a, p.b].sort().join('|'), p.repost]));
  const dd = groupNearDuplicates(rows, { minSimilarity: 0.7 });
  let predicted = 0;
  let labelled = 0;
  let byHand = 0;
  let unchecked = 0;
  for (const g of dd.groups)
    for (let i = 0; i < g.ids.length; i++)
      for (let j = i + 1; j < g.ids.length; j++) {
        predicted++;
        const [a, b] = [g.ids[i] as string, g.ids[j] as string];
        if (ref.get(a) === ref.get(b)) labelled++;
        else {
          const v = judged.get([a, b].sort().join('|'));
          if (v === undefined) unchecked++;
          else if (v) byHand++;
        }
      }
  const labelsOnly = predicted ? labelled / predicted : 1;
  emit(
    'text.dedup.hand_checked.pair_precision_vs_labels_only',
    (labelled + byHand) / predicted,
    'precision',
    labelsOnly,
  );
  emit('text.dedup.hand_checked.pairs_read_by_hand', checked.length, 'pairs', null);
  emit('text.dedup.hand_checked.unchecked_pairs', unchecked, 'pairs', 0);
}

function dedupBench(): void {
  const exact = (items: DedupItem[]): string[][] => {
    const by = new Map<string, string[]>();
    for (const it of items) {
      const k = contentOnly(dedupText(it), '');
      by.set(k, [...(by.get(k) ?? []), it.id]);
    }
    return [...by.values()].filter((g) => g.length > 1);
  };
  const measure = (label: string, items: DedupItem[], ref: Map<string, string>): void => {
    const t = process.cpuUsage();
    const dd = groupNearDuplicates(items, { minSimilarity: 0.7 });
    const d = process.cpuUsage(t);
    const ours = pairwiseScores(
      dd.groups.map((g) => g.ids),
      ref,
    );
    const base = pairwiseScores(exact(items), ref);
    emit(`text.dedup.${label}.pair_recall_vs_exact`, ours.recall, 'recall', base.recall);
    emit(`text.dedup.${label}.pair_precision_vs_exact`, ours.precision, 'precision', base.precision);
    emit(`text.dedup.${label}.true_pairs`, ours.truePairs, 'pairs', null);
    emit(`text.dedup.${label}.predicted_pairs`, ours.predictedPairs, 'pairs', null);
    emit(`text.dedup.${label}.time`, (d.user + d.system) / 1e6, 's (cpu)', null);
  };
  const ref = new Map(rows.map((r) => [r.id, r.dup_group ?? r.id] as [string, string]));
  measure('dup_group', rows, ref);
  handChecked(rows, ref);
  // Larger sample: 1,000 generated re-posts of messages that have no copy yet, mixed into the file.
  const r = rng(17);
  const groupSize = new Map<string, number>();
  for (const x of rows) groupSize.set(ref.get(x.id) as string, (groupSize.get(ref.get(x.id) as string) ?? 0) + 1);
  const single = rows.filter((x) => groupSize.get(ref.get(x.id) as string) === 1 && x.text.length >= 60);
  const extra: DedupItem[] = [];
  const ref2 = new Map(ref);
  for (let i = 0; i < 1000 && single.length; i++) {
    const src = single.splice(Math.floor(r() * single.length), 1)[0] as TeddyRow;
    const id = `${src.id}-re${i}`;
    extra.push({ id, title: src.title, text: repost(src.text, r) });
    ref2.set(src.id, `re:${src.id}`);
    ref2.set(id, `re:${src.id}`);
  }
  measure('with_reposts', [...rows, ...extra], ref2);
}

if (want('classify')) runClassifyBench(rows, emit, log);
if (want('dedup')) dedupBench();
if (want('hotspots')) runHotspotBench(rows, emit, log);
log('完成');
