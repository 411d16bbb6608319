import type { Kysely } from 'kysely';

// Frozen in time. Every retraining of the office's classifier is kept: the candidate's and the model in force's
// scores on the same time split, whether the candidate replaced it and why. The models that were put in force
// are kept beside (gzip, base64) so that every instance of the server reads the same one.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('model_evaluations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('triggered_by', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('samples', 'integer', (c) => c.notNull())
    .addColumn('train_items', 'integer', (c) => c.notNull())
    .addColumn('test_items', 'integer', (c) => c.notNull())
    .addColumn('cut', 'text', (c) => c.notNull())
    .addColumn('current_name', 'text', (c) => c.notNull())
    .addColumn('current_f1', 'real', (c) => c.notNull())
    .addColumn('current_accuracy', 'real', (c) => c.notNull())
    .addColumn('candidate_f1', 'real', (c) => c.notNull())
    .addColumn('candidate_accuracy', 'real', (c) => c.notNull())
    .addColumn('switched', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('seconds', 'real', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('model_evaluations_at').on('model_evaluations').column('at').execute();
  await db.schema
    .createTable('office_models')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('evaluation_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('labels', 'integer', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('office_models_created').on('office_models').column('created_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('office_models').ifExists().execute();
  await db.schema.dropTable('model_evaluations').ifExists().execute();
}
