import { BUREAU_ROLES, TERMINAL_STATUSES } from '../../contract/enums.ts';
import { AppError } from '../domain/errors.ts';
import { currentDuty, deadlinesOf } from '../domain/item-deadlines.ts';
import {
  suggestionFactsOf,
  suggestions,
  type SuggestionFacts,
  type SuggestionReasonEntry,
} from '../domain/supervision-suggest.ts';
import { loadItem } from '../store/item.store.ts';
import { listUnits } from '../store/reference.store.ts';
import { openableItemRefs } from '../store/scorecard.store.ts';
import { itemIdsUnderOpenSupervision, supervisionSuggestionCandidates } from '../store/supervision.store.ts';
import { loadClockwork, type AppDeps, type UseCaseCtx } from './context.ts';
import { suggestionRulesInForce } from './supervision-suggestion-rules.ts';
import { scopeOf } from './visibility.ts';

/**
 * 督办建议: the open items the bureau should consider supervising, each with every reason that holds (超期,
 * 严重警告, 重复信访, 不满意, 退回重办), most pressing first. Suggested, never issued: a person decides. Read by the
 * bureau and leaders only, and only items the reader may open, with the title as the register shows it (masked).
 * The thresholds are the administrator's (supervision-suggestion-rules.ts).
 */

export interface SupervisionSuggestionView {
  itemId: string;
  number: string;
  title: string;
  unitId: string;
  unitName: string;
  /** The due day of the unit's current duty (none when the unit owes nothing now). */
  dueOn: string | null;
  reasons: SuggestionReasonEntry[];
}

export interface SupervisionSuggestionsView {
  asOf: string;
  suggestions: SupervisionSuggestionView[];
}

export async function supervisionSuggestionsUseCase(
  deps: AppDeps,
  ctx: UseCaseCtx,
): Promise<SupervisionSuggestionsView> {
  if (!BUREAU_ROLES.includes(ctx.actor.role) && ctx.actor.role !== 'leader')
    throw new AppError('FORBIDDEN', '督办建议仅供信访部门和领导查看');
  const rules = await suggestionRulesInForce(deps.db);
  const cw = await loadClockwork(deps.db, deps.clock());
  const ids = await supervisionSuggestionCandidates(deps.db, {
    today: cw.today,
    terminal: TERMINAL_STATUSES,
    repeatAtLeast: rules.repeatAtLeast,
    sentBackAtLeast: rules.sentBackAtLeast,
  });
  // The reader's scope first: nothing about an item the reader may not open is even derived.
  const refs = new Map((await openableItemRefs(deps.db, scopeOf(deps, ctx.actor), ids)).map((r) => [r.id, r]));
  const under = await itemIdsUnderOpenSupervision(deps.db, [...refs.keys()]);
  const facts: SuggestionFacts[] = [];
  const dueOf = new Map<string, string | null>();
  for (const id of refs.keys()) {
    const item = await loadItem(deps.db, id, deps.codec);
    if (!item) continue;
    const deadlines = deadlinesOf(item, cw.calendar, cw.rules, cw.today, cw.thresholds);
    facts.push(suggestionFactsOf(item, deadlines, under.has(id)));
    dueOf.set(id, currentDuty(deadlines.filter((d) => d.party === 'unit'))?.due ?? null);
  }
  const unitNames = new Map((await listUnits(deps.db)).map((u) => [u.id, u.name] as const));
  return {
    asOf: cw.today,
    suggestions: suggestions(facts, rules).map((s) => ({
      itemId: s.itemId,
      number: s.number,
      title: refs.get(s.itemId)?.maskedTitle ?? '',
      unitId: s.unitId ?? '',
      unitName: s.unitId ? (unitNames.get(s.unitId) ?? '') : '',
      dueOn: dueOf.get(s.itemId) ?? null,
      reasons: s.reasons,
    })),
  };
}
