import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Document, Packer, Paragraph } from 'docx';
import { runImportItems } from '../server/cli/import.command.ts';
import { checkOoxml, checkWorkbookBounds, OoxmlError } from '../server/files/ooxml.ts';
import { loginAs, makeTestApp, sessionOf } from './http-client.ts';
import { dialects, makeTestEnv, seedPeople, type TestEnv } from './test-db.ts';
import { buildZip, minimalXlsx } from './zip-build.ts';

const CHILD = fileURLToPath(new URL('./read-table.child.ts', import.meta.url));
const HEADER = '<row r="1"><c r="A1" t="inlineStr"><is><t>信访件编号</t></is></c></row>';
/** 1.6 KB: one far cell makes a reader walk 17 billion cells. */
const DIMENSION_BOMB = minimalXlsx(`${HEADER}<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>`, 'A1:XFD1048576');

/** Reads `file` with readTable in a child process whose heap is capped at 256 MB; its one JSON line, or the crash. */
function readInSmallHeap(file: string): Promise<{ ok?: boolean; code?: string; message?: string; crashed?: number }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['--max-old-space-size=256', '--import', 'tsx', CHILD, file], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('close', (code) => {
      try {
        resolve(JSON.parse(out));
      } catch {
        resolve({ crashed: code ?? -1 });
      }
    });
  });
}

const isBomb = (e: unknown) => e instanceof OoxmlError && e.bomb;

describe('workbooks and Office files are bounded and checked before parsing', () => {
  it('a 2 KB workbook declaring cell XFD1048576 is refused before parsing, inside a 256 MB heap', async () => {
    assert.ok(DIMENSION_BOMB.length < 2048, `${DIMENSION_BOMB.length} bytes`);
    const file = join(process.env.TMPDIR ?? '/tmp', `xf-bomb-${process.pid}.xlsx`);
    writeFileSync(file, DIMENSION_BOMB);
    const r = await readInSmallHeap(file);
    assert.equal(r.crashed, undefined, 'the reader must not run out of memory');
    assert.equal(r.ok, false);
    assert.equal(r.code, 'PAYLOAD_TOO_LARGE');
    assert.match(r.message ?? '', /A1:XFD1048576.*超过上限/);
  });

  it('cells named beyond the bounds are refused even when the dimension is missing or lies', () => {
    const farRow = minimalXlsx(`${HEADER}<row r="2000000"><c r="A2000000"><v>1</v></c></row>`, 'A1');
    assert.throws(() => checkWorkbookBounds(checkOoxml(farRow, 'xlsx')), /第 2000000 行/);
    const wide = minimalXlsx(`${HEADER}<row r="2"><c r="ZZ2"><v>1</v></c></row>`, 'A1:B2');
    assert.throws(() => checkWorkbookBounds(checkOoxml(wide, 'xlsx')), /第 702 列/);
    const many = minimalXlsx(`${HEADER}<row r="2">${'<c><v>1</v></c>'.repeat(50)}</row>`);
    assert.throws(
      () => checkWorkbookBounds(checkOoxml(many, 'xlsx'), { maxRows: 100, maxColumns: 100, maxCells: 40 }),
      /单元格/,
    );
    const fine = minimalXlsx(`${HEADER}<row r="2"><c r="B2"><v>1</v></c></row>`, 'A1:B2');
    checkWorkbookBounds(checkOoxml(fine, 'xlsx'));
  });

  it('a deflate bomb, overlapping entries and a lying size are refused as such', () => {
    const zeros = minimalXlsx(
      `${HEADER}<row r="2"><c r="A2" t="inlineStr"><is><t>${'0'.repeat(60_000_000)}</t></is></c></row>`,
    );
    assert.ok(zeros.length < 200_000, `${zeros.length} bytes`);
    assert.throws(
      () => checkOoxml(zeros, 'xlsx'),
      (e) => isBomb(e) && /压缩比异常/.test((e as Error).message),
    );
    const parts = [
      { name: '[Content_Types].xml', data: 'x' },
      { name: 'a.xml', data: 'y'.repeat(1000) },
      { name: 'b.xml', data: 'z' },
    ];
    const overlap = buildZip(parts, (central, locals) => central[2]!.writeUInt32LE(locals[1]!.offset + 2, 42));
    assert.throws(() => checkOoxml(overlap, 'xlsx'), /位置异常|重叠/);
    const liar = buildZip([{ name: '[Content_Types].xml', data: 'x'.repeat(5000) }], (central) =>
      central[0]!.writeUInt32LE(10, 24),
    );
    assert.throws(() => checkOoxml(liar, 'docx'), /大于目录所声明的大小|大小与目录不符/);
  });
});

for (const dialect of dialects()) {
  describe(`imports and uploads refuse what is not a sound Office file (${dialect})`, () => {
    let env: TestEnv;
    let app: ReturnType<typeof makeTestApp>;
    let cookie = '';
    let csrf = '';
    let itemId = '';
    before(async () => {
      env = await makeTestEnv(dialect, '2025-09-26');
      await seedPeople(env.deps);
      app = makeTestApp(env);
      const reg = await loginAs(app, 'dengji');
      const created = await reg.post('/api/v1/items', {
        channel: '来信',
        receivedOn: '2025-09-20',
        headCount: 1,
        petitioners: [{ name: '材料人' }],
        title: '材料',
        content: '材料',
        demands: ['诉求'],
      });
      itemId = created.body.item.id;
      ({ cookie, csrf } = await sessionOf(app, 'dengji'));
    });
    after(async () => env.close());

    const count = async (table: 'items' | 'item_attachments') =>
      Number(
        (
          await env.deps.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirst()
        )?.n,
      );

    it('importing the 2 KB workbook bomb stops before parsing and writes nothing', async () => {
      const file = join(env.dir, 'bomb.xlsx');
      writeFileSync(file, DIMENSION_BOMB);
      const before = await count('items');
      const io = { stdout: () => {}, stderr: () => {} };
      await assert.rejects(runImportItems(env.deps, file, {}, io), (e: { code?: string; message?: string }) => {
        assert.equal(e.code, 'PAYLOAD_TOO_LARGE');
        assert.match(e.message ?? '', /工作表/);
        return true;
      });
      assert.equal(await count('items'), before);
    });

    const upload = async (name: string, bytes: Uint8Array) => {
      const fd = new FormData();
      fd.append('file', new File([bytes as BlobPart], name));
      const r = await app.request(`/api/v1/items/${itemId}/attachments`, {
        method: 'POST',
        headers: { cookie, 'x-csrf-token': csrf },
        body: fd,
      });
      return { status: r.status, body: (await r.json()) as any };
    };

    it('a real Word document is accepted; a zip that looks like one, a macro document and a bomb are not', async () => {
      const real = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('举报材料')] }] }));
      const ok = await upload('举报材料.docx', real);
      assert.equal(ok.status, 201, JSON.stringify(ok.body));
      const before = await count('item_attachments');
      const lookalike = buildZip([{ name: 'word/document.xml', data: '<w:document/>' }]);
      const fake = await upload('伪装.docx', lookalike);
      assert.equal(fake.status, 415);
      assert.match(fake.body.error.message, /Content_Types/);
      const ct = (type: string) =>
        `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="${type}"/></Types>`;
      const macro = buildZip([
        { name: '[Content_Types].xml', data: ct('application/vnd.ms-word.document.macroEnabled.main+xml') },
        { name: 'word/document.xml', data: '<w:document/>' },
        { name: 'word/vbaProject.bin', data: 'MZ' },
      ]);
      assert.equal((await upload('宏.docx', macro)).status, 415);
      const bomb = buildZip([
        {
          name: '[Content_Types].xml',
          data: ct('application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml'),
        },
        { name: 'word/document.xml', data: `<w:document>${' '.repeat(80_000_000)}</w:document>` },
      ]);
      assert.ok(bomb.length < 200_000);
      const b = await upload('炸弹.docx', bomb);
      assert.equal(b.status, 413);
      assert.match(b.body.error.message, /压缩炸弹|压缩比/);
      assert.equal(await count('item_attachments'), before, 'nothing of the refused files was kept');
    });
  });
}
