import assert from 'node:assert/strict';
import { test } from 'node:test';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { withStatementCache } from './db.ts';

// The kept prepared statements are a SQLite connection's (PostgreSQL has no counterpart here): SQLite only.
interface T {
  t: { id: number; v: string };
}

function open(size?: number) {
  const raw = new SQLite(':memory:');
  const db = new Kysely<T>({ dialect: new SqliteDialect({ database: withStatementCache(raw, size) }) });
  return db;
}

test('a kept statement answers each call with its own parameters', async () => {
  const db = open();
  await sql`create table t (id integer primary key, v text)`.execute(db);
  for (let i = 1; i <= 5; i++)
    await db
      .insertInto('t')
      .values({ id: i, v: `v${i}` })
      .execute();
  for (const id of [3, 1, 5, 2]) {
    const row = await db.selectFrom('t').select('v').where('id', '=', id).executeTakeFirst();
    assert.equal(row?.v, `v${id}`);
  }
  assert.equal((await db.selectFrom('t').select('id').where('id', '=', 9).executeTakeFirst()) ?? null, null);
  await db.destroy();
});

test('a statement still being iterated is not handed out again until it is done', () => {
  const raw = new SQLite(':memory:');
  const conn = withStatementCache(raw);
  raw.exec('create table t (id integer primary key, v text)');
  for (let i = 1; i <= 4; i++) raw.prepare('insert into t values (?, ?)').run(i, `v${i}`);
  const text = 'select v from t order by id';
  const first = conn.prepare(text);
  assert.equal(conn.prepare(text), first, 'kept between calls');
  const it = first.iterate([]) as IterableIterator<{ v: string }>;
  assert.equal(it.next().value?.v, 'v1');
  const during = conn.prepare(text);
  assert.notEqual(during, first, 'a busy statement gets a fresh twin');
  assert.deepEqual(
    (during.all([]) as { v: string }[]).map((r) => r.v),
    ['v1', 'v2', 'v3', 'v4'],
  );
  assert.deepEqual(
    [...it].map((r) => r.v),
    ['v2', 'v3', 'v4'],
  );
  assert.equal(conn.prepare(text), first, 'and the kept one again once done');
  conn.close();
});

test('a kept statement follows a schema change, and more queries than kept stay right', async () => {
  const db = open(3);
  await sql`create table t (id integer primary key, v text)`.execute(db);
  await db.insertInto('t').values({ id: 1, v: 'a' }).execute();
  const all = () => sql<Record<string, unknown>>`select * from t`.execute(db);
  assert.deepEqual((await all()).rows, [{ id: 1, v: 'a' }]);
  await sql`alter table t add column w text default 'x'`.execute(db);
  assert.deepEqual((await all()).rows, [{ id: 1, v: 'a', w: 'x' }]);
  for (let i = 0; i < 10; i++) {
    const r = await sql<{ n: number }>`select ${sql.lit(i)} + count(*) as n from t`.execute(db);
    assert.equal(r.rows[0]?.n, i + 1);
  }
  assert.deepEqual((await all()).rows, [{ id: 1, v: 'a', w: 'x' }]);
  await db.destroy();
});
