import type { z } from 'zod';
import type { SuggestionRulesBody } from '../../contract/supervision.ts';
import { AppError } from '../domain/errors.ts';
import { canAdminister } from '../domain/item.policy.ts';
import {
  DEFAULT_SUGGESTION_RULES,
  suggestionRulesProblems,
  type SuggestionRules,
} from '../domain/supervision-suggest.ts';
import type { DbOrTrx } from '../store/db.ts';
import { getSetting, setSetting } from '../store/settings.store.ts';
import { recordAudit } from './audit-event.ts';
import type { AppDeps, UseCaseCtx } from './context.ts';

/**
 * The thresholds of 督办建议, kept in the settings table and set by the system administrator (系统管理 → 督办建议).
 * The suggestions read them on every request, so a saved change shows on the next list.
 */

const SETTING = 'supervision_suggestion_rules';

export interface SuggestionRulesView {
  rules: SuggestionRules;
  defaults: SuggestionRules;
}

/**
 * The rules in force: the stored ones over the defaults, so a rule added in a later version starts at its default.
 */
export async function suggestionRulesInForce(db: DbOrTrx): Promise<SuggestionRules> {
  return { ...DEFAULT_SUGGESTION_RULES, ...(await getSetting<Partial<SuggestionRules>>(db, SETTING, {})) };
}

function requireAdmin(ctx: UseCaseCtx): void {
  if (!canAdminister(ctx.actor)) throw new AppError('FORBIDDEN', '只有系统管理员可以查看和设置督办建议阈值');
}

/** The administrator reads the thresholds with the shipped defaults beside them. */
export async function suggestionRulesForAdmin(deps: AppDeps, ctx: UseCaseCtx): Promise<SuggestionRulesView> {
  requireAdmin(ctx);
  return { rules: await suggestionRulesInForce(deps.db), defaults: { ...DEFAULT_SUGGESTION_RULES } };
}

/**
 * The administrator sets the thresholds. Out-of-range values are refused with every problem named and nothing
 * saved; a change is audited with the rules before and after, and saving the rules as they are writes nothing.
 */
export async function setSuggestionRules(
  deps: AppDeps,
  ctx: UseCaseCtx,
  body: z.infer<typeof SuggestionRulesBody>,
): Promise<SuggestionRulesView> {
  requireAdmin(ctx);
  const after: SuggestionRules = {
    overdue: body.overdue,
    severe: body.severe,
    repeatAtLeast: body.repeatAtLeast,
    dissatisfied: body.dissatisfied,
    sentBackAtLeast: body.sentBackAtLeast,
  };
  const problems = suggestionRulesProblems(after);
  if (problems.length) throw new AppError('SUGGESTION_RULES_INVALID', `督办建议阈值有误：${problems.join('；')}`);
  await deps.db.transaction().execute(async (trx) => {
    const before = await suggestionRulesInForce(trx);
    if (JSON.stringify(before) === JSON.stringify(after)) return;
    await setSetting(trx, SETTING, after);
    await recordAudit(trx, deps, ctx, 'supervision.suggestion_rules', { before, after });
  });
  return { rules: after, defaults: { ...DEFAULT_SUGGESTION_RULES } };
}
