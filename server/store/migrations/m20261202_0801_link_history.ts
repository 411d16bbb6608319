import type { Kysely } from 'kysely';

// Frozen in time. A registrar links or unlinks two items afterwards (a repeat of the same petitioners' matter, or
// a near-duplicate record of one matter); every such change is kept with who, when and why.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('item_links')
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('repeat'))
    .execute();
  await db.schema
    .createTable('item_link_history')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('earlier_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('item_link_history_item').on('item_link_history').columns(['item_id', 'at']).execute();
  await db.schema
    .createIndex('item_link_history_earlier')
    .on('item_link_history')
    .columns(['earlier_id', 'at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('item_link_history').ifExists().execute();
  await db.schema.alterTable('item_links').dropColumn('kind').execute();
}
