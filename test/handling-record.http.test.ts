import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects } from './test-db.ts';
import { ACCUSER_TRACES, buildVisibilityWorld, type VisibilityWorld } from './visibility-fixture.ts';

const MISSING = '00000000-0000-4000-8000-000000000000';

function assertNoTrace(body: unknown, what: string): void {
  const text = JSON.stringify(body);
  for (const n of ACCUSER_TRACES) assert.ok(!text.includes(n), `${what}: found "${n}" in ${text.slice(0, 600)}`);
}

for (const dialect of dialects()) {
  describe(`the detail page's handling record (${dialect})`, () => {
    let w: VisibilityWorld;
    before(async () => {
      w = await buildVisibilityWorld(dialect);
    });
    after(async () => w.env.close());

    it('签收 and each 协办意见 as lead and assisting unit see them; accused and unrelated units see nothing', async () => {
      const { ids: i, as } = w;
      const before = await as.lead.get(`/api/v1/items/${i.acc}`);
      assert.equal(before.status, 200);
      const rec0 = before.body.record;
      assert.equal(rec0.receipt.deliveredOn, '2025-09-20');
      assert.equal(rec0.receipt.signedOn, null);
      assert.equal(rec0.receipt.late, before.body.today > rec0.receipt.due);
      assert.deepEqual(
        rec0.assists.map((a: { unitId: string; state: string }) => [a.unitId, a.state]),
        [[w.units.assist, 'owed']],
      );
      const given = await as.assist.post(`/api/v1/items/${i.acc}/steps`, {
        version: before.body.version,
        input: {
          step: 'submit_assist_opinion',
          on: before.body.today,
          text: '经核实，王举报反映情况属实，电话13900002222',
        },
      });
      assert.equal(given.status, 200, JSON.stringify(given.body));
      for (const who of [as.lead, as.assist, as.reviewer]) {
        const r = await who.get(`/api/v1/items/${i.acc}`);
        assert.equal(r.status, 200);
        const a = r.body.record.assists[0];
        assert.deepEqual([a.state, a.on, a.late], ['given', r.body.today, r.body.today > a.due]);
        assert.match(a.text, /^经核实，.+反映情况属实/);
        assertNoTrace(r.body.record, 'masked record');
      }
      for (const who of [as.accused, as.unrelated]) {
        const [r, m] = [await who.get(`/api/v1/items/${i.acc}`), await who.get(`/api/v1/items/${MISSING}`)];
        assert.equal(r.status, 404);
        assert.deepEqual(r.body, m.body);
      }
    });

    it('the accused unit assisting a redacted accusation sees its own duty, no identity', async () => {
      const r = await w.as.accused.get(`/api/v1/items/${w.ids.accRedacted}`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual(
        r.body.record.assists.map((a: { unitId: string; state: string }) => [a.unitId, a.state]),
        [[w.units.accused, 'owed']],
      );
      assert.equal(r.body.record.report, null);
      assert.equal(r.body.record.legal, null);
      assertNoTrace(r.body, 'accused unit on the redacted accusation');
    });

    it('timeline entries carry a step name the page labels in Chinese', async () => {
      const r = await w.as.reviewer.get(`/api/v1/items/${w.ids.acc}/timeline`);
      const { timelineStepLabel } = await import('../contract/enums.ts');
      for (const e of r.body.events as { step: string }[])
        assert.match(timelineStepLabel(e.step), /^[\u4e00-\u9fa5]/, `step ${e.step} has no Chinese label`);
      assert.equal(timelineStepLabel('correct'), '更正登记信息');
      assert.equal(timelineStepLabel('facts_upgrade'), '数据升级');
    });
  });
}
