/**
 * Replays generated plans through the real use cases (`registerItem` / `applyStep`, the clock set to each step's
 * day, as the demo seed does): the reference the bulk generator is checked against, and a realistic random history
 * for tests of what the write path maintains.
 */
import { applyStep } from '../../server/app/apply-step.ts';
import { loadCalendar, loadRules, loadThresholds, type AppDeps } from '../../server/app/context.ts';
import { registerItem } from '../../server/app/register-item.ts';
import type { ItemPlan } from '../../server/demo/demo.model.ts';
import { Rng } from '../../server/demo/rng.ts';
import { seedDistrict } from '../../server/demo/seed-demo.ts';
import type { Actor } from '../../server/domain/item.policy.ts';
import { listTaxonomy } from '../../server/store/reference.store.ts';
import { StepInputSchema } from '../../contract/dto.ts';
import { registrationInput } from './bulk.ts';
import { schedule, type TextPool } from './plan.ts';

export interface ReplayOptions {
  items: number;
  seed: number;
  today: string;
  texts: TextPool | null;
}

/** Seeds the district (units, users) and replays `items` plans; answers the demo actors by role key. */
export async function replayPlans(deps: AppDeps, o: ReplayOptions): Promise<{ actors: Map<string, Actor> }> {
  const { unitIds, actors } = await seedDistrict(deps, new Rng(o.seed ^ 0x5a5a), o.today);
  const taxonomy = new Map((await listTaxonomy(deps.db)).map((t) => [t.path, t.code]));
  const origOf = new Map<ItemPlan, ItemPlan>();
  const plans = schedule({
    total: o.items,
    seed: o.seed,
    today: o.today,
    cal: await loadCalendar(deps.db),
    rules: await loadRules(deps.db),
    thresholds: await loadThresholds(deps.db),
    taxonomy,
    unitIds,
    texts: o.texts,
  });
  for (const s of plans) {
    const at: AppDeps = { ...deps, clock: () => new Date(`${s.date}T02:00:00.000Z`) };
    const p = s.plan;
    if (s.repeatOf) origOf.set(p, s.repeatOf);
    if (s.op.kind === 'register') {
      const res = await registerItem(
        at,
        { actor: actors.get('registrar')!, requestId: null },
        registrationInput(p, origOf),
      );
      p.id = res.item.id;
      p.version = res.item.version;
    } else {
      const actor: Actor = actors.get(s.op.who)!;
      const res = await applyStep(at, { actor, requestId: null }, p.id!, p.version!, StepInputSchema.parse(s.op.input));
      p.version = res.item.version;
    }
  }
  return { actors };
}
