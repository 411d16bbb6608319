import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { hotIssuesFor, type StoredHotIssues } from '../server/app/hot-issues.ts';
import { scopeOf } from '../server/app/visibility.ts';
import { settledHotIssues } from './http-client.ts';
import { dialects } from './test-db.ts';
import { ACCUSER, ACCUSER_TRACES, buildVisibilityWorld, type VisibilityWorld, type Who } from './visibility-fixture.ts';

type ItemKey = keyof VisibilityWorld['ids'];
const ITEMS: ItemKey[] = ['ordEarly', 'acc', 'ordLate', 'accRedacted', 'qEarly', 'qLate'];
const VIEWERS: Who[] = [
  'registrar',
  'reviewer',
  'leader',
  'lead',
  'assist',
  'accused',
  'accusedHead',
  'unrelated',
  'admin',
  'securityAdmin',
  'auditor',
];

/**
 * Written out by hand (not computed by the rule under test). Lead 区市场监管局 leads acc, accRedacted, qLate;
 * assisting 区民政局 assists acc; the accused 区住建局 leads the accuser's ordinary items and assists the
 * redacted accusation; 城关街道 leads qEarly only.
 */
const OPENS: Record<Who, ItemKey[]> = {
  registrar: ITEMS,
  reviewer: ITEMS,
  leader: ITEMS,
  lead: ['acc', 'accRedacted', 'qLate'],
  assist: ['acc'],
  accused: ['ordEarly', 'ordLate', 'accRedacted'],
  accusedHead: ['ordEarly', 'ordLate', 'accRedacted'],
  unrelated: ['qEarly'],
  admin: [],
  securityAdmin: [],
  auditor: [],
};
/** Links stored (later → earlier). */
const LINKS: [ItemKey, ItemKey][] = [
  ['acc', 'ordEarly'],
  ['ordLate', 'acc'],
  ['accRedacted', 'ordEarly'],
  ['qLate', 'qEarly'],
];
/** Who sees each link, from either end: the bureau and leaders (identity masked at both ends) only. */
const SEES_LINKS: Who[] = ['registrar', 'reviewer', 'leader'];

/**
 * The access matrix for units standing differently to one accusation (lead, assisting, accused, unrelated) and
 * for linked items in both directions (earlier/later, same person from an accusation to ordinary items), on
 * every endpoint that returns item data: detail, timeline, attachments, list, search, export, drill-down,
 * workbench, repeat check, suggestions and hot issues.
 */
for (const dialect of dialects()) {
  describe(`access matrix: unit standing × linked items × endpoints (${dialect})`, () => {
    let w: VisibilityWorld;
    before(async () => {
      w = await buildVisibilityWorld(dialect);
    });
    after(async () => w.env.close());

    it('every endpoint shows an item exactly to who may open it, a link exactly to who may see it', async () => {
      const wrong: string[] = [];
      let checked = 0;
      const number = (k: ItemKey) => w.numbers[w.ids[k]]!;
      const expect = (who: Who, where: string, body: unknown, k: ItemKey, shown: boolean) => {
        checked++;
        const has = JSON.stringify(body).includes(number(k)) || JSON.stringify(body).includes(w.ids[k]);
        if (has !== shown) wrong.push(`${who} ${where}: ${k} ${has ? 'shown' : 'missing'}`);
      };
      for (const who of VIEWERS) {
        const c = w.as[who];
        const opens = new Set(OPENS[who]);
        const listing = OPENS[who].length > 0 || ['registrar', 'reviewer', 'leader'].includes(who);
        for (const k of ITEMS) {
          for (const sub of ['', '/timeline', '/attachments']) {
            const r = await c.get(`/api/v1/items/${w.ids[k]}${sub}`);
            checked++;
            if ((r.status === 200) !== opens.has(k)) wrong.push(`${who} GET ${k}${sub}: ${r.status}`);
            else if (r.status !== 200 && r.status !== 404) wrong.push(`${who} GET ${k}${sub}: ${r.status}, not 404`);
          }
          if (!opens.has(k)) continue;
          const view = (await c.get(`/api/v1/items/${w.ids[k]}`)).body;
          for (const [later, earlier] of LINKS) {
            const other = later === k ? earlier : earlier === k ? later : null;
            if (other) expect(who, `detail of ${k}`, view, other, SEES_LINKS.includes(who));
          }
        }
        const list = await c.get('/api/v1/items?pageSize=200');
        if (!listing) {
          checked++;
          if (list.status !== 403) wrong.push(`${who} list: ${list.status}`);
          continue;
        }
        const drill = await c.get('/api/v1/items?origin=repeat&inReport=1&pageSize=200');
        const xlsx = await exportText(w, who);
        for (const k of ITEMS) {
          expect(who, 'list', list.body, k, opens.has(k));
          expect(
            who,
            'search by number',
            (await c.get(`/api/v1/items?q=${encodeURIComponent(number(k))}`)).body,
            k,
            opens.has(k),
          );
          expect(who, 'export', xlsx, k, opens.has(k));
          const repeat = ['acc', 'ordLate', 'accRedacted', 'qLate'].includes(k);
          expect(who, 'drill-down', drill.body, k, opens.has(k) && repeat);
          const bench = JSON.stringify((await c.get('/api/v1/workbench')).body);
          if (bench.includes(w.ids[k]) && !opens.has(k)) wrong.push(`${who} workbench: ${k}`);
        }
      }
      // Bureau-only and reader-only endpoints, with the accuser's identity as the query.
      for (const who of VIEWERS) {
        const c = w.as[who];
        const rc = await c.get(`/api/v1/items/repeat-check?idNumber=${ACCUSER.idNumber}`);
        const sg = await c.post('/api/v1/text/suggest', {
          title: '举报',
          content: '举报李科长',
          petitioners: [{ idNumber: ACCUSER.idNumber }],
        });
        const bureau = ['registrar', 'reviewer'].includes(who);
        checked += 2;
        if ((rc.status === 200) !== bureau) wrong.push(`${who} repeat-check: ${rc.status}`);
        if ((sg.status === 200) !== bureau) wrong.push(`${who} suggest: ${sg.status}`);
        if (bureau)
          for (const k of ['ordEarly', 'acc', 'ordLate', 'accRedacted'] as const) {
            expect(who, 'repeat-check', rc.body, k, true);
            expect(who, 'suggest', sg.body.sameperson, k, true);
          }
      }
      console.log(
        JSON.stringify({
          accessMatrixLinks: { viewers: VIEWERS.length, items: ITEMS.length, checked, wrong: wrong.length },
        }),
      );
      assert.deepEqual(wrong, []);
    });

    it('hot issues show each reader only the members it may open, with counts and keywords of those', async () => {
      const path = '/api/v1/text/hotspots?from=2025-09-01&to=2025-09-30&top=20';
      const district = await settledHotIssues(w.as.reviewer, path);
      assert.equal(district.status, 200);
      const clustered = new Set<string>(district.body.clusters.flatMap((c: { ids: string[] }) => c.ids));
      assert.ok(clustered.has(w.ids.acc) && clustered.has(w.ids.accRedacted), 'the two accusations form a hot issue');
      const wrong: string[] = [];
      for (const who of VIEWERS) {
        const hs = await settledHotIssues(w.as[who], path);
        const opens = OPENS[who].map((k) => w.ids[k]);
        if (!opens.length) {
          if (hs.status !== 403) wrong.push(`${who}: ${hs.status}, not 403`);
          continue;
        }
        if (hs.status !== 200) {
          wrong.push(`${who}: ${hs.status}`);
          continue;
        }
        const text = JSON.stringify(hs.body);
        for (const t of ACCUSER_TRACES) if (text.includes(t)) wrong.push(`${who}: the accuser's ${t}`);
        // The period's count is of the items the reader may open (all six are in September).
        if (hs.body.items !== opens.length) wrong.push(`${who}: items ${hs.body.items}, not ${opens.length}`);
        const shown = new Set<string>();
        for (const c of hs.body.clusters) {
          for (const id of c.ids) shown.add(id);
          const sizes = [c.size, c.ids.length, c.items.length, c.members.length];
          if (sizes.some((n: number) => n !== c.ids.length)) wrong.push(`${who} ${c.label}: sizes ${sizes}`);
          if (c.users > c.size) wrong.push(`${who} ${c.label}: ${c.users} people in ${c.size} items`);
        }
        for (const k of ITEMS) {
          const id = w.ids[k];
          const expected = OPENS[who].includes(k) && clustered.has(id);
          if (shown.has(id) !== expected) wrong.push(`${who}: ${k} ${shown.has(id) ? 'shown' : 'missing'}`);
          if (!OPENS[who].includes(k) && text.includes(w.numbers[id]!)) wrong.push(`${who}: number of ${k}`);
        }
      }
      // The accused unit assists the redacted accusation only: its hot issue is that one item, one person.
      const accused = (await settledHotIssues(w.as.accused, path)).body.clusters.find((c: { ids: string[] }) =>
        c.ids.includes(w.ids.accRedacted),
      );
      assert.deepEqual(accused && [accused.size, accused.users, accused.ids], [1, 1, [w.ids.accRedacted]]);
      assert.deepEqual(wrong, []);
    });

    it('a partly visible hot issue carries no keyword, place, label or count of the members hidden', async () => {
      const fact = (k: ItemKey, keywords: string[], atPlace: boolean, day: string) => ({
        id: w.ids[k],
        why: `含${keywords.join('、')}`,
        keywords,
        atPlace,
        user: 'u1',
        collectivePeople: k === 'acc' ? 12 : 0,
        repeat: k !== 'ordEarly',
        day,
      });
      // One stored cluster mixing the accusation with the accuser's ordinary items (the accused unit leads those).
      const stored: StoredHotIssues = {
        items: 6,
        latest: '2025-09-17',
        clusters: [
          {
            label: '区住建局：李科长、收受好处、物业',
            size: 3,
            users: 1,
            keywords: ['李科长', '收受好处', '物业'],
            place: '区住建局',
            matter: '李科长、收受好处、物业',
            heat: 40,
            support: { people: 1, repeats: 2, collectivePeople: 12, likes: 0 },
            coherence: 0.6,
            from: '2025-09-08',
            to: '2025-09-15',
            facts: [
              fact('acc', ['李科长', '收受好处'], true, '2025-09-12'),
              fact('ordEarly', ['物业'], false, '2025-09-08'),
              fact('ordLate', ['物业'], false, '2025-09-15'),
            ],
          },
        ],
      };
      const view = async (who: 'accused' | 'lead' | 'assist' | 'reviewer') =>
        (await hotIssuesFor(w.env.deps.db, scopeOf(w.env.deps, w.actors[who]), stored, 10))[0];
      const accused = await view('accused');
      assert.ok(accused);
      assert.deepEqual(accused.ids.sort(), [w.ids.ordEarly, w.ids.ordLate].sort());
      assert.deepEqual([accused.size, accused.users, accused.collective], [2, 1, 0]);
      assert.deepEqual(accused.keywords, ['物业']);
      assert.equal(accused.place, null);
      assert.equal(accused.label, '物业');
      assert.deepEqual(accused.support, { people: 1, repeats: 1, collectivePeople: 0, likes: 0 });
      assert.ok(accused.heat < stored.clusters[0]!.heat);
      assert.doesNotMatch(JSON.stringify(accused), /李科长|收受|住建局/);
      // The assisting unit sees the accusation alone; the lead the same; the bureau the whole stored cluster.
      for (const who of ['assist', 'lead'] as const) {
        const v = await view(who);
        assert.deepEqual(v?.ids, [w.ids.acc], who);
        assert.deepEqual(v?.keywords, ['李科长', '收受好处'], who);
        assert.equal(v?.place, '区住建局', who);
        assert.equal(v?.collective, 1, who);
      }
      const bureau = await view('reviewer');
      assert.deepEqual([bureau?.size, bureau?.label, bureau?.heat], [3, stored.clusters[0]!.label, 40]);
    });
  });
}

async function exportText(w: VisibilityWorld, who: Who): Promise<string> {
  const res = await w.as[who].raw!('/api/v1/items/export');
  assert.equal(res.status, 200, `${who} export`);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
  const cells: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value ?? '')))));
  return cells.join('\n');
}
