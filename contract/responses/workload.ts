import { z } from 'zod';
import { ROLES } from '../enums.ts';

const Figures = {
  open: z.number(),
  dueSoon: z.number(),
  overdue: z.number(),
  waiting: z.number(),
};

/** 工作量: per unit and per person, open / due within N days / overdue / waiting for them. */
export const WorkloadResponse = z
  .object({
    today: z.string(),
    dueSoonDays: z.number(),
    units: z.array(z.object({ unitId: z.string(), unitName: z.string(), unassigned: z.number(), ...Figures })),
    people: z.array(
      z.object({
        userId: z.string(),
        name: z.string(),
        role: z.enum(ROLES),
        roleLabel: z.string(),
        unitId: z.string(),
        unitName: z.string(),
        ...Figures,
      }),
    ),
  })
  .meta({ id: 'WorkloadResponse' });
export type WorkloadResponse = z.infer<typeof WorkloadResponse>;

/** 指定经办人 / 更换经办人 (the reason is required when someone already holds the item). */
export const AssignHandlerBody = z.object({
  version: z.number().int().min(1),
  userId: z.string().min(1).max(64),
  reason: z.string().trim().max(500).nullish(),
});
export type AssignHandlerBody = z.infer<typeof AssignHandlerBody>;
