import type { TaxonomyNode } from '../domain/taxonomy.ts';
import type { DbOrTrx } from './db.ts';

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
}

export async function listTaxonomy(db: DbOrTrx): Promise<TaxonomyRow[]> {
  const rows = await db.selectFrom('taxonomy').selectAll().orderBy('code').execute();
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    parent: r.parent,
    level: Number(r.level) as 1 | 2 | 3,
    path: r.path,
    pinyin: r.pinyin,
  }));
}

export async function taxonomyByCode(db: DbOrTrx, code: string): Promise<TaxonomyRow | null> {
  const r = await db.selectFrom('taxonomy').selectAll().where('code', '=', code).executeTakeFirst();
  return r
    ? {
        code: r.code,
        name: r.name,
        parent: r.parent,
        level: Number(r.level) as 1 | 2 | 3,
        path: r.path,
        pinyin: r.pinyin,
      }
    : null;
}

export async function taxonomyByPath(db: DbOrTrx, path: string): Promise<TaxonomyRow | null> {
  const r = await db.selectFrom('taxonomy').select('code').where('path', '=', path).executeTakeFirst();
  return r ? taxonomyByCode(db, r.code) : null;
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
        })),
      )
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
  }
}
