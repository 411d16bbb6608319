import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { auditRows } from '../server/store/audit.store.ts';
import { setSetting } from '../server/store/settings.store.ts';
import { loginAs, makeTestApp, type Client } from './http-client.ts';
import { onlineForm, solve } from './online-fixture.ts';
import { dialects, makeTestEnv, seedPeople, type TestEnv } from './test-db.ts';

/** A small real PDF and PNG (their first bytes are what the type check reads). */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(40, 7)]);
const file = (name: string, bytes: Buffer) => ({ name, dataBase64: bytes.toString('base64') });

for (const dialect of dialects()) {
  describe(`petitioner materials: online attachments and 补充材料 (${dialect})`, () => {
    let env: TestEnv;
    let app: ReturnType<typeof makeTestApp>;
    let registrar: Client;
    let reviewer: Client;
    let zjj: Client;
    let scj: Client;
    let people: Awaited<ReturnType<typeof seedPeople>>;
    const pow = async () => solve((await (await app.request('/api/v1/public/online/challenge')).json()) as never);
    const post = async (path: string, body: unknown) => {
      const r = await app.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: r.status, body: (await r.json()) as any };
    };
    const pending = async () => (await registrar.get('/api/v1/online/submissions')).body.submissions as any[];
    const audits = async () => {
      const rows = [];
      for await (const row of auditRows(env.deps.db)) rows.push(row);
      return rows;
    };

    before(async () => {
      env = await makeTestEnv(dialect, '2026-03-02');
      people = await seedPeople(env.deps);
      app = makeTestApp(env);
      registrar = await loginAs(app, 'dengji');
      reviewer = await loginAs(app, 'shenhe');
      zjj = await loginAs(app, 'zjj_jb');
      scj = await loginAs(app, 'scj_jb');
      await setSetting(env.deps.db, 'online_limits', { perClientPerDay: 1000, perClientPerMinute: 1000 });
    });
    after(async () => env.close());

    it('refuses a file whose content is not an accepted type, naming it, and writes no submission', async () => {
      const before = (await pending()).length;
      const submitsBefore = (await audits()).filter((a) => a.action === 'online.submit').length;
      const fake = Buffer.from('MZ\u0090\u0000 not really a pdf', 'latin1');
      const r = await post('/api/v1/public/online/submissions', {
        ...onlineForm(),
        attachments: [file('合同.pdf', PDF), file('照片.pdf', fake)],
        pow: await pow(),
      });
      assert.equal(r.status, 415, JSON.stringify(r.body));
      assert.equal(r.body.error.code, 'FILE_TYPE');
      assert.match(r.body.error.message, /「照片\.pdf」/);
      assert.equal((await pending()).length, before);
      assert.equal((await audits()).filter((a) => a.action === 'online.submit').length, submitsBefore);
      const tooMany = await post('/api/v1/public/online/submissions', {
        ...onlineForm(),
        attachments: [file('a.pdf', PDF), file('b.pdf', PDF), file('c.pdf', PDF), file('d.pdf', PDF)],
        pow: await pow(),
      });
      assert.equal(tooMany.status, 400);
      assert.match(JSON.stringify(tooMany.body), /最多上传 3 份/);
    });

    it('carries online materials to the registrar and, on 受理登记, into the item as the petitioner’s', async () => {
      const r = await post('/api/v1/public/online/submissions', {
        ...onlineForm({ title: '带材料的网上信访' }),
        attachments: [file('购房合同.pdf', PDF), file('现场照片.png', PNG)],
        pow: await pow(),
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.deepEqual(
        r.body.receipt.attachments.map((a: any) => a.name),
        ['购房合同.pdf', '现场照片.png'],
      );
      const s = (await pending()).find((x) => x.number === r.body.receipt.number);
      assert.ok(s, 'submission waiting');
      assert.deepEqual(
        s.files.map((f: any) => [f.name, f.mime, f.size]),
        [
          ['购房合同.pdf', 'application/pdf', PDF.length],
          ['现场照片.png', 'image/png', PNG.length],
        ],
      );
      // The registrar reads the file she decides on; nobody else may (a unit has no part in 受理登记).
      const got = await registrar.raw!(`/api/v1/online/files/${s.files[0].id}`);
      assert.equal(got.status, 200);
      assert.deepEqual(Buffer.from(await got.arrayBuffer()), PDF);
      assert.equal((await zjj.raw!(`/api/v1/online/files/${s.files[0].id}`)).status, 403);
      assert.ok((await audits()).some((a) => a.action === 'online.file_read'));

      const acc = await registrar.post(`/api/v1/online/submissions/${s.id}/accept`, {
        version: s.version,
        level: '区',
        purpose: '求决',
        handlingClass: '申诉求决类',
      });
      assert.equal(acc.status, 200, JSON.stringify(acc.body));
      const itemId = acc.body.itemId as string;
      const list = (await registrar.get(`/api/v1/items/${itemId}/attachments`)).body.attachments as any[];
      assert.deepEqual(list.map((a) => a.name).sort(), ['现场照片.png', '购房合同.pdf'].sort());
      const dl = await registrar.raw!(`/api/v1/attachments/${list.find((a) => a.name === '现场照片.png').id}`);
      assert.deepEqual(Buffer.from(await dl.arrayBuffer()), PNG);
      const tl = (await registrar.get(`/api/v1/items/${itemId}/timeline`)).body;
      const events = (tl.events ?? tl) as any[];
      assert.equal(events.filter((e) => e.step === 'attach' && /信访人网上提交材料/.test(e.summary)).length, 2);

      // Routed to 住建局: the lead unit sees the materials; an unrelated unit does not reach them.
      const got0 = (await reviewer.get(`/api/v1/items/${itemId}`)).body;
      const item = got0.item ?? got0;
      const routed = await reviewer.post(`/api/v1/items/${itemId}/steps`, {
        version: item.version,
        input: { step: 'route', kind: '转送', unitId: people.units.zjj },
      });
      assert.equal(routed.status, 200, JSON.stringify(routed.body));
      assert.equal((await zjj.get(`/api/v1/items/${itemId}/attachments`)).body.attachments.length, 2);
      assert.equal((await scj.get(`/api/v1/items/${itemId}/attachments`)).status, 404);
      assert.equal((await scj.raw!(`/api/v1/attachments/${list[0].id}`)).status, 404);
    });

    it('takes 补充材料 by query code while the item is open, tells the lead unit, shows the petitioner', async () => {
      const r = await post('/api/v1/public/online/submissions', {
        ...onlineForm({ title: '补充材料测试' }),
        pow: await pow(),
      });
      const code = r.body.receipt.queryCode as string;
      const s = (await pending()).find((x) => x.number === r.body.receipt.number);
      const acc = await registrar.post(`/api/v1/online/submissions/${s.id}/accept`, {
        version: s.version,
        level: '区',
        purpose: '求决',
        handlingClass: '申诉求决类',
      });
      const itemId = acc.body.itemId as string;
      const got0 = (await reviewer.get(`/api/v1/items/${itemId}`)).body;
      const item = got0.item ?? got0;
      await reviewer.post(`/api/v1/items/${itemId}/steps`, {
        version: item.version,
        input: { step: 'route', kind: '转送', unitId: people.units.zjj },
      });

      const empty = await post(`/api/v1/public/items/${code}/materials`, { note: '', attachments: [] });
      assert.equal(empty.status, 400);
      assert.match(JSON.stringify(empty.body), /请填写补充说明或选择要补充的材料/);
      const wrong = await post('/api/v1/public/items/ABCDEFGHJK/materials', { note: '补充' });
      assert.equal(wrong.status, 404);
      assert.match(wrong.body.error.message, /查询码不正确/);

      const ok = await post(`/api/v1/public/items/${code}/materials`, {
        note: '补充物业拒绝维修的书面回复。',
        attachments: [file('物业回复.pdf', PDF)],
      });
      assert.equal(ok.status, 201, JSON.stringify(ok.body));
      assert.deepEqual(ok.body.received.files, [{ name: '物业回复.pdf', size: PDF.length }]);
      const names = (await zjj.get(`/api/v1/items/${itemId}/attachments`)).body.attachments.map((a: any) => a.name);
      assert.ok(names.includes('物业回复.pdf'), names.join());
      const tl = (await zjj.get(`/api/v1/items/${itemId}/timeline`)).body;
      const ev = ((tl.events ?? tl) as any[]).find((e) => e.step === 'supplement');
      assert.ok(ev, 'supplement on the timeline');
      assert.equal(ev.data.note, '补充物业拒绝维修的书面回复。');
      const bell = (await zjj.get('/api/v1/notifications')).body;
      const notes = (bell.notifications ?? bell.items ?? bell) as any[];
      const n = notes.find((x) => x.kind === 'materials_added' && x.itemId === itemId);
      assert.ok(n, JSON.stringify(bell));
      assert.ok(!n.body.includes('孙网上') && !n.title.includes('补充材料测试'), 'the notice names nobody');
      const scjBell = (await scj.get('/api/v1/notifications')).body;
      assert.ok(!JSON.stringify(scjBell).includes(itemId), 'an unrelated unit is not told');
      const seen = (await (await app.request(`/api/v1/public/items/${code}`)).json()) as any;
      const entries = (seen.progress ?? []) as any[];
      assert.ok(
        entries.some((e) => e.step === 'supplement' && e.summary === '您补充的 1 份材料已收到'),
        JSON.stringify(seen),
      );
      assert.ok((await audits()).some((a) => a.action === 'item.supplement' && a.itemId === itemId));
    });

    it('refuses 补充材料 once the item has ended, saying why', async () => {
      const r = await post('/api/v1/public/online/submissions', {
        ...onlineForm({ title: '已存档事项' }),
        pow: await pow(),
      });
      const code = r.body.receipt.queryCode as string;
      const s = (await pending()).find((x) => x.number === r.body.receipt.number);
      const acc = await registrar.post(`/api/v1/online/submissions/${s.id}/accept`, {
        version: s.version,
        level: '区',
        purpose: '求决',
        handlingClass: '申诉求决类',
      });
      const itemId = acc.body.itemId as string;
      const got0 = (await reviewer.get(`/api/v1/items/${itemId}`)).body;
      const item = got0.item ?? got0;
      const filed = await reviewer.post(`/api/v1/items/${itemId}/steps`, {
        version: item.version,
        input: { step: 'route', kind: '存', note: '反映情况已掌握，存档备查' },
      });
      assert.equal(filed.status, 200, JSON.stringify(filed.body));
      const refused = await post(`/api/v1/public/items/${code}/materials`, { note: '再补充一点' });
      assert.equal(refused.status, 409, JSON.stringify(refused.body));
      assert.equal(refused.body.error.code, 'STEP_NOT_ALLOWED');
      assert.match(refused.body.error.message, /已办理终结/);
      const tl = (await registrar.get(`/api/v1/items/${itemId}/timeline`)).body;
      assert.ok(!((tl.events ?? tl) as any[]).some((e) => e.step === 'supplement'));
    });
  });
}
