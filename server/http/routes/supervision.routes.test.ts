import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { raiseWarningNotices } from '../../app/warning-notices.ts';
import { hashPassword } from '../../crypto/password-hash.ts';
import { listNotifications } from '../../store/notification.store.ts';
import { insertUser } from '../../store/user.store.ts';
import { loginAs } from '../../../test/http-client.ts';
import { dialects, TEST_PASSWORD } from '../../../test/test-db.ts';
import {
  buildVisibilityWorld,
  VISIBILITY_LOGINS,
  type VisibilityWorld,
  type Who,
} from '../../../test/visibility-fixture.ts';

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

    it('names a handler of the unit, reassigns with a reason; lists, workload and warnings follow him', async () => {
      const hash = await hashPassword(TEST_PASSWORD);
      const now = w.env.deps.clock().toISOString();
      const person = async (username: string, role: 'unit_head' | 'unit_handler') => {
        const id = `${username}-id`;
        await insertUser(
          w.env.deps.db,
          { id, username, displayName: username, role, unitId: w.units.lead, passwordHash: hash },
          now,
        );
        return id;
      };
      const headId = await person('scj_fz', 'unit_head');
      const secondId = await person('scj_jb2', 'unit_handler');
      const head = await loginAs(w.app, 'scj_fz');
      const second = await loginAs(w.app, 'scj_jb2');
      const at = `/api/v1/items/${w.ids.acc}/handler`;
      const version = async () => (await head.get(`/api/v1/items/${w.ids.acc}`)).body.version as number;

      const view = await head.get(`/api/v1/items/${w.ids.acc}`);
      assert.equal(view.body.handler, null);
      assert.equal(view.body.abilities.assignHandler, true);
      // Only the lead unit's head names; only a person of the lead unit can be named.
      const byHandler = await w.as.lead.post(at, { version: await version(), userId: w.actors.lead.userId });
      assert.equal(byHandler.status, 403);
      const otherUnit = await head.post(at, { version: await version(), userId: w.actors.assist.userId });
      assert.equal(otherUnit.status, 422);
      assert.equal(otherUnit.body.error.code, 'UNKNOWN_USER');
      const byAccused = await w.as.accusedHead.post(at, { version: 1, userId: w.actors.accused.userId });
      assert.equal(byAccused.status, 404, 'the accused unit cannot even find the item');

      const first = await head.post(at, { version: await version(), userId: w.actors.lead.userId });
      assert.equal(first.status, 200, JSON.stringify(first.body));
      assert.equal(first.body.item.handler.name, 'scj_jb');
      const stale = await head.post(at, { version: 1, userId: secondId, reason: '工作调整' });
      assert.equal(stale.body.error.code, 'CONFLICT');
      const noReason = await head.post(at, { version: await version(), userId: secondId });
      assert.equal(noReason.status, 400);
      assert.match(noReason.body.error.message, /理由/);
      const moved = await head.post(at, { version: await version(), userId: secondId, reason: '原经办人休假' });
      assert.equal(moved.status, 200);
      assert.deepEqual([moved.body.item.handler.name, moved.body.item.handler.reason], ['scj_jb2', '原经办人休假']);
      const timeline = await head.get(`/api/v1/items/${w.ids.acc}/timeline`);
      const steps = timeline.body.events.filter((e: { step: string }) => e.step === 'assign_handler');
      assert.equal(steps.length, 2);
      assert.match(steps.at(-1).summary, /由 scj_jb 更换为 scj_jb2/);
      const told = await listNotifications(w.env.deps.db, secondId);
      assert.equal(told.filter((n) => n.kind === 'handler_assigned').length, 1);

      // The bureau sees who holds it (list column and filter); each handler's to-do list holds his own items.
      const listed = await w.as.reviewer.get(`/api/v1/items?handlerUserId=${secondId}`);
      assert.deepEqual(
        listed.body.items.map((r: { id: string }) => r.id),
        [w.ids.acc],
      );
      assert.equal(listed.body.items[0].handler.name, 'scj_jb2');
      const ids = (wb: { body: { groups: { items: { id: string }[] }[] } }) =>
        wb.body.groups.flatMap((g) => g.items.map((i) => i.id));
      assert.ok(ids(await second.get('/api/v1/workbench')).includes(w.ids.acc));
      assert.ok(!ids(await w.as.lead.get('/api/v1/workbench')).includes(w.ids.acc), 'held by someone else');

      // Workload: the head sees his unit's people; the bureau every unit; a handler not at all.
      const load = await head.get('/api/v1/workload');
      assert.equal(load.status, 200, JSON.stringify(load.body));
      const mine = load.body.people.find((p: { userId: string }) => p.userId === secondId);
      assert.equal(mine.open, 1);
      assert.ok(mine.waiting >= 1);
      assert.ok(load.body.people.every((p: { unitId: string }) => p.unitId === w.units.lead));
      const unit = (await w.as.reviewer.get('/api/v1/workload')).body.units.find(
        (u: { unitId: string }) => u.unitId === w.units.lead,
      );
      assert.equal(unit.open, load.body.units[0].open);
      assert.equal((await w.as.lead.get('/api/v1/workload')).status, 403);

      // Warnings go to the named handler and the head; the accused unit's people never hear of the accusation.
      await raiseWarningNotices(w.env.deps, new Date('2025-10-20T02:00:00Z'));
      const warned = async (userId: string) =>
        (await listNotifications(w.env.deps.db, userId)).filter(
          (n) => n.kind === 'deadline_warning' && n.itemId === w.ids.acc,
        );
      assert.ok((await warned(secondId)).length >= 1, 'the named handler is warned');
      assert.ok((await warned(headId)).length >= 1, 'the head is warned');
      assert.equal((await warned(w.actors.lead.userId)).length, 0, 'the former handler is not');
      for (const n of await listNotifications(w.env.deps.db, w.actors.accused.userId))
        assert.notEqual(n.itemId, w.ids.acc);
    });
    it('督办建议: the bureau and leaders read every suggested item masked; units are refused', async () => {
      w.env.setToday('2025-10-20'); // every routed item's 受理告知 is overdue
      // Sessions do not outlive the jump of the clock: sign in again on the new day.
      const as = {} as Record<Who, Awaited<ReturnType<typeof loginAs>>>;
      for (const [who, name] of Object.entries(VISIBILITY_LOGINS)) as[who as Who] = await loginAs(w.app, name);
      const all = Object.values(w.ids);
      for (const who of ['reviewer', 'registrar', 'leader'] as const) {
        const r = await as[who].get('/api/v1/supervisions/suggestions');
        assert.equal(r.status, 200, JSON.stringify(r.body));
        assert.equal(r.body.asOf, '2025-10-20');
        assert.deepEqual(new Set(r.body.suggestions.map((s: { itemId: string }) => s.itemId)), new Set(all), who);
        for (const s of r.body.suggestions) {
          assert.equal(s.reasons[0].code, 'overdue', JSON.stringify(s));
          assert.equal(s.number, w.numbers[s.itemId]);
        }
        assert.ok(!JSON.stringify(r.body).includes('王举报'), `${who}: titles as the register shows them (masked)`);
      }
      for (const who of ['lead', 'assist', 'accused', 'accusedHead', 'unrelated', 'admin', 'auditor'] as const) {
        const r = await as[who].get('/api/v1/supervisions/suggestions');
        assert.equal(r.status, 403, who);
        assert.ok(!JSON.stringify(r.body).includes(w.numbers[w.ids.acc]!), who);
      }
      // An open 督办 takes the item off the list; cancelling it puts it back.
      const phoned = {
        kind: '电话督办',
        itemIds: [w.ids.qLate],
        reason: '受理告知超期',
        requirements: '请即办理',
        unitId: w.units.lead,
        issuedOn: '2025-10-20',
        dueOn: '2025-10-23',
      };
      const issued = await as.reviewer.post('/api/v1/supervisions', { ...phoned, suggestedFor: ['overdue'] });
      assert.equal(issued.status, 201, JSON.stringify(issued.body));
      const listed = async () =>
        (await as.reviewer.get('/api/v1/supervisions/suggestions')).body.suggestions.map(
          (s: { itemId: string }) => s.itemId,
        );
      assert.ok(!(await listed()).includes(w.ids.qLate));
      const bad = await as.reviewer.post('/api/v1/supervisions', { ...phoned, suggestedFor: ['late'] });
      assert.equal(bad.status, 400, 'an unknown suggestion reason is refused');
      const cancelled = await as.reviewer.post(`/api/v1/supervisions/${issued.body.id}/steps`, {
        version: issued.body.version,
        input: { step: 'cancel', on: '2025-10-20', reason: '已电话督促' },
      });
      assert.equal(cancelled.body.status, 'cancelled', JSON.stringify(cancelled.body));
      assert.ok((await listed()).includes(w.ids.qLate));
    });
  });
}
