/**
 * 积案 entry rules (积案认定规则): which matters the system proposes as backlog cases, each rule evaluated with the
 * reason shown. A matter is the set of items linked as repeats of one another (the `earlierItemIds` of the repeat
 * check); its anchor is its earliest item. The rules and their numbers are configurable; a person decides.
 * Pure: `today` is passed in.
 */
import { ENTRY_RULE_LABELS, type EntryRule } from '../../contract/campaign.ts';
import type { Flag, Level, Status } from '../../contract/enums.ts';
import { addDays, diffDays, type IsoDate } from './calendar.ts';

/** What the rules read of one item. `title` is the masked title (proposals are shown to staff and leaders). */
export interface MatterItem {
  id: string;
  number: string;
  title: string;
  receivedOn: IsoDate;
  registeredOn: IsoDate;
  status: Status;
  level: Level;
  flags: readonly Flag[];
  leadUnitId: string | null;
  earlierItemIds: readonly string[];
  /** Date a 复核 decision was made on the item (its status is then 已终结), or null. */
  rereviewDecidedOn: IsoDate | null;
}

export interface Matter {
  /** The anchor's id: stable while the matter grows by later repeats. */
  key: string;
  anchor: MatterItem;
  /** Every item of the matter, earliest first. */
  items: MatterItem[];
}

/** Statuses in which an item's handling is over. */
const ENDED: ReadonlySet<Status> = new Set(['closed', 'terminated', 'filed', 'not_accepted', 'not_reaccepted']);

export function isOpenItem(item: Pick<MatterItem, 'status'>): boolean {
  return !ENDED.has(item.status);
}

const byDate = (a: MatterItem, b: MatterItem) =>
  a.registeredOn < b.registeredOn ? -1 : a.registeredOn > b.registeredOn ? 1 : a.number < b.number ? -1 : 1;

/** Groups items into matters by their repeat links (union-find); links to items not given are ignored. */
export function mattersOf(items: readonly MatterItem[]): Matter[] {
  const parent = new Map<string, string>(items.map((i) => [i.id, i.id]));
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    while (parent.get(x) !== r) {
      const next = parent.get(x)!;
      parent.set(x, r);
      x = next;
    }
    return r;
  };
  for (const i of items) {
    for (const e of i.earlierItemIds) if (parent.has(e)) parent.set(find(i.id), find(e));
  }
  const groups = new Map<string, MatterItem[]>();
  for (const i of items) {
    const root = find(i.id);
    const g = groups.get(root);
    if (g) g.push(i);
    else groups.set(root, [i]);
  }
  return [...groups.values()]
    .map((g) => {
      const sorted = [...g].sort(byDate);
      return { key: sorted[0]!.id, anchor: sorted[0]!, items: sorted };
    })
    .sort((a, b) => byDate(a.anchor, b.anchor));
}

/** The administrator's entry rules; the defaults follow DOMAIN.md (≥ 3 petitions, open over 180 days). */
export interface EntryRuleConfig {
  repeatCount: { enabled: boolean; min: number };
  longOpen: { enabled: boolean; days: number };
  upperListed: { enabled: boolean };
  afterRereview: { enabled: boolean };
  /** Only matters with an open item, or petitioned within this many days, are proposed. */
  lookbackDays: number;
}

export const DEFAULT_ENTRY_RULES: Readonly<EntryRuleConfig> = Object.freeze({
  repeatCount: { enabled: true, min: 3 },
  longOpen: { enabled: true, days: 180 },
  upperListed: { enabled: true },
  afterRereview: { enabled: true },
  lookbackDays: 365,
});

/** One rule's verdict on one matter, with the reason in Chinese and the items it rests on. */
export interface RuleEvaluation {
  rule: EntryRule;
  label: string;
  met: boolean;
  reason: string;
  itemIds: string[];
}

const nums = (items: readonly MatterItem[]) => items.map((i) => i.number).join('、');

function repeatCount(m: Matter, cfg: EntryRuleConfig): RuleEvaluation {
  const n = m.items.length;
  const met = n >= cfg.repeatCount.min;
  return {
    rule: 'repeat_count',
    label: ENTRY_RULE_LABELS.repeat_count,
    met,
    reason: met
      ? `同一事项已信访 ${n} 次（${nums(m.items)}），达到 ${cfg.repeatCount.min} 次`
      : `同一事项信访 ${n} 次，未达 ${cfg.repeatCount.min} 次`,
    itemIds: met ? m.items.map((i) => i.id) : [],
  };
}

function longOpen(m: Matter, today: IsoDate, cfg: EntryRuleConfig): RuleEvaluation {
  const days = cfg.longOpen.days;
  const open = m.items.filter(isOpenItem);
  const old = open.filter((i) => diffDays(i.receivedOn, today) > days);
  const first = old[0];
  const base = { rule: 'long_open' as const, label: ENTRY_RULE_LABELS.long_open };
  if (first) {
    return {
      ...base,
      met: true,
      reason: `${first.number} 自 ${first.receivedOn} 收到，至今 ${diffDays(first.receivedOn, today)} 日仍未办结（超过 ${days} 日）`,
      itemIds: old.map((i) => i.id),
    };
  }
  const oldest = open[0];
  return {
    ...base,
    met: false,
    reason: oldest
      ? `未办结事项最早于 ${oldest.receivedOn} 收到，已 ${diffDays(oldest.receivedOn, today)} 日，未超过 ${days} 日`
      : '该事项均已办结',
    itemIds: [],
  };
}

/** Listed by a higher level: an item registered upstream (国家 / 省 / 市) that arrived with the 积案 flag. */
function upperListed(m: Matter): RuleEvaluation {
  const listed = m.items.filter((i) => i.level !== '区' && i.flags.includes('积案'));
  return {
    rule: 'upper_listed',
    label: ENTRY_RULE_LABELS.upper_listed,
    met: listed.length > 0,
    reason: listed.length
      ? `${listed.map((i) => `${i.number}（${i.level}级登记）`).join('、')}由上级列为积案`
      : '无上级列为积案的事项',
    itemIds: listed.map((i) => i.id),
  };
}

function afterRereview(m: Matter): RuleEvaluation {
  const base = { rule: 'petition_after_rereview' as const, label: ENTRY_RULE_LABELS.petition_after_rereview };
  for (const decided of m.items) {
    const on = decided.rereviewDecidedOn;
    if (!on) continue;
    const later = m.items.filter((i) => i.registeredOn > on);
    if (later.length) {
      return {
        ...base,
        met: true,
        reason: `${decided.number} 已于 ${on} 作出复核意见，信访人此后仍信访 ${later.length} 次（${nums(later)}）`,
        itemIds: [decided.id, ...later.map((i) => i.id)],
      };
    }
  }
  const anyDecided = m.items.some((i) => i.rereviewDecidedOn);
  return { ...base, met: false, reason: anyDecided ? '复核后未再信访' : '未经复核', itemIds: [] };
}

/** Every enabled rule's verdict on the matter, in the configured order. */
export function evaluateEntryRules(m: Matter, today: IsoDate, cfg: EntryRuleConfig = DEFAULT_ENTRY_RULES) {
  const out: RuleEvaluation[] = [];
  if (cfg.repeatCount.enabled) out.push(repeatCount(m, cfg));
  if (cfg.longOpen.enabled) out.push(longOpen(m, today, cfg));
  if (cfg.upperListed.enabled) out.push(upperListed(m));
  if (cfg.afterRereview.enabled) out.push(afterRereview(m));
  return out;
}

/** A matter still worth proposing: an item is open, or the last petition is within the look-back. */
export function isActiveMatter(m: Matter, today: IsoDate, cfg: EntryRuleConfig = DEFAULT_ENTRY_RULES): boolean {
  if (m.items.some(isOpenItem)) return true;
  const last = m.items.at(-1)!.registeredOn;
  return last >= addDays(today, -cfg.lookbackDays);
}

/** The bureau's "not a 积案" decision on a proposal; a new rule met or a new petition makes it propose again. */
export interface Dismissal {
  anchorItemId: string;
  rules: readonly EntryRule[];
  itemCount: number;
  on: IsoDate;
  reason: string;
}

export interface Proposal {
  matterKey: string;
  anchorItemId: string;
  itemIds: string[];
  /** A title to start from: the anchor's masked title. */
  suggestedTitle: string;
  leadUnitId: string | null;
  /** The rules met (at least one), each with its reason. */
  hits: RuleEvaluation[];
  /** Every enabled rule's verdict, met or not, for the screen. */
  evaluations: RuleEvaluation[];
}

/**
 * The matters the system proposes today: active, not already a case (no item of it belongs to one), meeting at
 * least one enabled rule, and not dismissed on the same facts. Ordered by the number of rules met, then by age.
 */
export function proposeCases(
  matters: readonly Matter[],
  today: IsoDate,
  cfg: EntryRuleConfig,
  known: { casedItemIds: ReadonlySet<string>; dismissals: readonly Dismissal[] },
): Proposal[] {
  const dismissed = new Map(known.dismissals.map((d) => [d.anchorItemId, d]));
  const out: { p: Proposal; since: IsoDate }[] = [];
  for (const m of matters) {
    if (m.items.some((i) => known.casedItemIds.has(i.id))) continue;
    if (!isActiveMatter(m, today, cfg)) continue;
    const evaluations = evaluateEntryRules(m, today, cfg);
    const hits = evaluations.filter((e) => e.met);
    if (!hits.length) continue;
    const d = dismissed.get(m.key);
    if (d && m.items.length <= d.itemCount && hits.every((h) => d.rules.includes(h.rule))) continue;
    const latest = [...m.items].reverse().find((i) => i.leadUnitId !== null);
    const p: Proposal = {
      matterKey: m.key,
      anchorItemId: m.anchor.id,
      itemIds: m.items.map((i) => i.id),
      suggestedTitle: m.anchor.title,
      leadUnitId: latest?.leadUnitId ?? null,
      hits,
      evaluations,
    };
    out.push({ p, since: m.anchor.registeredOn });
  }
  out.sort((a, b) => b.p.hits.length - a.p.hits.length || (a.since < b.since ? -1 : a.since > b.since ? 1 : 0));
  return out.map((o) => o.p);
}

/** The matter an item belongs to, or null. */
export function matterOfItem(matters: readonly Matter[], itemId: string): Matter | null {
  return matters.find((m) => m.items.some((i) => i.id === itemId)) ?? null;
}
