import { sql, type Selectable } from 'kysely';
import type { ReportDomain, TaxonomyNode } from '../domain/taxonomy.ts';
import type { DbOrTrx } from './db.ts';
import type { Database } from './schema.ts';

export interface UnitRow {
  id: string;
  name: string;
  parentId: string | null;
  insideDistrict: boolean;
  kind: string;
  sort: number;
}

export async function listUnits(db: DbOrTrx): Promise<UnitRow[]> {
  const rows = await db.selectFrom('units').selectAll().orderBy('sort').orderBy('name').execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    parentId: r.parent_id,
    insideDistrict: Number(r.inside_district) === 1,
    kind: r.kind,
    sort: Number(r.sort),
  }));
}

/** Number of units (none before the first start has set up a district). */
export async function countUnits(db: DbOrTrx): Promise<number> {
  const r = await db
    .selectFrom('units')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Number of taxonomy nodes (none before the first start has written the seed taxonomy). */
export async function countTaxonomy(db: DbOrTrx): Promise<number> {
  const r = await db
    .selectFrom('taxonomy')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function getUnit(db: DbOrTrx, id: string): Promise<UnitRow | null> {
  const r = await db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst();
  return r
    ? {
        id: r.id,
        name: r.name,
        parentId: r.parent_id,
        insideDistrict: Number(r.inside_district) === 1,
        kind: r.kind,
        sort: Number(r.sort),
      }
    : null;
}

export async function unitByName(db: DbOrTrx, name: string): Promise<UnitRow | null> {
  const r = await db.selectFrom('units').select('id').where('name', '=', name).executeTakeFirst();
  return r ? getUnit(db, r.id) : null;
}

export async function insertUnit(db: DbOrTrx, u: UnitRow, nowIso: string): Promise<void> {
  await db
    .insertInto('units')
    .values({
      id: u.id,
      name: u.name,
      parent_id: u.parentId,
      inside_district: u.insideDistrict ? 1 : 0,
      kind: u.kind,
      sort: u.sort,
      created_at: nowIso,
    })
    .execute();
}

export async function updateUnit(db: DbOrTrx, u: UnitRow): Promise<void> {
  await db
    .updateTable('units')
    .set({ name: u.name, parent_id: u.parentId, inside_district: u.insideDistrict ? 1 : 0, kind: u.kind, sort: u.sort })
    .where('id', '=', u.id)
    .execute();
}

export interface TaxonomyRow extends TaxonomyNode {
  path: string;
  pinyin: string;
  /** The resolved 诉求领域 (own mapping or the nearest mapped ancestor's). */
  reportDomain: ReportDomain;
  retired: boolean;
}

type TaxonomyDbRow = Selectable<Database['taxonomy']>;

function taxonomyOf(r: TaxonomyDbRow): TaxonomyRow {
  return {
    code: r.code,
    name: r.name,
    parent: r.parent,
    level: Number(r.level) as 1 | 2 | 3,
    path: r.path,
    pinyin: r.pinyin,
    domain: (r.domain as ReportDomain | null) ?? null,
    reportDomain: r.report_domain as ReportDomain,
    retired: Number(r.retired) === 1,
  };
}

/** Every class, retired ones included (items keep them), in code order. */
export async function listTaxonomy(db: DbOrTrx): Promise<TaxonomyRow[]> {
  const rows = await db.selectFrom('taxonomy').selectAll().orderBy('code').execute();
  return rows.map(taxonomyOf);
}

export async function taxonomyByCode(db: DbOrTrx, code: string): Promise<TaxonomyRow | null> {
  const r = await db.selectFrom('taxonomy').selectAll().where('code', '=', code).executeTakeFirst();
  return r ? taxonomyOf(r) : null;
}

export async function taxonomyByPath(db: DbOrTrx, path: string): Promise<TaxonomyRow | null> {
  const r = await db.selectFrom('taxonomy').selectAll().where('path', '=', path).executeTakeFirst();
  return r ? taxonomyOf(r) : null;
}

/** Changes one class's name, explicit 诉求领域 and retired mark (paths are moved by `moveTaxonomyPaths`). */
export async function updateTaxonomyNode(
  db: DbOrTrx,
  code: string,
  set: { name: string; domain: ReportDomain | null; retired: boolean },
  pinyin: string,
): Promise<void> {
  await db
    .updateTable('taxonomy')
    .set({ name: set.name, domain: set.domain, retired: set.retired ? 1 : 0, pinyin })
    .where('code', '=', code)
    .execute();
}

/**
 * A renamed class's subtree moves from path `from` to `to`: the classes, the items that carry them (their
 * report rollup follows through its triggers) and the name mappings stay on the same codes.
 */
export async function moveTaxonomyPaths(db: DbOrTrx, code: string, from: string, to: string): Promise<number> {
  const cut = from.length + 1;
  const moved = (col: 'path' | 'class_path') => sql<string>`${to} || substr(${sql.ref(col)}, ${cut})`;
  await db.updateTable('taxonomy').set({ path: to }).where('code', '=', code).execute();
  await db
    .updateTable('taxonomy')
    .set({ path: moved('path') })
    .where('code', 'like', `${code}.%`)
    .execute();
  const items = await db.updateTable('items').set({ class_path: to }).where('class_code', '=', code).executeTakeFirst();
  const under = await db
    .updateTable('items')
    .set({ class_path: moved('class_path') })
    .where('class_code', 'like', `${code}.%`)
    .executeTakeFirst();
  return Number(items.numUpdatedRows) + Number(under.numUpdatedRows);
}

/** Writes the resolved 诉求领域 of the classes whose value changed. */
export async function writeReportDomains(db: DbOrTrx, resolved: ReadonlyMap<string, ReportDomain>): Promise<void> {
  const current = new Map(
    (await db.selectFrom('taxonomy').select(['code', 'report_domain']).execute()).map((r) => [r.code, r.report_domain]),
  );
  for (const [code, d] of resolved)
    if (current.get(code) !== d)
      await db.updateTable('taxonomy').set({ report_domain: d }).where('code', '=', code).execute();
}

/** How many items carry this class or one under it. */
export async function countItemsOfClass(db: DbOrTrx, code: string): Promise<number> {
  const r = await db
    .selectFrom('items')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where((eb) => eb.or([eb('class_code', '=', code), eb('class_code', 'like', `${code}.%`)]))
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** Deletes an unused class (the caller has checked that no item and no name mapping uses it). */
export async function deleteTaxonomyNode(db: DbOrTrx, code: string): Promise<void> {
  await db.deleteFrom('class_name_maps').where('code', '=', code).execute();
  await db.deleteFrom('taxonomy').where('code', '=', code).execute();
}

/** One upstream class name mapped to a local class. */
export interface ClassNameMap {
  upstream: string;
  code: string;
}

export async function listClassNameMaps(db: DbOrTrx): Promise<ClassNameMap[]> {
  return db.selectFrom('class_name_maps').select(['upstream', 'code']).orderBy('upstream').execute();
}

/** Sets (code) or removes (null) the local class an upstream name is imported as. */
export async function putClassNameMap(db: DbOrTrx, upstream: string, code: string | null, nowIso: string) {
  if (code === null) {
    await db.deleteFrom('class_name_maps').where('upstream', '=', upstream).execute();
    return;
  }
  await db
    .insertInto('class_name_maps')
    .values({ upstream, code, updated_at: nowIso })
    .onConflict((oc) => oc.column('upstream').doUpdateSet({ code, updated_at: nowIso }))
    .execute();
}

export async function insertTaxonomy(db: DbOrTrx, rows: readonly TaxonomyRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto('taxonomy')
      .values(
        rows.slice(i, i + 200).map((t) => ({
          code: t.code,
          name: t.name,
          parent: t.parent,
          level: t.level,
          path: t.path,
          pinyin: t.pinyin,
          domain: t.domain,
          report_domain: t.reportDomain,
          retired: t.retired ? 1 : 0,
        })),
      )
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
  }
}
