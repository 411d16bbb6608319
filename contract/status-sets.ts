import type { Status } from './enums.ts';

// The one home of every named set of statuses. Server (use cases, SQL) and web (list presets) read these;
// a set is never restated beside the code that uses it.

/** Waiting for the bureau: routing a new item, reviewing a unit's 办结 report, 复查 and 复核. */
export const BUREAU_TODO_STATUSES = [
  'registered',
  'concluded',
  'review',
  'review_decided',
  'rereview',
] as const satisfies readonly Status[];

/** Waiting for the lead unit: from receipt to serving the opinion. */
export const UNIT_TODO_STATUSES = [
  'routed',
  'received',
  'handling',
  'replied',
  'served',
] as const satisfies readonly Status[];

/** The unit's inbox: routed and not yet accepted (待签收 / 待受理). */
export const UNIT_INBOX_STATUSES = ['routed', 'received'] as const satisfies readonly Status[];

/** The unit is handling: accepted, opinion issued or served. */
export const UNIT_HANDLING_STATUSES = ['handling', 'replied', 'served'] as const satisfies readonly Status[];

/** Ended: no duty runs any more, so no deadline moves (办结, 存档, 不予/不再受理, 终结). */
export const ENDED_STATUSES = [
  'closed',
  'filed',
  'not_accepted',
  'not_reaccepted',
  'terminated',
] as const satisfies readonly Status[];

/** Registered only: reported apart, never in a report's total (不予受理, 不再受理). */
export const NOT_REPORTED_STATUSES = ['not_accepted', 'not_reaccepted'] as const satisfies readonly Status[];

/** Resolved for the report (办结, or 终结 after 复核). */
export const RESOLVED_STATUSES = ['closed', 'terminated'] as const satisfies readonly Status[];
