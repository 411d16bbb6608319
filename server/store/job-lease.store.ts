import { sql } from 'kysely';
import type { DbOrTrx } from './db.ts';

/**
 * Leases of scheduled jobs: a row per job, taken by a conditional update so that of several instances on one
 * database exactly one runs a given slot (PostgreSQL re-checks the condition on the row it waited for; SQLite
 * serialises writers). The newest finished slot is kept in the row, so a slot runs once across restarts too.
 */

export interface JobLease {
  name: string;
  holder: string | null;
  leaseUntil: string | null;
  lastSlot: string | null;
  lastStartedAt: string | null;
  lastFinishedAt: string | null;
  lastError: string | null;
  runs: number;
}

/** Creates the job's row if it is missing (idempotent). */
export async function ensureJobLease(db: DbOrTrx, name: string): Promise<void> {
  await db
    .insertInto('job_leases')
    .values({ name, runs: 0 })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
}

export async function findJobLease(db: DbOrTrx, name: string): Promise<JobLease | null> {
  const r = await db.selectFrom('job_leases').selectAll().where('name', '=', name).executeTakeFirst();
  if (!r) return null;
  return {
    name: r.name,
    holder: r.holder,
    leaseUntil: r.lease_until,
    lastSlot: r.last_slot,
    lastStartedAt: r.last_started_at,
    lastFinishedAt: r.last_finished_at,
    lastError: r.last_error,
    runs: Number(r.runs),
  };
}

/**
 * Takes the lease of `name` for `slot` until `until` when the slot has not run yet and the lease is free (no
 * holder and no back-off running, or an expired lease of an instance that died). True when this call took it.
 */
export async function tryAcquireJobLease(
  db: DbOrTrx,
  a: { name: string; slot: string; holder: string; now: string; until: string },
): Promise<boolean> {
  const r = await db
    .updateTable('job_leases')
    .set({ holder: a.holder, lease_until: a.until, last_started_at: a.now })
    .where('name', '=', a.name)
    .where((eb) => eb.or([eb('last_slot', 'is', null), eb('last_slot', '<', a.slot)]))
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', a.now)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Extends a lease this holder still holds (a long run); false when it was lost. */
export async function renewJobLease(db: DbOrTrx, a: { name: string; holder: string; until: string }): Promise<boolean> {
  const r = await db
    .updateTable('job_leases')
    .set({ lease_until: a.until })
    .where('name', '=', a.name)
    .where('holder', '=', a.holder)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Ends the holder's run of `slot`: on success (or a skip) the slot is recorded as done and the lease freed; on
 * failure the slot stays due and the lease is freed only from `retryAt` (the back-off). False when the lease was
 * no longer this holder's.
 */
export async function finishJobLease(
  db: DbOrTrx,
  a: { name: string; holder: string; slot: string; now: string } & (
    | { ok: true }
    | { ok: false; error: string; retryAt: string }
  ),
): Promise<boolean> {
  const q = db.updateTable('job_leases').where('name', '=', a.name).where('holder', '=', a.holder);
  const r = a.ok
    ? await q
        .set({
          holder: null,
          lease_until: null,
          last_slot: a.slot,
          last_finished_at: a.now,
          last_error: null,
          runs: sql`runs + 1`,
        })
        .executeTakeFirst()
    : await q
        .set({ holder: null, lease_until: a.retryAt, last_error: a.error, last_finished_at: a.now })
        .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface JobRun {
  id: string;
  name: string;
  slot: string;
  instance: string;
  startedAt: string;
  finishedAt: string | null;
  status: 'running' | 'done' | 'failed' | 'skipped';
  detail: unknown;
}

export async function insertJobRun(
  db: DbOrTrx,
  r: { id: string; name: string; slot: string; instance: string; startedAt: string; status: JobRun['status'] },
): Promise<void> {
  await db
    .insertInto('job_runs')
    .values({ id: r.id, name: r.name, slot: r.slot, instance: r.instance, started_at: r.startedAt, status: r.status })
    .execute();
}

export async function finishJobRun(
  db: DbOrTrx,
  r: { id: string; finishedAt: string; status: JobRun['status']; detail: unknown },
): Promise<void> {
  await db
    .updateTable('job_runs')
    .set({ finished_at: r.finishedAt, status: r.status, detail: JSON.stringify(r.detail ?? null) })
    .where('id', '=', r.id)
    .execute();
}

/** The runs of a job, newest first. */
export async function listJobRuns(db: DbOrTrx, name: string, limit = 100): Promise<JobRun[]> {
  const rows = await db
    .selectFrom('job_runs')
    .selectAll()
    .where('name', '=', name)
    .orderBy('started_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    slot: r.slot,
    instance: r.instance,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    status: r.status as JobRun['status'],
    detail: r.detail ? JSON.parse(r.detail) : null,
  }));
}
