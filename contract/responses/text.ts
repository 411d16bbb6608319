import { z } from 'zod';
import { RepeatCandidate } from './items.ts';

export const TermWeight = z.object({ term: z.string(), weight: z.number() }).meta({ id: 'TermWeight' });
export type TermWeight = z.infer<typeof TermWeight>;

export const ConfirmedNeighbour = z
  .object({
    itemId: z.string(),
    number: z.string(),
    title: z.string(),
    classPath: z.string(),
    similarity: z.number(),
    leadUnitId: z.string().nullable().optional(),
  })
  .meta({ id: 'ConfirmedNeighbour' });
export type ConfirmedNeighbour = z.infer<typeof ConfirmedNeighbour>;

export const advice = z
  .object({
    message: z.string(),
    status: z.enum(['confident', 'uncertain', 'out_of_scope', 'empty']),
    terms: z.array(TermWeight),
    neighbours: z.array(ConfirmedNeighbour),
  })
  .meta({ id: 'advice' });
export type advice = z.infer<typeof advice>;

export const HotspotMember = z.object({ id: z.string(), why: z.string() }).meta({ id: 'HotspotMember' });
export type HotspotMember = z.infer<typeof HotspotMember>;

export const PostTextSuggestResponse = z.object({
  classes: z.array(
    z.object({ label: z.string(), p: z.number(), code: z.string().nullable(), reasons: z.array(z.string()) }),
  ),
  classAdvice: advice,
  units: z.array(
    z.object({
      similar: z.array(z.object({ itemId: z.string(), number: z.string(), title: z.string(), similarity: z.number() })),
      unitId: z.string(),
      unitName: z.string(),
      score: z.number(),
      reason: z.string(),
      details: z.array(z.string()),
    }),
  ),
  sameperson: z.array(RepeatCandidate),
  sameMatter: z.array(
    z.object({
      itemId: z.string(),
      number: z.string(),
      title: z.string(),
      registeredOn: z.string(),
      status: z.string(),
      similarity: z.number(),
    }),
  ),
});
export type PostTextSuggestResponse = z.infer<typeof PostTextSuggestResponse>;

export const TextHotspotsResponse = z.object({
  period: z.object({ from: z.string(), to: z.string() }),
  /** When the stored clusters were computed (null: not yet). */
  computedAt: z.string().nullable(),
  /** A computation is pending or running (计算中); the clusters shown are the previous ones, if any. */
  updating: z.boolean(),
  /** The last background computation failed. */
  failed: z.boolean(),
  items: z.number(),
  clusters: z.array(
    z.object({
      collective: z.number(),
      repeats: z.number(),
      items: z.array(
        z.object({
          id: z.string(),
          why: z.string(),
          number: z.string().optional(),
          title: z.string(),
          registeredOn: z.string().optional(),
        }),
      ),
      label: z.string(),
      size: z.number(),
      users: z.number(),
      ids: z.array(z.string()),
      keywords: z.array(z.string()),
      place: z.string().nullable(),
      matter: z.string(),
      heat: z.number(),
      support: z.object({ people: z.number(), repeats: z.number(), collectivePeople: z.number(), likes: z.number() }),
      coherence: z.number(),
      members: z.array(HotspotMember),
      from: z.string().nullable(),
      to: z.string().nullable(),
    }),
  ),
});
export type TextHotspotsResponse = z.infer<typeof TextHotspotsResponse>;
