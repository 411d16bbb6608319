import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pg from 'pg';
import { dialects, makePgSchema, makeTestEnv } from '../../test/test-db.ts';
import { migrate, openDb } from './db.ts';
import { listUnits } from './reference.store.ts';

const onPg = dialects().includes('postgres');

describe('migrate', () => {
  it('sets up a PostgreSQL schema while another schema of the same database already holds an installation', {
    skip: onPg ? false : 'XINFANG_TEST_PG_URL is not set',
  }, async () => {
    // Each env is its own schema in the one test database; the first stays migrated while the second starts.
    const first = await makeTestEnv('postgres');
    try {
      const second = await makeTestEnv('postgres');
      try {
        assert.deepEqual(await listUnits(second.deps.db), []);
        assert.deepEqual(await migrate(second.deps.db), [], 'a second run finds nothing left to do');
      } finally {
        await second.close();
      }
    } finally {
      await first.close();
    }
  });

  it('migrates a fresh schema while tables of other schemas are created and dropped beside it', {
    skip: onPg ? false : 'XINFANG_TEST_PG_URL is not set',
  }, async () => {
    // Another installation's upgrade, or another test dropping its schema, in the same database. The migrator's
    // look-ups must not read (and resolve by name) tables of other schemas, which may vanish under them.
    const churn = await makePgSchema();
    const client = new pg.Client({ connectionString: churn.url });
    await client.connect();
    let stop = false;
    let churned = 0;
    const churning = (async () => {
      while (!stop) {
        // Two statements, two transactions: the table is there for a moment, then gone.
        await client.query('create table c (a serial primary key, b text, c text, d text)');
        await client.query('drop table c');
        churned++;
      }
    })();
    try {
      for (let round = 0; round < 6; round++) {
        const fresh = await makePgSchema();
        const opened = openDb(fresh.url);
        try {
          const before = churned;
          const names = await migrate(opened.db);
          assert.ok(names.length > 30, `every migration ran (${names.length})`);
          assert.ok(churned > before, 'tables were dropped beside the migration');
        } finally {
          await opened.close();
          await fresh.drop();
        }
      }
    } finally {
      stop = true;
      await churning;
      await client.end();
      await churn.drop();
    }
  });

  it('is idempotent', async () => {
    const env = await makeTestEnv('sqlite');
    try {
      assert.deepEqual(await migrate(env.deps.db), []);
    } finally {
      await env.close();
    }
  });
});
