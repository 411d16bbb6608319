import { z } from 'zod';
import { backgroundRunOf } from './runs.ts';
import { ROLES } from '../enums.ts';
import { GrantView } from './grant.ts';

export const UnitRow = z
  .object({
    id: z.string(),
    name: z.string(),
    parentId: z.string().nullable(),
    insideDistrict: z.boolean(),
    kind: z.string(),
    sort: z.number(),
  })
  .meta({ id: 'UnitRow' });
export type UnitRow = z.infer<typeof UnitRow>;

export const TaxonomyRow = z
  .object({
    path: z.string(),
    pinyin: z.string(),
    code: z.string(),
    name: z.string(),
    parent: z.string().nullable(),
    level: z.union([z.literal(2), z.literal(1), z.literal(3)]),
    /** Retired: no longer offered for new items, still shown on the items that carry it. */
    retired: z.boolean(),
  })
  .meta({ id: 'TaxonomyRow' });
export type TaxonomyRow = z.infer<typeof TaxonomyRow>;

export const CalendarEntry = z
  .object({ date: z.string(), kind: z.enum(['holiday', 'makeup']), name: z.string() })
  .meta({ id: 'CalendarEntry' });
export type CalendarEntry = z.infer<typeof CalendarEntry>;

export const Provisional = z.object({ years: z.array(z.number()), reason: z.string() }).meta({ id: 'Provisional' });
export type Provisional = z.infer<typeof Provisional>;

export const DeadlineRule = z
  .object({
    code: z.enum([
      'route',
      'accept_notice',
      'objection',
      'handle',
      'review_request',
      'review_decision',
      'rereview_request',
      'rereview_decision',
      'simple_handle',
      'sign_receipt',
      'objection_decision',
      'assist_opinion',
    ]),
    name: z.string(),
    basis: z.string(),
    startEvent: z.string(),
    length: z.number(),
    unit: z.enum(['calendar', 'working']),
    rollForward: z.boolean(),
    maxExtensionDays: z.number(),
  })
  .meta({ id: 'DeadlineRule' });
export type DeadlineRule = z.infer<typeof DeadlineRule>;

export const WarningThresholds = z
  .object({ notice: z.number(), warning: z.number(), severe: z.number() })
  .meta({ id: 'WarningThresholds' });
export type WarningThresholds = z.infer<typeof WarningThresholds>;

export const UnitsResponse = z.object({ units: z.array(UnitRow) });
export type UnitsResponse = z.infer<typeof UnitsResponse>;

export const PostUnitsResponse = z.object({
  id: z.string(),
  name: z.string(),
  parentId: z.string().nullable(),
  insideDistrict: z.boolean(),
  kind: z.string(),
  sort: z.number(),
});
export type PostUnitsResponse = z.infer<typeof PostUnitsResponse>;

export const PutUnitsResponse = z.object({
  name: z.string(),
  parentId: z.string().nullable(),
  insideDistrict: z.boolean(),
  kind: z.string(),
  sort: z.number(),
  id: z.string(),
});
export type PutUnitsResponse = z.infer<typeof PutUnitsResponse>;

export const UsersResponse = z.object({
  users: z.array(
    z.object({
      id: z.string(),
      username: z.string(),
      displayName: z.string(),
      role: z.enum(ROLES),
      unitId: z.string().nullable(),
      disabled: z.boolean(),
      lockedUntil: z.string().nullable(),
      phone: z.string().nullable(),
      email: z.string().nullable(),
      /** A leader's title (职务); null for other accounts. */
      title: z.string().nullable(),
      pending: z
        .object({
          id: z.string(),
          kind: z.enum(['create', 'change', 'reset', 'disable', 'enable']),
          kindLabel: z.string(),
          role: z.enum(ROLES).nullable(),
          unitId: z.string().nullable(),
        })
        .nullable(),
    }),
  ),
});
export type UsersResponse = z.infer<typeof UsersResponse>;

export const TaxonomyResponse = z.object({ nodes: z.array(TaxonomyRow) });
export type TaxonomyResponse = z.infer<typeof TaxonomyResponse>;

export const CalendarResponse = z.object({ year: z.number().nullable(), days: z.array(CalendarEntry) });
export type CalendarResponse = z.infer<typeof CalendarResponse>;

export const PutCalendarDayResponse = z.object({
  date: z.string(),
  kind: z.enum(['holiday', 'makeup', 'normal']),
  moved: z.array(z.object({ itemId: z.string(), number: z.string(), changes: z.array(z.string()) })),
});
export type PutCalendarDayResponse = z.infer<typeof PutCalendarDayResponse>;

export const CalendarIsWorkdayResponse = z.object({
  date: z.string(),
  workday: z.boolean(),
  weekday: z.number(),
  kind: z.enum(['holiday', 'makeup', 'workday', 'weekend']),
  name: z.string().optional(),
});
export type CalendarIsWorkdayResponse = z.infer<typeof CalendarIsWorkdayResponse>;

/** The deadline rules (法定与程序期限) by code, with the internal re-handling date of a send-back. */
export const DEADLINE_RULE_CODES = [
  'route',
  'accept_notice',
  'objection',
  'handle',
  'review_request',
  'review_decision',
  'rereview_request',
  'rereview_decision',
  'simple_handle',
  'sign_receipt',
  'objection_decision',
  'assist_opinion',
  'internal_rehandle',
] as const;

/** A computed due date and how it was reached (start, length, extension, pauses, roll-forward). */
export const ComputedDeadline = z
  .object({
    rule: z.enum(DEADLINE_RULE_CODES),
    start: z.string(),
    due: z.string(),
    length: z.number(),
    unit: z.enum(['calendar', 'working']),
    extensionDays: z.number(),
    pausedDays: z.number(),
    rolledFrom: z.string().nullable(),
    explanation: z.string(),
    provisional: Provisional.nullable(),
  })
  .meta({ id: 'ComputedDeadline' });
export type ComputedDeadline = z.infer<typeof ComputedDeadline>;

export const CalendarDueResponse = ComputedDeadline;
export type CalendarDueResponse = ComputedDeadline;

export const RulesResponse = z.object({
  rules: z.array(DeadlineRule),
  thresholds: WarningThresholds,
  defaults: z.array(DeadlineRule),
});
export type RulesResponse = z.infer<typeof RulesResponse>;

export const RulesRecomputeRun = backgroundRunOf(
  z.object({
    items: z.number(),
    changed: z.number(),
    moved: z.array(z.object({ itemId: z.string(), number: z.string(), summary: z.string() })),
  }),
  z.object({ last: z.string() }),
).meta({ id: 'RulesRecomputeRun' });
export const RulesRecomputeRunResponse = z.object({ run: RulesRecomputeRun.nullable() });
export type RulesRecomputeRunResponse = z.infer<typeof RulesRecomputeRunResponse>;

export const PutRulesResponse = z.object({
  rules: z.array(DeadlineRule),
  /** The background recompute of open items' stored deadlines this edit started. */
  run: RulesRecomputeRun,
});
export type PutRulesResponse = z.infer<typeof PutRulesResponse>;

/** An account change done at once, or (pending) waiting for the security administrator's approval (202). */
const AccountChange = <T extends z.ZodRawShape>(done: T) =>
  z.discriminatedUnion('pending', [
    z.object({ pending: z.literal(false), userId: z.string(), ...done }),
    z.object({ pending: z.literal(true), grant: GrantView, ...done }),
  ]);
const NewUser = {
  id: z.string().optional(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  unitId: z.string().nullable(),
};
export const PostUsersResponse = z.union([
  z.object({ pending: z.literal(false), userId: z.string(), ...NewUser }),
  z.object({ pending: z.literal(true), grant: GrantView, ...NewUser }),
]);
export type PostUsersResponse = z.infer<typeof PostUsersResponse>;
export const AccountChangeResponse = AccountChange({});
export type AccountChangeResponse = z.infer<typeof AccountChangeResponse>;

/** A staff member's contacts and title as saved. */
export const UserContactsResponse = z.object({
  userId: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  title: z.string().nullable(),
});
export type UserContactsResponse = z.infer<typeof UserContactsResponse>;

/** A class as the administrator edits it: its explicit 诉求领域 (null: as its parent) and the resolved one. */
export const TaxonomyAdminRow = TaxonomyRow.extend({
  domain: z.string().nullable(),
  reportDomain: z.string(),
}).meta({ id: 'TaxonomyAdminRow' });
export const AdminTaxonomyResponse = z.object({
  nodes: z.array(TaxonomyAdminRow),
  nameMaps: z.array(z.object({ upstream: z.string(), code: z.string(), path: z.string() })),
});
export type AdminTaxonomyResponse = z.infer<typeof AdminTaxonomyResponse>;
export const PutAdminTaxonomyResponse = TaxonomyAdminRow.extend({ itemsMoved: z.number() });
export type PutAdminTaxonomyResponse = z.infer<typeof PutAdminTaxonomyResponse>;
