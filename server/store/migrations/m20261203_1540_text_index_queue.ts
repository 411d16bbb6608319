import { sql, type Kysely } from 'kysely';

// Frozen in time: this migration must never import application code.
// The similarity indexer's work list: an item waits here until its LSH bands are written (imports, corrections,
// upgrades), so the background indexer reads a few queued rows instead of scanning every item for missing bands.
// `queued_at` orders the work and tells a newer request (a correction while the item was being indexed) apart.
// Existing items without bands are queued here once.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('text_index_queue')
    .addColumn('item_id', 'text', (c) => c.primaryKey())
    .addColumn('queued_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('text_index_queue_order')
    .on('text_index_queue')
    .columns(['queued_at', 'item_id'])
    .execute();
  await sql`insert into text_index_queue (item_id, queued_at)
    select i.id, i.created_at from items i
    where not exists (select 1 from text_lsh t where t.item_id = i.id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('text_index_queue').execute();
}
