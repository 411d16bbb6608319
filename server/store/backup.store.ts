import { sql } from 'kysely';
import type { Db } from './db.ts';

/** SQLite's `VACUUM INTO`: a transactionally consistent copy of the open database, written to `file`. */
export async function vacuumInto(db: Db, file: string): Promise<void> {
  await sql`vacuum into ${file}`.execute(db);
}
