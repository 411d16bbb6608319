import type { Kysely } from 'kysely';

// Frozen in time. Each staff member's views of a list: the layout in use (name '': columns, density, page size)
// and named saved filters, one row each, kept on the server so they follow the person from desk to desk.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('user_list_views')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('list_key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_list_views_pk', ['user_id', 'list_key', 'name'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('user_list_views').ifExists().execute();
}
