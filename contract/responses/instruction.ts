import { z } from 'zod';
import { FOLLOW_UP_STATUSES, REQUEST_STATUSES } from '../campaign.ts';
import { ByWhom } from './backlog.ts';

export const FollowUpReport = z.object({ on: z.string(), text: z.string(), by: ByWhom }).meta({ id: 'FollowUpReport' });
export type FollowUpReport = z.infer<typeof FollowUpReport>;

export const FollowUpReview = z
  .object({ on: z.string(), accepted: z.boolean(), note: z.string(), newDueOn: z.string().nullable(), by: ByWhom })
  .meta({ id: 'FollowUpReview' });
export type FollowUpReview = z.infer<typeof FollowUpReview>;

export const Subject = z
  .union([
    z.object({ kind: z.literal('item'), itemId: z.string() }),
    z.object({ kind: z.literal('case'), caseId: z.string(), itemIds: z.array(z.string()).readonly() }),
  ])
  .meta({ id: 'Subject' });
export type Subject = z.infer<typeof Subject>;

export const FollowUp = z
  .object({
    ownerUnitId: z.string(),
    status: z.enum(FOLLOW_UP_STATUSES),
    startOn: z.string(),
    dueOn: z.string(),
    doneOn: z.string().nullable(),
    reports: z.array(FollowUpReport),
    reviews: z.array(FollowUpReview),
  })
  .meta({ id: 'FollowUp' });
export type FollowUp = z.infer<typeof FollowUp>;

export const Instruction = z
  .object({
    id: z.string(),
    version: z.number(),
    requestId: z.string().nullable(),
    subject: Subject,
    leaderUserId: z.string(),
    leaderName: z.string(),
    text: z.string(),
    on: z.string(),
    addressees: z.array(FollowUp),
    doneOn: z.string().nullable(),
  })
  .meta({ id: 'Instruction' });
export type Instruction = z.infer<typeof Instruction>;

export const InstructionsResponse = z.object({
  requests: z.array(
    z.object({
      subject: z.object({
        kind: z.enum(['case', 'item']),
        caseId: z.string().nullable(),
        items: z.array(z.object({ number: z.string(), title: z.string(), id: z.string() })),
        hidden: z.number(),
      }),
      id: z.string(),
      version: z.number(),
      fromUnitId: z.string().nullable(),
      askedBy: ByWhom,
      leaderUserId: z.string(),
      question: z.string(),
      askedOn: z.string(),
      status: z.enum(REQUEST_STATUSES),
      instructionId: z.string().nullable(),
      withdrawn: z.object({ on: z.string(), reason: z.string() }).nullable(),
    }),
  ),
  instructions: z.array(
    z.object({
      subject: z.object({
        kind: z.enum(['case', 'item']),
        caseId: z.string().nullable(),
        items: z.array(z.object({ number: z.string(), title: z.string(), id: z.string() })),
        hidden: z.number(),
      }),
      addressees: z.array(
        z.object({
          version: z.number(),
          overdue: z.boolean(),
          ownerUnitId: z.string(),
          status: z.enum(FOLLOW_UP_STATUSES),
          startOn: z.string(),
          dueOn: z.string(),
          doneOn: z.string().nullable(),
          reports: z.array(FollowUpReport),
          reviews: z.array(FollowUpReview),
        }),
      ),
      overdue: z.boolean(),
      id: z.string(),
      version: z.number(),
      requestId: z.string().nullable(),
      leaderUserId: z.string(),
      leaderName: z.string(),
      text: z.string(),
      on: z.string(),
      doneOn: z.string().nullable(),
    }),
  ),
});
export type InstructionsResponse = z.infer<typeof InstructionsResponse>;

export const PostLeaderRequestsResponse = z.object({
  id: z.string(),
  version: z.number(),
  subject: Subject,
  fromUnitId: z.string().nullable(),
  askedBy: ByWhom,
  leaderUserId: z.string(),
  question: z.string(),
  askedOn: z.string(),
  status: z.enum(REQUEST_STATUSES),
  instructionId: z.string().nullable(),
  withdrawn: z.object({ on: z.string(), reason: z.string() }).nullable(),
});
export type PostLeaderRequestsResponse = z.infer<typeof PostLeaderRequestsResponse>;

export const PostLeaderRequestsWithdrawResponse = z.object({
  version: z.number(),
  id: z.string(),
  subject: Subject,
  fromUnitId: z.string().nullable(),
  askedBy: ByWhom,
  leaderUserId: z.string(),
  question: z.string(),
  askedOn: z.string(),
  status: z.enum(REQUEST_STATUSES),
  instructionId: z.string().nullable(),
  withdrawn: z.object({ on: z.string(), reason: z.string() }).nullable(),
});
export type PostLeaderRequestsWithdrawResponse = z.infer<typeof PostLeaderRequestsWithdrawResponse>;

export const PostInstructionsResponse = z.object({
  id: z.string(),
  version: z.number(),
  requestId: z.string().nullable(),
  subject: Subject,
  leaderUserId: z.string(),
  leaderName: z.string(),
  text: z.string(),
  on: z.string(),
  addressees: z.array(FollowUp),
  doneOn: z.string().nullable(),
});
export type PostInstructionsResponse = z.infer<typeof PostInstructionsResponse>;

export const PostInstructionsReportResponse = z.object({
  instruction: Instruction,
  unitId: z.string(),
  version: z.number(),
});
export type PostInstructionsReportResponse = z.infer<typeof PostInstructionsReportResponse>;

/** The leaders a 请示 can be sent to: name and title (职务) only. */
export const LeaderRequestsLeadersResponse = z.object({
  leaders: z.array(z.object({ id: z.string(), name: z.string(), title: z.string() })),
});
export type LeaderRequestsLeadersResponse = z.infer<typeof LeaderRequestsLeadersResponse>;
