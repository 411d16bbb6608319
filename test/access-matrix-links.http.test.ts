import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { dialects } from './test-db.ts';
import { ACCUSER, buildVisibilityWorld, type VisibilityWorld, type Who } from './visibility-fixture.ts';

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

    it('every endpoint shows an item exactly to those who may open it, and a link exactly to those who may see it', async () => {
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
        const hs = await c.get('/api/v1/text/hotspots?from=2025-09-01&to=2025-09-30&top=20');
        const bureau = ['registrar', 'reviewer'].includes(who);
        const reader = bureau || who === 'leader';
        checked += 3;
        if ((rc.status === 200) !== bureau) wrong.push(`${who} repeat-check: ${rc.status}`);
        if ((sg.status === 200) !== bureau) wrong.push(`${who} suggest: ${sg.status}`);
        if ((hs.status === 200) !== reader) wrong.push(`${who} hotspots: ${hs.status}`);
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
