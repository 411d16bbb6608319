import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { randomUUID } from 'node:crypto';
import { MeetingDetail, MeetingsResponse } from '../../../contract/responses/meeting.ts';
import { escalateLateFollowUps } from '../../app/follow-up-escalation.ts';
import { raiseFollowUpWarnings } from '../../app/follow-up-warnings.ts';
import { listNotifications } from '../../store/notification.store.ts';
import { insertUser } from '../../store/user.store.ts';
import { loginAs } from '../../../test/http-client.ts';
import { dialects } from '../../../test/test-db.ts';
import {
  ACCUSER,
  ACCUSER_TRACES,
  buildVisibilityWorld,
  docxText,
  type VisibilityWorld,
} from '../../../test/visibility-fixture.ts';

function assertNoTraces(text: string, what: string): void {
  for (const n of ACCUSER_TRACES) assert.ok(!text.includes(n), `${what}: found "${n}"`);
}

/**
 * 联席会议 over HTTP on the visibility world: the bureau calls the lead unit of the accusation and an unrelated unit
 * to study the accusation and another person's item led by the unrelated unit. Each member sees the meeting with
 * the agenda items it may open only; the assisting and the accused unit (not members) see nothing; the notice and
 * the 纪要 are read back as Word text per reader; tasks are reported, reviewed and marked overdue.
 */
for (const dialect of dialects()) {
  describe(`联席会议 over HTTP (${dialect})`, () => {
    let w: VisibilityWorld;
    let id: string;
    const body = () => ({
      kind: '专题会议',
      title: '住建领域信访问题协调',
      date: '2025-09-26',
      time: '09:30',
      place: '区政府三楼第一会议室',
      convenorUserId: w.actors.leader.userId,
      convenorName: '刘副区长',
      memberUnitIds: [w.units.lead, w.units.unrelated],
      attendees: [{ name: '张科长', unitId: w.units.lead, post: '科长', role: 'member' }],
      agenda: [
        { title: '举报事项的核查', itemIds: [w.ids.acc] },
        { title: '街道事项的化解', itemIds: [w.ids.qEarly] },
      ],
    });
    before(async () => {
      w = await buildVisibilityWorld(dialect);
    });
    after(async () => w.env.close());

    it('only the bureau plans a meeting; bad input is refused with nothing written', async () => {
      for (const who of ['lead', 'leader'] as const) {
        const r = await w.as[who].post('/api/v1/meetings', body());
        assert.equal(r.status, 403, who);
      }
      const bad = await w.as.reviewer.post('/api/v1/meetings', { ...body(), memberUnitIds: ['no-such-unit'] });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.error.code, 'VALIDATION');
      assert.match(bad.body.error.message, /单位/);
      const noAgenda = await w.as.reviewer.post('/api/v1/meetings', { ...body(), agenda: [] });
      assert.equal(noAgenda.status, 400);
      assert.deepEqual((await w.as.reviewer.get('/api/v1/meetings')).body.meetings, [], 'nothing written');
      const made = await w.as.reviewer.post('/api/v1/meetings', body());
      assert.equal(made.status, 200, JSON.stringify(made.body));
      id = made.body.id;
      assert.equal(made.body.status, 'planned');
      assert.deepEqual(
        made.body.agenda.map((a: { items: { id: string }[] }) => a.items.map((i) => i.id)),
        [[w.ids.acc], [w.ids.qEarly]],
      );
    });

    it('members see the meeting with only the items they may open; other units see nothing', async () => {
      const lead = await w.as.lead.get(`/api/v1/meetings/${id}`);
      assert.equal(lead.status, 200);
      assert.deepEqual(
        lead.body.agenda.map((a: { items: { id: string }[] }) => a.items.map((i) => i.id)),
        [[w.ids.acc], []],
      );
      assert.equal(lead.body.hiddenLinks, 1);
      const unrelated = await w.as.unrelated.get(`/api/v1/meetings/${id}`);
      assert.deepEqual(
        unrelated.body.agenda.map((a: { items: { id: string }[] }) => a.items.map((i) => i.id)),
        [[], [w.ids.qEarly]],
      );
      assert.ok(!JSON.stringify(unrelated.body).includes(w.ids.acc), 'the accusation id never reaches it');
      assert.ok(!JSON.stringify(unrelated.body).includes(w.numbers[w.ids.acc]!), 'nor its number');
      const leader = await w.as.leader.get(`/api/v1/meetings/${id}`);
      assert.equal(leader.body.hiddenLinks, 0);
      assert.equal(leader.body.abilities.edit, false);
      for (const who of ['lead', 'unrelated', 'leader', 'reviewer'] as const)
        assert.equal((await w.as[who].get('/api/v1/meetings')).body.meetings.length, 1, who);
      for (const who of ['assist', 'accused', 'accusedHead'] as const) {
        assert.deepEqual((await w.as[who].get('/api/v1/meetings')).body.meetings, [], who);
        const r = await w.as[who].get(`/api/v1/meetings/${id}`);
        assert.equal(r.status, 404, who);
        assert.equal((await w.as[who].raw!(`/api/v1/meetings/${id}/documents/notice`)).status, 404, who);
      }
      assert.equal((await w.as.admin.get('/api/v1/meetings')).status, 403);
    });

    it('the notice names the petitioner only for a reader who may see the identity', async () => {
      const path = `/api/v1/meetings/${id}/documents/notice`;
      const full = await w.as.reviewer.raw!(path);
      assert.equal(full.status, 200);
      assert.match(decodeURIComponent(full.headers.get('content-disposition') ?? ''), /会议通知/);
      const text = await docxText(full);
      assert.ok(text.includes('住建领域信访问题协调'), 'the meeting');
      assert.ok(text.includes('区政府三楼第一会议室'), 'the place');
      assert.ok(text.includes('区市场监管局'), 'a member unit');
      assert.ok(text.includes(w.numbers[w.ids.acc]!), 'the accusation on the agenda');
      assert.ok(text.includes(ACCUSER.name), 'the bureau reads the identity');
      assert.match(text, /联〔2025〕\d+号/, 'a 发文字号 of the joint office');
      assert.ok(!/\d{4}-\d{2}-\d{2}/.test(text), 'no ISO date');
      const again = await docxText(await w.as.reviewer.raw!(path));
      assert.equal(again.match(/联〔2025〕\d+号/)?.[0], text.match(/联〔2025〕\d+号/)?.[0], 'the number is kept');
      const lead = await docxText(await w.as.lead.raw!(path));
      assert.ok(lead.includes(ACCUSER.name), 'the lead unit may see the identity');
      assert.ok(!lead.includes(w.numbers[w.ids.qEarly]!), 'but not the item it may not open');
      const unrelated = await docxText(await w.as.unrelated.raw!(path));
      assertNoTraces(unrelated, 'unrelated unit’s notice');
      assert.ok(!unrelated.includes(w.numbers[w.ids.acc]!), 'no accusation number');
      assert.ok(unrelated.includes(w.numbers[w.ids.qEarly]!), 'its own item');
      const leader = await docxText(await w.as.leader.raw!(path));
      assertNoTraces(leader, 'leader’s notice');
      assert.ok(leader.includes('王**'), 'the leader reads it masked');
    });

    it('the 纪要 records decisions and tasks; units report, the bureau reviews; late tasks are overdue', async () => {
      const minutes = {
        version: 1,
        minutes: '会议听取了有关单位的情况汇报。\n\n会议认为，要依法依规及时化解。',
        decisions: [
          {
            text: '由区市场监管局牵头核查举报事项',
            tasks: [{ text: '完成核查并书面反馈', ownerUnitId: w.units.lead, dueOn: '2025-10-10' }],
          },
          {
            text: '城关街道做好化解工作',
            tasks: [{ text: '上门走访当事人', ownerUnitId: w.units.unrelated, dueOn: '2025-10-10' }],
          },
        ],
      };
      assert.equal((await w.as.lead.post(`/api/v1/meetings/${id}/minutes`, minutes)).status, 403);
      const bad = await w.as.reviewer.post(`/api/v1/meetings/${id}/minutes`, {
        ...minutes,
        decisions: [{ text: 'x', tasks: [{ text: '任务', ownerUnitId: w.units.lead, dueOn: '2025-09-01' }] }],
      });
      assert.equal(bad.status, 422, JSON.stringify(bad.body));
      assert.equal(bad.body.error.code, 'DATE_ORDER');
      const ok = await w.as.reviewer.post(`/api/v1/meetings/${id}/minutes`, minutes);
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.equal(ok.body.status, 'held');
      assert.equal(ok.body.minutesNumber, '〔2025〕第1期', 'the refused 纪要 used no number');
      assert.equal(ok.body.tasks.length, 2);
      const leadView = (await w.as.lead.get(`/api/v1/meetings/${id}`)).body;
      assert.deepEqual(
        leadView.tasks.map((t: { ownerUnitId: string }) => t.ownerUnitId),
        [w.units.lead],
      );
      const doc = await docxText(await w.as.reviewer.raw!(`/api/v1/meetings/${id}/documents/minutes`));
      assert.ok(doc.includes('〔2025〕第1期'), 'the issue number');
      assert.ok(doc.includes('由区市场监管局牵头核查举报事项'), 'a decision');
      assert.ok(doc.includes('上门走访当事人') && doc.includes('完成核查并书面反馈'), 'both tasks');
      assert.match(doc, /2025年10月10日/);
      const unrelatedDoc = await docxText(await w.as.unrelated.raw!(`/api/v1/meetings/${id}/documents/minutes`));
      assert.ok(unrelatedDoc.includes('上门走访当事人'));
      assert.ok(!unrelatedDoc.includes('完成核查并书面反馈'), 'a unit’s copy lists its own tasks');
      assertNoTraces(unrelatedDoc, 'unrelated unit’s 纪要');

      const leadTask = ok.body.tasks.find((t: { ownerUnitId: string }) => t.ownerUnitId === w.units.lead);
      const otherTask = ok.body.tasks.find((t: { ownerUnitId: string }) => t.ownerUnitId === w.units.unrelated);
      const base = `/api/v1/meetings/${id}/tasks`;
      assert.equal(
        (await w.as.unrelated.post(`${base}/${leadTask.id}/report`, { version: 1, text: '越权' })).status,
        404,
      );
      const rep = await w.as.lead.post(`${base}/${leadTask.id}/report`, { version: 1, text: '已核查完毕' });
      assert.equal(rep.status, 200, JSON.stringify(rep.body));
      assert.equal((await w.as.lead.post(`${base}/${leadTask.id}/review`, { version: 2, accept: true })).status, 403);
      const stale = await w.as.reviewer.post(`${base}/${leadTask.id}/review`, { version: 1, accept: true });
      assert.equal(stale.status, 409);
      const acc = await w.as.reviewer.post(`${base}/${leadTask.id}/review`, { version: 2, accept: true });
      assert.equal(acc.status, 200, JSON.stringify(acc.body));
      w.env.setToday('2025-10-13');
      const reviewer = await loginAs(w.app, 'shenhe');
      const view = (await reviewer.get(`/api/v1/meetings/${id}`)).body;
      const by = Object.fromEntries(view.tasks.map((t: { id: string }) => [t.id, t]));
      assert.equal(by[leadTask.id].status, 'done');
      assert.equal(by[leadTask.id].overdue, false);
      assert.equal(by[otherTask.id].overdue, true);
      // The answer is the declared shape the 会议 screen is typed by: the report and the review with who wrote them.
      const declared = MeetingDetail.safeParse(view);
      assert.ok(declared.success, JSON.stringify(declared.error?.issues));
      const done = declared.data.tasks.find((t) => t.id === leadTask.id)!;
      assert.deepEqual(
        done.reports.map((r) => r.text),
        ['已核查完毕'],
      );
      assert.ok(done.reports[0]!.by.name, 'the report names who wrote it');
      assert.deepEqual(
        done.reviews.map((r) => r.accepted),
        [true],
      );
      assert.equal(declared.data.minutes?.text, minutes.minutes);
      const listed = await reviewer.get('/api/v1/meetings');
      const listDeclared = MeetingsResponse.safeParse(listed.body);
      assert.ok(listDeclared.success, JSON.stringify(listDeclared.error?.issues));
      const list = listed.body.meetings[0];
      assert.deepEqual(list.tasks, { total: 2, done: 1, overdue: 1 });
      const audit = await (await loginAs(w.app, 'shenji')).get('/api/v1/audit?action=meeting.document');
      assert.ok(audit.body.events.length >= 6, 'every document generated is audited');
    });

    it('late meeting tasks and 批示 duties warn the unit, then escalate per run: head, leader and bureau', async () => {
      const deps = w.env.deps;
      const head = async (username: string, unitId: string) => {
        const uid = randomUUID();
        await insertUser(
          deps.db,
          { id: uid, username, displayName: username, role: 'unit_head', unitId, passwordHash: 'x' },
          deps.clock().toISOString(),
        );
        return uid;
      };
      const leadHead = await head('scj_fz', w.units.lead);
      const otherHead = await head('jd_fz', w.units.unrelated);
      const leader = await loginAs(w.app, 'lingdao');
      const ins = await leader.post('/api/v1/instructions', {
        subject: { kind: 'item', itemId: w.ids.acc },
        text: '请市场监管局抓紧核查',
        on: '2025-10-13',
        addressees: [{ unitId: w.units.lead, dueOn: '2025-10-14' }],
      });
      assert.equal(ins.status, 200, JSON.stringify(ins.body));
      const notices = async (userId: string, kind: string, link: string) =>
        (await listNotifications(deps.db, userId, { limit: 1000 })).filter((n) => n.kind === kind && n.link === link);
      const meetingLink = `/meetings/${id}`;
      const first = await raiseFollowUpWarnings(deps);
      assert.ok(first.raised > 0, JSON.stringify(first));
      assert.equal((await raiseFollowUpWarnings(deps)).raised, 0, 'a second run raises nothing');
      const overdue = await notices(otherHead, 'follow_up_warning', meetingLink);
      assert.equal(overdue.length, 1, 'the owner unit’s head is warned of its overdue task once');
      assert.match(overdue[0]!.title, /超期/);
      assert.match(overdue[0]!.body, /上门走访当事人/);
      assert.deepEqual(await notices(w.actors.leader.userId, 'follow_up_warning', meetingLink), []);

      // 13 Oct: the task due 10 Oct is late: the first level (the unit head), once.
      assert.deepEqual(await escalateLateFollowUps(deps), { checked: 2, escalated: 1, notified: 1 });
      assert.deepEqual(await escalateLateFollowUps(deps), { checked: 2, escalated: 0, notified: 0 });
      const [up] = await notices(otherHead, 'follow_up_escalated', meetingLink);
      assert.match(up!.body, /升级至单位负责人/);
      assert.equal((await notices(leadHead, 'follow_up_escalated', meetingLink)).length, 0, 'not another unit');
      assert.equal((await notices(w.actors.leader.userId, 'follow_up_escalated', meetingLink)).length, 0);

      // 16 Oct: three days later the convenor and the bureau; the 批示 duty (due 14 Oct) reaches its unit head.
      w.env.setToday('2025-10-16');
      assert.deepEqual(await escalateLateFollowUps(deps), { checked: 2, escalated: 2, notified: 3 });
      assert.equal((await notices(w.actors.leader.userId, 'follow_up_escalated', meetingLink)).length, 1);
      assert.equal((await notices(w.actors.reviewer.userId, 'follow_up_escalated', meetingLink)).length, 1);
      assert.equal((await notices(leadHead, 'follow_up_escalated', '/instructions')).length, 1);
      assert.equal((await notices(w.actors.leader.userId, 'follow_up_escalated', '/instructions')).length, 0);
      assert.equal((await escalateLateFollowUps(deps)).escalated, 0, 'each level once');

      // The lead unit reports: its duty stops escalating; the other task has reached the last level.
      const report = await (await loginAs(w.app, 'scj_jb')).post(`/api/v1/instructions/${ins.body.id}/report`, {
        version: 1,
        text: '已核查',
      });
      assert.equal(report.status, 200, JSON.stringify(report.body));
      w.env.setToday('2025-10-20');
      // The reported duty is still open (awaiting review) but met in its round: it escalates no further.
      assert.deepEqual(await escalateLateFollowUps(deps), { checked: 2, escalated: 0, notified: 0 });
      assert.equal((await notices(w.actors.leader.userId, 'follow_up_escalated', '/instructions')).length, 0);
      const all = [
        ...(await listNotifications(deps.db, w.actors.leader.userId, { limit: 1000 })),
        ...(await listNotifications(deps.db, otherHead, { limit: 1000 })),
      ];
      for (const n of all) assertNoTraces(`${n.title}${n.body}`, 'a follow-up notice');
    });
  });
}
