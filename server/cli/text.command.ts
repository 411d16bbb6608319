/**
 * `xinfang text …` commands: train / classify / hotspots / dedup.
 * stdout carries only the JSON results; progress and errors go to stderr,
 * errors set a non-zero exit code.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import {
  loadModel,
  predict,
  saveModel,
  trainClassifier,
  type ClassifierModel,
  type Sample,
  type TrainOptions,
} from '../text/classifier.ts';
import { evaluateCandidate, timeSplit, type DatedSample, type ModelEvaluation } from '../text/office.ts';
import { groupNearDuplicates } from '../text/dedup.ts';
import { findHotspots, type HotspotItem } from '../text/hotspots.ts';

/** Path of the shipped base model. */
export const BASE_MODEL_PATH = fileURLToPath(new URL('../../models/base-classifier.json.gz', import.meta.url));

/** Streams used by the commands (injectable for tests). */
export interface TextIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
}

/** Result summary of {@link trainFromSamples}. */
export interface TrainSummary {
  out: string;
  samples: number;
  labels: string[];
  seconds: number;
  bytes: number;
}

/**
 * Trains a classifier on samples and writes it to `out` (gzip model file).
 * Used by `text train --input` and, after the integrator wires the store,
 * by `text train --from-db` (which loads {title, text, label} rows and calls this).
 */
export function trainFromSamples(samples: Sample[], out: string, opts: TrainOptions = {}): TrainSummary {
  const keep = samples.map(
    (s) => typeof s.text === 'string' && s.text.trim() !== '' && typeof s.label === 'string' && s.label !== '',
  );
  const clean = samples.filter((_, i) => keep[i]);
  if (clean.length < 2) throw new Error('训练样本不足（需要至少 2 条含 text 与 label 的样本）');
  const t0 = Date.now();
  const groups = opts.groups?.filter((_, i) => keep[i]);
  const model = trainClassifier(clean, { ...opts, groups });
  const bytes = saveModel(out, model);
  return { out, samples: clean.length, labels: model.labels, seconds: (Date.now() - t0) / 1000, bytes };
}

/**
 * Trains an office model from the office's confirmed, dated items and compares it with the current model on a
 * time split (the oldest 80 % train a candidate, the newest 20 % test both). Writes the model trained on all
 * items to `out` and the comparison to `out` + '.eval.json'; returns both. Whether to switch is the record's
 * `switch` field: a scheduler or an administrator acts on it.
 */
export function trainOfficeModel(
  samples: DatedSample[],
  out: string,
  current: { name: string; model: ClassifierModel },
  opts: TrainOptions & { now?: Date } = {},
): { summary: TrainSummary; evaluation: ModelEvaluation } {
  const { train, test, cut } = timeSplit(samples, 0.8);
  const candidate = trainClassifier(train, { ...opts, onProgress: undefined });
  const evaluation = evaluateCandidate({
    current,
    candidate: { name: out, model: candidate },
    test,
    trainItems: train.length,
    cut,
    at: (opts.now ?? new Date()).toISOString(),
  });
  const summary = trainFromSamples(samples, out, opts);
  writeFileSync(`${out}.eval.json`, `${JSON.stringify(evaluation, null, 2)}\n`);
  return { summary, evaluation };
}

/** Reads a JSON-lines file; throws with the line number on invalid JSON. */
export function readJsonl<T>(path: string): T[] {
  if (!existsSync(path)) throw new Error(`输入文件不存在：${path}`);
  const out: T[] = [];
  readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .forEach((line, i) => {
      if (!line.trim()) return;
      try {
        out.push(JSON.parse(line) as T);
      } catch {
        throw new Error(`第 ${i + 1} 行不是合法的 JSON`);
      }
    });
  return out;
}

function fail(io: TextIo, e: unknown): void {
  io.stderr.write(`错误：${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
}

/** Classifies JSON lines {id, title?, text} from `input` into `output`, same order. */
export async function classifyStream(modelPath: string, input: Readable, output: Writable): Promise<number> {
  const model = loadModel(modelPath);
  const rl = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  let lineNo = 0;
  for await (const line of rl) {
    lineNo++;
    if (!line.trim()) continue;
    let doc: { id?: unknown; title?: string | null; text?: unknown };
    try {
      doc = JSON.parse(line) as typeof doc;
    } catch {
      throw new Error(`第 ${lineNo} 行不是合法的 JSON`);
    }
    if (typeof doc.text !== 'string') throw new Error(`第 ${lineNo} 行缺少 text 字段`);
    const p = predict(model, { title: doc.title ?? null, text: doc.text }, 3);
    output.write(
      JSON.stringify({ id: doc.id ?? null, label: p.label, status: p.status, margin: p.margin, scores: p.scores }) +
        '\n',
    );
    n++;
  }
  return n;
}

/**
 * Registers `text train|classify|hotspots|dedup` on a commander program.
 * `io` defaults to the process streams.
 */
export function registerTextCommands(
  program: Command,
  io?: TextIo,
  fromDb?: (db: string | undefined) => Promise<DatedSample[]>,
): void {
  const s = (): TextIo => io ?? { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
  const text = program.command('text').description('中文文本智能：分类、重复件、热点');

  text
    .command('train')
    .description('训练诉求内容分类模型（输入 JSON 行：{title?, text, label}）')
    .option('--input <file>', '训练数据 JSONL 文件')
    .option('--from-db', '从本单位数据库中已确认分类的事项训练（学习本单位自己的分类）')
    .option('--db <path>', '与 --from-db 同用：数据库文件路径或 postgres:// 连接串')
    .requiredOption('--out <model>', '输出模型文件（.json.gz）')
    .option('--c <number>', 'SVM 正则参数 C', '1')
    .option('--current <model>', '与 --from-db 同用：与之比较的当前模型（默认 XINFANG_MODEL，否则内置基础模型）')
    .action(async (o: { input?: string; fromDb?: boolean; db?: string; out: string; c: string; current?: string }) => {
      const st = s();
      try {
        if (o.fromDb && !fromDb)
          throw new Error('此命令行未接入数据库，不能使用 --from-db；请使用 --input 指定训练文件');
        if (!o.input && !o.fromDb) throw new Error('请指定 --input 训练文件或 --from-db');
        const samples = o.fromDb ? await fromDb!(o.db) : readJsonl<Sample>(o.input!);
        if (samples.length < 20)
          throw new Error(`可用于训练的样本只有 ${samples.length} 条，至少需要 20 条已确认分类的事项`);
        const bar = new cliProgress.SingleBar(
          {
            stream: st.stderr as NodeJS.WritableStream,
            format: '训练 [{bar}] {value}/{total} {stage}',
            noTTYOutput: true,
            notTTYSchedule: 2000,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(1, 0, { stage: '特征' });
        const trainOpts: TrainOptions = {
          C: Number(o.c),
          onProgress: (done, total, stage) => {
            bar.setTotal(total);
            bar.update(done, { stage });
          },
        };
        let r: TrainSummary;
        if (o.fromDb) {
          const currentPath =
            o.current ??
            (process.env.XINFANG_MODEL && existsSync(process.env.XINFANG_MODEL)
              ? process.env.XINFANG_MODEL
              : BASE_MODEL_PATH);
          if (!existsSync(currentPath)) throw new Error(`当前模型文件不存在：${currentPath}`);
          const res = trainOfficeModel(
            samples as DatedSample[],
            o.out,
            { name: currentPath, model: loadModel(currentPath) },
            trainOpts,
          );
          r = res.summary;
          st.stdout.write(`${JSON.stringify(res.evaluation)}\n`);
          st.stderr.write(`\n与当前模型比较（按时间切分）：${res.evaluation.reason} → ${o.out}.eval.json\n`);
        } else r = trainFromSamples(samples, o.out, trainOpts);
        bar.stop();
        st.stderr.write(
          `已训练 ${r.samples} 条样本、${r.labels.length} 个类别，用时 ${r.seconds.toFixed(1)} 秒，模型 ${(r.bytes / 1048576).toFixed(2)} MB → ${r.out}\n`,
        );
      } catch (e) {
        fail(st, e);
      }
    });

  text
    .command('classify')
    .description('分类：stdin 读取 {id, title?, text} JSON 行，stdout 输出 {id, label, scores}')
    .option('--model <model>', '模型文件', BASE_MODEL_PATH)
    .action(async (o: { model: string }) => {
      const st = s();
      try {
        if (!existsSync(o.model)) throw new Error(`模型文件不存在：${o.model}`);
        await classifyStream(o.model, st.stdin, st.stdout);
      } catch (e) {
        fail(st, e);
      }
    });

  text
    .command('hotspots')
    .description('热点问题：按事项与地点聚类并按热度排序')
    .requiredOption('--input <file>', '输入 JSONL：{id, title?, text, time?, user?}')
    .option('--top <n>', '输出前 N 个热点', '10')
    .action((o: { input: string; top: string }) => {
      const st = s();
      try {
        const items = readJsonl<HotspotItem>(o.input).map((x, i) => ({
          ...x,
          id: String(x.id ?? i + 1),
          text: String(x.text ?? ''),
        }));
        const top = Number.parseInt(o.top, 10);
        if (!Number.isFinite(top) || top < 1) throw new Error('--top 必须是正整数');
        const clusters = findHotspots(items, { top }).map((c) => ({
          label: c.label,
          size: c.size,
          users: c.users,
          ids: c.ids,
          keywords: c.keywords,
          place: c.place,
          heat: c.heat,
          from: c.from,
          to: c.to,
        }));
        st.stdout.write(JSON.stringify({ clusters }) + '\n');
      } catch (e) {
        fail(st, e);
      }
    });

  text
    .command('dedup')
    .description('近重复留言分组（MinHash-LSH）')
    .requiredOption('--input <file>', '输入 JSONL：{id, title?, text}')
    .option('--threshold <x>', '相似度阈值（估计 Jaccard）', '0.7')
    .action((o: { input: string; threshold: string }) => {
      const st = s();
      try {
        const items = readJsonl<{ id?: unknown; title?: string | null; text?: unknown }>(o.input).map((x, i) => ({
          id: String(x.id ?? i + 1),
          title: x.title ?? null,
          text: String(x.text ?? ''),
        }));
        const min = Number(o.threshold);
        if (!(min > 0 && min <= 1)) throw new Error('--threshold 必须在 (0, 1] 之间');
        const { groups } = groupNearDuplicates(items, { minSimilarity: min });
        st.stdout.write(JSON.stringify({ items: items.length, groups }) + '\n');
      } catch (e) {
        fail(st, e);
      }
    });
}
