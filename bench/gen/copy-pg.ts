/**
 * Copies a generated SQLite district into a fresh PostgreSQL schema: the rows are the same values the store
 * wrote (dialect-neutral columns), so the PostgreSQL figures run over exactly the same data.
 */
import { randomBytes } from 'node:crypto';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { migrate, openDb, type OpenedDb } from '../../server/store/db.ts';
import { ensureReferenceData } from '../../server/app/bootstrap.ts';
import { note } from '../scale/emit.ts';

/**
 * Tables the generator fills, in foreign-key order. Reference data (taxonomy, calendar) comes from bootstrap.
 * `report_rollup` is not copied: the triggers on `items` and `deadlines` rebuild it as their rows arrive.
 */
const TABLES = [
  'units',
  'users',
  'items',
  'item_units',
  'petitioners',
  'deadlines',
  'events',
  'item_links',
  'counters',
  'audit_log',
  'text_lsh',
  'text_index_queue',
  'routing_items',
  'routing_counts',
] as const;

export interface PgSchema {
  url: string;
  schema: string;
  drop(): Promise<void>;
}

/** A fresh schema in the PostgreSQL database at `base`, and the URL whose search_path points at it. */
export async function freshSchema(base: string, prefix = 'bench'): Promise<PgSchema> {
  const schema = `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const u = new URL(base);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: u.toString(),
    schema,
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    },
  };
}

/** Copies every generated row of the SQLite file into the (migrated) PostgreSQL target. */
export async function copyToPostgres(sqliteFile: string, pgUrl: string): Promise<{ rows: number; ms: number }> {
  const t0 = performance.now();
  const target: OpenedDb = openDb(pgUrl);
  await migrate(target.db);
  await ensureReferenceData(target.db);
  const src = new SQLite(sqliteFile, { readonly: true });
  let rows = 0;
  try {
    for (const table of TABLES) {
      const cols = (src.prepare(`select * from ${table} limit 1`).columns() as { name: string }[]).map((c) => c.name);
      if (!cols.length) continue;
      const chunk = Math.max(1, Math.floor(60_000 / cols.length));
      let batch: Record<string, unknown>[] = [];
      const flush = async () => {
        if (!batch.length) return;
        await target.db
          .insertInto(table)
          .values(batch as never)
          .execute();
        rows += batch.length;
        batch = [];
      };
      let n = 0;
      for (const r of src.prepare(`select * from ${table}`).iterate() as Iterable<Record<string, unknown>>) {
        batch.push(r);
        if (batch.length >= chunk) await flush();
        if (++n % 500_000 === 0) note(`  copied ${n} rows of ${table}`);
      }
      await flush();
    }
    // Counters and sequences: nothing else in the schema is sequence-backed.
    await target.db.executeQuery({ sql: 'analyze', parameters: [] } as never);
  } finally {
    src.close();
    await target.close();
  }
  return { rows, ms: performance.now() - t0 };
}
