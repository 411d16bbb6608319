import type { Kysely } from 'kysely';

// Frozen in time. Materials a petitioner sends with an online submission, before there is an item: the content
// lives in the file store under its hash (the `attachments` row), the submission keeps its own link and name,
// and 受理登记 links them to the item (item_attachments, uploaded_by null: the petitioner sent them).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('online_submission_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('submission_id', 'text', (c) => c.notNull().references('online_submissions.id'))
    .addColumn('hash', 'text', (c) => c.notNull().references('attachments.hash'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('online_submission_files_submission')
    .on('online_submission_files')
    .columns(['submission_id', 'position'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('online_submission_files').ifExists().execute();
}
