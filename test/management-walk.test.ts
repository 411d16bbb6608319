/**
 * The backlog-campaign issue's done-when as one walk on an injected clock, with the scheduler's jobs ticked day by
 * day: a 积案 proposed by the repeat rule, confirmed, assigned to a leader, worked and resolved; a 批示 and a
 * 联席会议 task each warned on their days and escalated when late, then reported and accepted; a 重大节点 period
 * producing one daily report per day at its report time, a 零报告 included; and the 攻坚行动 board's figures equal
 * to a count by hand of the item and 积案 rows themselves.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { hotIssuesSettled } from '../server/app/hot-issues.ts';
import { addDays } from '../server/domain/calendar.ts';
import { JOB_NAMES, serverJobs } from '../server/jobs/registry.ts';
import { createScheduler, type Scheduler } from '../server/jobs/scheduler.ts';
import { recordOnlyAdapter } from '../server/notify/adapters.ts';
import { listNotifications } from '../server/store/notification.store.ts';
import { insertUser } from '../server/store/user.store.ts';
import { loginAs, makeTestApp, type Client } from './http-client.ts';
import { dialects, makeTestEnv, seedPeople, type TestEnv } from './test-db.ts';

const adapters = { sms: recordOnlyAdapter('sms'), email: recordOnlyAdapter('email') };
const EXCLUDED = new Set(['not_accepted', 'not_reaccepted']);
const JOBS: string[] = [JOB_NAMES.followUps, JOB_NAMES.escalation, JOB_NAMES.dailyReports];

interface Reg {
  title: string;
  name: string;
  phone: string;
  channel?: string;
  headCount?: number;
  earlier?: string;
}

for (const dialect of dialects()) {
  describe(`积案、批示、联席会议、重大节点、攻坚行动 done-when walk (${dialect})`, () => {
    let env: TestEnv;
    let people: Awaited<ReturnType<typeof seedPeople>>;
    let reg: Client, rev: Client, handler: Client, head: Client, scj: Client, leader: Client, admin: Client;
    let scheduler: Scheduler;
    let scjHead = '';
    let today = '';
    const ids: Record<string, string> = {};
    const versions: Record<string, number> = {};
    /** Follow-up notification id → the day the walk first saw it. */
    const arrived = new Map<string, string>();

    const setDay = (d: string) => {
      today = d;
      env.setToday(d);
    };
    async function register(key: string, day: string, r: Reg) {
      setDay(day);
      const res = await reg.post('/api/v1/items', {
        channel: r.channel ?? '来信',
        receivedOn: day,
        headCount: r.headCount ?? 1,
        representatives: (r.headCount ?? 1) >= 5 ? [r.name] : [],
        petitioners: [{ name: r.name, phone: r.phone, address: '城关街道和平里5号' }],
        title: r.title,
        content: `${r.title}，请求处理。`,
        demands: ['依法处理'],
        purpose: '求决',
        handlingClass: '申诉求决类',
        repeat: r.earlier ? { isRepeat: true, earlierItemIds: [r.earlier] } : { isRepeat: false },
      });
      assert.equal(res.status, 201, `${key}: ${JSON.stringify(res.body)}`);
      ids[key] = res.body.item.id;
      versions[res.body.item.id] = res.body.item.version;
      return res.body.item.id as string;
    }
    async function route(id: string, input: Record<string, unknown>) {
      const r = await rev.post(`/api/v1/items/${id}/steps`, {
        version: versions[id],
        input: { step: 'route', on: today, ...input },
      });
      assert.equal(r.status, 200, `route ${today}: ${JSON.stringify(r.body)}`);
      versions[id] = r.body.item.version;
      return r.body.item;
    }
    /** Ticks the follow-up, escalation and daily-report jobs at the clock's time; each must run or be not due. */
    async function tick() {
      for (const r of await scheduler.tick()) {
        if (!JOBS.includes(r.name)) continue;
        assert.ok(['ran', 'not_due'].includes(r.outcome), `${today}: ${JSON.stringify(r)}`);
      }
      for (const userId of watched()) {
        for (const n of await listNotifications(env.deps.db, userId, { limit: 1000 }))
          if (!arrived.has(n.id)) arrived.set(n.id, today);
      }
    }
    /** Every day after the last one walked up to `to`, 10:00 Beijing: `onDay` acts first, then the jobs tick. */
    async function walk(to: string, onDay: (day: string) => Promise<void> = async () => {}) {
      for (let d = addDays(today, 1); d <= to; d = addDays(d, 1)) {
        setDay(d);
        await onDay(d);
        await tick();
      }
    }
    const watched = () => [
      people.users.zjjHead.userId,
      people.users.zjjHandler.userId,
      people.users.leader.userId,
      people.users.reviewer.userId,
      scjHead,
    ];
    /** [level, day first seen] of the follow-up notices of `kind` to `userId` whose link is `link`. */
    async function notices(userId: string, kind: string, link: string) {
      return (await listNotifications(env.deps.db, userId, { limit: 1000 }))
        .filter((n) => n.kind === kind && n.link === link)
        .map((n) => [n.level, arrived.get(n.id)] as [string | null, string | undefined])
        .sort((a, b) => `${a[1]}${a[0]}`.localeCompare(`${b[1]}${b[0]}`));
    }

    before(async () => {
      env = await makeTestEnv(dialect, '2024-10-14');
      today = '2024-10-14';
      people = await seedPeople(env.deps);
      scjHead = randomUUID();
      await insertUser(
        env.deps.db,
        {
          id: scjHead,
          username: 'scj_fz',
          displayName: 'scj_fz',
          role: 'unit_head',
          unitId: people.units.scj,
          passwordHash: 'x',
        },
        env.deps.clock().toISOString(),
      );
      // The clock runs for fourteen months; sessions must outlive it.
      const app = makeTestApp(env, { idleMinutes: 60 * 24 * 3650 });
      reg = await loginAs(app, 'dengji');
      rev = await loginAs(app, 'shenhe');
      handler = await loginAs(app, 'zjj_jb');
      head = await loginAs(app, 'zjj_fz');
      scj = await loginAs(app, 'scj_jb');
      leader = await loginAs(app, 'lingdao');
      admin = await loginAs(app, 'admin');
      const jobs = serverJobs(env.deps, adapters).filter((j) => JOBS.includes(j.name));
      scheduler = createScheduler({ db: env.deps.db, clock: () => env.deps.clock(), jobs, instanceId: 'a', log: null });

      // Last year's comparison days: two items counted, one 不予受理 (counted apart).
      await register('L1', '2024-10-14', { title: '小区路灯损坏无人维修', name: '赵某', phone: '13700001001' });
      await route(ids.L1!, { kind: '直接回复', note: '已联系街道修复路灯' });
      await register('L2', '2024-11-04', { title: '超市销售过期食品', name: '钱某', phone: '13700001002' });
      await route(ids.L2!, { kind: '直接回复', note: '已转市场监管所现场查处' });
      await register('L3', '2024-11-18', { title: '要求解决民事借贷纠纷', name: '周某', phone: '13700001003' });
      await route(ids.L3!, { kind: '不予受理', note: '属于民事纠纷，应通过诉讼解决' });
      // One matter petitioned three times: 孙某's lift, led by 区住建局 each time.
      await register('A1', '2025-05-06', { title: '小区电梯长期停运', name: '孙某', phone: '13700004321' });
      await route(ids.A1!, { kind: '转送', unitId: people.units.zjj });
      await register('A2', '2025-07-07', {
        title: '再次反映小区电梯停运',
        name: '孙某',
        phone: '13700004321',
        earlier: ids.A1,
      });
      await route(ids.A2!, { kind: '转送', unitId: people.units.zjj });
      await register('A3', '2025-09-15', {
        title: '第三次反映小区电梯停运',
        name: '孙某',
        phone: '13700004321',
        earlier: ids.A2,
      });
      await route(ids.A3!, { kind: '转送', unitId: people.units.zjj });
    });
    after(async () => {
      await hotIssuesSettled();
      await env.close();
    });

    it('攻坚行动：信访局设定降总量、化存量、遏增量、初信初访化解目标，开始前看板显示未开始', async () => {
      setDay('2025-09-20');
      const made = await rev.post('/api/v1/campaigns', {
        name: '信访积案化解攻坚行动',
        from: '2025-10-01',
        to: '2025-12-31',
        targets: {
          reduceTotal: { changePct: -15 },
          resolveBacklog: { ratePct: 80 },
          curbNew: { max: 5 },
          firstTimeResolved: { ratePct: 90 },
        },
      });
      assert.equal(made.status, 200, JSON.stringify(made.body));
      ids.campaign = made.body.id;
      const r = await leader.get(`/api/v1/campaigns/${ids.campaign}/board`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual([r.body.board.state, r.body.board.targets], ['upcoming', []]);
    });

    it('积案：重复信访三次由规则提出，认定、领导包案、化解方案、进展、化解办结，状态与包案台账一致', async () => {
      setDay('2025-09-22');
      // Proposed by the repeat rule alone: the first petition is 139 days old, under the 180 days of 长期未结.
      const proposals = await rev.get('/api/v1/backlog/proposals');
      assert.equal(proposals.status, 200, JSON.stringify(proposals.body));
      const p = proposals.body.proposals.find((x: { anchorItemId: string }) => x.anchorItemId === ids.A1);
      assert.ok(p, JSON.stringify(proposals.body.proposals));
      assert.deepEqual(new Set(p.itemIds), new Set([ids.A1, ids.A2, ids.A3]));
      assert.equal(proposals.body.proposals.length, 1, 'the answered petitions of last year are no 积案');
      assert.deepEqual(
        p.hits.map((h: { rule: string }) => h.rule),
        ['repeat_count'],
      );
      assert.match(p.hits[0].reason, /同一事项已信访 3 次/);
      const longOpen = p.evaluations.find((e: { rule: string }) => e.rule === 'long_open');
      assert.equal(longOpen.met, false);
      assert.match(longOpen.reason, /已 139 日，未超过 180 日/);

      const made = await rev.post('/api/v1/backlog/cases', {
        anchorItemId: ids.A1,
        title: '孙某小区电梯停运系列信访',
        reason: '同一事项反复信访3次',
      });
      assert.equal(made.status, 200, JSON.stringify(made.body));
      const caseId: string = made.body.id;
      ids.case = caseId;
      let v: number = made.body.version;
      const base = `/api/v1/backlog/cases/${caseId}`;
      const detail = async () => {
        const r = await rev.get(base);
        assert.equal(r.status, 200, JSON.stringify(r.body));
        return r.body;
      };
      let d = await detail();
      assert.deepEqual([d.status, d.origin.kind, d.linkedItems.length], ['unresolved', 'rule', 3]);
      assert.equal(d.confirmedOn, '2025-09-22');

      setDay('2025-09-23');
      const assigned = await rev.post(`${base}/assign`, {
        version: v,
        leaderUserId: people.users.leader.userId,
        unitId: people.units.zjj,
        cadres: [{ name: '住建局经办人', post: '科员', userId: people.users.zjjHandler.userId }],
      });
      assert.equal(assigned.status, 200, JSON.stringify(assigned.body));
      v = assigned.body.version;
      d = await detail();
      assert.equal(d.status, 'unresolved', 'assigned, not yet worked');
      assert.equal(d.leaderUserId, people.users.leader.userId);
      const mine = await leader.get('/api/v1/backlog/mine');
      assert.deepEqual(
        mine.body.rows.map((r: { id: string }) => r.id),
        [caseId],
      );

      // The 责任单位's head sets the plan: one measure due 10-10 (16 days: 预警 at 75 % on 10-06).
      setDay('2025-09-24');
      const plan = await head.post(`${base}/plan`, {
        version: v,
        goal: '修复电梯，息诉罢访',
        measures: [{ text: '督促物业维修电梯', who: '住建局经办人', by: '2025-10-10' }],
      });
      assert.equal(plan.status, 200, JSON.stringify(plan.body));
      assert.equal(plan.body.status, 'resolving');
      v = plan.body.version;
      let evidenceId = '';
      await walk('2025-10-15', async (day) => {
        if (day === '2025-10-08') {
          const note = await handler.post(`${base}/notes`, { version: v, text: '电梯已修复运行', measuresDone: [0] });
          assert.equal(note.status, 200, JSON.stringify(note.body));
          v = note.body.version;
          assert.equal(note.body.status, 'resolving');
        }
        if (day === '2025-10-15') {
          const up = await rev.upload!(
            `/api/v1/items/${ids.A3}/attachments`,
            '息诉罢访承诺书.pdf',
            new TextEncoder().encode('%PDF-1.4 承诺书'),
            'application/pdf',
          );
          assert.equal(up.status, 201, JSON.stringify(up.body));
          evidenceId = up.body.id;
          const closed = await rev.post(`${base}/close`, {
            version: v,
            outcome: 'resolved',
            evidence: { kind: '息诉罢访承诺书', attachmentId: evidenceId, name: '承诺书' },
          });
          assert.equal(closed.status, 200, JSON.stringify(closed.body));
          assert.equal(closed.body.status, 'resolved');
        }
      });
      // The measure warned its unit head and the named cadre once, on its day; done before 警告, it warns no more.
      for (const who of [people.users.zjjHead.userId, people.users.zjjHandler.userId])
        assert.deepEqual(await notices(who, 'follow_up_warning', '/backlog'), [['notice', '2025-10-06']]);
      assert.deepEqual(await notices(people.users.leader.userId, 'follow_up_warning', '/backlog'), []);
      assert.ok(evidenceId);

      const register = await rev.get('/api/v1/backlog/cases');
      assert.equal(register.status, 200);
      assert.equal(register.body.cases.length, 1);
      const row = register.body.cases[0];
      assert.deepEqual(
        [row.number, row.status, row.statusLabel, row.leader, row.unit, row.confirmedOn, row.closedOn, row.items],
        [made.body.number, 'resolved', '已化解', 'lingdao', '区住建局', '2025-09-22', '2025-10-15', 3],
      );
      assert.equal(row.cadres, '住建局经办人（科员）');
      assert.equal(row.evidence, '息诉罢访承诺书：息诉罢访承诺书.pdf');
      assert.deepEqual((await leader.get('/api/v1/backlog/mine')).body.counts.resolved, 1);
      const again = await rev.get('/api/v1/backlog/proposals');
      assert.ok(!again.body.proposals.some((x: { anchorItemId: string }) => x.anchorItemId === ids.A1));
    });

    it('攻坚行动期间登记：初信直接回复办结、办结后又重复信访、不予受理单列、去年事项的重复信访', async () => {
      await walk('2025-10-17', async (day) => {
        if (day === '2025-10-16') {
          await register('B1', day, { title: '楼下餐馆油烟扰民', name: '郑某', phone: '13700002001' });
          await route(ids.B1!, { kind: '直接回复', note: '已告知环保热线处理结果' });
          await register('B2', day, { title: '网购商品退货被拒', name: '冯某', phone: '13700002002' });
          await route(ids.B2!, { kind: '直接回复', note: '已告知向消费者协会投诉' });
          await register('C1', day, { title: '要求撤销法院判决', name: '陈某', phone: '13700002003' });
          await route(ids.C1!, { kind: '不予受理', note: '应通过司法程序解决' });
        }
        if (day === '2025-10-17') {
          await register('B3', day, {
            title: '再次反映网购退货被拒',
            name: '冯某',
            phone: '13700002002',
            earlier: ids.B2,
          });
          await route(ids.B3!, { kind: '转送', unitId: people.units.scj });
          await register('D1', day, {
            title: '再次反映小区路灯损坏',
            name: '赵某',
            phone: '13700001001',
            earlier: ids.L1,
          });
          await route(ids.D1!, { kind: '转送', unitId: people.units.zjj });
        }
      });
      const statuses = await env.deps.db
        .selectFrom('items')
        .select(['id', 'status', 'is_repeat'])
        .where('id', 'in', [ids.B1!, ids.B2!, ids.B3!, ids.C1!, ids.D1!])
        .execute();
      const by = new Map(statuses.map((r) => [r.id, [r.status, Number(r.is_repeat)]]));
      assert.deepEqual(
        ['B1', 'B2', 'B3', 'C1', 'D1'].map((k) => by.get(ids[k]!)),
        [
          ['closed', 0],
          ['closed', 0],
          ['routed', 1],
          ['not_accepted', 0],
          ['routed', 1],
        ],
      );
    });

    it('领导批示：单位请示、领导批示交办，落实期限前逐级预警，逾期次日超期并升级，反馈、审核后落实完毕', async () => {
      const dayOf = (rows: [string | null, string | undefined][]) => rows.map((r) => r[1]);
      let instructionId = '';
      const view = async () => {
        const r = await rev.get('/api/v1/instructions');
        assert.equal(r.status, 200, JSON.stringify(r.body));
        return r.body.instructions.find((x: { id: string }) => x.id === instructionId);
      };
      await walk('2025-11-03', async (day) => {
        if (day === '2025-10-20') {
          await register('E', day, { title: '老旧小区加装电梯补贴未发放', name: '吴某', phone: '13700003001' });
          await route(ids.E!, { kind: '转送', unitId: people.units.zjj });
          const asked = await handler.post('/api/v1/leader-requests', {
            subject: { kind: 'item', itemId: ids.E },
            leaderUserId: people.users.leader.userId,
            question: '补贴资金涉及财政、住建两部门，请领导协调',
          });
          assert.equal(asked.status, 200, JSON.stringify(asked.body));
          assert.equal(asked.body.status, 'pending');
          // Ten days to report back: 预警 at 75 % (10-28), 警告 at 85 % (10-29), 严重警告 on the due day.
          const made = await leader.post('/api/v1/instructions', {
            requestId: asked.body.id,
            text: '请区住建局牵头，十日内落实补贴发放并报告',
            addressees: [{ unitId: people.units.zjj, dueOn: '2025-10-30' }],
          });
          assert.equal(made.status, 200, JSON.stringify(made.body));
          instructionId = made.body.id;
          const v = await view();
          assert.deepEqual([v.addressees[0].status, v.overdue, v.doneOn], ['open', false, null]);
        }
        if (day === '2025-10-30') assert.equal((await view()).overdue, false, 'due today is not yet late');
        if (day === '2025-10-31') {
          const v = await view();
          assert.deepEqual([v.addressees[0].status, v.addressees[0].overdue, v.overdue], ['open', true, true]);
        }
      });
      const link = '/instructions';
      const unitHead = people.users.zjjHead.userId;
      assert.deepEqual(await notices(unitHead, 'follow_up_warning', link), [
        ['notice', '2025-10-28'],
        ['warning', '2025-10-29'],
        ['severe', '2025-10-30'],
        ['overdue', '2025-10-31'],
      ]);
      // Late: the unit head the day after the due day, the instructing leader and the bureau three days later.
      assert.deepEqual(dayOf(await notices(unitHead, 'follow_up_escalated', link)), ['2025-10-31']);
      assert.deepEqual(dayOf(await notices(people.users.leader.userId, 'follow_up_escalated', link)), ['2025-11-03']);
      assert.deepEqual(dayOf(await notices(people.users.reviewer.userId, 'follow_up_escalated', link)), ['2025-11-03']);
      assert.deepEqual(await notices(scjHead, 'follow_up_warning', link), [], 'another unit hears nothing of it');

      await walk('2025-11-06', async (day) => {
        if (day === '2025-11-04') {
          const r = await handler.post(`/api/v1/instructions/${instructionId}/report`, {
            version: 1,
            text: '已会同区财政局发放补贴',
          });
          assert.equal(r.status, 200, JSON.stringify(r.body));
          assert.equal((await view()).addressees[0].status, 'reported');
        }
        if (day === '2025-11-05') {
          const r = await rev.post(`/api/v1/instructions/${instructionId}/units/${people.units.zjj}/review`, {
            version: 2,
            accept: true,
          });
          assert.equal(r.status, 200, JSON.stringify(r.body));
        }
      });
      const v = await view();
      assert.deepEqual([v.addressees[0].status, v.overdue, v.doneOn], ['done', false, '2025-11-05']);
      const requests = (await leader.get('/api/v1/instructions')).body.requests;
      assert.equal(requests[0].status, 'instructed');
      // Nothing after the report: no level twice, no escalation past the report.
      assert.equal((await notices(unitHead, 'follow_up_warning', link)).length, 4);
      assert.equal((await notices(people.users.leader.userId, 'follow_up_escalated', link)).length, 1);
    });

    it('联席会议：协调会议定任务交办成员单位，到期前逐级预警，逾期超期并升级至召集人和信访局，反馈、审核后办结', async () => {
      const dayOf = (rows: [string | null, string | undefined][]) => rows.map((r) => r[1]);
      let meetingId = '';
      let taskId = '';
      const detail = async () => {
        const r = await rev.get(`/api/v1/meetings/${meetingId}`);
        assert.equal(r.status, 200, JSON.stringify(r.body));
        return r.body;
      };
      await walk('2025-11-21', async (day) => {
        if (day !== '2025-11-07') return;
        const made = await rev.post('/api/v1/meetings', {
          kind: '协调会',
          title: '老旧小区信访问题协调会',
          date: day,
          time: '09:30',
          place: '区政府三楼第一会议室',
          convenorUserId: people.users.leader.userId,
          convenorName: '刘副区长',
          memberUnitIds: [people.units.zjj, people.units.scj],
          agenda: [{ title: '加装电梯补贴和小区商户问题', itemIds: [ids.E, ids.B3], caseIds: [ids.case] }],
        });
        assert.equal(made.status, 200, JSON.stringify(made.body));
        meetingId = made.body.id;
        assert.equal(made.body.status, 'planned');
        // The 纪要 sets a task due in ten days: 预警 on 11-15, 警告 on 11-16, 严重警告 on the due day.
        const minutes = await rev.post(`/api/v1/meetings/${meetingId}/minutes`, {
          version: made.body.version,
          minutes: '会议听取了区住建局、区市场监管局的情况汇报。',
          decisions: [
            {
              text: '由区市场监管局核查小区商户退货问题',
              tasks: [{ text: '核查商户并书面反馈', ownerUnitId: people.units.scj, dueOn: '2025-11-17' }],
            },
          ],
        });
        assert.equal(minutes.status, 200, JSON.stringify(minutes.body));
        assert.equal(minutes.body.status, 'held');
        taskId = minutes.body.tasks[0].id;
      });
      assert.ok(meetingId && taskId, 'the meeting was held on its day');
      const link = `/meetings/${meetingId}`;
      assert.deepEqual(await notices(scjHead, 'follow_up_warning', link), [
        ['notice', '2025-11-15'],
        ['warning', '2025-11-16'],
        ['severe', '2025-11-17'],
        ['overdue', '2025-11-18'],
      ]);
      assert.deepEqual(dayOf(await notices(scjHead, 'follow_up_escalated', link)), ['2025-11-18']);
      assert.deepEqual(dayOf(await notices(people.users.leader.userId, 'follow_up_escalated', link)), ['2025-11-21']);
      assert.deepEqual(dayOf(await notices(people.users.reviewer.userId, 'follow_up_escalated', link)), ['2025-11-21']);
      assert.deepEqual(await notices(people.users.zjjHead.userId, 'follow_up_warning', link), [], 'not its task');
      const late = (await detail()).tasks.find((t: { id: string }) => t.id === taskId);
      assert.deepEqual([late.status, late.overdue], ['open', true]);

      await walk('2025-11-22', async () => {
        const r = await scj.post(`/api/v1/meetings/${meetingId}/tasks/${taskId}/report`, {
          version: 1,
          text: '已核查，责令商户依法退货',
        });
        assert.equal(r.status, 200, JSON.stringify(r.body));
        const ok = await rev.post(`/api/v1/meetings/${meetingId}/tasks/${taskId}/review`, { version: 2, accept: true });
        assert.equal(ok.status, 200, JSON.stringify(ok.body));
      });
      const done = (await detail()).tasks.find((t: { id: string }) => t.id === taskId);
      assert.deepEqual([done.status, done.overdue], ['done', false]);
      const listed = (await rev.get('/api/v1/meetings')).body.meetings.find((m: { id: string }) => m.id === meetingId);
      assert.deepEqual(listed.tasks, { total: 1, done: 1, overdue: 0 });
      assert.equal((await notices(scjHead, 'follow_up_warning', link)).length, 4, 'nothing after the report');
    });

    it('重大节点：期间每日到点生成一份日报，含零报告日，有事项日合计等于手工计数，不予受理单列', async () => {
      const made = await admin.post('/api/v1/major-periods', {
        name: '全国两会',
        from: '2025-11-24',
        to: '2025-11-26',
        reportTime: '17:00',
      });
      assert.equal(made.status, 200, JSON.stringify(made.body));
      const base = env.deps.clock;
      /** The daily-report job's produced days in one tick. */
      const produced = async () => {
        const ran = (await scheduler.tick()).find((r) => r.name === JOB_NAMES.dailyReports);
        if (ran?.outcome === 'not_due') return [];
        assert.equal(ran?.outcome, 'ran', JSON.stringify(ran));
        return (ran!.result as { produced: string[] }).produced;
      };
      for (let d = addDays(today, 1); d <= '2025-11-27'; d = addDays(d, 1)) {
        setDay(d);
        if (d === '2025-11-24') {
          await register('P1', d, {
            title: '征地补偿款未兑现',
            name: '何某',
            phone: '13700005001',
            channel: '来访',
            headCount: 6,
          });
          await register('P2', d, { title: '小区停车位被占', name: '吕某', phone: '13700005002', channel: '网上投诉' });
          await register('P3', d, { title: '要求重审已结案件', name: '施某', phone: '13700005003' });
          await route(ids.P3!, { kind: '不予受理', note: '属于诉讼事项' });
        }
        if (d === '2025-11-26')
          await register('P4', d, { title: '农贸市场缺斤短两', name: '张某', phone: '13700005004' });
        assert.deepEqual(await produced(), [], `${d} 10:00: the report time has not come`);
        env.deps.clock = () => new Date(`${d}T09:05:00Z`); // 17:05 Beijing
        try {
          const want = d >= '2025-11-24' && d <= '2025-11-26' ? [d] : [];
          assert.deepEqual(await produced(), want, `${d} 17:05`);
          assert.deepEqual(await produced(), [], `${d}: once`);
        } finally {
          env.deps.clock = base;
        }
      }
      const dayRows = async (d: string) =>
        env.deps.db
          .selectFrom('items')
          .select(['number', 'status', 'channel', 'head_count', 'level'])
          .where('registered_on', '=', d)
          .execute();
      const stored = await leader.get('/api/v1/reports/daily-register?from=2025-11-20&to=2025-11-30');
      assert.equal(stored.status, 200, JSON.stringify(stored.body));
      assert.deepEqual(
        stored.body.reports.map((r: { date: string }) => r.date),
        ['2025-11-24', '2025-11-25', '2025-11-26'],
      );
      for (const d of ['2025-11-24', '2025-11-25', '2025-11-26']) {
        const r = await leader.get(`/api/v1/reports/daily?date=${d}`);
        assert.equal(r.status, 200, JSON.stringify(r.body));
        const rows = await dayRows(d);
        const counted = rows.filter((x) => !EXCLUDED.has(x.status));
        const visits = counted.filter((x) => x.channel === '来访' && Number(x.head_count) >= 5);
        assert.notEqual(r.body.producedAt, null, d);
        assert.equal(r.body.details.period.name, '全国两会');
        assert.equal(r.body.total, counted.length, d);
        assert.equal(r.body.zeroReport, counted.length === 0, d);
        assert.deepEqual(
          r.body.items.map((i: { number: string }) => i.number).sort(),
          counted.map((x) => x.number).sort(),
        );
        assert.equal(r.body.details.notAccepted.count, rows.length - counted.length, d);
        assert.deepEqual(r.body.collective, {
          batches: visits.length,
          people: visits.reduce((s, x) => s + Number(x.head_count), 0),
        });
        assert.equal(
          r.body.byChannel.reduce((s: number, x: { count: number }) => s + x.count, 0),
          counted.length,
        );
      }
      // Each report reached the bureau's notification centre at its report time, once; units and leaders get none.
      const period = ['2025-11-24', '2025-11-25', '2025-11-26'];
      for (const c of [rev, reg]) {
        const r = await c.get('/api/v1/notifications?limit=200');
        assert.equal(r.status, 200, JSON.stringify(r.body));
        const got = r.body.notifications.filter((n: { kind: string }) => n.kind === 'daily_report');
        assert.deepEqual(
          got.map((n: { link: string; createdAt: string }) => [n.link, n.createdAt]).sort(),
          period.map((d) => [`/daily-report?date=${d}`, `${d}T09:05:00.000Z`]),
        );
        const zeroDay = got.find((n: { link: string }) => n.link.endsWith('2025-11-25'));
        assert.equal(zeroDay.title, '【全国两会期间信访情况日报】2025年11月25日');
        assert.match(zeroDay.body, /零报告/);
        assert.match(got.find((n: { link: string }) => n.link.endsWith('2025-11-24')).body, /新登记信访事项 2 件/);
      }
      for (const userId of [...watched().filter((u) => u !== people.users.reviewer.userId), people.users.admin.userId])
        assert.deepEqual(
          (await listNotifications(env.deps.db, userId, { limit: 1000 })).filter((n) => n.kind === 'daily_report'),
          [],
        );
      // The hand counts are the days as walked: two counted and one 不予受理, a 零报告, one counted.
      const zero = (await leader.get('/api/v1/reports/daily?date=2025-11-25')).body;
      assert.deepEqual([zero.total, zero.zeroReport, zero.items], [0, true, []]);
      assert.match(zero.text, /零报告/);
      const first = (await leader.get('/api/v1/reports/daily?date=2025-11-24')).body;
      assert.deepEqual([first.total, first.zeroReport, first.details.notAccepted.count], [2, false, 1]);
      assert.deepEqual(first.collective, { batches: 1, people: 6 });
      assert.match(first.text, /全国两会期间/);
      assert.equal((await leader.get('/api/v1/reports/daily?date=2025-11-26')).body.total, 1);
    });

    it('攻坚行动看板：降总量、化存量、遏增量、初信初访化解率及按周、按单位的数字等于逐条手工计数', async () => {
      await walk('2025-12-01');
      const r = await leader.get(`/api/v1/campaigns/${ids.campaign}/board`);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const b = r.body.board;
      assert.equal(b.state, 'running');
      const asOf = '2025-12-01';
      const span = { from: '2025-10-01', to: asOf };
      const prev = { from: '2024-10-01', to: '2024-12-01' };
      // By hand, from the rows themselves.
      const items = await env.deps.db
        .selectFrom('items')
        .select(['id', 'registered_on', 'status', 'is_repeat', 'lead_unit_id', 'closed_on'])
        .execute();
      const links = await env.deps.db.selectFrom('item_links').select(['item_id', 'earlier_id']).execute();
      const cases = await env.deps.db
        .selectFrom('backlog_cases')
        .select(['id', 'status', 'unit_id', 'confirmed_on', 'closed_on'])
        .execute();
      const registeredOn = new Map(items.map((i) => [i.id, i.registered_on]));
      type Row = (typeof items)[number];
      const within = (d: string | null, s: { from: string; to: string }) => d !== null && d >= s.from && d <= s.to;
      const sorted = (xs: readonly { id: string }[]) => xs.map((x) => x.id).sort();
      const hand = (rows: readonly Row[], caseRows: typeof cases) => {
        const cur = rows.filter((i) => within(i.registered_on, span) && !EXCLUDED.has(i.status));
        const before = rows.filter((i) => within(i.registered_on, prev) && !EXCLUDED.has(i.status));
        // Every lead unit here is of the district: an item is a repeat or a first petition by its own flag.
        const repeats = cur.filter((i) => Number(i.is_repeat) === 1);
        const first = cur.filter((i) => Number(i.is_repeat) === 0);
        const repeatedBy = (i: Row) =>
          links.some((l) => l.earlier_id === i.id && (registeredOn.get(l.item_id) ?? '9') <= asOf);
        const decided = first.filter((i) => (i.closed_on !== null && i.closed_on <= asOf) || repeatedBy(i));
        const once = decided.filter((i) => i.status === 'closed' && !repeatedBy(i));
        const stock = caseRows.filter(
          (c) => c.confirmed_on < span.from && (c.closed_on === null || c.closed_on >= span.from),
        );
        const resolved = stock.filter(
          (c) => ['resolved', 'terminated'].includes(c.status) && within(c.closed_on, span),
        );
        const newCases = caseRows.filter((c) => within(c.confirmed_on, span));
        return { cur, before, repeats, decided, once, stock, resolved, newCases };
      };
      const pct = (n: number, of: number) => (of === 0 ? null : Math.round((n / of) * 1000) / 10);
      const check = (
        targets: { kind: string; value: number | null; parts: { key: string; ids: string[] }[] }[],
        h: ReturnType<typeof hand>,
        what: string,
      ) => {
        const t = Object.fromEntries(targets.map((x) => [x.kind, x]));
        const parts = (kind: string) => Object.fromEntries(t[kind]!.parts.map((p) => [p.key, [...p.ids].sort()]));
        assert.deepEqual(parts('reduce_total'), { current: sorted(h.cur), previous: sorted(h.before) }, what);
        assert.equal(t.reduce_total!.value, pct(h.cur.length - h.before.length, h.before.length), what);
        assert.deepEqual(parts('resolve_backlog'), { stock: sorted(h.stock), resolved: sorted(h.resolved) }, what);
        assert.equal(t.resolve_backlog!.value, pct(h.resolved.length, h.stock.length), what);
        assert.deepEqual(parts('curb_new'), { repeats: sorted(h.repeats), newCases: sorted(h.newCases) }, what);
        assert.equal(t.curb_new!.value, h.repeats.length + h.newCases.length, what);
        assert.deepEqual(
          parts('first_time_resolved'),
          { decided: sorted(h.decided), resolvedOnce: sorted(h.once) },
          what,
        );
        assert.equal(t.first_time_resolved!.value, pct(h.once.length, h.decided.length), what);
      };
      const all = hand(items, cases);
      check(b.targets, all, 'district');
      // The hand count is the walk's own: eight items counted against two, the one 积案 resolved, two repeats.
      const key = (k: string[]) => k.map((x) => ids[x]!).sort();
      assert.deepEqual(sorted(all.cur), key(['B1', 'B2', 'B3', 'D1', 'E', 'P1', 'P2', 'P4']));
      assert.deepEqual(sorted(all.before), key(['L1', 'L2']));
      assert.deepEqual(sorted(all.repeats), key(['B3', 'D1']));
      assert.deepEqual([sorted(all.decided), sorted(all.once)], [key(['B1', 'B2']), key(['B1'])]);
      assert.deepEqual([sorted(all.stock), sorted(all.resolved)], [[ids.case], [ids.case]]);
      const met = Object.fromEntries(b.targets.map((t: { kind: string; met: boolean }) => [t.kind, t.met]));
      assert.deepEqual(met, { reduce_total: false, resolve_backlog: true, curb_new: true, first_time_resolved: false });
      assert.deepEqual([...b.notAccepted.ids].sort(), key(['C1', 'P3']));
      // Week by week: each week's new items are those registered in its seven days.
      assert.equal(b.weekly.length, 9);
      for (const w of b.weekly) {
        const want = items.filter((i) => within(i.registered_on, w) && !EXCLUDED.has(i.status));
        assert.deepEqual([...w.newItems.ids].sort(), sorted(want), `week ${w.week}`);
      }
      // By unit: 区住建局's figures are the count of its own items and 积案.
      const zjj = b.byUnit.find((u: { unitId: string | null }) => u.unitId === people.units.zjj);
      check(
        zjj.targets,
        hand(
          items.filter((i) => i.lead_unit_id === people.units.zjj),
          cases.filter((c) => c.unit_id === people.units.zjj),
        ),
        '区住建局',
      );
      assert.deepEqual(
        sorted(
          hand(
            items.filter((i) => i.lead_unit_id === people.units.zjj),
            cases,
          ).cur,
        ),
        key(['D1', 'E']),
      );
    });
  });
}
