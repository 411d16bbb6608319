import type { Kysely } from 'kysely';

// Frozen in time: this migration must never import application code.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('units')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('parent_id', 'text', (c) => c.references('units.id'))
    .addColumn('inside_district', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('部门'))
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.references('units.id'))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('failed_logins', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('locked_until', 'text')
    .addColumn('totp_secret', 'text')
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('csrf', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('taxonomy')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('parent', 'text')
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull().unique())
    .addColumn('pinyin', 'text', (c) => c.notNull().defaultTo(''))
    .execute();

  await db.schema
    .createTable('calendar_days')
    .addColumn('date', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('received_on', 'text', (c) => c.notNull())
    .addColumn('registered_on', 'text', (c) => c.notNull())
    .addColumn('head_count', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('class_code', 'text', (c) => c.references('taxonomy.code'))
    .addColumn('class_path', 'text')
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('handling_class', 'text', (c) => c.notNull())
    .addColumn('flags', 'text', (c) => c.notNull())
    .addColumn('legal_flag', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('place', 'text')
    .addColumn('lead_unit_id', 'text', (c) => c.references('units.id'))
    .addColumn('is_repeat', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('routed_on', 'text')
    .addColumn('accepted_on', 'text')
    .addColumn('opinion_on', 'text')
    .addColumn('served_on', 'text')
    .addColumn('closed_on', 'text')
    .addColumn('satisfaction', 'text')
    .addColumn('due_on', 'text')
    .addColumn('due_rule', 'text')
    .addColumn('notice_on', 'text')
    .addColumn('warning_on', 'text')
    .addColumn('severe_on', 'text')
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('query_code_hash', 'text')
    .addColumn('registered_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('items_year_seq').on('items').columns(['year', 'seq']).unique().execute();
  await db.schema.createIndex('items_registered').on('items').columns(['registered_on']).execute();
  await db.schema.createIndex('items_status').on('items').columns(['status', 'due_on']).execute();
  await db.schema.createIndex('items_lead_unit').on('items').columns(['lead_unit_id', 'status']).execute();
  await db.schema.createIndex('items_query_code').on('items').columns(['query_code_hash']).execute();

  await db.schema
    .createTable('item_units')
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.id'))
    .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('item_units_pk', ['item_id', 'unit_id'])
    .execute();
  await db.schema.createIndex('item_units_unit').on('item_units').columns(['unit_id', 'item_id']).execute();

  await db.schema
    .createTable('petitioners')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.id'))
    .addColumn('ord', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_hash', 'text', (c) => c.notNull())
    .addColumn('id_number', 'text')
    .addColumn('id_hash', 'text')
    .addColumn('id_verified', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('phone', 'text')
    .addColumn('phone_hash', 'text')
    .addColumn('address', 'text')
    .execute();
  await db.schema.createIndex('petitioners_item').on('petitioners').columns(['item_id']).execute();
  await db.schema.createIndex('petitioners_id_hash').on('petitioners').columns(['id_hash']).execute();
  await db.schema.createIndex('petitioners_phone_hash').on('petitioners').columns(['phone_hash']).execute();
  await db.schema.createIndex('petitioners_name_hash').on('petitioners').columns(['name_hash']).execute();

  await db.schema
    .createTable('deadlines')
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.id'))
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('party', 'text', (c) => c.notNull())
    .addColumn('start_on', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('met_on', 'text')
    .addColumn('explanation', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('deadlines_pk', ['item_id', 'rule'])
    .execute();
  await db.schema.createIndex('deadlines_due').on('deadlines').columns(['met_on', 'due_on']).execute();

  await db.schema
    .createTable('events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('on_date', 'text')
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text')
    .addColumn('actor_role', 'text')
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('events_item').on('events').columns(['item_id', 'seq']).unique().execute();

  await db.schema
    .createTable('item_links')
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.id'))
    .addColumn('earlier_id', 'text', (c) => c.notNull().references('items.id'))
    .addColumn('similarity', 'real', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('item_links_pk', ['item_id', 'earlier_id'])
    .execute();

  await db.schema
    .createTable('attachments')
    .addColumn('hash', 'text', (c) => c.primaryKey())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('item_attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.id'))
    .addColumn('hash', 'text', (c) => c.notNull().references('attachments.hash'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('item_attachments_item').on('item_attachments').columns(['item_id']).execute();

  await db.schema
    .createTable('counters')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('seq', 'integer', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_role', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text')
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text')
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('idempotency')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('text_lsh')
    .addColumn('band_key', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('text_lsh_band').on('text_lsh').columns(['band_key']).execute();
  await db.schema.createIndex('text_lsh_item').on('text_lsh').columns(['item_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'text_lsh',
    'idempotency',
    'audit_log',
    'counters',
    'item_attachments',
    'attachments',
    'item_links',
    'events',
    'deadlines',
    'petitioners',
    'item_units',
    'items',
    'settings',
    'calendar_days',
    'taxonomy',
    'sessions',
    'users',
    'units',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
