import type { AppDeps } from '../app/context.ts';
import { retrainOfficeModel, type RetrainProgress } from '../app/retrain-office-model.ts';
import type { ModelEvaluationRecord } from '../store/model.store.ts';

/**
 * The weekly retraining of the office classifier, for the job scheduler to register: a name, a cron-like
 * schedule (minute hour day-of-month month day-of-week, Beijing time; default Sunday 03:00, when nobody
 * registers) and the run function. Each run keeps its evaluation, switched or not.
 */
export const retrainOfficeModelJob = {
  name: 'text.retrain-office-model',
  schedule: '0 3 * * 0',
  run: (deps: AppDeps, now: Date, onProgress?: RetrainProgress): Promise<ModelEvaluationRecord> =>
    retrainOfficeModel(deps, now, onProgress, { trigger: 'schedule' }),
} as const;
