import type { Kysely } from 'kysely';

// Frozen in time: this migration must never import application code.
// 重大节点 periods and the daily reports produced in them: one row per day (the date is the key, so a report is
// produced once whatever the overlaps, across restarts and instances).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('major_periods')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('from_on', 'text', (c) => c.notNull())
    .addColumn('to_on', 'text', (c) => c.notNull())
    .addColumn('report_time', 'text', (c) => c.notNull())
    .addColumn('thresholds', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('major_periods_span').on('major_periods').columns(['from_on', 'to_on']).execute();

  await db.schema
    .createTable('daily_reports')
    .addColumn('report_date', 'text', (c) => c.primaryKey())
    .addColumn('period_id', 'text', (c) => c.references('major_periods.id'))
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('zero_report', 'integer', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('produced_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('daily_reports').execute();
  await db.schema.dropTable('major_periods').execute();
}
