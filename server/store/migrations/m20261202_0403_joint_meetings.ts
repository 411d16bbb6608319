import type { Kysely } from 'kysely';

// Frozen in time: this migration must never import application code.
// 联席会议: the meeting (its particulars, agenda and minutes as JSON), its member units and agenda links as rows
// (so a unit's meetings and an item's meetings are found in SQL), and the tasks of its decisions, each a unit's
// duty to report back with its own version.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('meetings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('meeting_on', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('convenor_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('minutes_number', 'text', (c) => c.unique())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('meetings_date').on('meetings').columns(['meeting_on']).execute();

  await db.schema
    .createTable('meeting_units')
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addPrimaryKeyConstraint('meeting_units_pk', ['meeting_id', 'unit_id'])
    .execute();
  await db.schema.createIndex('meeting_units_unit').on('meeting_units').columns(['unit_id', 'meeting_id']).execute();

  await db.schema
    .createTable('meeting_links')
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id'))
    .addColumn('target_kind', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('meeting_links_pk', ['meeting_id', 'target_kind', 'target_id'])
    .execute();
  await db.schema
    .createIndex('meeting_links_target')
    .on('meeting_links')
    .columns(['target_kind', 'target_id'])
    .execute();

  await db.schema
    .createTable('meeting_tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('meetings.id'))
    .addColumn('ord', 'integer', (c) => c.notNull())
    .addColumn('decision_ord', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('owner_unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('start_on', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('done_on', 'text')
    .addColumn('met_on', 'text')
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('meeting_tasks_meeting')
    .on('meeting_tasks')
    .columns(['meeting_id', 'ord'])
    .unique()
    .execute();
  await db.schema.createIndex('meeting_tasks_unit').on('meeting_tasks').columns(['owner_unit_id', 'status']).execute();
  await db.schema.createIndex('meeting_tasks_due').on('meeting_tasks').columns(['status', 'due_on']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['meeting_tasks', 'meeting_links', 'meeting_units', 'meetings'])
    await db.schema.dropTable(t).execute();
}
