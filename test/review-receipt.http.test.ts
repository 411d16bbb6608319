import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { applyStep } from '../server/app/apply-step.ts';
import { maskIdNumber, maskPhone } from '../server/domain/masking.ts';
import { docxText } from '../server/documents/docx-text.ts';
import { listAuditEvents } from '../server/store/audit-list.store.ts';
import { setSetting } from '../server/store/settings.store.ts';
import { loginAs, makeTestApp } from './http-client.ts';
import { servedItem } from './served-item.ts';
import { dialects, makeTestEnv, seedPeople, type TestEnv } from './test-db.ts';

/** Invalid check digit on purpose (names nobody); the staff form records it as unverified. */
const ID = '110105195001010021';
const PHONE = '13900000501';

/**
 * The 复查申请回执: once a 复查 request is registered (online by query code, or by staff from a letter) the item
 * offers it on its page and on the public page. Read back: the item number, the request's day and way, the
 * applicant and grounds, the organ that decides and the day its opinion is due; the ID number and phone never
 * in full on the petitioner's copy; generated only by those who may open the item, masked for a reader without
 * the right to the identity.
 */
for (const dialect of dialects()) {
  describe(`复查申请回执 (${dialect})`, () => {
    let env: TestEnv;
    let app: ReturnType<typeof makeTestApp>;
    let p: Awaited<ReturnType<typeof seedPeople>>;
    const served = (title: string) =>
      servedItem(env, p, title, { name: '周复查', idNumber: ID, idUnverified: true, phone: PHONE });
    const pub = (path: string, init?: RequestInit) => app.request(`/api/v1/public/items/${path}`, init);
    const read = async (r: Response) => docxText(new Uint8Array(await r.arrayBuffer()));

    before(async () => {
      env = await makeTestEnv(dialect, '2025-09-25');
      p = await seedPeople(env.deps);
      app = makeTestApp(env);
      await setSetting(env.deps.db, 'review_organ', '平安区人民政府');
    });
    after(async () => env.close());

    it('asked online: offered to the petitioner by code, masked, with the organ and the due date', async () => {
      const a = await served('违建未拆除');
      const registrar = await loginAs(app, 'dengji');
      const path = `/api/v1/items/${a.id}/documents/review_receipt`;
      // Before any request: not offered, not generated.
      const early = (await (await pub(a.code)).json()) as any;
      assert.ok(!early.documents.some((d: any) => d.kind === 'review_receipt'), JSON.stringify(early.documents));
      assert.equal((await pub(`${a.code}/documents/review_receipt`)).status, 404);
      assert.equal((await registrar.raw!(path)).status, 409);

      const grounds = `规划许可与现场不符，请回电${PHONE}，身份证号${ID}。`;
      const asked = await pub(`${a.code}/review`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ applicant: '周复查', grounds }),
      });
      assert.equal(asked.status, 200);
      const ack = ((await asked.json()) as any).acknowledgement;
      // 30 日 from 2025-09-25 ends on Saturday 2025-10-25: the next working day.
      assert.equal(ack.decisionDue, '2025-10-27');

      const look = (await (await pub(a.code)).json()) as any;
      assert.deepEqual(
        look.documents.filter((d: any) => d.kind === 'review_receipt'),
        [{ kind: 'review_receipt', name: '复查申请回执' }],
      );
      const dl = await pub(`${a.code}/documents/review_receipt`);
      assert.equal(dl.status, 200);
      assert.match(decodeURIComponent(dl.headers.get('content-disposition') ?? ''), /复查申请回执/);
      const text = await read(dl);
      assert.ok(text.includes('信访事项复查申请回执'), text);
      assert.ok(text.includes(a.number), 'the item number');
      assert.ok(text.includes('周复查：'), 'addressed to the petitioner by name');
      assert.ok(text.includes('区住建局于2025年9月20日作出处理意见'), text);
      assert.ok(text.includes('于2025年9月25日通过网上信访提出的复查申请已收到并登记'), text);
      assert.ok(text.includes('复查申请人：周复查。'), text);
      assert.ok(text.includes('由平安区人民政府依法办理'), 'the review body as the settings name it');
      assert.ok(text.includes('30日内，即2025年10月27日前，提出复查意见'), text);
      assert.ok(text.includes(maskPhone(PHONE)) && text.includes(maskIdNumber(ID)), 'masked in the grounds');
      assert.ok(!text.includes(PHONE) && !text.includes(ID), 'never in full on the petitioner’s copy');
      assert.doesNotMatch(text, /\d{4}-\d{2}-\d{2}/);
      // 成文日期: the day the request was registered, the Chinese way, at the end.
      assert.match(text, /区信访局\s*2025年9月25日\s*$/);

      // Staff: the item page offers it; the bureau and the lead unit read it in full, the leader masked, a unit
      // that has nothing to do with the item cannot open it.
      const page = await registrar.get(`/api/v1/items/${a.id}`);
      assert.ok(page.body.documents.some((d: any) => d.kind === 'review_receipt'));
      for (const who of ['dengji', 'zjj_jb']) {
        const r = await (await loginAs(app, who)).raw!(path);
        assert.equal(r.status, 200, who);
        const t = await read(r);
        assert.ok(t.includes('周复查') && t.includes(PHONE), `${who} reads the grounds as written`);
        assert.ok(t.includes('平安区人民政府') && t.includes(a.number), who);
      }
      const leader = await (await loginAs(app, 'lingdao')).raw!(path);
      assert.equal(leader.status, 200);
      const masked = await read(leader);
      assert.ok(!masked.includes('周复查') && !masked.includes(PHONE) && !masked.includes(ID), masked);
      assert.ok(masked.includes('周**') && masked.includes('2025年10月27日'), masked);
      assert.equal((await (await loginAs(app, 'scj_jb')).raw!(path)).status, 404);

      // The 发文字号 is allocated once: the staff copy and the petitioner's carry the same one.
      const numberOf = (t: string) => /区信访〔2025〕\d+号/.exec(t)?.[0];
      assert.ok(numberOf(text));
      assert.equal(numberOf(masked), numberOf(text));
      const audit = await listAuditEvents(env.deps.db, {
        itemId: a.id,
        actionPrefix: 'item.document',
        page: 1,
        pageSize: 100,
      });
      const kinds = audit.rows
        .filter((e) => (e.detail as { kind: string }).kind === 'review_receipt')
        .map((e) => [e.actorRole, (e.detail as { masked: boolean }).masked]);
      assert.deepEqual(
        kinds.sort(),
        [
          ['leader', true],
          ['petitioner', true],
          ['registrar', false],
          ['unit_handler', false],
        ].sort(),
      );
    });

    it('recorded by staff from a letter: the way it came in, its day, and the organ named on the request', async () => {
      const b = await served('违建未拆除二');
      env.setToday('2025-09-26');
      await applyStep(env.deps, { actor: p.users.reviewer, requestId: null }, b.id, b.version(), {
        step: 'request_review',
        on: '2025-09-26',
        applicant: '周复查',
        grounds: '来信称处理意见认定事实不清',
        via: '来信',
        organ: { unitId: null, name: '平安区住房和城乡建设委员会' },
      } as never);
      const dl = await pub(`${b.code}/documents/review_receipt`);
      assert.equal(dl.status, 200);
      const text = await read(dl);
      assert.ok(text.includes('于2025年9月26日以来信方式提出的复查申请已收到并登记'), text);
      assert.ok(text.includes('申请理由：来信称处理意见认定事实不清。'), text);
      assert.ok(text.includes('由平安区住房和城乡建设委员会依法办理'), 'the organ recorded on the request');
      // 2025-09-26 + 30 日 = 2025-10-26, a Sunday: the next working day.
      assert.ok(text.includes('即2025年10月27日前'), text);
      assert.match(text, /2025年9月26日\s*$/);
    });

    it('复核 asked online after the 复查 opinion is served: its own receipt, naming the 复查 organ and opinion', async () => {
      env.setToday('2025-09-26');
      const c = await served('违建未拆除三');
      const rev = { actor: p.users.reviewer, requestId: null };
      const reg = { actor: p.users.registrar, requestId: null };
      let v = c.version();
      const run = async (ctx: typeof rev, today: string, input: Record<string, unknown>) => {
        env.setToday(today);
        v = (await applyStep(env.deps, ctx, c.id, v, { on: today, ...input } as never)).item.version;
      };
      await run(reg, '2025-09-26', { step: 'request_review', applicant: '周复查', via: '来访' });
      await run(rev, '2025-10-10', { step: 'decide_review', outcome: '维持', opinion: '原处理意见并无不当' });
      await run(reg, '2025-10-10', { step: 'serve_decision' });
      assert.equal((await pub(`${c.code}/documents/rereview_receipt`)).status, 404, 'not before the request');
      env.setToday('2025-10-13');
      const asked = await pub(`${c.code}/review`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ applicant: '周复查', grounds: `复查未听取意见，电话${PHONE}。` }),
      });
      assert.equal(asked.status, 200);
      assert.equal(((await asked.json()) as any).acknowledgement.kind, '复核');
      const look = (await (await pub(c.code)).json()) as any;
      const kinds = look.documents.map((d: any) => d.kind);
      assert.ok(kinds.includes('review_receipt') && kinds.includes('rereview_receipt'), kinds.join(','));
      const text = await read(await pub(`${c.code}/documents/rereview_receipt`));
      assert.ok(text.includes('信访事项复核申请回执') && text.includes(c.number), text);
      assert.ok(text.includes('平安区人民政府于2025年10月10日作出复查意见'), text);
      assert.ok(text.includes('于2025年10月13日通过网上信访提出的复核申请已收到并登记'), text);
      assert.ok(text.includes('由市人民政府依法办理') && text.includes('即2025年11月12日前，提出复核意见'), text);
      assert.ok(text.includes(maskPhone(PHONE)) && !text.includes(PHONE) && !text.includes(ID), text);
      assert.match(text, /2025年10月13日\s*$/);
      // The 复查 receipt of the same item still states the 复查 request, as it was received.
      const first = await read(await pub(`${c.code}/documents/review_receipt`));
      assert.ok(first.includes('于2025年9月26日以来访方式提出的复查申请'), first);
      assert.equal(
        (await (await loginAs(app, 'scj_jb')).raw!(`/api/v1/items/${c.id}/documents/rereview_receipt`)).status,
        404,
      );
    });
  });
}
