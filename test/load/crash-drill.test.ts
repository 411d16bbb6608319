import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { verifyAudit } from '../../server/app/audit-queries.ts';
import { sqliteIntegrity } from '../../server/app/backup.ts';
import { openApp } from '../../server/compose.ts';
import { loadKeyring } from '../../server/crypto/keyring.ts';
import { createAuditKeys } from '../../server/crypto/pii-codec.ts';
import { hashPassword } from '../../server/crypto/password-hash.ts';
import { openDb } from '../../server/store/db.ts';
import { insertUser } from '../../server/store/user.store.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ROUNDS = Number(process.env.XINFANG_DRILL_ROUNDS ?? 3);
const PER_ROUND = Number(process.env.XINFANG_DRILL_REQUESTS ?? 80);
const CONCURRENCY = 12;
const PASSWORD = 'Drill@2025pass';

function freePort(): Promise<number> {
  return new Promise((res) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => res(p));
    });
  });
}

/**
 * Crash drill: hundreds of concurrent registrations while the server is killed with SIGKILL several times.
 * Every registration that got a 2xx must exist intact afterwards; requests cut off by the kill are retried with
 * their idempotency key and must not create duplicates; the database passes its integrity check and the audit
 * chain verifies.
 */
describe('crash drill: SIGKILL under concurrent registration (sqlite)', () => {
  let dir: string;
  let db: string;
  let keyFile: string;
  let port: number;
  let child: ChildProcess | null = null;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'xinfang-drill-'));
    db = join(dir, 'drill.db');
    keyFile = join(dir, 'keys.json');
    const app = await openApp(db, keyFile);
    await insertUser(
      app.deps.db,
      {
        id: randomUUID(),
        username: 'drill',
        displayName: '演练登记员',
        role: 'registrar',
        unitId: null,
        passwordHash: await hashPassword(PASSWORD),
      },
      new Date().toISOString(),
    );
    await app.close();
    port = await freePort();
  });
  after(() => {
    child?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  async function start(): Promise<void> {
    child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server', 'main.ts')], {
      cwd: ROOT,
      env: {
        ...process.env,
        XINFANG_DB: db,
        XINFANG_KEY_FILE: keyFile,
        PORT: String(port),
        HOST: '127.0.0.1',
        XINFANG_DEMO: '0',
        XINFANG_BACKUP_KEEP: '0',
        LOG_LEVEL: 'silent',
        XINFANG_RATE_LIMIT: '100000',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    // Wait on the condition (health answers) or on the child's exit, not on a short fixed budget: a cold start
    // under a busy CI machine can take tens of seconds.
    const started = Date.now();
    while (Date.now() - started < 180_000) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`server exited while starting (code ${child.exitCode}, signal ${child.signalCode})`);
      }
      try {
        if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return;
      } catch {
        /* not up yet */
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('server did not start within 180 s');
  }

  it('keeps every acknowledged registration through repeated SIGKILLs', { timeout: 900_000 }, async () => {
    await start();
    const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'drill', password: PASSWORD }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const { csrf } = (await login.json()) as { csrf: string };
    const acked = new Map<string, { id: string; number: string; title: string }>();
    const cut: string[] = [];
    const register = async (key: string) => {
      const r = await fetch(`http://127.0.0.1:${port}/api/v1/items`, {
        method: 'POST',
        headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify({
          channel: '网上投诉',
          receivedOn: '2025-01-02',
          headCount: 1,
          petitioners: [{ name: '演练' }],
          // Digits spelled as letters: a UUID's digit runs can read as a phone number (174-2684-4512), which the
          // response masks for a viewer who may not unmask, and the drill compares titles as stored.
          title: `drill-${key.replace(/\d/g, (d) => 'ghijklmnop'[Number(d)]!)}`,
          content: '崩溃演练内容',
          demands: ['演练诉求'],
        }),
      });
      if (r.status >= 200 && r.status < 300) {
        const b = (await r.json()) as { item: { id: string; number: string; title: string } };
        acked.set(key, { id: b.item.id, number: b.item.number, title: b.item.title });
      } else {
        throw new Error(`status ${r.status}: ${(await r.text()).slice(0, 300)}`);
      }
    };
    // A retry after the restart may still meet the server finishing its start-up work; retry a cut-off key until
    // it answers 2xx, and fail with the last answer if it never does.
    const retry = async (key: string) => {
      let last: unknown;
      for (let attempt = 0; attempt < 20; attempt++) {
        try {
          return await register(key);
        } catch (e) {
          last = e;
          await new Promise((r) => setTimeout(r, 250 * (attempt + 1)));
        }
      }
      throw new Error(`retry of ${key} never succeeded: ${String(last)}`);
    };
    let kills = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const keys = Array.from({ length: PER_ROUND }, () => randomUUID());
      let next = 0;
      const killAt = Math.floor(PER_ROUND * (0.4 + 0.2 * Math.random()));
      const workers = Array.from({ length: CONCURRENCY }, async () => {
        while (next < keys.length) {
          const i = next++;
          if (i === killAt && child) {
            child.kill('SIGKILL');
            kills++;
          }
          const key = keys[i]!;
          try {
            await register(key);
          } catch {
            cut.push(key);
          }
        }
      });
      await Promise.all(workers);
      await new Promise<void>((r) =>
        child && child.exitCode === null && child.signalCode === null ? child.once('exit', () => r()) : r(),
      );
      await start();
      // Retry what was cut off: an idempotency key makes the retry return the first result if it had committed.
      for (const key of cut.splice(0)) await retry(key);
    }
    const before = acked.size;
    child!.kill('SIGTERM');
    await new Promise((r) => child!.once('exit', r));
    child = null;

    const check = sqliteIntegrity(db);
    const o = openDb(db);
    let found = 0;
    const mismatched: unknown[] = [];
    try {
      for (const { id, number, title } of acked.values()) {
        const row = await o.db
          .selectFrom('items')
          .select(['number', 'title', 'status'])
          .where('id', '=', id)
          .executeTakeFirst();
        if (row && row.number === number && row.title === title && row.status === 'registered') found++;
        else mismatched.push({ acked: { id, number, title }, stored: row ?? null });
      }
      const dup = await o.db
        .selectFrom('items')
        .select(['title', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('title')
        .having((eb) => eb.fn.countAll(), '>', 1)
        .execute();
      const total = Number(
        (
          await o.db
            .selectFrom('items')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirst()
        )?.n,
      );
      const audit = await verifyAudit({ db: o.db, auditKeys: createAuditKeys(loadKeyring(keyFile), keyFile) });
      console.log(
        JSON.stringify({
          drill: 'crash',
          kills,
          requests: ROUNDS * PER_ROUND,
          acknowledged: before,
          found,
          itemsInDb: total,
          duplicates: dup.length,
          integrity: check,
          auditOk: audit.ok,
          auditEvents: audit.count,
          mismatched,
        }),
      );
      assert.equal(kills, ROUNDS);
      assert.equal(check, 'ok');
      assert.equal(found, before, 'every acknowledged item exists intact');
      assert.equal(before, ROUNDS * PER_ROUND, 'after retries every request was acknowledged exactly once');
      assert.equal(dup.length, 0, 'no retry created a duplicate');
      assert.equal(total, before);
      assert.equal(audit.ok, true, JSON.stringify(audit));
    } finally {
      await o.close();
    }
  });
});
