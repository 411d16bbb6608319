/**
 * Retraining the office's classifier from its own confirmed items: a candidate trained on the older part of a
 * time split is compared with the model in force on the newer part; only a better candidate replaces it (then
 * retrained on all items, stored in the database so every instance switches). Every evaluation is kept for
 * the administrator, switched or not, and audited.
 */
import { existsSync } from 'node:fs';
import { AppError } from '../domain/errors.ts';
import { appendAudit } from '../store/audit.store.ts';
import {
  insertModelEvaluation,
  insertOfficeModel,
  officeModelBytes,
  officeModelInForce,
  type ModelEvaluationRecord,
} from '../store/model.store.ts';
import { deserializeModel } from '../text/classifier.ts';
import type { ModelEvaluation } from '../text/office.ts';
import { putOfficeModelInForce } from './class-suggest.ts';
import type { AppDeps } from './context.ts';
import type { RetrainComputeInput, RetrainComputeResult, RetrainComputeStage } from './retrain-compute.ts';
import { confirmedSamples } from './text-intel.ts';
import { runInWorker } from './worker-run.ts';

/** Stages of a retraining, in order, as progress reports them. */
export type RetrainStage = '读取事项' | '训练候选模型' | '比较' | '训练新模型' | '保存';

/** Progress: `done` of `total` steps within `stage` (training reports one step per binary model). */
export type RetrainProgress = (stage: RetrainStage, done: number, total: number) => void;

export interface RetrainOptions {
  trigger: ModelEvaluationRecord['trigger'];
  actorId?: string | null;
  actorRole?: string | null;
  requestId?: string | null;
  /** Fewest confirmed items worth a retraining (default 100: 20 % of them test both models). */
  minSamples?: number;
  /** A model file to compare with instead of the model in force (`text train --current`). */
  currentPath?: string;
  /** Also train the model on every item when the candidate loses (returned, never put in force). */
  alwaysFull?: boolean;
}

/** A retraining's outcome: the stored evaluation, the comparison itself and the model trained on every item. */
export interface RetrainOutcome {
  record: ModelEvaluationRecord;
  evaluation: ModelEvaluation;
  /** The gzip model file (null when the candidate lost and no model was asked for). */
  model: Buffer | null;
}

let running = false;

/** Is a retraining running in this process? */
export function retrainRunning(): boolean {
  return running;
}

/**
 * The model in force, its name for the record and where a worker loads it from: stored by a retraining, named
 * by XINFANG_MODEL, or the base.
 */
async function modelInForce(deps: Pick<AppDeps, 'db'>, path?: string): Promise<RetrainComputeInput['current']> {
  if (path) {
    if (!existsSync(path)) throw new AppError('VALIDATION', `当前模型文件不存在：${path}`);
    return { name: `指定模型（${path}）`, source: { kind: 'file', path } };
  }
  const stored = await officeModelInForce(deps.db);
  const bytes = stored ? await officeModelBytes(deps.db, stored.id) : null;
  if (stored && bytes)
    return { name: `本单位模型（${stored.createdAt.slice(0, 10)} 启用）`, source: { kind: 'stored', bytes } };
  const env = process.env.XINFANG_MODEL;
  if (env && existsSync(env)) return { name: `本单位模型（${env}）`, source: { kind: 'file', path: env } };
  return { name: '内置基础模型', source: { kind: 'base' } };
}

/**
 * Trains a candidate from the office's confirmed items, evaluates it against the model in force on a time
 * split (oldest 80 % train, newest 20 % test), switches only when it is better, and stores the evaluation.
 * `VALIDATION` when there are too few confirmed items, `CONFLICT` while another retraining runs here.
 */
export async function retrainOfficeModel(
  deps: AppDeps,
  now: Date,
  onProgress: RetrainProgress = () => {},
  opts: RetrainOptions = { trigger: 'schedule' },
): Promise<ModelEvaluationRecord> {
  return (await retrainWithOutcome(deps, now, onProgress, opts)).record;
}

/** `retrainOfficeModel` with the comparison and the trained model file (for `text train --from-db`). */
export async function retrainWithOutcome(
  deps: AppDeps,
  now: Date,
  onProgress: RetrainProgress = () => {},
  opts: RetrainOptions = { trigger: 'schedule' },
): Promise<RetrainOutcome> {
  if (running) throw new AppError('CONFLICT', '分类模型正在重新训练，请稍后再试');
  running = true;
  try {
    const t0 = performance.now();
    onProgress('读取事项', 0, 1);
    const samples = await confirmedSamples(deps);
    const min = opts.minSamples ?? 100;
    if (samples.length < min)
      throw new AppError(
        'VALIDATION',
        `已确认分类的事项只有 ${samples.length} 件，至少需要 ${min} 件才能重新训练；请先在登记或办理中确认内容分类`,
      );
    onProgress('读取事项', 1, 1);
    const current = await modelInForce(deps, opts.currentPath);
    // Training and comparing run on a worker thread: the server keeps answering meanwhile.
    const computed = await runInWorker<
      { stage: RetrainComputeStage; done: number; total: number },
      RetrainComputeResult
    >(
      new URL('./retrain.worker.ts', import.meta.url),
      { samples, current, at: now.toISOString(), alwaysFull: opts.alwaysFull } satisfies RetrainComputeInput,
      (p) => onProgress(p.stage, p.done, p.total),
    );
    const ev = computed.evaluation;
    const bytes = computed.bytes ? Buffer.from(computed.bytes) : null;
    const labels = computed.labels;
    onProgress('保存', 0, 1);
    const record: ModelEvaluationRecord = {
      id: deps.newId(),
      at: now.toISOString(),
      trigger: opts.trigger,
      actorId: opts.actorId ?? null,
      samples: samples.length,
      trainItems: ev.trainItems,
      testItems: ev.testItems,
      cut: ev.cut,
      currentName: current.name,
      currentF1: ev.current.macroF1,
      currentAccuracy: ev.current.accuracy,
      candidateF1: ev.candidate.macroF1,
      candidateAccuracy: ev.candidate.accuracy,
      switched: ev.switch,
      reason: ev.reason,
      seconds: Math.round((performance.now() - t0) / 100) / 10,
    };
    const modelId = deps.newId();
    await deps.db.transaction().execute(async (trx) => {
      await insertModelEvaluation(trx, record);
      if (bytes && ev.switch)
        await insertOfficeModel(trx, {
          id: modelId,
          evaluationId: record.id,
          createdAt: record.at,
          labels,
          model: bytes,
        });
      await appendAudit(
        trx,
        {
          at: record.at,
          actorId: opts.actorId ?? null,
          actorRole: opts.actorRole ?? null,
          action: 'text.retrain',
          itemId: null,
          detail: {
            evaluationId: record.id,
            trigger: record.trigger,
            samples: record.samples,
            currentF1: record.currentF1,
            candidateF1: record.candidateF1,
            switched: record.switched,
          },
          requestId: opts.requestId ?? null,
        },
        deps,
      );
    });
    // Read back what was stored, so this process uses exactly the model other instances will load.
    if (bytes && ev.switch) putOfficeModelInForce(modelId, deserializeModel(bytes), now.getTime());
    onProgress('保存', 1, 1);
    return { record, evaluation: ev, model: bytes };
  } finally {
    running = false;
  }
}
