import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { makeTestEnv, type TestEnv } from '../../test/test-db.ts';
import { sqliteIntegrity } from '../app/backup.ts';
import { scheduleDailyBackup } from './daily-backup.job.ts';

describe('daily backup job', () => {
  let env: TestEnv;
  before(async () => {
    env = await makeTestEnv('sqlite', '2025-09-26');
  });
  after(async () => env.close());

  it("writes today's backup once and keeps only the newest copies", async () => {
    const dir = join(env.dir, 'backups');
    // Older backups from earlier days, one of which must be pruned.
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'xinfang-2025-09-24.db'), 'old');
    writeFileSync(join(dir, 'xinfang-2025-09-25.db'), 'old');
    const stop = scheduleDailyBackup(env.deps, { dir, keep: 2, log: null, firstDelayMs: 5 });
    for (let i = 0; i < 100 && !existsSync(join(dir, 'xinfang-2025-09-26.db')); i++)
      await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 100));
    stop();
    const files = readdirSync(dir)
      .filter((f) => f.startsWith('xinfang-'))
      .sort();
    assert.deepEqual(files, ['xinfang-2025-09-25.db', 'xinfang-2025-09-26.db']);
    assert.equal(sqliteIntegrity(join(dir, 'xinfang-2025-09-26.db')), 'ok');
  });
});
