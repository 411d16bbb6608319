import { randomUUID } from 'node:crypto';
import type { WorkCalendar } from '../domain/calendar.ts';
import {
  DEFAULT_RULES,
  DEFAULT_WARNING_THRESHOLDS,
  type DeadlineRule,
  type IsoDate,
  type RuleCode,
  type WarningThresholds,
} from '../domain/deadline.ts';
import type { Actor } from '../domain/item.policy.ts';
import { loadCalendar } from '../store/calendar.store.ts';
import type { AuditKeys } from '../store/audit.store.ts';
import type { Db, DbOrTrx } from '../store/db.ts';
import type { PiiCodec } from '../store/pii.ts';
import { getSetting } from '../store/settings.store.ts';

/** What every use case needs; built once in the composition root (or a test) and passed down. */
export interface AppDeps {
  db: Db;
  dialect: 'sqlite' | 'postgres';
  codec: PiiCodec;
  /** Keys of the audit chain (from the key file, never the database). */
  auditKeys: AuditKeys;
  /** The clock: the only source of "now" below the HTTP layer. */
  clock: () => Date;
  newId: () => string;
}

/** Per-request context of a use case. */
export interface UseCaseCtx {
  actor: Actor;
  requestId: string | null;
}

export function defaultIds(): () => string {
  return () => randomUUID();
}

const DAY_FMT = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today's date in China (the statutory clock runs on Beijing time). */
export function todayOf(now: Date): IsoDate {
  return DAY_FMT.format(now);
}

export type Rules = Readonly<Record<RuleCode, DeadlineRule>>;

/** Deadline rules: the defaults with the administrator's overrides (setting `deadline_rules`). */
export async function loadRules(db: DbOrTrx): Promise<Rules> {
  const overrides = await getSetting<Partial<Record<RuleCode, Partial<DeadlineRule>>>>(db, 'deadline_rules', {});
  const out = { ...DEFAULT_RULES } as Record<RuleCode, DeadlineRule>;
  for (const [code, o] of Object.entries(overrides) as [RuleCode, Partial<DeadlineRule>][]) {
    if (out[code]) out[code] = { ...out[code], ...o, code };
  }
  return out;
}

export async function loadThresholds(db: DbOrTrx): Promise<WarningThresholds> {
  return getSetting<WarningThresholds>(db, 'warning_thresholds', { ...DEFAULT_WARNING_THRESHOLDS });
}

export interface Clockwork {
  calendar: WorkCalendar;
  rules: Rules;
  thresholds: WarningThresholds;
  today: IsoDate;
}

/** Loads everything the statutory clock needs for one use case. */
export async function loadClockwork(db: DbOrTrx, now: Date): Promise<Clockwork> {
  const [calendar, rules, thresholds] = await Promise.all([loadCalendar(db), loadRules(db), loadThresholds(db)]);
  return { calendar, rules, thresholds, today: todayOf(now) };
}
