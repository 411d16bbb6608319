import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';

// Frozen in time. The statutory clock (calendar, deadline rules, warning thresholds) is cached per process and keyed
// by a generation token that every edit replaces in its own transaction; databases made before the token existed
// get one here, so their clock is cached from the first start on.
export async function up(db: Kysely<any>): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key: 'clockwork_generation', value: JSON.stringify(randomUUID()) })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('settings').where('key', '=', 'clockwork_generation').execute();
}
