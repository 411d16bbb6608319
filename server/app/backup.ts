import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { AppError } from '../domain/errors.ts';
import { ensurePrivateDir, touchPrivateFile } from '../files/private-files.ts';
import type { Db } from '../store/db.ts';

/** Runs SQLite's integrity check on a database file (read-only). */
export function sqliteIntegrity(file: string): string {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    return String((db.pragma('integrity_check', { simple: true }) as string) ?? 'unknown');
  } finally {
    db.close();
  }
}

/**
 * Takes a consistent online backup while the server keeps serving: `VACUUM INTO` on SQLite (a transactionally
 * consistent copy), `pg_dump -Fc` on PostgreSQL. The copy is written beside the target and renamed into place,
 * so a crash never leaves a half-written backup under the final name.
 */
export async function backupDatabase(
  db: Db,
  dialect: 'sqlite' | 'postgres',
  target: string,
  pgUrl?: string,
): Promise<{ file: string; bytes: number; check: string }> {
  ensurePrivateDir(dirname(target));
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  rmSync(tmp, { force: true });
  // Created empty as 0600 first: VACUUM INTO and pg_dump write into it and keep the mode.
  touchPrivateFile(tmp);
  if (dialect === 'sqlite') {
    await sql`vacuum into ${tmp}`.execute(db);
    const check = sqliteIntegrity(tmp);
    if (check !== 'ok') throw new AppError('INTERNAL', `备份文件完整性检查未通过：${check}`);
    renameSync(tmp, target);
    return { file: target, bytes: statSync(target).size, check };
  }
  const r = spawnSync('pg_dump', ['-Fc', '-f', tmp, pgUrl!], { encoding: 'utf8' });
  if (r.status !== 0) throw new AppError('INTERNAL', `pg_dump 失败：${r.stderr || r.error?.message}`);
  renameSync(tmp, target);
  return { file: target, bytes: statSync(target).size, check: 'pg_dump ok' };
}

/**
 * Restores a backup: on SQLite the file is checked, copied beside the database and renamed over it (stop the
 * server first; its WAL files are removed); on PostgreSQL `pg_restore --clean` loads the dump.
 */
export function restoreDatabase(
  from: string,
  dialect: 'sqlite' | 'postgres',
  target: string,
  force: boolean,
): { restored: string } {
  if (!existsSync(from)) throw new AppError('NOT_FOUND', `备份文件 ${from} 不存在`);
  if (dialect === 'postgres') {
    const r = spawnSync('pg_restore', ['--clean', '--if-exists', '--no-owner', '-d', target, from], {
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new AppError('INTERNAL', `pg_restore 失败：${r.stderr || r.error?.message}`);
    return { restored: 'postgres' };
  }
  const check = sqliteIntegrity(from);
  if (check !== 'ok') throw new AppError('VALIDATION', `备份文件已损坏，未恢复：${check}`);
  if (existsSync(target) && !force)
    throw new AppError('CONFLICT', `目标数据库 ${target} 已存在；确认覆盖请加 --force（请先停止服务）`);
  ensurePrivateDir(dirname(target));
  const tmp = `${target}.restore.tmp`;
  copyFileSync(from, tmp);
  chmodSync(tmp, 0o600);
  for (const ext of ['-wal', '-shm']) rmSync(`${target}${ext}`, { force: true });
  renameSync(tmp, target);
  return { restored: target };
}

/** Deletes all but the newest `keep` backups named `xinfang-YYYY-MM-DD.*` in a folder. */
export function pruneBackups(dir: string, keep: number): string[] {
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir)
    .filter((f) => /^xinfang-\d{4}-\d{2}-\d{2}\.(db|dump)$/.test(f))
    .sort();
  const drop = files.slice(0, Math.max(0, files.length - keep));
  for (const f of drop) rmSync(join(dir, f), { force: true });
  return drop;
}
