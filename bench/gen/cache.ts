/**
 * Generated districts are cached by (items, seed, today, generator version) under bench/.cache (git-ignored),
 * so a rerun of the same size starts at once. A run works on a copy, which is brought to the current schema by
 * the product's own migrations (as an upgrade would bring a real database), so a new migration does not force
 * a district to be generated again. Bump GENERATOR_VERSION when the generated rows themselves change.
 */
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openApp } from '../../server/compose.ts';
import { note } from '../scale/emit.ts';
import { generateDistrict } from './bulk.ts';
import { loadTextPool } from './plan.ts';

/** Bump when the generator's output changes, so that old caches are not reused. */
export const GENERATOR_VERSION = 2;
export const CACHE_DIR = fileURLToPath(new URL('../.cache/', import.meta.url));

export interface District {
  db: string;
  keyFile: string;
  items: number;
  seed: number;
  today: string;
}

export function cacheKey(items: number, seed: number, today: string): string {
  return `district-n${items}-s${seed}-t${today}-g${GENERATOR_VERSION}`;
}

/** The cached district of this size, generated first when missing (progress on stderr). */
export async function ensureDistrict(items: number, seed: number, today: string): Promise<District> {
  mkdirSync(CACHE_DIR, { recursive: true });
  const key = cacheKey(items, seed, today);
  const db = join(CACHE_DIR, `${key}.db`);
  const keyFile = join(CACHE_DIR, `${key}.keys.json`);
  if (existsSync(db) && existsSync(keyFile)) {
    note(`using cached district ${key} (${(statSync(db).size / 1e6).toFixed(0)} MB)`);
    return { db, keyFile, items, seed, today };
  }
  const tmp = join(CACHE_DIR, `${key}.building-${process.pid}`);
  rmSync(`${tmp}.db`, { force: true });
  const app = await openApp(`${tmp}.db`, `${tmp}.keys.json`, () => new Date(`${today}T02:00:00Z`));
  const texts = loadTextPool();
  note(
    `generating ${items} items (seed ${seed}, today ${today}, ` +
      `texts: ${texts ? `${texts.rows} corpus rows` : 'generated'})…`,
  );
  const t0 = Date.now();
  let last = 0;
  const res = await generateDistrict(app.deps, {
    items,
    seed,
    today,
    texts,
    keyFile: `${tmp}.keys.json`,
    workers: 2,
    onProgress: (d, t) => {
      if (Date.now() - last < 2000 && d < t) return;
      last = Date.now();
      const s = (Date.now() - t0) / 1000;
      note(`  ${d}/${t} items, ${(d / s).toFixed(0)} items/s, ${s.toFixed(0)} s`);
    },
    onPhase: note,
  });
  await app.close();
  note(
    `generated ${res.items} items, ${res.events} timeline events, ${res.audit} audit events ` +
      `in ${(res.ms / 1000).toFixed(0)} s`,
  );
  renameSync(`${tmp}.keys.json`, keyFile);
  renameSync(`${tmp}.db`, db);
  rmSync(`${tmp}.db-wal`, { force: true });
  rmSync(`${tmp}.db-shm`, { force: true });
  return { db, keyFile, items, seed, today };
}

/**
 * A working copy of a cached district (runs register, import and index into it), migrated to the current
 * schema (progress on stderr: a migration that backfills a large district takes a while).
 */
export async function workCopy(d: District, dir: string): Promise<District> {
  mkdirSync(dir, { recursive: true });
  const db = join(dir, 'work.db');
  const keyFile = join(dir, 'work.keys.json');
  for (const s of ['', '-wal', '-shm']) rmSync(`${db}${s}`, { force: true });
  copyFileSync(d.db, db);
  copyFileSync(d.keyFile, keyFile);
  const t0 = Date.now();
  const app = await openApp(db, keyFile, () => new Date(`${d.today}T02:00:00Z`));
  await app.close();
  note(`working copy at the current schema in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  return { ...d, db, keyFile };
}
