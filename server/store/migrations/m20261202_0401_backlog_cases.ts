import type { Kysely } from 'kysely';

// Frozen in time: this migration must never import application code.
// 积案 under 领导包案 (one row per case, its linked items, its dated progress notes), the bureau's dismissals of
// proposals (so a matter is not proposed again on the same facts), and the campaigns (攻坚行动) with their targets.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('backlog_cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('origin_kind', 'text', (c) => c.notNull())
    .addColumn('anchor_item_id', 'text', (c) => c.notNull().references('items.id'))
    .addColumn('leader_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('unit_id', 'text', (c) => c.references('units.id'))
    .addColumn('confirmed_on', 'text', (c) => c.notNull())
    .addColumn('closed_on', 'text')
    .addColumn('due_on', 'text')
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('backlog_cases_leader')
    .on('backlog_cases')
    .columns(['leader_user_id', 'status'])
    .execute();
  await db.schema.createIndex('backlog_cases_unit').on('backlog_cases').columns(['unit_id', 'status']).execute();

  await db.schema
    .createTable('backlog_case_items')
    .addColumn('case_id', 'text', (c) => c.notNull().references('backlog_cases.id'))
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.id'))
    .addPrimaryKeyConstraint('backlog_case_items_pk', ['case_id', 'item_id'])
    .execute();
  // An item belongs to at most one 积案: the matter is one case.
  await db.schema.createIndex('backlog_case_items_item').on('backlog_case_items').column('item_id').unique().execute();

  await db.schema
    .createTable('backlog_case_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('backlog_cases.id'))
    .addColumn('ord', 'integer', (c) => c.notNull())
    .addColumn('on_date', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('measures_done', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('backlog_case_notes_case')
    .on('backlog_case_notes')
    .columns(['case_id', 'ord'])
    .unique()
    .execute();

  await db.schema
    .createTable('backlog_dismissals')
    .addColumn('anchor_item_id', 'text', (c) => c.primaryKey().references('items.id'))
    .addColumn('rules', 'text', (c) => c.notNull())
    .addColumn('item_count', 'integer', (c) => c.notNull())
    .addColumn('on_date', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('dismissed_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('campaigns')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('from_on', 'text', (c) => c.notNull())
    .addColumn('to_on', 'text', (c) => c.notNull())
    .addColumn('targets', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('campaigns_period').on('campaigns').columns(['from_on', 'to_on']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['campaigns', 'backlog_dismissals', 'backlog_case_notes', 'backlog_case_items', 'backlog_cases']) {
    await db.schema.dropTable(t).execute();
  }
}
