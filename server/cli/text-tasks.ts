/**
 * The work behind `xinfang text …` (training, classifying, reading JSON lines). Kept apart from the command
 * definitions so that the CLI loads the classifier and the segmenter only when a text command runs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { loadModel, predict, saveModel, trainClassifier, type Sample, type TrainOptions } from '../text/classifier.ts';

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
 * Used by `text train --input` (`--from-db` runs the office's retraining).
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
