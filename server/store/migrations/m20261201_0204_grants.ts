import type { Kysely } from 'kysely';

// Frozen in time. 三员分立: a change to an account that grants item-reading or security roles (creation, role or
// unit change, password reset, and any change to a security account) is a request here until a security
// administrator who neither asked for it nor is its subject approves it. The table is the grant history the
// auditor reviews; the password hash of a pending creation or reset is dropped once the request is decided.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('grants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text')
    .addColumn('role', 'text')
    .addColumn('unit_id', 'text')
    .addColumn('prev_role', 'text')
    .addColumn('prev_unit_id', 'text')
    .addColumn('password_hash', 'text')
    .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decision_note', 'text')
    .execute();
  await db.schema.createIndex('grants_status').on('grants').columns(['status', 'requested_at']).execute();
  await db.schema.createIndex('grants_username').on('grants').columns(['username', 'status']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('grants').ifExists().execute();
}
