import { sql, type Kysely } from 'kysely';

// Frozen in time: this migration must never import application code.
// The routing history the lead-unit suggestion learns from, kept as counts instead of read from a year of items:
// `routing_counts` holds how many routed items with one feature value (all, class levels, place, 涉法涉诉, title
// keyword) went to a unit in a month; `routing_items` holds what each routed item contributes, so a change to
// the item (re-routing, a corrected class or title) moves exactly its own counts. The features of a title are
// words found by segmentation, which only the application can do: existing routed items are listed here with
// `features` null and counted by the application at the next start, before it serves requests.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('routing_items')
    .addColumn('item_id', 'text', (c) => c.primaryKey())
    .addColumn('month', 'text')
    .addColumn('unit_id', 'text')
    .addColumn('features', 'text')
    .execute();
  await db.schema
    .createTable('routing_counts')
    .addColumn('feature', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('routing_counts_pk', ['feature', 'value', 'month', 'unit_id'])
    .execute();
  await sql`insert into routing_items (item_id)
    select id from items where routed_on is not null and class_path is not null and lead_unit_id is not null`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('routing_counts').execute();
  await db.schema.dropTable('routing_items').execute();
}
