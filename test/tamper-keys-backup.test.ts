import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { verifyAudit } from '../server/app/audit-queries.ts';
import { backupDatabase, pruneBackups, restoreDatabase, sqliteIntegrity } from '../server/app/backup.ts';
import { registerItem } from '../server/app/register-item.ts';
import { rotateKeys } from '../server/app/rotate-keys.ts';
import { loadItem } from '../server/store/item.store.ts';
import { migrate, openDb } from '../server/store/db.ts';
import { makeTestEnv, seedPeople, type TestEnv } from './test-db.ts';
import { idCheckChar } from '../contract/id-number.ts';

const idNo = (() => {
  const b = '11010519800101001';
  return b + idCheckChar(b);
})();
const input = (i: number) => ({
  channel: '来信' as const,
  level: '区' as const,
  receivedOn: '2025-09-20',
  headCount: 1,
  petitioners: [
    { name: `测试人${i}`, idNumber: idNo, idUnverified: false, phone: '13900001111', address: '城关街道建设路1号' },
  ],
  representatives: [],
  title: `事项${i}`,
  content: `内容${i}`,
  demands: ['诉求'],
  purpose: '求决' as const,
  handlingClass: '申诉求决类' as const,
  flags: [],
});

describe('security: audit tamper detection, key rotation, backup and restore (sqlite)', () => {
  let env: TestEnv;
  let people: Awaited<ReturnType<typeof seedPeople>>;
  before(async () => {
    env = await makeTestEnv('sqlite', '2025-09-26');
    people = await seedPeople(env.deps);
    for (let i = 0; i < 6; i++)
      await registerItem(env.deps, { actor: people.users.registrar, requestId: null }, input(i));
  });
  after(async () => env.close());

  it('the audit log refuses UPDATE and DELETE inside the database', async () => {
    await assert.rejects(sql`update audit_log set action = 'x' where seq = 1`.execute(env.deps.db), /append-only/);
    await assert.rejects(sql`delete from audit_log where seq = 1`.execute(env.deps.db), /append-only/);
  });

  it('an intact chain verifies; an altered, a deleted and a reordered row are each found', async () => {
    const ok = await verifyAudit(env.deps);
    assert.equal(ok.ok, true);
    assert.ok(ok.count >= 6);
    // An attacker with file access drops the triggers and edits a copy of the database.
    const tamper = async (label: string, stmts: string[]) => {
      const copy = join(env.dir, `tamper-${label}.db`);
      await sql`vacuum into ${copy}`.execute(env.deps.db);
      const raw = new SQLite(copy);
      raw.exec('drop trigger audit_log_no_update; drop trigger audit_log_no_delete;');
      for (const s of stmts) raw.exec(s);
      raw.close();
      const o = openDb(copy);
      try {
        return await verifyAudit({ db: o.db, auditKeys: env.deps.auditKeys });
      } finally {
        await o.close();
      }
    };
    const altered = await tamper('alter', [`update audit_log set detail = '{"number":"forged"}' where seq = 3`]);
    assert.equal(altered.ok, false);
    assert.equal(!altered.ok && altered.brokenAt, 3);
    assert.equal(!altered.ok && altered.reason, 'hash_mismatch');
    const deleted = await tamper('delete', ['delete from audit_log where seq = 4']);
    assert.equal(deleted.ok, false);
    assert.equal(!deleted.ok && deleted.brokenAt, 5);
    const reordered = await tamper('reorder', [
      'update audit_log set seq = -2 where seq = 2',
      'update audit_log set seq = 2 where seq = 3',
      'update audit_log set seq = 3 where seq = -2',
    ]);
    assert.equal(reordered.ok, false);
    assert.equal(!reordered.ok && reordered.brokenAt, 2);
  });

  it('personal data is encrypted at rest and found by blind index', async () => {
    const raw = new SQLite(env.dbTarget, { readonly: true });
    const row = raw.prepare('select name, id_number, phone, address, id_hash from petitioners limit 1').get() as Record<
      string,
      string
    >;
    raw.close();
    assert.match(row.id_number!, /^sm4:k1:/);
    assert.match(row.phone!, /^sm4:k1:/);
    assert.ok(!JSON.stringify(row).includes(idNo), 'no plain ID number in the row');
    assert.equal(row.id_hash, env.deps.codec.index('id', idNo));
  });

  it('key rotation re-encrypts every field under the new key; lookups and reads keep working', async () => {
    const res = await rotateKeys(env.deps, { actor: people.users.admin, requestId: null }, env.keyFile);
    assert.equal(res.activeKey, 'k2');
    assert.equal(res.items, 6);
    const keyFile = JSON.parse(readFileSync(env.keyFile, 'utf8'));
    assert.deepEqual(Object.keys(keyFile.keys).sort(), ['k1', 'k2']);
    const raw = new SQLite(env.dbTarget, { readonly: true });
    const rows = raw.prepare('select item_id, phone, id_hash from petitioners').all() as {
      item_id: string;
      phone: string;
      id_hash: string;
    }[];
    raw.close();
    assert.ok(rows.every((r) => r.phone.startsWith('sm4:k2:')));
    const item = await loadItem(env.deps.db, rows[0]!.item_id, env.deps.codec);
    assert.equal(item?.petitioners[0]?.phone, '13900001111');
    assert.equal(rows[0]!.id_hash, env.deps.codec.index('id', idNo), 'the blind index did not change');
    assert.equal((await verifyAudit(env.deps)).ok, true);
  });

  it('an online backup taken under write load restores to a consistent database', async () => {
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        await registerItem(env.deps, { actor: people.users.registrar, requestId: null }, input(100 + written));
        written++;
        // better-sqlite3 answers synchronously: yield so that timers (and the backup) get their turn.
        await new Promise((r) => setImmediate(r));
      }
    })();
    await new Promise((r) => setTimeout(r, 150));
    const before = Number(
      (
        await env.deps.db
          .selectFrom('items')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirst()
      )?.n,
    );
    const file = join(env.dir, 'backups', 'xinfang-2025-09-26.db');
    const b = await backupDatabase(env.deps.db, 'sqlite', file);
    await new Promise((r) => setTimeout(r, 100));
    writing = false;
    await writer;
    assert.equal(b.check, 'ok');
    assert.ok(written > 0, 'writes ran during the backup');
    const target = join(env.dir, 'restored', 'x.db');
    restoreDatabase(file, 'sqlite', target, false);
    assert.throws(() => restoreDatabase(file, 'sqlite', target, false), /--force/);
    assert.equal(sqliteIntegrity(target), 'ok');
    const o = openDb(target);
    try {
      await migrate(o.db);
      const n = Number(
        (
          await o.db
            .selectFrom('items')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirst()
        )?.n,
      );
      assert.ok(n >= before, `restored ${n} items, at least the ${before} present when the backup began`);
      assert.equal(
        (await verifyAudit({ db: o.db, auditKeys: env.deps.auditKeys })).ok,
        true,
        'the restored audit chain verifies',
      );
    } finally {
      await o.close();
    }
    assert.deepEqual(pruneBackups(join(env.dir, 'backups'), 1), []);
  });
});
