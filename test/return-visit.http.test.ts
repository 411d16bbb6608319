import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { applyStep } from '../server/app/apply-step.ts';
import { RATING_WINDOW_SETTING } from '../server/app/public-access.ts';
import { registerItem } from '../server/app/register-item.ts';
import { createApp } from '../server/http/app.ts';
import { listAuditEvents } from '../server/store/audit-list.store.ts';
import { loadItem } from '../server/store/item.store.ts';
import { setSetting } from '../server/store/settings.store.ts';
import { dialects, makeTestEnv, seedPeople, type TestEnv } from './test-db.ts';
import { buildVisibilityWorld, type VisibilityWorld, type Who } from './visibility-fixture.ts';

/**
 * A rating comes only from the petitioner: their own rating on the portal (within the window after the opinion
 * is served) or what they said in a 回访 that staff record with who, when, how and the outcome. Staff cannot
 * enter a satisfaction without that record; every rating keeps its source.
 */
for (const dialect of dialects()) {
  describe(`回访 and rating sources (${dialect})`, () => {
    let env: TestEnv;
    let app: ReturnType<typeof createApp>;
    let p: Awaited<ReturnType<typeof seedPeople>>;
    const items: { id: string; code: string; v: number }[] = [];
    const rate = (code: string, satisfaction: string) =>
      app.request(`/api/v1/public/items/${code}/rating`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ satisfaction, comment: '处理及时' }),
      });

    before(async () => {
      env = await makeTestEnv(dialect, '2025-09-10');
      p = await seedPeople(env.deps);
      const reg = { actor: p.users.registrar, requestId: null };
      const rev = { actor: p.users.reviewer, requestId: null };
      const unit = { actor: p.users.scjHandler, requestId: null };
      for (const title of ['噪声扰民（一）', '噪声扰民（二）', '噪声扰民（三）']) {
        env.setToday('2025-09-10');
        const r = await registerItem(env.deps, reg, {
          channel: '来信',
          level: '区',
          receivedOn: '2025-09-10',
          registeredOn: '2025-09-10',
          headCount: 1,
          representatives: [],
          petitioners: [{ name: '钱回访', phone: '13900000303', idUnverified: false }],
          title,
          content: '楼下商铺夜间施工噪声扰民。',
          demands: ['责令停止夜间施工'],
          purpose: '求决',
          handlingClass: '申诉求决类',
          flags: [],
        });
        env.setToday('2025-10-20');
        const it = { id: r.item.id, code: r.queryCode, v: r.item.version };
        const run = async (ctx: typeof reg, input: Record<string, unknown>) => {
          it.v = (await applyStep(env.deps, ctx, it.id, it.v, input as never)).item.version;
        };
        await run(rev, {
          step: 'route',
          kind: '转送',
          unitId: p.units.scj,
          assistUnitIds: [],
          note: '',
          on: '2025-09-11',
        });
        await run(unit, { step: 'confirm_receipt', on: '2025-09-12' });
        await run(unit, { step: 'accept', on: '2025-09-13' });
        await run(unit, {
          step: 'reply',
          on: '2025-10-10',
          facts: '经查属实。',
          basis: '《中华人民共和国噪声污染防治法》',
          answers: [{ demandIndex: 0, outcome: '支持', explanation: '已责令停止夜间施工。' }],
        });
        await run(unit, { step: 'serve', on: '2025-10-12' });
        items.push(it);
      }
      app = createApp(env.deps, {
        secureCookies: false,
        idleMinutes: 600,
        webDist: null,
        log: null,
        rateLimitPerMinute: 1000,
      });
    });
    after(async () => env.close());

    it('staff cannot enter a satisfaction without a 回访 record', async () => {
      const it0 = items[0]!;
      await assert.rejects(
        applyStep(env.deps, { actor: p.users.registrar, requestId: null }, it0.id, it0.v, {
          step: 'rate',
          on: '2025-10-15',
          satisfaction: '满意',
          comment: '',
        } as never),
        (e: any) => e.code === 'VALIDATION' && /回访/.test(e.message),
      );
      const item = (await loadItem(env.deps.db, it0.id, env.deps.codec))!;
      assert.equal(item.facts.rating, null, 'nothing written');
    });

    it('a 回访 records who, when, how and the outcome, and the rating says it came from it', async () => {
      const it0 = items[0]!;
      const r = await applyStep(env.deps, { actor: p.users.registrar, requestId: null }, it0.id, it0.v, {
        step: 'rate',
        on: '2025-10-15',
        satisfaction: '基本满意',
        comment: '希望加强巡查',
        visit: { method: '电话', outcome: '电话联系信访人本人，施工已停止' },
      } as never);
      it0.v = r.item.version;
      const f = (await loadItem(env.deps.db, it0.id, env.deps.codec))!.facts;
      assert.equal(f.returnVisits?.length, 1);
      assert.deepEqual(
        { ...f.returnVisits![0]!, by: f.returnVisits![0]!.by.userId },
        {
          method: '电话',
          on: '2025-10-15',
          by: p.users.registrar.userId,
          outcome: '电话联系信访人本人，施工已停止',
          satisfaction: '基本满意',
        },
      );
      assert.equal(f.rating?.source, 'return_visit');
      assert.equal(f.rating?.visitIndex, 0);
      assert.equal(f.rating?.satisfaction, '基本满意');
      // Once rated, the portal does not overwrite it.
      assert.notEqual((await rate(it0.code, '不满意')).status, 200);
    });

    it('the portal rating is the petitioner own, audited with its source', async () => {
      const it1 = items[1]!;
      const res = await rate(it1.code, '满意');
      assert.equal(res.status, 200, await res.clone().text());
      const f = (await loadItem(env.deps.db, it1.id, env.deps.codec))!.facts;
      assert.equal(f.rating?.source, 'portal');
      assert.equal(f.rating?.satisfaction, '满意');
      assert.equal((f.returnVisits ?? []).length, 0);
      const audit = await listAuditEvents(env.deps.db, {
        itemId: it1.id,
        actionPrefix: 'item.rate',
        page: 1,
        pageSize: 10,
      });
      assert.equal(audit.rows.length, 1);
      assert.equal(audit.rows[0]!.actorRole, 'petitioner');
      assert.deepEqual(audit.rows[0]!.detail, { satisfaction: '满意', source: 'portal' });
    });

    it('after the configurable window the portal refuses, saying the day it closed', async () => {
      const it2 = items[2]!;
      await setSetting(env.deps.db, RATING_WINDOW_SETTING, 5);
      env.setToday('2025-10-18');
      const res = await rate(it2.code, '不满意');
      assert.equal(res.status, 422);
      const body = (await res.json()) as any;
      assert.match(JSON.stringify(body), /2025年10月17日/);
      assert.equal((await loadItem(env.deps.db, it2.id, env.deps.codec))!.facts.rating, null);
      await setSetting(env.deps.db, RATING_WINDOW_SETTING, 30);
      assert.equal((await rate(it2.code, '不满意')).status, 200, 'inside a longer window');
      env.setToday('2025-10-20');
    });
  });
}

/**
 * Who records a 回访 and who reads the list, by standing: the bureau and the lead unit record and read it in
 * full; the assisting unit reads it (masked) but cannot record; the accused unit of a redacted item opens the
 * item without any 回访; the unrelated unit cannot open the item at all.
 */
for (const dialect of dialects()) {
  describe(`回访 by standing (${dialect})`, () => {
    let w: VisibilityWorld;
    const versions = new Map<string, number>();
    const step = async (who: Who, id: string, input: Record<string, unknown>) => {
      const r = await w.as[who].post(`/api/v1/items/${id}/steps`, { version: versions.get(id), input });
      if (r.status === 200) versions.set(id, r.body.item.version);
      return r;
    };
    const visit = (satisfaction: string, outcome: string) => ({
      step: 'rate',
      satisfaction,
      comment: '',
      visit: { method: '电话', outcome },
    });
    const view = async (who: Who, id: string) => w.as[who].get(`/api/v1/items/${id}`);

    before(async () => {
      w = await buildVisibilityWorld(dialect);
      for (const id of [w.ids.acc, w.ids.accRedacted]) {
        versions.set(id, (await view('registrar', id)).body.version);
        for (const input of [
          { step: 'confirm_receipt' },
          { step: 'accept' },
          {
            step: 'reply',
            facts: '经核查，反映问题部分属实。',
            basis: '《信访工作条例》',
            answers: [{ demandIndex: 0, outcome: '解释说明', explanation: '已移交纪检部门依规处理。' }],
          },
        ]) {
          const r = await step('lead', id, input);
          assert.equal(r.status, 200, JSON.stringify(r.body));
        }
        const assist = id === w.ids.acc ? w.units.assist : w.units.accused;
        const waived = await step('reviewer', id, {
          step: 'waive_assist_opinion',
          unitId: assist,
          reason: '协办单位已口头反馈',
        });
        assert.equal(waived.status, 200, JSON.stringify(waived.body));
        assert.equal((await step('lead', id, { step: 'serve' })).status, 200);
      }
    });
    after(async () => w.env.close());

    it('the lead unit records a 回访; the assisting, accused and unrelated units cannot', async () => {
      const id = w.ids.acc;
      const lead = await view('lead', id);
      assert.ok(lead.body.steps.includes('rate'), 'the lead unit is offered the 回访');
      assert.ok(!(await view('assist', id)).body.steps.includes('rate'), 'the assisting unit is not');
      const byAssist = await step('assist', id, visit('满意', '协办单位致电'));
      assert.equal(byAssist.status, 409);
      assert.equal(byAssist.body.error.code, 'STEP_NOT_ALLOWED');
      for (const who of ['accused', 'unrelated'] as const)
        assert.equal((await step(who, id, visit('满意', '致电'))).status, 404, who);
      // Not reached: a 回访 without a stated satisfaction is a record, not a rating.
      assert.equal((await step('lead', id, visit('未评价', '电话无人接听'))).status, 200);
      const r = await step('lead', id, visit('基本满意', '电话联系王举报本人，对答复基本认可'));
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const f = (await loadItem(w.env.deps.db, id, w.env.deps.codec))!.facts;
      assert.equal(f.returnVisits?.length, 2);
      assert.equal(f.returnVisits![1]!.by.userId, w.actors.lead.userId);
      assert.deepEqual(
        { source: f.rating?.source, visitIndex: f.rating?.visitIndex, satisfaction: f.rating?.satisfaction },
        { source: 'return_visit', visitIndex: 1, satisfaction: '基本满意' },
      );
      // Rated once: nobody records a second rating over it.
      assert.equal((await step('reviewer', id, visit('满意', '再次回访'))).status, 409);
      const audit = await listAuditEvents(w.env.deps.db, {
        itemId: id,
        actionPrefix: 'item.rate',
        page: 1,
        pageSize: 10,
      });
      const details = audit.rows.map((a) => a.detail as Record<string, unknown>);
      assert.deepEqual(details.map((d) => [d.satisfaction, d.source, d.method]).sort(), [
        ['基本满意', 'return_visit', '电话'],
        ['未评价', 'return_visit', '电话'],
      ]);
    });

    it('the list: the bureau, the lead and the assisting unit read it (masked), no one beyond', async () => {
      const id = w.ids.acc;
      for (const who of ['registrar', 'lead'] as const) {
        const v = (await view(who, id)).body;
        assert.deepEqual(
          v.facts.returnVisits.map((r: any) => [r.method, r.by.name, r.satisfaction, r.outcome]),
          [
            ['电话', 'scj_jb', '未评价', '电话无人接听'],
            // The page masks the identity in free text until someone with the right asks to unmask.
            ['电话', 'scj_jb', '基本满意', '电话联系王**本人，对答复基本认可'],
          ],
          who,
        );
        assert.equal(v.ratingSource, '电话回访（回访人：scj_jb）');
      }
      const assist = (await view('assist', id)).body;
      assert.equal(assist.facts.returnVisits.length, 2);
      assert.ok(!JSON.stringify(assist.facts.returnVisits).includes('王举报'), 'the name is masked');
      for (const who of ['accused', 'unrelated'] as const) assert.equal((await view(who, id)).status, 404, who);
    });

    it('the accused unit of a redacted item sees no 回访 and is not offered one', async () => {
      const id = w.ids.accRedacted;
      assert.equal((await step('lead', id, visit('满意', '上门回访王举报'))).status, 200);
      const v = (await view('accused', id)).body;
      assert.deepEqual(v.facts.returnVisits, []);
      assert.ok(!v.steps.includes('rate'));
      assert.equal((await step('accused', id, visit('满意', '致电'))).status, 409);
      assert.equal((await view('registrar', id)).body.facts.returnVisits.length, 1);
    });
  });
}
