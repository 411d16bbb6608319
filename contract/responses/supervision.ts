import { z } from 'zod';
import { ESCALATION_LEVELS, SUGGESTION_REASONS, SUPERVISION_KINDS, SUPERVISION_STATUSES } from '../supervision.ts';
import { ItemRef } from './scorecard.ts';

export const SupervisionReply = z
  .object({
    round: z.number(),
    on: z.string(),
    byUserId: z.string(),
    byName: z.string(),
    done: z.string(),
    expectedFinishOn: z.string().nullable(),
  })
  .meta({ id: 'SupervisionReply' });
export type SupervisionReply = z.infer<typeof SupervisionReply>;

export const SupervisionReview = z
  .object({
    round: z.number(),
    on: z.string(),
    byUserId: z.string(),
    byName: z.string(),
    decision: z.enum(['accept', 'press']),
    note: z.string(),
    newDueOn: z.string().nullable(),
  })
  .meta({ id: 'SupervisionReview' });
export type SupervisionReview = z.infer<typeof SupervisionReview>;

export const SupervisionEscalation = z
  .object({ level: z.enum(ESCALATION_LEVELS), on: z.string(), reason: z.enum(['unanswered', 'unfinished']) })
  .meta({ id: 'SupervisionEscalation' });
export type SupervisionEscalation = z.infer<typeof SupervisionEscalation>;

export const SupervisionView = z
  .object({
    items: z.array(ItemRef),
    steps: z.array(z.string()),
    id: z.string(),
    number: z.string(),
    version: z.number(),
    kind: z.enum(SUPERVISION_KINDS),
    itemIds: z.array(z.string()),
    reason: z.string(),
    requirements: z.string(),
    unitId: z.string(),
    addresseeUserId: z.string().nullable(),
    issuedByUserId: z.string(),
    issuedByName: z.string(),
    issuedOn: z.string(),
    issuedDueOn: z.string(),
    dueOn: z.string(),
    status: z.enum(SUPERVISION_STATUSES),
    replies: z.array(SupervisionReply),
    reviews: z.array(SupervisionReview),
    escalations: z.array(SupervisionEscalation),
    closedOn: z.string().nullable(),
    cancellation: z.object({ on: z.string(), reason: z.string() }).nullable(),
    suggestedFor: z.array(z.enum(SUGGESTION_REASONS)),
  })
  .meta({ id: 'SupervisionView' });
export type SupervisionView = z.infer<typeof SupervisionView>;

/** A register row: the 督办 with why it is late, if it is. */
export const SupervisionRegisterRow = SupervisionView.extend({
  late: z.object({ reason: z.enum(['unanswered', 'unfinished']), label: z.string(), since: z.string() }).nullable(),
}).meta({ id: 'SupervisionRegisterRow' });

export const SupervisionsResponse = z.object({ supervisions: z.array(SupervisionRegisterRow) });
export type SupervisionsResponse = z.infer<typeof SupervisionsResponse>;

export const PostSupervisionsResponse = SupervisionView;
export type PostSupervisionsResponse = SupervisionView;

export const SupervisionSuggestion = z
  .object({
    itemId: z.string(),
    number: z.string(),
    title: z.string(),
    unitId: z.string(),
    unitName: z.string(),
    dueOn: z.string().nullable(),
    reasons: z.array(z.object({ code: z.enum(SUGGESTION_REASONS), label: z.string(), text: z.string() })),
  })
  .meta({ id: 'SupervisionSuggestion' });

/** GET /api/v1/supervisions/suggestions */
export const SupervisionSuggestionsResponse = z.object({
  asOf: z.string(),
  suggestions: z.array(SupervisionSuggestion),
});

/** The thresholds of 督办建议. */
export const SuggestionRules = z
  .object({
    overdue: z.boolean(),
    severe: z.boolean(),
    repeatAtLeast: z.number().int(),
    dissatisfied: z.boolean(),
    sentBackAtLeast: z.number().int(),
  })
  .meta({ id: 'SuggestionRules' });

/** GET and PUT /api/v1/supervisions/suggestion-rules: the rules in force, and the shipped defaults. */
export const SuggestionRulesResponse = z.object({ rules: SuggestionRules, defaults: SuggestionRules });
