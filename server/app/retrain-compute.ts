/**
 * The CPU-heavy half of a retraining, free of the database: trains a candidate on the older part of a time
 * split, compares it with the model in force on the newer part and, when it is better, trains the model to put
 * in force on every item. Runs on a worker thread (`retrain.worker.ts`), so the server's event loop never trains.
 */
import type { DatedSample } from '../text/office.ts';
import { evaluateCandidate, timeSplit, type ModelEvaluation } from '../text/office.ts';
import {
  deserializeModel,
  loadModel,
  serializeModel,
  trainClassifier,
  type ClassifierModel,
} from '../text/classifier.ts';
import { baseClassifier } from './class-suggest.ts';

/** Where the model in force comes from, as a worker can load it. */
export type ModelSource = { kind: 'stored'; bytes: Uint8Array } | { kind: 'file'; path: string } | { kind: 'base' };

/** Stages of the computation, in order, as progress reports them. */
export type RetrainComputeStage = '训练候选模型' | '比较' | '训练新模型';

export interface RetrainComputeInput {
  samples: DatedSample[];
  current: { name: string; source: ModelSource };
  at: string;
  /** Train the model on every item even when the candidate loses (a model file asked for by `text train`). */
  alwaysFull?: boolean;
}

export interface RetrainComputeResult {
  evaluation: ModelEvaluation;
  /** The gzip model file trained on every item (when the candidate won, or `alwaysFull`). */
  bytes: Uint8Array | null;
  labels: number;
}

function load(source: ModelSource): ClassifierModel {
  if (source.kind === 'stored') return deserializeModel(Buffer.from(source.bytes));
  if (source.kind === 'file') return loadModel(source.path);
  return baseClassifier();
}

export function computeRetrain(
  input: RetrainComputeInput,
  onProgress: (p: { stage: RetrainComputeStage; done: number; total: number }) => void = () => {},
): RetrainComputeResult {
  const current = { name: input.current.name, model: load(input.current.source) };
  const { train, test, cut } = timeSplit(input.samples, 0.8);
  const candidate = trainClassifier(train, {
    onProgress: (done, total) => onProgress({ stage: '训练候选模型', done, total }),
  });
  onProgress({ stage: '比较', done: 0, total: 1 });
  const evaluation = evaluateCandidate({
    current,
    candidate: { name: '候选模型', model: candidate },
    test,
    trainItems: train.length,
    cut,
    at: input.at,
  });
  onProgress({ stage: '比较', done: 1, total: 1 });
  if (!evaluation.switch && !input.alwaysFull) return { evaluation, bytes: null, labels: 0 };
  // The model put in force learns from every confirmed item, the newest included.
  const full = trainClassifier(input.samples, {
    onProgress: (done, total) => onProgress({ stage: '训练新模型', done, total }),
  });
  return { evaluation, bytes: serializeModel(full), labels: full.labels.length };
}
