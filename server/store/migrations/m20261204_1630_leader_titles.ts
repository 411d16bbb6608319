import type { Kysely } from 'kysely';

// Frozen in time. A leader's title (职务, e.g. 副区长) for the directory units choose from when they ask a leader
// (请示): the directory shows the name and this title only. Null for every other account.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('title', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('title').execute();
}
