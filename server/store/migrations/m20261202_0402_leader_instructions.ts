import type { Kysely } from 'kysely';

// Frozen in time: this migration must never import application code.
// 请示 to a leader, the leader's 批示, and one row per addressed unit's duty to report back (tracked like a 督办:
// status, the current round's start and due date, the date it was met, and its own version so that units
// reporting at the same time do not conflict with each other).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('leader_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('subject_kind', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.references('items.id'))
    .addColumn('case_id', 'text', (c) => c.references('backlog_cases.id'))
    .addColumn('from_unit_id', 'text', (c) => c.references('units.id'))
    .addColumn('asked_by', 'text', (c) => c.notNull())
    .addColumn('asked_by_name', 'text', (c) => c.notNull())
    .addColumn('leader_user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('asked_on', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('instruction_id', 'text')
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('leader_requests_leader')
    .on('leader_requests')
    .columns(['leader_user_id', 'status'])
    .execute();
  await db.schema.createIndex('leader_requests_item').on('leader_requests').column('item_id').execute();
  await db.schema.createIndex('leader_requests_case').on('leader_requests').column('case_id').execute();

  await db.schema
    .createTable('leader_instructions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('request_id', 'text', (c) => c.references('leader_requests.id'))
    .addColumn('subject_kind', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.references('items.id'))
    .addColumn('case_id', 'text', (c) => c.references('backlog_cases.id'))
    .addColumn('leader_user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('leader_name', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('on_date', 'text', (c) => c.notNull())
    .addColumn('done_on', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('leader_instructions_item').on('leader_instructions').column('item_id').execute();
  await db.schema.createIndex('leader_instructions_case').on('leader_instructions').column('case_id').execute();
  await db.schema
    .createIndex('leader_instructions_leader')
    .on('leader_instructions')
    .columns(['leader_user_id', 'on_date'])
    .execute();

  await db.schema
    .createTable('instruction_addressees')
    .addColumn('instruction_id', 'text', (c) => c.notNull().references('leader_instructions.id'))
    .addColumn('owner_unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('start_on', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('done_on', 'text')
    .addColumn('met_on', 'text')
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('instruction_addressees_pk', ['instruction_id', 'owner_unit_id'])
    .execute();
  await db.schema
    .createIndex('instruction_addressees_unit')
    .on('instruction_addressees')
    .columns(['owner_unit_id', 'status'])
    .execute();
  await db.schema
    .createIndex('instruction_addressees_due')
    .on('instruction_addressees')
    .columns(['status', 'due_on'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['instruction_addressees', 'leader_instructions', 'leader_requests']) {
    await db.schema.dropTable(t).execute();
  }
}
