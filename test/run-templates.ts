/**
 * Run-wide database templates for the test suite. Migrating a fresh database and loading its reference data
 * (taxonomy, work calendar) costs about half a second on SQLite and several seconds on PostgreSQL, and every
 * test environment needs the same result: scripts/test.mjs builds it once per run into a folder named by
 * XINFANG_TEST_TEMPLATE_DIR, and makeTestEnv (test/test-db.ts) copies it instead of migrating again.
 *
 * - `sqlite.db`: a migrated SQLite file with reference data, copied per environment.
 * - `pg.sql`: the same schema and rows on PostgreSQL as a pg_dump script whose schema name is PG_SCHEMA_TOKEN;
 *   replayed into a fresh schema per environment. Written only when the test database and pg_dump are there.
 *
 * Usage: node --import tsx test/run-templates.ts <folder>
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { ensureReferenceData } from '../server/app/bootstrap.ts';
import { migrate, openDb } from '../server/store/db.ts';

export const TEMPLATE_DIR_ENV = 'XINFANG_TEST_TEMPLATE_DIR';
/** Stands for the schema name in pg.sql; replaced by the fresh schema's name before the script runs. */
export const PG_SCHEMA_TOKEN = '__xinfang_template_schema__';

/** Migrates a database at `target` and loads its reference data, as makeTestEnv did for every environment. */
async function prepare(target: string): Promise<void> {
  const opened = openDb(target);
  try {
    await migrate(opened.db);
    await ensureReferenceData(opened.db);
  } finally {
    await opened.close();
  }
}

async function buildSqlite(dir: string): Promise<void> {
  const file = join(dir, 'sqlite.db');
  await prepare(file);
  // Closing the last connection checkpoints the WAL into the file: the copy must not need a -wal beside it.
  if (existsSync(`${file}-wal`)) throw new Error('SQLite 模板数据库关闭后仍有 WAL 文件');
}

async function buildPostgres(dir: string, base: string): Promise<string | null> {
  const probe = spawnSync('pg_dump', ['--version'], { encoding: 'utf8' });
  if (probe.status !== 0) return '未找到 pg_dump：PostgreSQL 测试环境逐个迁移建库';
  const schema = `t_tpl_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`create schema ${schema}`);
    const sep = base.includes('?') ? '&' : '?';
    await prepare(`${base}${sep}options=${encodeURIComponent(`-c search_path=${schema}`)}`);
    const r = spawnSync(
      'pg_dump',
      [`--schema=${schema}`, '--no-owner', '--no-privileges', '--inserts', '--rows-per-insert=500', base],
      { encoding: 'utf8', maxBuffer: 1 << 28 },
    );
    if (r.status !== 0) return `pg_dump 失败：${r.stderr}`;
    // psql meta-commands (\restrict …) are not SQL; the random schema name occurs nowhere else in the dump.
    const script = r.stdout
      .split('\n')
      .filter((l) => !l.startsWith('\\'))
      .join('\n')
      .replaceAll(schema, PG_SCHEMA_TOKEN);
    writeFileSync(join(dir, 'pg.sql'), script);
    return null;
  } finally {
    await admin.query(`drop schema if exists ${schema} cascade`).catch(() => {});
    await admin.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: run-templates.ts <folder>');
  mkdirSync(dir, { recursive: true });
  await buildSqlite(dir);
  const base = process.env.XINFANG_TEST_PG_URL;
  if (base) {
    const why = await buildPostgres(dir, base);
    if (why) console.log(`# ${why}`);
  }
}
