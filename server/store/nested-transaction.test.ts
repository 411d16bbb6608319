import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { dialects, makeTestEnv } from '../../test/test-db.ts';
import type { Db } from './db.ts';
import { inOneTransaction } from './nested-transaction.ts';
import { insertUnit, listUnits } from './reference.store.ts';

const NOW = '2025-09-26T02:00:00.000Z';

async function addUnit(db: Db, name: string): Promise<void> {
  await insertUnit(db, { id: `u-${name}`, name, parentId: null, insideDistrict: true, kind: '部门', sort: 0 }, NOW);
}

/** A use case that owns its transaction, as the real ones do. */
async function ownTransaction(db: Db, name: string, fail = false): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await insertUnit(trx, { id: `u-${name}`, name, parentId: null, insideDistrict: true, kind: '部门', sort: 0 }, NOW);
    if (fail) throw new Error(`fail ${name}`);
  });
}

for (const dialect of dialects()) {
  describe(`inOneTransaction (${dialect})`, () => {
    it('commits the work of many self-owned transactions together', async () => {
      const env = await makeTestEnv(dialect);
      try {
        const seen = await inOneTransaction(env.deps.db, dialect, async (db) => {
          await ownTransaction(db, '甲');
          await ownTransaction(db, '乙');
          await addUnit(db, '丙');
          return (await listUnits(db)).map((u) => u.name).sort();
        });
        assert.deepEqual(seen, ['丙', '乙', '甲'].sort(), 'the handle reads its own writes');
        assert.deepEqual((await listUnits(env.deps.db)).map((u) => u.name).sort(), ['丙', '乙', '甲'].sort());
      } finally {
        await env.close();
      }
    });

    it('rolls back only the failed inner transaction when the caller catches it', async () => {
      const env = await makeTestEnv(dialect);
      try {
        await inOneTransaction(env.deps.db, dialect, async (db) => {
          await ownTransaction(db, '甲');
          await assert.rejects(ownTransaction(db, '乙', true), /fail 乙/);
          await ownTransaction(db, '丙');
        });
        assert.deepEqual((await listUnits(env.deps.db)).map((u) => u.name).sort(), ['丙', '甲'].sort());
      } finally {
        await env.close();
      }
    });

    it('leaves nothing behind when the whole run fails', async () => {
      const env = await makeTestEnv(dialect);
      try {
        await assert.rejects(
          inOneTransaction(env.deps.db, dialect, async (db) => {
            await ownTransaction(db, '甲');
            await ownTransaction(db, '乙');
            throw new Error('stop');
          }),
          /stop/,
        );
        assert.deepEqual(await listUnits(env.deps.db), []);
      } finally {
        await env.close();
      }
    });
  });
}

describe('inOneTransaction (sqlite page cache)', () => {
  it('enlarges the cache for the run and restores the connection setting afterwards', async () => {
    const env = await makeTestEnv('sqlite');
    const cacheSize = async (db: Db) =>
      Number((await sql<{ cache_size: number }>`pragma cache_size`.execute(db)).rows[0]?.cache_size);
    try {
      const before = await cacheSize(env.deps.db);
      const during = await inOneTransaction(env.deps.db, 'sqlite', (db) => cacheSize(db), { sqliteCacheMiB: 64 });
      assert.equal(during, -64 * 1024);
      assert.equal(await cacheSize(env.deps.db), before);
      await assert.rejects(
        inOneTransaction(
          env.deps.db,
          'sqlite',
          async () => {
            throw new Error('stop');
          },
          { sqliteCacheMiB: 64 },
        ),
      );
      assert.equal(await cacheSize(env.deps.db), before, 'restored after a failed run too');
    } finally {
      await env.close();
    }
  });
});
