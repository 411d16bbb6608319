import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs } from 'kysely';
import { applyStep } from '../server/app/apply-step.ts';
import { addAttachment, readAttachment } from '../server/app/attachments.ts';
import { backupDatabase } from '../server/app/backup.ts';
import { registerItem } from '../server/app/register-item.ts';
import { rotateKeys } from '../server/app/rotate-keys.ts';
import { up as stripDemoPasswords } from '../server/store/migrations/m20261201_0203_demo_logins_without_password.ts';
import { openDb } from '../server/store/db.ts';
import { loadItem } from '../server/store/item.store.ts';
import { seedIfEmpty } from '../server/serve.ts';
import { loadOrCreateKeyring } from '../server/crypto/keyring.ts';
import { createPiiCodec } from '../server/crypto/pii-codec.ts';
import { dialects, makeTestEnv, seedPeople, type TestEnv } from './test-db.ts';

const mode = (p: string) => statSync(p).mode & 0o777;

const accusation = (unitId: string) => ({
  channel: '来信' as const,
  level: '区' as const,
  receivedOn: '2025-09-20',
  headCount: 3,
  petitioners: [
    { name: '周举报', idNumber: null, idUnverified: false, phone: '13900003333', address: '城关街道幸福里' },
  ],
  organisation: '幸福里小区业主委员会',
  representatives: ['吴代表', '郑代表'],
  title: '检举某科长',
  content: '检举内容',
  demands: ['查处'],
  purpose: '揭发控告' as const,
  handlingClass: '检举控告类' as const,
  flags: [],
  accused: { name: '某科长', unitId, note: '' },
});

async function withEnv(
  dialect: 'sqlite' | 'postgres',
  fn: (env: TestEnv, p: Awaited<ReturnType<typeof seedPeople>>) => Promise<void>,
) {
  const env = await makeTestEnv(dialect, '2025-09-26');
  try {
    await fn(env, await seedPeople(env.deps));
  } finally {
    await env.close();
  }
}

/** Runs `during` once, right after the first query that reads an item's data column returns. */
function interleave(during: () => Promise<void>): KyselyPlugin {
  let fired = false;
  return {
    transformQuery: (args: PluginTransformQueryArgs) => args.node,
    async transformResult(args: PluginTransformResultArgs) {
      const row = args.result.rows[0] as Record<string, unknown> | undefined;
      if (!fired && row && 'data' in row) {
        fired = true;
        await during();
      }
      return args.result;
    },
  };
}

for (const dialect of dialects()) {
  describe(`data at rest (${dialect})`, () => {
    it('attachments are SM4-sealed under keyed names, files 0600 in 0700 folders, and read back whole', async () => {
      await withEnv(dialect, async (env, p) => {
        const reg = { actor: p.users.registrar, requestId: null };
        const item = await registerItem(env.deps, reg, accusation(p.units.zjj));
        const files = { dir: join(env.dir, 'files') };
        const content = new TextEncoder().encode('%PDF-1.4\n举报材料：周举报 13900003333\n');
        const att = await addAttachment(env.deps, reg, files, item.item.id, '举报信.pdf', content);
        const dirs = readdirSync(files.dir);
        assert.equal(dirs.length, 1);
        const [name] = readdirSync(join(files.dir, dirs[0]!));
        const onDisk = join(files.dir, dirs[0]!, name!);
        const sha = createHash('sha256').update(content).digest('hex');
        assert.notEqual(name, sha, 'the file is not named by its plain hash');
        const raw = readFileSync(onDisk);
        assert.equal(raw.subarray(0, 4).toString(), 'XFE1');
        assert.ok(!raw.includes(Buffer.from('13900003333')) && !raw.includes(Buffer.from('%PDF')), 'no plain content');
        assert.equal(mode(onDisk), 0o600);
        assert.equal(mode(join(files.dir, dirs[0]!)), 0o700);
        assert.equal(mode(files.dir), 0o700);
        const back = await readAttachment(env.deps, reg, files, att.id);
        assert.deepEqual(new Uint8Array(back.content), content);
      });
    });

    it('representatives and the organisation are sealed like petitioners', async () => {
      await withEnv(dialect, async (env, p) => {
        const r = await registerItem(env.deps, { actor: p.users.registrar, requestId: null }, accusation(p.units.zjj));
        const row = await env.deps.db
          .selectFrom('items')
          .select('data')
          .where('id', '=', r.item.id)
          .executeTakeFirstOrThrow();
        for (const plain of ['吴代表', '郑代表', '幸福里小区业主委员会', '某科长'])
          assert.ok(!row.data.includes(plain), `${plain} is not stored in the clear`);
        const item = (await loadItem(env.deps.db, r.item.id, env.deps.codec))!;
        assert.deepEqual(item.representatives, ['吴代表', '郑代表']);
        assert.equal(item.organisation, '幸福里小区业主委员会');
      });
    });

    it('key rotation does not lose a step taken while it runs (it writes with the version check)', async () => {
      await withEnv(dialect, async (env, p) => {
        const reg = { actor: p.users.registrar, requestId: null };
        const rev = { actor: p.users.reviewer, requestId: null };
        const r = await registerItem(env.deps, reg, accusation(p.units.zjj));
        const id = r.item.id;
        // The reviewer routes the item, on another connection (another instance), after the rotation has read
        // the item and before it writes it back.
        const other = openDb(env.dbTarget);
        const racing = {
          ...env.deps,
          db: env.deps.db.withPlugin(
            interleave(async () => {
              const codec = createPiiCodec(loadOrCreateKeyring(env.keyFile), env.keyFile);
              await applyStep({ ...env.deps, db: other.db, codec }, rev, id, 1, {
                step: 'route',
                kind: '转送',
                unitId: p.units.scj,
                assistUnitIds: [],
                note: '',
                redactIdentity: true,
              });
            }),
          ),
        };
        try {
          await rotateKeys(racing, { actor: p.users.admin, requestId: null }, env.keyFile);
        } finally {
          await other.close();
        }
        const item = (await loadItem(env.deps.db, id, createPiiCodec(loadOrCreateKeyring(env.keyFile))))!;
        assert.equal(item.status, 'routed');
        assert.equal(item.facts.route?.unitId, p.units.scj, 'the route taken during the rotation is kept');
        assert.equal(item.leadUnitId, p.units.scj);
        assert.equal(item.accused?.name, '某科长');
        assert.equal(item.version, 3, 'registered 1, routed 2, re-sealed 3');
        const ps = await env.deps.db.selectFrom('petitioners').select('phone').where('item_id', '=', id).execute();
        assert.ok(ps.every((x) => x.phone?.startsWith('sm4:k2:')));
        const data = (
          await env.deps.db.selectFrom('items').select('data').where('id', '=', id).executeTakeFirstOrThrow()
        ).data;
        assert.match(JSON.parse(data).accused, /^sm4:k2:/);
        assert.match(JSON.parse(data).organisation, /^sm4:k2:/);
      });
    });

    it('rotation also seals attachment files, TOTP secrets and values stored before sealing existed', async () => {
      await withEnv(dialect, async (env, p) => {
        const reg = { actor: p.users.registrar, requestId: null };
        const r = await registerItem(env.deps, reg, accusation(p.units.zjj));
        const files = { dir: join(env.dir, 'files') };
        // A plain file as the earlier version stored it, under its SHA-256.
        const content = Buffer.from('%PDF-1.4\n旧材料\n');
        const sha = createHash('sha256').update(content).digest('hex');
        mkdirSync(join(files.dir, sha.slice(0, 2)), { recursive: true });
        writeFileSync(join(files.dir, sha.slice(0, 2), sha), content);
        await env.deps.db
          .insertInto('attachments')
          .values({ hash: sha, size: content.length, mime: 'application/pdf', created_at: 'x' })
          .execute();
        await env.deps.db
          .insertInto('item_attachments')
          .values({ id: 'old-1', item_id: r.item.id, hash: sha, name: '旧.pdf', uploaded_by: null, at: 'x' })
          .execute();
        assert.deepEqual((await readAttachment(env.deps, reg, files, 'old-1')).content, content, 'legacy files read');
        // Plain representatives, organisation and a plain TOTP secret, as written before they were sealed.
        const row = await env.deps.db
          .selectFrom('items')
          .select('data')
          .where('id', '=', r.item.id)
          .executeTakeFirstOrThrow();
        const legacy = { ...JSON.parse(row.data), representatives: ['吴代表'], organisation: '业委会' };
        await env.deps.db
          .updateTable('items')
          .set({ data: JSON.stringify(legacy) })
          .where('id', '=', r.item.id)
          .execute();
        await env.deps.db
          .updateTable('users')
          .set({ totp_secret: 'JBSWY3DPEHPK3PXP' })
          .where('username', '=', 'lingdao')
          .execute();

        const res = await rotateKeys(env.deps, { actor: p.users.admin, requestId: null }, env.keyFile, { files });
        assert.equal(res.files, 1);
        assert.equal(res.secrets, 1);
        assert.ok(!existsSync(join(files.dir, sha.slice(0, 2), sha)), 'the plain file is gone');
        assert.deepEqual((await readAttachment(env.deps, reg, files, 'old-1')).content, content);
        const data = JSON.parse(
          (await env.deps.db.selectFrom('items').select('data').where('id', '=', r.item.id).executeTakeFirstOrThrow())
            .data,
        );
        assert.match(data.representatives, /^sm4:k2:/);
        assert.match(data.organisation, /^sm4:k2:/);
        const u = await env.deps.db
          .selectFrom('users')
          .select('totp_secret')
          .where('username', '=', 'lingdao')
          .executeTakeFirstOrThrow();
        assert.match(u.totp_secret!, /^sm4:k2:/);
        assert.equal(env.deps.codec.open(u.totp_secret!), 'JBSWY3DPEHPK3PXP');
        const again = await rotateKeys(env.deps, { actor: p.users.admin, requestId: null }, env.keyFile, { files });
        assert.equal(again.activeKey, 'k3');
      });
    });

    it('backups are written 0600 in a 0700 folder', async () => {
      await withEnv(dialect, async (env) => {
        const dir = join(env.dir, 'backups', 'nested');
        const file = join(dir, 'xinfang-2025-09-26.db');
        await backupDatabase(env.deps.db, dialect, file, env.dbTarget);
        assert.equal(mode(file), 0o600);
        assert.equal(mode(dir), 0o700);
        if (dialect === 'sqlite') assert.equal(mode(env.dbTarget), 0o600, 'the database file too');
      });
    });

    it('the demo password is not stored in the database (and an earlier copy of it is removed)', async () => {
      await withEnv(dialect, async (env) => {
        await env.deps.db.deleteFrom('users').execute();
        await env.deps.db.deleteFrom('units').execute();
        const logins = await seedIfEmpty(env.deps, 12);
        assert.ok(logins?.length, 'the logins are still handed back to print');
        const setting = await env.deps.db
          .selectFrom('settings')
          .select('value')
          .where('key', '=', 'demo_logins')
          .executeTakeFirstOrThrow();
        const password = logins![0]!.password;
        assert.ok(!setting.value.includes(password), 'no password among the settings');
        assert.ok(!JSON.parse(setting.value)[0].password);
        const everywhere = [
          ...(await env.deps.db.selectFrom('settings').select('value').execute()).map((r) => r.value),
          ...(await env.deps.db.selectFrom('audit_log').select('detail').execute()).map((r) => r.detail),
        ];
        assert.ok(!everywhere.some((v) => v.includes(password)));
        // A database from before: the migration strips the password it kept.
        await env.deps.db
          .updateTable('settings')
          .set({ value: JSON.stringify([{ username: 'dengji', password, role: 'registrar', unit: null }]) })
          .where('key', '=', 'demo_logins')
          .execute();
        await stripDemoPasswords(env.deps.db);
        const after = await env.deps.db
          .selectFrom('settings')
          .select('value')
          .where('key', '=', 'demo_logins')
          .executeTakeFirstOrThrow();
        assert.deepEqual(JSON.parse(after.value), [{ username: 'dengji', role: 'registrar', unit: null }]);
      });
    });
  });
}
