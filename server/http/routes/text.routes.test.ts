import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { applyStep } from '../../app/apply-step.ts';
import { registerItem } from '../../app/register-item.ts';
import { SYSTEM_SCOPE } from '../../domain/visibility.policy.ts';
import { createApp } from '../app.ts';
import { loginAs, settledHotIssues, type Client } from '../../../test/http-client.ts';
import { dialects, makeTestEnv, seedPeople, type TestEnv } from '../../../test/test-db.ts';

const PARKING =
  '锦绣花园小区开发商将地下车位捆绑销售，要求业主必须购买车位才能交房，车位价格过高，业主多次反映无果，请求相关部门查处。';

for (const dialect of dialects()) {
  describe(`text intelligence in registration and on the dashboard (${dialect})`, () => {
    let env: TestEnv;
    let reg: Client;
    let leader: Client;
    let handler: Client;
    let people: Awaited<ReturnType<typeof seedPeople>>;
    before(async () => {
      env = await makeTestEnv(dialect, '2025-09-26');
      people = await seedPeople(env.deps);
      const ctx = { actor: people.users.registrar, requestId: null };
      for (let i = 0; i < 8; i++) {
        const r = await registerItem(env.deps, ctx, {
          channel: '网上投诉',
          level: '区',
          receivedOn: '2025-09-10',
          registeredOn: '2025-09-10',
          headCount: 1,
          petitioners: [{ name: `业主${i}`, idUnverified: false }],
          representatives: [],
          title: `锦绣花园车位捆绑销售${i}`,
          content: `${PARKING}（第${i}位业主）`,
          demands: ['停止捆绑销售'],
          classCode: '08.01',
          place: '锦绣花园小区',
          purpose: '求决',
          handlingClass: '申诉求决类',
          flags: [],
        });
        await applyStep(env.deps, { actor: people.users.reviewer, requestId: null }, r.item.id, 1, {
          step: 'route',
          on: '2025-09-12',
          kind: '转送',
          unitId: people.units.zjj,
          assistUnitIds: [],
          note: '',
        });
      }
      await registerItem(env.deps, ctx, {
        channel: '来信',
        level: '区',
        receivedOn: '2025-09-11',
        headCount: 1,
        petitioners: [{ name: '王某', idUnverified: false }],
        representatives: [],
        title: '某餐馆油烟扰民',
        content: '幸福路一家餐馆油烟直排，噪音很大，影响楼上居民休息。',
        demands: ['整改'],
        purpose: '求决',
        handlingClass: '申诉求决类',
        flags: [],
      });
      const app = createApp(env.deps, {
        secureCookies: false,
        idleMinutes: 600,
        webDist: null,
        log: null,
        rateLimitPerMinute: 10000,
      });
      reg = await loginAs(app, 'dengji');
      leader = await loginAs(app, 'lingdao');
      handler = await loginAs(app, 'zjj_jb');
    });
    after(async () => env.close());

    it('suggests the class, the unit with its reason, and earlier items of the same matter', async () => {
      const r = await reg.post('/api/v1/text/suggest', {
        title: '车位捆绑销售',
        content: PARKING,
        place: '锦绣花园小区',
        petitioners: [{ name: '新业主' }],
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      // Eight confirmed items of the same matter: the office's class wins, down to its own level.
      assert.equal(r.body.classes[0].label, '城乡建设/住房保障与房地产', JSON.stringify(r.body.classes));
      assert.equal(r.body.classes[0].code, '08.01');
      assert.equal(r.body.classes.length, 3);
      assert.ok(r.body.classes[0].reasons.some((x: string) => /5 件已确认的相似事项/.test(x)));
      assert.ok(r.body.classes.every((c: any, i: number) => i === 0 || c.p <= r.body.classes[i - 1].p));
      assert.equal(r.body.classAdvice.status, 'confident', JSON.stringify(r.body.classAdvice));
      assert.ok(r.body.classAdvice.terms.length > 0);
      assert.ok(r.body.classAdvice.neighbours.length >= 3);
      assert.ok(r.body.classAdvice.neighbours.every((n: any) => n.classPath === '城乡建设/住房保障与房地产'));
      assert.equal(r.body.units[0].unitName, '区住建局');
      assert.match(r.body.units[0].reason, /8 件中 8 件交区住建局/);
      // The unit's own evidence: the similar confirmed items it handled (all eight were routed to it).
      assert.ok(
        r.body.units[0].similar.length >= 1 && r.body.units[0].similar.length <= 3,
        JSON.stringify(r.body.units),
      );
      const neighbourIds = new Set(r.body.classAdvice.neighbours.map((n: any) => n.itemId));
      assert.ok(r.body.units[0].similar.every((n: any) => neighbourIds.has(n.itemId) && /车位捆绑销售/.test(n.title)));
      const blank = await reg.post('/api/v1/text/suggest', { title: '  ', content: '。。。，，，！！！' });
      assert.equal(blank.status, 200);
      assert.equal(blank.body.classAdvice.status, 'empty');
      assert.deepEqual(blank.body.classes, []);
      assert.deepEqual(blank.body.units, []);
      assert.ok(r.body.sameMatter.length >= 3, JSON.stringify(r.body.sameMatter));
      assert.ok(r.body.sameMatter[0].similarity >= 0.5);
      const unrelated = await reg.post('/api/v1/text/suggest', {
        title: '学校招生',
        content: '孩子今年上小学，学区划分不合理，希望教育局解释招生政策。',
      });
      assert.equal(unrelated.body.sameMatter.length, 0);
      assert.equal((await handler.post('/api/v1/text/suggest', { title: 'x', content: 'y' })).status, 403);
    });

    it('items that arrive without the index (imports) are indexed later and then found', async () => {
      const { reindexText, similarMatters } = await import('../../app/text-intel.ts');
      const ids = (
        await env.deps.db.selectFrom('items').select('id').where('title', 'like', '锦绣花园%').execute()
      ).map((r) => r.id);
      await env.deps.db.deleteFrom('text_lsh').where('item_id', 'in', ids).execute();
      // What an import leaves behind: items without bands, on the indexer's list.
      const { enqueueTextIndex, finishTextIndex, queuedTextItems } = await import('../../store/text.store.ts');
      await enqueueTextIndex(env.deps.db, ids, '2025-01-01T00:00:00.000Z');
      assert.equal(
        (await similarMatters(env.deps.db, '车位捆绑销售', PARKING, SYSTEM_SCOPE)).length,
        0,
        'not indexed: not found',
      );
      assert.equal(await reindexText(env.deps), ids.length);
      assert.ok((await similarMatters(env.deps.db, '车位捆绑销售', PARKING, SYSTEM_SCOPE)).length >= 3);
      assert.equal(await reindexText(env.deps), 0, 'nothing left to index');
      // An item queued again while an indexer worked on its older text stays queued for the next pass.
      const [first] = ids;
      await enqueueTextIndex(env.deps.db, [first as string], '2025-01-02T00:00:00.000Z');
      const [read] = await queuedTextItems(env.deps.db, 10);
      await enqueueTextIndex(env.deps.db, [first as string], '2025-01-03T00:00:00.000Z');
      await finishTextIndex(env.deps.db, read!.itemId, read!.queuedAt, []);
      assert.equal((await queuedTextItems(env.deps.db, 10)).length, 1, 'the newer request is kept');
      assert.ok((await similarMatters(env.deps.db, '车位捆绑销售', PARKING, SYSTEM_SCOPE)).length >= 3, 'bands kept');
      assert.equal(await reindexText(env.deps), 1);
      assert.equal((await queuedTextItems(env.deps.db, 10)).length, 0);
    });

    it('text with no index keys (Uyghur, Tibetan, emoji, punctuation, empty) is marked done; it ends', async () => {
      const { reindexTextCounts } = await import('../../app/text-intel.ts');
      const { countQueuedTextItems, enqueueTextIndex } = await import('../../store/text.store.ts');
      const texts: [string, string][] = [
        ['ئۆي مەسىلىسى', 'ئۆيىمىزنىڭ ئۆگزىسى ئېقىۋاتىدۇ'],
        ['བོད་ཡིག', 'ཁྱིམ་གྱི་ཆུ་འཛག'],
        ['😀😀😀', '🎉🎉🎉🙏'],
        ['！！！', '。。。……？？？'],
        ['?', ' '],
      ];
      const ids: string[] = [];
      for (const [title, content] of texts) {
        const r = await registerItem(
          env.deps,
          { actor: people.users.registrar, requestId: null },
          {
            channel: '来信',
            level: '区',
            receivedOn: '2025-09-20',
            headCount: 1,
            petitioners: [{ name: '测试人', idUnverified: false }],
            representatives: [],
            title,
            content,
            demands: ['请处理'],
            purpose: '求决',
            handlingClass: '申诉求决类',
            flags: [],
          },
        );
        ids.push(r.item.id);
      }
      const withText = (
        await env.deps.db.selectFrom('items').select('id').where('title', 'like', '锦绣花园%').execute()
      ).map((r) => r.id);
      await enqueueTextIndex(env.deps.db, [...ids, ...withText.slice(0, 2)], '2025-09-26T00:00:00.000Z');
      assert.deepEqual(await reindexTextCounts(env.deps), { indexed: 2, withoutKeys: texts.length });
      assert.equal(await countQueuedTextItems(env.deps.db), 0, 'nothing left on the list');
      assert.deepEqual(await reindexTextCounts(env.deps), { indexed: 0, withoutKeys: 0 }, 'a second run ends at once');
    });

    it('the same ID number or phone is found first: 55 later namesakes do not hide the earlier item', async () => {
      const { findRepeatCandidates } = await import('../../app/repeat-check.ts');
      const { personCandidates } = await import('../../store/repeat.store.ts');
      const ctx = { actor: people.users.registrar, requestId: null };
      const person = (i: number, idNumber: string | null, phone: string | null) => ({
        channel: '来信' as const,
        level: '区' as const,
        receivedOn: '2025-09-01',
        registeredOn: `2025-09-${String(1 + Math.min(i, 24)).padStart(2, '0')}`,
        headCount: 1,
        petitioners: [{ name: '李建国', idNumber, idUnverified: true, phone }],
        representatives: [],
        title: i === 0 ? '老旧小区加装电梯补贴未发放' : `李建国反映其他事项${i}`,
        content: i === 0 ? '老旧小区加装电梯的政府补贴至今未发放，多次询问无果。' : `第${i}件与电梯无关的事项。`,
        demands: ['请处理'],
        purpose: '求决' as const,
        handlingClass: '申诉求决类' as const,
        flags: [],
      });
      // Invalid-checksum test ID numbers and 1xx-0000-xxxx phones.
      const earlier = await registerItem(env.deps, ctx, person(0, '110101196001011234', '13900000055'));
      for (let i = 1; i <= 55; i++)
        await registerItem(env.deps, ctx, person(i, `11010119700101${String(1000 + i)}`, `1370000${String(1000 + i)}`));
      const c = env.deps.codec;
      const byKind = async (id: string[], phone: string[]) =>
        (await personCandidates(env.deps.db, { id, phone, name: [c.index('name', '李建国')] }, SYSTEM_SCOPE, 40)).map(
          (r) => r.id,
        );
      const nameOnly = await byKind([], []);
      assert.equal(nameOnly.length, 40, 'the name lookup is bounded to the 40 newest');
      assert.ok(!nameOnly.includes(earlier.item.id), 'by name alone the earlier item is beyond the bound');
      assert.ok((await byKind([c.index('id', '110101196001011234')], [])).includes(earlier.item.id), 'same ID');
      assert.ok((await byKind([], [c.index('phone', '13900000055')])).includes(earlier.item.id), 'same phone');
      const ask = (idNumber: string | null, phone: string | null) =>
        findRepeatCandidates(
          env.deps.db,
          c,
          {
            id: '',
            title: person(0, null, null).title,
            content: person(0, null, null).content,
            petitioners: [{ name: '李建国', idNumber, idVerified: false, phone, address: null }],
          },
          SYSTEM_SCOPE,
        );
      for (const [idNumber, phone] of [
        ['110101196001011234', null],
        [null, '13900000055'],
      ] as const) {
        const found = (await ask(idNumber, phone)).find((x) => x.itemId === earlier.item.id);
        assert.ok(found?.isRepeat, `${idNumber ?? phone}: the same matter of the same person is a repeat`);
        assert.match(found.reason, idNumber ? /证件号码/ : /电话/);
      }
    });

    it("ranks the compound's parking dispute as the hottest issue", async () => {
      const path = '/api/v1/text/hotspots?from=2025-01-01&to=2025-12-31&top=5';
      // Asked for the first time: nothing stored yet, the answer says 计算中 and the computation starts.
      const first = await leader.get(path);
      assert.equal(first.status, 200, JSON.stringify(first.body));
      assert.equal(first.body.updating, true);
      assert.equal(first.body.computedAt, null);
      assert.deepEqual(first.body.clusters, []);
      const r = await settledHotIssues(leader, path);
      assert.equal(r.body.updating, false);
      assert.match(r.body.computedAt, /^\d{4}-\d{2}-\d{2}T/);
      const top = r.body.clusters[0];
      assert.ok(top.size >= 8, JSON.stringify(top));
      assert.match(`${top.label}${top.place}`, /锦绣花园/);
      assert.equal(top.items.length, top.size);
    });
  });
}
