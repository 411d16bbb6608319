import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects } from './test-db.ts';
import {
  ACCUSER,
  ACCUSER_TRACES,
  buildVisibilityWorld,
  docxText,
  registerAccusation,
  type VisibilityWorld,
} from './visibility-fixture.ts';

function assertNoTraces(text: string, what: string): void {
  for (const n of ACCUSER_TRACES) assert.ok(!text.includes(n), `${what}: found "${n}"`);
}

/**
 * The documents that follow a decision of their own: the 导入法律程序告知书 from the item's legal-channel record,
 * the 督办单 from a 督办 record. Read back as text; the identity in full, masked or refused as for every notice.
 */
for (const dialect of dialects()) {
  describe(`导入法律程序告知书 and 督办单 (${dialect})`, () => {
    let w: VisibilityWorld;
    before(async () => {
      w = await buildVisibilityWorld(dialect);
    });
    after(async () => w.env.close());

    it('the 导入法律程序告知书 states the channel, the organ and the notice, once the decision is recorded', async () => {
      const id = await registerAccusation(w, '工程款纠纷', {
        purpose: '求决',
        handlingClass: '申诉求决类',
        accused: undefined,
        content: '王举报反映某公司拖欠工程款十二万元。',
      });
      const path = `/api/v1/items/${id}/documents/legal_channel_notice`;
      const early = await w.as.registrar.raw!(path);
      assert.equal(early.status, 409, 'not before the decision');
      const routed = await w.as.reviewer.post(`/api/v1/items/${id}/steps`, {
        version: 1,
        input: {
          step: 'route',
          kind: '导入法律程序',
          legal: {
            channel: '诉讼',
            organ: '平安区人民法院',
            noticeText: '王举报所反映的工程款纠纷属于民事争议，应当通过民事诉讼解决',
          },
        },
      });
      assert.equal(routed.status, 200, JSON.stringify(routed.body));
      const detail = await w.as.registrar.get(`/api/v1/items/${id}`);
      assert.ok(
        detail.body.documents.some((d: { kind: string }) => d.kind === 'legal_channel_notice'),
        JSON.stringify(detail.body.documents),
      );
      for (const who of ['registrar', 'reviewer'] as const) {
        const res = await w.as[who].raw!(path);
        assert.equal(res.status, 200, who);
        const text = await docxText(res);
        assert.ok(text.includes('导入法律程序告知书') || text.includes('告知书'), text.slice(0, 200));
        assert.ok(text.includes(ACCUSER.name), `${who} reads the name`);
        assert.ok(text.includes('平安区人民法院'), 'the organ');
        assert.ok(text.includes('诉讼'), 'the channel');
        assert.ok(text.includes('通过民事诉讼解决'), 'the notice text');
        assert.match(text, /2025年9月26日/, 'the date the Chinese way');
        assert.ok(!/\d{4}-\d{2}-\d{2}/.test(text), 'no ISO date');
      }
      const leader = await w.as.leader.raw!(path);
      assert.equal(leader.status, 200);
      const masked = await docxText(leader);
      assertNoTraces(masked, 'leader’s notice');
      assert.ok(masked.includes('王**'), 'the leader reads it masked');
      assert.ok(masked.includes('平安区人民法院'));
      for (const who of ['accused', 'unrelated', 'lead', 'admin'] as const)
        assert.equal((await w.as[who].raw!(path)).status, 404, who);
    });

    it('the 督办单 of a 督办: on the 督办 and on the item, masked or refused as the reader stands', async () => {
      const issued = await w.as.reviewer.post('/api/v1/supervisions', {
        kind: '文书督办',
        itemIds: [w.ids.acc],
        reason: '王举报反映的问题逾期未受理',
        requirements: '请于期限内书面回复办理情况',
        unitId: w.units.lead,
        addresseeUserId: w.actors.lead.userId,
        issuedOn: '2025-09-22',
        dueOn: '2025-09-25',
      });
      assert.equal(issued.status, 201, JSON.stringify(issued.body));
      const sid = issued.body.id as string;
      const onSupervision = `/api/v1/supervisions/${sid}/items/${w.ids.acc}/document`;
      const onItem = `/api/v1/items/${w.ids.acc}/documents/supervision_order?supervisionId=${sid}`;
      for (const path of [onSupervision, onItem]) {
        for (const who of ['reviewer', 'lead'] as const) {
          const res = await w.as[who].raw!(path);
          assert.equal(res.status, 200, `${who} ${path}`);
          assert.match(decodeURIComponent(res.headers.get('content-disposition') ?? ''), /督办单/);
          const text = await docxText(res);
          assert.ok(text.includes(issued.body.number), 'the 督办 number is the 发文字号');
          assert.ok(text.includes('区市场监管局'), 'addressed to the supervised unit');
          assert.ok(text.includes('文书督办'), 'the means');
          assert.ok(text.includes('逾期未受理'), 'the reason');
          assert.ok(text.includes('请于期限内书面回复办理情况'), 'the requirement');
          assert.match(text, /2025年9月25日/, 'the reply due date');
          assert.match(text, /2025年9月22日/, 'the date of issue');
          assert.ok(text.includes(ACCUSER.name), `${who} reads the identity`);
        }
        const leader = await w.as.leader.raw!(path);
        assert.equal(leader.status, 200, path);
        const masked = await docxText(leader);
        assertNoTraces(masked, 'leader’s 督办单');
        assert.ok(masked.includes('逾期未受理'));
        for (const who of ['accused', 'accusedHead', 'assist', 'unrelated'] as const)
          assert.equal((await w.as[who].raw!(path)).status, 404, `${who} ${path}`);
      }
      // An item the 督办 does not name, and the kind without its 督办, are refused.
      assert.equal(
        (await w.as.reviewer.raw!(`/api/v1/supervisions/${sid}/items/${w.ids.qEarly}/document`)).status,
        404,
      );
      assert.equal((await w.as.reviewer.raw!(`/api/v1/items/${w.ids.acc}/documents/supervision_order`)).status, 404);
      const audit = await w.as.auditor.get(`/api/v1/audit?action=item.document&itemId=${w.ids.acc}`);
      assert.ok(
        audit.body.events.filter((e: { detail: { kind: string } }) => e.detail.kind === 'supervision_order').length >=
          6,
        'every 督办单 generated is audited',
      );
    });
  });
}
