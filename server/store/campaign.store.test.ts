import { rejectsAppError } from '../../test/app-error.ts';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fixtureRows, insertFixture } from '../../test/report-fixture.ts';
import { dialects, makeTestEnv, seedPeople, type TestEnv } from '../../test/test-db.ts';
import { applyCaseAction, newCase } from '../domain/backlog-case.ts';
import { instruct, newRequest } from '../domain/instruction.ts';
import { newMeeting } from '../domain/joint-meeting.ts';
import { dailyReport } from '../domain/daily-report.ts';
import {
  caseOfItem,
  casedItemIds,
  insertCase,
  listCases,
  listDismissals,
  loadCase,
  nextCaseNumber,
  saveDismissal,
  updateCase,
} from './backlog.store.ts';
import { boardCaseRows, boardItemRows, dailyItemRows, leaderCaseAccess } from './campaign-rows.store.ts';
import { insertCampaign, listCampaigns, loadCampaign, updateCampaign } from './campaign.store.ts';
import { insertInstruction, insertRequest, listInstructions, listRequests } from './instruction.store.ts';
import {
  insertPeriod,
  listDailyReports,
  listPeriods,
  loadDailyReport,
  producedDates,
  saveDailyReport,
} from './major-period.store.ts';
import { insertMeeting, listMeetings, loadMeeting } from './meeting.store.ts';

const by = { userId: 'u-rev', name: '李审核' };

for (const dialect of dialects()) {
  describe(`campaign stores (${dialect})`, () => {
    let env: TestEnv;
    let people: Awaited<ReturnType<typeof seedPeople>>;
    let items: { id: string; number: string; registered_on: string; status: string }[];
    before(async () => {
      env = await makeTestEnv(dialect, '2025-09-26');
      people = await seedPeople(env.deps);
      await insertFixture(env.deps, people.units, fixtureRows());
      items = await env.deps.db
        .selectFrom('items')
        .select(['id', 'number', 'registered_on', 'status'])
        .orderBy('number')
        .execute();
    });
    after(async () => env.close());

    it('a 积案 round-trips with items, notes and its version check; an item joins one case only', async () => {
      const db = env.deps.db;
      const [a, b, c] = items;
      const number = await nextCaseNumber(db, 2025);
      assert.equal(number, '积〔2025〕1号');
      assert.equal(await nextCaseNumber(db, 2025), '积〔2025〕2号', 'numbers are never reused');
      const fresh = newCase(
        {
          id: 'case-1',
          number,
          title: '锦绣花园车位问题',
          reason: '反复信访',
          anchorItemId: a!.id,
          itemIds: [b!.id],
          origin: { kind: 'manual' },
          on: '2025-09-20',
          by,
        },
        '2025-09-26',
      );
      await insertCase(db, fresh, '2025-09-26T02:00:00Z');
      const leader = people.users.leader;
      let stored = (await loadCase(db, 'case-1'))!;
      assert.deepEqual(stored.itemIds, [a!.id, b!.id]);
      assert.equal(stored.status, 'unresolved');
      const ctx = { today: '2025-09-26', by };
      let next = applyCaseAction(
        stored,
        {
          kind: 'assign',
          on: '2025-09-21',
          leader: { userId: leader.userId, role: 'leader', name: '领导' },
          unitId: people.units.zjj,
          cadres: [{ name: '王干部', post: '科长', userId: null }],
        },
        ctx,
      ).case;
      next = applyCaseAction(
        next,
        {
          kind: 'plan',
          on: '2025-09-22',
          goal: '息诉罢访',
          measures: [{ text: '约谈', who: '王干部', by: '2025-10-30' }],
        },
        ctx,
      ).case;
      next = applyCaseAction(
        next,
        { kind: 'note', on: '2025-09-23', text: '已约谈信访人', measuresDone: [0] },
        ctx,
      ).case;
      const v = await updateCase(db, next, stored.version, '2025-09-26T02:00:00Z');
      assert.equal(v, stored.version + 1);
      await rejectsAppError(() => updateCase(db, next, stored.version, '2025-09-26T02:00:00Z'), 'CONFLICT');
      stored = (await loadCase(db, 'case-1'))!;
      assert.equal(stored.status, 'resolving');
      assert.equal(stored.leaderUserId, leader.userId);
      assert.equal(stored.notes.length, 1);
      assert.equal(stored.notes[0]!.text, '已约谈信访人');
      assert.deepEqual(stored.notes[0]!.measuresDone, [0]);
      assert.equal(stored.plan!.measures[0]!.doneOn, '2025-09-23');
      assert.deepEqual(
        (await listCases(db, { leaderUserId: leader.userId })).map((x) => x.id),
        ['case-1'],
      );
      assert.deepEqual(await listCases(db, { status: ['resolved'] }), []);
      assert.equal((await caseOfItem(db, b!.id))?.number, number);
      assert.equal(await caseOfItem(db, c!.id), null);
      assert.deepEqual([...(await casedItemIds(db))].sort(), [a!.id, b!.id].sort());

      const other = newCase(
        {
          id: 'case-2',
          number: await nextCaseNumber(db, 2025),
          title: '另一积案',
          reason: '手工认定',
          anchorItemId: c!.id,
          itemIds: [b!.id],
          origin: { kind: 'manual' },
          on: '2025-09-20',
          by,
        },
        '2025-09-26',
      );
      await rejectsAppError(() => insertCase(db, other, '2025-09-26T02:00:00Z'), 'DUPLICATE', /已列入其他积案/);
      assert.equal(await loadCase(db, 'case-2'), null, 'nothing half written is visible through the store');

      const board = await boardCaseRows(db);
      assert.deepEqual(
        board.map((r) => [r.number, r.status, r.unitId]),
        [[number, 'resolving', people.units.zjj]],
      );
      assert.deepEqual(await leaderCaseAccess(db, leader.userId, b!.id), { holdsCase: true, asksInstruction: false });
      assert.deepEqual(await leaderCaseAccess(db, leader.userId, c!.id), { holdsCase: false, asksInstruction: false });
      assert.deepEqual(await leaderCaseAccess(db, people.users.reviewer.userId, b!.id), {
        holdsCase: false,
        asksInstruction: false,
      });
    });

    it('a dismissal is stored and renewed, never doubled', async () => {
      const db = env.deps.db;
      const anchor = items[5]!.id;
      const first = { anchorItemId: anchor, rules: ['repeat'], itemCount: 3, on: '2025-09-25', reason: '已化解' };
      await saveDismissal(db, first as never, 'u', 'x');
      const renewed = {
        anchorItemId: anchor,
        rules: ['repeat', 'long_open'],
        itemCount: 4,
        on: '2025-09-26',
        reason: '仍不属积案',
      };
      await saveDismissal(db, renewed as never, 'u', 'x');
      assert.deepEqual(await listDismissals(db), [renewed]);
    });

    it('campaigns: version check and the running ones of a day', async () => {
      const db = env.deps.db;
      const targets = {
        reduceTotal: { changePct: -15 },
        resolveBacklog: { ratePct: 80 },
        curbNew: { max: 10 },
        firstTimeResolved: { ratePct: 90 },
      };
      const c = {
        id: 'cmp-1',
        version: 1,
        createdBy: 'u',
        name: '积案化解攻坚',
        from: '2025-03-01',
        to: '2025-12-31',
        targets,
      };
      await insertCampaign(db, c, 'x');
      assert.deepEqual(await loadCampaign(db, 'cmp-1'), c);
      assert.equal(await updateCampaign(db, { ...c, name: '积案化解攻坚行动' }, 1, 'y'), 2);
      await rejectsAppError(() => updateCampaign(db, c, 1, 'z'), 'CONFLICT');
      assert.equal((await loadCampaign(db, 'cmp-1'))!.name, '积案化解攻坚行动');
      assert.equal((await listCampaigns(db, '2025-06-01')).length, 1);
      assert.equal((await listCampaigns(db, '2026-01-01')).length, 0);
    });

    it('board and daily rows read exactly the items of their span or day', async () => {
      const db = env.deps.db;
      const rows = await boardItemRows(db, [{ from: '2025-03-01', to: '2025-05-31' }]);
      const expected = items.filter((i) => i.registered_on >= '2025-03-01' && i.registered_on <= '2025-05-31');
      assert.equal(expected.length, 32);
      assert.deepEqual(rows.map((r) => r.id).sort(), expected.map((i) => i.id).sort());
      const day = items[0]!.registered_on;
      const daily = await dailyItemRows(db, day);
      assert.deepEqual(
        daily.map((r) => r.number),
        items.filter((i) => i.registered_on === day).map((i) => i.number),
      );
      assert.ok(daily.length > 0);
    });

    it('periods and daily reports: one report per day whoever writes first', async () => {
      const db = env.deps.db;
      await insertPeriod(
        db,
        { id: 'p1', name: '全国两会', from: '2025-03-04', to: '2025-03-12', reportTime: '17:00', thresholds: null },
        'x',
      );
      assert.deepEqual(
        (await listPeriods(db, '2025-03-05')).map((p) => p.name),
        ['全国两会'],
      );
      assert.equal((await listPeriods(db, '2025-03-13')).length, 0);
      const rows = await dailyItemRows(db, '2025-03-05');
      const r = dailyReport('2025-03-05', rows, { period: { id: 'p1', name: '全国两会' } });
      assert.equal(await saveDailyReport(db, r, 'p1', '2025-03-05T09:00:00Z'), true);
      assert.equal(await saveDailyReport(db, { ...r, total: 99 }, 'p1', '2025-03-05T09:01:00Z'), false);
      const back = await loadDailyReport(db, '2025-03-05');
      assert.equal(back?.total, r.total);
      assert.equal(back?.producedAt, '2025-03-05T09:00:00Z');
      assert.deepEqual([...(await producedDates(db, '2025-03-01', '2025-03-31'))], ['2025-03-05']);
      assert.deepEqual(await listDailyReports(db, '2025-03-01', '2025-03-31'), [
        {
          date: '2025-03-05',
          periodId: 'p1',
          total: r.total,
          zeroReport: r.total === 0,
          producedAt: '2025-03-05T09:00:00Z',
        },
      ]);
    });

    it('请示 and 批示 are stored with their addressees and found by item, leader and unit', async () => {
      const db = env.deps.db;
      const item = items[7]!;
      const leader = { ...people.users.leader, displayName: '领导' };
      const req = newRequest(
        {
          id: 'req-1',
          subject: { kind: 'item', itemId: item.id },
          asker: people.users.zjjHead,
          leader: { userId: leader.userId, role: 'leader', name: '领导' },
          question: '请领导协调',
          on: '2025-09-20',
        },
        '2025-09-26',
      );
      await insertRequest(db, req, 'x');
      const { instruction, request } = instruct(
        {
          id: 'ins-1',
          request: req,
          subject: null,
          leader,
          text: '请住建局牵头办理',
          on: '2025-09-21',
          addressees: [{ unitId: people.units.zjj, dueOn: '2025-10-10' }],
        },
        '2025-09-26',
      );
      await insertInstruction(db, instruction, 'x');
      assert.equal(request!.status, 'instructed');
      assert.equal((await listRequests(db, { leaderUserId: leader.userId })).length, 1);
      const found = await listInstructions(db, { itemId: item.id });
      assert.equal(found.length, 1);
      assert.equal(found[0]!.instruction.text, '请住建局牵头办理');
      assert.deepEqual(found[0]!.addresseeVersions, { [people.units.zjj]: 1 });
      assert.equal((await listInstructions(db, { unitId: people.units.scj })).length, 0);
      assert.deepEqual(await leaderCaseAccess(db, leader.userId, item.id), { holdsCase: false, asksInstruction: true });
    });

    it('a meeting round-trips with members and agenda links', async () => {
      const db = env.deps.db;
      const m = newMeeting('m1', {
        kind: '专题会议',
        title: '车位问题协调',
        date: '2025-10-03',
        time: '09:30',
        place: '区政府三楼会议室',
        convenor: { userId: people.users.leader.userId, name: '领导' },
        memberUnitIds: [people.units.zjj, people.units.scj],
        attendees: [],
        agenda: [{ title: '车位', itemIds: [items[8]!.id], caseIds: ['case-1'], note: '' }],
        requirements: [],
      });
      await insertMeeting(db, m, 'x');
      assert.deepEqual(await loadMeeting(db, 'm1'), m);
      assert.equal((await listMeetings(db, { unitId: people.units.scj })).length, 1);
      assert.equal((await listMeetings(db, { unitId: people.units.outside })).length, 0);
      assert.equal((await listMeetings(db, { itemId: items[8]!.id })).length, 1);
    });
  });
}
