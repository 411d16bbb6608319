import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { applyStep } from '../server/app/apply-step.ts';
import { dialects } from './test-db.ts';
import {
  ACC_CONTENT,
  ACCUSER,
  ACCUSER_TRACES,
  buildVisibilityWorld,
  docxText,
  type VisibilityWorld,
} from './visibility-fixture.ts';

const accusation = (accused: Record<string, unknown> | undefined) => ({
  channel: '来信',
  receivedOn: '2025-09-20',
  headCount: 1,
  petitioners: [{ ...ACCUSER, idUnverified: true }],
  title: '举报某干部',
  content: ACC_CONTENT,
  demands: ['查处'],
  purpose: '揭发控告',
  handlingClass: '检举控告类',
  ...(accused ? { accused } : {}),
});

/**
 * Who may see an identity: registration must say where the accused party works, the registrar is warned when
 * the text names the petitioner, and every notice that prints the identity goes in full only to those who may
 * see it (masked for the others, refused to the accused unit).
 */
for (const dialect of dialects()) {
  describe(`identity rules (${dialect})`, () => {
    let w: VisibilityWorld;
    before(async () => {
      w = await buildVisibilityWorld(dialect);
    });
    after(async () => w.env.close());

    it('a 检举控告类 item must name the accused party’s unit, or say it is not a unit of the district', async () => {
      const reg = w.as.registrar;
      for (const accused of [undefined, { name: '某干部' }, { name: '某干部', unitId: null }]) {
        const r = await reg.post('/api/v1/items', accusation(accused));
        assert.ok(r.status === 400 || r.status === 422, `${JSON.stringify(accused)}: ${r.status}`);
        assert.match(r.body.error.message, /被检举控告人所在单位/);
      }
      const both = await reg.post(
        '/api/v1/items',
        accusation({ name: '某', unitId: w.units.accused, outsideDistrict: true }),
      );
      assert.ok(both.status === 400 || both.status === 422, JSON.stringify(both.body));
      const before = await w.env.deps.db
        .selectFrom('items')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst();
      const outside = await reg.post(
        '/api/v1/items',
        accusation({ name: '某公司老板', unitId: null, outsideDistrict: true }),
      );
      assert.equal(outside.status, 201, JSON.stringify(outside.body));
      assert.equal(outside.body.item.accused.outsideDistrict, true);
      const inside = await reg.post('/api/v1/items', accusation({ name: '李科长', unitId: w.units.accused }));
      assert.equal(inside.status, 201, JSON.stringify(inside.body));
      const after = await w.env.deps.db
        .selectFrom('items')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst();
      assert.equal(Number(after!.n) - Number(before!.n), 2, 'refused registrations wrote nothing');
      // Other classes keep the accused party optional.
      const plain = await reg.post('/api/v1/items', {
        ...accusation(undefined),
        handlingClass: '申诉求决类',
        purpose: '求决',
      });
      assert.equal(plain.status, 201, JSON.stringify(plain.body));
    });

    it('the registrar is warned before and at routing when the text names the petitioner', async () => {
      const r = await w.as.registrar.post('/api/v1/items', accusation({ name: '李科长', unitId: w.units.accused }));
      const id = r.body.item.id;
      const view = await w.as.reviewer.get(`/api/v1/items/${id}`);
      assert.ok(view.body.warnings.length >= 1, JSON.stringify(view.body.warnings));
      assert.match(view.body.warnings.join(''), /姓名.*电话|电话.*姓名/);
      const routed = await w.as.reviewer.post(`/api/v1/items/${id}/steps`, {
        version: 1,
        input: { step: 'route', kind: '转送', unitId: w.units.lead },
      });
      assert.equal(routed.status, 200, JSON.stringify(routed.body));
      assert.ok(routed.body.warnings.length >= 1);
      assertNoTraces(routed.body.warnings, 'the warning itself');
      const quiet = await w.as.registrar.post('/api/v1/items', {
        ...accusation({ name: '李科长', unitId: w.units.accused }),
        content: '举报某科长收受好处。',
        demands: ['查处'],
      });
      assert.deepEqual((await w.as.reviewer.get(`/api/v1/items/${quiet.body.item.id}`)).body.warnings, []);
      // Units never receive the warning (it is about the registrar's text).
      assert.equal((await w.as.lead.get(`/api/v1/items/${id}`)).body.warnings.length, 0);
    });

    it('documents print the identity for the registrar, the reviewer and the lead unit only', async () => {
      const lead = { actor: w.actors.lead, requestId: null };
      await applyStep(w.env.deps, lead, w.ids.acc, 2, { step: 'confirm_receipt', on: '2025-09-21' } as never);
      await applyStep(w.env.deps, lead, w.ids.acc, 3, { step: 'accept', on: '2025-09-22' } as never);
      const path = `/api/v1/items/${w.ids.acc}/documents/accept_notice`;
      for (const who of ['registrar', 'reviewer', 'lead'] as const) {
        const res = await w.as[who].raw!(path);
        assert.equal(res.status, 200, who);
        assert.ok((await docxText(res)).includes(ACCUSER.name), `${who} gets the full notice`);
      }
      for (const who of ['assist', 'leader'] as const) {
        const res = await w.as[who].raw!(path);
        assert.equal(res.status, 200, who);
        const text = await docxText(res);
        assertNoTraces(text, `${who}'s notice`);
        assert.ok(text.includes('王**'), `${who} gets the masked notice`);
      }
      for (const who of ['accused', 'unrelated', 'admin', 'securityAdmin', 'auditor'] as const)
        assert.equal((await w.as[who].raw!(path)).status, 404, who);
      const redacted = `/api/v1/items/${w.ids.accRedacted}`;
      const view = await w.as.accused.get(redacted);
      assert.deepEqual(view.body.documents, []);
      const audit = await w.as.auditor.get(`/api/v1/audit?action=item.document&itemId=${w.ids.acc}`);
      assert.ok(audit.body.events.length >= 5, 'every notice generated is audited');
    });
  });
}

function assertNoTraces(body: unknown, what: string): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  for (const n of ACCUSER_TRACES) assert.ok(!text.includes(n), `${what}: found "${n}"`);
}
