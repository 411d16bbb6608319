import type { Kysely } from 'kysely';

// Frozen in time: this migration must never import application code.
// Columns the visibility rule filters lists by in SQL: the accused party's unit as a keyed index (the unit id
// itself stays encrypted with the accused party), the bureau's redaction choice, and the title, content and
// place with the petitioners' identity masked (what viewers without the right to see it read and search).
// Existing rows are filled at the next start by the application (it holds the key to decrypt them).
const COLUMNS = ['accused_unit_key', 'masked_title', 'masked_content', 'masked_place'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const c of COLUMNS) await db.schema.alterTable('items').addColumn(c, 'text').execute();
  await db.schema
    .alterTable('items')
    .addColumn('identity_redacted', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('items_accused_unit_key').on('items').column('accused_unit_key').execute();
  await db.schema.createIndex('item_links_earlier').on('item_links').column('earlier_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('item_links_earlier').execute();
  await db.schema.dropIndex('items_accused_unit_key').execute();
  for (const c of [...COLUMNS, 'identity_redacted']) await db.schema.alterTable('items').dropColumn(c).execute();
}
