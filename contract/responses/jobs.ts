import { z } from 'zod';

export const ScheduledJobView = z
  .object({
    name: z.string(),
    label: z.string(),
    schedule: z.string(),
    lastSlot: z.string().nullable(),
    nextSlot: z.string(),
    lastRun: z
      .object({
        status: z.enum(['done', 'running', 'failed', 'skipped']),
        startedAt: z.string(),
        finishedAt: z.string().nullable(),
        slot: z.string(),
      })
      .nullable(),
    lastError: z.string().nullable(),
    runs: z.number(),
  })
  .meta({ id: 'ScheduledJobView' });
export type ScheduledJobView = z.infer<typeof ScheduledJobView>;

export const AdminJobsResponse = z.object({ jobs: z.array(ScheduledJobView) });
export type AdminJobsResponse = z.infer<typeof AdminJobsResponse>;

export const PostAdminJobsRunResponse = z.object({
  name: z.string(),
  ok: z.boolean(),
  result: z.unknown().optional(),
  error: z.string().optional(),
});
export type PostAdminJobsRunResponse = z.infer<typeof PostAdminJobsRunResponse>;
