import { createRequire } from 'node:module';
import { touchPrivateFile } from '../files/private-files.ts';
import SQLite from 'better-sqlite3';
import type pgModule from 'pg';
import {
  type DatabaseIntrospector,
  Kysely,
  Migrator,
  PostgresAdapter,
  PostgresDialect,
  SqliteDialect,
  sql,
  type Migration,
  type MigrationProvider,
  type SqliteDatabase,
  type Transaction,
} from 'kysely';
import type { Database } from './schema.ts';
import * as m0001 from './migrations/m20261129_0001_initial.ts';
import * as m0002 from './migrations/m20261129_0002_audit_append_only.ts';
import * as m0101 from './migrations/m20261201_0101_item_visibility.ts';
import * as m0201 from './migrations/m20261201_0201_keyed_audit.ts';
import * as m0202 from './migrations/m20261201_0202_sign_in_throttle.ts';
import * as m0203 from './migrations/m20261201_0203_demo_logins_without_password.ts';
import * as m0204 from './migrations/m20261201_0204_grants.ts';
import * as m0801 from './migrations/m20261202_0801_link_history.ts';
import * as m0802 from './migrations/m20261202_0802_model_evaluations.ts';
import * as m1101 from './migrations/m20261202_1101_audit_indexes.ts';
import * as m1510 from './migrations/m20261203_1510_clockwork_generation.ts';
import * as m1520 from './migrations/m20261203_1520_report_rollup.ts';
import * as m1530 from './migrations/m20261203_1530_list_keyset_search.ts';
import * as m1540 from './migrations/m20261203_1540_text_index_queue.ts';
import * as m0301 from './migrations/m20261202_0301_jobs_outbox_notifications.ts';
import * as m0302 from './migrations/m20261202_0302_supervisions.ts';
import * as m0501 from './migrations/m20261202_0501_doc_templates.ts';
import * as m0601 from './migrations/m20261202_0601_online_submissions.ts';
import * as m1541 from './migrations/m20261203_1541_routing_history.ts';
import * as m1581 from './migrations/m20261203_1581_online_files.ts';
import * as m1620 from './migrations/m20261204_1620_named_handlers.ts';
import * as m0401 from './migrations/m20261202_0401_backlog_cases.ts';
import * as m0402 from './migrations/m20261202_0402_leader_instructions.ts';
import * as m0403 from './migrations/m20261202_0403_joint_meetings.ts';
import * as m0404 from './migrations/m20261202_0404_major_periods.ts';
import * as m1621 from './migrations/m20261204_1621_user_contacts.ts';
import * as m1630 from './migrations/m20261204_1630_leader_titles.ts';
import * as m1631 from './migrations/m20261204_1631_follow_up_escalations.ts';
import * as m1660 from './migrations/m20261204_1660_taxonomy_data.ts';
import * as m1670 from './migrations/m20261204_1670_hot_issue_snapshots.ts';
import * as m1700 from './migrations/m20261205_1700_rating_source.ts';
import * as m1750 from './migrations/m20261205_1750_user_list_views.ts';
import * as m1760 from './migrations/m20261205_1760_import_hash.ts';
import * as m1810 from './migrations/m20261206_1810_notify_channels.ts';
import * as m1950 from './migrations/m20261207_1950_rollup_shards.ts';

export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;
/** Store functions take either the database or an open transaction: the caller owns the transaction. */
export type DbOrTrx = Db | Trx;

export interface OpenedDb {
  db: Db;
  dialect: 'sqlite' | 'postgres';
  /** Where the data lives (file path or URL without password), for logs. */
  location: string;
  close(): Promise<void>;
}

const MIGRATIONS: Record<string, Migration> = {
  '20261129_0001_initial': m0001,
  '20261129_0002_audit_append_only': m0002,
  '20261201_0101_item_visibility': m0101,
  '20261201_0201_keyed_audit': m0201,
  '20261201_0202_sign_in_throttle': m0202,
  '20261201_0203_demo_logins_without_password': m0203,
  '20261201_0204_grants': m0204,
  '20261202_0301_jobs_outbox_notifications': m0301,
  '20261202_0302_supervisions': m0302,
  '20261202_0401_backlog_cases': m0401,
  '20261202_0402_leader_instructions': m0402,
  '20261202_0403_joint_meetings': m0403,
  '20261202_0404_major_periods': m0404,
  '20261202_0501_doc_templates': m0501,
  '20261202_0601_online_submissions': m0601,
  '20261202_0801_link_history': m0801,
  '20261202_0802_model_evaluations': m0802,
  '20261202_1101_audit_indexes': m1101,
  '20261203_1510_clockwork_generation': m1510,
  '20261203_1520_report_rollup': m1520,
  '20261203_1530_list_keyset_search': m1530,
  '20261203_1540_text_index_queue': m1540,
  '20261203_1541_routing_history': m1541,
  '20261203_1581_online_files': m1581,
  '20261204_1620_named_handlers': m1620,
  '20261204_1621_user_contacts': m1621,
  '20261204_1630_leader_titles': m1630,
  '20261204_1631_follow_up_escalations': m1631,
  '20261204_1660_taxonomy_data': m1660,
  '20261204_1670_hot_issue_snapshots': m1670,
  '20261205_1700_rating_source': m1700,
  '20261205_1750_user_list_views': m1750,
  '20261205_1760_import_hash': m1760,
  '20261206_1810_notify_channels': m1810,
  '20261207_1950_rollup_shards': m1950,
};

/** The migration that keyed the audit chain (the upgrade that must seal an older chain). */
export const KEYED_AUDIT_MIGRATION = '20261201_0201_keyed_audit';

class StaticProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return MIGRATIONS;
  }
}

/**
 * SQLite settings of every connection, chosen for one server process on a small machine (2 cores, a few GB):
 * - WAL: readers never wait for the writer, and a read-only second connection (a worker) can read beside it.
 * - synchronous = NORMAL: in WAL mode a crash or power cut can lose the last commits since the previous
 *   checkpoint's sync, never corrupt the file; FULL would fsync every commit (each registration).
 * - cache_size = 64 MB (the default is 2 MB): the hot index pages of a large items table stay in memory.
 * - mmap_size = 256 MB: pages are read straight from the OS page cache instead of being copied into the
 *   page cache first (the mapped pages show in the process's resident memory).
 * - temp_store = MEMORY: sorts and temporary B-trees (ORDER BY without an index, GROUP BY) stay in memory.
 * - journal_size_limit = 64 MB: the WAL file is truncated back after a large import or a bulk load.
 * - busy_timeout = 10 s: a second process (the CLI, a backup) waits for the lock instead of failing.
 * `npm run bench` prints `sqlite.pragmas.*` lines comparing these with the previous settings.
 */
export const SQLITE_PRAGMAS: readonly string[] = [
  'journal_mode = WAL',
  'foreign_keys = ON',
  'busy_timeout = 10000',
  'synchronous = NORMAL',
  'cache_size = -65536',
  'mmap_size = 268435456',
  'temp_store = MEMORY',
  'journal_size_limit = 67108864',
];

export function isPostgresUrl(s: string): boolean {
  return /^postgres(ql)?:\/\//i.test(s);
}

/** Opens SQLite (a file path, created with its folder) or PostgreSQL (a postgres:// URL). */
export function openDb(target: string): OpenedDb {
  if (isPostgresUrl(target)) {
    // Loaded only for PostgreSQL: a SQLite installation (and every CLI call on one) never pays for the driver.
    const pg = createRequire(import.meta.url)('pg') as typeof pgModule;
    const pool = new pg.Pool({ connectionString: target, max: 10 });
    // Dates are kept as ISO text columns; make sure bigint counts come back as numbers.
    pg.types.setTypeParser(20, (v) => Number(v));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', location: target.replace(/:[^:@/]*@/, ':***@'), close: () => db.destroy() };
  }
  // The database file is the service account's alone: a new one is created 0600 in a 0700 folder (SQLite gives
  // its -wal and -shm files the same mode), an existing one readable by others is narrowed to 0600.
  if (target !== ':memory:') touchPrivateFile(target);
  const sqlite = new SQLite(target);
  for (const p of SQLITE_PRAGMAS) sqlite.pragma(p);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, dialect: 'sqlite', location: target, close: () => db.destroy() };
}

/**
 * A second, read-only connection for background work on a worker thread (hot issues): on SQLite its own
 * read-only handle beside the server's (WAL lets it read while the server writes), on PostgreSQL its own small
 * pool. It never writes: the worker hands its result back and the server stores it.
 */
export function openReadOnlyDb(target: string): OpenedDb {
  if (isPostgresUrl(target)) {
    const pg = createRequire(import.meta.url)('pg') as typeof pgModule;
    const pool = new pg.Pool({ connectionString: target, max: 2 });
    pg.types.setTypeParser(20, (v) => Number(v));
    pool.on('connect', (client) => {
      void client.query('set default_transaction_read_only = on');
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', location: target.replace(/:[^:@/]*@/, ':***@'), close: () => db.destroy() };
  }
  const sqlite = new SQLite(target, { readonly: true, fileMustExist: true });
  for (const p of ['busy_timeout = 10000', 'cache_size = -65536', 'mmap_size = 268435456', 'temp_store = MEMORY'])
    sqlite.pragma(p);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, dialect: 'sqlite', location: target, close: () => db.destroy() };
}

/** Prepared statements kept per SQLite connection (least recently used dropped first). */
export const STATEMENT_CACHE_SIZE = 1000;

/**
 * The connection as Kysely sees it, with its prepared statements kept: Kysely prepares every query anew, and
 * preparing a statement costs about as much as running a small one (half the SQL time of the demo seed went to
 * `prepare`). SQLite re-prepares a kept statement by itself after a schema change; a statement still being
 * iterated (a streamed query) is never handed out again until it is done.
 */
export function withStatementCache(sqlite: SQLite.Database, size = STATEMENT_CACHE_SIZE): SqliteDatabase {
  const kept = new Map<string, SQLite.Statement>();
  return {
    close: () => {
      kept.clear();
      sqlite.close();
    },
    prepare(text: string) {
      const hit = kept.get(text);
      if (hit?.busy) return sqlite.prepare(text);
      if (hit) {
        kept.delete(text);
        kept.set(text, hit);
        return hit;
      }
      const stmt = sqlite.prepare(text);
      kept.set(text, stmt);
      if (kept.size > size) kept.delete(kept.keys().next().value!);
      return stmt;
    },
  };
}

/**
 * The database as the migrator sees it on PostgreSQL: its look-ups of schemas and tables ask about this one schema.
 * Kysely's own introspector reads every column of every table in the database and resolves each table by name; a
 * table dropped meanwhile by anyone else (another installation's upgrade, a test dropping its schema) made the
 * look-up, and with it the migration, fail with "relation … does not exist".
 */
function inSchema(db: Db, schema: string): Db {
  const introspection: DatabaseIntrospector = {
    getSchemas: async () =>
      (
        await sql<{
          name: string;
        }>`select nspname as name from pg_catalog.pg_namespace where nspname = ${schema}`.execute(db)
      ).rows,
    getTables: async () =>
      (
        await sql<{ name: string; view: boolean }>`select table_name as name, table_type = 'VIEW' as view
          from information_schema.tables where table_schema = ${schema}`.execute(db)
      ).rows.map((t) => ({ name: t.name, schema, isView: t.view, columns: [] })),
    getMetadata: async () => ({ tables: await introspection.getTables() }),
  };
  return new Proxy(db, {
    get(target, key) {
      if (key === 'introspection') return introspection;
      const value = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Brings the schema to the newest version; throws with the failing migration's name. */
export async function migrate(db: Db): Promise<string[]> {
  // On PostgreSQL the migrator looks for its bookkeeping tables in every schema; another installation (or test)
  // in the same database would make it skip creating its own. Name the schema this connection works in.
  const schema =
    db.getExecutor().adapter instanceof PostgresAdapter
      ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s
      : undefined;
  const migrator = new Migrator({
    db: schema ? inSchema(db, schema) : db,
    provider: new StaticProvider(),
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? '?';
    throw new Error(`migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** True when the database answers a trivial query. */
export async function ping(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
