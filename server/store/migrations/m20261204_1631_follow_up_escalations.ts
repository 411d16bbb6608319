import type { Kysely } from 'kysely';

// Frozen in time. The escalations of the units' duties to report back (a 领导批示's 落实, a 联席会议 task): one row
// per duty round and level, so the scheduled job raises each level once, one level per run, on schedule. The key
// is `<duty round key>:<level index>`; the primary key makes a concurrent second instance write nothing twice.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('follow_up_escalations')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('task_key', 'text', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('on_date', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('follow_up_escalations_task').on('follow_up_escalations').column('task_key').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('follow_up_escalations').ifExists().execute();
}
