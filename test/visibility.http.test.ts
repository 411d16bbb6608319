import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { applyStep } from '../server/app/apply-step.ts';
import { settledHotIssues, type Client } from './http-client.ts';
import { dialects } from './test-db.ts';
import {
  ACC_CONTENT,
  ACCUSER,
  ACCUSER_TRACES,
  buildVisibilityWorld,
  forceAssistUnits,
  registerAccusation,
  tracesOf,
  type VisibilityWorld,
} from './visibility-fixture.ts';

const MISSING = '00000000-0000-4000-8000-000000000000';

/** Asserts that none of `needles` occurs in `body` (serialised), naming the first one found. */
function assertNoTrace(body: unknown, needles: readonly string[], what: string): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  for (const n of needles) assert.ok(!text.includes(n), `${what}: found "${n}" in ${text.slice(0, 600)}`);
}

/** A forbidden item must answer exactly like a missing one: same status, same code, same message. */
async function assertLikeMissing(c: Client, path: string, missingPath: string, body?: unknown): Promise<void> {
  const call = (p: string) => (body === undefined ? c.get(p) : c.post(p, body));
  const [r, m] = [await call(path), await call(missingPath)];
  assert.equal(r.status, 404, `${path}: ${r.status} ${JSON.stringify(r.body)}`);
  assert.deepEqual(r.body, m.body, `${path} answers differently from a missing item`);
}

async function exportText(c: Client, query = ''): Promise<string> {
  const res = await c.raw!(`/api/v1/items/export${query}`);
  assert.equal(res.status, 200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
  const cells: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value ?? '')))));
  return cells.join('\n');
}

const ids = (rows: { id: string }[]) => rows.map((r) => r.id).sort();

for (const dialect of dialects()) {
  describe(`one visibility rule on every path (${dialect})`, () => {
    let w: VisibilityWorld;
    before(async () => {
      w = await buildVisibilityWorld(dialect);
    });
    after(async () => w.env.close());

    it('the bureau sees links both ways; a viewer who cannot open the linked item sees no trace of it', async () => {
      const { ids: i, as } = w;
      const acc = await as.reviewer.get(`/api/v1/items/${i.acc}`);
      assert.deepEqual(ids(acc.body.earlier), [i.ordEarly]);
      assert.deepEqual(ids(acc.body.later), [i.ordLate]);
      assert.match(acc.body.earlier[0].reason, /\S/);
      assert.deepEqual(
        ids((await as.reviewer.get(`/api/v1/items/${i.ordEarly}`)).body.later),
        [i.acc, i.accRedacted].sort(),
      );
      assert.deepEqual(ids((await as.reviewer.get(`/api/v1/items/${i.qEarly}`)).body.later), [i.qLate]);

      // The accused unit handles the accuser's ordinary items: nothing there may point at the accusations.
      for (const own of [i.ordLate, i.ordEarly]) {
        const v = await as.accused.get(`/api/v1/items/${own}`);
        assert.equal(v.status, 200);
        assert.deepEqual([...v.body.earlier, ...v.body.later], []);
        assertNoTrace(v.body, [...tracesOf(w, i.acc), ...tracesOf(w, i.accRedacted), '举报'], `accused unit on ${own}`);
      }
      // A third unit does not learn the titles or numbers of items it cannot open, in either direction.
      const lead = await as.lead.get(`/api/v1/items/${i.qLate}`);
      assert.deepEqual(lead.body.earlier, []);
      assertNoTrace(lead.body, [...tracesOf(w, i.qEarly), '垃圾'], 'lead unit on qLate');
      const unrelated = await as.unrelated.get(`/api/v1/items/${i.qEarly}`);
      assert.deepEqual(unrelated.body.later, []);
      assertNoTrace(unrelated.body, [...tracesOf(w, i.qLate), '缺斤短两'], 'unrelated unit on qEarly');
      // The assisting unit cannot open the accuser's ordinary items: the accusation shows none of them.
      const assist = await as.assist.get(`/api/v1/items/${i.acc}`);
      assert.deepEqual([...assist.body.earlier, ...assist.body.later], []);
      assertNoTrace(assist.body, [...tracesOf(w, i.ordEarly), ...tracesOf(w, i.ordLate)], 'assisting unit on acc');
    });

    it('the accused unit never reaches the accusation: detail, steps, files, documents, lists, export', async () => {
      const { ids: i, as } = w;
      for (const who of [as.accused, as.accusedHead]) {
        for (const sub of ['', '/timeline', '/attachments', '/documents/accept_notice'])
          await assertLikeMissing(who, `/api/v1/items/${i.acc}${sub}`, `/api/v1/items/${MISSING}${sub}`);
        await assertLikeMissing(who, `/api/v1/items/${i.acc}/unmask`, `/api/v1/items/${MISSING}/unmask`, {
          reason: '核实',
        });
        await assertLikeMissing(who, `/api/v1/items/${i.acc}/steps`, `/api/v1/items/${MISSING}/steps`, {
          version: 2,
          input: { step: 'confirm_receipt' },
        });
        await assertLikeMissing(who, `/api/v1/attachments/${w.attachmentId}`, `/api/v1/attachments/${MISSING}`);
        for (const q of [
          '',
          '?q=举报',
          '?q=李科长',
          `?unitId=${w.units.accused}`,
          '?isRepeat=1',
          '?origin=repeat&inReport=1',
        ]) {
          const list = await who.get(`/api/v1/items${q}${q ? '&' : '?'}pageSize=200`);
          assert.equal(list.status, 200);
          assertNoTrace(list.body, tracesOf(w, i.acc), `accused unit list ${q}`);
        }
        assertNoTrace(await exportText(who), [w.numbers[i.acc]!], 'accused unit export');
        assertNoTrace((await who.get('/api/v1/workbench')).body, tracesOf(w, i.acc), 'accused unit workbench');
      }
    });

    it('an accusation reaches the accused unit, lead or assisting, only with the redaction choice', async () => {
      const id = await registerAccusation(w, '举报李科长');
      for (const input of [
        { unitId: w.units.accused, assistUnitIds: [] },
        { unitId: w.units.lead, assistUnitIds: [w.units.assist, w.units.accused] },
      ]) {
        const r = await w.as.reviewer.post(`/api/v1/items/${id}/steps`, {
          version: 1,
          input: { step: 'route', kind: '转送', ...input },
        });
        assert.equal(r.status, 403, JSON.stringify(r.body));
        assert.equal(r.body.error.code, 'FORBIDDEN');
        assert.match(r.body.error.message, /被检举控告/);
        const still = await w.as.reviewer.get(`/api/v1/items/${id}`);
        assert.equal(still.body.status, 'registered', 'a refused route writes nothing');
        assert.equal(still.body.version, 1);
      }
      const ok = await w.as.reviewer.post(`/api/v1/items/${id}/steps`, {
        version: 1,
        input: {
          step: 'route',
          kind: '转送',
          unitId: w.units.lead,
          assistUnitIds: [w.units.accused],
          redactIdentity: true,
        },
      });
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.equal((await w.as.accused.get(`/api/v1/items/${id}`)).status, 200);
    });

    it('an accused unit attached without the redaction choice (older data) sees nothing of it', async () => {
      const deps = w.env.deps;
      const id = await registerAccusation(w, '再次举报李科长');
      await applyStep(deps, { actor: w.actors.reviewer, requestId: null }, id, 1, {
        step: 'route',
        kind: '转送',
        unitId: w.units.lead,
        assistUnitIds: [],
        note: '',
      } as never);
      // Older data: the accused unit was added as assisting unit when nothing checked it.
      await forceAssistUnits(w, id, [w.units.accused]);
      await assertLikeMissing(w.as.accused, `/api/v1/items/${id}`, `/api/v1/items/${MISSING}`);
      const list = await w.as.accused.get('/api/v1/items?pageSize=200');
      assert.ok(!ids(list.body.items).includes(id));
    });

    it('the redacted accusation shows the accused unit no identity, materials or links; text masked', async () => {
      const { ids: i, as } = w;
      const v = await as.accused.get(`/api/v1/items/${i.accRedacted}`);
      assert.equal(v.status, 200);
      assert.equal(v.body.petitioners[0].hidden, true);
      assert.equal(v.body.accused, null);
      assert.equal(v.body.organisation, null);
      assert.deepEqual([...v.body.earlier, ...v.body.later, ...v.body.documents], []);
      assert.equal(v.body.abilities.unmask, false);
      assertNoTrace(
        v.body,
        [...ACCUSER_TRACES, ...tracesOf(w, i.ordEarly), '住建局工程科'],
        'accused unit on the redacted item',
      );
      assert.match(v.body.content, /举报区住建局/, 'the matter itself stays readable');
      assert.deepEqual((await as.accused.get(`/api/v1/items/${i.accRedacted}/attachments`)).body.attachments, []);
      assert.equal((await as.accused.post(`/api/v1/items/${i.accRedacted}/unmask`, { reason: '核实' })).status, 403);
      assertNoTrace((await as.accused.get(`/api/v1/items/${i.accRedacted}/timeline`)).body, ACCUSER_TRACES, 'timeline');
      const found = await as.accused.get(`/api/v1/items?q=${encodeURIComponent(ACCUSER.name)}&pageSize=200`);
      assert.ok(!ids(found.body.items).includes(i.accRedacted), 'searching the accuser’s name must not find it');
      assert.ok(ids(found.body.items).includes(i.ordLate), 'the unit’s own ordinary item is still found');
    });

    it('an assisting unit sees masked identity and text, can neither unmask nor download the materials', async () => {
      const { ids: i, as } = w;
      const v = await as.assist.get(`/api/v1/items/${i.acc}`);
      assert.equal(v.status, 200);
      assert.equal(v.body.petitioners[0].name, '王**');
      assert.equal(v.body.abilities.unmask, false);
      assertNoTrace(v.body, ACCUSER_TRACES, 'assisting unit detail');
      assert.match(v.body.content, /李科长/, 'the accused party named in the text stays for the handling units');
      const unmask = await as.assist.post(`/api/v1/items/${i.acc}/unmask`, { reason: '核实' });
      assert.equal(unmask.status, 403, JSON.stringify(unmask.body));
      const files = await as.assist.get(`/api/v1/items/${i.acc}/attachments`);
      assert.equal(files.body.attachments.length, 1);
      assertNoTrace(files.body, ACCUSER_TRACES, 'attachment names');
      const dl = await as.assist.raw!(`/api/v1/attachments/${w.attachmentId}`);
      assert.equal(dl.status, 403);
      assertNoTrace((await as.assist.get(`/api/v1/items/${i.acc}/timeline`)).body, ACCUSER_TRACES, 'timeline');
      const byName = await as.assist.get(`/api/v1/items?q=${encodeURIComponent(ACCUSER.name)}`);
      assert.ok(!ids(byName.body.items).includes(i.acc));
      const byMatter = await as.assist.get(`/api/v1/items?q=${encodeURIComponent('李科长')}`);
      assert.ok(ids(byMatter.body.items).includes(i.acc));
    });

    it('the lead unit and the bureau unmask the identity and download the materials', async () => {
      const { ids: i, as } = w;
      for (const who of [as.lead, as.reviewer, as.registrar]) {
        const u = await who.post(`/api/v1/items/${i.acc}/unmask`, { reason: '核实举报人身份' });
        assert.equal(u.status, 200, JSON.stringify(u.body));
        assert.equal(u.body.petitioners[0].name, ACCUSER.name);
        assert.equal(u.body.petitioners[0].phone, ACCUSER.phone);
        assert.ok(u.body.content.includes(ACCUSER.name), 'unmasked text is the text as registered');
        assert.equal((await who.raw!(`/api/v1/attachments/${w.attachmentId}`)).status, 200);
      }
      const masked = await as.lead.get(`/api/v1/items/${i.acc}`);
      assertNoTrace(masked.body, ACCUSER_TRACES, 'lead unit before unmasking');
    });

    it('a leader sees masked identity in detail, list, search, drill-down, export, materials, hot issues', async () => {
      const { ids: i, as } = w;
      const v = await as.leader.get(`/api/v1/items/${i.ordLate}`);
      assert.equal(v.status, 200);
      assert.equal(v.body.title, '王**反映楼道照明损坏');
      assert.equal((await as.leader.post(`/api/v1/items/${i.acc}/unmask`, { reason: '了解情况' })).status, 403);
      assert.equal((await as.leader.raw!(`/api/v1/attachments/${w.attachmentId}`)).status, 403);
      const list = await as.leader.get('/api/v1/items?pageSize=200');
      assert.ok(list.body.items.length >= 6);
      assertNoTrace(list.body, ACCUSER_TRACES, 'leader list');
      assert.equal((await as.leader.get(`/api/v1/items?q=${encodeURIComponent(ACCUSER.name)}`)).body.total, 0);
      const drill = await as.leader.get(
        '/api/v1/items?origin=repeat&inReport=1&registeredFrom=2025-09-01&registeredTo=2025-09-30&pageSize=200',
      );
      assert.ok(ids(drill.body.items).includes(i.ordLate));
      assertNoTrace(drill.body, ACCUSER_TRACES, 'leader drill-down');
      assertNoTrace(await exportText(as.leader), ACCUSER_TRACES, 'leader export');
      const bureauSpots = await settledHotIssues(
        as.reviewer,
        '/api/v1/text/hotspots?from=2025-09-01&to=2025-09-30&top=20',
      );
      assert.ok(
        bureauSpots.body.clusters.some((c: { ids: string[] }) => c.ids.includes(i.acc)),
        'the two accusations form a hot issue',
      );
      const spots = await settledHotIssues(as.leader, '/api/v1/text/hotspots?from=2025-09-01&to=2025-09-30&top=20');
      assert.ok(spots.body.clusters.some((c: { ids: string[] }) => c.ids.includes(i.acc)));
      assertNoTrace(spots.body, ACCUSER_TRACES, 'leader hot issues');
    });

    it('the security roles open no item on any path', async () => {
      for (const who of [w.as.admin, w.as.securityAdmin, w.as.auditor]) {
        for (const id of Object.values(w.ids))
          await assertLikeMissing(who, `/api/v1/items/${id}`, `/api/v1/items/${MISSING}`);
        assert.equal((await who.get('/api/v1/items')).status, 403);
        assert.equal((await who.raw!(`/api/v1/attachments/${w.attachmentId}`)).status, 404);
        assert.equal((await who.get('/api/v1/text/hotspots?from=2025-09-01&to=2025-09-30')).status, 403);
      }
    });

    it('repeat checks and registration suggestions stay with the bureau and follow the same scope', async () => {
      const q = `idNumber=${ACCUSER.idNumber}`;
      const rc = await w.as.registrar.get(`/api/v1/items/repeat-check?${q}`);
      assert.ok(rc.body.candidates.some((c: { itemId: string }) => c.itemId === w.ids.acc));
      const body = { title: '举报李科长', content: ACC_CONTENT, petitioners: [{ idNumber: ACCUSER.idNumber }] };
      const sg = await w.as.registrar.post('/api/v1/text/suggest', body);
      assert.ok(sg.body.sameperson.some((c: { itemId: string }) => c.itemId === w.ids.acc));
      for (const who of ['lead', 'assist', 'accused', 'unrelated', 'leader', 'admin', 'auditor'] as const) {
        assert.equal((await w.as[who].get(`/api/v1/items/repeat-check?${q}`)).status, 403, who);
        assert.equal((await w.as[who].post('/api/v1/text/suggest', body)).status, 403, who);
      }
    });
  });
}
