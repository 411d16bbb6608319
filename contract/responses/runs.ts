import { z } from 'zod';

/** The state of long work run in the background: progress while it runs, then its result or error. */
export function backgroundRunOf<R extends z.ZodType, C extends z.ZodType>(result: R, cursor: C) {
  return z.object({
    id: z.string(),
    status: z.enum(['running', 'done', 'failed']),
    startedAt: z.string(),
    startedBy: z.string(),
    updatedAt: z.string(),
    finishedAt: z.string().nullable(),
    done: z.number(),
    total: z.number(),
    cursor: cursor.nullable(),
    result: result.nullable(),
    error: z.string().nullable(),
  });
}
