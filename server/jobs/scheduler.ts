import { randomUUID } from 'node:crypto';
import type { Db } from '../store/db.ts';
import {
  ensureJobLease,
  findJobLease,
  finishJobLease,
  finishJobRun,
  insertJobRun,
  renewJobLease,
  tryAcquireJobLease,
} from '../store/job-lease.store.ts';
import { slotDate, slotInstant, slotOf, checkSchedule, type Schedule } from './schedule.ts';

/**
 * A scheduler whose jobs run once per slot across several instances on one database: before running a slot an
 * instance takes the job's lease row (a conditional update), runs the job, and records the slot as done. A slot
 * that failed is retried after a back-off; a lease whose holder died expires and another instance takes over.
 * Jobs must be idempotent (what they raise carries idempotency keys), since a holder that dies half-way leaves
 * the slot to be run again. The clock is injected; `tick()` does one pass and is what tests call.
 */

export interface JobContext {
  /** The slot being run, e.g. '2025-12-09T08:00+08:00'. */
  slot: string;
  /** The Beijing date of the slot. */
  slotDate: string;
  now: Date;
  /** Call during a long run to keep the lease; false when it was lost (stop then). */
  renew(): Promise<boolean>;
}

export interface JobDefinition {
  name: string;
  schedule: Schedule;
  /** The run's result is kept in the run history (counts, not personal data). */
  run(ctx: JobContext): Promise<unknown>;
  /** How long a lease lasts without renewal (default 10 minutes). */
  leaseMs?: number;
  /** Wait after a failure before the slot is tried again (default 5 minutes). */
  retryMs?: number;
  /** A slot older than this when first seen is skipped, not run (e.g. yesterday's digest after an outage). */
  staleAfterMs?: number;
}

export type TickOutcome = 'ran' | 'failed' | 'skipped' | 'not_due' | 'busy';

export interface TickResult {
  name: string;
  slot: string;
  outcome: TickOutcome;
  result?: unknown;
  error?: string;
}

export interface SchedulerOptions {
  db: Db;
  clock: () => Date;
  jobs: readonly JobDefinition[];
  /** This instance's name in leases and the run history (default: a random id). */
  instanceId?: string;
  /** Interval of `start()`'s ticks (default 30 s). */
  tickMs?: number;
  log?: { info(o: object, msg: string): void; error(o: object, msg: string): void } | null;
  newId?: () => string;
}

export interface Scheduler {
  readonly instanceId: string;
  /** One pass over every job: runs each slot that is due and free. */
  tick(): Promise<TickResult[]>;
  /** Ticks every `tickMs` in the background (timers do not keep the process alive). */
  start(): void;
  /** Stops ticking and waits for a running pass to end. */
  stop(): Promise<void>;
}

const DEFAULT_LEASE_MS = 10 * 60_000;
const DEFAULT_RETRY_MS = 5 * 60_000;

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function createScheduler(opts: SchedulerOptions): Scheduler {
  for (const j of opts.jobs) checkSchedule(j.schedule);
  const names = opts.jobs.map((j) => j.name);
  if (new Set(names).size !== names.length) throw new Error(`duplicate job names: ${names.join(', ')}`);
  const instanceId = opts.instanceId ?? `instance-${randomUUID()}`;
  const newId = opts.newId ?? randomUUID;
  const iso = (d: Date) => d.toISOString();
  const plus = (d: Date, ms: number) => new Date(d.getTime() + ms).toISOString();
  let prepared = false;

  async function runOne(job: JobDefinition): Promise<TickResult> {
    const now = opts.clock();
    const slot = slotOf(job.schedule, now);
    const lease = await findJobLease(opts.db, job.name);
    if (lease?.lastSlot && lease.lastSlot >= slot) return { name: job.name, slot, outcome: 'not_due' };
    const leaseMs = job.leaseMs ?? DEFAULT_LEASE_MS;
    const took = await tryAcquireJobLease(opts.db, {
      name: job.name,
      slot,
      holder: instanceId,
      now: iso(now),
      until: plus(now, leaseMs),
    });
    if (!took) return { name: job.name, slot, outcome: 'busy' };
    const runId = newId();
    const stale = job.staleAfterMs !== undefined && now.getTime() - slotInstant(slot).getTime() > job.staleAfterMs;
    await insertJobRun(opts.db, {
      id: runId,
      name: job.name,
      slot,
      instance: instanceId,
      startedAt: iso(now),
      status: stale ? 'skipped' : 'running',
    });
    if (stale) {
      await finishJobLease(opts.db, { name: job.name, holder: instanceId, slot, now: iso(now), ok: true });
      await finishJobRun(opts.db, { id: runId, finishedAt: iso(now), status: 'skipped', detail: { reason: 'stale' } });
      return { name: job.name, slot, outcome: 'skipped' };
    }
    const ctx: JobContext = {
      slot,
      slotDate: slotDate(slot),
      now,
      renew: () => renewJobLease(opts.db, { name: job.name, holder: instanceId, until: plus(opts.clock(), leaseMs) }),
    };
    try {
      const result = await job.run(ctx);
      const end = opts.clock();
      await finishJobLease(opts.db, { name: job.name, holder: instanceId, slot, now: iso(end), ok: true });
      await finishJobRun(opts.db, { id: runId, finishedAt: iso(end), status: 'done', detail: result ?? null });
      opts.log?.info({ job: job.name, slot, instance: instanceId, result }, 'scheduled job done');
      return { name: job.name, slot, outcome: 'ran', result };
    } catch (err) {
      const end = opts.clock();
      const error = message(err);
      await finishJobLease(opts.db, {
        name: job.name,
        holder: instanceId,
        slot,
        now: iso(end),
        ok: false,
        error,
        retryAt: plus(end, job.retryMs ?? DEFAULT_RETRY_MS),
      });
      await finishJobRun(opts.db, { id: runId, finishedAt: iso(end), status: 'failed', detail: { error } });
      opts.log?.error({ job: job.name, slot, instance: instanceId, err }, 'scheduled job failed');
      return { name: job.name, slot, outcome: 'failed', error };
    }
  }

  async function tick(): Promise<TickResult[]> {
    if (!prepared) {
      for (const j of opts.jobs) await ensureJobLease(opts.db, j.name);
      prepared = true;
    }
    const out: TickResult[] = [];
    // One job after another: jobs share one connection budget on a small machine.
    for (const j of opts.jobs) out.push(await runOne(j));
    return out;
  }

  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  const pass = () => {
    if (running) return;
    running = tick()
      .catch((err) => opts.log?.error({ err }, 'scheduler pass failed'))
      .finally(() => {
        running = null;
      });
  };
  return {
    instanceId,
    tick,
    start() {
      if (timer) return;
      pass();
      timer = setInterval(pass, opts.tickMs ?? 30_000);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      if (running) await running;
    },
  };
}
