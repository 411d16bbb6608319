import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { adviseUnits, routingWindow } from '../server/app/class-suggest.ts';
import { applyStep } from '../server/app/apply-step.ts';
import { correctRegisteredItem } from '../server/app/correct-item.ts';
import { registerItem } from '../server/app/register-item.ts';
import { rebuildRoutingHistory } from '../server/app/routing-history.ts';
import { SYSTEM_SCOPE } from '../server/domain/visibility.policy.ts';
import { listRoutingHistory } from '../server/store/item-text.store.ts';
import { routingCounts, suggestUnits } from '../server/text/routing.ts';
import { dialects, makeTestEnv, seedPeople, type TestEnv } from './test-db.ts';

const TODAY = '2025-09-26';

/** The counts the maintained table must equal: the same window's routed items, read and counted one by one. */
async function scanned(env: TestEnv, q: { classPath: string; place?: string; title?: string }) {
  const { fromMonth } = routingWindow(TODAY);
  const rows = await listRoutingHistory(env.deps.db, SYSTEM_SCOPE, `${fromMonth}-01`, '9999-12-31');
  const { counts, names } = routingCounts(rows.map((h) => ({ ...h, classCode: h.classPath, date: h.routedOn })));
  return suggestUnits(counts, names, { classCode: q.classPath, place: q.place, title: q.title });
}

async function countRows(env: TestEnv) {
  return env.deps.db
    .selectFrom('routing_counts')
    .select(['feature', 'value', 'unit_id', 'month', 'n'])
    .orderBy('feature')
    .orderBy('value')
    .orderBy('unit_id')
    .orderBy('month')
    .execute();
}

for (const dialect of dialects()) {
  describe(`the routing history is kept with every item write (${dialect})`, () => {
    let env: TestEnv;
    const queries = [
      { classPath: '城乡建设/物业管理', place: '锦绣花园小区', title: '锦绣花园车位捆绑销售' },
      { classPath: '城乡建设', title: '物业服务收费' },
      { classPath: '市场监管', place: '幸福路' },
    ];
    before(async () => {
      env = await makeTestEnv(dialect, TODAY);
      const people = await seedPeople(env.deps);
      const reg = { actor: people.users.registrar, requestId: null };
      const rev = { actor: people.users.reviewer, requestId: null };
      const plan = [
        { title: '锦绣花园车位捆绑销售', place: '锦绣花园小区', unit: people.units.zjj, on: '2025-09-12' },
        { title: '锦绣花园车位捆绑销售再次反映', place: '锦绣花园小区', unit: people.units.zjj, on: '2025-08-20' },
        { title: '物业服务收费不透明', place: '锦绣花园小区', unit: people.units.scj, on: '2025-03-02' },
        { title: '锦绣花园物业服务收费', place: '幸福路', unit: people.units.scj, on: '2024-08-30' },
        { title: '车位捆绑销售', place: '幸福路', unit: people.units.zjj, on: null },
      ];
      for (const [i, p] of plan.entries()) {
        const day = p.on ?? '2025-09-20';
        const r = await registerItem(env.deps, reg, {
          channel: '来信',
          level: '区',
          receivedOn: day,
          registeredOn: day,
          headCount: 1,
          petitioners: [{ name: `业主${i}`, idUnverified: false }],
          representatives: [],
          title: p.title,
          content: `${p.title}，请有关部门处理。`,
          demands: ['处理'],
          classCode: '08.01',
          place: p.place,
          purpose: '求决',
          handlingClass: '申诉求决类',
          flags: [],
        });
        if (!p.on) continue;
        await applyStep(env.deps, rev, r.item.id, 1, {
          step: 'route',
          on: p.on,
          kind: '转送',
          unitId: p.unit,
          assistUnitIds: [],
          note: '',
        });
        // One routed item is corrected afterwards: its title and place move its counts.
        if (i === 2)
          await correctRegisteredItem(env.deps, reg, r.item.id, {
            version: 2,
            reason: '登记时标题有误',
            correction: { title: '锦绣花园物业收费', place: '锦绣花园小区' },
          });
      }
    });
    after(async () => env.close());

    it('suggests the same units, scores and reasons as counting the routed items themselves', async () => {
      for (const q of queries) {
        const kept = await adviseUnits(env.deps.db, SYSTEM_SCOPE, q, TODAY);
        assert.ok(kept.length >= 1, JSON.stringify(q));
        assert.deepEqual(kept, await scanned(env, q));
      }
      const [top] = await adviseUnits(env.deps.db, SYSTEM_SCOPE, queries[0]!, TODAY);
      assert.equal(top?.unitName, '区住建局');
    });

    it('leaves items routed before the twelve months out of the window', async () => {
      const all = await adviseUnits(env.deps.db, SYSTEM_SCOPE, queries[1]!, TODAY);
      assert.match(all[0]!.reason, /3 件中/, JSON.stringify(all));
    });

    it('counted again from scratch, the table holds the same rows as kept step by step', async () => {
      const kept = await countRows(env);
      assert.ok(kept.length > 10);
      await env.deps.db.deleteFrom('routing_counts').execute();
      await env.deps.db.deleteFrom('routing_items').execute();
      assert.equal(await rebuildRoutingHistory(env.deps), 4);
      assert.deepEqual(await countRows(env), kept);
    });
  });
}
