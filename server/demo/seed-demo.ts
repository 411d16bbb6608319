/**
 * Deterministic demo district (演示数据): about 30 responsible units, one user per role plus unit staff, and
 * about two years of petition items that went through the real use cases (registerItem, applyStep), so
 * numbers, deadlines, timelines, repeat links and the audit chain are all consistent.
 *
 * Everything random comes from one seeded PRNG: the same `today` gives the same district, item numbers,
 * titles and statuses on every run (ids come from `deps.newId` and never influence any decision).
 * Personal data is fake: ID numbers carry a deliberately wrong check digit (registered as 未核验) and
 * phones have the form 1xx0000xxxx.
 *
 * How it works: every item gets a plan (registration + dated steps) up front; all plans are then merged
 * and executed in date order, each call with a clock set to that day 10:00 Beijing time, so the audit log
 * and the per-item timelines run forward in time and repeats are registered after their originals.
 * Steps dated after `today` are dropped, which leaves recent items open in the state they would have today.
 *
 * Loaded only by `xinfang seed --demo` and the first start's demo mode (a dynamic import): the server does not
 * carry the district's data otherwise.
 */
import { RegisterItemInput, StepInputSchema } from '../../contract/dto.ts';
import { applyStep } from '../app/apply-step.ts';
import type { FileStore } from '../app/attachments.ts';
import { ensureReferenceData } from '../app/bootstrap.ts';
import { loadCalendar, loadRules, loadThresholds, type AppDeps } from '../app/context.ts';
import { registerItem } from '../app/register-item.ts';
import { addDays } from '../domain/calendar.ts';
import { SYSTEM_ACTOR } from '../domain/item.policy.ts';
import { appendAudit } from '../store/audit.store.ts';
import { countItems } from '../store/import.store.ts';
import { inOneTransaction } from '../store/nested-transaction.ts';
import { listTaxonomy } from '../store/reference.store.ts';
import { seedUnits, seedUsers, userSpecs, type DemoLogin } from './accounts.seed.ts';
import { seedCampaignDemo } from './campaign.plan.ts';
import type { ItemPlan, Op, World } from './demo.model.ts';
import { planItems } from './item.plan.ts';
import { seedMeetingsDemo } from './meetings.plan.ts';
import { Rng } from './rng.ts';
import { planSlots } from './slots.plan.ts';

export type { DemoLogin } from './accounts.seed.ts';

import { DEMO_PASSWORD } from '../demo-password.ts';

export { DEMO_PASSWORD };

/** Fixed PRNG seed: the demo district depends only on this and `today`. */
const SEED = 20_250_601;

export interface SeedDemoOptions {
  /** 'YYYY-MM-DD': the seed's "now"; no step is dated after it. */
  today: string;
  /** Number of petition items (default 2000). */
  items?: number;
  /** Called regularly with (items registered so far, total items). */
  onProgress?: (done: number, total: number) => void;
  /** The attachment store: the closed 积案's documents go there (without it, no 积案 is closed). */
  files?: FileStore;
}

export interface SeedDemoResult {
  /** Units created. */
  units: number;
  /**
   * The named demo logins (one per role, plus 住建局/市场监管局/城关街道 staff). Every other unit also has a
   * handler `<abbr>_jb` and a head `<abbr>_fz` with the same password (e.g. `rsj_jb` for 区人社局).
   */
  users: DemoLogin[];
  /** Items registered. */
  items: number;
}

interface Sched {
  date: string;
  plan: ItemPlan;
  k: number;
  op: Op;
}

/** Every registration and step of every plan, in the order they happened (date, then item, then step). */
function schedule(plans: readonly ItemPlan[]): Sched[] {
  const sched: Sched[] = [];
  for (const [order, p] of plans.entries()) {
    p.idx = order;
    sched.push({ date: p.registeredOn, plan: p, k: 0, op: { kind: 'register', date: p.registeredOn } });
    p.ops.forEach((op, i) => sched.push({ date: op.date, plan: p, k: i + 1, op }));
  }
  sched.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.plan.idx - b.plan.idx || a.k - b.k));
  return sched;
}

/**
 * Seeds the demo district into an empty database (reference data is ensured first). Throws when items
 * already exist. Steps run through the real use cases, so an invalid plan fails loudly with the item and
 * step named. Everything is written in one transaction (each use case's own transaction becomes a savepoint):
 * one commit instead of one per step, and a failed seed leaves nothing behind.
 */
export async function seedDemo(deps: AppDeps, opts: SeedDemoOptions): Promise<SeedDemoResult> {
  const today = opts.today;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new Error(`seedDemo: today 应为 YYYY-MM-DD：${today}`);
  const total = Math.max(0, Math.trunc(opts.items ?? 2000));
  await ensureReferenceData(deps.db);
  if ((await countItems(deps.db)) > 0) throw new Error('数据库中已有信访事项，不能再写入演示数据');
  // 128 MiB of page cache holds the whole demo district (about 45 MB for 2,000 items) until the one commit.
  return inOneTransaction(deps.db, deps.dialect, (db) => seedInto({ ...deps, db }, today, total, opts), {
    sqliteCacheMiB: 128,
  });
}

/**
 * The demo district's units and accounts (existing ones kept) and the actor behind each plan role: the part of
 * the seed that benchmark districts share, so that they plan with the same units and people.
 */
export async function seedDistrict(deps: AppDeps, r: Rng, today: string) {
  const setupIso = new Date(`${addDays(today, -760)}T01:00:00.000Z`).toISOString();
  const { unitIds, created: unitsCreated } = await seedUnits(deps, setupIso);
  const specs = userSpecs(r);
  const { actors, logins } = await seedUsers(deps, specs, unitIds, DEMO_PASSWORD, setupIso);
  return { unitIds, actors, logins, unitsCreated, users: specs.length };
}

async function seedInto(
  deps: AppDeps,
  today: string,
  total: number,
  { onProgress, files }: SeedDemoOptions,
): Promise<SeedDemoResult> {
  const r = new Rng(SEED);
  const cal = await loadCalendar(deps.db);
  const rules = await loadRules(deps.db);
  const thresholds = await loadThresholds(deps.db);
  const taxonomy = new Map((await listTaxonomy(deps.db)).map((t) => [t.path, t.code]));
  const at = (date: string): AppDeps => ({ ...deps, clock: () => new Date(`${date}T02:00:00.000Z`) });
  const { unitIds, actors, logins, unitsCreated, users } = await seedDistrict(deps, r, today);

  const w: World = { r, cal, rules, today, taxonomy, unitIds, personSeq: 0 };
  const plans = planItems(w, planSlots(w, total, thresholds));

  let registered = 0;
  let reported = -1;
  const progressEvery = Math.max(1, Math.floor(total / 100));
  for (const s of schedule(plans)) {
    const p = s.plan;
    const d = at(s.date);
    try {
      if (s.op.kind === 'register') {
        const input = RegisterItemInput.parse(p.raw);
        const res = await registerItem(d, { actor: actors.get('registrar')!, requestId: null }, input);
        p.id = res.item.id;
        p.version = res.item.version;
        registered++;
        if (onProgress && (registered % progressEvery === 0 || registered === total))
          onProgress((reported = registered), total);
      } else {
        const actor = actors.get(s.op.who);
        if (!actor) throw new Error(`没有 ${s.op.who} 的账号`);
        const input = StepInputSchema.parse(s.op.input);
        const res = await applyStep(d, { actor, requestId: null }, p.id!, p.version!, input);
        p.version = res.item.version;
      }
    } catch (err) {
      const what = s.op.kind === 'register' ? '登记' : s.op.input.step;
      const msg = err instanceof Error ? err.message : String(err);
      throw new Error(
        `演示数据写入失败：第 ${p.idx + 1} 件（${p.raw['title'] as string}，${p.registeredOn}）在 ${s.date} 执行「${what}」时出错：${msg}`,
        { cause: err },
      );
    }
  }
  if (reported !== registered) onProgress?.(registered, total);
  const campaign = await seedCampaignDemo(deps, actors.get('reviewer')!, today, files);
  const registeredIds = plans.flatMap((p) => (p.id ? [p.id] : []));
  const meetings = await seedMeetingsDemo(deps, actors, today, registeredIds);
  const leadership = { ...campaign, ...meetings };
  await appendAudit(
    deps.db,
    {
      at: new Date(`${today}T02:00:00.000Z`).toISOString(),
      actorId: SYSTEM_ACTOR.userId,
      actorRole: SYSTEM_ACTOR.role,
      action: 'demo.seed',
      itemId: null,
      detail: { today, units: unitsCreated, users, items: registered, leadership },
      requestId: null,
    },
    deps,
  );
  return { units: unitsCreated, users: logins, items: registered };
}
