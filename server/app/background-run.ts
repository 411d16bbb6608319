import type { DbOrTrx } from '../store/db.ts';
import { rawSetting, replaceSettingIf } from '../store/settings.store.ts';
import type { AppDeps, UseCaseCtx } from './context.ts';

/**
 * Long work run outside the request that started it, one run of a kind at a time across every instance on one
 * database. The run's state (progress, a resume cursor, the result) lives in one settings row, and every write of
 * it is a compare-and-set from the state this runner last wrote: a runner whose run was taken over (after it
 * stopped reporting) notices on its next write and stops, and two starts never both win.
 */
export interface BackgroundRun<R, C = unknown> {
  id: string;
  status: 'running' | 'done' | 'failed';
  startedAt: string;
  startedBy: string;
  updatedAt: string;
  finishedAt: string | null;
  /** Units of work done so far, and about how many there are. */
  done: number;
  total: number;
  /** Where a resumed run carries on (null: from the start). */
  cursor: C | null;
  result: R | null;
  error: string | null;
}

/** Reports progress (and where to resume) and yields to other requests; throws when the run was taken over. */
export type RunProgress<C> = (done: number, cursor?: C) => Promise<void>;

export interface RunKind<R, C> {
  /** The settings row holding the state. */
  key: string;
  /** A run that has not written its state for this long is taken as lost (its process stopped). */
  staleMs: number;
  /**
   * Does the work from `run.cursor` (null: the start), calling `progress` after each short slice so requests are
   * served between slices and a resumed run carries on from the last cursor.
   */
  work: (run: BackgroundRun<R, C>, progress: RunProgress<C>) => Promise<R>;
  /** Said once the run ended (the run's audit entry); its failure does not change the run's result. */
  finish?: (run: BackgroundRun<R, C>) => Promise<void>;
}

class Superseded extends Error {}

const keyOf = (k: { key: string }) => `run:${k.key}`;

/** The latest run of a kind (running or finished), or null before the first. */
export async function latestRun<R, C>(deps: Pick<AppDeps, 'db'>, kind: { key: string }) {
  const raw = await rawSetting(deps.db, keyOf(kind));
  return raw ? (JSON.parse(raw) as BackgroundRun<R, C>) : null;
}

/** True when the run is still going and its runner reported lately. */
export function isLive(run: BackgroundRun<unknown> | null, staleMs: number, now: Date): boolean {
  return run?.status === 'running' && now.getTime() - Date.parse(run.updatedAt) < staleMs;
}

/** Lets pending I/O and timers (other requests) run before the next slice. */
const yieldToOthers = () => new Promise<void>((r) => setImmediate(r));

/**
 * Drives a run from its stored state until it ends, yielding between slices. `raw` is the stored text this runner
 * owns; each write replaces exactly that text, or the run was taken over and this runner stops.
 */
async function drive<R, C>(deps: AppDeps, kind: RunKind<R, C>, run: BackgroundRun<R, C>, raw: string) {
  let owned = raw;
  const write = async (patch: Partial<BackgroundRun<R, C>>) => {
    const next = { ...run, ...patch, updatedAt: deps.clock().toISOString() };
    if (!(await replaceSettingIf(deps.db, keyOf(kind), owned, next))) throw new Superseded();
    Object.assign(run, next);
    owned = JSON.stringify(next);
  };
  const progress: RunProgress<C> = async (done, cursor) => {
    await write(cursor === undefined ? { done } : { done, cursor });
    await yieldToOthers();
  };
  try {
    await yieldToOthers();
    const result = await kind.work(run, progress);
    await write({ result, cursor: null, status: 'done', finishedAt: deps.clock().toISOString() });
  } catch (e) {
    if (e instanceof Superseded) return;
    const error = (e as Error).message || String(e);
    if (
      !(await write({ status: 'failed', error, finishedAt: deps.clock().toISOString() }).then(
        () => true,
        () => false,
      ))
    )
      return;
  }
  try {
    await kind.finish?.(run);
  } catch {
    // The run's own result stands; its after-word (an audit line) is not worth failing it for.
  }
}

/** Runs `drive` in the background; the returned promise (for tests and shutdown) never rejects. */
const inBackground = (p: () => Promise<void>) => {
  const done = new Promise<void>((resolve) => setImmediate(() => void p().then(resolve, () => resolve())));
  pending.add(done);
  void done.then(() => pending.delete(done));
  return done;
};

const pending = new Set<Promise<void>>();

/** Waits for every background run this process drives (a clean shutdown, a test's end). */
export async function settleBackgroundRuns(): Promise<void> {
  while (pending.size) await Promise.all([...pending]);
}

/**
 * Starts a run of `kind` and answers at once with its state; while one is live, answers that one instead
 * (`started: false`). `total` is the size estimate shown as progress.
 */
export async function startRun<R, C>(
  deps: AppDeps,
  ctx: UseCaseCtx,
  kind: RunKind<R, C>,
  total: number,
  cursor: C | null = null,
): Promise<{ run: BackgroundRun<R, C>; started: boolean }> {
  const claimed = await claimRun(deps.db, deps, ctx, kind, total, cursor);
  if (!claimed) {
    const winner = await latestRun<R, C>(deps, kind);
    if (winner) return { run: winner, started: false };
    throw new Error('后台任务状态写入失败');
  }
  driveClaimed(deps, kind, claimed);
  return { run: { ...claimed }, started: true };
}

/**
 * Claims a new run of `kind` through `db` (a transaction, when the claim must commit with other writes): null
 * when one is live or another writer claimed first. The caller drives it with `driveClaimed` once committed.
 */
export async function claimRun<R, C>(
  db: DbOrTrx,
  deps: Pick<AppDeps, 'clock' | 'newId'>,
  ctx: UseCaseCtx,
  kind: RunKind<R, C>,
  total: number,
  cursor: C | null = null,
): Promise<BackgroundRun<R, C> | null> {
  const key = keyOf(kind);
  const now = deps.clock();
  const raw = await rawSetting(db, key);
  const current = raw ? (JSON.parse(raw) as BackgroundRun<R, C>) : null;
  if (current && isLive(current, kind.staleMs, now)) return null;
  const nowIso = now.toISOString();
  const run: BackgroundRun<R, C> = {
    id: deps.newId(),
    status: 'running',
    startedAt: nowIso,
    startedBy: ctx.actor.displayName,
    updatedAt: nowIso,
    finishedAt: null,
    done: 0,
    total,
    cursor,
    result: null,
    error: null,
  };
  return (await replaceSettingIf(db, key, raw, run)) ? run : null;
}

/** Drives a claimed run in the background, from its first slice to its end. */
export function driveClaimed<R, C>(deps: AppDeps, kind: RunKind<R, C>, run: BackgroundRun<R, C>): void {
  void inBackground(() => drive(deps, kind, run, JSON.stringify(run)));
}

/**
 * Carries on a run that was left running by a process that stopped (its state has not moved for `staleMs`): the
 * slices go on from the stored cursor. Returns the run taken over, or null when there was none to resume.
 */
export async function resumeRun<R, C>(deps: AppDeps, kind: RunKind<R, C>): Promise<BackgroundRun<R, C> | null> {
  const key = keyOf(kind);
  const raw = await rawSetting(deps.db, key);
  if (!raw) return null;
  const run = JSON.parse(raw) as BackgroundRun<R, C>;
  if (run.status !== 'running' || isLive(run, kind.staleMs, deps.clock())) return null;
  const taken = { ...run, updatedAt: deps.clock().toISOString() };
  if (!(await replaceSettingIf(deps.db, key, raw, taken))) return null;
  void inBackground(() => drive(deps, kind, taken, JSON.stringify(taken)));
  return { ...taken };
}
