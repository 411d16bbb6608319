import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { submitOnline } from '../../app/online-intake.ts';
import { setSetting } from '../../store/settings.store.ts';
import { auditRows } from '../../store/audit.store.ts';
import { docxText } from '../../documents/docx-text.ts';
import { maskIdNumber, maskPhone } from '../../domain/masking.ts';
import { loginAs, makeTestApp, type Client } from '../../../test/http-client.ts';
import { onlineForm, solve, syntheticValidId } from '../../../test/online-fixture.ts';
import { dialects, makeTestEnv, seedPeople, type TestEnv } from '../../../test/test-db.ts';

/** Field names of the wire format: a message the petitioner reads never names one. */
const LOOSE = { perClientPerDay: 1000, perClientPerMinute: 1000 };
const ENGLISH_FIELDS = /idNumber|phone|consent|pow|challenge|solution|demands|content|title|name/;

for (const dialect of dialects()) {
  describe(`网上信访 online submission (${dialect})`, () => {
    let env: TestEnv;
    let app: ReturnType<typeof makeTestApp>;
    let registrar: Client;
    let unit: Client;
    const pow = async () => {
      const r = await app.request('/api/v1/public/online/challenge');
      assert.equal(r.status, 200);
      return solve((await r.json()) as never);
    };
    const submit = async (body: unknown) => {
      const r = await app.request('/api/v1/public/online/submissions', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: r.status, body: (await r.json()) as any, retryAfter: r.headers.get('retry-after') };
    };
    const lookup = async (code: string) => {
      const r = await app.request(`/api/v1/public/items/${code}`);
      return { status: r.status, body: (await r.json()) as any };
    };
    const pending = async () => (await registrar.get('/api/v1/online/submissions')).body.submissions as any[];

    before(async () => {
      env = await makeTestEnv(dialect, '2026-03-02');
      await seedPeople(env.deps);
      app = makeTestApp(env);
      registrar = await loginAs(app, 'dengji');
      unit = await loginAs(app, 'zjj_jb');
      // In-process requests all come from one address; the per-address limits are tested with explicit addresses.
      await setSetting(env.deps.db, 'online_limits', LOOSE);
    });
    after(async () => env.close());

    it('gives number and query code on the spot; the code shows the submission waiting, without identity', async () => {
      const r = await submit({ ...onlineForm(), pow: await pow() });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      const receipt = r.body.receipt;
      assert.match(receipt.number, /^区信网〔2026〕\d{5}号$/);
      assert.match(receipt.queryCode, /^[A-Z2-9]{10}$/);
      assert.ok(!receipt.idNumber.includes(syntheticValidId(1).slice(6, 14)), receipt.idNumber);
      assert.notEqual(receipt.phone, '13900000101');
      assert.deepEqual(receipt.demands, onlineForm().demands);
      const seen = await lookup(receipt.queryCode);
      assert.equal(seen.status, 200, JSON.stringify(seen.body));
      assert.equal(seen.body.kind, 'submission');
      assert.equal(seen.body.status, 'pending');
      assert.equal(seen.body.number, receipt.number);
      const text = JSON.stringify(seen.body);
      for (const secret of ['孙网上', syntheticValidId(1), '13900000101', '某区某街道'])
        assert.ok(!text.includes(secret));
      // The text message is recorded as "would be sent" with its kind and number only.
      const rows = [];
      for await (const row of auditRows(env.deps.db)) rows.push(row);
      const sms = rows.filter((x) => x.action === 'sms.would_send');
      assert.equal(sms.length, 1);
      const detail = JSON.stringify(sms[0]);
      assert.ok(detail.includes(receipt.number));
      assert.ok(!detail.includes('13900000101') && !detail.includes(receipt.queryCode), detail);
      assert.ok(rows.some((x) => x.action === 'online.submit'));
    });

    it('refuses a spent, forged or missing proof-of-work, a bad check digit, no consent; writes nothing', async () => {
      const before = (await pending()).length;
      const solved = await pow();
      const ok = await submit({ ...onlineForm({ phone: '13900000102' }), pow: solved });
      assert.equal(ok.status, 201);
      const replay = await submit({ ...onlineForm({ phone: '13900000103' }), pow: solved });
      assert.equal(replay.status, 400);
      assert.match(replay.body.error.message, /安全验证已使用过/);
      const forged = await pow();
      forged.solution.derivedKey = forged.solution.derivedKey.replace(/^./, (ch: string) => (ch === 'a' ? 'b' : 'a'));
      const bad = await submit({ ...onlineForm({ phone: '13900000104' }), pow: forged });
      assert.equal(bad.status, 400);
      assert.match(bad.body.error.message, /安全验证未通过/);
      const missing = await submit(onlineForm({ phone: '13900000105' }));
      assert.equal(missing.status, 400);
      assert.match(missing.body.error.message, /安全验证/);
      const wrongId = syntheticValidId(2).slice(0, 17) + (syntheticValidId(2).endsWith('1') ? '2' : '1');
      const id = await submit({ ...onlineForm({ idNumber: wrongId, phone: '13900000106' }), pow: await pow() });
      assert.equal(id.status, 422);
      assert.equal(id.body.error.code, 'ID_NUMBER_INVALID');
      assert.match(id.body.error.message, /校验位/);
      const noConsent = await submit({ ...onlineForm({ consent: false, phone: '13900000107' }), pow: await pow() });
      assert.equal(noConsent.status, 400);
      assert.match(noConsent.body.error.message, /个人信息处理告知/);
      const empty = await submit({ ...onlineForm({ title: '', demands: [] }), pow: await pow() });
      assert.equal(empty.status, 400);
      assert.match(empty.body.error.message, /标题/);
      for (const m of [replay, bad, missing, id, noConsent, empty].map((x) => x.body.error.message))
        assert.doesNotMatch(m, ENGLISH_FIELDS, m);
      assert.equal((await pending()).length, before + 1);
    });

    it('limits submissions per phone and per client address, counted in the database', async () => {
      await setSetting(env.deps.db, 'online_limits', { ...LOOSE, perPhonePerDay: 2 });
      const phone = '13900000120';
      for (let i = 0; i < 2; i++)
        assert.equal((await submit({ ...onlineForm({ phone }), pow: await pow() })).status, 201);
      const third = await submit({ ...onlineForm({ phone }), pow: await pow() });
      assert.equal(third.status, 429);
      assert.equal(third.body.error.code, 'RATE_LIMITED');
      assert.match(third.body.error.message, /同一联系电话/);
      assert.ok(Number(third.retryAfter) > 0);
      // Per client address and day: three from one address pass, the fourth is refused; another address still may.
      await setSetting(env.deps.db, 'online_limits', { perClientPerDay: 3, perClientPerMinute: 1000 });
      const viaUseCase = async (address: string, n: number) => {
        const r = await app.request('/api/v1/public/online/challenge');
        const body = { ...onlineForm({ phone: `1390000020${n}` }), pow: await solve((await r.json()) as never) };
        return submitOnline(env.deps, body as never, { address, requestId: null });
      };
      for (let n = 1; n <= 3; n++) await viaUseCase('203.0.113.7', n);
      await assert.rejects(
        viaUseCase('203.0.113.7', 4),
        (e: any) => e.code === 'RATE_LIMITED' && /本网络/.test(e.message),
      );
      await viaUseCase('203.0.113.8', 5);
      // Per client address and minute: the second within the minute is refused with the wait.
      await setSetting(env.deps.db, 'online_limits', { perClientPerDay: 1000, perClientPerMinute: 1 });
      await viaUseCase('203.0.113.9', 6);
      await assert.rejects(
        viaUseCase('203.0.113.9', 7),
        (e: any) => e.code === 'RATE_LIMITED' && e.details.retryAfterSeconds > 0,
      );
      await setSetting(env.deps.db, 'online_limits', LOOSE);
    });

    it('the registrar accepts it as 网上投诉 keeping number and code, or declines with a reason shown', async () => {
      const a = (await submit({ ...onlineForm({ phone: '13900000130' }), pow: await pow() })).body.receipt;
      const b = (await submit({ ...onlineForm({ phone: '13900000131', title: '广告' }), pow: await pow() })).body
        .receipt;
      assert.equal((await unit.get('/api/v1/online/submissions')).status, 403);
      const list = await pending();
      const sa = list.find((s) => s.number === a.number);
      const sb = list.find((s) => s.number === b.number);
      assert.equal(sa.idNumber, syntheticValidId(1));
      assert.equal(sa.phone, '13900000130');
      const forbidden = await unit.post(`/api/v1/online/submissions/${sa.id}/accept`, { version: sa.version });
      assert.equal(forbidden.status, 403);
      const acc = await registrar.post(`/api/v1/online/submissions/${sa.id}/accept`, {
        version: sa.version,
        level: '区',
        purpose: '求决',
        handlingClass: '申诉求决类',
      });
      assert.equal(acc.status, 200, JSON.stringify(acc.body));
      assert.equal(acc.body.number, a.number);
      const again = await registrar.post(`/api/v1/online/submissions/${sa.id}/accept`, { version: sa.version });
      assert.equal(again.status, 409);
      const item = await registrar.get(`/api/v1/items/${acc.body.itemId}`);
      assert.equal(item.body.item?.channel ?? item.body.channel, '网上投诉');
      const seen = await lookup(a.queryCode);
      assert.equal(seen.body.kind, 'item');
      assert.equal(seen.body.number, a.number);
      assert.equal(seen.body.status, 'registered');
      assert.ok(!(await pending()).some((s) => s.id === sa.id));

      const empty = await registrar.post(`/api/v1/online/submissions/${sb.id}/reject`, {
        version: sb.version,
        reason: '',
      });
      assert.equal(empty.status, 400);
      assert.doesNotMatch(empty.body.error.message, ENGLISH_FIELDS);
      const rej = await registrar.post(`/api/v1/online/submissions/${sb.id}/reject`, {
        version: sb.version,
        reason: '所提交内容为商业广告，不属于信访事项。',
      });
      assert.equal(rej.status, 200, JSON.stringify(rej.body));
      const told = await lookup(b.queryCode);
      assert.equal(told.body.status, 'rejected');
      assert.equal(told.body.rejectReason, '所提交内容为商业广告，不属于信访事项。');
      const wrong = await lookup('ABCDEFGHJK');
      assert.equal(wrong.status, 404);
    });

    it('writes the 网上信访登记回执 (.docx) by query code, on the spot and after 受理登记, masked and audited', async () => {
      const phone = '13900000140';
      const r = await submit({ ...onlineForm({ phone }), pow: await pow() });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      const { number, queryCode } = r.body.receipt;
      const seen = await lookup(queryCode);
      assert.deepEqual(
        seen.body.documents.map((d: { kind: string }) => d.kind),
        ['online_receipt'],
      );
      const download = async (code: string) => {
        const d = await app.request(`/api/v1/public/items/${code}/documents/online_receipt`);
        assert.equal(d.status, 200);
        assert.match(d.headers.get('content-type') ?? '', /wordprocessingml/);
        return docxText(new Uint8Array(await d.arrayBuffer()));
      };
      const text = await download(queryCode);
      assert.match(text, /网上信访事项登记回执/);
      assert.ok(text.includes(`您于2026年3月2日通过网上信访提交的信访事项（小区电梯长期停运）已收到，编号为${number}`));
      assert.ok(text.includes(`您的查询码为${queryCode}`), text);
      for (const [i, d] of onlineForm().demands.entries()) assert.ok(text.includes(`${i + 1}．${d}`), d);
      assert.ok(text.includes(`证件号码：${maskIdNumber(syntheticValidId(1))}，联系电话：${maskPhone(phone)}`), text);
      assert.ok(!text.includes(syntheticValidId(1)) && !text.includes(phone) && !text.includes('1 号'), text);
      assert.doesNotMatch(text, /\d{4}-\d{2}-\d{2}/);
      const docNumber = /区信访〔2026〕\d+号/.exec(text)?.[0];
      assert.ok(docNumber, text);
      assert.match(text, /2026年3月2日\s*$/);

      // Registered: the same receipt stays among the petitioner's documents, with the number it was given.
      const sub = (await pending()).find((s) => s.number === number);
      const acc = await registrar.post(`/api/v1/online/submissions/${sub.id}/accept`, {
        version: sub.version,
        level: '区',
        purpose: '求决',
        handlingClass: '申诉求决类',
      });
      assert.equal(acc.status, 200, JSON.stringify(acc.body));
      const later = await lookup(queryCode);
      assert.equal(later.body.kind, 'item');
      assert.ok(later.body.documents.some((d: { kind: string }) => d.kind === 'online_receipt'));
      assert.ok((await download(queryCode)).includes(docNumber));
      const wrong = await app.request('/api/v1/public/items/ABCDEFGHJK/documents/online_receipt');
      assert.equal(wrong.status, 404);

      const rows = [];
      for await (const row of auditRows(env.deps.db)) rows.push(row);
      const downloads = rows.filter(
        (x) => x.action === 'item.document' && (x.detail as { kind?: string }).kind === 'online_receipt',
      );
      assert.equal(downloads.length, 2);
      assert.ok(downloads.every((x) => x.actorRole === 'petitioner'));
      assert.equal(downloads[1]!.itemId, acc.body.itemId);
    });
  });
}
