import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { checkIdNumber } from '../../contract/id-number.ts';
import { ROLES } from '../../contract/enums.ts';
import { createAuditKeys, createPiiCodec } from '../crypto/pii-codec.ts';
import { loadOrCreateKeyring } from '../crypto/keyring.ts';
import { verifyPassword } from '../crypto/password-hash.ts';
import { verifyChain } from '../crypto/audit-chain.ts';
import { auditRows } from '../store/audit.store.ts';
import { itemAttachmentOf, listCases } from '../store/backlog.store.ts';
import { listCampaigns } from '../store/campaign.store.ts';
import { countItems } from '../store/import.store.ts';
import { listDailyReports, listPeriods } from '../store/major-period.store.ts';
import { countUnits } from '../store/reference.store.ts';
import { listUsers } from '../store/user.store.ts';
import { dialects, makeTestEnv } from '../../test/test-db.ts';
import { migrate, openDb, type OpenedDb } from '../store/db.ts';
import { ensureReferenceData } from '../app/bootstrap.ts';
import type { AppDeps } from '../app/context.ts';
import { instructionRegister } from '../app/instructions.ts';
import { meetingDetail, meetingList } from '../app/meetings.ts';
import { DEMO_PASSWORD, seedDemo, type SeedDemoResult } from './seed-demo.ts';

const TODAY = '2025-11-20';
const ITEMS = 150;

interface Seeded {
  dir: string;
  opened: OpenedDb;
  deps: AppDeps;
  result: SeedDemoResult;
  progress: [number, number][];
}

/** A fresh SQLite file with its own key file, a counter-based id generator, seeded with `ITEMS` items. */
async function seedFresh(): Promise<Seeded> {
  const dir = mkdtempSync(join(tmpdir(), 'xinfang-seed-'));
  const opened = openDb(join(dir, 'demo.db'));
  await migrate(opened.db);
  await ensureReferenceData(opened.db);
  const keyring = loadOrCreateKeyring(join(dir, 'keys.json'));
  const codec = createPiiCodec(keyring);
  let n = 0;
  const deps: AppDeps = {
    db: opened.db,
    dialect: 'sqlite',
    codec,
    auditKeys: createAuditKeys(keyring),
    clock: () => new Date(`${TODAY}T02:00:00.000Z`),
    newId: () => `id-${String(++n).padStart(6, '0')}`,
  };
  const progress: [number, number][] = [];
  const result = await seedDemo(deps, {
    today: TODAY,
    items: ITEMS,
    onProgress: (d, t) => progress.push([d, t]),
    files: { dir: join(dir, 'files') },
  });
  return { dir, opened, deps, result, progress };
}

async function snapshot(s: Seeded) {
  return s.opened.db
    .selectFrom('items')
    .select(['number', 'title', 'status', 'registered_on', 'is_repeat', 'due_on'])
    .orderBy('number')
    .execute();
}

describe('seedDemo', () => {
  let a: Seeded;
  let b: Seeded;

  before(async () => {
    a = await seedFresh();
    b = await seedFresh();
  });
  after(async () => {
    for (const s of [a, b]) {
      if (!s) continue;
      await s.opened.close();
      rmSync(s.dir, { recursive: true, force: true });
    }
  });

  it('creates about 30 units, two of them outside the district', async () => {
    const units = await a.opened.db.selectFrom('units').selectAll().execute();
    assert.equal(a.result.units, units.length);
    assert.ok(units.length >= 28 && units.length <= 32, `units: ${units.length}`);
    assert.equal(units.filter((u) => Number(u.inside_district) === 0).length, 2);
    assert.ok(
      units.some((u) => u.name === '区住建局') &&
        units.some((u) => u.name === '城关街道') &&
        units.some((u) => u.name === '区信访局'),
    );
    assert.ok(units.filter((u) => u.kind === '街道').length >= 8);
  });

  it('has a user for every role; the named logins use the demo password', async () => {
    const users = await a.opened.db
      .selectFrom('users')
      .select(['username', 'role', 'unit_id', 'password_hash'])
      .execute();
    for (const role of ROLES)
      assert.ok(
        users.some((u) => u.role === role),
        `no user with role ${role}`,
      );
    const names = a.result.users.map((u) => u.username);
    for (const n of [
      'dengji',
      'shenhe',
      'zjj_jb',
      'zjj_fz',
      'scj_jb',
      'scj_fz',
      'cgjd_jb',
      'lingdao',
      'admin',
      'anquan',
      'shenji',
    ])
      assert.ok(names.includes(n), `login ${n} missing`);
    assert.ok(a.result.users.every((u) => u.password === DEMO_PASSWORD));
    assert.equal(a.result.users.find((u) => u.username === 'zjj_fz')?.unit, '区住建局');
    assert.equal(a.result.users.find((u) => u.username === 'cgjd_jb')?.unit, '城关街道');
    const zjj = users.find((u) => u.username === 'zjj_jb')!;
    assert.ok(zjj.unit_id);
    assert.equal(await verifyPassword(zjj.password_hash, DEMO_PASSWORD), true);
  });

  it('registers the requested number of items with unique numbers 区信〔YYYY〕NNNNN号', async () => {
    assert.equal(a.result.items, ITEMS);
    const rows = await a.opened.db.selectFrom('items').select(['number', 'year', 'seq', 'registered_on']).execute();
    assert.equal(rows.length, ITEMS);
    assert.equal(new Set(rows.map((r) => r.number)).size, ITEMS);
    for (const r of rows) {
      const m = /^区信〔(\d{4})〕(\d{5})号$/.exec(r.number);
      assert.ok(m, r.number);
      assert.equal(Number(m[1]), Number(r.registered_on.slice(0, 4)));
      assert.ok(r.registered_on <= TODAY);
    }
    // Numbers run with registration dates within a year.
    const sorted = [...rows].sort((x, y) => x.year - y.year || x.seq - y.seq);
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i]!.year === sorted[i - 1]!.year) assert.ok(sorted[i]!.registered_on >= sorted[i - 1]!.registered_on);
    }
    assert.deepEqual(a.progress.at(-1), [ITEMS, ITEMS]);
  });

  it('covers every family of states, channels and levels', async () => {
    const statuses = new Set((await a.opened.db.selectFrom('items').select('status').execute()).map((r) => r.status));
    const has = (...s: string[]) => s.some((x) => statuses.has(x));
    assert.ok(has('registered', 'routed', 'received'), 'no open item waiting for route/receipt/acceptance');
    assert.ok(has('handling'), 'no item in handling');
    assert.ok(has('replied', 'served', 'concluded'), 'no item between opinion and closing');
    assert.ok(has('closed'), 'no closed item');
    assert.ok(has('not_accepted', 'not_reaccepted'), 'no declined item');
    assert.ok(has('filed'), 'no filed item');
    const channels = new Set((await a.opened.db.selectFrom('items').select('channel').execute()).map((r) => r.channel));
    for (const c of ['网上投诉', '来访', '来信', '电话']) assert.ok(channels.has(c), `channel ${c}`);
    const levels = new Set((await a.opened.db.selectFrom('items').select('level').execute()).map((r) => r.level));
    for (const l of ['区', '市', '省']) assert.ok(levels.has(l), `level ${l}`);
    const outside = await a.opened.db
      .selectFrom('items as i')
      .innerJoin('units as u', 'u.id', 'i.lead_unit_id')
      .select('i.id')
      .where('u.inside_district', '=', 0)
      .execute();
    const inside = await a.opened.db
      .selectFrom('items as i')
      .innerJoin('units as u', 'u.id', 'i.lead_unit_id')
      .select('i.id')
      .where('u.inside_district', '=', 1)
      .execute();
    assert.ok(inside.length > outside.length);
  });

  it('has repeats linked to their earlier items', async () => {
    const repeats = await a.opened.db.selectFrom('items').select('id').where('is_repeat', '=', 1).execute();
    assert.ok(repeats.length >= 3, `repeats: ${repeats.length}`);
    const links = await a.opened.db
      .selectFrom('item_links as l')
      .innerJoin('items as e', 'e.id', 'l.earlier_id')
      .innerJoin('items as i', 'i.id', 'l.item_id')
      .select(['i.registered_on as later', 'e.registered_on as earlier', 'l.reason'])
      .execute();
    assert.ok(links.length >= repeats.length);
    for (const l of links) assert.ok(l.earlier <= l.later);
    assert.ok(links.some((l) => l.reason.includes('同一')));
  });

  it('leaves some open items overdue and never dates a step after today', async () => {
    const overdue = await a.opened.db
      .selectFrom('items')
      .select(['number', 'status', 'due_rule'])
      .where('due_on', '<', TODAY)
      .execute();
    assert.ok(overdue.length >= 1, 'no overdue item');
    assert.ok(
      overdue.every((o) => !['closed', 'filed', 'not_accepted', 'not_reaccepted', 'terminated'].includes(o.status)),
    );
    const late = await a.opened.db.selectFrom('events').select('id').where('on_date', '>', TODAY).execute();
    assert.equal(late.length, 0);
    const steps = new Set((await a.opened.db.selectFrom('events').select('step').execute()).map((r) => r.step));
    for (const s of [
      'register',
      'route',
      'confirm_receipt',
      'accept',
      'reply',
      'serve',
      'rate',
      'conclude',
      'approve_close',
    ])
      assert.ok(steps.has(s), `step ${s}`);
  });

  it('uses only fake personal data: invalid ID check digits and 1xx0000xxxx phones', async () => {
    const ps = await a.opened.db.selectFrom('petitioners').select(['id_number', 'phone', 'id_verified']).execute();
    assert.ok(ps.length >= ITEMS * 0.8);
    let ids = 0;
    for (const p of ps) {
      if (p.id_number) {
        ids++;
        const id = a.deps.codec.open(p.id_number);
        const c = checkIdNumber(id, { today: TODAY });
        assert.equal(c.ok, false, `ID number ${id} passes the check`);
        assert.equal(c.ok ? null : c.code, 'ID_CHECKSUM');
        assert.equal(Number(p.id_verified), 0);
      }
      if (p.phone) assert.match(a.deps.codec.open(p.phone), /^1\d{2}0000\d{4}$/);
    }
    assert.ok(ids > ps.length / 2);
  });

  it('has a 两会 period with one report per day (零报告 exactly when none), a running campaign and 积案 at work', async () => {
    const periods = await listPeriods(a.deps.db);
    assert.deepEqual(
      periods.map((p) => [p.name, p.from, p.to]),
      [['全国两会', '2025-03-03', '2025-03-11']],
    );
    const reports = await listDailyReports(a.deps.db, '2025-03-03', '2025-03-11');
    assert.equal(reports.length, 9, 'one report for every day of the period');
    for (const r of reports) assert.equal(r.zeroReport, r.total === 0);
    // Nothing is registered on a rest day, and nine days of the period always hold a weekend: a 零报告 is shown.
    assert.ok(reports.some((r) => r.zeroReport) && reports.some((r) => !r.zeroReport), 'both kinds of day');
    assert.equal((await listCampaigns(a.deps.db, TODAY)).length, 1, 'a campaign is running today');
    const cases = await listCases(a.deps.db);
    const by = (s: string) => cases.filter((c) => c.status === s).length;
    assert.ok(by('unresolved') >= 1, `未化解 ${by('unresolved')}`);
    assert.ok(by('resolving') >= 1, `化解中 ${by('resolving')}`);
    for (const c of cases.filter((x) => x.status === 'resolving')) {
      assert.ok(c.leaderUserId && c.plan && c.notes.length > 0, c.number);
    }
    // In the order confirmed: 未化解, 化解中, then 已化解 with the 息诉罢访承诺书 uploaded to its item.
    const byDate = [...cases].sort((x, y) => x.confirmedOn.localeCompare(y.confirmedOn));
    assert.deepEqual(
      byDate.slice(0, 3).map((c) => c.status),
      ['unresolved', 'resolving', 'resolved'],
    );
    const closed = byDate[2]!;
    assert.equal(closed.closing?.evidence.kind, '息诉罢访承诺书');
    const file = await itemAttachmentOf(a.deps.db, closed.closing!.evidence.attachmentId);
    assert.equal(file?.itemId, closed.anchorItemId, 'the statement is on the case item');
    assert.equal(file?.name, '息诉罢访承诺书.txt');
    assert.ok(
      closed.plan!.measures.every((m) => m.doneOn),
      'every measure done before closing',
    );
  });

  it('has a 全体会议 held with tasks done, open and overdue, a 专题会议 planned, and 批示 in every state', async () => {
    const u = (await listUsers(a.deps.db)).find((x) => x.role === 'reviewer' && x.username !== 'fuhe')!;
    const ctx = {
      actor: { userId: u.id, username: u.username, displayName: u.displayName, role: u.role, unitId: u.unitId },
      requestId: null,
    };
    const { meetings } = await meetingList(a.deps, ctx);
    assert.deepEqual(meetings.map((m) => [m.kind, m.status]).sort(), [
      ['专题会议', 'planned'],
      ['全体会议', 'held'],
    ]);
    const held = meetings.find((m) => m.status === 'held')!;
    assert.ok(held.date < TODAY && held.minutesNumber, 'held in the past, its 纪要 numbered');
    assert.deepEqual(held.tasks, { total: 3, done: 1, overdue: 1 });
    const detail = await meetingDetail(a.deps, ctx, held.id);
    assert.ok(detail.minutes && detail.decisions.length === 2, '纪要 with its 议定事项');
    assert.deepEqual(detail.tasks.map((t) => [t.status, t.overdue]).sort(), [
      ['done', false],
      ['open', false],
      ['open', true],
    ]);
    assert.ok(meetings.find((m) => m.status === 'planned')!.date > TODAY, 'the 专题会议 is still to come');
    const reg = await instructionRegister(a.deps, ctx);
    assert.equal(reg.requests.length, 3);
    assert.ok(
      reg.requests.every((r) => r.status !== 'pending'),
      'every 请示 answered',
    );
    assert.deepEqual(reg.instructions.map((i) => [i.addressees[0]!.status, i.overdue]).sort(), [
      ['done', false],
      ['open', true],
      ['reported', false],
    ]);
  });

  it('keeps the audit chain intact', async () => {
    const rows = [];
    for await (const r of auditRows(a.opened.db)) rows.push(r);
    assert.ok(rows.length > ITEMS * 3);
    const v = verifyChain(rows, { keys: a.deps.auditKeys });
    assert.equal(v.ok, true, v.ok ? '' : v.message);
  });

  it('is deterministic: two fresh databases get the same items', async () => {
    const [x, y] = [await snapshot(a), await snapshot(b)];
    assert.deepEqual(x, y);
    assert.deepEqual(a.result.users, b.result.users);
    const timelines = (s: Seeded) =>
      s.opened.db
        .selectFrom('events as e')
        .innerJoin('items as i', 'i.id', 'e.item_id')
        .select(['i.number', 'e.seq', 'e.step', 'e.on_date', 'e.summary'])
        .orderBy('i.number')
        .orderBy('e.seq')
        .execute();
    assert.deepEqual(await timelines(a), await timelines(b));
  });

  it('refuses to seed a database that already has items', async () => {
    await assert.rejects(seedDemo(a.deps, { today: TODAY, items: 5 }), /已有信访事项/);
  });
});

describe('seedDemo writes all or nothing', () => {
  for (const dialect of dialects()) {
    it(`a seed that fails part-way leaves no unit, user or item behind (${dialect})`, async () => {
      const env = await makeTestEnv(dialect, TODAY);
      try {
        let n = 0;
        const deps: AppDeps = {
          ...env.deps,
          newId: () => {
            if (++n > 150) throw new Error('id source exhausted');
            return `id-${n}`;
          },
        };
        await assert.rejects(seedDemo(deps, { today: TODAY, items: 60 }), /id source exhausted/);
        assert.equal(await countItems(env.deps.db), 0);
        assert.equal(await countUnits(env.deps.db), 0);
        assert.equal((await listUsers(env.deps.db)).length, 0);
        // The same database then takes the whole district.
        const res = await seedDemo(env.deps, { today: TODAY, items: 60 });
        assert.equal(res.items, 60);
        assert.equal(await countItems(env.deps.db), 60);
        assert.ok(res.users.some((u) => u.username === 'dengji'));
      } finally {
        await env.close();
      }
    });
  }
});
