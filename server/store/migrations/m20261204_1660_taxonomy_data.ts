import { sql, type Kysely } from 'kysely';

// Frozen in time: this migration must never import application code.
// The content-class tree and its 诉求领域 mapping become data the administrator edits:
// - taxonomy.domain: the 诉求领域 a class is mapped to explicitly (null: as its parent); taxonomy.report_domain:
//   the resolved domain of the class (its own mapping or the nearest mapped ancestor's, else 其他), kept by the
//   application at every edit so that a report reads it with one lookup by path; taxonomy.retired: a class in use
//   is never deleted, it is retired (no longer offered, still valid on the items that carry it).
// - class_name_maps: an upstream system's class name (path text) → the local class it is imported as.
// - items.upstream_class: the class text an imported row carried when the local tree lacked it (kept beside the
//   local class the item was mapped to).
// The backfill maps today's tree exactly as the code mapping did: 城乡建设 → 城乡建设, 劳动和社会保障 → 劳动保障,
// 经济管理/市场监管, 经济管理/食品药品监管, 经济管理/质监 → 市场监管.
const MAPPED: readonly [string, string][] = [
  ['城乡建设', '城乡建设'],
  ['劳动和社会保障', '劳动保障'],
  ['经济管理/市场监管', '市场监管'],
  ['经济管理/食品药品监管', '市场监管'],
  ['经济管理/质监', '市场监管'],
];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('taxonomy').addColumn('domain', 'text').execute();
  await db.schema
    .alterTable('taxonomy')
    .addColumn('report_domain', 'text', (c) => c.notNull().defaultTo('其他'))
    .execute();
  await db.schema
    .alterTable('taxonomy')
    .addColumn('retired', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('items').addColumn('upstream_class', 'text').execute();
  await db.schema
    .createTable('class_name_maps')
    .addColumn('upstream', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().references('taxonomy.code'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  for (const [path, domain] of MAPPED) {
    await sql`update taxonomy set domain = ${domain} where path = ${path}`.execute(db);
  }
  // Longest mapped prefix first, so a second-level mapping wins over its first level.
  for (const [path, domain] of [...MAPPED].sort((a, b) => a[0].length - b[0].length)) {
    await sql`update taxonomy set report_domain = ${domain}
      where path = ${path} or path like ${`${path}/%`}`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('class_name_maps').execute();
  await db.schema.alterTable('items').dropColumn('upstream_class').execute();
  await db.schema.alterTable('taxonomy').dropColumn('retired').execute();
  await db.schema.alterTable('taxonomy').dropColumn('report_domain').execute();
  await db.schema.alterTable('taxonomy').dropColumn('domain').execute();
}
