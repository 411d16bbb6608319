import type { Kysely } from 'kysely';

// Frozen in time. items.import_hash: a digest of the imported row as last applied to the item (its fields and
// the local class they resolved to). A re-import compares it to tell unchanged rows (nothing written) from
// changed ones (updated and reported). Null: never imported, or imported before the digest was kept.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('items').addColumn('import_hash', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('items').dropColumn('import_hash').execute();
}
