/**
 * Hot issues computed in the background and read from what was stored. The district's clusters of a period are
 * computed on a worker thread with its own read-only connection (the server's event loop never clusters) and kept
 * per period; a reader gets them filtered through their own scope: a unit sees a cluster only by the members it
 * may open, with counts, keywords, place and heat of those members alone — never a hidden item's number, title,
 * or a count that reveals it.
 */
import { AppError } from '../domain/errors.ts';
import { SYSTEM_SCOPE, type ReadScope } from '../domain/visibility.policy.ts';
import type { DbOrTrx } from '../store/db.ts';
import {
  claimHotIssuePeriod,
  countOpenableInPeriod,
  findHotIssueSnapshot,
  hotIssueFingerprint,
  listOpenable,
  listWantedHotIssuePeriods,
  noteHotIssueRequest,
  saveHotIssueSnapshot,
  type HotIssueSnapshotRow,
} from '../store/hot-issue.store.ts';
import { listHotspotSources } from '../store/item-text.store.ts';
import {
  findHotspots,
  hotspotHeat,
  hotspotRecency,
  type HotspotCluster,
  type HotspotMemberFacts,
} from '../text/hotspots.ts';
import type { AppDeps, UseCaseCtx } from './context.ts';
import { scopeOf } from './visibility.ts';
import { runInWorker } from './worker-run.ts';

/** Clusters kept per period (a reader asks for at most 50). */
const KEPT = 50;
/** Items clustered per period at most (the newest). */
const MAX_ITEMS = 20000;
/** A stored result older than this is recomputed even when nothing changed (the recency of heat moves on). */
const MAX_AGE_MS = 6 * 3_600_000;
/** Periods nobody asked for within this long are no longer kept fresh. */
const WANTED_MS = 14 * 86_400_000;
/** How long a recomputation may hold its period before another instance may take over. */
const CLAIM_MS = 10 * 60_000;

/** A stored cluster: the district's, with every member's facts and no name hash (users are per-cluster tags). */
export type StoredCluster = Omit<HotspotCluster, 'members' | 'ids'>;

export interface StoredHotIssues {
  items: number;
  /** Day of the period's newest item (recency of heat is measured from it). */
  latest: string | null;
  clusters: StoredCluster[];
}

/**
 * The district's hot issues of a period, from the masked text (so no label or keyword can carry a name), over
 * every item. Runs on the worker thread (or in process where no worker is configured).
 */
export async function computeDistrictHotIssues(db: DbOrTrx, from: string, to: string): Promise<StoredHotIssues> {
  const rows = await listHotspotSources(db, SYSTEM_SCOPE, from, to, MAX_ITEMS);
  const clusters = findHotspots(
    rows.map((r) => ({
      id: r.id,
      title: r.maskedTitle ?? '',
      text: r.maskedContent ?? '',
      time: r.registeredOn,
      user: r.nameHash,
      headCount: r.headCount,
      isRepeat: r.isRepeat,
    })),
    { top: KEPT },
  );
  const latest = rows.reduce<string | null>((m, r) => (m == null || r.registeredOn > m ? r.registeredOn : m), null);
  return {
    items: rows.length,
    latest,
    clusters: clusters.map(({ members: _m, ids: _ids, ...c }) => {
      // The petitioner's name hash stays in the database: the stored result only tells members apart.
      const tags = new Map<string, string>();
      const facts = c.facts.map((f) => {
        if (f.user == null) return f;
        if (!tags.has(f.user)) tags.set(f.user, `u${tags.size + 1}`);
        return { ...f, user: tags.get(f.user) ?? null };
      });
      return { ...c, facts };
    }),
  };
}

// ---- the background computation ------------------------------------------------------------------------------

let workerTarget: string | null = null;
let instance = `instance-${process.pid}`;

/**
 * Where the worker thread opens its own read-only connection (the server's database file or URL). Without it
 * (tests of the HTTP layer, the CLI) the clustering runs in this process, still outside any request.
 */
export function configureHotIssues(opts: { dbTarget: string | null; instanceId?: string }): void {
  workerTarget = opts.dbTarget && opts.dbTarget !== ':memory:' ? opts.dbTarget : null;
  if (opts.instanceId) instance = opts.instanceId;
}

async function computeOutside(deps: Pick<AppDeps, 'db'>, from: string, to: string): Promise<StoredHotIssues> {
  if (!workerTarget) return computeDistrictHotIssues(deps.db, from, to);
  return runInWorker<never, StoredHotIssues>(new URL('./hot-issues.worker.ts', import.meta.url), {
    target: workerTarget,
    from,
    to,
  });
}

function needsWork(s: HotIssueSnapshotRow, fingerprint: string, nowMs: number): boolean {
  if (!s.computedAt || s.fingerprint !== fingerprint) return true;
  return nowMs - Date.parse(s.computedAt) > MAX_AGE_MS;
}

/**
 * Recomputes the periods asked for lately whose items changed (or whose result has aged), each under a claim so
 * one instance computes it; returns the periods computed. The scheduled job and the debounced trigger call it.
 */
export async function refreshHotIssues(deps: Pick<AppDeps, 'db' | 'clock'>): Promise<{ computed: string[] }> {
  const now = deps.clock();
  const wanted = await listWantedHotIssuePeriods(deps.db, new Date(now.getTime() - WANTED_MS).toISOString());
  const computed: string[] = [];
  for (const s of wanted) {
    const fingerprint = await hotIssueFingerprint(deps.db, s.from, s.to);
    const at = deps.clock();
    if (!needsWork(s, fingerprint, at.getTime())) continue;
    const claim = {
      from: s.from,
      to: s.to,
      holder: instance,
      now: at.toISOString(),
      until: new Date(at.getTime() + CLAIM_MS).toISOString(),
    };
    if (!(await claimHotIssuePeriod(deps.db, claim))) continue;
    const t0 = performance.now();
    try {
      const result = await computeOutside(deps, s.from, s.to);
      await saveHotIssueSnapshot(deps.db, {
        from: s.from,
        to: s.to,
        holder: instance,
        computedAt: deps.clock().toISOString(),
        fingerprint,
        items: result.items,
        clusters: JSON.stringify(result),
        seconds: Math.round((performance.now() - t0) / 100) / 10,
      });
      computed.push(`${s.from}~${s.to}`);
    } catch (err) {
      await saveHotIssueSnapshot(deps.db, {
        from: s.from,
        to: s.to,
        holder: instance,
        error: err instanceof Error ? err.message : String(err),
      });
      throw err;
    }
  }
  return { computed };
}

/** Quiet time after a change before recomputing, so a burst of registrations costs one run. */
let debounceMs = 3_000;

/** The trigger's state per database (one process may serve several, e.g. tests over both dialects). */
interface TriggerState {
  timer: NodeJS.Timeout | null;
  active: Promise<unknown> | null;
  again: boolean;
}
const triggers = new Map<unknown, TriggerState>();

/** For tests: how long the trigger waits after the last change. */
export function setHotIssueDebounce(ms: number): void {
  debounceMs = ms;
}

/**
 * The debounced trigger: items were registered or changed (or a period was asked for). After a quiet moment
 * (none when `now`: a period nobody computed yet) the periods whose items changed are recomputed in the
 * background; a call during a run schedules one more.
 */
export function hotIssuesChanged(deps: Pick<AppDeps, 'db' | 'clock'>, opts: { now?: boolean } = {}): void {
  let t = triggers.get(deps.db);
  if (!t) {
    t = { timer: null, active: null, again: false };
    triggers.set(deps.db, t);
  }
  const state = t;
  if (state.active) {
    state.again = true;
    return;
  }
  if (state.timer) clearTimeout(state.timer);
  state.timer = setTimeout(
    () => {
      state.timer = null;
      state.active = refreshHotIssues(deps)
        .catch(() => undefined)
        .finally(() => {
          state.active = null;
          if (state.again) {
            state.again = false;
            hotIssuesChanged(deps);
          } else triggers.delete(deps.db);
        });
    },
    opts.now ? 0 : debounceMs,
  );
  state.timer.unref();
}

/** Resolves when no triggered recomputation is pending or running in this process (tests, shutdown). */
export async function hotIssuesSettled(): Promise<void> {
  for (;;) {
    const busy = [...triggers.values()].filter((t) => t.timer || t.active);
    if (!busy.length) return;
    await Promise.all(busy.map((t) => t.active ?? new Promise((r) => setTimeout(r, Math.max(debounceMs, 10)))));
  }
}

// ---- the read path -------------------------------------------------------------------------------------------

/** A cluster as one viewer may see it: only members the viewer may open, everything else derived from them. */
function viewOf(
  c: StoredCluster,
  open: Map<string, { number: string; maskedTitle: string; registeredOn: string }>,
  latest: number,
) {
  const facts = c.facts.filter((f) => open.has(f.id));
  if (facts.length < 1) return null;
  const full = facts.length === c.facts.length;
  const tags = new Set<string>();
  let anonymous = 0;
  for (const f of facts) {
    if (f.user) tags.add(f.user);
    else anonymous++;
  }
  const people = tags.size + anonymous;
  const flagged = facts.filter((f) => f.repeat).length;
  const collectivePeople = facts.reduce((n, f) => n + f.collectivePeople, 0);
  const support = { people, repeats: Math.max(facts.length - people, flagged), collectivePeople, likes: 0 };
  const carried = new Set(facts.flatMap((f) => f.keywords));
  const keywords = full ? c.keywords : c.keywords.filter((k) => carried.has(k));
  const place = full || facts.some((f) => f.atPlace) ? c.place : null;
  const matter = full ? c.matter : keywords.slice(0, 3).join('、');
  const days = facts
    .map((f) => f.day)
    .filter((d): d is string => !!d)
    .sort();
  const newest = days.at(-1) ?? null;
  const heat = full ? c.heat : hotspotHeat(support, hotspotRecency(newest ? Date.parse(newest) : null, latest));
  const items = facts.map((f) => {
    const o = open.get(f.id) as { number: string; maskedTitle: string; registeredOn: string };
    return { id: f.id, why: f.why, number: o.number, title: o.maskedTitle, registeredOn: o.registeredOn };
  });
  return {
    label: full ? c.label : place ? `${place}：${matter}` : matter || '（未提取到关键词）',
    size: facts.length,
    users: people,
    ids: facts.map((f) => f.id),
    keywords,
    place,
    matter,
    heat,
    support: full ? c.support : support,
    coherence: c.coherence,
    members: facts.slice(0, 50).map(({ id, why }) => ({ id, why })),
    from: days[0] ?? null,
    to: newest,
    collective: facts.filter((f) => f.collectivePeople >= 5).length,
    repeats: facts.filter((f) => f.repeat).length,
    items,
  };
}

/** Filters a stored result through the scope (the visibility rule's SQL twin decides each member). */
export async function hotIssuesFor(db: DbOrTrx, scope: ReadScope, stored: StoredHotIssues, top: number) {
  const ids = [...new Set(stored.clusters.flatMap((c) => c.facts.map((f) => f.id)))];
  const open = new Map((await listOpenable(db, scope, ids)).map((r) => [r.id, r]));
  const latest = stored.latest ? Date.parse(stored.latest) : Number.NaN;
  return stored.clusters
    .map((c) => viewOf(c, open, latest))
    .filter((c): c is NonNullable<typeof c> => c !== null)
    .sort((a, b) => b.heat - a.heat || b.size - a.size)
    .slice(0, top);
}

/** Remembers the period as wanted (at most once an hour per period: a read is not a write). */
async function noteWanted(
  deps: Pick<AppDeps, 'db'>,
  q: { from: string; to: string },
  snapshot: HotIssueSnapshotRow | null,
  now: Date,
): Promise<void> {
  if (!snapshot || now.getTime() - Date.parse(snapshot.requestedAt) > 3_600_000)
    await noteHotIssueRequest(deps.db, q.from, q.to, now.toISOString());
}

/**
 * Asks for a period's hot issues ahead of need (a daily report due later today): the scheduled job computes it
 * in the background, so the result is there when the report is made.
 */
export async function wantHotIssues(deps: Pick<AppDeps, 'db' | 'clock'>, q: { from: string; to: string }) {
  await noteWanted(deps, q, await findHotIssueSnapshot(deps.db, q.from, q.to), deps.clock());
}

/**
 * 热点问题 of a period as stored, filtered through the viewer's scope, with when it was computed and whether a
 * recomputation is under way (正在更新). A period not computed yet answers empty and `updating`; asking for it
 * starts the computation in the background.
 */
export async function storedHotIssuesOf(deps: AppDeps, ctx: UseCaseCtx, q: { from: string; to: string; top: number }) {
  const scope = scopeOf(deps, ctx.actor);
  if (scope.kind === 'none') throw new AppError('FORBIDDEN', '无权查看热点问题');
  const now = deps.clock();
  const [snapshot, fingerprint] = await Promise.all([
    findHotIssueSnapshot(deps.db, q.from, q.to),
    hotIssueFingerprint(deps.db, q.from, q.to),
  ]);
  await noteWanted(deps, q, snapshot, now);
  const claimed = !!snapshot?.claimedUntil && snapshot.claimedUntil > now.toISOString();
  const stale = !snapshot || needsWork(snapshot, fingerprint, now.getTime());
  if (stale && !claimed) hotIssuesChanged(deps, { now: !snapshot?.computedAt });
  const stored: StoredHotIssues | null = snapshot?.clusters ? (JSON.parse(snapshot.clusters) as StoredHotIssues) : null;
  return {
    period: { from: q.from, to: q.to },
    computedAt: snapshot?.computedAt ?? null,
    updating: stale || claimed,
    // The last run failed (its message stays in the table for the operator, not in the answer).
    failed: !!snapshot?.error,
    items: stored ? await countOpenableInPeriod(deps.db, scope, q.from, q.to) : 0,
    clusters: stored ? await hotIssuesFor(deps.db, scope, stored, q.top) : [],
  };
}
