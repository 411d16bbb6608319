import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { RegisterItemInput } from '../contract/dto.ts';
import { editCalendarDay } from '../server/app/admin.ts';
import type { AppDeps } from '../server/app/context.ts';
import { getItemView, registeredItemView } from '../server/app/item-queries.ts';
import { registerItem } from '../server/app/register-item.ts';
import { editRules } from '../server/app/rules-edit.ts';
import { settleBackgroundRuns } from '../server/app/background-run.ts';
import { listTaxonomy } from '../server/store/reference.store.ts';
import { clockworkGeneration, setSetting } from '../server/store/settings.store.ts';
import { dialects, makeTestEnv, secondInstance, seedPeople, type TestEnv } from './test-db.ts';

/** A letter received on `receivedOn` (its first deadline: 登记转送, 15 calendar days rolled to a working day). */
function letter(i: number, receivedOn = '2025-09-10', more: Partial<RegisterItemInput> = {}): RegisterItemInput {
  return {
    channel: '来信',
    level: '区',
    receivedOn,
    headCount: 1,
    petitioners: [{ name: `期限${i}`, idUnverified: false }],
    representatives: [],
    title: `反映小区${i}号楼漏水问题`,
    content: `小区${i}号楼顶层漏水，多次报修无果。`,
    demands: ['请求尽快维修'],
    purpose: '求决',
    handlingClass: '申诉求决类',
    flags: [],
    ...more,
  };
}

for (const dialect of dialects()) {
  /**
   * The statutory clock is cached per process and keyed by a generation token that every edit replaces in its
   * own transaction: a registration right after an edit of the calendar or the rules computes with the edit,
   * on the instance that made it and on another instance (its own connection) on the same database.
   */
  describe(`registration and the cached clock (${dialect})`, () => {
    let env: TestEnv;
    let second: ReturnType<typeof secondInstance>;
    let a: AppDeps;
    let b: AppDeps;
    let people: Awaited<ReturnType<typeof seedPeople>>;
    let n = 0;
    before(async () => {
      env = await makeTestEnv(dialect, '2025-09-26');
      people = await seedPeople(env.deps);
      second = secondInstance(env);
      a = env.deps;
      b = second.deps;
    });
    after(async () => {
      await second?.close();
      await env?.close();
    });

    const routeDue = async (deps: AppDeps) => {
      const res = await registerItem(deps, { actor: people.users.registrar, requestId: null }, letter(++n));
      const route = res.written?.deadlines.find((d) => d.rule === 'route');
      assert.ok(route, 'a new item has its 登记转送 deadline');
      const view = await getItemView(deps, { actor: people.users.registrar, requestId: null }, res.item.id);
      assert.equal(view.deadlines.find((d) => d.rule === 'route')?.due, route.due, 'stored and computed agree');
      return route.due;
    };
    const admin = () => ({ actor: people.users.admin, requestId: null });

    it('sees a calendar edit at the next registration, on either instance', async () => {
      // Both instances have read (and cached) the clock before the edit.
      assert.equal(await routeDue(a), '2025-09-25');
      assert.equal(await routeDue(b), '2025-09-25');
      await editCalendarDay(b, admin(), { date: '2025-09-25', kind: 'holiday', name: '临时假日', reason: '' });
      assert.equal(await routeDue(a), '2025-09-26', 'the other instance rolls over the new holiday');
      assert.equal(await routeDue(b), '2025-09-26', 'the editing instance too');
      await editCalendarDay(a, admin(), { date: '2025-09-25', kind: 'normal', name: '', reason: '' });
      assert.equal(await routeDue(b), '2025-09-25', 'and the edit back, the other way round');
      assert.equal(await routeDue(a), '2025-09-25');
    });

    it('sees a deadline-rule edit at the next registration, on either instance', async () => {
      assert.equal(await routeDue(a), '2025-09-25');
      assert.equal(await routeDue(b), '2025-09-25');
      await editRules(a, admin(), { rules: { route: { length: 20 } }, reason: '测试' });
      await settleBackgroundRuns();
      assert.equal(await routeDue(b), '2025-09-30', '20 calendar days from 09-10');
      assert.equal(await routeDue(a), '2025-09-30');
      await editRules(b, admin(), { rules: {}, reason: '恢复' });
      assert.equal(await routeDue(a), '2025-09-25');
      assert.equal(await routeDue(b), '2025-09-25');
    });

    it('moves the generation on every clock setting and calendar write, and only then', async () => {
      const g0 = await clockworkGeneration(a.db);
      assert.ok(g0, 'a migrated database has a generation');
      await setSetting(a.db, 'item_number_pattern', '区信〔{year}〕{seq:5}号');
      assert.equal(await clockworkGeneration(b.db), g0, 'other settings leave the clock alone');
      await setSetting(a.db, 'warning_thresholds', { notice: 0.5, warning: 0.75, severe: 0.9 });
      const g1 = await clockworkGeneration(b.db);
      assert.notEqual(g1, g0);
      await a.db
        .transaction()
        .execute(async (trx) => {
          await setSetting(trx, 'deadline_rules', { route: { length: 30 } });
          throw new Error('rolled back');
        })
        .catch(() => {});
      assert.equal(await clockworkGeneration(b.db), g1, 'a rolled-back edit keeps the generation');
      assert.equal(await routeDue(b), '2025-09-25');
    });

    it('answers a registration with the same view a fresh read gives (class, links, accused, collective)', async () => {
      const reg = { actor: people.users.registrar, requestId: null };
      const cls = (await listTaxonomy(a.db)).find((t) => t.parent)!;
      const first = await registerItem(a, reg, letter(++n, '2025-09-12', { classCode: cls.code }));
      const cases: RegisterItemInput[] = [
        letter(++n, '2025-09-15', { classCode: cls.code }),
        letter(++n, '2025-09-16', { repeat: { isRepeat: true, earlierItemIds: [first.item.id] } }),
        letter(++n, '2025-09-17', {
          headCount: 6,
          representatives: ['代表甲', '代表乙'],
          petitioners: [
            { name: '代表甲', phone: '13900001234', idUnverified: false },
            { name: '代表乙', address: '城关街道建设路1号', idUnverified: false },
          ],
          place: '城关街道',
        }),
        letter(++n, '2025-09-18', {
          handlingClass: '检举控告类',
          purpose: '揭发控告',
          accused: { name: '某科长', unitId: people.units.zjj, note: '' },
        }),
      ];
      for (const input of cases) {
        const res = await registerItem(a, reg, input);
        assert.ok(res.written, 'a new registration carries what it wrote');
        const built = await registeredItemView(a, reg, res);
        const read = await getItemView(a, reg, res.item.id);
        assert.deepEqual(built, read, `same view for ${input.title}`);
      }
      const replayKey = `k-${randomUUID()}`;
      await registerItem(a, reg, letter(++n), replayKey);
      const replay = await registerItem(a, reg, letter(n), replayKey);
      assert.equal(replay.replayed, true);
      assert.equal(replay.written, undefined);
      assert.deepEqual(await registeredItemView(a, reg, replay), await getItemView(a, reg, replay.item.id));
    });
  });
}
