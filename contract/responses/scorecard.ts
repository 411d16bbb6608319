import { z } from 'zod';
import { STATUSES } from '../enums.ts';

export const ItemRef = z
  .object({
    id: z.string(),
    number: z.string(),
    maskedTitle: z.string(),
    registeredOn: z.string(),
    status: z.enum(STATUSES),
  })
  .meta({ id: 'ItemRef' });
export type ItemRef = z.infer<typeof ItemRef>;

export const Period = z.object({ from: z.string(), to: z.string() }).meta({ id: 'Period' });
export type Period = z.infer<typeof Period>;

export const Figure = z.object({ count: z.number(), ids: z.array(z.string()) }).meta({ id: 'Figure' });
export type Figure = z.infer<typeof Figure>;

export const RateFigure = z
  .object({
    count: z.number(),
    of: z.number(),
    rate: z.number().nullable(),
    ids: z.array(z.string()),
    ofIds: z.array(z.string()),
  })
  .meta({ id: 'RateFigure' });
export type RateFigure = z.infer<typeof RateFigure>;

export const MeanFigure = z
  .object({ mean: z.number().nullable(), ids: z.array(z.string()) })
  .meta({ id: 'MeanFigure' });
export type MeanFigure = z.infer<typeof MeanFigure>;

export const UnitChange = z
  .object({
    received: z.number(),
    acceptedOnTime: z.number().nullable(),
    closedOnTime: z.number().nullable(),
    rated: z.number().nullable(),
    satisfied: z.number().nullable(),
    overdue: z.number(),
    score: z.number().nullable(),
    rank: z.number().nullable(),
  })
  .meta({ id: 'UnitChange' });
export type UnitChange = z.infer<typeof UnitChange>;

export const UnitScore = z
  .object({
    unitId: z.string(),
    unit: z.string(),
    rank: z.number(),
    previous: z
      .object({
        received: Figure,
        acceptedOnTime: RateFigure,
        closedOnTime: RateFigure,
        rated: RateFigure,
        satisfied: RateFigure,
        repeat: RateFigure,
        overdue: Figure,
        objections: z.object({ raised: Figure, upheld: Figure }),
        sentBack: Figure,
        supervisions: z.object({ received: Figure, answeredLate: Figure }),
        meanDaysToAcceptance: MeanFigure,
        meanDaysToOpinion: MeanFigure,
        score: z.number().nullable(),
        rank: z.number(),
      })
      .nullable(),
    change: UnitChange.nullable(),
    received: Figure,
    acceptedOnTime: RateFigure,
    closedOnTime: RateFigure,
    rated: RateFigure,
    satisfied: RateFigure,
    repeat: RateFigure,
    overdue: Figure,
    objections: z.object({ raised: Figure, upheld: Figure }),
    sentBack: Figure,
    supervisions: z.object({ received: Figure, answeredLate: Figure }),
    meanDaysToAcceptance: MeanFigure,
    meanDaysToOpinion: MeanFigure,
    score: z.number().nullable(),
  })
  .meta({ id: 'UnitScore' });
export type UnitScore = z.infer<typeof UnitScore>;

export const ScorecardResponse = z.object({
  scope: z.enum(['unit', 'all']),
  items: z.record(z.string(), ItemRef),
  from: z.string(),
  to: z.string(),
  asOf: z.string(),
  previous: Period.nullable(),
  units: z.array(UnitScore),
  formulas: z.record(z.string(), z.string()),
});
export type ScorecardResponse = z.infer<typeof ScorecardResponse>;
