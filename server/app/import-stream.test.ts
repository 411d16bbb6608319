import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { csvOf, importRows } from '../../test/import-fixture.ts';
import { dialects, makeTestEnv, type TestEnv } from '../../test/test-db.ts';
import { AppError } from '../domain/errors.ts';
import { SYSTEM_ACTOR } from '../domain/item.policy.ts';
import { countItems } from '../store/import.store.ts';
import { importItems, type ImportPhase } from './import-items.ts';
import { tableFile } from './import-table.ts';

const ctx = { actor: SYSTEM_ACTOR, requestId: null };

for (const dialect of dialects()) {
  describe(`streamed import across many batches (${dialect})`, () => {
    let env: TestEnv;
    before(async () => {
      env = await makeTestEnv(dialect, '2025-09-26');
    });
    after(async () => env.close());

    it('a bad last row stops a file of several batches; fixed, every batch is written', async () => {
      const rows = importRows(35, '流');
      rows[34]!.信访形式 = '飞鸽';
      const file = join(env.dir, 'stream.csv');
      writeFileSync(file, csvOf(rows));
      const refused = await importItems(env.deps, ctx, tableFile(file), { batchSize: 10, createUnits: true });
      assert.equal(refused.ok, false);
      assert.equal(refused.rows, 35);
      assert.deepEqual(
        refused.problems.map((p) => [p.row, p.column]),
        [[36, '信访形式']],
      );
      assert.match(refused.problems[0]!.reason, /飞鸽/);
      assert.equal(await countItems(env.deps.db), 0, 'nothing of the earlier batches is written');

      rows[34]!.信访形式 = '来信';
      writeFileSync(file, csvOf(rows));
      const progress: [number, number, ImportPhase][] = [];
      const audits = async () =>
        (await env.deps.db.selectFrom('audit_log').select('detail').where('action', '=', 'item.import').execute())
          .length;
      const auditBefore = await audits();
      const done = await importItems(env.deps, ctx, tableFile(file), {
        batchSize: 10,
        createUnits: true,
        onProgress: (d, t, phase) => progress.push([d, t, phase]),
      });
      assert.equal(done.ok, true);
      assert.equal(done.created, 35);
      assert.equal(await countItems(env.deps.db), 35);
      assert.deepEqual(
        progress.filter((p) => p[2] === 'write'),
        [
          [10, 35, 'write'],
          [20, 35, 'write'],
          [30, 35, 'write'],
          [35, 35, 'write'],
        ],
      );
      assert.equal((await audits()) - auditBefore, 4, 'one audit event per batch');
      const last = await env.deps.db
        .selectFrom('items')
        .select(['channel', 'seq'])
        .where('number', '=', rows[34]!.信访件编号!)
        .executeTakeFirstOrThrow();
      assert.equal(last.channel, '来信');
      const seqs = (await env.deps.db.selectFrom('items').select('seq').execute()).map((r) => Number(r.seq));
      assert.equal(new Set(seqs).size, 35, 'every new item has its own registration sequence');
    });

    it('skipInvalid writes the good rows of every batch and lists the bad ones', async () => {
      const rows = importRows(25, '跳');
      rows[3]!.登记日期 = '2025-02-30';
      rows[21]!.人数 = '零';
      const file = join(env.dir, 'skip.csv');
      writeFileSync(file, csvOf(rows));
      const before = await countItems(env.deps.db);
      const r = await importItems(env.deps, ctx, tableFile(file), {
        batchSize: 7,
        skipInvalid: true,
        createUnits: true,
      });
      assert.equal(r.ok, true);
      assert.equal(r.created, 23);
      assert.equal(r.skipped, 2);
      assert.deepEqual(
        r.problems.map((p) => [p.row, p.column]),
        [
          [5, '登记日期'],
          [23, '人数'],
        ],
      );
      assert.equal((await countItems(env.deps.db)) - before, 23);
    });
  });
}

describe('streamed CSV reading', () => {
  it('an unclosed quote is refused with the place to fix, in Chinese', async () => {
    const env = await makeTestEnv('sqlite');
    try {
      const file = join(env.dir, 'quote.csv');
      writeFileSync(file, '信访件编号,登记日期,信访形式\r\nA1,2025-03-01,来信\r\nA2,"2025-03-02,来信\r\n');
      await assert.rejects(
        importItems(env.deps, ctx, tableFile(file), { createUnits: true }),
        (e: unknown) => e instanceof AppError && e.code === 'VALIDATION' && /未闭合的引号/.test(e.message),
      );
      assert.equal(await countItems(env.deps.db), 0);
    } finally {
      await env.close();
    }
  });

  it('blank lines are skipped and row numbers count records, as a spreadsheet shows them', async () => {
    const env = await makeTestEnv('sqlite');
    try {
      const file = join(env.dir, 'blank.csv');
      writeFileSync(file, '信访件编号,登记日期,信访形式,标题\n\nB1,2025-03-01,飞鸽,甲\n,,,\nB2,2025-03-40,来信,乙\n');
      const r = await importItems(env.deps, ctx, tableFile(file), { createUnits: true });
      assert.equal(r.rows, 2);
      assert.deepEqual(
        r.problems.map((p) => [p.row, p.column]),
        [
          [3, '信访形式'],
          [5, '登记日期'],
        ],
      );
    } finally {
      await env.close();
    }
  });
});
