import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { after, before, describe, it } from 'node:test';
import type { RegisterItemInput } from '../../../contract/dto.ts';
import { applyStep } from '../../app/apply-step.ts';
import { registerItem } from '../../app/register-item.ts';
import { loginAs } from '../../../test/http-client.ts';
import { dialects } from '../../../test/test-db.ts';
import { buildVisibilityWorld, type VisibilityWorld } from '../../../test/visibility-fixture.ts';

/**
 * 请示 and 批示 over HTTP on the visibility world: the lead unit of the accusation asks the leader; he instructs the
 * lead and an unrelated unit; each reports back, the bureau accepts or returns; an open duty past its date is
 * overdue. The leader sees the identity of the item he was asked about — and of nothing more; a unit addressed
 * but unable to open the item sees the 批示 without the item.
 */
for (const dialect of dialects()) {
  describe(`请示 and 批示 over HTTP (${dialect})`, () => {
    let w: VisibilityWorld;
    let requestId: string;
    let instructionId: string;
    before(async () => {
      w = await buildVisibilityWorld(dialect);
    });
    after(async () => w.env.close());

    it('a unit asks only about an item it may open; the leader then sees that identity and no other', async () => {
      assert.equal((await w.as.leader.get(`/api/v1/items/${w.ids.acc}`)).body.abilities.unmask, false);
      const body = { subject: { kind: 'item', itemId: w.ids.acc }, leaderUserId: w.actors.leader.userId };
      for (const who of ['accused', 'unrelated'] as const) {
        const r = await w.as[who].post('/api/v1/leader-requests', { ...body, question: '越权请示' });
        assert.equal(r.status, 404, who);
      }
      const notLeader = await w.as.lead.post('/api/v1/leader-requests', {
        ...body,
        leaderUserId: w.actors.reviewer.userId,
        question: '请示',
      });
      assert.equal(notLeader.status, 422);
      assert.equal(notLeader.body.error.code, 'LEADER_REQUIRED');
      assert.deepEqual((await w.as.reviewer.get('/api/v1/instructions')).body.requests, [], 'nothing written');
      const dir = await w.as.lead.get('/api/v1/leader-requests/leaders');
      assert.equal(dir.status, 200, JSON.stringify(dir.body));
      const me = dir.body.leaders.find((l: { id: string }) => l.id === w.actors.leader.userId);
      assert.deepEqual(Object.keys(me).sort(), ['id', 'name', 'title'], 'name and title only');
      assert.equal((await w.as.leader.get('/api/v1/leader-requests/leaders')).status, 403);
      const ability = async (who: 'lead' | 'assist' | 'reviewer') =>
        (await w.as[who].get(`/api/v1/items/${w.ids.acc}`)).body.abilities.askLeader;
      assert.deepEqual(
        [await ability('lead'), await ability('assist'), await ability('reviewer')],
        [true, false, true],
      );
      const assisting = await w.as.assist.post('/api/v1/leader-requests', { ...body, question: '协办单位请示' });
      assert.equal(assisting.status, 403, 'an assisting unit asks through the lead unit');
      const r = await w.as.lead.post('/api/v1/leader-requests', { ...body, question: '涉及多部门，请领导协调' });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.status, 'pending');
      requestId = r.body.id;
      assert.equal((await w.as.leader.get(`/api/v1/items/${w.ids.acc}`)).body.abilities.unmask, true);
      assert.equal((await w.as.leader.get(`/api/v1/items/${w.ids.qEarly}`)).body.abilities.unmask, false);
      assert.equal((await w.as.leader.get(`/api/v1/items/${w.ids.ordLate}`)).body.abilities.unmask, false);
    });

    it('the leader instructs units with a deadline; each sees what concerns it, no item it cannot open', async () => {
      const ins = {
        requestId,
        text: '请市场监管局牵头核查，城关街道配合，按期反馈',
        addressees: [
          { unitId: w.units.lead, dueOn: '2025-10-10' },
          { unitId: w.units.unrelated, dueOn: '2025-10-10' },
        ],
      };
      assert.equal((await w.as.reviewer.post('/api/v1/instructions', ins)).status, 422, 'only a leader instructs');
      const made = await w.as.leader.post('/api/v1/instructions', ins);
      assert.equal(made.status, 200, JSON.stringify(made.body));
      instructionId = made.body.id;
      const leaderView = (await w.as.leader.get('/api/v1/instructions')).body;
      assert.equal(leaderView.requests[0].status, 'instructed');
      assert.deepEqual(
        leaderView.instructions[0].subject.items.map((i: { id: string }) => i.id),
        [w.ids.acc],
      );
      const lead = (await w.as.lead.get('/api/v1/instructions')).body;
      assert.equal(lead.instructions.length, 1);
      assert.equal(lead.instructions[0].subject.items[0].id, w.ids.acc);
      assert.deepEqual(
        lead.instructions[0].addressees.map((a: { ownerUnitId: string }) => a.ownerUnitId),
        [w.units.lead],
      );
      const unrelated = (await w.as.unrelated.get('/api/v1/instructions')).body;
      assert.equal(unrelated.instructions.length, 1, 'the addressed unit sees the 批示');
      assert.deepEqual(unrelated.instructions[0].subject.items, [], 'but not the item it may not open');
      assert.equal(unrelated.instructions[0].subject.hidden, 1);
      assert.deepEqual(unrelated.requests, []);
      assert.ok(!JSON.stringify(unrelated).includes(w.ids.acc), 'the item id never reaches the unrelated unit');
      const steps = (await w.as.lead.get(`/api/v1/items/${w.ids.acc}/timeline`)).body.events.map(
        (e: { step: string; summary: string }) => e.step,
      );
      assert.ok(steps.includes('leader_request') && steps.includes('leader_instruction'), JSON.stringify(steps));
      const assistSteps = (await w.as.assist.get(`/api/v1/items/${w.ids.acc}/timeline`)).body.events.map(
        (e: { step: string }) => e.step,
      );
      assert.ok(assistSteps.includes('leader_instruction'), 'an assisting unit that may open the item reads it');
      for (const who of ['unrelated', 'accused'] as const)
        assert.equal(
          (await w.as[who].get(`/api/v1/items/${w.ids.acc}/timeline`)).status,
          404,
          `${who}: not on its reads`,
        );
      for (const who of ['assist', 'accused'] as const) {
        const v = (await w.as[who].get('/api/v1/instructions')).body;
        assert.deepEqual(v, { requests: [], instructions: [] }, who);
      }
    });

    it('units report back, the bureau accepts or returns; an open duty past its date is overdue', async () => {
      const base = `/api/v1/instructions/${instructionId}`;
      assert.equal((await w.as.assist.post(`${base}/report`, { version: 1, text: '越权反馈' })).status, 404);
      const rep = await w.as.lead.post(`${base}/report`, { version: 1, text: '已核查，约谈当事人' });
      assert.equal(rep.status, 200, JSON.stringify(rep.body));
      const stale = await w.as.unrelated.post(`${base}/report`, { version: 2, text: '配合' });
      assert.equal(stale.status, 409);
      assert.equal(
        (await w.as.lead.post(`${base}/units/${w.units.lead}/review`, { version: 2, accept: true })).status,
        403,
      );
      const ok = await w.as.reviewer.post(`${base}/units/${w.units.lead}/review`, { version: 2, accept: true });
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      w.env.setToday('2025-10-13');
      // Sessions idle out across days: sign in again on the later day.
      const reviewer = await loginAs(w.app, 'shenhe');
      const unrelatedUnit = await loginAs(w.app, 'jd_jb');
      const view = (await reviewer.get('/api/v1/instructions')).body.instructions[0];
      const by = Object.fromEntries(view.addressees.map((a: { ownerUnitId: string }) => [a.ownerUnitId, a]));
      assert.equal(by[w.units.lead].status, 'done');
      assert.equal(by[w.units.lead].overdue, false);
      assert.equal(by[w.units.unrelated].status, 'open');
      assert.equal(by[w.units.unrelated].overdue, true);
      assert.equal(view.overdue, true);
      assert.equal(view.doneOn, null);
      const late = await unrelatedUnit.post(`${base}/report`, { version: 1, text: '已配合走访' });
      assert.equal(late.status, 200, JSON.stringify(late.body));
      const done = await reviewer.post(`${base}/units/${w.units.unrelated}/review`, { version: 2, accept: true });
      assert.equal(done.status, 200, JSON.stringify(done.body));
      const after = (await reviewer.get('/api/v1/instructions')).body.instructions[0];
      assert.equal(after.doneOn, '2025-10-13');
      assert.equal(after.overdue, false);
    });
    it("the register shows a subject's title as each reader may read it: masked for an assisting unit", async () => {
      // An item whose title names its petitioner, led by 市场监管局 with 民政局 assisting (民政局 may open it, not unmask).
      const reg = { actor: w.actors.registrar, requestId: null };
      const { item } = await registerItem(w.env.deps, reg, {
        channel: '来信',
        level: '区',
        headCount: 1,
        representatives: [],
        purpose: '求决',
        flags: [],
        handlingClass: '申诉求决类',
        receivedOn: '2025-10-13',
        registeredOn: '2025-10-13',
        demands: ['依法处理'],
        petitioners: [{ name: '钱多多', phone: '13600004444', idUnverified: false }],
        title: '钱多多反映低保待遇未落实',
        content: '钱多多反映低保待遇长期未落实。',
      } as RegisterItemInput);
      const routed = await applyStep(w.env.deps, { actor: w.actors.reviewer, requestId: null }, item.id, 1, {
        step: 'route',
        on: '2025-10-13',
        kind: '转送',
        unitId: w.units.lead,
        assistUnitIds: [w.units.assist],
        note: '',
      } as never);
      assert.ok(routed, 'routed');
      const lead = await loginAs(w.app, 'scj_jb');
      const assist = await loginAs(w.app, 'mz_jb');
      const leader = await loginAs(w.app, 'lingdao');
      const asked = await lead.post('/api/v1/leader-requests', {
        subject: { kind: 'item', itemId: item.id },
        leaderUserId: w.actors.leader.userId,
        question: '低保待遇如何落实',
      });
      assert.equal(asked.status, 200, JSON.stringify(asked.body));
      const made = await leader.post('/api/v1/instructions', {
        requestId: asked.body.id,
        text: '请民政局配合落实',
        addressees: [
          { unitId: w.units.lead, dueOn: '2025-10-20' },
          { unitId: w.units.assist, dueOn: '2025-10-20' },
        ],
      });
      assert.equal(made.status, 200, JSON.stringify(made.body));
      const titleIn = async (c: typeof lead) => {
        const v = (await c.get('/api/v1/instructions')).body;
        const mine = v.instructions.find((x: { id: string }) => x.id === made.body.id);
        return mine.subject.items.find((i: { id: string }) => i.id === item.id)?.title as string;
      };
      const assistTitle = await titleIn(assist);
      assert.equal(assistTitle, (await assist.get(`/api/v1/items/${item.id}`)).body.title, 'as on the detail page');
      assert.ok(!assistTitle.includes('钱多多'), `masked for the assisting unit: ${assistTitle}`);
      assert.equal(await titleIn(lead), '钱多多反映低保待遇未落实', 'the lead unit reads it as written');
      assert.equal(await titleIn(leader), '钱多多反映低保待遇未落实', 'the leader asked about it reads it too');
    });

    it('the register filters by leader, state, overdue, unit; its Excel holds the rows each reader sees', async () => {
      // Newest first. The lead unit settles its duty on the second 批示; 民政局's stays open past its date.
      const first = '请市场监管局牵头核查，城关街道配合，按期反馈';
      const second = '请民政局配合落实';
      const lead13 = await loginAs(w.app, 'scj_jb');
      const reviewer13 = await loginAs(w.app, 'shenhe');
      const ins = (await reviewer13.get('/api/v1/instructions')).body.instructions as { id: string; text: string }[];
      const secondId = ins.find((x) => x.text === second)!.id;
      assert.equal(
        (await lead13.post(`/api/v1/instructions/${secondId}/report`, { version: 1, text: '已核实' })).status,
        200,
      );
      const ok = await reviewer13.post(`/api/v1/instructions/${secondId}/units/${w.units.lead}/review`, {
        version: 2,
        accept: true,
      });
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      w.env.setToday('2025-10-21');
      const names = {
        reviewer: 'shenhe',
        leader: 'lingdao',
        lead: 'scj_jb',
        assist: 'mz_jb',
        unrelated: 'jd_jb',
        accused: 'zjj_jb',
        admin: 'admin',
      } as const;
      const c = Object.fromEntries(
        await Promise.all(Object.entries(names).map(async ([k, n]) => [k, await loginAs(w.app, n)] as const)),
      ) as Record<keyof typeof names, Awaited<ReturnType<typeof loginAs>>>;
      type Row = { text: string; overdue: boolean; subject: { items: { number: string; title: string }[] } };
      const list = async (who: keyof typeof names, q = '') => {
        const r = await c[who].get(`/api/v1/instructions${q}`);
        return r.status === 200 ? (r.body.instructions as Row[]) : r.status;
      };
      let downloads = 0;
      const sheet = async (who: keyof typeof names, q = '') => {
        const res = await c[who].raw!(`/api/v1/instructions/export.xlsx${q}`);
        if (res.status !== 200) return res.status;
        downloads++;
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
        const rows: string[][] = [];
        wb.getWorksheet('批示台账')!.eachRow((r) => rows.push((r.values as unknown[]).slice(1).map(String)));
        const about = wb.getWorksheet('说明')!.getRow(2).getCell(2).value;
        return { header: rows[0]!, rows: rows.slice(1), about: String(about) };
      };
      const texts = async (who: keyof typeof names, q: string) => {
        const l = await list(who, q);
        return typeof l === 'number' ? l : l.map((x) => x.text);
      };
      const lu = w.units.lead;
      const au = w.units.assist;
      const bureauCases: [string, string[]][] = [
        ['', [second, first]],
        ['?state=done', [first]],
        ['?state=open', [second]],
        ['?state=reported', []],
        ['?overdue=1', [second]],
        [`?unitId=${au}`, [second]],
        [`?unitId=${au}&overdue=1`, [second]],
        [`?unitId=${lu}&state=done`, [second, first]],
        [`?unitId=${lu}&overdue=1`, []],
        [`?leaderUserId=${w.actors.leader.userId}`, [second, first]],
        [`?leaderUserId=${w.actors.reviewer.userId}`, []],
      ];
      for (const [q, want] of bureauCases) assert.deepEqual(await texts('reviewer', q), want, `bureau ${q}`);
      assert.deepEqual(await texts('lead', ''), [second, first]);
      const leadRows = (await list('lead')) as Row[];
      assert.equal(leadRows[0]!.overdue, false, "a unit's row is overdue by its own duty, not another unit's");
      assert.equal(((await list('reviewer')) as Row[])[0]!.overdue, true);
      assert.deepEqual(await texts('lead', '?overdue=1'), []);
      assert.deepEqual(await texts('assist', '?overdue=1'), [second]);
      assert.deepEqual(await texts('unrelated', `?unitId=${au}`), [], "another unit's duty is not filterable");
      const readers: [keyof typeof names, string][] = [
        ...bureauCases.map(([q]) => ['reviewer', q] as [keyof typeof names, string]),
        ['leader', ''],
        ['leader', '?state=open'],
        ['lead', ''],
        ['lead', '?overdue=1'],
        ['assist', ''],
        ['unrelated', ''],
        ['accused', ''],
        ['admin', ''],
      ];
      for (const [who, q] of readers) {
        const l = await list(who, q);
        const x = await sheet(who, q);
        if (typeof l === 'number') {
          assert.equal(x, l, `${who} ${q}: refused alike`);
          continue;
        }
        assert.ok(typeof x === 'object', `${who} ${q}`);
        assert.equal(x.header[0], '批示日期');
        assert.deepEqual(
          x.rows.map((r) => r[2]),
          l.map((i) => i.text),
          `${who} ${q}: the rows the reader sees`,
        );
        for (const [i, r] of l.entries()) {
          for (const it of r.subject.items) assert.ok(x.rows[i]![3]!.includes(`${it.number} ${it.title}`), who);
        }
      }
      assert.equal(await sheet('admin'), 403);
      const cell = async (who: keyof typeof names, text: string) => {
        const x = (await sheet(who)) as { rows: string[][] };
        return x.rows.find((r) => r[2] === text)!;
      };
      assert.ok(!(await cell('assist', second))[3]!.includes('钱多多'), 'masked for the assisting unit');
      assert.ok((await cell('lead', second))[3]!.includes('钱多多反映低保待遇未落实'), 'as written for the lead unit');
      const unrelatedFirst = await cell('unrelated', first);
      assert.equal(unrelatedFirst[3], '另有 1 件无权查看');
      assert.ok(!unrelatedFirst[4]!.includes('区市场监管局'), "another unit's duty is not in the unit's file");
      const duties = (await cell('reviewer', second))[4]!;
      assert.match(duties, /区市场监管局：已落实（限 2025-10-20）/);
      assert.match(duties, /区民政局：待反馈（限 2025-10-20，逾期）/);
      assert.equal((await cell('reviewer', second))[5], '逾期');
      const filtered = (await sheet('reviewer', `?unitId=${au}&overdue=1`)) as { about: string };
      assert.equal(filtered.about, '落实单位：区民政局；仅看逾期');
      const auditor = await loginAs(w.app, 'shenji');
      const events = (await auditor.get('/api/v1/audit?action=instruction.export&pageSize=100')).body.events as {
        detail: { rows: number; filters: string };
      }[];
      assert.equal(events.length, downloads, 'every download is audited, the refused one is not a download');
      assert.ok(events.some((e) => e.detail.rows === 1 && e.detail.filters === '落实单位：区民政局；仅看逾期'));
      assert.ok(events.some((e) => e.detail.rows === 2 && e.detail.filters === '全部'));
    });
  });
}
