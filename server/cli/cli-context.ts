/**
 * What every CLI command shares: the --db option, opening the database (and refusing one that does not exist),
 * acting as a named user, JSON in and out, and turning errors into a Chinese line on stderr with an exit code.
 * Heavy modules (the database layer, the use cases) load inside the functions, so that `--help`, `--version`
 * and usage errors stay instant.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { AppDeps, UseCaseCtx } from '../app/context.ts';
import { AppError } from '../domain/errors.ts';
import { SYSTEM_ACTOR, type Actor } from '../domain/item.policy.ts';
import { Option, USAGE_EXIT } from './zh-command.ts';

/** Exit codes: 0 done; 1 an unexpected failure; 2 the input needs correcting; 3 the audit chain is broken. */
export const EXIT = { ok: 0, failure: 1, input: USAGE_EXIT, auditBroken: 3 } as const;

export const SYSTEM_CTX: UseCaseCtx = { actor: SYSTEM_ACTOR, requestId: null };

export function dbOption(): Option {
  return new Option(
    '--db <path>',
    '数据库文件路径或 postgres:// 连接串（默认同 npm start：安装目录下 data/xinfang.db）',
  );
}

/** Prints a JSON value on stdout (the only thing commands print there). */
export function out(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export interface DbTarget {
  db: string;
  keyFile: string;
  /** The attachment store (encrypted with the same key file). */
  filesDir: string;
}

/**
 * The database a command works on: --db, else XINFANG_DB, else the installation's data/xinfang.db. Unless the
 * command creates databases (migrate, serve, seed, restore), a SQLite file that does not exist is an error: a
 * typo must not silently create an empty database and a new key file.
 */
export async function resolveDb(dbOpt: string | undefined, opts: { create?: boolean } = {}): Promise<DbTarget> {
  const [{ loadConfig }, { isPostgresUrl }] = await Promise.all([import('../config.ts'), import('../store/db.ts')]);
  const cfg = loadConfig(process.env, dbOpt ? { db: dbOpt } : {});
  if (!opts.create && !isPostgresUrl(cfg.db) && cfg.db !== ':memory:' && !existsSync(cfg.db)) {
    const from = dbOpt ? '--db 指定的' : process.env.XINFANG_DB ? '环境变量 XINFANG_DB 指定的' : '默认的';
    throw new AppError(
      'NOT_FOUND',
      `${from}数据库文件不存在：${cfg.db}。请检查路径；要新建数据库，请先运行 xinfang migrate --db ${cfg.db}`,
    );
  }
  return { db: cfg.db, keyFile: cfg.keyFile, filesDir: cfg.filesDir };
}

/** Opens the database selected by --db (see {@link resolveDb}), runs fn, and closes it afterwards. */
export async function withDeps<T>(
  dbOpt: string | undefined,
  fn: (deps: AppDeps) => Promise<T>,
  opts: { create?: boolean } = {},
): Promise<T> {
  const target = await resolveDb(dbOpt, opts);
  const { openApp } = await import('../compose.ts');
  const app = await openApp(target.db, target.keyFile);
  try {
    return await fn(app.deps);
  } finally {
    await app.close();
  }
}

/** The use-case context of `--as <username>` (the system when no user is named). */
export async function actorOf(deps: AppDeps, username: string | undefined): Promise<UseCaseCtx> {
  if (!username) return SYSTEM_CTX;
  const { userByName } = await import('../store/user.store.ts');
  const u = await userByName(deps.db, username);
  if (!u) throw new AppError('UNKNOWN_USER', `用户 ${username} 不存在`);
  const actor: Actor = {
    userId: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    unitId: u.unitId,
  };
  return { actor, requestId: null };
}

/** Parses JSON from a file (or standard input for "-"), naming what is wrong. */
export function readJsonFile(file: string): unknown {
  if (file !== '-' && !existsSync(file)) throw new AppError('NOT_FOUND', `文件不存在：${file}`);
  return parseJson(
    file === '-' ? readFileSync(0, 'utf8') : readFileSync(file, 'utf8'),
    file === '-' ? '标准输入' : file,
  );
}

/** Parses JSON text; `what` names its source in the error. */
export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new AppError('BAD_JSON', `${what} 不是有效的 JSON：${(e as Error).message}`);
  }
}

/** The last line of defence: a Chinese message on stderr and the exit code for it. */
export async function reportError(err: unknown): Promise<void> {
  if (err instanceof AppError) {
    process.stderr.write(`错误 [${err.code}]：${err.message}\n`);
    process.exitCode = EXIT.input;
  } else if (err && typeof err === 'object' && 'issues' in err) {
    const { zodMessage } = await import('../../contract/zod-message.ts');
    process.stderr.write(`错误 [VALIDATION]：${zodMessage(err as never)}\n`);
    process.exitCode = EXIT.input;
  } else {
    process.stderr.write(`错误：${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = EXIT.failure;
  }
}
