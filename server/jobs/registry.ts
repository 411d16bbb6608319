import { randomUUID } from 'node:crypto';
import type { AppDeps } from '../app/context.ts';
import type { JobCatalogueEntry } from '../app/scheduled-jobs.ts';
import { finishJobRun, insertJobRun } from '../store/job-lease.store.ts';
import { compactRollup } from '../store/report.store.ts';
import { produceDueDailyReports } from '../app/daily-reports.ts';
import { escalateLateSupervisions } from '../app/supervision-escalation.ts';
import { raiseFollowUpWarnings } from '../app/follow-up-warnings.ts';
import { escalateLateFollowUps } from '../app/follow-up-escalation.ts';
import { raiseWarningNotices } from '../app/warning-notices.ts';
import { sendDailyDigests } from '../app/daily-digest.ts';
import type { AdapterSet } from '../notify/adapters.ts';
import { dispatchOutbox } from '../notify/dispatcher.ts';
import { retrainOfficeModelJob } from './retrain-office-model.job.ts';
import { refreshHotIssues } from '../app/hot-issues.ts';
import { nextSlotOf, slotDate, slotInstant, slotOf, type Schedule } from './schedule.ts';
import { createScheduler, type JobDefinition, type Scheduler, type SchedulerOptions } from './scheduler.ts';

/**
 * The jobs the server runs on the Beijing clock, once per slot across every instance on one database (the lease in
 * `job_leases`). Each job is idempotent, so a slot that is run again after a crash raises nothing twice.
 */

/** A weekly cron line `M H * * D` (Beijing time) as the daily slot it runs in and the weekday (0 = Sunday). */
export function weeklyOf(cron: string): { at: string; weekday: number } {
  const m = /^(\d{1,2}) (\d{1,2}) \* \* ([0-6])$/.exec(cron.trim());
  if (!m) throw new RangeError(`每周任务的时间应为"分 时 * * 星期"（如 0 3 * * 0）：${cron}`);
  const [mm, hh, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mm > 59 || hh > 23) throw new RangeError(`每周任务的时间有误：${cron}`);
  return { at: `${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}`, weekday: d };
}

/** The Beijing weekday of a slot (0 = Sunday). */
export function slotWeekday(slot: string): number {
  return new Date(`${slot.slice(0, 10)}T00:00:00Z`).getUTCDay();
}

export const JOB_NAMES = {
  warnings: 'deadline.warning-notices',
  outbox: 'notify.dispatch-outbox',
  escalation: 'supervision.escalate',
  followUps: 'follow-up.warnings',
  dailyReports: 'report.daily-reports',
  retrain: retrainOfficeModelJob.name,
  hotIssues: 'text.hot-issues',
  rollup: 'report.rollup-compact',
  digest: 'notify.daily-digest',
} as const;

/** When the daily digest goes out unless XINFANG_DIGEST_AT says otherwise (Beijing time). */
export const DEFAULT_DIGEST_AT = '08:00';

/** What the server's configuration sets about its jobs. */
export interface ServerJobOptions {
  /** The daily digest's time, HH:MM Beijing (XINFANG_DIGEST_AT). */
  digestAt?: string;
}

export function serverJobs(deps: AppDeps, adapters: AdapterSet, opts: ServerJobOptions = {}): JobDefinition[] {
  const weekly = weeklyOf(retrainOfficeModelJob.schedule);
  return [
    {
      name: JOB_NAMES.warnings,
      // Before office hours; the start-up pass catches up a day the server was down at 07:30.
      schedule: { kind: 'daily', at: '07:30' },
      leaseMs: 30 * 60_000,
      run: (ctx) =>
        raiseWarningNotices(deps, ctx.now, () => {
          void ctx.renew();
        }),
    },
    {
      name: JOB_NAMES.outbox,
      schedule: { kind: 'every', minutes: 1 },
      leaseMs: 5 * 60_000,
      retryMs: 60_000,
      // A missed minute is simply the next minute's work: the dispatcher takes everything due.
      staleAfterMs: 10 * 60_000,
      run: () => dispatchOutbox({ db: deps.db, adapters, clock: deps.clock }),
    },
    {
      name: JOB_NAMES.escalation,
      schedule: { kind: 'daily', at: '08:30' },
      // 督办 first, then the units' late duties (批示 落实, meeting tasks): the same escalation, level by level.
      run: async (ctx) => ({
        ...(await escalateLateSupervisions(deps, ctx.now)),
        followUps: await escalateLateFollowUps(deps, ctx.now),
      }),
    },
    {
      name: JOB_NAMES.followUps,
      schedule: { kind: 'daily', at: '07:45' },
      run: (ctx) => raiseFollowUpWarnings(deps, ctx.now),
    },
    {
      name: JOB_NAMES.dailyReports,
      // The daily reports know their own hour; a check every 15 minutes produces each one soon after it is due.
      schedule: { kind: 'every', minutes: 15 },
      run: async () => ({ produced: (await produceDueDailyReports(deps)).map((r) => r.date) }),
    },
    {
      name: retrainOfficeModelJob.name,
      schedule: { kind: 'daily', at: weekly.at },
      leaseMs: 60 * 60_000,
      retryMs: 60 * 60_000,
      // A week's retraining missed by more than a day waits for next week.
      staleAfterMs: 24 * 3_600_000,
      run: async (ctx) => {
        if (slotWeekday(ctx.slot) !== weekly.weekday) return { skipped: 'not this weekday' };
        const ev = await retrainOfficeModelJob.run(deps, slotInstant(ctx.slot), () => {
          void ctx.renew();
        });
        return { evaluation: ev.id };
      },
    },
    {
      name: JOB_NAMES.hotIssues,
      // Periods whose items changed are reclustered on a worker thread; an unchanged period costs one count.
      schedule: { kind: 'every', minutes: 5 },
      leaseMs: 15 * 60_000,
      staleAfterMs: 10 * 60_000,
      run: () => refreshHotIssues(deps),
    },
    {
      name: JOB_NAMES.rollup,
      // PostgreSQL: each writer adds into its own rollup rows; this folds them, so reports read few rows.
      schedule: { kind: 'every', minutes: 10 },
      staleAfterMs: 20 * 60_000,
      run: () => compactRollup(deps.db),
    },
    {
      name: JOB_NAMES.digest,
      // After the morning's warnings (07:30, 07:45), so that the digest counts them among the unread.
      schedule: { kind: 'daily', at: opts.digestAt ?? DEFAULT_DIGEST_AT },
      leaseMs: 30 * 60_000,
      // A morning's digest sent in the evening is news no longer; after an outage past that the day has none.
      staleAfterMs: 12 * 3_600_000,
      run: (ctx) =>
        sendDailyDigests(deps, ctx.slotDate, ctx.now, () => {
          void ctx.renew();
        }),
    },
  ];
}

/** The server's scheduler over `serverJobs`; `start()` it, `stop()` it on shutdown. */
export function createServerScheduler(
  deps: AppDeps,
  adapters: AdapterSet,
  opts: Pick<SchedulerOptions, 'log' | 'instanceId' | 'tickMs'> & ServerJobOptions = {},
): Scheduler {
  const { digestAt, ...rest } = opts;
  return createScheduler({ db: deps.db, clock: deps.clock, jobs: serverJobs(deps, adapters, { digestAt }), ...rest });
}

const LABELS: Readonly<Record<string, string>> = {
  [JOB_NAMES.warnings]: '期限预警通知（预警/警告/严重警告/超期）',
  [JOB_NAMES.outbox]: '外发消息投递（短信/邮件）',
  [JOB_NAMES.escalation]: '督办和批示、会议任务逾期升级',
  [JOB_NAMES.followUps]: '落实期限预警（领导批示/会议任务/积案措施）',
  [JOB_NAMES.dailyReports]: '重大节点日报',
  [JOB_NAMES.retrain]: '分类模型每周重新训练',
  [JOB_NAMES.hotIssues]: '热点问题后台聚类（事项有变化时）',
  [JOB_NAMES.rollup]: '统计汇总表整理（PostgreSQL）',
  [JOB_NAMES.digest]: '每日待办摘要',
};

function scheduleText(name: string, s: Schedule): string {
  if (name === JOB_NAMES.retrain) {
    const w = weeklyOf(retrainOfficeModelJob.schedule);
    return `每周${'日一二三四五六'[w.weekday]} ${w.at}（北京时间）`;
  }
  return s.kind === 'daily' ? `每日 ${s.at}（北京时间）` : `每 ${s.minutes} 分钟`;
}

/**
 * The jobs as the administrator's screen lists them; 立即运行 runs one for its current slot outside the lease
 * (the jobs are idempotent) and keeps the run in the history as `manual:<user>`. The weekly retraining run now
 * retrains whatever the weekday.
 */
export function jobCatalogue(deps: AppDeps, adapters: AdapterSet, opts: ServerJobOptions = {}): JobCatalogueEntry[] {
  return serverJobs(deps, adapters, opts).map((j) => ({
    name: j.name,
    label: LABELS[j.name] ?? j.name,
    scheduleText: scheduleText(j.name, j.schedule),
    nextSlot: (now: Date) => nextSlotOf(j.schedule, now),
    async runNow(by: string) {
      const now = deps.clock();
      const slot = slotOf(j.schedule, now);
      const id = randomUUID();
      await insertJobRun(deps.db, {
        id,
        name: j.name,
        slot,
        instance: `manual:${by}`,
        startedAt: now.toISOString(),
        status: 'running',
      });
      try {
        const result =
          j.name === JOB_NAMES.retrain
            ? { evaluation: (await retrainOfficeModelJob.run(deps, now)).id }
            : await j.run({ slot, slotDate: slotDate(slot), now, renew: async () => true });
        await finishJobRun(deps.db, {
          id,
          finishedAt: deps.clock().toISOString(),
          status: 'done',
          detail: result ?? null,
        });
        return result;
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        await finishJobRun(deps.db, {
          id,
          finishedAt: deps.clock().toISOString(),
          status: 'failed',
          detail: { error },
        });
        throw err;
      }
    },
  }));
}
