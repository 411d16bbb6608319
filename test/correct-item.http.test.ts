import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../server/http/app.ts';
import { extraRouteModules } from '../server/http/modules.ts';
import { loginAs, type Client } from './http-client.ts';
import { dialects, makeTestEnv, seedPeople, type TestEnv } from './test-db.ts';

const opts = { secureCookies: false, idleMinutes: 60 * 24 * 3650, webDist: null, log: null, rateLimitPerMinute: 1000 };

for (const dialect of dialects()) {
  describe(`更正登记信息 through the API (${dialect})`, () => {
    let env: TestEnv;
    let app: ReturnType<typeof createApp>;
    let people: Awaited<ReturnType<typeof seedPeople>>;
    let reg: Client, rev: Client, handler: Client, admin: Client;
    let id = '';
    let version = 0;
    before(async () => {
      env = await makeTestEnv(dialect, '2025-09-26');
      people = await seedPeople(env.deps);
      app = createApp(env.deps, opts, extraRouteModules);
      reg = await loginAs(app, 'dengji');
      rev = await loginAs(app, 'shenhe');
      handler = await loginAs(app, 'zjj_jb');
      admin = await loginAs(app, 'admin');
      const r = await reg.post('/api/v1/items', {
        channel: '网上投诉',
        receivedOn: '2025-09-26',
        headCount: 1,
        petitioners: [{ name: '周某' }],
        title: '楼道堆放杂物',
        content: '楼道长期堆放杂物，存在消防隐患。',
        demands: ['清理楼道'],
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      id = r.body.item.id;
      const routed = await rev.post(`/api/v1/items/${id}/steps`, {
        version: r.body.item.version,
        input: { step: 'route', kind: '转送', unitId: people.units.zjj },
      });
      const acc = await handler.post(`/api/v1/items/${id}/steps`, {
        version: routed.body.item.version,
        input: { step: 'accept' },
      });
      version = acc.body.item.version;
      assert.equal(acc.body.item.deadlines.find((d: any) => d.rule === 'handle').due, '2025-11-25');
    });
    after(async () => env.close());

    it('title, tags, demands corrected with a reason; clock follows 简易办理; timeline and audit keep both', async () => {
      const r = await reg.post(`/api/v1/items/${id}/correct`, {
        version,
        reason: '登记时误填标题，并补录遗漏的诉求',
        correction: {
          title: '楼道堆放杂物存在消防隐患',
          handFlags: ['简易办理', '积案'],
          addDemands: ['加强日常巡查'],
        },
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      version = r.body.item.version;
      assert.equal(r.body.item.title, '楼道堆放杂物存在消防隐患');
      assert.deepEqual(
        r.body.item.demands.map((d: any) => d.text),
        ['清理楼道', '加强日常巡查'],
      );
      assert.ok(r.body.item.flags.includes('积案'));
      const simple = r.body.item.deadlines.find((d: any) => d.rule === 'simple_handle');
      assert.ok(simple, 'the 简易办理 tag moves the item to the 10-working-day clock');
      const tl = await rev.get(`/api/v1/items/${id}/timeline`);
      const ev = tl.body.events.find((e: any) => e.step === 'correct');
      assert.match(ev.summary, /标题由“楼道堆放杂物”改为“楼道堆放杂物存在消防隐患”/);
      assert.match(ev.summary, /登记时误填标题/);
      const { auditRows } = await import('../server/store/audit.store.ts');
      const rows = [];
      for await (const a of auditRows(env.deps.db)) rows.push(a);
      const audit = rows.find((a) => a.action === 'item.correct' && a.itemId === id);
      assert.ok(audit);
      assert.equal((audit.detail as any).changes[0].before, '楼道堆放杂物');
    });

    it('corrected petitioners: re-sealed, re-indexed, repeat links recomputed, hidden from the accused', async () => {
      // The accuser (invalid-checksum ID number) accuses 区住建局; a later letter on the same matter was registered
      // under a misheard name and routed to 区住建局 itself.
      const accuser = { name: '王举报', idNumber: '110101199003071230', idUnverified: true };
      const matter = {
        channel: '来信',
        receivedOn: '2025-09-26',
        headCount: 1,
        title: '举报区住建局李科长收受开发商好处',
        content: '举报区住建局李科长在审批中收受开发商好处，要求查处。',
        demands: ['依法查处'],
      };
      const acc = await reg.post('/api/v1/items', {
        ...matter,
        petitioners: [accuser],
        handlingClass: '检举控告类',
        accused: { name: '李科长', unitId: people.units.zjj },
      });
      assert.equal(acc.status, 201, JSON.stringify(acc.body));
      const late = await reg.post('/api/v1/items', { ...matter, petitioners: [{ name: '王举保' }] });
      assert.equal(late.status, 201, JSON.stringify(late.body));
      assert.equal(late.body.item.isRepeat, false, 'the misheard name matches nobody');
      const lateId = late.body.item.id;
      const routed = await rev.post(`/api/v1/items/${lateId}/steps`, {
        version: late.body.item.version,
        input: { step: 'route', kind: '转送', unitId: people.units.zjj },
      });
      assert.equal(routed.status, 200, JSON.stringify(routed.body));
      const bad = await rev.post(`/api/v1/items/${lateId}/correct`, {
        version: routed.body.item.version,
        reason: '核对来信落款',
        correction: { petitioners: [{ index: 0, name: '王举报', idNumber: accuser.idNumber }] },
      });
      assert.equal(bad.status, 422);
      assert.equal(bad.body.error.code, 'ID_NUMBER_INVALID');
      const fixed = await rev.post(`/api/v1/items/${lateId}/correct`, {
        version: routed.body.item.version,
        reason: '核对来信落款，登记时听错姓名',
        correction: { petitioners: [{ index: 0, ...accuser }] },
      });
      assert.equal(fixed.status, 200, JSON.stringify(fixed.body));
      assert.equal(fixed.body.item.isRepeat, true);
      assert.deepEqual(
        fixed.body.item.earlier.map((e: any) => e.id),
        [acc.body.item.id],
        'the bureau sees the earlier accusation',
      );
      // Re-indexed: the corrected ID number finds the item, the misheard name no longer does.
      const byId = await reg.get(
        `/api/v1/items/repeat-check?idNumber=${accuser.idNumber}&name=${encodeURIComponent('王举报')}`,
      );
      assert.ok(byId.body.candidates.some((c: any) => c.itemId === lateId));
      const byOld = await reg.get(`/api/v1/items/repeat-check?name=${encodeURIComponent('王举保')}`);
      assert.ok(!byOld.body.candidates.some((c: any) => c.itemId === lateId));
      // The accused unit handles the later letter: it learns neither the accusation nor who wrote it.
      const seen = await handler.get(`/api/v1/items/${lateId}`);
      assert.equal(seen.status, 200);
      assert.deepEqual([seen.body.earlier, seen.body.later], [[], []]);
      const history = await handler.get(`/api/v1/items/${lateId}/link-history`);
      const timeline = await handler.get(`/api/v1/items/${lateId}/timeline`);
      const ev = timeline.body.events.find((e: any) => e.step === 'correct');
      assert.match(ev.summary, /信访人信息已更正（第 1 位信访人的姓名、证件号码）；重复信访重新判定：关联 1 件前件/);
      const unitView = JSON.stringify([seen.body, history.body, timeline.body]);
      for (const trace of [acc.body.item.id, acc.body.item.number, '王举报', '王举保', '19900307'])
        assert.ok(!unitView.includes(trace), `${trace} does not reach the accused unit`);
      assert.equal((await handler.get(`/api/v1/items/${acc.body.item.id}`)).status, 404);
      const regHistory = await reg.get(`/api/v1/items/${lateId}/link-history`);
      assert.match(JSON.stringify(regHistory.body), /更正登记信息后为同一信访人反映的同一事项/);
      // Corrected again to another person: the automatic link goes, with its history line.
      const other = await rev.post(`/api/v1/items/${lateId}/correct`, {
        version: fixed.body.item.version,
        reason: '经电话核实，来信人为其邻居',
        correction: { petitioners: [{ index: 0, name: '赵邻居', idNumber: null }] },
      });
      assert.equal(other.status, 200, JSON.stringify(other.body));
      assert.equal(other.body.item.isRepeat, false);
      assert.deepEqual(other.body.item.earlier, []);
      assert.match(other.body.summary, /解除 1 件前件的关联/);
      const accTimeline = await reg.get(`/api/v1/items/${acc.body.item.id}/timeline`);
      assert.deepEqual(
        accTimeline.body.events.filter((e: any) => e.step === 'link').map((e: any) => e.summary),
        ['更正登记信息后关联后件（重复信访）', '更正登记信息后解除关联后件（重复信访）'],
      );
    });

    it('a repeat link the registrar confirmed at registration stays when a correction no longer backs it', async () => {
      const person = { name: '孙确认', phone: '13900001111' };
      const matter = {
        channel: '来信',
        receivedOn: '2025-09-26',
        headCount: 1,
        title: '小区供暖温度长期不达标',
        content: '小区冬季供暖温度长期低于标准，多次反映无果。',
        demands: ['供暖达标'],
      };
      const first = await reg.post('/api/v1/items', { ...matter, petitioners: [person] });
      assert.equal(first.status, 201, JSON.stringify(first.body));
      // The rule finds the earlier item (same phone, same matter) and the registrar confirms it as his decision.
      const second = await reg.post('/api/v1/items', {
        ...matter,
        petitioners: [person],
        repeat: { isRepeat: true, earlierItemIds: [first.body.item.id] },
      });
      assert.equal(second.status, 201, JSON.stringify(second.body));
      assert.equal(second.body.item.isRepeat, true);
      // Corrected to another person: the rule no longer supports the link, but it was a person's decision.
      const moved = await rev.post(`/api/v1/items/${second.body.item.id}/correct`, {
        version: second.body.item.version,
        reason: '核实后信访人为其家属',
        correction: { petitioners: [{ index: 0, name: '孙家属', phone: null }] },
      });
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
      assert.equal(moved.body.item.isRepeat, true, 'still a repeat: the registrar said so');
      assert.deepEqual(
        moved.body.item.earlier.map((e: any) => e.id),
        [first.body.item.id],
      );
      assert.doesNotMatch(moved.body.summary, /解除/);
      const links = await reg.get(`/api/v1/items/${first.body.item.id}/timeline`);
      assert.ok(!links.body.events.some((e: any) => e.step === 'link'), 'the earlier item was not told of an unlink');
    });

    it('only registrar or reviewer corrects; a reason and a real change are needed; nothing half written', async () => {
      const unit = await handler.post(`/api/v1/items/${id}/correct`, {
        version,
        reason: '单位想改',
        correction: { title: 'x' },
      });
      assert.equal(unit.status, 403);
      const adm = await admin.post(`/api/v1/items/${id}/correct`, {
        version,
        reason: '管理员',
        correction: { title: 'x' },
      });
      assert.ok([403, 404].includes(adm.status), String(adm.status));
      const noReason = await rev.post(`/api/v1/items/${id}/correct`, {
        version,
        reason: ' ',
        correction: { title: 'x' },
      });
      assert.equal(noReason.status, 400);
      const same = await rev.post(`/api/v1/items/${id}/correct`, {
        version,
        reason: '核对',
        correction: { title: '楼道堆放杂物存在消防隐患' },
      });
      assert.equal(same.status, 422);
      assert.equal(same.body.error.code, 'CORRECTION_INVALID');
      const auto = await rev.post(`/api/v1/items/${id}/correct`, {
        version,
        reason: '核对',
        correction: { handFlags: ['集体访'] },
      });
      assert.equal(auto.status, 400);
      const stale = await rev.post(`/api/v1/items/${id}/correct`, {
        version: version - 1,
        reason: '核对',
        correction: { title: 'y' },
      });
      assert.equal(stale.status, 409);
      // A retired class is refused as at registration, with the same code and a Chinese reason.
      const made = await admin.post('/api/v1/admin/taxonomy', { parent: null, name: '更正停用类' });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const off = await admin.put(`/api/v1/admin/taxonomy/${made.body.code}`, { retired: true });
      assert.equal(off.body.retired, true);
      const retired = await rev.post(`/api/v1/items/${id}/correct`, {
        version,
        reason: '核对',
        correction: { classCode: made.body.code },
      });
      assert.equal(retired.status, 422, JSON.stringify(retired.body));
      assert.equal(retired.body.error.code, 'CLASS_RETIRED');
      assert.match(retired.body.error.message, /「更正停用类」已停用/);
      const item = await rev.get(`/api/v1/items/${id}`);
      assert.equal(item.body.version, version, 'nothing was written by the refused corrections');
      assert.equal(item.body.title, '楼道堆放杂物存在消防隐患');
    });

    it('the content class corrected: the detail shows the new path, the timeline names both paths', async () => {
      const nodes = (await rev.get('/api/v1/taxonomy')).body.nodes as { code: string; path: string }[];
      const codeOf = (path: string) => nodes.find((n) => n.path === path)!.code;
      const [first, second] = [codeOf('城乡建设/物业管理'), codeOf('城乡建设/城市建设和市政管理')];
      const set = async (classCode: string | null, reason: string) => {
        const r = await rev.post(`/api/v1/items/${id}/correct`, { version, reason, correction: { classCode } });
        assert.equal(r.status, 200, JSON.stringify(r.body));
        version = r.body.item.version;
        return r;
      };
      const r1 = await set(first, '登记时漏选分类');
      assert.deepEqual([r1.body.item.classCode, r1.body.item.classPath], [first, '城乡建设/物业管理']);
      assert.match(r1.body.summary, /内容分类由“（空）”改为“城乡建设\/物业管理”/);
      await set(second, '实为消防隐患');
      const detail = (await reg.get(`/api/v1/items/${id}`)).body;
      assert.deepEqual([detail.classCode, detail.classPath], [second, '城乡建设/城市建设和市政管理']);
      const listed = (await rev.get('/api/v1/items?pageSize=50')).body.items.find((x: { id: string }) => x.id === id);
      assert.equal(listed.classPath, '城乡建设/城市建设和市政管理', 'the list follows the correction');
      const tl = (await rev.get(`/api/v1/items/${id}/timeline`)).body.events as { step: string; summary: string }[];
      const last = tl.filter((e) => e.step === 'correct').at(-1)!;
      assert.match(last.summary, /实为消防隐患.*内容分类由“城乡建设\/物业管理”改为“城乡建设\/城市建设和市政管理”/);
      const { auditRows } = await import('../server/store/audit.store.ts');
      let change: unknown;
      for await (const a of auditRows(env.deps.db))
        if (a.action === 'item.correct' && a.itemId === id) change = (a.detail as { changes: unknown[] }).changes[0];
      assert.deepEqual(change, { field: 'classCode', label: '内容分类', before: first, after: second });
      await set(null, '分类待定');
      assert.equal((await reg.get(`/api/v1/items/${id}`)).body.classPath, null);
    });
  });
}
