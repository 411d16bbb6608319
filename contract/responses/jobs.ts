import { z } from 'zod';
import { MESSAGE_CHANNELS, OUTBOX_STATES } from '../supervision.ts';

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

export const OutboxMessageView = z
  .object({
    id: z.string(),
    channel: z.enum(MESSAGE_CHANNELS),
    recipient: z.string().nullable(),
    address: z.string(),
    subject: z.string(),
    body: z.string(),
    state: z.enum(OUTBOX_STATES),
    attempts: z.number(),
    nextAttemptAt: z.string(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
  })
  .meta({ id: 'OutboxMessageView' });
export type OutboxMessageView = z.infer<typeof OutboxMessageView>;

export const AdminOutboxResponse = z.object({ messages: z.array(OutboxMessageView) });
export type AdminOutboxResponse = z.infer<typeof AdminOutboxResponse>;

export const PostAdminOutboxRequeueResponse = z.object({ ok: z.literal(true) });
export type PostAdminOutboxRequeueResponse = z.infer<typeof PostAdminOutboxRequeueResponse>;
