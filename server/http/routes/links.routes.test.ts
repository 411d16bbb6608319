import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects } from '../../../test/test-db.ts';
import { buildVisibilityWorld, type VisibilityWorld, type Who } from '../../../test/visibility-fixture.ts';

/**
 * A registrar links and unlinks items afterwards, with a reason; the change is kept (history, both timelines,
 * audit) and shown only to those who may see the link (`canSeeLink`): in the fixture, qLate (led by 区市场监管局)
 * repeats qEarly (led by 城关街道), and acc (lead 区市场监管局, assist 区民政局) repeats the accuser's ordEarly
 * (led by the accused 区住建局).
 */
for (const dialect of dialects()) {
  describe(`registrar link / unlink with history (${dialect})`, () => {
    let w: VisibilityWorld;
    before(async () => {
      w = await buildVisibilityWorld(dialect);
    });
    after(async () => w.env.close());

    const historyCount = async () =>
      Number(
        (
          await w.env.deps.db
            .selectFrom('item_link_history')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    it('unlinks with a reason: link and 重件 mark go; history, both timelines and the audit keep it', async () => {
      const reg = w.as.registrar;
      const { qEarly, qLate } = w.ids;
      const before = await reg.get(`/api/v1/items/${qLate}`);
      assert.equal(before.body.isRepeat, true);
      assert.deepEqual(
        before.body.earlier.map((e: { id: string; kind: string }) => [e.id, e.kind]),
        [[qEarly, 'repeat']],
      );
      const r = await reg.post(`/api/v1/items/${qEarly}/links/remove`, { otherId: qLate, reason: '不是同一诉求' });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual(
        { itemId: r.body.itemId, earlierId: r.body.earlierId, isRepeat: r.body.isRepeat },
        { itemId: qLate, earlierId: qEarly, isRepeat: false },
        'the later of the two is the repeat, whichever end the request names',
      );
      const after = await reg.get(`/api/v1/items/${qLate}`);
      assert.equal(after.body.isRepeat, false);
      assert.deepEqual(after.body.earlier, []);
      assert.deepEqual((await reg.get(`/api/v1/items/${qEarly}`)).body.later, []);

      const h = await reg.get(`/api/v1/items/${qLate}/link-history`);
      assert.equal(h.status, 200);
      assert.equal(h.body.changes.length, 1);
      const [c] = h.body.changes;
      assert.deepEqual(
        [c.action, c.kind, c.reason, c.actorName, c.other.id, c.other.number, c.direction],
        ['unlink', 'repeat', '不是同一诉求', 'dengji', qEarly, w.numbers[qEarly], 'earlier'],
      );
      assert.match(c.at, /^\d{4}-\d{2}-\d{2}T/);
      const fromEarly = (await reg.get(`/api/v1/items/${qEarly}/link-history`)).body.changes;
      assert.deepEqual(
        fromEarly.map((x: { other: { id: string }; direction: string }) => [x.other.id, x.direction]),
        [[qLate, 'later']],
      );

      for (const [id, text] of [
        [qLate, '登记人员解除关联前件（重复信访）'],
        [qEarly, '登记人员解除关联后件（重复信访）'],
      ] as const) {
        const t = await reg.get(`/api/v1/items/${id}/timeline`);
        assert.ok(
          t.body.events.some((e: { step: string; summary: string }) => e.step === 'link' && e.summary === text),
          `${id} timeline: ${JSON.stringify(t.body.events.map((e: { summary: string }) => e.summary))}`,
        );
      }
      const audit = await w.env.deps.db
        .selectFrom('audit_log')
        .select(['action', 'item_id', 'detail', 'actor_id'])
        .where('action', '=', 'item.unlink')
        .execute();
      assert.equal(audit.length, 1);
      assert.equal(audit[0]!.item_id, qLate);
      assert.equal(audit[0]!.actor_id, w.actors.registrar.userId);
      assert.deepEqual(JSON.parse(audit[0]!.detail as string), {
        earlierId: qEarly,
        kind: 'repeat',
        reason: '不是同一诉求',
        repeat: false,
      });
    });

    it('links again as the same matter; a second link is refused and bad input writes nothing', async () => {
      const reg = w.as.registrar;
      const { qEarly, qLate } = w.ids;
      const r = await reg.post(`/api/v1/items/${qLate}/links`, {
        otherId: qEarly,
        kind: 'duplicate',
        reason: '同一菜市场问题的另一份记录',
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const view = (await reg.get(`/api/v1/items/${qLate}`)).body;
      assert.deepEqual(
        view.earlier.map((e: { id: string; kind: string }) => [e.id, e.kind]),
        [[qEarly, 'duplicate']],
      );
      assert.equal(view.isRepeat, false, 'a near-duplicate record is not a repeat by the same petitioners');
      const n = await historyCount();
      const again = await reg.post(`/api/v1/items/${qEarly}/links`, { otherId: qLate, reason: '重复提交' });
      assert.equal(again.status, 409);
      assert.equal(again.body.error.code, 'DUPLICATE');
      const noReason = await reg.post(`/api/v1/items/${qLate}/links/remove`, { otherId: qEarly, reason: ' ' });
      assert.equal(noReason.status, 400);
      assert.equal(noReason.body.error.code, 'VALIDATION');
      assert.match(noReason.body.error.message, /理由/);
      const self = await reg.post(`/api/v1/items/${qLate}/links`, { otherId: qLate, reason: '自己' });
      assert.equal(self.body.error.code, 'VALIDATION');
      const missing = await reg.post(`/api/v1/items/${qLate}/links`, { otherId: 'no-such-item', reason: '测试' });
      assert.equal(missing.status, 404);
      assert.equal(await historyCount(), n, 'refused changes leave no history');
      assert.equal((await reg.get(`/api/v1/items/${qLate}`)).body.earlier.length, 1);
    });

    it('units never change links, and see a link change only where they may see the link', async () => {
      const { acc, ordEarly, qEarly, qLate } = w.ids;
      await w.as.registrar.post(`/api/v1/items/${acc}/links/remove`, { otherId: ordEarly, reason: '核实后非同一事项' });
      await w.as.registrar.post(`/api/v1/items/${acc}/links`, { otherId: ordEarly, reason: '复核后恢复关联' });
      const units: Who[] = ['lead', 'assist', 'accused', 'unrelated'];
      for (const who of units) {
        for (const [a, b] of [
          [qLate, qEarly],
          [acc, ordEarly],
        ] as const) {
          const r = await w.as[who].post(`/api/v1/items/${a}/links/remove`, { otherId: b, reason: '单位尝试解除' });
          assert.ok([403, 404].includes(r.status), `${who} may not unlink: ${r.status}`);
          assert.ok(!JSON.stringify(r.body).includes(w.numbers[b]!), `${who}: the refusal names nothing`);
        }
      }
      // The lead unit opens qLate and acc but not qEarly (another unit's) nor ordEarly (the accused unit's, the
      // accuser's identity): none of those changes is shown to it, nor to the assisting, accused or unrelated unit.
      const opens: Record<string, string[]> = {
        lead: [qLate, acc],
        assist: [acc],
        accused: [ordEarly],
        unrelated: [qEarly],
      };
      for (const who of units) {
        for (const id of opens[who]!) {
          const h = await w.as[who].get(`/api/v1/items/${id}/link-history`);
          assert.equal(h.status, 200, `${who} opens ${id}`);
          assert.deepEqual(h.body.changes, [], `${who} sees no link change on ${w.numbers[id]}`);
          const t = JSON.stringify((await w.as[who].get(`/api/v1/items/${id}/timeline`)).body);
          for (const other of [qEarly, qLate, acc, ordEarly].filter((x) => x !== id))
            assert.ok(!t.includes(w.numbers[other]!), `${who} timeline of ${id} names ${w.numbers[other]}`);
        }
      }
      for (const id of [qEarly, acc]) {
        const h = await w.as.unrelated.get(`/api/v1/items/${id}/link-history`);
        if (id === acc) assert.equal(h.status, 404, 'an item the unit may not open answers like a missing one');
      }
      // The bureau and leaders see every change (identity masked on both ends for a leader).
      for (const who of ['registrar', 'reviewer', 'leader'] as const) {
        const h = await w.as[who].get(`/api/v1/items/${acc}/link-history`);
        assert.deepEqual(
          h.body.changes.map((c: { action: string; other: { id: string } }) => [c.action, c.other.id]),
          [
            ['link', ordEarly],
            ['unlink', ordEarly],
          ],
          who,
        );
      }
    });
  });
}
