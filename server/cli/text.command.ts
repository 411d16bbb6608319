/**
 * `xinfang text …` commands: train / classify / hotspots / dedup.
 * stdout carries only the JSON results; progress and errors go to stderr,
 * errors set a non-zero exit code.
 */
import { existsSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { AppError } from '../domain/errors.ts';
import type { Sample, TrainOptions } from '../text/classifier.ts';
import type { DatedSample } from '../text/office.ts';
import type { HotspotItem } from '../text/hotspots.ts';

/** Path of the shipped base model. */
export const BASE_MODEL_PATH = fileURLToPath(new URL('../../models/base-classifier.json.gz', import.meta.url));

/** Streams used by the commands (injectable for tests). */
export interface TextIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
}

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
        const [{ readJsonl, trainFromSamples, trainOfficeModel }, { default: cliProgress }, { loadModel }] =
          await Promise.all([import('./text-tasks.ts'), import('cli-progress'), import('../text/classifier.ts')]);
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
        let r: ReturnType<typeof trainFromSamples>;
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
