import type { Kysely } from 'kysely';

// Frozen in time. The audit screen filters by item, by user and by time and pages newest first: index those so a
// page of a long log reads a few rows instead of the whole table.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('audit_log_item').on('audit_log').columns(['item_id', 'seq']).execute();
  await db.schema.createIndex('audit_log_actor').on('audit_log').columns(['actor_id', 'seq']).execute();
  await db.schema.createIndex('audit_log_at').on('audit_log').columns(['at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const i of ['audit_log_item', 'audit_log_actor', 'audit_log_at']) await db.schema.dropIndex(i).execute();
}
