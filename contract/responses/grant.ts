import { z } from 'zod';
import { ROLES } from '../enums.ts';

/** A request for an account change (三员分立), as the grant screens show it. */
export const GrantView = z
  .object({
    id: z.string(),
    kind: z.enum(['create', 'change', 'reset', 'disable', 'enable']),
    kindLabel: z.string(),
    userId: z.string().nullable(),
    username: z.string(),
    displayName: z.string().nullable(),
    role: z.enum(ROLES).nullable(),
    roleLabel: z.string().nullable(),
    unitId: z.string().nullable(),
    prevRole: z.enum(ROLES).nullable(),
    prevUnitId: z.string().nullable(),
    reason: z.string(),
    status: z.enum(['pending', 'approved', 'refused', 'withdrawn']),
    requestedBy: z.string(),
    requestedByName: z.string().nullable(),
    requestedAt: z.string(),
    decidedBy: z.string().nullable(),
    decidedByName: z.string().nullable(),
    decidedAt: z.string().nullable(),
    decisionNote: z.string().nullable(),
  })
  .meta({ id: 'GrantView' });
export type GrantView = z.infer<typeof GrantView>;

export const GrantsResponse = z.object({ grants: z.array(GrantView) });
export type GrantsResponse = z.infer<typeof GrantsResponse>;

export const PostGrantsDecisionResponse = z.object({
  id: z.string(),
  status: z.string(),
  userId: z.string().nullable(),
});
export type PostGrantsDecisionResponse = z.infer<typeof PostGrantsDecisionResponse>;

export const PostGrantsWithdrawResponse = z.object({ id: z.string(), status: z.string() });
export type PostGrantsWithdrawResponse = z.infer<typeof PostGrantsWithdrawResponse>;
