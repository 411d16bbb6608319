import type { Kysely } from 'kysely';

// Frozen in time: this migration must never import application code.
// A staff member's optional mobile phone and e-mail address, where warning notices and digests are sent.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('phone', 'text').execute();
  await db.schema.alterTable('users').addColumn('email', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('email').execute();
  await db.schema.alterTable('users').dropColumn('phone').execute();
}
