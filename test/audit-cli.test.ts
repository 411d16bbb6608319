import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { openDb } from '../server/store/db.ts';
import { dialects, makePgSchema } from './test-db.ts';

const BIN = fileURLToPath(new URL('../bin/xinfang', import.meta.url));

/** `xinfang audit checkpoint` and `audit verify --anchor`: the procedure SECURITY.md describes, end to end. */
for (const dialect of dialects()) {
  describe(`bin/xinfang audit checkpoint / verify --anchor (${dialect})`, () => {
    let dir: string;
    let db: string;
    let dropSchema = async () => {};
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'xinfang-audit-cli-'));
      db = join(dir, 'cli.db');
      if (dialect === 'postgres') {
        const pgSchema = await makePgSchema();
        db = pgSchema.url;
        dropSchema = pgSchema.drop;
      }
    });
    after(async () => {
      await dropSchema();
      rmSync(dir, { recursive: true, force: true });
    });

    const cli = (args: string[]) => {
      const r = spawnSync(BIN, [...args, '--db', db], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, XINFANG_KEY_FILE: join(dir, 'keys.json') },
        timeout: 120_000,
      });
      return { code: r.status, out: r.stdout, err: r.stderr };
    };

    it('exports an anchor (0600), verifies against it, and catches a cut tail and an edited anchor', async () => {
      // A database is created on purpose (every other command refuses a path that does not exist).
      const migrated = cli(['migrate']);
      assert.equal(migrated.code, 0, migrated.out + migrated.err);
      for (const name of ['区城管局', '区水务局', '区文旅局']) {
        const added = cli(['unit', 'add', '--name', name]);
        assert.equal(added.code, 0, added.out + added.err);
      }
      const anchorFile = join(dir, 'anchor.json');
      const cp = cli(['audit', 'checkpoint', '--out', anchorFile]);
      assert.equal(cp.code, 0, cp.err);
      const anchor = JSON.parse(readFileSync(anchorFile, 'utf8'));
      assert.deepEqual(JSON.parse(cp.out), anchor);
      assert.equal(anchor.format, 'xinfang-audit-anchor');
      assert.equal(anchor.seq, 4, 'three units and the checkpoint itself');
      assert.match(anchor.hash, /^[0-9a-f]{64}$/);
      assert.match(anchor.mac, /^[0-9a-f]{64}$/);
      assert.equal(statSync(anchorFile).mode & 0o777, 0o600);
      const ok = cli(['audit', 'verify', '--anchor', anchorFile]);
      assert.equal(ok.code, 0, ok.out + ok.err);
      assert.equal(JSON.parse(ok.out).anchor.seq, 4);

      // The owner cuts the last two rows and puts back a head seal of the time before them.
      const o = openDb(db);
      try {
        const row2 = await o.db.selectFrom('audit_log').selectAll().where('seq', '=', 2).executeTakeFirstOrThrow();
        if (dialect === 'postgres') await sql`drop trigger audit_log_no_update on audit_log`.execute(o.db);
        else await sql`drop trigger audit_log_no_delete`.execute(o.db);
        await sql`delete from audit_log where seq > 2`.execute(o.db);
        await sql`update audit_head set seq = 2, hash = ${row2.hash}`.execute(o.db);
      } finally {
        await o.close();
      }
      const cut = cli(['audit', 'verify', '--anchor', anchorFile]);
      assert.equal(cut.code, 3);
      assert.notEqual(JSON.parse(cut.out).ok, true);
      writeFileSync(anchorFile, JSON.stringify({ ...anchor, seq: 2 }));
      const edited = cli(['audit', 'verify', '--anchor', anchorFile]);
      assert.equal(edited.code, 3);
      assert.equal(JSON.parse(edited.out).reason, 'anchor_invalid');
      const missing = cli(['audit', 'verify', '--anchor', join(dir, 'nope.json')]);
      assert.equal(missing.code, 2);
      assert.match(missing.err, /锚点文件/);
    });
  });
}
