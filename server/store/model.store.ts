import type { DbOrTrx } from './db.ts';

/** One retraining of the office classifier: both models' scores on the same time split, and the decision. */
export interface ModelEvaluationRecord {
  id: string;
  at: string;
  trigger: 'schedule' | 'admin' | 'cli';
  actorId: string | null;
  /** Confirmed items available; the oldest `trainItems` trained the candidate, the newest `testItems` tested both. */
  samples: number;
  trainItems: number;
  testItems: number;
  cut: string;
  currentName: string;
  currentF1: number;
  currentAccuracy: number;
  candidateF1: number;
  candidateAccuracy: number;
  switched: boolean;
  reason: string;
  seconds: number;
}

export async function insertModelEvaluation(db: DbOrTrx, r: ModelEvaluationRecord): Promise<void> {
  await db
    .insertInto('model_evaluations')
    .values({
      id: r.id,
      at: r.at,
      triggered_by: r.trigger,
      actor_id: r.actorId,
      samples: r.samples,
      train_items: r.trainItems,
      test_items: r.testItems,
      cut: r.cut,
      current_name: r.currentName,
      current_f1: r.currentF1,
      current_accuracy: r.currentAccuracy,
      candidate_f1: r.candidateF1,
      candidate_accuracy: r.candidateAccuracy,
      switched: r.switched ? 1 : 0,
      reason: r.reason,
      seconds: r.seconds,
    })
    .execute();
}

/** The evaluations, newest first. */
export async function listModelEvaluations(db: DbOrTrx, limit = 100): Promise<ModelEvaluationRecord[]> {
  const rows = await db.selectFrom('model_evaluations').selectAll().orderBy('at', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    trigger: r.triggered_by as ModelEvaluationRecord['trigger'],
    actorId: r.actor_id,
    samples: Number(r.samples),
    trainItems: Number(r.train_items),
    testItems: Number(r.test_items),
    cut: r.cut,
    currentName: r.current_name,
    currentF1: Number(r.current_f1),
    currentAccuracy: Number(r.current_accuracy),
    candidateF1: Number(r.candidate_f1),
    candidateAccuracy: Number(r.candidate_accuracy),
    switched: Number(r.switched) === 1,
    reason: r.reason,
    seconds: Number(r.seconds),
  }));
}

/** Stores a model put in force (the gzip model file). */
export async function insertOfficeModel(
  db: DbOrTrx,
  m: { id: string; evaluationId: string; createdAt: string; labels: number; model: Buffer },
): Promise<void> {
  await db
    .insertInto('office_models')
    .values({
      id: m.id,
      evaluation_id: m.evaluationId,
      created_at: m.createdAt,
      labels: m.labels,
      model: m.model.toString('base64'),
    })
    .execute();
}

/** The id and time of the office model in force (the newest stored), or null. */
export async function officeModelInForce(db: DbOrTrx): Promise<{ id: string; createdAt: string } | null> {
  const r = await db
    .selectFrom('office_models')
    .select(['id', 'created_at'])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r ? { id: r.id, createdAt: r.created_at } : null;
}

/** The stored gzip model file of `id`. */
export async function officeModelBytes(db: DbOrTrx, id: string): Promise<Buffer | null> {
  const r = await db.selectFrom('office_models').select('model').where('id', '=', id).executeTakeFirst();
  return r ? Buffer.from(r.model, 'base64') : null;
}
