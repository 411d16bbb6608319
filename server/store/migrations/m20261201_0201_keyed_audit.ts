import type { Kysely } from 'kysely';

// Frozen in time. The audit chain becomes keyed (HMAC-SM3 under a key from the key file): each row names its
// key (`key_id`, null for the earlier plain-SM3 rows) and may keep a request id the client sent beside the
// server's own. `audit_head` holds the newest row's seq and hash under a keyed seal, so cutting rows off the
// end is detected. The rows themselves cannot be re-keyed here (migrations never see the key file): the
// application seals the old chain's head with a keyed row at its first start.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_log').addColumn('key_id', 'text').execute();
  await db.schema.alterTable('audit_log').addColumn('client_request_id', 'text').execute();
  await db.schema
    .createTable('audit_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('mac', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_head').ifExists().execute();
  await db.schema.alterTable('audit_log').dropColumn('client_request_id').execute();
  await db.schema.alterTable('audit_log').dropColumn('key_id').execute();
}
