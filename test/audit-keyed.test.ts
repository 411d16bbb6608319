import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { exportAuditCheckpoint, sealLegacyAuditChain, verifyAudit } from '../server/app/audit-queries.ts';
import { rotateKeys } from '../server/app/rotate-keys.ts';
import { loadKeyring } from '../server/crypto/keyring.ts';
import { createAuditKeys } from '../server/crypto/pii-codec.ts';
import { GENESIS_HASH, linkEvent } from '../server/crypto/audit-chain.ts';
import { SYSTEM_ACTOR } from '../server/domain/item.policy.ts';
import { appendAudit, auditRows } from '../server/store/audit.store.ts';
import { dialects, makeTestEnv, type TestEnv } from './test-db.ts';

/**
 * The audit log against its own database owner: somebody who can drop the append-only triggers and rewrite
 * rows at will, but holds no key file. Each case starts from a fresh database.
 */
async function addEvents(env: TestEnv, n: number, from = 0): Promise<void> {
  for (let i = 0; i < n; i++)
    await appendAudit(
      env.deps.db,
      {
        at: new Date(Date.UTC(2025, 8, 26, 2, 0, from + i)).toISOString(),
        actorId: 'u1',
        actorRole: 'registrar',
        action: i % 2 ? 'item.accept' : 'item.register',
        itemId: `item-${from + i}`,
        detail: { n: from + i, 说明: '办理' },
        requestId: `req-${from + i}`,
      },
      env.deps,
    );
}

async function dropTriggers(env: TestEnv): Promise<void> {
  if (env.deps.dialect === 'postgres') await sql`drop trigger audit_log_no_update on audit_log`.execute(env.deps.db);
  else {
    await sql`drop trigger audit_log_no_update`.execute(env.deps.db);
    await sql`drop trigger audit_log_no_delete`.execute(env.deps.db);
  }
}

async function allRows(env: TestEnv) {
  const rows = [];
  for await (const r of auditRows(env.deps.db)) rows.push(r);
  return rows;
}

for (const dialect of dialects()) {
  describe(`keyed audit chain against the database owner (${dialect})`, () => {
    // One database at a time: on PostgreSQL each lives in its own schema, and the migrator looks across them.
    it('deleting a row and recomputing the SM3 links after it is detected', async () => {
      const e = await makeTestEnv(dialect, '2025-09-26');
      try {
        await addEvents(e, 12);
        assert.equal((await verifyAudit(e.deps)).ok, true);
        await dropTriggers(e);
        const rows = await allRows(e);
        // Delete row 5, renumber the rest and relink them with plain SM3 (all the owner can compute).
        await sql`delete from audit_log where seq >= 5`.execute(e.deps.db);
        let prev = rows[3]!.hash;
        for (const r of rows.slice(5)) {
          const forged = linkEvent(prev, { ...r, seq: r.seq - 1 });
          await e.deps.db
            .insertInto('audit_log')
            .values({
              seq: forged.seq,
              at: forged.at,
              actor_id: forged.actorId,
              actor_role: forged.actorRole,
              action: forged.action,
              item_id: forged.itemId,
              detail: JSON.stringify(forged.detail),
              request_id: forged.requestId,
              prev_hash: forged.prevHash,
              hash: forged.hash,
            } as never)
            .execute();
          prev = forged.hash;
        }
        const v = await verifyAudit(e.deps);
        assert.equal(v.ok, false, 'the rewritten chain must not verify');
        assert.equal(!v.ok && v.brokenAt, 5);
        // Copying the key ids onto the forged rows does not help: the links are keyed.
        await sql`update audit_log set key_id = ${'k1'} where seq >= 5`.execute(e.deps.db);
        const w = await verifyAudit(e.deps);
        assert.equal(!w.ok && w.reason, 'hash_mismatch');
        assert.equal(!w.ok && w.brokenAt, 5);
      } finally {
        await e.close();
      }
    });

    it('cutting the newest rows off the end is detected', async () => {
      const e = await makeTestEnv(dialect, '2025-09-26');
      try {
        await addEvents(e, 10);
        await dropTriggers(e);
        await sql`delete from audit_log where seq > 7`.execute(e.deps.db);
        const v = await verifyAudit(e.deps);
        assert.equal(v.ok, false, 'a truncated log must not verify');
        assert.equal(!v.ok && v.reason, 'truncated');
        assert.equal(!v.ok && v.brokenAt, 8);
        assert.match(!v.ok ? v.message : '', /第8条起的记录已被删除/);
      } finally {
        await e.close();
      }
    });

    it('the head seal cannot be moved back without the key, nor deleted unnoticed', async () => {
      const e = await makeTestEnv(dialect, '2025-09-26');
      try {
        await addEvents(e, 6);
        await dropTriggers(e);
        await sql`delete from audit_log where seq > 4`.execute(e.deps.db);
        const row4 = (await allRows(e))[3]!;
        await sql`update audit_head set seq = 4, hash = ${row4.hash}`.execute(e.deps.db);
        const v = await verifyAudit(e.deps);
        assert.equal(!v.ok && v.reason, 'head_invalid');
        await sql`delete from audit_head`.execute(e.deps.db);
        const w = await verifyAudit(e.deps);
        assert.equal(!w.ok && w.reason, 'head_invalid');
        assert.match(!w.ok ? w.message : '', /封存记录缺失/);
      } finally {
        await e.close();
      }
    });

    it('an exported anchor catches a rollback (head seal included); an edited anchor is refused', async () => {
      const e = await makeTestEnv(dialect, '2025-09-26');
      try {
        await addEvents(e, 5);
        const earlier = await e.deps.db.selectFrom('audit_head').selectAll().executeTakeFirstOrThrow();
        await addEvents(e, 5, 5);
        const anchor = await exportAuditCheckpoint(e.deps, { actor: SYSTEM_ACTOR, requestId: null });
        assert.equal(anchor.seq, 11, 'the export records itself first, and the anchor covers that record');
        const last = (await allRows(e)).at(-1)!;
        assert.equal(last.action, 'audit.checkpoint');
        assert.equal(anchor.hash, last.hash);
        assert.equal((await verifyAudit(e.deps, { anchor })).ok, true);
        // The owner puts back the database as it was after row 5: rows and the seal of that time.
        await dropTriggers(e);
        await sql`delete from audit_log where seq > 5`.execute(e.deps.db);
        await e.deps.db.updateTable('audit_head').set(earlier).execute();
        assert.equal((await verifyAudit(e.deps)).ok, true, 'a consistent earlier copy passes without an anchor');
        const v = await verifyAudit(e.deps, { anchor });
        assert.equal(!v.ok && v.reason, 'truncated');
        assert.equal(!v.ok && v.brokenAt, 6);
        const edited = await verifyAudit(e.deps, { anchor: { ...anchor, seq: 5, hash: earlier.hash } });
        assert.equal(!edited.ok && edited.reason, 'anchor_invalid');
      } finally {
        await e.close();
      }
    });

    it('an old plain-SM3 chain is sealed by a keyed row saying what it cannot prove; edits break it', async () => {
      const e = await makeTestEnv(dialect, '2025-09-26');
      try {
        // Rows as the earlier version wrote them: plain SM3, no key id.
        let prev = GENESIS_HASH;
        for (let seq = 1; seq <= 6; seq++) {
          const r = linkEvent(prev, {
            seq,
            at: `2025-01-0${seq}T00:00:00.000Z`,
            actorId: null,
            actorRole: 'admin',
            action: 'user.create',
            itemId: null,
            detail: { n: seq },
            requestId: null,
          });
          await e.deps.db
            .insertInto('audit_log')
            .values({
              seq,
              at: r.at,
              actor_id: null,
              actor_role: r.actorRole,
              action: r.action,
              item_id: null,
              detail: JSON.stringify(r.detail),
              request_id: null,
              client_request_id: null,
              key_id: null,
              prev_hash: r.prevHash,
              hash: r.hash,
            })
            .execute();
          prev = r.hash;
        }
        const unsealed = await verifyAudit(e.deps);
        assert.equal(!unsealed.ok && unsealed.reason, 'head_invalid', 'an unsealed plain head is a finding');
        assert.deepEqual(await sealLegacyAuditChain(e.deps), { sealed: true, legacyRows: 6 });
        assert.deepEqual(await sealLegacyAuditChain(e.deps), { sealed: false, legacyRows: 0 }, 'idempotent');
        await addEvents(e, 2);
        const v = await verifyAudit(e.deps);
        assert.equal(v.ok, true, JSON.stringify(v));
        assert.equal(v.ok && v.legacy, 6);
        const rekey = (await allRows(e))[6]!;
        assert.equal(rekey.action, 'audit.rekey');
        assert.deepEqual((rekey.detail as { legacyHead: unknown }).legacyHead, { seq: 6, hash: prev });
        assert.match(JSON.stringify(rekey.detail), /只能证明其内部一致/);
        // Rewriting an old row afterwards (with its SM3 links recomputed) breaks the keyed link.
        await dropTriggers(e);
        const old = await allRows(e);
        let p2 = old[1]!.hash;
        for (const r of old.slice(2, 6)) {
          const f = linkEvent(p2, { ...r, detail: { n: 'forged' } });
          await sql`update audit_log set detail = ${JSON.stringify(f.detail)}, prev_hash = ${f.prevHash},
            hash = ${f.hash} where seq = ${r.seq}`.execute(e.deps.db);
          p2 = f.hash;
        }
        const w = await verifyAudit(e.deps);
        assert.equal(!w.ok && w.reason, 'prev_mismatch');
        assert.equal(!w.ok && w.brokenAt, 7);
      } finally {
        await e.close();
      }
    });

    it('after a key rotation, rows of the old and the new key verify; without the old key they do not', async () => {
      const env = await makeTestEnv(dialect, '2025-09-26');
      try {
        await addEvents(env, 4);
        await rotateKeys(env.deps, { actor: SYSTEM_ACTOR, requestId: null }, env.keyFile);
        await addEvents(env, 4, 4);
        const rows = await allRows(env);
        const ids = new Set(rows.map((r) => r.keyId));
        assert.deepEqual([...ids].sort(), ['k1', 'k2']);
        assert.equal((await verifyAudit(env.deps)).ok, true);
        // A key file that lost k1 cannot vouch for the rows k1 signed, and says so.
        const kr = loadKeyring(env.keyFile);
        const onlyK2 = createAuditKeys(kr);
        const lost = await verifyAudit({
          db: env.deps.db,
          auditKeys: { activeId: () => 'k2', mac: (id, m) => (id === 'k1' ? null : onlyK2.mac(id, m)) },
        });
        assert.equal(!lost.ok && lost.reason, 'unknown_key');
        assert.equal(!lost.ok && lost.brokenAt, 1);
      } finally {
        await env.close();
      }
    });
  });
}
