import { randomUUID } from 'node:crypto';
import { todayOf, WorkCalendar } from '../domain/calendar.ts';
import {
  DEFAULT_RULES,
  DEFAULT_WARNING_THRESHOLDS,
  type DeadlineRule,
  type IsoDate,
  type RuleCode,
  type WarningThresholds,
} from '../domain/deadline.ts';
import type { Actor } from '../domain/item.policy.ts';
import { calendarEntries } from '../store/calendar.store.ts';
import type { AuditKeys } from '../store/audit.store.ts';
import type { Db, DbOrTrx } from '../store/db.ts';
import type { PiiCodec } from '../store/pii.ts';
import { clockworkGeneration, getSetting } from '../store/settings.store.ts';

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

/** Today's date in China (re-exported: use cases and the CLI take it from here). */
export { todayOf };

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

type StoredClock = Omit<Clockwork, 'today'>;

/**
 * Clocks read before, by generation token (`clockworkGeneration`). The token is random per edit, so one map
 * serves every database of the process (tests open many) and an entry is right wherever its token is current.
 */
const clocks = new Map<string, StoredClock>();
const CLOCKS_KEPT = 8;

function frozenClock(c: StoredClock): StoredClock {
  for (const r of Object.values(c.rules)) Object.freeze(r);
  return Object.freeze({
    calendar: c.calendar,
    rules: Object.freeze(c.rules),
    thresholds: Object.freeze(c.thresholds),
  });
}

/** The work calendar as stored now (use cases read it through the cached clock, `loadClockwork`). */
export async function loadCalendar(db: DbOrTrx): Promise<WorkCalendar> {
  return new WorkCalendar(await calendarEntries(db));
}

async function readClock(db: DbOrTrx): Promise<StoredClock> {
  const [calendar, rules, thresholds] = await Promise.all([loadCalendar(db), loadRules(db), loadThresholds(db)]);
  return { calendar, rules, thresholds };
}

/**
 * Loads everything the statutory clock needs for one use case: from the process's cache when the database's
 * generation token still names it (one primary-key read), otherwise from the tables. Every edit of the calendar,
 * rules or thresholds replaces the token in its own transaction, so the next use on any instance reads afresh.
 * The token is read before the tables: a clock read while an edit commits is kept under the older token only.
 */
export async function loadClockwork(db: DbOrTrx, now: Date): Promise<Clockwork> {
  const generation = await clockworkGeneration(db);
  let clock = generation === null ? undefined : clocks.get(generation);
  if (!clock) {
    clock = frozenClock(await readClock(db));
    if (generation !== null) {
      if (clocks.size >= CLOCKS_KEPT) clocks.delete(clocks.keys().next().value!);
      clocks.set(generation, clock);
    }
  }
  return { ...clock, today: todayOf(now) };
}
