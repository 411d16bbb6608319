import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { Command } from 'commander';
import { registerTextCommands } from '../cli/text.command.ts';
import { syntheticHotspotItems } from './testdata.ts';

function run(args: string[], stdin = ''): Promise<{ out: string; err: string; code: number }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const program = new Command('xinfang').exitOverride();
  registerTextCommands(program, { stdin: Readable.from([stdin]), stdout, stderr });
  const before = process.exitCode;
  process.exitCode = 0;
  return program.parseAsync(['node', 'xinfang', ...args]).then(() => {
    const code = Number(process.exitCode ?? 0);
    process.exitCode = before;
    return { out, err, code };
  });
}

const dir = mkdtempSync(join(tmpdir(), 'xinfang-text-'));
const rows = [
  ...Array.from({ length: 12 }, (_, i) => ({
    text: `小区物业公司乱收物业费，电梯坏了${i}天没人修`,
    label: '城乡建设',
  })),
  ...Array.from({ length: 12 }, (_, i) => ({
    text: `老板拖欠农民工工资${i}个月，劳动监察不管`,
    label: '劳动和社会保障',
  })),
];
writeFileSync(join(dir, 'train.jsonl'), rows.map((r) => JSON.stringify(r)).join('\n'));

test('text train writes a model; classify streams JSON lines in order', async () => {
  const model = join(dir, 'm.json.gz');
  const t = await run(['text', 'train', '--input', join(dir, 'train.jsonl'), '--out', model]);
  assert.equal(t.code, 0, t.err);
  assert.equal(t.out, '');
  assert.ok(existsSync(model));
  const input = [
    { id: 'a', text: '物业费太贵，电梯没人修' },
    { id: 'b', title: '讨薪', text: '拖欠工资半年' },
  ]
    .map((x) => JSON.stringify(x))
    .join('\n');
  const c = await run(['text', 'classify', '--model', model], input);
  assert.equal(c.code, 0, c.err);
  const lines = c.out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { id: string; label: string; scores: { label: string; p: number }[] });
  assert.deepEqual(
    lines.map((l) => l.id),
    ['a', 'b'],
  );
  assert.equal(lines[0]?.label, '城乡建设');
  assert.equal(lines[1]?.label, '劳动和社会保障');
  assert.equal(lines[0]?.scores.length, 2);
});

test('errors go to stderr with a non-zero exit code', async () => {
  const bad = await run(['text', 'classify', '--model', join(dir, 'missing.gz')], '{}');
  assert.equal(bad.code, 1);
  assert.equal(bad.out, '');
  assert.match(bad.err, /模型文件不存在/);
  const db = await run(['text', 'train', '--from-db', '--out', join(dir, 'x.gz')]);
  assert.equal(db.code, 1);
  assert.match(db.err, /--from-db/);
});

test('hotspots and dedup print one JSON document', async () => {
  const { items } = syntheticHotspotItems();
  const file = join(dir, 'hot.jsonl');
  writeFileSync(file, items.map((x) => JSON.stringify(x)).join('\n'));
  const h = await run(['text', 'hotspots', '--input', file, '--top', '3']);
  assert.equal(h.code, 0, h.err);
  const doc = JSON.parse(h.out) as {
    clusters: { label: string; size: number; users: number; ids: string[]; keywords: string[]; place: string | null }[];
  };
  assert.equal(doc.clusters.length, 3);
  assert.equal(doc.clusters[0]?.place, 'A2区金桂苑小区');
  const d = await run(['text', 'dedup', '--input', file]);
  assert.equal(d.code, 0, d.err);
  const dd = JSON.parse(d.out) as { items: number; groups: { ids: string[] }[] };
  assert.equal(dd.items, items.length);
  assert.ok(dd.groups.length > 0);
});
