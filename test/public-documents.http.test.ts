import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { applyStep } from '../server/app/apply-step.ts';
import { registerItem } from '../server/app/register-item.ts';
import { renderItemDocument } from '../server/app/item-documents.ts';
import { maskPhone } from '../server/domain/masking.ts';
import { docxText } from '../server/documents/docx-text.ts';
import { createApp } from '../server/http/app.ts';
import { listAuditEvents } from '../server/store/audit-list.store.ts';
import { loadItem } from '../server/store/item.store.ts';
import { dialects, makeTestEnv, seedPeople, type TestEnv } from './test-db.ts';

/** Invalid check digit on purpose (names nobody); the staff form records it as unverified. */
const ID = '110105194912310020';
const PHONE = '13900000202';
const ADDRESS = '某区幸福路 8 号 3 单元 502 室';

/**
 * The petitioner follows the item by query code: the documents addressed to them are listed on the public page
 * and downloaded with the ID number, phone and address masked; documents for units are not offered; a wrong code
 * tells nothing; every download is audited as the petitioner's.
 */
for (const dialect of dialects()) {
  describe(`public documents by query code (${dialect})`, () => {
    let env: TestEnv;
    let app: ReturnType<typeof createApp>;
    let code = '';
    let itemId = '';
    let v = 1;
    let unitCtx: any;
    const get = async (path: string) => app.request(`/api/v1/public/items/${path}`);

    before(async () => {
      env = await makeTestEnv(dialect, '2025-09-10');
      const p = await seedPeople(env.deps);
      const reg = { actor: p.users.registrar, requestId: null };
      const rev = { actor: p.users.reviewer, requestId: null };
      unitCtx = { actor: p.users.scjHandler, requestId: null };
      const r = await registerItem(env.deps, reg, {
        channel: '来信',
        level: '区',
        receivedOn: '2025-09-10',
        registeredOn: '2025-09-10',
        headCount: 1,
        representatives: [],
        petitioners: [{ name: '钱文书', idNumber: ID, idUnverified: true, phone: PHONE, address: ADDRESS }],
        title: '小区噪声扰民',
        content: '楼下商铺夜间施工噪声扰民。',
        demands: ['责令停止夜间施工'],
        purpose: '求决',
        handlingClass: '申诉求决类',
        flags: [],
      });
      code = r.queryCode;
      env.setToday('2025-11-20');
      itemId = r.item.id;
      const run = async (ctx: typeof reg, input: Record<string, unknown>) => {
        const res = await applyStep(env.deps, ctx, itemId, v, input as never);
        v = res.item.version;
      };
      await run(rev, {
        step: 'route',
        kind: '转送',
        unitId: p.units.scj,
        assistUnitIds: [],
        note: '',
        on: '2025-09-11',
      });
      await run(unitCtx, { step: 'confirm_receipt', on: '2025-09-12' });
      await run(unitCtx, { step: 'accept', on: '2025-09-13' });
      await run(unitCtx, {
        step: 'reply',
        on: '2025-10-10',
        facts: '经查，商铺确有夜间施工。',
        basis: '《中华人民共和国噪声污染防治法》',
        answers: [{ demandIndex: 0, outcome: '支持', explanation: '已责令商铺停止夜间施工。' }],
      });
      app = createApp(env.deps, {
        secureCookies: false,
        idleMinutes: 600,
        webDist: null,
        log: null,
        rateLimitPerMinute: 1000,
      });
    });
    after(async () => env.close());

    it('lists only what is addressed to the petitioner, the opinion only once served', async () => {
      const before = (await (await get(code)).json()) as any;
      assert.deepEqual(
        before.documents.map((d: any) => d.kind),
        ['registration_receipt', 'accept_notice'],
      );
      assert.equal((await get(`${code}/documents/opinion`)).status, 404, 'an opinion not yet served');
      assert.equal((await get(`${code}/documents/transfer_letter`)).status, 404, 'a letter to the unit');
      const res = await applyStep(env.deps, unitCtx, itemId, v, { step: 'serve', on: '2025-10-12' } as never);
      v = res.item.version;
      const after = (await (await get(code)).json()) as any;
      assert.deepEqual(
        after.documents.map((d: any) => d.kind),
        ['registration_receipt', 'accept_notice', 'opinion'],
      );
      assert.deepEqual(
        after.documents.map((d: any) => d.name),
        ['登记回执', '受理告知书', '处理意见书'],
      );
    });

    it('downloads each with the ID number, phone and address masked, and audits it', async () => {
      const list = ((await (await get(code)).json()) as any).documents as { kind: string }[];
      assert.ok(list.length >= 3);
      for (const d of list) {
        const r = await get(`${code}/documents/${d.kind}`);
        assert.equal(r.status, 200, d.kind);
        assert.match(r.headers.get('content-disposition') ?? '', /filename\*=UTF-8''/);
        const text = docxText(new Uint8Array(await r.arrayBuffer()));
        for (const secret of [ID, PHONE, ADDRESS, '幸福路 8 号', '13900000202'])
          assert.ok(!text.includes(secret), `${d.kind} reveals ${secret}`);
        if (d.kind === 'opinion') {
          assert.match(text, /钱文书/, 'the petitioner is named in full');
          assert.match(text, /已责令商铺停止夜间施工/);
          assert.match(text, /复查/);
        }
      }
      const audit = await listAuditEvents(env.deps.db, {
        itemId,
        actionPrefix: 'item.document',
        page: 1,
        pageSize: 100,
      });
      const mine = audit.rows.filter((a) => a.actorRole === 'petitioner');
      assert.equal(mine.length, list.length, 'one audit event per download');
      const detail = (a: { detail: unknown }) => a.detail as { kind: string; masked: boolean; channel: string };
      assert.ok(mine.every((a) => detail(a).masked === true && detail(a).channel === 'public'));
      assert.deepEqual(new Set(mine.map((a) => detail(a).kind)), new Set(list.map((d) => d.kind)));
    });

    it('the public variant masks the identity wherever a template prints it', async () => {
      // The default petitioner templates print no number; the transfer letter does, so it shows the masking
      // an administrator's template with those placeholders would get on the public download.
      const item = (await loadItem(env.deps.db, itemId, env.deps.codec))!;
      const doc = await renderItemDocument(env.deps, env.deps.db, item, 'transfer_letter', 'public');
      const text = docxText(new Uint8Array(doc.content));
      assert.ok(text.includes(maskPhone(PHONE)), text);
      assert.ok(!text.includes(PHONE) && !text.includes(ADDRESS), text);
      assert.match(text, /钱文书/);
    });

    it('a wrong code tells nothing and downloads nothing, and it is throttled like the page', async () => {
      const a = await get('AAAAAAAAAA/documents/opinion');
      const b = await get('AAAAAAAAAA');
      const c = await get('bad/documents/opinion');
      assert.equal(a.status, 404);
      assert.equal(c.status, 404);
      const body = (x: any) => ({ code: x.error?.code ?? x.code, message: x.error?.message ?? x.message });
      const [ja, jb, jc] = [await a.json(), await b.json(), await c.json()];
      assert.deepEqual(body(ja), body(jb));
      assert.deepEqual(body(jc), body(jb));
      const tight = createApp(env.deps, {
        secureCookies: false,
        idleMinutes: 600,
        webDist: null,
        log: null,
        rateLimitPerMinute: 3,
      });
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++)
        statuses.push((await tight.request(`/api/v1/public/items/${code}/documents/opinion`)).status);
      assert.ok(statuses.includes(429), statuses.join(','));
    });
  });
}
