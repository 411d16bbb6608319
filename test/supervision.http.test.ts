import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { listNotifications } from '../server/store/notification.store.ts';
import { dialects } from './test-db.ts';
import { buildVisibilityWorld, type VisibilityWorld } from './visibility-fixture.ts';

for (const dialect of dialects()) {
  describe(`督办 over HTTP: issue, reply, press again, accept; who sees it (${dialect})`, () => {
    let w: VisibilityWorld;
    before(async () => {
      w = await buildVisibilityWorld(dialect);
    });
    after(async () => w.env.close());

    const draft = () => ({
      kind: '文书督办',
      itemIds: [w.ids.acc],
      reason: '王举报反映的问题逾期未受理',
      requirements: '请于期限内书面回复办理情况',
      unitId: w.units.lead,
      addresseeUserId: w.actors.lead.userId,
      issuedOn: '2025-09-22',
      dueOn: '2025-09-25',
    });

    it('walks a 督办 to its end; only the bureau, leaders and the addressed unit read it', async () => {
      // A unit cannot issue; an item of another unit is refused with what to fix.
      const byUnit = await w.as.lead.post('/api/v1/supervisions', draft());
      assert.equal(byUnit.status, 403);
      const wrong = await w.as.reviewer.post('/api/v1/supervisions', { ...draft(), itemIds: [w.ids.ordEarly] });
      assert.equal(wrong.status, 400);
      assert.match(wrong.body.error.message, /主办单位不是被督办单位/);
      const late = await w.as.reviewer.post('/api/v1/supervisions', { ...draft(), dueOn: '2025-09-20' });
      assert.equal(late.body.error.code, 'DATE_ORDER');

      const issued = await w.as.reviewer.post('/api/v1/supervisions', draft());
      assert.equal(issued.status, 201, JSON.stringify(issued.body));
      const id = issued.body.id as string;
      assert.match(issued.body.number, /^督办〔2025〕1号$/);
      assert.equal(issued.body.status, 'issued');

      // The addressee is told, by item number only.
      const notes = await listNotifications(w.env.deps.db, w.actors.lead.userId);
      assert.equal(notes.length, 1);
      assert.equal(notes[0]!.kind, 'supervision_issued');
      assert.ok(notes[0]!.body.includes(w.numbers[w.ids.acc]!));
      assert.ok(!notes[0]!.body.includes('王举报'));

      // Visibility: lead reads it with the identity; the leader masked; assist, accused, unrelated not at all.
      const lead = await w.as.lead.get(`/api/v1/supervisions/${id}`);
      assert.equal(lead.status, 200);
      assert.match(lead.body.reason, /王举报/);
      assert.deepEqual(lead.body.steps, ['reply']);
      const leader = await w.as.leader.get(`/api/v1/supervisions/${id}`);
      assert.equal(leader.status, 200);
      assert.ok(!JSON.stringify(leader.body).includes('王举报'), 'leader reads masked text');
      for (const who of ['assist', 'accused', 'unrelated', 'accusedHead'] as const) {
        const r = await w.as[who].get(`/api/v1/supervisions/${id}`);
        assert.equal(r.status, 404, who);
        assert.equal(r.body.error.message, '督办不存在或无权查看');
        const list = await w.as[who].get('/api/v1/supervisions');
        assert.deepEqual(list.body.supervisions, [], who);
        const step = await w.as[who].post(`/api/v1/supervisions/${id}/steps`, {
          version: 1,
          input: { step: 'reply', on: '2025-09-26', done: '已处理' },
        });
        assert.equal(step.status, 404, who);
      }
      assert.deepEqual(
        (await w.as.lead.get('/api/v1/supervisions')).body.supervisions.map((s: { id: string }) => s.id),
        [id],
      );

      // The unit answers late; the bureau presses again; the unit answers; the bureau accepts.
      const step = (who: 'lead' | 'reviewer', version: number, input: object) =>
        w.as[who].post(`/api/v1/supervisions/${id}/steps`, { version, input });
      assert.equal((await step('reviewer', 1, { step: 'accept', on: '2025-09-26' })).status, 409, 'nothing to accept');
      const r1 = await step('lead', 1, {
        step: 'reply',
        on: '2025-09-26',
        done: '已约谈信访人',
        expectedFinishOn: '2025-09-30',
      });
      assert.equal(r1.status, 200, JSON.stringify(r1.body));
      assert.equal(r1.body.status, 'answered');
      assert.equal(
        (await step('lead', 1, { step: 'reply', on: '2025-09-26', done: '重复' })).body.error.code,
        'CONFLICT',
      );
      const p = await step('reviewer', 2, {
        step: 'press',
        on: '2025-09-26',
        note: '回复过于简单',
        newDueOn: '2025-09-29',
      });
      assert.equal(p.body.status, 'pressed');
      assert.equal(p.body.dueOn, '2025-09-29');
      assert.equal((await listNotifications(w.env.deps.db, w.actors.lead.userId)).length, 2);
      const r2 = await step('lead', 3, { step: 'reply', on: '2025-09-26', done: '已书面答复信访人' });
      assert.equal(r2.body.status, 'answered');
      const a = await step('reviewer', 4, { step: 'accept', on: '2025-09-26' });
      assert.equal(a.body.status, 'accepted');
      assert.equal(a.body.closedOn, '2025-09-26');
      assert.deepEqual(a.body.steps, []);

      // The bell: the addressee's own notices; nobody else can read or mark them.
      const mine = await w.as.lead.get('/api/v1/notifications');
      assert.equal(mine.body.unread, 2);
      const noteIds = mine.body.notifications.map((n: { id: string }) => n.id);
      const other = await w.as.accused.get('/api/v1/notifications');
      assert.deepEqual([other.body.unread, other.body.notifications], [0, []]);
      assert.equal((await w.as.accused.post('/api/v1/notifications/read', { ids: noteIds })).body.marked, 0);
      assert.deepEqual((await w.as.lead.post('/api/v1/notifications/read', { ids: [noteIds[0]] })).body, {
        marked: 1,
        unread: 1,
      });
      assert.equal((await w.as.reviewer.get('/api/v1/notifications')).body.unread, 2, 'two replies to review');

      // The register filters by item; the scorecard counts it, answered late (after 09-25).
      const byItem = await w.as.reviewer.get(`/api/v1/supervisions?itemId=${w.ids.acc}`);
      assert.equal(byItem.body.supervisions.length, 1);
      assert.equal((await w.as.reviewer.get(`/api/v1/supervisions?itemId=${w.ids.qLate}`)).body.supervisions.length, 0);
      const card = await w.as.reviewer.get('/api/v1/scorecard?from=2025-09-01&to=2025-09-30');
      const leadCard = card.body.units.find((u: { unitId: string }) => u.unitId === w.units.lead);
      assert.deepEqual([leadCard.supervisions.received.count, leadCard.supervisions.answeredLate.count], [1, 1]);
    });
  });
}
