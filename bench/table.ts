/**
 * Turns the JSON lines of `npm run bench` (stdin) into a Markdown table for docs/performance.md:
 *   npm run bench -- --items 100000 | node --import tsx bench/table.ts
 *   node --import tsx bench/table.ts --after < before.jsonl   with an empty "after" column to fill in
 */
import { readFileSync } from 'node:fs';

const lines = readFileSync(0, 'utf8')
  .split('\n')
  .filter((l) => l.startsWith('{'))
  .map((l) => JSON.parse(l) as Record<string, unknown>);
const skip = new Set(['name', 'value', 'unit', 'baseline', 'ratio', 'baselineOf', 'pragmas']);
const fmt = (v: unknown) => (typeof v === 'number' ? String(Math.round(v * 100) / 100) : String(v ?? '—'));
const after = process.argv.includes('--after');
process.stdout.write(
  after
    ? '| figure | before | unit | baseline | ratio | after | baseline is | details |\n' + '|---'.repeat(8) + '|\n'
    : '| figure | value | unit | baseline | ratio | baseline is | details |\n' + '|---'.repeat(7) + '|\n',
);
for (const l of lines) {
  const extra = Object.entries(l)
    .filter(([k]) => !skip.has(k))
    .map(([k, v]) => `${k} ${fmt(v)}`)
    .join(', ');
  process.stdout.write(
    `| ${l.name} | ${fmt(l.value)} | ${l.unit} | ${fmt(l.baseline)} | ${fmt(l.ratio)} |` +
      `${after ? '  |' : ''} ${fmt(l.baselineOf ?? '')} | ${extra} |\n`,
  );
}
