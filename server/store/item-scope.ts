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

/**
 * Items the scope may open: `canOpenItem` for every row. For a unit, `from` says how the query should reach its
 * items: 'units' starts from the unit's rows of item_units (item_units_unit; best when the unit has few items),
 * 'rows' checks each row the query reads by the item_units key (best when an index or the search already
 * narrows the rows, or the unit has many items and a sorted page stops early). Same rows either way.
 */
export function visibleItems(scope: ReadScope, alias = 'i', from: 'units' | 'rows' = 'units'): RawBuilder<SqlBool> {
  switch (scope.kind) {
    case 'none':
      return FALSE;
    case 'district':
      return TRUE;
    case 'unit': {
      const member =
        from === 'units'
          ? sql<SqlBool>`${col(alias, 'id')} in
              (select iu_scope.item_id from item_units iu_scope where iu_scope.unit_id = ${scope.unitId})`
          : sql<SqlBool>`exists (select 1 from item_units iu_scope
              where iu_scope.item_id = ${col(alias, 'id')} and iu_scope.unit_id = ${scope.unitId})`;
      return sql<SqlBool>`(${member} and (${notAccusedOf(scope, alias)} or ${col(alias, 'identity_redacted')} = 1))`;
    }
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

/** Raw text for viewers with the identity, masked text for the others; the number for everyone. */
const RAW_TEXT = ['title', 'content', 'place', 'number'] as const;
const MASKED_TEXT = ['masked_title', 'masked_content', 'masked_place', 'number'] as const;

/**
 * Rows whose raw (`raw`) or masked text matches, whichever side of the identity boundary each row is on for the
 * scope: a row whose identity is withheld is matched on its masked text only, so search never reveals it.
 */
function eitherSide(
  scope: ReadScope,
  alias: string,
  match: (cols: readonly string[]) => RawBuilder<SqlBool>,
): RawBuilder<SqlBool> {
  if (scope.kind === 'none') return FALSE;
  if (scope.kind === 'district') return match(scope.identity === 'full' ? RAW_TEXT : MASKED_TEXT);
  const idv = identityVisible(scope, alias);
  return sql<SqlBool>`((${idv} and ${match(RAW_TEXT)}) or (not (${idv}) and ${match(MASKED_TEXT)}))`;
}

/**
 * Substring search (title, content, place, number; ASCII case-insensitive on both databases) by a plain scan:
 * `like` is the escaped `%term%` pattern. Used for terms too short for the full-text index.
 */
export function textMatches(
  scope: ReadScope,
  like: string,
  dialect: 'sqlite' | 'postgres',
  alias = 'i',
): RawBuilder<SqlBool> {
  // PostgreSQL's default escape character is the backslash already; SQLite has none unless named.
  const m = (c: string) =>
    dialect === 'postgres'
      ? sql<SqlBool>`${col(alias, c)} ilike ${like}`
      : sql<SqlBool>`${col(alias, c)} like ${like} escape ${'\\'}`;
  return eitherSide(scope, alias, (cols) => sql<SqlBool>`(${sql.join(cols.map(m), sql` or `)})`);
}

/**
 * The same substring search through the full-text index (migration 1530), for terms of at least 3 characters:
 * FTS5 trigram on SQLite (a quoted phrase of trigrams is a case-insensitive substring match), pg_trgm on
 * PostgreSQL (`ilike` over the indexed expression, which this repeats exactly). `term` holds no control characters.
 */
export function textIndexMatches(
  scope: ReadScope,
  term: string,
  dialect: 'sqlite' | 'postgres',
  alias = 'i',
): RawBuilder<SqlBool> {
  if (dialect === 'postgres') {
    const like = `%${term.replace(/[%_\\]/g, (m) => `\\${m}`)}%`;
    return eitherSide(scope, alias, (cols) => {
      const expr = sql.raw(cols.map((c) => `coalesce(${alias}.${c}, '')`).join(' || chr(1) || '));
      return sql<SqlBool>`(${expr}) ilike ${like}`;
    });
  }
  const phrase = `"${term.replace(/"/g, '""')}"`;
  return eitherSide(scope, alias, (cols) => {
    const query = `{${cols.join(' ')}} : ${phrase}`;
    return sql<SqlBool>`${col(alias, 'rowid')} in (select rowid from items_fts where items_fts match ${query})`;
  });
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
