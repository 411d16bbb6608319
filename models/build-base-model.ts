/**
 * Builds the shipped base classifier `models/base-classifier.json.gz` from
 * `../shared/data/teddy-train.jsonl` (first-level labels; the data file itself
 * is not committed). Run: `node --import tsx models/build-base-model.ts [input] [output]`.
 * Progress on stderr; the final summary is one JSON line on stdout.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readJsonl, trainFromSamples } from '../server/cli/text-tasks.ts';
import type { Sample } from '../server/text/classifier.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const input = process.argv[2] ?? `${root}../shared/data/teddy-train.jsonl`;
const out = process.argv[3] ?? `${root}models/base-classifier.json.gz`;

if (!existsSync(input)) {
  process.stderr.write(`训练文件不存在：${input}\n`);
  process.exit(1);
}
const rows = readJsonl<{ id?: string; title?: string | null; text: string; label: string; dup_group?: string | null }>(
  input,
);
process.stderr.write(`读取 ${rows.length} 条样本：${input}\n`);
const samples: Sample[] = rows.map((r) => ({ title: r.title ?? null, text: r.text, label: r.label }));
let last = -1;
const summary = trainFromSamples(samples, out, {
  // Re-posted copies share an internal calibration fold, so the fitted confidence is not flattered by them.
  groups: rows.map((r, i) => r.dup_group ?? r.id ?? String(i)),
  onProgress: (done, total, stage) => {
    const pct = Math.floor((100 * done) / Math.max(1, total));
    if (pct !== last) {
      last = pct;
      process.stderr.write(`\r训练中 ${done}/${total} (${pct}%) ${stage}        `);
    }
  },
});
process.stderr.write(
  `\n完成：${summary.samples} 条，${summary.labels.length} 类，${summary.seconds.toFixed(1)} 秒，` +
    `${(summary.bytes / 1048576).toFixed(2)} MB → ${out}\n`,
);
process.stdout.write(JSON.stringify(summary) + '\n');
