/**
 * Lead-unit suggestion from the history of routed items: hierarchical
 * back-off over (class, place) → class → first-level class → all, with
 * recency weighting, and a Chinese reason such as
 * "近一年同类事项 87% 交由区住建局办理".
 */

/** One historical routing decision. */
export interface RoutedItem {
  /** Content class code, first or second level ('城乡建设' or '城乡建设/物业管理'). */
  classCode: string;
  /** Place (street/community/compound) of the matter, if known. */
  place?: string | null;
  unitId: string;
  unitName: string;
  /** Date routed (ISO string or Date). */
  date: string | Date;
}

/** What to route. */
export interface RoutingQuery {
  classCode: string;
  place?: string | null;
}

/** Options; all have defaults. */
export interface RoutingOptions {
  /** History window in days before `today` (default 365). */
  windowDays?: number;
  /** Half-life of the recency weight in days (default 180). */
  halfLifeDays?: number;
  /** Number of suggestions (default 3). */
  topK?: number;
  /** Pseudo-count of the back-off prior at each level (default 2). */
  priorWeight?: number;
}

/** One suggested unit. */
export interface UnitSuggestion {
  unitId: string;
  unitName: string;
  /** Back-off probability estimate 0..1. */
  score: number;
  /** Chinese explanation of the evidence. */
  reason: string;
}

const DAY = 86400000;

/** Normalised place key: no spaces/punctuation, lower-case. */
function placeKey(p: string | null | undefined): string {
  return (p ?? '').replace(/[\s·,，。()（）]/g, '').toLowerCase();
}

function samePlace(a: string, b: string): boolean {
  if (!a || !b) return false;
  if (a === b) return true;
  const [s, l] = a.length <= b.length ? [a, b] : [b, a];
  return s.length >= 2 && l.includes(s);
}

function firstLevel(code: string): string {
  return code.split(/[/>｜|]/)[0] ?? code;
}

interface Level {
  name: 'place' | 'class' | 'parent' | 'all';
  counts: Map<string, number>;
  raw: Map<string, number>;
  total: number;
  rawTotal: number;
}

function windowLabel(days: number): string {
  if (days === 365 || days === 366) return '近一年';
  if (days % 30 === 0 && days <= 330) return `近${days / 30}个月`;
  return `近${days}天`;
}

/**
 * Suggests lead units for a query from routed history, best first.
 * Items dated after `today` or outside the window are ignored.
 * Returns an empty list when the window holds no history.
 */
export function suggestUnits(
  history: readonly RoutedItem[],
  query: RoutingQuery,
  today: string | Date = new Date(),
  opts: RoutingOptions = {},
): UnitSuggestion[] {
  const windowDays = opts.windowDays ?? 365;
  const halfLife = opts.halfLifeDays ?? 180;
  const m = opts.priorWeight ?? 2;
  const now = (today instanceof Date ? today : new Date(today)).getTime();
  const qPlace = placeKey(query.place);
  const qParent = firstLevel(query.classCode);
  const names = new Map<string, string>();
  const mk = (name: Level['name']): Level => ({ name, counts: new Map(), raw: new Map(), total: 0, rawTotal: 0 });
  const levels = { place: mk('place'), class: mk('class'), parent: mk('parent'), all: mk('all') };
  const bump = (lv: Level, unit: string, w: number): void => {
    lv.counts.set(unit, (lv.counts.get(unit) ?? 0) + w);
    lv.raw.set(unit, (lv.raw.get(unit) ?? 0) + 1);
    lv.total += w;
    lv.rawTotal += 1;
  };
  for (const h of history) {
    const t = (h.date instanceof Date ? h.date : new Date(h.date)).getTime();
    if (Number.isNaN(t) || t > now || now - t > windowDays * DAY) continue;
    const w = 0.5 ** ((now - t) / DAY / halfLife);
    names.set(h.unitId, h.unitName);
    bump(levels.all, h.unitId, w);
    if (firstLevel(h.classCode) !== qParent) continue;
    bump(levels.parent, h.unitId, w);
    if (h.classCode !== query.classCode) continue;
    bump(levels.class, h.unitId, w);
    if (qPlace && samePlace(qPlace, placeKey(h.place))) bump(levels.place, h.unitId, w);
  }
  if (levels.all.total === 0) return [];
  // Back-off chain: all → parent → class → place, each smoothed toward the previous.
  const chain = [levels.all, levels.parent, levels.class, levels.place];
  let prior = new Map<string, number>();
  for (const u of names.keys()) prior.set(u, 1 / names.size);
  for (const lv of chain) {
    const next = new Map<string, number>();
    for (const u of names.keys()) {
      next.set(u, ((lv.counts.get(u) ?? 0) + m * (prior.get(u) ?? 0)) / (lv.total + m));
    }
    prior = next;
  }
  const ranked = [...prior.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const label = windowLabel(windowDays);
  const place = (query.place ?? '').trim();
  return ranked.slice(0, opts.topK ?? 3).map(([unitId, score]) => {
    const unitName = names.get(unitId) ?? unitId;
    // Explain with the most specific level that has at least 3 items.
    const lv =
      chain
        .slice()
        .reverse()
        .find((l) => l.rawTotal >= 3 && l.name !== 'all') ?? levels.all;
    const n = lv.raw.get(unitId) ?? 0;
    const pct = Math.round((100 * n) / (lv.rawTotal || 1));
    const scope =
      lv.name === 'place'
        ? `${place}同类事项`
        : lv.name === 'class'
          ? '同类事项'
          : lv.name === 'parent'
            ? `同属“${qParent}”大类的事项`
            : '全部事项';
    const reason =
      n > 0
        ? `${label}${scope} ${pct}% 交由${unitName}办理（${n}/${lv.rawTotal} 件）`
        : `${label}${scope}未交由${unitName}办理，按总体办理分布推荐`;
    return { unitId, unitName, score: Math.round(score * 1000) / 1000, reason };
  });
}
