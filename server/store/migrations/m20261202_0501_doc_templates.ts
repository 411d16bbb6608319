import type { Kysely } from 'kysely';

// Frozen in time: this migration must never import application code.
// Official-document templates the office uploads (every version kept, at most one active per kind; none active
// means the shipped default), and the 发文字号 each document of an item received when it was first written.
// The template file is stored base64 in a text column so both dialects store it the same way.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('doc_templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'text')
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('doc_templates_kind_version', ['kind', 'version'])
    .execute();
  await db.schema
    .createTable('doc_numbers')
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('doc_number', 'text', (c) => c.notNull())
    .addColumn('issued_on', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('doc_numbers_pk', ['item_id', 'kind'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('doc_numbers').execute();
  await db.schema.dropTable('doc_templates').execute();
}
