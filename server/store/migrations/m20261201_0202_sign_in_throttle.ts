import type { Kysely } from 'kysely';

// Frozen in time. Throttling state lives in the database so that several instances on one PostgreSQL share it:
// - rate_windows: request counts per key (client address, account) in fixed one-minute windows;
// - sign_in_failures: failed sign-ins per user name (existing or not) and per address, with the lock they cause.
// users.totp_last_step remembers the last accepted TOTP time step: a code is accepted once.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rate_windows')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('win', 'integer', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rate_windows_win').on('rate_windows').columns(['win']).execute();
  await db.schema
    .createTable('sign_in_failures')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'text', (c) => c.notNull())
    .addColumn('locked_until', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.alterTable('users').addColumn('totp_last_step', 'integer').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('totp_last_step').execute();
  await db.schema.dropTable('sign_in_failures').ifExists().execute();
  await db.schema.dropTable('rate_windows').ifExists().execute();
}
