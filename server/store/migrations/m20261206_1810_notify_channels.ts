import type { Kysely } from 'kysely';

// Frozen in time: this migration must never import application code.
// Each staff member turns the outbound channels of his notices (SMS, e-mail) on or off; both on by default, so a
// person with a phone or an address on file is reached until he says otherwise.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('notify_sms', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .alterTable('users')
    .addColumn('notify_email', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('notify_email').execute();
  await db.schema.alterTable('users').dropColumn('notify_sms').execute();
}
