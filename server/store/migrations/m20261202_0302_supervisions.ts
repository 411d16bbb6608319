import type { Kysely } from 'kysely';

// Frozen in time: this migration must never import application code.
// - supervisions: one 督办 (督查督办) per row; the lifecycle (replies, reviews, escalations) is JSON in `data`, the
//   columns are what lists filter on. `version` guards concurrent steps.
// - supervision_items: the items a 督办 covers (counts on the item, the register's filters).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('supervisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('issued_on', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('supervisions_unit').on('supervisions').columns(['unit_id', 'status']).execute();
  await db.schema.createIndex('supervisions_issued').on('supervisions').columns(['issued_on']).execute();
  await db.schema
    .createTable('supervision_items')
    .addColumn('supervision_id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('supervision_items_pk', ['supervision_id', 'item_id'])
    .execute();
  await db.schema.createIndex('supervision_items_item').on('supervision_items').columns(['item_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['supervision_items', 'supervisions']) await db.schema.dropTable(t).ifExists().execute();
}
