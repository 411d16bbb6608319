import type { Kysely } from 'kysely';

// Frozen in time. 网上信访 submitted on the public page without an account wait here for the registrar's 受理登记:
// - online_submissions: the sealed submission (name, ID number, phone, address and texts as one SM4-sealed JSON),
//   its own number and query-code hash (both carried over to the item on acceptance), keyed hashes of the phone
//   and the client address for the rate limits, and the registrar's decision (the rejection reason is public);
// - used_challenges: proof-of-work challenges already spent, so that one solved challenge submits once.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('online_submissions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('query_code_hash', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addColumn('submitted_on', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('phone_hash', 'text', (c) => c.notNull())
    .addColumn('client_hash', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('decision_reason', 'text')
    .addColumn('item_id', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('online_submissions_status')
    .on('online_submissions')
    .columns(['status', 'submitted_at'])
    .execute();
  await db.schema
    .createIndex('online_submissions_phone')
    .on('online_submissions')
    .columns(['phone_hash', 'submitted_at'])
    .execute();
  await db.schema
    .createIndex('online_submissions_client')
    .on('online_submissions')
    .columns(['client_hash', 'submitted_at'])
    .execute();
  await db.schema
    .createTable('used_challenges')
    .addColumn('signature', 'text', (c) => c.primaryKey())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('used_challenges').ifExists().execute();
  await db.schema.dropTable('online_submissions').ifExists().execute();
}
