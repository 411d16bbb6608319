import { SEED_CALENDAR } from '../domain/calendar-seed.ts';
import { resolveDomains, seedTaxonomy, type TaxonomyNode } from '../domain/taxonomy.ts';
import { insertCalendar } from '../store/calendar.store.ts';
import type { Db } from '../store/db.ts';
import { countTaxonomy, insertTaxonomy, type TaxonomyRow } from '../store/reference.store.ts';
import { hasSetting, insertSettingIfMissing } from '../store/settings.store.ts';

/**
 * Pinyin initials of Chinese names, for quick search ("物业管理" → "wygl"). The pinyin dictionary is large and
 * needed only when the taxonomy is first written, so it loads here rather than at every start.
 */
export async function initialsOf(): Promise<(name: string) => string> {
  const { pinyin } = await import('pinyin-pro');
  return (name) => pinyin(name, { pattern: 'first', toneType: 'none', type: 'array' }).join('').toLowerCase();
}

/** Full taxonomy rows (path and pinyin) from nodes. */
export function taxonomyRows(nodes: readonly TaxonomyNode[], initials: (name: string) => string): TaxonomyRow[] {
  const byCode = new Map(nodes.map((n) => [n.code, n]));
  const pathOf = (n: TaxonomyNode): string => (n.parent ? `${pathOf(byCode.get(n.parent)!)}/${n.name}` : n.name);
  const domains = resolveDomains(nodes);
  return nodes.map((n) => ({
    ...n,
    path: pathOf(n),
    pinyin: initials(n.name),
    reportDomain: domains.get(n.code) ?? '其他',
    retired: false,
  }));
}

/**
 * Reference data every installation needs (the content taxonomy, the 2023–2026 work calendar). Runs at
 * every start and only fills what is missing, so an administrator's edits stay.
 */
export async function ensureReferenceData(db: Db): Promise<void> {
  if ((await countTaxonomy(db)) === 0) await insertTaxonomy(db, taxonomyRows(seedTaxonomy(), await initialsOf()));
  if (!(await hasSetting(db, 'calendar_seeded'))) {
    await insertCalendar(db, SEED_CALENDAR);
    await insertSettingIfMissing(db, 'calendar_seeded', SEED_CALENDAR.length);
  }
}
