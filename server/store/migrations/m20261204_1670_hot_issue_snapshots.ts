import type { Kysely } from 'kysely';

// Frozen in time: this migration must never import application code.
// Hot issues are clustered in the background and kept here, one row per period asked for: the district's
// clusters as JSON (member item ids, keywords, labels, coherence, why each member belongs), when and from which
// state of the items (`fingerprint`) they were computed, and the claim one instance holds while it recomputes.
// Readers filter the members through their own scope; nothing here is shown unfiltered.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('hot_issue_snapshots')
    .addColumn('period_from', 'text', (c) => c.notNull())
    .addColumn('period_to', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('computed_at', 'text')
    .addColumn('fingerprint', 'text')
    .addColumn('items', 'integer')
    .addColumn('clusters', 'text')
    .addColumn('seconds', 'real')
    .addColumn('error', 'text')
    .addColumn('claimed_until', 'text')
    .addColumn('claimed_by', 'text')
    .addPrimaryKeyConstraint('hot_issue_snapshots_pk', ['period_from', 'period_to'])
    .execute();
  await db.schema
    .createIndex('hot_issue_snapshots_requested')
    .on('hot_issue_snapshots')
    .column('requested_at')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('hot_issue_snapshots').execute();
}
