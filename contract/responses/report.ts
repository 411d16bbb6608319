import { z } from 'zod';
import { RATING_SOURCE_KINDS } from '../rating-source.ts';

export const Change = z
  .object({ current: z.number(), previous: z.number(), diff: z.number(), rate: z.number().nullable() })
  .meta({ id: 'Change' });
export type Change = z.infer<typeof Change>;

export const Part2 = z.object({ count: z.number(), share: z.number() }).meta({ id: 'Part2' });
export type Part2 = z.infer<typeof Part2>;

export const SplitEntry = z
  .object({ key: z.string(), count: z.number(), share: z.number() })
  .meta({ id: 'SplitEntry' });
export type SplitEntry = z.infer<typeof SplitEntry>;

export const Indicator = z
  .object({ rate: z.number().nullable(), numerator: z.number(), denominator: z.number(), formula: z.string() })
  .meta({ id: 'Indicator' });
export type Indicator = z.infer<typeof Indicator>;

export const VisitCounts = z
  .object({
    visits: z.object({ batches: z.number(), persons: z.number() }),
    collectiveVisits: z.object({ batches: z.number(), persons: z.number() }),
    jointPetitions: z.object({ batches: z.number(), persons: z.number() }),
  })
  .meta({ id: 'VisitCounts' });
export type VisitCounts = z.infer<typeof VisitCounts>;

/** 满意率 of one rating source (网上自评, 电话回访 …); the parts add up to the 满意率 indicator. */
export const SatisfactionBySource = z
  .object({
    source: z.enum(RATING_SOURCE_KINDS),
    group: z.enum(['网上自评', '回访', '来源未记录']),
    rated: z.number(),
    satisfied: z.number(),
    rate: z.number().nullable(),
  })
  .meta({ id: 'SatisfactionBySource' });

export const PeriodFigures = z
  .object({
    period: z.object({ from: z.string(), to: z.string() }),
    total: z.number(),
    notAccepted: z.number(),
    firstTime: Part2,
    repeat: Part2,
    outsideDistrict: Part2,
    byLevel: z.array(SplitEntry),
    byChannel: z.array(SplitEntry),
    byDomain: z.array(SplitEntry),
    topUnits: z.array(z.object({ unit: z.string(), count: z.number() })),
    indicators: z.object({
      及时受理率: Indicator,
      按期办结率: Indicator,
      参评率: Indicator,
      满意率: Indicator,
      重复信访率: Indicator,
      化解率: Indicator,
    }),
    visitCounts: VisitCounts,
    legalChannel: z.number(),
    satisfactionBySource: z.array(SatisfactionBySource),
  })
  .meta({ id: 'PeriodFigures' });
export type PeriodFigures = z.infer<typeof PeriodFigures>;

/** A period's figures with the change against the compared period (previous period or the year before). */
export const Comparison = PeriodFigures.extend({
  kind: z.enum(['prev', 'yoy']),
  changes: z.object({
    total: Change,
    firstTime: Change,
    repeat: Change,
    outsideDistrict: Change,
    notAccepted: Change,
  }),
}).meta({ id: 'Comparison' });
export type Comparison = z.infer<typeof Comparison>;

export const ReportsSituationResponse = z.object({
  definitions: z.record(z.string(), z.string()),
  comparison: Comparison.optional(),
  text: z.string(),
  period: z.object({ from: z.string(), to: z.string() }),
  total: z.number(),
  notAccepted: z.number(),
  firstTime: Part2,
  repeat: Part2,
  outsideDistrict: Part2,
  byLevel: z.array(SplitEntry),
  byChannel: z.array(SplitEntry),
  byDomain: z.array(SplitEntry),
  topUnits: z.array(z.object({ unit: z.string(), count: z.number() })),
  indicators: z.object({
    及时受理率: Indicator,
    按期办结率: Indicator,
    参评率: Indicator,
    满意率: Indicator,
    重复信访率: Indicator,
    化解率: Indicator,
  }),
  visitCounts: VisitCounts,
  legalChannel: z.number(),
  satisfactionBySource: z.array(SatisfactionBySource),
});
export type ReportsSituationResponse = z.infer<typeof ReportsSituationResponse>;

export const ReportsDashboardResponse = z.object({
  period: z.object({ from: z.string(), to: z.string() }),
  comparisonPeriod: z.object({ from: z.string(), to: z.string() }),
  compare: z.enum(['prev', 'yoy']),
  trend: z.array(
    z.object({ month: z.string(), count: z.number(), comparisonMonth: z.string(), comparisonCount: z.number() }),
  ),
  figures: PeriodFigures,
  overdue: z.number(),
});
export type ReportsDashboardResponse = z.infer<typeof ReportsDashboardResponse>;
