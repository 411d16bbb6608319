import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dialects, makeTestEnv } from '../../test/test-db.ts';
import { migrate } from './db.ts';
import { listUnits } from './reference.store.ts';

const pg = dialects().includes('postgres');

describe('migrate', () => {
  it('sets up a PostgreSQL schema while another schema of the same database already holds an installation', {
    skip: pg ? false : 'XINFANG_TEST_PG_URL is not set',
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

  it('is idempotent', async () => {
    const env = await makeTestEnv('sqlite');
    try {
      assert.deepEqual(await migrate(env.deps.db), []);
    } finally {
      await env.close();
    }
  });
});
