import { z } from 'zod';
import { CASE_OUTCOMES, CASE_STATUSES, CLOSING_EVIDENCE, ENTRY_RULES } from '../campaign.ts';
import { STATUSES } from '../enums.ts';

export const RuleEvaluation = z
  .object({
    rule: z.enum(ENTRY_RULES),
    label: z.string(),
    met: z.boolean(),
    reason: z.string(),
    itemIds: z.array(z.string()),
  })
  .meta({ id: 'RuleEvaluation' });
export type RuleEvaluation = z.infer<typeof RuleEvaluation>;

export const CaseProgress = z
  .object({
    measuresTotal: z.number(),
    measuresDone: z.number(),
    overdueMeasures: z.array(
      z.object({
        text: z.string(),
        who: z.string(),
        by: z.string(),
        doneOn: z.string().nullable(),
        index: z.number(),
        daysOverdue: z.number(),
      }),
    ),
    dueSoon: z.array(
      z.object({
        text: z.string(),
        who: z.string(),
        by: z.string(),
        doneOn: z.string().nullable(),
        index: z.number(),
        daysLeft: z.number(),
      }),
    ),
    lastNoteOn: z.string().nullable(),
    daysSinceNote: z.number().nullable(),
    stale: z.boolean(),
    overdue: z.boolean(),
    dueOn: z.string().nullable(),
    open: z.boolean(),
  })
  .meta({ id: 'CaseProgress' });
export type CaseProgress = z.infer<typeof CaseProgress>;

export const CaseRow = z
  .object({
    id: z.string(),
    number: z.string(),
    title: z.string(),
    status: z.enum(CASE_STATUSES),
    statusLabel: z.string(),
    leader: z.string(),
    unit: z.string(),
    cadres: z.string(),
    confirmedOn: z.string(),
    items: z.number(),
    progress: CaseProgress,
    closedOn: z.string().nullable(),
    evidence: z.string().nullable(),
  })
  .meta({ id: 'CaseRow' });
export type CaseRow = z.infer<typeof CaseRow>;

export const CaseOrigin = z
  .union([
    z.object({ kind: z.literal('rule'), hits: z.array(RuleEvaluation) }),
    z.object({ kind: z.literal('manual') }),
  ])
  .meta({ id: 'CaseOrigin' });
export type CaseOrigin = z.infer<typeof CaseOrigin>;

export const Cadre = z
  .object({ name: z.string(), post: z.string(), userId: z.string().nullable() })
  .meta({ id: 'Cadre' });
export type Cadre = z.infer<typeof Cadre>;

export const Measure = z
  .object({ text: z.string(), who: z.string(), by: z.string(), doneOn: z.string().nullable() })
  .meta({ id: 'Measure' });
export type Measure = z.infer<typeof Measure>;

export const CasePlan = z
  .object({ goal: z.string(), measures: z.array(Measure), setOn: z.string(), revision: z.number() })
  .meta({ id: 'CasePlan' });
export type CasePlan = z.infer<typeof CasePlan>;

export const ByWhom = z.object({ userId: z.string(), name: z.string() }).meta({ id: 'ByWhom' });
export type ByWhom = z.infer<typeof ByWhom>;

export const CaseNote = z
  .object({ on: z.string(), text: z.string(), by: ByWhom, measuresDone: z.array(z.number()) })
  .meta({ id: 'CaseNote' });
export type CaseNote = z.infer<typeof CaseNote>;

export const CaseHistoryEntry = z
  .object({
    on: z.string(),
    what: z.enum(['link', 'assign', 'plan', 'close', 'reopen', 'confirm']),
    summary: z.string(),
    by: ByWhom,
  })
  .meta({ id: 'CaseHistoryEntry' });
export type CaseHistoryEntry = z.infer<typeof CaseHistoryEntry>;

export const CaseClosing = z
  .object({
    on: z.string(),
    outcome: z.enum(CASE_OUTCOMES),
    evidence: z.object({ kind: z.enum(CLOSING_EVIDENCE), attachmentId: z.string(), name: z.string() }),
    note: z.string(),
    by: ByWhom,
  })
  .meta({ id: 'CaseClosing' });
export type CaseClosing = z.infer<typeof CaseClosing>;

export const Requirement = z.object({ label: z.string(), met: z.boolean() }).meta({ id: 'Requirement' });
export type Requirement = z.infer<typeof Requirement>;

export const BacklogProposalsResponse = z.object({
  proposals: z.array(
    z.object({
      leadUnit: z.string(),
      itemNumbers: z.array(z.string()),
      matterKey: z.string(),
      anchorItemId: z.string(),
      itemIds: z.array(z.string()),
      suggestedTitle: z.string(),
      leadUnitId: z.string().nullable(),
      hits: z.array(RuleEvaluation),
      evaluations: z.array(RuleEvaluation),
    }),
  ),
});
export type BacklogProposalsResponse = z.infer<typeof BacklogProposalsResponse>;

export const PostBacklogProposalsDismissResponse = z.object({
  anchorItemId: z.string(),
  rules: z.array(z.enum(ENTRY_RULES)),
  itemCount: z.number(),
  on: z.string(),
  reason: z.string(),
});
export type PostBacklogProposalsDismissResponse = z.infer<typeof PostBacklogProposalsDismissResponse>;

export const BacklogRulesResponse = z.object({
  repeatCount: z.object({ enabled: z.boolean(), min: z.number() }),
  longOpen: z.object({ enabled: z.boolean(), days: z.number() }),
  upperListed: z.object({ enabled: z.boolean() }),
  afterRereview: z.object({ enabled: z.boolean() }),
  lookbackDays: z.number(),
});
export type BacklogRulesResponse = z.infer<typeof BacklogRulesResponse>;

export const PutBacklogRulesResponse = z.object({
  repeatCount: z.object({ enabled: z.boolean(), min: z.number() }),
  longOpen: z.object({ enabled: z.boolean(), days: z.number() }),
  upperListed: z.object({ enabled: z.boolean() }),
  afterRereview: z.object({ enabled: z.boolean() }),
  lookbackDays: z.number(),
});
export type PutBacklogRulesResponse = z.infer<typeof PutBacklogRulesResponse>;

export const BacklogLeadersResponse = z.object({ leaders: z.array(z.object({ id: z.string(), name: z.string() })) });
export type BacklogLeadersResponse = z.infer<typeof BacklogLeadersResponse>;

export const BacklogCasesResponse = z.object({ cases: z.array(CaseRow) });
export type BacklogCasesResponse = z.infer<typeof BacklogCasesResponse>;

export const PostBacklogCasesResponse = z.object({ id: z.string(), number: z.string(), version: z.number() });
export type PostBacklogCasesResponse = z.infer<typeof PostBacklogCasesResponse>;

export const BacklogMineResponse = z.object({
  rows: z.array(CaseRow),
  counts: z.object({
    total: z.number(),
    open: z.number(),
    overdue: z.number(),
    stale: z.number(),
    resolved: z.number(),
    terminated: z.number(),
  }),
});
export type BacklogMineResponse = z.infer<typeof BacklogMineResponse>;

export const BacklogCasesResponse2 = z.object({
  version: z.number(),
  leaderUserId: z.string().nullable(),
  unitId: z.string().nullable(),
  origin: CaseOrigin,
  confirmReason: z.string(),
  confirmedBy: z.string(),
  cadreList: z.array(Cadre),
  plan: CasePlan.nullable(),
  notes: z.array(CaseNote),
  history: z.array(CaseHistoryEntry),
  closing: CaseClosing.nullable(),
  progress: CaseProgress,
  closingNeeds: z.object({ resolved: z.array(Requirement), terminated: z.array(Requirement) }),
  linkedItems: z.array(
    z.object({
      id: z.string(),
      number: z.string(),
      title: z.string(),
      status: z.enum(STATUSES),
      registeredOn: z.string(),
      leadUnit: z.string().nullable(),
    }),
  ),
  abilities: z.object({ assign: z.boolean(), plan: z.boolean(), note: z.boolean(), close: z.boolean() }),
  id: z.string(),
  number: z.string(),
  title: z.string(),
  status: z.enum(CASE_STATUSES),
  statusLabel: z.string(),
  leader: z.string(),
  unit: z.string(),
  cadres: z.string(),
  confirmedOn: z.string(),
  items: z.number(),
  closedOn: z.string().nullable(),
  evidence: z.string().nullable(),
});
export type BacklogCasesResponse2 = z.infer<typeof BacklogCasesResponse2>;

export const PostBacklogCasesResponse2 = z.object({
  id: z.string(),
  version: z.number(),
  status: z.enum(CASE_STATUSES),
  summary: z.string(),
});
export type PostBacklogCasesResponse2 = z.infer<typeof PostBacklogCasesResponse2>;
