import { sql } from 'kysely';
import type { ReadScope } from '../domain/visibility.policy.ts';
import type { DbOrTrx } from './db.ts';
import { identityVisible, visibleItems } from './item-scope.ts';

// Reads of item text for the text tools (similar matters, class and unit suggestions, hot issues, training).
// Each list-shaped read applies the caller's scope; `identityVisible` says whether the plain text may be shown.

/** An item's text for a similarity comparison; only `maskedTitle` may be shown to the viewer. */
export interface ItemTextRow {
  id: string;
  number: string;
  title: string;
  maskedTitle: string | null;
  content: string;
  registeredOn: string;
  status: string;
}

/** The items among `ids` that the scope may see, with their text. */
export async function listItemTextsByIds(
  db: DbOrTrx,
  scope: ReadScope,
  ids: readonly string[],
): Promise<ItemTextRow[]> {
  const rows = await db
    .selectFrom('items as i')
    .select(['i.id', 'i.number', 'i.title', 'i.masked_title', 'i.content', 'i.registered_on', 'i.status'])
    .where('i.id', 'in', [...ids])
    .where(visibleItems(scope))
    .execute();
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    title: r.title,
    maskedTitle: r.masked_title,
    content: r.content,
    registeredOn: r.registered_on,
    status: r.status,
  }));
}

/**
 * Ids of classified items within the scope registered since `since` whose title has one of `words` (newest 200),
 * looked for among the `window` newest such items only: a rare word cannot make the lookup read two years of
 * titles.
 */
export async function listClassifiedIdsByTitleWords(
  db: DbOrTrx,
  scope: ReadScope,
  words: readonly string[],
  since: string,
  window = 3000,
): Promise<string[]> {
  const rows = await db
    .selectFrom((eb) =>
      eb
        .selectFrom('items')
        .select(['id', 'title', 'registered_on'])
        .where('class_path', 'is not', null)
        .where(visibleItems(scope, 'items'))
        .where('registered_on', '>=', since)
        .orderBy('registered_on', 'desc')
        .orderBy('id', 'desc')
        .limit(window)
        .as('recent'),
    )
    .select('recent.id')
    .where((eb) => eb.or(words.map((w) => eb('recent.title', 'like', `%${w.replace(/[%_\\]/g, '')}%`))))
    .orderBy('recent.registered_on', 'desc')
    .orderBy('recent.id', 'desc')
    .limit(200)
    .execute();
  return rows.map((r) => r.id);
}

/** A classified item's text, plain and masked, and whether the scope may see the plain one. */
export interface ClassifiedTextRow {
  id: string;
  number: string;
  title: string;
  content: string;
  maskedTitle: string | null;
  maskedContent: string | null;
  classPath: string;
  leadUnitId: string | null;
  identityVisible: boolean;
}

/** The classified items among `ids` that the scope may see. */
export async function listClassifiedTexts(
  db: DbOrTrx,
  scope: ReadScope,
  ids: readonly string[],
): Promise<ClassifiedTextRow[]> {
  const rows = await db
    .selectFrom('items')
    .select(['id', 'number', 'title', 'content', 'masked_title', 'masked_content', 'class_path', 'lead_unit_id'])
    .select(identityVisible(scope, 'items').as('idv'))
    .where('id', 'in', [...ids])
    .where('class_path', 'is not', null)
    .where(visibleItems(scope, 'items'))
    .execute();
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    title: r.title,
    content: r.content,
    maskedTitle: r.masked_title,
    maskedContent: r.masked_content,
    classPath: r.class_path as string,
    leadUnitId: r.lead_unit_id,
    identityVisible: Number(r.idv) === 1,
  }));
}

/** One routed item of the history the unit suggestion learns from. */
export interface RoutingHistoryRow {
  classPath: string;
  place: string | null;
  legal: boolean;
  title: string;
  unitId: string;
  unitName: string;
  routedOn: string;
}

/** Classified items within the scope routed between `from` and `to` (inclusive), with their lead unit. */
export async function listRoutingHistory(
  db: DbOrTrx,
  scope: ReadScope,
  from: string,
  to: string,
): Promise<RoutingHistoryRow[]> {
  const rows = await db
    .selectFrom('items as i')
    .innerJoin('units as u', 'u.id', 'i.lead_unit_id')
    .select(['i.class_path', 'i.place', 'i.legal_flag', 'i.title', 'i.lead_unit_id', 'u.name', 'i.routed_on'])
    .where('i.routed_on', '>=', from)
    .where('i.routed_on', '<=', to)
    .where('i.class_path', 'is not', null)
    .where(visibleItems(scope))
    .execute();
  return rows.map((h) => ({
    classPath: h.class_path as string,
    place: h.place,
    legal: Number(h.legal_flag) === 1,
    title: h.title,
    unitId: h.lead_unit_id as string,
    unitName: h.name,
    routedOn: h.routed_on as string,
  }));
}

/** An item of a period for hot-issue clustering: plain and masked text, the first petitioner's name hash. */
export interface HotspotSourceRow {
  id: string;
  number: string;
  title: string;
  maskedTitle: string | null;
  content: string;
  maskedContent: string | null;
  registeredOn: string;
  headCount: number;
  isRepeat: boolean;
  nameHash: string | null;
  identityVisible: boolean;
}

/** Items within the scope registered between `from` and `to` (inclusive), newest first, at most `limit`. */
export async function listHotspotSources(
  db: DbOrTrx,
  scope: ReadScope,
  from: string,
  to: string,
  limit: number,
): Promise<HotspotSourceRow[]> {
  const found = await db
    .selectFrom('items as i')
    .leftJoin('petitioners as p', (j) => j.onRef('p.item_id', '=', 'i.id').on('p.ord', '=', 0))
    .select([
      'i.id',
      'i.number',
      'i.title',
      'i.masked_title',
      'i.content',
      'i.masked_content',
      'i.registered_on',
      'i.head_count',
      'i.is_repeat',
      'p.name_hash',
      sql<number>`case when ${identityVisible(scope)} then 1 else 0 end`.as('idv'),
    ])
    .where(visibleItems(scope))
    .where('i.registered_on', '>=', from)
    .where('i.registered_on', '<=', to)
    .orderBy('i.registered_on', 'desc')
    .limit(limit)
    .execute();
  return found.map((r) => ({
    id: r.id,
    number: r.number,
    title: r.title,
    maskedTitle: r.masked_title,
    content: r.content,
    maskedContent: r.masked_content,
    registeredOn: r.registered_on,
    headCount: Number(r.head_count ?? 1),
    isRepeat: Number(r.is_repeat ?? 0) === 1,
    nameHash: r.name_hash,
    identityVisible: Number(r.idv) === 1,
  }));
}

/**
 * Every classified item's text and class, oldest first — training data for the office's own classifier (a
 * system read across all items, never shown to a user).
 */
export async function listClassifiedSamples(
  db: DbOrTrx,
): Promise<{ title: string; content: string; classPath: string; registeredOn: string }[]> {
  const rows = await db
    .selectFrom('items')
    .select(['title', 'content', 'class_path', 'registered_on'])
    .where('class_path', 'is not', null)
    .orderBy('registered_on')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    title: r.title,
    content: r.content,
    classPath: r.class_path as string,
    registeredOn: r.registered_on,
  }));
}
