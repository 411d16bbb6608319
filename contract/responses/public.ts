import { z } from 'zod';
import { RatingFact } from './common.ts';
import { OkBody } from './common.ts';
import { DOC_KINDS } from '../documents.ts';
import { OPINION_OUTCOMES, STATUSES } from '../enums.ts';

export const PublicEntry = z
  .object({
    on: z.string().nullable(),
    step: z.enum([
      'route',
      'review',
      'rereview',
      'close',
      'accept',
      'decline',
      'serve',
      'rate',
      'opinion',
      'register',
      'extension',
      'supplement',
    ]),
    summary: z.string(),
    text: z.string().nullable(),
  })
  .meta({ id: 'PublicEntry' });
export type PublicEntry = z.infer<typeof PublicEntry>;

export const PublicDecision = z
  .object({ outcome: z.string(), opinion: z.string(), decidedOn: z.string(), servedOn: z.string().nullable() })
  .meta({ id: 'PublicDecision' });
export type PublicDecision = z.infer<typeof PublicDecision>;

export const PublicSubmissionView = z
  .object({
    kind: z.literal('submission'),
    number: z.string(),
    title: z.string(),
    submittedOn: z.string(),
    status: z.enum(['pending', 'rejected']),
    statusLabel: z.string(),
    rejectReason: z.string().nullable(),
    rejectedOn: z.string().nullable(),
    documents: z.array(z.object({ kind: z.enum(DOC_KINDS), name: z.string() })),
  })
  .meta({ id: 'PublicSubmissionView' });
export type PublicSubmissionView = z.infer<typeof PublicSubmissionView>;

export const ReviewAcknowledgement = z
  .object({
    number: z.string(),
    kind: z.enum(['复查', '复核']),
    requestedOn: z.string(),
    organ: z.string(),
    decisionDue: z.string().nullable(),
  })
  .meta({ id: 'ReviewAcknowledgement' });
export type ReviewAcknowledgement = z.infer<typeof ReviewAcknowledgement>;

/** The right to ask further (复查, then 复核) while it is open: its last day and the organ to ask. */
export const ReviewOpen = z
  .object({ kind: z.enum(['复查', '复核']), due: z.string(), dueText: z.string(), organ: z.string() })
  .meta({ id: 'ReviewOpen' });
export type ReviewOpen = z.infer<typeof ReviewOpen>;

export const PublicItemsResponse = z.union([
  z.object({
    kind: z.literal('item'),
    documents: z.array(z.object({ kind: z.enum(DOC_KINDS), name: z.string() })),
    reviewOpen: ReviewOpen.nullable(),
    number: z.string(),
    title: z.string(),
    status: z.enum(STATUSES),
    statusLabel: z.string(),
    receivedOn: z.string(),
    progress: z.array(PublicEntry),
    demands: z.array(
      z.object({
        text: z.string(),
        answer: z.object({ outcome: z.enum(OPINION_OUTCOMES), explanation: z.string() }).nullable(),
      }),
    ),
    opinion: z.object({ issuedOn: z.string(), basis: z.string() }).nullable(),
    servedOn: z.string().nullable(),
    rating: RatingFact.nullable(),
    canRate: z.boolean(),
    review: PublicDecision.nullable(),
    rereview: PublicDecision.nullable(),
    reviewRight: z.string().nullable(),
    today: z.string(),
  }),
  PublicSubmissionView,
]);
export type PublicItemsResponse = z.infer<typeof PublicItemsResponse>;

export const PostPublicItemsRatingResponse = OkBody;
export type PostPublicItemsRatingResponse = z.infer<typeof PostPublicItemsRatingResponse>;

export const PostPublicItemsReviewResponse = z.object({ acknowledgement: ReviewAcknowledgement });
export type PostPublicItemsReviewResponse = z.infer<typeof PostPublicItemsReviewResponse>;
