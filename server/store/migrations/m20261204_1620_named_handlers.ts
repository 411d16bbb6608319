import type { Kysely } from 'kysely';

// Frozen in time: this migration must never import application code.
// The named 经办人 of an item's lead unit, kept as a column beside the item's facts so that lists, the to-do list
// and the workload filter by person in SQL. Null until the unit head names one (and again after a re-route).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('items').addColumn('handler_user_id', 'text').execute();
  await db.schema.createIndex('items_handler').on('items').columns(['handler_user_id', 'status']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('items_handler').ifExists().execute();
  await db.schema.alterTable('items').dropColumn('handler_user_id').execute();
}
