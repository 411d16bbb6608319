import { AppError } from '../domain/errors.ts';
import { canAdminister } from '../domain/item.policy.ts';
import { appendAudit } from '../store/audit.store.ts';
import { findJobLease, listJobRuns, type JobRun } from '../store/job-lease.store.ts';
import type { AppDeps, UseCaseCtx } from './context.ts';

/**
 * The administrator's 定时任务 screen: each scheduled job with its last slot, last run, next slot and last error,
 * and 立即运行. The server's composition root hands the catalogue over (`setJobCatalogue`); a process that runs no
 * scheduler (XINFANG_JOBS=0, the CLI) lists the jobs with what the database remembers of their runs.
 */

export interface JobCatalogueEntry {
  name: string;
  label: string;
  /** The schedule in words, e.g. 每日 07:30 (北京时间). */
  scheduleText: string;
  nextSlot(now: Date): string;
  /** Runs the job now, outside its slot, recording the run; resolves with the run's result. */
  runNow(by: string): Promise<unknown>;
}

let catalogue: readonly JobCatalogueEntry[] = [];
let running = false;

export function setJobCatalogue(entries: readonly JobCatalogueEntry[]): void {
  catalogue = entries;
}

export interface ScheduledJobView {
  name: string;
  label: string;
  schedule: string;
  lastSlot: string | null;
  nextSlot: string;
  lastRun: Pick<JobRun, 'status' | 'startedAt' | 'finishedAt' | 'slot'> | null;
  lastError: string | null;
  runs: number;
}

function mustAdminister(ctx: UseCaseCtx): void {
  if (!canAdminister(ctx.actor)) throw new AppError('FORBIDDEN', '只有系统管理员可以查看和运行定时任务');
}

export async function scheduledJobsStatus(deps: AppDeps, ctx: UseCaseCtx): Promise<{ jobs: ScheduledJobView[] }> {
  mustAdminister(ctx);
  const now = deps.clock();
  const jobs: ScheduledJobView[] = [];
  for (const j of catalogue) {
    const [lease, runs] = await Promise.all([findJobLease(deps.db, j.name), listJobRuns(deps.db, j.name, 1)]);
    const last = runs[0] ?? null;
    jobs.push({
      name: j.name,
      label: j.label,
      schedule: j.scheduleText,
      lastSlot: lease?.lastSlot ?? null,
      nextSlot: j.nextSlot(now),
      lastRun: last
        ? { status: last.status, startedAt: last.startedAt, finishedAt: last.finishedAt, slot: last.slot }
        : null,
      lastError: lease?.lastError ?? null,
      runs: lease?.runs ?? 0,
    });
  }
  return { jobs };
}

/** 立即运行: one job at a time in this process; the run is audited and kept in the run history. */
export async function runScheduledJobNow(
  deps: AppDeps,
  ctx: UseCaseCtx,
  name: string,
): Promise<{ name: string; ok: boolean; result?: unknown; error?: string }> {
  mustAdminister(ctx);
  const job = catalogue.find((j) => j.name === name);
  if (!job) throw new AppError('NOT_FOUND', '定时任务不存在（本实例未启用定时任务时不能立即运行）');
  if (running) throw new AppError('CONFLICT', '已有定时任务正在立即运行，请稍后再试');
  running = true;
  try {
    await appendAudit(
      deps.db,
      {
        at: deps.clock().toISOString(),
        actorId: ctx.actor.userId,
        actorRole: ctx.actor.role,
        action: 'job.run_now',
        itemId: null,
        detail: { job: name },
        requestId: ctx.requestId,
      },
      deps,
    );
    try {
      return { name, ok: true, result: await job.runNow(ctx.actor.userId) };
    } catch (err) {
      // The failure is kept in the run history too; the screen shows it at once.
      return { name, ok: false, error: err instanceof Error ? err.message : String(err) };
    }
  } finally {
    running = false;
  }
}
