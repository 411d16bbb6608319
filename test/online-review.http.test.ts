import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PublicItemsResponse } from '../contract/responses/public.ts';
import { applyStep } from '../server/app/apply-step.ts';
import { docxText } from '../server/documents/docx-text.ts';
import { loadItem } from '../server/store/item.store.ts';
import { setSetting } from '../server/store/settings.store.ts';
import { makeTestApp } from './http-client.ts';
import { servedItem } from './served-item.ts';
import { dialects, makeTestEnv, seedPeople, type TestEnv } from './test-db.ts';

/** 复查 asked by the petitioner online inside the window (with applicant and grounds), refused after it closes. */
for (const dialect of dialects()) {
  describe(`复查 online by query code (${dialect})`, () => {
    let env: TestEnv;
    let app: ReturnType<typeof makeTestApp>;
    let p: Awaited<ReturnType<typeof seedPeople>>;
    const served = (title: string) =>
      servedItem(env, p, title, { name: '李复查', phone: '13900000401', idUnverified: false });
    const post = async (code: string, body: unknown) => {
      const r = await app.request(`/api/v1/public/items/${code}/review`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: r.status, body: (await r.json()) as any };
    };
    const look = async (code: string) => (await (await app.request(`/api/v1/public/items/${code}`)).json()) as any;

    before(async () => {
      env = await makeTestEnv(dialect, '2025-09-25');
      p = await seedPeople(env.deps);
      app = makeTestApp(env);
    });
    after(async () => env.close());

    it('shows the open right with its last day and organ, records the request with applicant and grounds', async () => {
      const a = await served('违建未拆除');
      const before = await look(a.code);
      assert.equal(before.reviewOpen.kind, '复查');
      assert.equal(before.reviewOpen.due, '2025-10-22');
      // The organ the documents name (the review_organ setting), on the page, the acknowledgement and the receipt.
      assert.equal(before.reviewOpen.organ, '区人民政府');
      await setSetting(env.deps.db, 'review_organ', '平安区人民政府');
      assert.equal((await look(a.code)).reviewOpen.organ, '平安区人民政府');
      const declared = PublicItemsResponse.safeParse(before);
      assert.ok(
        declared.success,
        `the public answer has its declared shape: ${JSON.stringify(declared.error?.issues)}`,
      );
      const empty = await post(a.code, { applicant: '', grounds: '' });
      assert.equal(empty.status, 400);
      assert.match(empty.body.error.message, /申请人/);
      assert.doesNotMatch(empty.body.error.message, /applicant|grounds/);
      const ok = await post(a.code, { applicant: '李复查', grounds: '规划许可与现场不符，请求复查。' });
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.equal(ok.body.acknowledgement.kind, '复查');
      assert.equal(ok.body.acknowledgement.organ, '平安区人民政府');
      const receipt = await app.request(`/api/v1/public/items/${a.code}/documents/review_receipt`);
      assert.ok(docxText(new Uint8Array(await receipt.arrayBuffer())).includes('由平安区人民政府依法办理'));
      assert.equal(ok.body.acknowledgement.requestedOn, '2025-09-25');
      assert.match(ok.body.acknowledgement.decisionDue, /^2025-1\d-\d\d$/);
      const item = (await loadItem(env.deps.db, a.id, env.deps.codec))!;
      assert.equal(item.status, 'review');
      const req = item.facts.review!.requests[0]!;
      assert.deepEqual([req.applicant, req.grounds, req.via], ['李复查', '规划许可与现场不符，请求复查。', '网上']);
      const after = await look(a.code);
      assert.equal(after.reviewOpen, null);
      assert.ok(
        after.progress.some((e: any) => e.summary === '复查申请已受理'),
        JSON.stringify(after.progress),
      );
      const twice = await post(a.code, { applicant: '李复查', grounds: '再次申请' });
      assert.equal(twice.status, 409);
    });

    it('outside the window refuses with the closing date and records nothing', async () => {
      const b = await served('违建未拆除二');
      env.setToday('2025-10-30');
      const late = await post(b.code, { applicant: '李复查', grounds: '逾期申请' });
      assert.equal(late.status, 422);
      assert.equal(late.body.error.code, 'WINDOW_CLOSED');
      assert.match(late.body.error.message, /已于2025年10月22日届满/);
      const item = (await loadItem(env.deps.db, b.id, env.deps.codec))!;
      assert.equal(item.version, b.version());
      assert.equal((await look(b.code)).reviewOpen, null);
      const wrong = await post('ABCDEFGHJK', { applicant: '某', grounds: '某' });
      assert.equal(wrong.status, 404);
    });

    it('staff record a 复查 request from a letter with applicant and grounds', async () => {
      env.setToday('2025-09-25');
      const c = await served('违建未拆除三');
      const r = await applyStep(env.deps, { actor: p.users.reviewer, requestId: null }, c.id, c.version(), {
        step: 'request_review',
        on: '2025-09-25',
        applicant: '李复查',
        grounds: '来信称处理意见认定事实不清。',
        via: '来信',
      } as never);
      const req = r.item.facts.review!.requests[0]!;
      assert.deepEqual([req.applicant, req.via], ['李复查', '来信']);
    });
  });
}
