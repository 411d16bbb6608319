import {
  CompiledQuery,
  sql,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
} from 'kysely';
import type { Db, Trx } from './db.ts';
import type { Database } from './schema.ts';

/**
 * A driver that runs every query on one open transaction and turns each `transaction()` opened on top of it into
 * a savepoint: code written to own its transaction keeps doing so, and all of it commits (or rolls back) once.
 */
class SavepointDriver implements Driver {
  #next = 0;
  readonly #names = new WeakMap<DatabaseConnection, string[]>();
  readonly #connection: DatabaseConnection;

  constructor(outer: Trx) {
    this.#connection = {
      executeQuery: <R>(q: CompiledQuery) => outer.executeQuery(q) as Promise<QueryResult<R>>,
      // Nothing below needs row streaming on this path; serve the rows in one chunk rather than refuse.
      async *streamQuery<R>(q: CompiledQuery) {
        yield (await outer.executeQuery(q)) as QueryResult<R>;
      },
    };
  }

  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return this.#connection;
  }
  async beginTransaction(conn: DatabaseConnection): Promise<void> {
    const name = `nested_${++this.#next}`;
    const stack = this.#names.get(conn) ?? [];
    stack.push(name);
    this.#names.set(conn, stack);
    await conn.executeQuery(CompiledQuery.raw(`savepoint ${name}`));
  }
  async commitTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw(`release savepoint ${this.#pop(conn)}`));
  }
  async rollbackTransaction(conn: DatabaseConnection): Promise<void> {
    const name = this.#pop(conn);
    await conn.executeQuery(CompiledQuery.raw(`rollback to savepoint ${name}`));
    await conn.executeQuery(CompiledQuery.raw(`release savepoint ${name}`));
  }
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {}

  #pop(conn: DatabaseConnection): string {
    const name = this.#names.get(conn)?.pop();
    if (!name) throw new Error('savepoint stack is empty');
    return name;
  }
}

function savepointDialect(outer: Trx, dialect: 'sqlite' | 'postgres'): Dialect {
  const pg = dialect === 'postgres';
  return {
    createAdapter: () => (pg ? new PostgresAdapter() : new SqliteAdapter()),
    createDriver: () => new SavepointDriver(outer),
    createIntrospector: (db) => (pg ? new PostgresIntrospector(db) : new SqliteIntrospector(db)),
    createQueryCompiler: () => (pg ? new PostgresQueryCompiler() : new SqliteQueryCompiler()),
  };
}

export interface OneTransactionOptions {
  /**
   * SQLite only: the page cache (MiB) while the transaction runs, so that a large write keeps its pages in memory
   * instead of spilling them to the log before the commit. The connection's own setting returns afterwards.
   */
  sqliteCacheMiB?: number;
}

/**
 * Runs `fn` inside one transaction of `db`. The handle `fn` receives behaves like a database: reads and writes
 * go into that transaction, and each `transaction()` it opens becomes a savepoint. Thousands of small use cases
 * (each owning its transaction) then cost one commit instead of thousands, and either all of them stay or none.
 * Calls on the handle must not overlap (use cases awaited one after another), as on any single connection.
 */
export async function inOneTransaction<T>(
  db: Db,
  dialect: 'sqlite' | 'postgres',
  fn: (db: Db) => Promise<T>,
  opts: OneTransactionOptions = {},
): Promise<T> {
  const run = () =>
    db.transaction().execute(async (trx) => {
      const nested = new Kysely<Database>({ dialect: savepointDialect(trx, dialect) });
      return fn(nested);
    });
  const mib = opts.sqliteCacheMiB;
  if (dialect !== 'sqlite' || !mib) return run();
  const before = (await sql<{ cache_size: number }>`pragma cache_size`.execute(db)).rows[0]?.cache_size ?? -2000;
  await sql.raw(`pragma cache_size = ${-Math.round(mib * 1024)}`).execute(db);
  try {
    return await run();
  } finally {
    await sql.raw(`pragma cache_size = ${Math.trunc(Number(before))}`).execute(db);
  }
}
