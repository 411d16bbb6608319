import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ScorecardJson } from '../../../contract/supervision.ts';
import { runImportItems } from '../../cli/import.command.ts';
import { seedDemo } from '../../demo/seed-demo.ts';
import { runScorecard } from '../../cli/scorecard.command.ts';
import { createApp } from '../app.ts';
import { extraRouteModules } from '../modules.ts';
import { loginAs } from '../../../test/http-client.ts';
import { csvOf, importRows } from '../../../test/import-fixture.ts';
import { fixtureRows, insertFixture, type FixtureRow } from '../../../test/report-fixture.ts';
import { dialects, makeTestEnv, seedPeople, type TestEnv } from '../../../test/test-db.ts';
import { unzipEntry } from '../../../test/unzip.ts';
import { buildVisibilityWorld, type VisibilityWorld } from '../../../test/visibility-fixture.ts';

const opts = { secureCookies: false, idleMinutes: 60, webDist: null, log: null, rateLimitPerMinute: 100000 };
const EXCLUDED = ['not_accepted', 'not_reaccepted'];

/** The figures counted by hand from the fixture's own definition (not through the scorecard code). */
function handCount(rows: FixtureRow[], unit: FixtureRow['unit'], from: string, to: string) {
  const mine = rows.filter(
    (r) => r.unit === unit && r.registeredOn >= from && r.registeredOn <= to && !EXCLUDED.includes(r.status),
  );
  const acceptDue = mine.filter((r) => r.accept !== null);
  const served = mine.filter((r) => r.servedOn !== null);
  const rated = served.filter((r) => r.satisfaction !== null && r.satisfaction !== '未评价');
  const satisfied = rated.filter((r) => r.satisfaction === '满意' || r.satisfaction === '基本满意');
  const rate = (count: number, of: number) => ({
    count,
    of,
    rate: of ? Math.round((count / of) * 10000) / 10000 : null,
  });
  return {
    received: mine.length,
    acceptedOnTime: rate(
      acceptDue.filter((r) => r.accept![1] !== null && r.accept![1] <= r.accept![0]).length,
      acceptDue.length,
    ),
    rated: rate(rated.length, served.length),
    satisfied: rate(satisfied.length, rated.length),
    overdue: acceptDue.filter((r) => r.accept![1] === null).length,
    repeat: rate(mine.filter((r) => r.isRepeat).length, mine.length),
    numbers: mine.map((r) => r.number).sort(),
  };
}

/**
 * Each unit's figures counted by hand from the raw rows of items and deadlines (not through the scorecard code),
 * from the rules as written on the card: registered in the period, 不予受理 / 不再受理 left out, a clock due when
 * met or past its day, on time when met by its day, rated = 满意 / 基本满意 / 不满意 of the served items.
 */
async function handCountFromRows(env: TestEnv, from: string, to: string, asOf: string) {
  const db = env.deps.db;
  const items = (
    await db
      .selectFrom('items')
      .select(['id', 'registered_on', 'status', 'lead_unit_id', 'is_repeat', 'served_on', 'satisfaction', 'data'])
      .execute()
  ).filter((r) => r.registered_on >= from && r.registered_on <= to && !EXCLUDED.includes(r.status));
  const dls = await db
    .selectFrom('deadlines')
    .select(['item_id', 'rule', 'kind', 'party', 'due_on', 'met_on'])
    .execute();
  const facts = (r: { data: string }) =>
    (JSON.parse(r.data).facts ?? {}) as { objections?: { unitId: string }[]; sendBacks?: unknown[] };
  const clock = (id: string, rules: string[]) => dls.find((d) => d.item_id === id && rules.includes(d.rule));
  const rate = (count: number, of: number) => ({
    count,
    of,
    rate: of ? Math.round((count / of) * 10000) / 10000 : null,
  });
  const clockRate = (mine: typeof items, rules: string[]) => {
    const due = mine.map((i) => clock(i.id, rules)).filter((c) => c && (c.met_on !== null || c.due_on < asOf));
    return rate(due.filter((c) => c!.met_on !== null && c!.met_on <= c!.due_on).length, due.length);
  };
  const out = new Map<string, Record<string, unknown>>();
  for (const unitId of new Set(items.flatMap((i) => (i.lead_unit_id ? [i.lead_unit_id] : [])))) {
    const mine = items.filter((i) => i.lead_unit_id === unitId);
    const served = mine.filter((i) => i.served_on !== null);
    const rated = served.filter((i) => ['满意', '基本满意', '不满意'].includes(i.satisfaction ?? ''));
    out.set(unitId, {
      received: mine.length,
      acceptedOnTime: clockRate(mine, ['accept_notice']),
      closedOnTime: clockRate(mine, ['handle', 'simple_handle']),
      rated: rate(rated.length, served.length),
      satisfied: rate(rated.filter((i) => ['满意', '基本满意'].includes(i.satisfaction!)).length, rated.length),
      repeat: rate(mine.filter((i) => Number(i.is_repeat) === 1).length, mine.length),
      overdue: mine.filter((i) =>
        dls.some(
          (d) => d.item_id === i.id && d.party === 'unit' && d.kind === 'duty' && d.met_on === null && d.due_on < asOf,
        ),
      ).length,
      sentBack: mine.filter((i) => (facts(i).sendBacks ?? []).length > 0).length,
      objectionsRaised: items.filter((i) => (facts(i).objections ?? []).some((o) => o.unitId === unitId)).length,
      // Upheld: the bureau sent the item on to another unit after this unit's objection (the unit of the next
      // objection, else the lead unit now, once the item has left 已登记).
      objectionsUpheld: items.filter((i) => {
        const objs = facts(i).objections ?? [];
        return objs.some((o, k) => {
          if (o.unitId !== unitId) return false;
          const next = k + 1 < objs.length ? objs[k + 1]!.unitId : i.status === 'registered' ? null : i.lead_unit_id;
          return next !== null && next !== unitId;
        });
      }).length,
    });
  }
  return out;
}

/** The CLI's JSON card of a period, compared unit by unit with the hand count; returns the card. */
async function checkAgainstHandCount(env: TestEnv, from: string, to: string, asOf: string) {
  let out = '';
  const io = { stdout: (d: string | Buffer) => (out += String(d)), writeFile: () => assert.fail('no file') };
  await runScorecard(env.deps, { from, to, format: 'json', compare: 'none' }, io);
  const card = ScorecardJson.parse(JSON.parse(out));
  const hand = await handCountFromRows(env, from, to, asOf);
  const lead = card.units.filter((u) => u.received > 0);
  assert.deepEqual(lead.map((u) => u.unitId).sort(), [...hand.keys()].sort(), 'the same units lead items');
  for (const u of lead) {
    const { objectionsRaised, objectionsUpheld, ...want } = hand.get(u.unitId)!;
    const got = {
      received: u.received,
      acceptedOnTime: u.acceptedOnTime,
      closedOnTime: u.closedOnTime,
      rated: u.rated,
      satisfied: u.satisfied,
      repeat: u.repeat,
      overdue: u.overdue,
      sentBack: u.sentBack,
    };
    assert.deepEqual(got, want, u.unit);
    assert.equal(u.objections.raised, objectionsRaised, `${u.unit} objections`);
    assert.equal(u.objections.upheld, objectionsUpheld, `${u.unit} objections upheld`);
  }
  return card;
}

for (const dialect of dialects()) {
  describe(`the scorecard equals a hand count from the raw rows (${dialect})`, () => {
    it('on the demo data', async () => {
      const env = await makeTestEnv(dialect, '2025-11-20');
      try {
        await seedDemo(env.deps, { today: '2025-11-20', items: 80 });
        const card = await checkAgainstHandCount(env, '2024-12-01', '2025-11-20', '2025-11-20');
        const sum = (f: (u: (typeof card.units)[number]) => number) => card.units.reduce((a, u) => a + f(u), 0);
        const received = sum((u) => u.received);
        assert.ok(received >= 20, `the demo leads items to units: ${received}`);
        assert.ok(sum((u) => u.acceptedOnTime.of) > 0 && sum((u) => u.closedOnTime.of) > 0, 'clocks are judged');
        assert.ok(sum((u) => u.rated.count) > 0 && sum((u) => u.overdue) > 0, 'ratings and overdue items exist');
        assert.ok(sum((u) => u.objections.upheld) > 0, 'an objection was upheld, so its hand count is not vacuous');
      } finally {
        await env.close();
      }
    });

    it('on a file imported through xinfang import', async () => {
      const env = await makeTestEnv(dialect, '2025-06-30');
      try {
        await seedPeople(env.deps);
        const file = join(env.dir, 'import.csv');
        writeFileSync(file, csvOf(importRows(84, '考评')));
        const io = { stdout: () => {}, stderr: () => {} };
        const { code, result } = await runImportItems(env.deps, file, { createUnits: true }, io);
        assert.equal(code, 0, JSON.stringify(result.problems));
        assert.equal(result.created, 84);
        const card = await checkAgainstHandCount(env, '2025-03-01', '2025-03-31', '2025-06-30');
        assert.ok(card.units.filter((u) => u.received > 0).length >= 3, 'several units lead imported items');
        assert.ok(card.units.some((u) => u.satisfied.of > 0 && u.acceptedOnTime.of > 0));
      } finally {
        await env.close();
      }
    });
  });

  describe(`unit scorecard on the report fixture (${dialect})`, () => {
    let env: TestEnv;
    let app: ReturnType<typeof createApp>;
    let units: { zjj: string; scj: string; outside: string };
    const rows = fixtureRows();
    before(async () => {
      env = await makeTestEnv(dialect, '2025-09-26');
      const people = await seedPeople(env.deps);
      units = people.units;
      await insertFixture(env.deps, people.units, rows);
      app = createApp(env.deps, opts, extraRouteModules);
    });
    after(async () => env.close());

    it('the bureau’s card equals a hand count, unit by unit, and every figure opens its items', async () => {
      const r = await (await loginAs(app, 'shenhe')).get('/api/v1/scorecard?from=2025-03-01&to=2025-05-31&compare=yoy');
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.scope, 'all');
      for (const key of ['zjj', 'scj', 'outside'] as const) {
        const want = handCount(rows, key, '2025-03-01', '2025-05-31');
        const got = r.body.units.find((u: { unitId: string }) => u.unitId === units[key]);
        assert.ok(got, key);
        assert.equal(got.received.count, want.received, key);
        const pick = (f: { count: number; of: number; rate: number | null }) => ({
          count: f.count,
          of: f.of,
          rate: f.rate,
        });
        assert.deepEqual(pick(got.acceptedOnTime), want.acceptedOnTime, `${key} acceptedOnTime`);
        assert.deepEqual(pick(got.rated), want.rated, `${key} rated`);
        assert.deepEqual(pick(got.satisfied), want.satisfied, `${key} satisfied`);
        assert.deepEqual(pick(got.repeat), want.repeat, `${key} repeat`);
        assert.equal(got.overdue.count, want.overdue, `${key} overdue`);
        // Drill-down: the received ids are exactly the hand-counted items.
        assert.deepEqual(got.received.ids.map((id: string) => r.body.items[id].number).sort(), want.numbers);
        assert.equal(got.satisfied.ids.length, want.satisfied.count);
      }
      const ranks = r.body.units.map((u: { rank: number }) => u.rank);
      assert.deepEqual(
        ranks,
        ranks.map((_: number, i: number) => i + 1),
      );
      assert.ok(
        r.body.units.some((u: { previous: unknown }) => u.previous !== null),
        'the 2024 rows rank last year',
      );
    });

    it('bin/xinfang scorecard prints the JSON of the issue and writes an xlsx that reads back', async () => {
      let out = '';
      const files = new Map<string, Buffer>();
      const io = {
        stdout: (d: string | Buffer) => {
          out += String(d);
        },
        writeFile: (p: string, d: string | Buffer) => files.set(p, Buffer.from(d)),
      };
      await runScorecard(env.deps, { from: '2025-03-01', to: '2025-05-31', format: 'json', compare: 'prev' }, io);
      const json = ScorecardJson.parse(JSON.parse(out));
      assert.deepEqual(Object.keys(JSON.parse(out)).slice(0, 2), ['from', 'to']);
      for (const u of json.units) {
        for (const k of [
          'unit',
          'received',
          'acceptedOnTime',
          'closedOnTime',
          'rated',
          'satisfied',
          'overdue',
          'objections',
          'sentBack',
          'supervisions',
          'rank',
        ])
          assert.ok(k in u, k);
        for (const f of [u.acceptedOnTime, u.closedOnTime, u.rated, u.satisfied])
          assert.equal(f.rate, f.of ? Math.round((f.count / f.of) * 10000) / 10000 : null);
      }
      const zjj = json.units.find((u) => u.unitId === units.zjj)!;
      const want = handCount(rows, 'zjj', '2025-03-01', '2025-05-31');
      assert.equal(zjj.received, want.received);
      assert.deepEqual(zjj.satisfied, want.satisfied);
      assert.deepEqual(
        json.units.map((u) => u.rank),
        json.units.map((_, i) => i + 1),
      );

      await runScorecard(env.deps, { from: '2025-03-01', to: '2025-05-31', format: 'xlsx', out: 'card.xlsx' }, io);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(files.get('card.xlsx')! as never);
      const ws = wb.getWorksheet('单位考评')!;
      const row = ws.getRow(zjj.rank + 1);
      assert.equal(row.getCell(2).value, '区住建局');
      assert.equal(row.getCell(3).value, want.received);
      assert.equal(row.getCell(7).value, want.satisfied.rate);
      await assert.rejects(
        runScorecard(env.deps, { from: '2025-03-01', to: '2025-05-31', format: 'xlsx' }, io),
        /--out/,
      );

      // The Word 通报: read back, the same ranking and figures as the JSON.
      await runScorecard(env.deps, { from: '2025-03-01', to: '2025-05-31', format: 'docx', out: 'card.docx' }, io);
      const xml = unzipEntry(files.get('card.docx')!, 'word/document.xml')!.toString('utf8');
      const doc = xml.replace(/<[^>]+>/g, '');
      assert.match(doc, /^责任单位信访工作考评情况通报（2025年3月1日至2025年5月31日）/);
      assert.doesNotMatch(doc, /÷|=|公式/);
      const pc = (f: { rate: number | null }) => (f.rate === null ? '—' : `${(f.rate * 100).toFixed(1)}%`);
      for (const u of json.units)
        assert.ok(
          doc.includes(`${u.rank}${u.unit}${u.received}${pc(u.acceptedOnTime)}${pc(u.closedOnTime)}${pc(u.rated)}`),
          u.unit,
        );
      assert.ok(doc.endsWith('2025年9月26日'));
      await assert.rejects(
        runScorecard(env.deps, { from: '2025-03-01', to: '2025-05-31', format: 'docx' }, io),
        /docx 格式须用 --out/,
      );
      await assert.rejects(
        runScorecard(env.deps, { from: '2025-06-01', to: '2025-05-31', format: 'json' }, io),
        /晚于/,
      );
    });
  });

  describe(`unit scorecard visibility (${dialect})`, () => {
    let w: VisibilityWorld;
    before(async () => {
      w = await buildVisibilityWorld(dialect);
    });
    after(async () => w.env.close());
    const get = (who: keyof VisibilityWorld['as']) => w.as[who].get('/api/v1/scorecard?from=2025-09-01&to=2025-09-30');
    const idsIn = (body: { units: { received: { ids: string[] } }[] }) =>
      body.units.flatMap((u) => u.received.ids).sort();

    it('the bureau sees every unit; each unit only its own card and only items it may open', async () => {
      const all = await get('reviewer');
      assert.equal(all.status, 200);
      const byUnit = Object.fromEntries(
        all.body.units.map((u: { unitId: string; received: { ids: string[] } }) => [
          u.unitId,
          [...u.received.ids].sort(),
        ]),
      );
      assert.deepEqual(byUnit[w.units.lead], [w.ids.acc, w.ids.accRedacted, w.ids.qLate].sort());
      assert.deepEqual(byUnit[w.units.accused], [w.ids.ordEarly, w.ids.ordLate].sort());
      assert.deepEqual(byUnit[w.units.unrelated], [w.ids.qEarly]);

      const lead = await get('lead');
      assert.deepEqual(
        lead.body.units.map((u: { unitId: string }) => u.unitId),
        [w.units.lead],
      );
      assert.deepEqual(idsIn(lead.body), [w.ids.acc, w.ids.accRedacted, w.ids.qLate].sort());

      const accused = await get('accused');
      assert.deepEqual(
        accused.body.units.map((u: { unitId: string }) => u.unitId),
        [w.units.accused],
      );
      assert.deepEqual(idsIn(accused.body), [w.ids.ordEarly, w.ids.ordLate].sort());
      const text = JSON.stringify(accused.body);
      for (const id of [w.ids.acc, w.ids.accRedacted, w.ids.qLate, w.ids.qEarly]) {
        assert.ok(!text.includes(id), 'no id of an item of another unit');
        assert.ok(!text.includes(w.numbers[id]!), 'no number of an item of another unit');
      }
      assert.ok(!text.includes('王举报'));

      const assist = await get('assist');
      assert.equal(assist.status, 200);
      assert.deepEqual(assist.body.units, [], 'no lead item: no card');
      assert.deepEqual(assist.body.items, {});

      const unrelated = await get('unrelated');
      assert.deepEqual(idsIn(unrelated.body), [w.ids.qEarly]);
      assert.deepEqual(Object.keys(unrelated.body.items), [w.ids.qEarly]);

      const admin = await get('admin');
      assert.equal(admin.status, 403);
      assert.equal(admin.body.error.code, 'FORBIDDEN');
      const bad = await w.as.reviewer.get('/api/v1/scorecard?from=2025-9-1&to=2025-09-30');
      assert.equal(bad.status, 400);
    });

    it('every figure a reader sees counts exactly the rows its drill-down opens', async () => {
      // 城关街道 gets a 督办 on its item, objects to it, and the bureau gives the item to 区民政局: 城关街道 raised
      // (and won) an objection on an item it can no longer open.
      const q = w.ids.qEarly;
      const sup = await w.as.reviewer.post('/api/v1/supervisions', {
        kind: '电话督办',
        itemIds: [q],
        reason: '垃圾清运问题请抓紧核实',
        requirements: '请书面回复',
        unitId: w.units.unrelated,
        issuedOn: '2025-09-21',
        dueOn: '2025-09-25',
      });
      assert.equal(sup.status, 201, JSON.stringify(sup.body));
      const stepAs = async (who: keyof VisibilityWorld['as'], input: Record<string, unknown>) => {
        const item = await w.as[who].get(`/api/v1/items/${q}`);
        assert.equal(item.status, 200, who);
        const r = await w.as[who].post(`/api/v1/items/${q}/steps`, {
          version: item.body.version ?? item.body.item?.version,
          input,
        });
        assert.equal(r.status, 200, JSON.stringify(r.body));
      };
      await stepAs('unrelated', { step: 'confirm_receipt', on: '2025-09-22' });
      await stepAs('unrelated', { step: 'object', on: '2025-09-23', reason: '不属本街道职责' });
      await stepAs('reviewer', {
        step: 'route',
        on: '2025-09-24',
        kind: '转送',
        unitId: w.units.assist,
        assistUnitIds: [],
        note: '',
      });
      assert.equal((await w.as.unrelated.get(`/api/v1/items/${q}`)).status, 404);

      type Fig = { count: number; ids: string[]; of?: number; ofIds?: string[] };
      type Card = { unitId: string; [k: string]: unknown };
      const FIGURES = [
        'received',
        'acceptedOnTime',
        'closedOnTime',
        'rated',
        'satisfied',
        'repeat',
        'overdue',
        'objections.raised',
        'objections.upheld',
        'sentBack',
      ];
      const figOf = (u: Card, path: string) =>
        path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], u) as Fig;
      const bureau = (await get('reviewer')).body as { units: Card[] };
      const scj = bureau.units.find((u) => u.unitId === w.units.unrelated)!;
      assert.deepEqual(figOf(scj, 'objections.raised').ids, [q], 'the bureau counts the objection');
      assert.deepEqual(figOf(scj, 'objections.upheld').ids, [q]);
      assert.equal((scj.supervisions as { received: Fig }).received.count, 1);

      const readers = ['reviewer', 'leader', 'lead', 'assist', 'accused', 'unrelated'] as const;
      for (const who of readers) {
        const r = await get(who);
        assert.equal(r.status, 200, who);
        const body = r.body as { units: Card[]; items: Record<string, unknown>; scope: string };
        if (who !== 'reviewer' && who !== 'leader') assert.equal(body.units.length, 1, `${who}: its own card`);
        for (const u of body.units) {
          for (const path of FIGURES) {
            const f = figOf(u, path);
            const at = `${who} ${path}`;
            assert.equal(f.count, f.ids.length, at);
            if (f.of !== undefined) assert.equal(f.of, f.ofIds!.length, at);
            for (const id of [...f.ids, ...(f.ofIds ?? [])]) {
              assert.ok(body.items[id], `${at}: ${id} is listed`);
              if (body.scope === 'unit') assert.equal((await w.as[who].get(`/api/v1/items/${id}`)).status, 200, at);
            }
          }
          // A unit's own figures: the district's figures of the unit less the items it may not open.
          if (body.scope === 'unit') {
            const district = bureau.units.find((x) => x.unitId === u.unitId)!;
            for (const path of FIGURES) {
              const opens = [];
              for (const id of figOf(district, path).ids)
                if ((await w.as[who].get(`/api/v1/items/${id}`)).status === 200) opens.push(id);
              assert.deepEqual([...figOf(u, path).ids].sort(), opens.sort(), `${who} ${path}`);
            }
            assert.equal(u.rank, district.rank, `${who}: the district's rank`);
            // 督办: the count is the register the unit reads.
            const reg = await w.as[who].get('/api/v1/supervisions');
            const sups = (u.supervisions as { received: Fig }).received;
            const listed = (reg.body.supervisions as { id: string; issuedOn: string }[])
              .filter((x) => x.issuedOn >= '2025-09-01' && x.issuedOn <= '2025-09-30')
              .map((x) => x.id);
            assert.deepEqual([...sups.ids].sort(), listed.sort(), `${who} supervisions`);
          }
        }
      }
      const mine = (await get('unrelated')).body.units[0] as Card;
      assert.equal(figOf(mine, 'objections.raised').count, 0, 'not counted: it cannot open the item');
      assert.equal((mine.supervisions as { received: Fig }).received.count, 1, 'its 督办 is still its own');
      const assist = (await get('assist')).body.units[0] as Card;
      assert.deepEqual(figOf(assist, 'received').ids, [q], 'the new lead unit counts it');
    });
  });
}
