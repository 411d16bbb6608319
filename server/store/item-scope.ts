import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { identityDictionaryOf, identityMasker } from '../domain/text-masking.ts';
import { identityRedactedOf, type ItemAccessFacts, type ReadScope } from '../domain/visibility.policy.ts';
import type { Item } from '../domain/item.ts';
import type { PiiCodec } from './pii.ts';

/**
 * THE SQL scope of the visibility rule (`server/domain/visibility.policy.ts` in SQL): every list-shaped query
 * over `items` (lists, search, export, drill-downs, the workbench, links, repeat and similar-item suggestions,
 * hot-issue members, report rows) filters with `visibleItems` and chooses raw or masked text with
 * `identityVisible`. Each builder takes the alias the query gives `items` (default `i`).
 */

/** Keyed index of a unit as the accused party (the unit id itself stays inside the encrypted accused party). */
export function accusedUnitKey(codec: PiiCodec, unitId: string): string {
  return codec.index('id', `accused-unit:${unitId}`);
}

const col = (alias: string, c: string) => sql.ref(`${alias}.${c}`);
const TRUE = sql<SqlBool>`1 = 1`;
const FALSE = sql<SqlBool>`1 = 0`;

/** The item does not name the scope's unit as accused (or the scope is not a unit). */
export function notAccusedOf(scope: ReadScope, alias = 'i'): RawBuilder<SqlBool> {
  if (scope.kind !== 'unit') return TRUE;
  const key = col(alias, 'accused_unit_key');
  return sql<SqlBool>`(${key} is null or ${key} <> ${scope.unitKey})`;
}

/** Items the scope may open: `canOpenItem` for every row. */
export function visibleItems(scope: ReadScope, alias = 'i'): RawBuilder<SqlBool> {
  switch (scope.kind) {
    case 'none':
      return FALSE;
    case 'district':
      return TRUE;
    case 'unit':
      return sql<SqlBool>`(exists (select 1 from item_units iu_scope where iu_scope.item_id = ${col(alias, 'id')} and iu_scope.unit_id = ${scope.unitId})
        and (${notAccusedOf(scope, alias)} or ${col(alias, 'identity_redacted')} = 1))`;
  }
}

/** Rows whose petitioners' identity the scope may see: `identityAccessOf(...) === 'full'` for every row. */
export function identityVisible(scope: ReadScope, alias = 'i'): RawBuilder<SqlBool> {
  switch (scope.kind) {
    case 'none':
      return FALSE;
    case 'district':
      return scope.identity === 'full' ? TRUE : FALSE;
    case 'unit':
      return sql<SqlBool>`(${col(alias, 'lead_unit_id')} = ${scope.unitId} and ${notAccusedOf(scope, alias)})`;
  }
}

/**
 * Items a link from the viewed item may show: open to the scope, not accusing the scope's unit, and on the same
 * side of the identity boundary as the viewed item (`canSeeLink`).
 */
export function linkTargets(scope: ReadScope, viewedHasIdentity: boolean, alias = 'i'): RawBuilder<SqlBool> {
  const same = viewedHasIdentity ? identityVisible(scope, alias) : sql<SqlBool>`not (${identityVisible(scope, alias)})`;
  return sql<SqlBool>`(${visibleItems(scope, alias)} and ${notAccusedOf(scope, alias)} and ${same})`;
}

/**
 * Free-text search (title, content, place, number) that never reveals an identity the scope may not see: rows
 * whose identity is withheld are matched on their masked text only.
 */
export function textMatches(scope: ReadScope, like: string, alias = 'i'): RawBuilder<SqlBool> {
  const m = (c: string) => sql<SqlBool>`${col(alias, c)} like ${like} escape ${'\\'}`;
  const raw = sql<SqlBool>`(${m('title')} or ${m('content')} or ${m('place')})`;
  const masked = sql<SqlBool>`(${m('masked_title')} or ${m('masked_content')} or ${m('masked_place')})`;
  const idv = identityVisible(scope, alias);
  return sql<SqlBool>`((${idv} and ${raw}) or (not (${idv}) and ${masked}) or ${m('number')})`;
}

/** The access facts of a list row (for the pure rule), from the columns the scope filters on. */
export function accessFactsOfRow(row: {
  lead_unit_id: string | null;
  assist_unit_ids: readonly string[];
  accused_unit_key: string | null;
  identity_redacted: number | string;
}): ItemAccessFacts {
  return {
    leadUnitId: row.lead_unit_id,
    assistUnitIds: row.assist_unit_ids,
    accusedUnitKey: row.accused_unit_key,
    identityRedacted: Number(row.identity_redacted) === 1,
  };
}

/** The column values the scope filters on, derived from the item at every write. */
export function visibilityColumns(item: Item, codec: PiiCodec) {
  const mask = identityMasker(identityDictionaryOf(item));
  return {
    accused_unit_key: item.accused?.unitId ? accusedUnitKey(codec, item.accused.unitId) : null,
    identity_redacted: identityRedactedOf(item) ? 1 : 0,
    masked_title: mask(item.title),
    masked_content: mask(item.content),
    masked_place: item.place === null ? null : mask(item.place),
  };
}
