/**
 * The administrator's 分类模型 screen: the kept evaluations of every retraining, and 立即重新训练 which starts one
 * in the background and reports its progress while it runs.
 */
import { AppError } from '../domain/errors.ts';
import { canAdminister } from '../domain/item.policy.ts';
import { listModelEvaluations, officeModelInForce, type ModelEvaluationRecord } from '../store/model.store.ts';
import type { AppDeps, UseCaseCtx } from './context.ts';
import { retrainOfficeModel, retrainRunning, type RetrainStage } from './retrain-office-model.ts';

export interface RetrainState {
  running: boolean;
  startedAt: string | null;
  stage: RetrainStage | null;
  done: number;
  total: number;
  /** The last run started here: its evaluation, or why it could not run. */
  last: { evaluationId: string; switched: boolean; reason: string } | { error: string } | null;
}

const state: RetrainState = { running: false, startedAt: null, stage: null, done: 0, total: 0, last: null };

function mustAdminister(ctx: UseCaseCtx): void {
  if (!canAdminister(ctx.actor)) throw new AppError('FORBIDDEN', '只有系统管理员可以管理分类模型');
}

/** The evaluations (newest first), the model in force and the progress of a retraining started here. */
export async function textModelStatus(
  deps: AppDeps,
  ctx: UseCaseCtx,
): Promise<{ evaluations: ModelEvaluationRecord[]; inForce: { since: string } | null; retrain: RetrainState }> {
  mustAdminister(ctx);
  const inForce = await officeModelInForce(deps.db);
  return {
    evaluations: await listModelEvaluations(deps.db),
    inForce: inForce ? { since: inForce.createdAt } : null,
    retrain: { ...state, running: state.running || retrainRunning() },
  };
}

/**
 * Starts a retraining now and answers at once; `CONFLICT` while one runs. Its outcome (or the reason it could
 * not run, e.g. too few confirmed items) is in {@link textModelStatus}.
 */
export function startRetrain(deps: AppDeps, ctx: UseCaseCtx): { started: true } {
  mustAdminister(ctx);
  if (state.running || retrainRunning()) throw new AppError('CONFLICT', '分类模型正在重新训练，请稍后再试');
  const now = deps.clock();
  Object.assign(state, { running: true, startedAt: now.toISOString(), stage: null, done: 0, total: 0, last: null });
  void retrainOfficeModel(deps, now, (stage, done, total) => Object.assign(state, { stage, done, total }), {
    trigger: 'admin',
    actorId: ctx.actor.userId,
    actorRole: ctx.actor.role,
    requestId: ctx.requestId,
  })
    .then((r) => {
      state.last = { evaluationId: r.id, switched: r.switched, reason: r.reason };
    })
    .catch((e: unknown) => {
      state.last = { error: e instanceof AppError ? e.message : '重新训练失败，请查看服务日志' };
    })
    .finally(() => {
      state.running = false;
    });
  return { started: true };
}
