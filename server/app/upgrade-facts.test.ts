import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RegisterItemInput } from '../../contract/dto.ts';
import { dialects, makeTestEnv, seedPeople, type TestEnv } from '../../test/test-db.ts';
import { FACTS_VERSION } from '../domain/item.ts';
import { loadItem, timelineOf, updateItem } from '../store/item.store.ts';
import { getSetting } from '../store/settings.store.ts';
import { applyStep } from './apply-step.ts';
import { loadClockwork } from './context.ts';
import { deriveItem } from './derive.ts';
import { registerItem } from './register-item.ts';
import { upgradeStoredFacts } from './upgrade-facts.ts';

for (const dialect of dialects()) {
  describe(`upgrading stored facts (${dialect})`, () => {
    let env: TestEnv;
    before(async () => {
      env = await makeTestEnv(dialect, '2025-09-26');
    });
    after(async () => env.close());

    it('a routed item stored before delivery semantics gets its 受理告知 clock from the route date', async () => {
      const people = await seedPeople(env.deps);
      const reg = { actor: { ...people.users.registrar }, requestId: null };
      const rev = { actor: { ...people.users.reviewer }, requestId: null };
      const { item } = await registerItem(
        env.deps,
        reg,
        RegisterItemInput.parse({
          channel: '网上投诉',
          receivedOn: '2025-09-26',
          headCount: 1,
          petitioners: [{ name: '升级测试' }],
          title: '升级测试事项',
          content: '用于测试数据升级。',
          demands: ['一项诉求'],
        }),
      );
      env.setToday('2025-09-29');
      const routed = await applyStep(env.deps, rev, item.id, item.version, {
        step: 'route',
        kind: '转送',
        unitId: people.units.zjj,
        assistUnitIds: [],
        note: '',
      });
      // Write the row back in the shape older code stored: no version, no delivery, no receipt, and derived
      // columns as the old rule left them (no unit clock until 签收: only the bureau's route duty, met).
      const { factsVersion, receipt, assists, report, legal, ...old } = routed.item.facts;
      const { delivery, letter, assistDueOn, ...oldRoute } = old.route!;
      const stale = { ...routed.item, facts: { ...old, route: oldRoute } as never };
      const cw = await loadClockwork(env.deps.db, env.deps.clock());
      const { extra } = await deriveItem(env.deps.db, routed.item, cw);
      await updateItem(
        env.deps.db,
        stale,
        routed.item.version,
        env.deps.codec,
        { ...extra, dueOn: null, dueRule: null },
        'x',
      );
      assert.equal((await getSetting<number>(env.deps.db, 'facts_version', 0)) >= FACTS_VERSION, false);

      env.setToday('2025-10-20');
      assert.equal(await upgradeStoredFacts(env.deps), 1);
      const up = (await loadItem(env.deps.db, item.id, env.deps.codec))!;
      assert.equal(up.facts.factsVersion, FACTS_VERSION);
      assert.equal(up.facts.route?.delivery, 'system');
      const tl = await timelineOf(env.deps.db, item.id);
      const ev = tl.find((e) => e.step === 'facts_upgrade');
      assert.ok(ev, 'the upgrade is on the timeline');
      assert.match(ev.summary, /自 2025-09-29 交转之日起算/);
      assert.equal(await getSetting<number>(env.deps.db, 'facts_version', 0), FACTS_VERSION);
      assert.equal(await upgradeStoredFacts(env.deps), 0, 'idempotent: nothing left to upgrade');
    });
  });
}
