/**
 * Stored hot issues: one row per period asked for, holding the district's clusters (computed in the background)
 * and the claim of the instance recomputing it. Readers filter the members by their own scope (`listOpenable`).
 */
import { sql } from 'kysely';
import type { ReadScope } from '../domain/visibility.policy.ts';
import type { DbOrTrx } from './db.ts';
import type { HotIssueSnapshotTable } from './text-schema.ts';
import { visibleItems } from './item-scope.ts';

export interface HotIssueSnapshotRow {
  from: string;
  to: string;
  requestedAt: string;
  computedAt: string | null;
  fingerprint: string | null;
  items: number | null;
  /** The clusters as JSON (the application's shape). */
  clusters: string | null;
  seconds: number | null;
  error: string | null;
  claimedUntil: string | null;
}

function rowOf(r: Omit<HotIssueSnapshotTable, 'claimed_by'>): HotIssueSnapshotRow {
  return {
    from: r.period_from,
    to: r.period_to,
    requestedAt: r.requested_at,
    computedAt: r.computed_at,
    fingerprint: r.fingerprint,
    items: r.items == null ? null : Number(r.items),
    clusters: r.clusters,
    seconds: r.seconds == null ? null : Number(r.seconds),
    error: r.error,
    claimedUntil: r.claimed_until,
  };
}

export async function findHotIssueSnapshot(db: DbOrTrx, from: string, to: string): Promise<HotIssueSnapshotRow | null> {
  const r = await db
    .selectFrom('hot_issue_snapshots')
    .selectAll()
    .where('period_from', '=', from)
    .where('period_to', '=', to)
    .executeTakeFirst();
  return r ? rowOf(r) : null;
}

/** Remembers that the period was asked for at `at` (the background job keeps asked-for periods fresh). */
export async function noteHotIssueRequest(db: DbOrTrx, from: string, to: string, at: string): Promise<void> {
  await db
    .insertInto('hot_issue_snapshots')
    .values({ period_from: from, period_to: to, requested_at: at })
    .onConflict((oc) => oc.columns(['period_from', 'period_to']).doUpdateSet({ requested_at: at }))
    .execute();
}

/** Periods asked for since `since`, most recently asked first. */
export async function listWantedHotIssuePeriods(
  db: DbOrTrx,
  since: string,
  limit = 20,
): Promise<HotIssueSnapshotRow[]> {
  const rows = await db
    .selectFrom('hot_issue_snapshots')
    .selectAll()
    .where('requested_at', '>=', since)
    .orderBy('requested_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map(rowOf);
}

/**
 * Takes the period for recomputation until `until` unless another instance holds it: true when this holder got
 * it. The conditional update is the lease (SQLite and PostgreSQL alike), so a period is computed once at a time.
 */
export async function claimHotIssuePeriod(
  db: DbOrTrx,
  p: { from: string; to: string; holder: string; now: string; until: string },
): Promise<boolean> {
  const r = await db
    .updateTable('hot_issue_snapshots')
    .set({ claimed_until: p.until, claimed_by: p.holder })
    .where('period_from', '=', p.from)
    .where('period_to', '=', p.to)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', p.now)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Stores a computed result (or the error of a failed run) and releases the claim. */
export async function saveHotIssueSnapshot(
  db: DbOrTrx,
  p: {
    from: string;
    to: string;
    holder: string;
    computedAt?: string;
    fingerprint?: string;
    items?: number;
    clusters?: string;
    seconds?: number;
    error?: string | null;
  },
): Promise<void> {
  const done =
    p.clusters !== undefined
      ? {
          computed_at: p.computedAt ?? null,
          fingerprint: p.fingerprint ?? null,
          items: p.items ?? 0,
          clusters: p.clusters,
          seconds: p.seconds ?? null,
          error: null,
        }
      : { error: p.error ?? null };
  await db
    .updateTable('hot_issue_snapshots')
    .set({ ...done, claimed_until: null, claimed_by: null })
    .where('period_from', '=', p.from)
    .where('period_to', '=', p.to)
    .where('claimed_by', '=', p.holder)
    .execute();
}

/**
 * The state of the period's items, cheap to read: how many there are and the latest change. A registration, a
 * correction or a routing changes it, so the background job recomputes only when something changed.
 */
export async function hotIssueFingerprint(db: DbOrTrx, from: string, to: string): Promise<string> {
  const r = await db
    .selectFrom('items')
    .select([sql<number>`count(*)`.as('n'), sql<string | null>`max(updated_at)`.as('at')])
    .where('registered_on', '>=', from)
    .where('registered_on', '<=', to)
    .executeTakeFirstOrThrow();
  return `${Number(r.n)}|${r.at ?? ''}`;
}

export interface OpenableMemberRow {
  id: string;
  number: string;
  maskedTitle: string;
  registeredOn: string;
}

/** Of `ids`, those the scope may open (the visibility rule's SQL twin), with what a hot-issue card lists. */
export async function listOpenable(
  db: DbOrTrx,
  scope: ReadScope,
  ids: readonly string[],
): Promise<OpenableMemberRow[]> {
  if (scope.kind === 'none' || !ids.length) return [];
  const out: OpenableMemberRow[] = [];
  // Chunks keep every statement under SQLite's bound-parameter limit.
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('items as i')
      .select(['i.id', 'i.number', 'i.masked_title', 'i.registered_on'])
      .where('i.id', 'in', ids.slice(i, i + 500))
      .where(visibleItems(scope, 'i', 'rows'))
      .execute();
    for (const r of rows)
      out.push({ id: r.id, number: r.number, maskedTitle: r.masked_title ?? '', registeredOn: r.registered_on });
  }
  return out;
}

/** How many items of the period the scope may open. */
export async function countOpenableInPeriod(db: DbOrTrx, scope: ReadScope, from: string, to: string): Promise<number> {
  if (scope.kind === 'none') return 0;
  const r = await db
    .selectFrom('items as i')
    .select(sql<number>`count(*)`.as('n'))
    .where(visibleItems(scope))
    .where('i.registered_on', '>=', from)
    .where('i.registered_on', '<=', to)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
