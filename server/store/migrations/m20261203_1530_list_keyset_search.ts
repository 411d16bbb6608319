import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen in time. The item list pages by keyset (sort key, number) instead of OFFSET, so every sort the list
// offers needs an index in that order; items without a due date sort after every dated one on both databases
// (the expression below, which the list query repeats exactly). Free-text search gets a substring index:
// SQLite FTS5 with the trigram tokenizer (external content over `items`, kept by triggers in the same statement
// as every item write), PostgreSQL pg_trgm GIN indexes over the same text joined by a control character that a
// search term never contains (so a match never spans two fields).

/** Text a viewer with the identity matches (raw) and one without it matches (masked); the number for both. */
const RAW = ['title', 'content', 'place', 'number'] as const;
const MASKED = ['masked_title', 'masked_content', 'masked_place', 'number'] as const;
const FTS_COLS = ['title', 'content', 'place', 'masked_title', 'masked_content', 'masked_place', 'number'] as const;

const joined = (cols: readonly string[]) => cols.map((c) => `coalesce(${c}, '')`).join(` || chr(1) || `);

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('items_registered_number').on('items').columns(['registered_on', 'number']).execute();
  await db.schema.createIndex('items_received_number').on('items').columns(['received_on', 'number']).execute();
  await sql`create index items_due_number on items (coalesce(due_on, '9999-12-31'), number)`.execute(db);

  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    // One installation per database: serialise concurrent migrations, install into public (a schema that is
    // dropped with its tables must not take the extension with it) unless it is already installed elsewhere.
    await sql`select pg_advisory_xact_lock(hashtext('xinfang.pg_trgm'))`.execute(db);
    await sql`create extension if not exists pg_trgm schema public`.execute(db);
    const ns = (
      await sql<{
        ns: string;
      }>`select extnamespace::regnamespace::text as ns from pg_extension where extname = 'pg_trgm'`.execute(db)
    ).rows[0]!.ns;
    const ops = sql.raw(`${ns}.gin_trgm_ops`);
    await sql`create index items_search_raw on items using gin ((${sql.raw(joined(RAW))}) ${ops})`.execute(db);
    await sql`create index items_search_masked on items using gin ((${sql.raw(joined(MASKED))}) ${ops})`.execute(db);
  } else {
    const cols = FTS_COLS.join(', ');
    const newCols = FTS_COLS.map((c) => `new.${c}`).join(', ');
    const oldCols = FTS_COLS.map((c) => `old.${c}`).join(', ');
    await sql
      .raw(
        `create virtual table items_fts using fts5(${cols}, content='items', content_rowid='rowid', tokenize='trigram')`,
      )
      .execute(db);
    await sql
      .raw(`create trigger items_fts_ai after insert on items begin
        insert into items_fts(rowid, ${cols}) values (new.rowid, ${newCols});
      end`)
      .execute(db);
    await sql
      .raw(`create trigger items_fts_ad after delete on items begin
        insert into items_fts(items_fts, rowid, ${cols}) values ('delete', old.rowid, ${oldCols});
      end`)
      .execute(db);
    // Steps rewrite every column of the row: re-index only when an indexed text changed.
    const changed = FTS_COLS.map((c) => `old.${c} is not new.${c}`).join(' or ');
    await sql
      .raw(`create trigger items_fts_au after update of ${cols} on items when ${changed} begin
        insert into items_fts(items_fts, rowid, ${cols}) values ('delete', old.rowid, ${oldCols});
        insert into items_fts(rowid, ${cols}) values (new.rowid, ${newCols});
      end`)
      .execute(db);
    // Backfill: index every existing item from the content table.
    await sql`insert into items_fts(items_fts) values ('rebuild')`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`drop index if exists items_search_raw`.execute(db);
    await sql`drop index if exists items_search_masked`.execute(db);
  } else {
    for (const t of ['items_fts_ai', 'items_fts_ad', 'items_fts_au'])
      await sql.raw(`drop trigger if exists ${t}`).execute(db);
    await sql`drop table if exists items_fts`.execute(db);
  }
  for (const i of ['items_registered_number', 'items_received_number', 'items_due_number'])
    await db.schema.dropIndex(i).execute();
}
