/**
 * `xinfang text …` commands: train / classify / hotspots / dedup.
 * stdout carries only the JSON results; progress and errors go to stderr,
 * errors set a non-zero exit code.
 */
import { existsSync, writeFileSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { AppError } from '../domain/errors.ts';
import type { Sample, TrainOptions } from '../text/classifier.ts';
import type { ModelEvaluation } from '../text/office.ts';
import type { HotspotItem } from '../text/hotspots.ts';

/** Path of the shipped base model. */
export const BASE_MODEL_PATH = fileURLToPath(new URL('../../models/base-classifier.json.gz', import.meta.url));

/** Streams used by the commands (injectable for tests). */
export interface TextIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
}

/**
 * `text train --from-db`: the office's retraining run against a database (the same use case as the weekly one:
 * evaluation stored for the administrator, switched only when better) that also returns the model trained on
 * every confirmed item, for `--out`.
 */
export type TrainFromDb = (
  db: string | undefined,
  o: { current?: string; onProgress: (stage: string, done: number, total: number) => void },
) => Promise<{
  evaluation: ModelEvaluation;
  record: { id: string; samples: number; switched: boolean };
  model: Buffer | null;
}>;

/** Errors of the application (a missing database …) carry their code and exit 2, like the other commands. */
function fail(io: TextIo, e: unknown): void {
  if (e instanceof AppError) {
    io.stderr.write(`错误 [${e.code}]：${e.message}\n`);
    process.exitCode = 2;
    return;
  }
  io.stderr.write(`错误：${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
}

/**
 * Registers `text train|classify|hotspots|dedup` on a commander program.
 * `io` defaults to the process streams.
 */
export function registerTextCommands(program: Command, io?: TextIo, fromDb?: TrainFromDb): void {
  const s = (): TextIo => io ?? { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
  const text = program.command('text').description('中文文本智能：分类、重复件、热点');

  text
    .command('train')
    .description('训练诉求内容分类模型（输入 JSON 行：{title?, text, label}）')
    .option('--input <file>', '训练数据 JSONL 文件')
    .option('--from-db', '从本单位数据库中已确认分类的事项训练（学习本单位自己的分类）')
    .option('--db <path>', '与 --from-db 同用：数据库文件路径或 postgres:// 连接串')
    .requiredOption('--out <model>', '输出模型文件（.json.gz）')
    .option('--c <number>', 'SVM 正则参数 C（与 --input 同用）', '1')
    .option(
      '--current <model>',
      '与 --from-db 同用：与之比较的模型文件（默认为生效中的本单位模型，否则 XINFANG_MODEL，否则内置基础模型）',
    )
    .action(async (o: { input?: string; fromDb?: boolean; db?: string; out: string; c: string; current?: string }) => {
      const st = s();
      try {
        if (o.fromDb && !fromDb)
          throw new Error('此命令行未接入数据库，不能使用 --from-db；请使用 --input 指定训练文件');
        if (!o.input && !o.fromDb) throw new Error('请指定 --input 训练文件或 --from-db');
        const [{ readJsonl, trainFromSamples }, { default: cliProgress }] = await Promise.all([
          import('./text-tasks.ts'),
          import('cli-progress'),
        ]);
        const bar = new cliProgress.SingleBar(
          {
            stream: st.stderr as NodeJS.WritableStream,
            format: '训练 [{bar}] {value}/{total} {stage}',
            noTTYOutput: true,
            notTTYSchedule: 2000,
          },
          cliProgress.Presets.shades_classic,
        );
        const progress = (done: number, total: number, stage: string) => {
          bar.setTotal(total);
          bar.update(done, { stage });
        };
        if (o.fromDb) {
          bar.start(1, 0, { stage: '读取事项' });
          // The same retraining as the weekly one: compared with the model in force (or --current) on a time
          // split, the evaluation stored where the administrator sees it, the model switched only when better.
          const res = await fromDb!(o.db, { current: o.current, onProgress: (s, d, t) => progress(d, t, s) }).finally(
            () => bar.stop(),
          );
          if (!res.model) throw new Error('未得到训练好的模型');
          writeFileSync(o.out, res.model);
          const evaluation = { ...res.evaluation, evaluationId: res.record.id };
          writeFileSync(`${o.out}.eval.json`, `${JSON.stringify(evaluation, null, 2)}\n`);
          st.stdout.write(`${JSON.stringify(evaluation)}\n`);
          st.stderr.write(
            `\n与当前模型比较（按时间切分）：${res.evaluation.reason} → ${o.out}.eval.json\n` +
              `${res.record.switched ? '已切换到新模型（本单位数据库中生效）' : '保留当前模型'}；` +
              `评估已记录（分类模型管理页可见），已训练 ${res.record.samples} 件已确认事项 → ${o.out}\n`,
          );
          return;
        }
        const samples = readJsonl<Sample>(o.input!);
        if (samples.length < 20)
          throw new Error(`可用于训练的样本只有 ${samples.length} 条，至少需要 20 条已确认分类的事项`);
        bar.start(1, 0, { stage: '特征' });
        const trainOpts: TrainOptions = { C: Number(o.c), onProgress: progress };
        const r = trainFromSamples(samples, o.out, trainOpts);
        bar.stop();
        st.stderr.write(
          `已训练 ${r.samples} 条样本、${r.labels.length} 个类别，用时 ${r.seconds.toFixed(1)} 秒，` +
            `模型 ${(r.bytes / 1048576).toFixed(2)} MB → ${r.out}\n`,
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
        const { classifyStream } = await import('./text-tasks.ts');
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
    .action(async (o: { input: string; top: string }) => {
      const st = s();
      try {
        const [{ readJsonl }, { findHotspots }] = await Promise.all([
          import('./text-tasks.ts'),
          import('../text/hotspots.ts'),
        ]);
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
    .action(async (o: { input: string; threshold: string }) => {
      const st = s();
      try {
        const [{ readJsonl }, { groupNearDuplicates }] = await Promise.all([
          import('./text-tasks.ts'),
          import('../text/dedup.ts'),
        ]);
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
