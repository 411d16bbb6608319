import { z } from 'zod';
import { TARGET_KINDS } from '../campaign.ts';
import { WarningThresholds } from './admin.ts';

export const KeyCount = z.object({ key: z.string(), count: z.number() }).meta({ id: 'KeyCount' });
export type KeyCount = z.infer<typeof KeyCount>;

export const Visits = z.object({ batches: z.number(), people: z.number() }).meta({ id: 'Visits' });
export type Visits = z.infer<typeof Visits>;

export const StoredPeriod = z
  .object({
    version: z.number(),
    id: z.string(),
    name: z.string(),
    from: z.string(),
    to: z.string(),
    reportTime: z.string(),
    thresholds: WarningThresholds.nullable(),
  })
  .meta({ id: 'StoredPeriod' });
export type StoredPeriod = z.infer<typeof StoredPeriod>;

export const CampaignTargets = z
  .object({
    reduceTotal: z.object({ changePct: z.number() }).optional(),
    resolveBacklog: z.object({ ratePct: z.number() }).optional(),
    curbNew: z.object({ max: z.number() }).optional(),
    firstTimeResolved: z.object({ ratePct: z.number() }).optional(),
  })
  .meta({ id: 'CampaignTargets' });
export type CampaignTargets = z.infer<typeof CampaignTargets>;

export const StoredCampaign = z
  .object({
    version: z.number(),
    createdBy: z.string(),
    id: z.string(),
    name: z.string(),
    from: z.string(),
    to: z.string(),
    targets: CampaignTargets,
  })
  .meta({ id: 'StoredCampaign' });
export type StoredCampaign = z.infer<typeof StoredCampaign>;

export const Campaign = z
  .object({ id: z.string(), name: z.string(), from: z.string(), to: z.string(), targets: CampaignTargets })
  .meta({ id: 'Campaign' });
export type Campaign = z.infer<typeof Campaign>;

export const Span = z.object({ from: z.string(), to: z.string() }).meta({ id: 'Span' });
export type Span = z.infer<typeof Span>;

export const Part = z
  .object({
    key: z.string(),
    label: z.string(),
    count: z.number(),
    ids: z.array(z.string()),
    of: z.enum(['case', 'item']),
  })
  .meta({ id: 'Part' });
export type Part = z.infer<typeof Part>;

export const TargetValue = z
  .object({
    kind: z.enum(TARGET_KINDS),
    label: z.string(),
    target: z.number(),
    comparator: z.enum(['≤', '≥']),
    unit: z.enum(['%', '件']),
    value: z.number().nullable(),
    met: z.boolean().nullable(),
    parts: z.array(Part),
  })
  .meta({ id: 'TargetValue' });
export type TargetValue = z.infer<typeof TargetValue>;

export const WeekPoint = z
  .object({
    week: z.number(),
    from: z.string(),
    to: z.string(),
    newItems: Part,
    sameWeekLastYear: Part,
    values: z.array(
      z.object({ kind: z.enum(TARGET_KINDS), value: z.number().nullable(), met: z.boolean().nullable() }),
    ),
  })
  .meta({ id: 'WeekPoint' });
export type WeekPoint = z.infer<typeof WeekPoint>;

export const UnitSplit = z
  .object({ unitId: z.string().nullable(), unit: z.string(), targets: z.array(TargetValue) })
  .meta({ id: 'UnitSplit' });
export type UnitSplit = z.infer<typeof UnitSplit>;

export const Board = z
  .object({
    campaign: Campaign,
    asOf: z.string(),
    state: z.enum(['upcoming', 'running', 'ended']),
    span: Span.nullable(),
    comparisonSpan: Span.nullable(),
    targets: z.array(TargetValue),
    weekly: z.array(WeekPoint),
    byUnit: z.array(UnitSplit),
    notAccepted: Part,
    formulas: z.object({
      reduce_total: z.string(),
      resolve_backlog: z.string(),
      curb_new: z.string(),
      first_time_resolved: z.string(),
    }),
  })
  .meta({ id: 'Board' });
export type Board = z.infer<typeof Board>;

export const ReportsDailyResponse = z.object({
  date: z.string(),
  total: z.number(),
  byLevel: z.array(KeyCount),
  byChannel: z.array(KeyCount),
  collective: Visits,
  items: z.array(z.object({ number: z.string(), title: z.string() })),
  zeroReport: z.boolean(),
  text: z.string(),
  details: z.object({
    period: z.object({ id: z.string(), name: z.string() }).nullable(),
    itemIds: z.array(z.string()),
    skipLevel: Visits,
    hotIssues: z.array(z.object({ label: z.string(), count: z.number(), numbers: z.array(z.string()) })),
    hotIssuesPending: z.boolean().optional(),
    notAccepted: z.object({ count: z.number(), numbers: z.array(z.string()) }),
  }),
  producedAt: z.string().nullable(),
});
export type ReportsDailyResponse = z.infer<typeof ReportsDailyResponse>;

export const ReportsDailyRegisterResponse = z.object({
  reports: z.array(
    z.object({
      date: z.string(),
      periodId: z.string().nullable(),
      total: z.number(),
      zeroReport: z.boolean(),
      producedAt: z.string(),
    }),
  ),
});
export type ReportsDailyRegisterResponse = z.infer<typeof ReportsDailyRegisterResponse>;

export const MajorPeriodsResponse = z.object({ periods: z.array(StoredPeriod) });
export type MajorPeriodsResponse = z.infer<typeof MajorPeriodsResponse>;

export const PostMajorPeriodsResponse = z.object({
  version: z.number(),
  id: z.string(),
  name: z.string(),
  from: z.string(),
  to: z.string(),
  reportTime: z.string(),
  thresholds: WarningThresholds.nullable(),
});
export type PostMajorPeriodsResponse = z.infer<typeof PostMajorPeriodsResponse>;

export const CampaignsResponse = z.object({ campaigns: z.array(StoredCampaign) });
export type CampaignsResponse = z.infer<typeof CampaignsResponse>;

export const PostCampaignsResponse = z.object({
  id: z.string(),
  version: z.number(),
  name: z.string(),
  from: z.string(),
  to: z.string(),
  targets: z.object({
    reduceTotal: z.object({ changePct: z.number() }).optional(),
    resolveBacklog: z.object({ ratePct: z.number() }).optional(),
    curbNew: z.object({ max: z.number() }).optional(),
    firstTimeResolved: z.object({ ratePct: z.number() }).optional(),
  }),
  createdBy: z.string(),
});
export type PostCampaignsResponse = z.infer<typeof PostCampaignsResponse>;

export const CampaignsBoardResponse = z.object({
  board: Board,
  numbers: z.record(z.string(), z.string()),
  section: z.object({ title: z.string(), text: z.string(), table: z.array(z.array(z.string())) }),
});
export type CampaignsBoardResponse = z.infer<typeof CampaignsBoardResponse>;
