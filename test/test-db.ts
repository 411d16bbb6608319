import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import type { AppDeps } from '../server/app/context.ts';
import { ensureReferenceData } from '../server/app/bootstrap.ts';
import { loadOrCreateKeyring } from '../server/crypto/keyring.ts';
import { createAuditKeys, createPiiCodec } from '../server/crypto/pii-codec.ts';
import { hashPassword } from '../server/crypto/password-hash.ts';
import type { Role } from '../contract/enums.ts';
import { migrate, openDb } from '../server/store/db.ts';
import { insertUnit } from '../server/store/reference.store.ts';
import { insertUser } from '../server/store/user.store.ts';
import { PG_SCHEMA_TOKEN, TEMPLATE_DIR_ENV } from './run-templates.ts';

export type Dialect = 'sqlite' | 'postgres';

/** The dialects the store suite runs on: SQLite always, PostgreSQL when XINFANG_TEST_PG_URL is set. */
export function dialects(): Dialect[] {
  return process.env.XINFANG_TEST_PG_URL ? ['sqlite', 'postgres'] : ['sqlite'];
}

/**
 * A fresh schema in the test PostgreSQL database: its URL (search_path set) and how to drop it. Empty, or
 * created by `script` (a pg_dump of a template schema whose name is PG_SCHEMA_TOKEN).
 */
export async function makePgSchema(script?: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = process.env.XINFANG_TEST_PG_URL!;
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(script ? script.replaceAll(PG_SCHEMA_TOKEN, schema) : `create schema ${schema}`);
  } finally {
    await admin.end();
  }
  // %20, not '+': libpq (pg_dump) does not read '+' as a space.
  const url = `${base}${base.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  return {
    url,
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    },
  };
}

export interface TestEnv {
  deps: AppDeps;
  /** Moves the test clock (Beijing date at 10:00). */
  setToday(date: string): void;
  dir: string;
  dbTarget: string;
  keyFile: string;
  close(): Promise<void>;
}

/**
 * A second application instance on the test environment's database: its own connection (SQLite) or pool
 * (PostgreSQL), the same keys and clock, its own id source.
 */
export function secondInstance(env: TestEnv): { deps: AppDeps; close: () => Promise<void> } {
  const opened = openDb(env.dbTarget);
  return { deps: { ...env.deps, db: opened.db, newId: () => randomUUID() }, close: () => opened.close() };
}

let pgScript: string | null | undefined;

/** The run's template folder (see test/run-templates.ts), set by scripts/test.mjs; null when run otherwise. */
function templateFile(name: string): string | null {
  const dir = process.env[TEMPLATE_DIR_ENV];
  const file = dir ? join(dir, name) : null;
  return file && existsSync(file) ? file : null;
}

/** The run's PostgreSQL template script (read once per process), or null. */
function pgTemplateScript(): string | null {
  if (pgScript === undefined) {
    const file = templateFile('pg.sql');
    pgScript = file ? readFileSync(file, 'utf8') : null;
  }
  return pgScript;
}

/**
 * A fresh, migrated database with reference data: a temp SQLite file, or a fresh schema in the test
 * PostgreSQL database. The clock is controlled by the test. Under scripts/test.mjs it is a copy of the run's
 * template (migrated once per run), otherwise migrated here.
 */
export async function makeTestEnv(dialect: Dialect = 'sqlite', today = '2025-09-26'): Promise<TestEnv> {
  const dir = mkdtempSync(join(tmpdir(), 'xinfang-test-'));
  let target = join(dir, 'test.db');
  let dropSchema: (() => Promise<void>) | null = null;
  const template = dialect === 'postgres' ? pgTemplateScript() : templateFile('sqlite.db');
  if (dialect === 'postgres') {
    const pgSchema = await makePgSchema(template ?? undefined);
    target = pgSchema.url;
    dropSchema = pgSchema.drop;
  } else if (template) copyFileSync(template, target);
  const opened = openDb(target);
  if (!template) {
    await migrate(opened.db);
    await ensureReferenceData(opened.db);
  }
  const keyFile = join(dir, 'keys.json');
  let now = new Date(`${today}T02:00:00Z`);
  const keyring = loadOrCreateKeyring(keyFile);
  const deps: AppDeps = {
    db: opened.db,
    dialect,
    codec: createPiiCodec(keyring, keyFile),
    auditKeys: createAuditKeys(keyring, keyFile),
    clock: () => now,
    newId: () => randomUUID(),
  };
  return {
    deps,
    dir,
    dbTarget: target,
    keyFile,
    setToday(date: string) {
      now = new Date(`${date}T02:00:00Z`);
    },
    async close() {
      await opened.close();
      if (dropSchema) await dropSchema();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const TEST_PASSWORD = 'Test@2025pass';
let cachedHash: string | null = null;

/** Inserts units and one user per role for tests; returns their ids. */
export async function seedPeople(deps: AppDeps) {
  cachedHash ??= await hashPassword(TEST_PASSWORD);
  const now = deps.clock().toISOString();
  const unit = async (name: string, inside = true) => {
    const id = randomUUID();
    await insertUnit(deps.db, { id, name, parentId: null, insideDistrict: inside, kind: '部门', sort: 0 }, now);
    return id;
  };
  const zjj = await unit('区住建局');
  const scj = await unit('区市场监管局');
  const outside = await unit('市住房公积金中心', false);
  const user = async (username: string, role: Role, unitId: string | null = null) => {
    const id = randomUUID();
    await insertUser(deps.db, { id, username, displayName: username, role, unitId, passwordHash: cachedHash! }, now);
    return { userId: id, username, displayName: username, role, unitId };
  };
  return {
    units: { zjj, scj, outside },
    users: {
      registrar: await user('dengji', 'registrar'),
      reviewer: await user('shenhe', 'reviewer'),
      zjjHandler: await user('zjj_jb', 'unit_handler', zjj),
      zjjHead: await user('zjj_fz', 'unit_head', zjj),
      scjHandler: await user('scj_jb', 'unit_handler', scj),
      leader: await user('lingdao', 'leader'),
      admin: await user('admin', 'admin'),
      auditor: await user('shenji', 'auditor'),
    },
  };
}

/** Adds the security administrator `anquan` (seedPeople has none), with the test password. */
export async function addSecurityAdmin(deps: AppDeps, id = 'sec-1'): Promise<string> {
  cachedHash ??= await hashPassword(TEST_PASSWORD);
  await insertUser(
    deps.db,
    {
      id,
      username: 'anquan',
      displayName: '安全管理员',
      role: 'security_admin',
      unitId: null,
      passwordHash: cachedHash,
    },
    deps.clock().toISOString(),
  );
  return id;
}
