import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../server/http/app.ts';
import { loginAs, type Client } from './http-client.ts';
import { dialects, makeTestEnv, seedPeople, type TestEnv } from './test-db.ts';

// The test clock jumps across months; sessions must outlive it.
const opts = { secureCookies: false, idleMinutes: 60 * 24 * 3650, webDist: null, log: null, rateLimitPerMinute: 1000 };

for (const dialect of dialects()) {
  describe(`one item end to end through the API (${dialect}), SCENARIOS.md dates`, () => {
    let env: TestEnv;
    let app: ReturnType<typeof createApp>;
    let people: Awaited<ReturnType<typeof seedPeople>>;
    let reg: Client, rev: Client, handler: Client, head: Client, other: Client, admin: Client;
    let id = '';
    let version = 0;

    before(async () => {
      env = await makeTestEnv(dialect, '2025-09-26');
      people = await seedPeople(env.deps);
      app = createApp(env.deps, opts);
      reg = await loginAs(app, 'dengji');
      rev = await loginAs(app, 'shenhe');
      handler = await loginAs(app, 'zjj_jb');
      head = await loginAs(app, 'zjj_fz');
      other = await loginAs(app, 'scj_jb');
      admin = await loginAs(app, 'admin');
    });
    after(async () => env.close());

    const due = (item: any, rule: string) => item.deadlines.find((d: any) => d.rule === rule)?.due;
    async function step(c: Client, today: string, input: Record<string, unknown>, expectStatus = 200) {
      env.setToday(today);
      const r = await c.post(`/api/v1/items/${id}/steps`, { version, input });
      assert.equal(r.status, expectStatus, JSON.stringify(r.body));
      if (r.status === 200 && r.body.item) version = r.body.item.version;
      return r;
    }

    it('an online complaint received 2025-09-26: route within 15 日 → 2025-10-11 (make-up Saturday)', async () => {
      const r = await reg.post('/api/v1/items', {
        channel: '网上投诉',
        receivedOn: '2025-09-26',
        headCount: 1,
        petitioners: [{ name: '张某', phone: '13800001234', address: '城关街道幸福里小区3栋' }],
        title: '小区物业乱收停车费',
        content: '幸福里小区物业公司自2025年起擅自上调停车费，业主多次反映无果。',
        demands: ['停止违规收费', '退还多收费用'],
        classCode: '08.03',
        purpose: '求决',
        handlingClass: '申诉求决类',
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      id = r.body.item.id;
      version = r.body.item.version;
      assert.match(r.body.item.number, /^区信〔2025〕\d{5}号$/);
      assert.match(r.body.queryCode, /^[A-Z2-9]{10}$/);
      assert.equal(due(r.body.item, 'route'), '2025-10-11');
      assert.equal(r.body.item.petitioners[0].phone, '138****1234', 'phone masked in the view');
      assert.deepEqual(r.body.item.steps, ['route']);
    });

    it('a unit cannot act before the route, and the error lists what is allowed', async () => {
      const r = await handler.get(`/api/v1/items/${id}`);
      assert.equal(r.status, 404, 'not routed to the unit yet: invisible to it');
      const s = await step(rev, '2025-09-29', { step: 'accept' }, 409);
      assert.equal(s.body.error.code, 'STEP_NOT_ALLOWED');
      assert.match(s.body.error.message, /交转/);
    });

    it('routes to 区住建局; receipt 2025-09-29: notice by 2025-10-14, objection window to 2025-10-13', async () => {
      await step(rev, '2025-09-29', { step: 'route', kind: '转送', unitId: people.units.zjj });
      const r = await step(handler, '2025-09-29', { step: 'confirm_receipt' });
      assert.equal(due(r.body.item, 'accept_notice'), '2025-10-14');
      assert.equal(due(r.body.item, 'objection'), '2025-10-13');
      const o = await other.get(`/api/v1/items/${id}`);
      assert.equal(o.status, 404, 'another unit cannot open it by URL');
    });

    it('a stale version is a conflict', async () => {
      env.setToday('2025-10-09');
      const r = await handler.post(`/api/v1/items/${id}/steps`, { version: version - 1, input: { step: 'accept' } });
      assert.equal(r.status, 409);
      assert.equal(r.body.error.code, 'CONFLICT');
    });

    it('accepted 2025-10-09: opinion due 2025-12-08; extension of 30 日 approved → 2026-01-07', async () => {
      let r = await step(handler, '2025-10-09', { step: 'accept' });
      assert.equal(due(r.body.item, 'handle'), '2025-12-08');
      assert.equal(
        r.body.item.deadlines.find((d: any) => d.rule === 'handle').explanation,
        '60 日，自 2025-10-09 受理之日起算，截至 2025-12-08',
      );
      const bad = await step(handler, '2025-11-20', { step: 'request_extension', days: 31, reason: '需现场核查' }, 422);
      assert.equal(bad.body.error.code, 'EXTENSION_INVALID');
      await step(handler, '2025-11-20', { step: 'request_extension', days: 30, reason: '需会同区城管局现场核查' });
      const notHead = await step(handler, '2025-11-21', { step: 'decide_extension', approve: true }, 409);
      assert.equal(notHead.body.error.code, 'STEP_NOT_ALLOWED', 'only the unit head approves');
      r = await step(head, '2025-11-21', { step: 'decide_extension', approve: true, note: '同意' });
      assert.equal(due(r.body.item, 'handle'), '2026-01-07');
    });

    it('the opinion must answer every demand', async () => {
      const r = await step(
        handler,
        '2026-01-04',
        {
          step: 'reply',
          facts: '经查属实',
          basis: '《物业管理条例》',
          answers: [{ demandIndex: 0, outcome: '支持', explanation: '已责令停止' }],
        },
        422,
      );
      assert.equal(r.body.error.code, 'DEMANDS_UNANSWERED');
    });

    it('reply, serve 2026-01-05: the 复查 window closes 2026-02-04', async () => {
      await step(handler, '2026-01-04', {
        step: 'reply',
        facts: '经查属实',
        basis: '《物业管理条例》第四十条',
        answers: [
          { demandIndex: 0, outcome: '支持', explanation: '已责令物业公司停止违规收费' },
          { demandIndex: 1, outcome: '解释说明', explanation: '多收费用由物业公司与业主协商退还' },
        ],
      });
      const r = await step(handler, '2026-01-05', { step: 'serve' });
      assert.equal(due(r.body.item, 'review_request'), '2026-02-04');
      assert.equal(r.body.item.demands[1].answer.outcome, '解释说明');
    });

    // The same person (phone) about the same matter asks again: the registration screen's checks advise.
    const again = {
      phone: '13800001234',
      name: '张某',
      text: '小区物业乱收停车费\n幸福里小区物业公司自2025年起擅自上调停车费，业主多次反映无果，要求退还。',
    };
    const repeatCheck = (c: Client) => c.get(`/api/v1/items/repeat-check?${new URLSearchParams(again).toString()}`);

    it('asked again on 2026-01-20 while the 复查 window runs: 不予受理 advised, with the link and the article', async () => {
      env.setToday('2026-01-20');
      const r = await repeatCheck(reg);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const c = r.body.candidates.find((x: any) => x.itemId === id);
      assert.ok(c?.isRepeat, JSON.stringify(r.body));
      assert.equal(c.admission.kind, '不予受理');
      assert.match(c.admission.reason, /复查申请期限截至 2026-02-04 尚未届满/);
      assert.match(c.admission.basis, /第三十五条/);
      assert.equal((await repeatCheck(handler)).status, 403, 'a unit cannot look people up');
    });

    it('the notices are Word documents from the facts, naming every demand and the right to 复查', async () => {
      const { unzipEntry } = await import('./unzip.ts');
      const view = await handler.get(`/api/v1/items/${id}`);
      assert.deepEqual(
        view.body.documents.map((d: any) => d.kind),
        ['registration_receipt', 'transfer_letter', 'accept_notice', 'extension_notice', 'opinion'],
      );
      const docText = async (kind: string) => {
        const r = await handler.raw!(`/api/v1/items/${id}/documents/${kind}`);
        assert.equal(r.status, 200);
        assert.match(r.headers.get('content-disposition') ?? '', /filename\*=UTF-8''/);
        const xml = unzipEntry(Buffer.from(await r.arrayBuffer()), 'word/document.xml')!.toString('utf8');
        return xml.replace(/<[^>]+>/g, '');
      };
      const opinion = await docText('opinion');
      assert.match(opinion, /信访事项处理意见书/);
      assert.match(opinion, /张某/);
      assert.match(opinion, /关于第1项诉求：支持。已责令物业公司停止违规收费/);
      assert.match(opinion, /关于第2项诉求：解释说明。/);
      assert.match(opinion, /《物业管理条例》第四十条/);
      assert.match(opinion, /30日内向区人民政府请求复查/);
      const accept = await docText('accept_notice');
      assert.match(accept, /2025年10月9日/);
      assert.match(accept, /自受理之日起60日内，即2025年12月8日前办结/, 'the period as accepted, before the extension');
      assert.doesNotMatch(accept, /\d{4}-\d{2}-\d{2}/, 'no ISO date in a notice');
      const extension = await docText('extension_notice');
      assert.match(extension, /需会同区城管局现场核查/);
      assert.match(extension, /办理期限延长30日，本机关将于2026年1月7日前办结/);
      assert.equal(
        (await docText('opinion')).match(/[\u4e00-\u9fa5]+〔2026〕\d+号/)?.[0],
        opinion.match(/[\u4e00-\u9fa5]+〔2026〕\d+号/)?.[0],
        'a document keeps its 发文字号 when written again',
      );
      assert.equal((await handler.raw!(`/api/v1/items/${id}/documents/decline_notice`)).status, 409);
      assert.equal((await other.raw!(`/api/v1/items/${id}/documents/opinion`)).status, 404);
    });

    it('复查 requested 2026-02-03 → decision due 2026-03-05; served 2026-03-02 → 复核 window to 2026-04-01', async () => {
      let r = await step(reg, '2026-02-03', { step: 'request_review' });
      assert.equal(r.body.item.status, 'review');
      assert.equal(due(r.body.item, 'review_decision'), '2026-03-05');
      await step(rev, '2026-02-27', {
        step: 'decide_review',
        outcome: '维持',
        opinion: '原处理意见并无不当，予以维持',
      });
      r = await step(reg, '2026-03-02', { step: 'serve_decision' });
      assert.equal(due(r.body.item, 'rereview_request'), '2026-04-01');
    });

    it('复核 asked 2026-03-20 → due 2026-04-20 (04-19 a Sunday); a calendar edit moves it, says why', async () => {
      let r = await step(reg, '2026-03-20', { step: 'request_rereview' });
      assert.equal(due(r.body.item, 'rereview_decision'), '2026-04-20');
      env.setToday('2026-03-25');
      const edit = await admin.put('/api/v1/calendar/day', {
        date: '2026-04-20',
        kind: 'holiday',
        name: '临时假日',
        reason: '测试调整',
      });
      assert.equal(edit.status, 200, JSON.stringify(edit.body));
      assert.ok(edit.body.moved.some((m: any) => m.itemId === id));
      r = await rev.get(`/api/v1/items/${id}`);
      assert.equal(due(r.body, 'rereview_decision'), '2026-04-21');
      version = r.body.version;
      const tl = await rev.get(`/api/v1/items/${id}/timeline`);
      const moved = tl.body.events.find((e: any) => e.step === 'deadline_moved');
      assert.ok(moved, 'a timeline entry records the move');
      assert.match(moved.summary, /2026-04-20.*2026-04-21/);
      await admin.put('/api/v1/calendar/day', { date: '2026-04-20', kind: 'normal', reason: '恢复' });
      r = await rev.get(`/api/v1/items/${id}`);
      assert.equal(due(r.body, 'rereview_decision'), '2026-04-20');
      version = r.body.version;
    });

    it('a hearing 2026-04-08..10 is not counted → 2026-04-22; 复核 decided → 终结', async () => {
      let r = await step(rev, '2026-04-10', {
        step: 'add_hearing',
        from: '2026-04-08',
        to: '2026-04-10',
        reason: '听证',
      });
      assert.equal(due(r.body.item, 'rereview_decision'), '2026-04-22');
      // The account that decided the 复查 cannot decide the 复核 inside the system (the 复核 organ is the level
      // above); the bureau records the decision received from outside, naming the organ, with the document.
      const same = await step(
        rev,
        '2026-04-15',
        { step: 'decide_rereview', outcome: '维持', opinion: '维持复查意见' },
        422,
      );
      assert.equal(same.body.error.code, 'REVIEW_ORGAN_INVALID');
      const noDoc = await step(
        rev,
        '2026-04-15',
        {
          step: 'decide_rereview',
          outcome: '维持',
          opinion: '维持复查意见',
          source: 'outside',
          organ: { name: '市人民政府' },
        },
        422,
      );
      assert.match(noDoc.body.error.message, /意见书/);
      const doc = await rev.upload!(
        `/api/v1/items/${id}/attachments`,
        '复核意见书.pdf',
        new TextEncoder().encode('%PDF-1.4\n%复核\n'),
        'application/pdf',
      );
      assert.equal(doc.status, 201, JSON.stringify(doc.body));
      r = await step(rev, '2026-04-15', {
        step: 'decide_rereview',
        outcome: '维持',
        opinion: '维持复查意见',
        source: 'outside',
        organ: { name: '市人民政府' },
        document: { number: '市复核〔2026〕3号', attachmentId: doc.body.id },
      });
      assert.equal(r.body.item.status, 'terminated');
      assert.equal(r.body.item.facts.rereview.source, 'outside');
      assert.equal(r.body.item.facts.rereview.organ.name, '市人民政府');
      assert.equal(r.body.item.facts.rereview.document.number, '市复核〔2026〕3号');
      const tl = await rev.get(`/api/v1/items/${id}/timeline`);
      const steps = tl.body.events.map((e: any) => e.step);
      for (const s of [
        'register',
        'route',
        'confirm_receipt',
        'accept',
        'request_extension',
        'decide_extension',
        'reply',
        'serve',
        'request_review',
        'decide_review',
        'serve_decision',
        'request_rereview',
        'add_hearing',
        'decide_rereview',
      ]) {
        assert.ok(steps.includes(s), `timeline has ${s}`);
      }
      assert.ok(
        tl.body.events.every((e: any) => e.actor),
        'every entry names its actor',
      );
    });

    it('after 复核 (终结) the same matter gets 不再受理 advised at registration; the registrar still decides', async () => {
      env.setToday('2026-04-20');
      const sug = await reg.post('/api/v1/text/suggest', {
        title: '小区物业乱收停车费',
        content: '幸福里小区物业公司自2025年起擅自上调停车费，业主多次反映无果，要求退还。',
        petitioners: [{ name: '张某', phone: '13800001234' }],
      });
      assert.equal(sug.status, 200, JSON.stringify(sug.body));
      const s = sug.body.sameperson.find((x: any) => x.itemId === id);
      assert.equal(s?.admission?.kind, '不再受理', JSON.stringify(sug.body.sameperson));
      assert.match(s.admission.reason, /已于 2026-04-15 作出复核意见/);
      assert.match(s.admission.basis, /《信访工作条例》第三十六条/);
      const r = await reg.post('/api/v1/items', {
        channel: '来信',
        receivedOn: '2026-04-20',
        headCount: 1,
        petitioners: [{ name: '张某', phone: '13800001234' }],
        title: '小区物业乱收停车费',
        content: '幸福里小区物业公司自2025年起擅自上调停车费，业主多次反映无果，要求退还。',
        demands: ['退还多收费用'],
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      const c = r.body.repeatCandidates.find((x: any) => x.itemId === id);
      assert.equal(c?.admission?.kind, '不再受理');
      assert.equal(r.body.item.status, 'registered', 'only advised: the registrar decides the route');
      assert.equal(r.body.item.isRepeat, true);
    });

    it('every change was audited and the chain verifies', async () => {
      const { auditRows } = await import('../server/store/audit.store.ts');
      const { verifyChain } = await import('../server/crypto/audit-chain.ts');
      const rows = [];
      for await (const r of auditRows(env.deps.db)) rows.push(r);
      assert.equal(
        rows.filter((r) => r.itemId === id && r.action !== 'item.document' && r.action !== 'item.attach').length,
        14,
        'register + 13 steps (the refused 复核 attempts wrote nothing)',
      );
      assert.equal(
        rows.filter((r) => r.itemId === id && r.action === 'item.document').length,
        4,
        'each generated notice (the opinion twice) is an audited read of the identity',
      );
      const v = verifyChain(rows, { keys: env.deps.auditKeys });
      assert.equal(v.ok, true, JSON.stringify(v));
    });
  });
}
