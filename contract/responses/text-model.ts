import { z } from 'zod';

export const ModelEvaluationRecord = z
  .object({
    id: z.string(),
    at: z.string(),
    trigger: z.enum(['admin', 'schedule', 'cli']),
    actorId: z.string().nullable(),
    samples: z.number(),
    trainItems: z.number(),
    testItems: z.number(),
    cut: z.string(),
    currentName: z.string(),
    currentF1: z.number(),
    currentAccuracy: z.number(),
    candidateF1: z.number(),
    candidateAccuracy: z.number(),
    switched: z.boolean(),
    reason: z.string(),
    seconds: z.number(),
  })
  .meta({ id: 'ModelEvaluationRecord' });
export type ModelEvaluationRecord = z.infer<typeof ModelEvaluationRecord>;

export const RetrainState = z
  .object({
    running: z.boolean(),
    startedAt: z.string().nullable(),
    stage: z.enum(['读取事项', '训练候选模型', '比较', '训练新模型', '保存']).nullable(),
    done: z.number(),
    total: z.number(),
    last: z
      .union([
        z.object({ evaluationId: z.string(), switched: z.boolean(), reason: z.string() }),
        z.object({ error: z.string() }),
      ])
      .nullable(),
  })
  .meta({ id: 'RetrainState' });
export type RetrainState = z.infer<typeof RetrainState>;

export const AdminTextModelResponse = z.object({
  evaluations: z.array(ModelEvaluationRecord),
  inForce: z.object({ since: z.string() }).nullable(),
  retrain: RetrainState,
});
export type AdminTextModelResponse = z.infer<typeof AdminTextModelResponse>;

export const PostAdminTextModelRetrainResponse = z.object({ started: z.literal(true) });
export type PostAdminTextModelRetrainResponse = z.infer<typeof PostAdminTextModelRetrainResponse>;
