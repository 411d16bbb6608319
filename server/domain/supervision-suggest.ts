/**
 * 督办 suggestions: which items the bureau should consider supervising, each with the reason shown. Suggested
 * automatically, decided by a person: nothing here issues anything. Pure predicates over item facts; the
 * thresholds come from configurable rules.
 */
import { SUGGESTION_REASON_LABELS, type SuggestionReason } from '../../contract/supervision.ts';
import type { Item } from './item.ts';
import { currentDuty, type ItemDeadline } from './item-deadlines.ts';

export interface SuggestionRules {
  /** Suggest items whose current duty of the unit is overdue. */
  overdue: boolean;
  /** Suggest items whose current duty of the unit is at 严重警告. */
  severe: boolean;
  /** Registrations of the same matter (this one included) from which an item is suggested; 0 turns it off. */
  repeatAtLeast: number;
  /** Suggest items rated 不满意. */
  dissatisfied: boolean;
  /** Send-backs (退回重办) from which an item is suggested; 0 turns it off. */
  sentBackAtLeast: number;
}

export const DEFAULT_SUGGESTION_RULES: Readonly<SuggestionRules> = Object.freeze({
  overdue: true,
  severe: true,
  repeatAtLeast: 3,
  dissatisfied: true,
  sentBackAtLeast: 2,
});

/** What a suggestion needs to know about one item. */
export interface SuggestionFacts {
  itemId: string;
  number: string;
  leadUnitId: string | null;
  /** The item's deadlines as derived today (`deadlinesOf`). */
  deadlines: readonly ItemDeadline[];
  /** Registrations of the same matter, this one included (`sameMatterCountOf`). */
  sameMatterCount: number;
  satisfaction: string | null;
  sendBackCount: number;
  /** The item already has an open 督办: it is not suggested again. */
  underSupervision: boolean;
}

export interface SuggestionReasonEntry {
  code: SuggestionReason;
  label: string;
  /** Chinese, with the facts behind it, e.g. '办理期限已超期 3 天（截至 2025-12-08）'. */
  text: string;
}

export interface Suggestion {
  itemId: string;
  number: string;
  unitId: string | null;
  reasons: SuggestionReasonEntry[];
}

/** Registrations of the same matter, this one included: the item and its linked earlier items. */
export function sameMatterCountOf(item: Pick<Item, 'earlierItemIds'>): number {
  return 1 + new Set(item.earlierItemIds).size;
}

/** The facts of a loaded item (deadlines derived by the caller with `deadlinesOf`). */
export function suggestionFactsOf(
  item: Item,
  deadlines: readonly ItemDeadline[],
  underSupervision: boolean,
): SuggestionFacts {
  return {
    itemId: item.id,
    number: item.number,
    leadUnitId: item.leadUnitId,
    deadlines,
    sameMatterCount: sameMatterCountOf(item),
    satisfaction: item.facts.rating?.satisfaction ?? null,
    sendBackCount: item.facts.sendBacks.length,
    underSupervision,
  };
}

function entry(code: SuggestionReason, text: string): SuggestionReasonEntry {
  return { code, label: SUGGESTION_REASON_LABELS[code], text };
}

/** Each predicate returns its reason, or null. The unit's duties only: the bureau does not supervise itself. */
export function overdueReason(f: SuggestionFacts, rules: SuggestionRules): SuggestionReasonEntry | null {
  const d = unitDuty(f.deadlines);
  if (!rules.overdue || !d?.warning || d.warning.level !== 'overdue') return null;
  return entry('overdue', `${d.name}已超期 ${-d.warning.daysLeft} 天（截至 ${d.due}）`);
}

export function severeReason(f: SuggestionFacts, rules: SuggestionRules): SuggestionReasonEntry | null {
  const d = unitDuty(f.deadlines);
  if (!rules.severe || !d?.warning || d.warning.level !== 'severe') return null;
  const left = d.warning.daysLeft === 0 ? '今日届满' : `还剩 ${d.warning.daysLeft} 天`;
  return entry('about_to_be_overdue', `${d.name}已达严重警告，${left}（截至 ${d.due}）`);
}

export function repeatReason(f: SuggestionFacts, rules: SuggestionRules): SuggestionReasonEntry | null {
  if (rules.repeatAtLeast <= 0 || f.sameMatterCount < rules.repeatAtLeast) return null;
  return entry(
    'repeat_petitions',
    `同一事项已信访 ${f.sameMatterCount} 次（达到 ${rules.repeatAtLeast} 次即建议督办）`,
  );
}

export function dissatisfiedReason(f: SuggestionFacts, rules: SuggestionRules): SuggestionReasonEntry | null {
  if (!rules.dissatisfied || f.satisfaction !== '不满意') return null;
  return entry('dissatisfied', '信访人对办理结果评价为不满意');
}

export function sentBackReason(f: SuggestionFacts, rules: SuggestionRules): SuggestionReasonEntry | null {
  if (rules.sentBackAtLeast <= 0 || f.sendBackCount < rules.sentBackAtLeast) return null;
  return entry('sent_back_twice', `已退回重办 ${f.sendBackCount} 次（达到 ${rules.sentBackAtLeast} 次即建议督办）`);
}

/** The earliest unmet duty of the responsible unit. */
function unitDuty(deadlines: readonly ItemDeadline[]): ItemDeadline | null {
  return currentDuty(deadlines.filter((d) => d.party === 'unit'));
}

/**
 * The suggestion for one item: every reason that holds, or null when none does or the item is already under an
 * open 督办.
 */
export function suggestionFor(
  f: SuggestionFacts,
  rules: SuggestionRules = DEFAULT_SUGGESTION_RULES,
): Suggestion | null {
  if (f.underSupervision) return null;
  const reasons = [overdueReason, severeReason, repeatReason, dissatisfiedReason, sentBackReason]
    .map((p) => p(f, rules))
    .filter((r): r is SuggestionReasonEntry => r !== null);
  if (!reasons.length) return null;
  return { itemId: f.itemId, number: f.number, unitId: f.leadUnitId, reasons };
}

const ORDER: readonly SuggestionReason[] = [
  'overdue',
  'about_to_be_overdue',
  'sent_back_twice',
  'repeat_petitions',
  'dissatisfied',
];

/**
 * Suggestions for many items, most pressing first: by the most pressing reason (超期, 严重警告, 退回, 重复, 不满意),
 * then by the number of reasons, then by item number.
 */
export function suggestions(
  facts: readonly SuggestionFacts[],
  rules: SuggestionRules = DEFAULT_SUGGESTION_RULES,
): Suggestion[] {
  const rank = (s: Suggestion) => Math.min(...s.reasons.map((r) => ORDER.indexOf(r.code)));
  return facts
    .map((f) => suggestionFor(f, rules))
    .filter((s): s is Suggestion => s !== null)
    .sort((a, b) => rank(a) - rank(b) || b.reasons.length - a.reasons.length || (a.number < b.number ? -1 : 1));
}

/** The highest count a threshold may be set to: past it nothing real would ever be suggested. */
export const SUGGESTION_THRESHOLD_MAX = 20;

/**
 * What is wrong with configured rules, in Chinese (empty when they are fine). A count threshold is 0 (off) or a
 * whole number up to {@link SUGGESTION_THRESHOLD_MAX}; the repeat count starts at 2, since every item is its own
 * first registration and 1 would suggest them all.
 */
export function suggestionRulesProblems(r: SuggestionRules): string[] {
  const problems: string[] = [];
  const count = (v: number, name: string, min: number) => {
    if (!Number.isSafeInteger(v) || v < 0) problems.push(`${name}须为非负整数（0 表示不按此项建议），现为 ${v}`);
    else if (v !== 0 && (v < min || v > SUGGESTION_THRESHOLD_MAX))
      problems.push(`${name}须为 0（不按此项建议）或 ${min}–${SUGGESTION_THRESHOLD_MAX} 之间的整数，现为 ${v}`);
  };
  count(r.repeatAtLeast, '重复信访次数阈值', 2);
  count(r.sentBackAtLeast, '退回重办次数阈值', 1);
  return problems;
}

/** Checks configured rules; throws RangeError with a Chinese message. */
export function checkSuggestionRules(r: SuggestionRules): SuggestionRules {
  const problems = suggestionRulesProblems(r);
  if (problems.length) throw new RangeError(`督办建议阈值有误：${problems.join('；')}`);
  return r;
}
