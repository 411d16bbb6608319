import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { after, before, describe, it } from 'node:test';
import { buildVisibilityWorld, type VisibilityWorld, type Who } from '../../../test/visibility-fixture.ts';
import { dialects } from '../../../test/test-db.ts';

/**
 * 积案 end to end over HTTP on the visibility world: the accuser's four linked items form one matter (proposed by
 * the repeat rule), confirmed, assigned to the leader with 区市场监管局 as 责任单位, worked and resolved. Who sees
 * the case and its items: the bureau, the 包案领导, the 责任单位 (only the items it may open) — not the assisting,
 * accused or unrelated unit.
 */
for (const dialect of dialects()) {
  describe(`积案 and 领导包案 over HTTP (${dialect})`, () => {
    let w: VisibilityWorld;
    let caseId: string;
    let version: number;
    before(async () => {
      w = await buildVisibilityWorld(dialect);
    });
    after(async () => w.env.close());

    it('the repeat rule proposes the matter with its reason; units may not see proposals', async () => {
      const r = await w.as.reviewer.get('/api/v1/backlog/proposals');
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const p = r.body.proposals.find((x: { anchorItemId: string }) => x.anchorItemId === w.ids.ordEarly);
      assert.ok(p, 'the accuser’s matter is proposed');
      assert.deepEqual([...p.itemIds].sort(), [w.ids.ordEarly, w.ids.acc, w.ids.ordLate, w.ids.accRedacted].sort());
      const hit = p.hits.find((h: { rule: string }) => h.rule === 'repeat_count');
      assert.ok(hit?.met);
      assert.match(hit.reason, /4/);
      for (const who of ['lead', 'assist', 'accused', 'unrelated', 'leader'] as const) {
        assert.equal((await w.as[who].get('/api/v1/backlog/proposals')).status, 403, who);
      }
    });

    it('confirmed with a reason; a unit cannot confirm; an empty reason is refused with nothing written', async () => {
      const body = { anchorItemId: w.ids.ordEarly, title: '物业及举报系列信访', reason: '同一事项反复信访4次' };
      assert.equal((await w.as.lead.post('/api/v1/backlog/cases', body)).status, 403);
      const empty = await w.as.reviewer.post('/api/v1/backlog/cases', { ...body, reason: ' ' });
      assert.equal(empty.status, 400);
      assert.deepEqual((await w.as.reviewer.get('/api/v1/backlog/cases')).body.cases, []);
      const made = await w.as.reviewer.post('/api/v1/backlog/cases', body);
      assert.equal(made.status, 200, JSON.stringify(made.body));
      caseId = made.body.id;
      version = made.body.version;
      assert.match(made.body.number, /^积〔2025〕1号$/);
      const d = (await w.as.reviewer.get(`/api/v1/backlog/cases/${caseId}`)).body;
      assert.equal(d.status, 'unresolved');
      assert.equal(d.origin.kind, 'rule');
      assert.equal(d.linkedItems.length, 4);
      const again = await w.as.reviewer.get('/api/v1/backlog/proposals');
      assert.ok(!again.body.proposals.some((x: { anchorItemId: string }) => x.anchorItemId === w.ids.ordEarly));
    });

    it('exactly one 包案领导, a leader account; then 责任单位 and 包案干部', async () => {
      const bad = await w.as.reviewer.post(`/api/v1/backlog/cases/${caseId}/assign`, {
        version,
        leaderUserId: w.actors.reviewer.userId,
        unitId: w.units.lead,
        cadres: [{ name: '孙干部', post: '科长' }],
      });
      assert.equal(bad.status, 422);
      assert.equal(bad.body.error.code, 'LEADER_REQUIRED');
      const leaders = (await w.as.reviewer.get('/api/v1/backlog/leaders')).body.leaders;
      assert.deepEqual(
        leaders.map((l: { id: string }) => l.id),
        [w.actors.leader.userId],
      );
      // Before: the leader opens the items masked, like every item of the district.
      assert.equal((await w.as.leader.get(`/api/v1/items/${w.ids.ordLate}`)).body.abilities.unmask, false);
      const ok = await w.as.reviewer.post(`/api/v1/backlog/cases/${caseId}/assign`, {
        version,
        leaderUserId: w.actors.leader.userId,
        unitId: w.units.lead,
        cadres: [{ name: '孙干部', post: '科长' }],
      });
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      version = ok.body.version;
      const stale = await w.as.reviewer.post(`/api/v1/backlog/cases/${caseId}/assign`, {
        version: version - 1,
        leaderUserId: w.actors.leader.userId,
        unitId: w.units.lead,
        cadres: [{ name: '孙干部', post: '科长' }],
      });
      assert.equal(stale.status, 409);
    });

    it('who sees the case: bureau, 包案领导, 责任单位 (its items); not assisting, accused or unrelated units', async () => {
      const lead = await w.as.lead.get(`/api/v1/backlog/cases/${caseId}`);
      assert.equal(lead.status, 200);
      // 区市场监管局 leads the accusation and the redacted one; the accuser's ordinary items are the accused unit's.
      assert.deepEqual(
        lead.body.linkedItems.map((i: { id: string }) => i.id).sort(),
        [w.ids.acc, w.ids.accRedacted].sort(),
      );
      for (const who of ['assist', 'accused', 'accusedHead', 'unrelated', 'admin', 'auditor'] as const) {
        const r = await w.as[who].get(`/api/v1/backlog/cases/${caseId}`);
        assert.equal(r.status, 404, who);
        assert.equal(r.body.error.message, '积案不存在或无权查看');
        const list = await w.as[who].get('/api/v1/backlog/cases');
        if (list.status === 200) assert.deepEqual(list.body.cases, [], who);
        else assert.equal(list.status, 403, who);
      }
      assert.equal((await w.as.leader.get(`/api/v1/backlog/cases/${caseId}`)).body.linkedItems.length, 4);
      assert.deepEqual(
        (await w.as.lead.get('/api/v1/backlog/cases')).body.cases.map((c: { id: string }) => c.id),
        [caseId],
      );
    });

    it('the 包案领导 may open the identity of the case’s items — and of nothing more', async () => {
      assert.equal((await w.as.leader.get(`/api/v1/items/${w.ids.ordLate}`)).body.abilities.unmask, true);
      assert.equal((await w.as.leader.get(`/api/v1/items/${w.ids.acc}`)).body.abilities.unmask, true);
      assert.equal((await w.as.leader.get(`/api/v1/items/${w.ids.qEarly}`)).body.abilities.unmask, false);
      assert.equal((await w.as.leader.get(`/api/v1/items/${w.ids.qLate}`)).body.abilities.unmask, false);
    });

    it('plan, progress, closing needs its evidence; resolved; the leader’s page counts it', async () => {
      const base = `/api/v1/backlog/cases/${caseId}`;
      const plan = await w.as.reviewer.post(`${base}/plan`, {
        version,
        goal: '息诉罢访',
        measures: [{ text: '约谈信访人，核实物业费问题', who: '孙干部', by: '2025-10-20' }],
      });
      assert.equal(plan.status, 200, JSON.stringify(plan.body));
      assert.equal(plan.body.status, 'resolving');
      version = plan.body.version;
      assert.equal((await w.as.assist.post(`${base}/notes`, { version, text: '越权记录' })).status, 404);
      const note = await w.as.lead.post(`${base}/notes`, { version, text: '已约谈信访人', measuresDone: [0] });
      assert.equal(note.status, 200, JSON.stringify(note.body));
      version = note.body.version;
      assert.equal((await w.as.lead.post(`${base}/close`, { version })).status, 400);
      const noFile = await w.as.reviewer.post(`${base}/close`, {
        version,
        outcome: 'resolved',
        evidence: { kind: '息诉罢访承诺书', attachmentId: 'no-such-file', name: '承诺书.pdf' },
      });
      assert.equal(noFile.status, 422);
      assert.equal(noFile.body.error.code, 'CLOSE_REQUIREMENTS');
      const wrongKind = await w.as.reviewer.post(`${base}/close`, {
        version,
        outcome: 'resolved',
        evidence: { kind: '终结决定', attachmentId: w.attachmentId, name: 'x' },
      });
      assert.equal(wrongKind.status, 422);
      assert.match(wrongKind.body.error.message, /息诉罢访承诺书/);
      assert.equal(
        (
          await w.as.lead.post(`${base}/close`, {
            version,
            outcome: 'resolved',
            evidence: { kind: '息诉罢访承诺书', attachmentId: w.attachmentId, name: 'x' },
          })
        ).status,
        403,
      );
      const closed = await w.as.reviewer.post(`${base}/close`, {
        version,
        outcome: 'resolved',
        evidence: { kind: '息诉罢访承诺书', attachmentId: w.attachmentId, name: 'x' },
      });
      assert.equal(closed.status, 200, JSON.stringify(closed.body));
      assert.equal(closed.body.status, 'resolved');
      const mine = await w.as.leader.get('/api/v1/backlog/mine');
      assert.equal(mine.status, 200);
      assert.equal(mine.body.counts.total, 1);
      assert.equal(mine.body.counts.resolved, 1);
      assert.equal(mine.body.rows[0].evidence, '息诉罢访承诺书：王举报举报信.pdf');
      assert.equal((await w.as.lead.get('/api/v1/backlog/mine')).status, 403);
      const reg = await w.as.reviewer.get('/api/v1/backlog/cases?status=resolved');
      assert.deepEqual(
        reg.body.cases.map((c: { id: string }) => c.id),
        [caseId],
      );
    });

    it('the 包案 register exports exactly the rows each reader sees with its filter, audited', async () => {
      const sheet = async (who: Who, query = '') => {
        const res = await w.as[who].raw!(`/api/v1/backlog/cases/export.xlsx${query}`);
        if (res.status !== 200) return res.status;
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
        const rows: string[][] = [];
        wb.getWorksheet('包案台账')!.eachRow((r) => rows.push((r.values as unknown[]).slice(1).map(String)));
        return rows;
      };
      for (const [who, query] of [
        ['reviewer', ''],
        ['reviewer', '?status=resolved'],
        ['reviewer', '?status=unresolved'],
        ['leader', ''],
        ['lead', ''],
        ['accused', ''],
        ['unrelated', ''],
      ] as const) {
        const res = await w.as[who].get(`/api/v1/backlog/cases${query}`);
        const rows = await sheet(who, query);
        if (res.status !== 200) {
          assert.equal(rows, res.status, `${who} ${query}`);
          continue;
        }
        const list = res.body.cases as { number: string }[];
        assert.ok(Array.isArray(rows), `${who} ${query}`);
        assert.equal(rows[0]![0], '积案编号');
        assert.deepEqual(
          rows.slice(1).map((r) => r[0]),
          list.map((c) => c.number),
          `${who} ${query}`,
        );
      }
      const full = (await sheet('reviewer')) as string[][];
      assert.equal(full.length, 2);
      assert.deepEqual(full[1]!.slice(2, 5), ['已化解', 'lingdao', '区市场监管局']);
      assert.match(full[1]![12]!, /^息诉罢访承诺书：/);
      assert.equal(await sheet('admin'), 403);
      const events = (await w.as.auditor.get('/api/v1/audit?action=backlog.export&pageSize=50')).body.events as {
        detail: { rows: number; filters: string };
      }[];
      assert.equal(events.length, 8);
      assert.ok(events.some((e) => e.detail.rows === 0 && e.detail.filters === '状态：未化解'));
    });
  });
}
