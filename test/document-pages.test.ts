import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DOC_KINDS } from '../contract/documents.ts';
import { cnDate } from '../server/documents/cn-text.ts';
import { defaultTemplate } from '../server/documents/default-templates.ts';
import { sampleModel } from '../server/documents/doc-fixture.ts';
import { renderDocument } from '../server/documents/template-engine.ts';

const has = (cmd: string, arg: string) => spawnSync(cmd, [arg], { stdio: 'ignore' }).status === 0;
const missing = [
  has('soffice', '--version') ? null : 'soffice (LibreOffice)',
  has('pdfinfo', '-v') ? null : 'pdfinfo (poppler-utils)',
  has('pdftotext', '-v') ? null : 'pdftotext (poppler-utils)',
].filter(Boolean);
if (missing.length) console.log(`# document-pages: skipped, ${missing.join(' and ')} not installed`);

/** Text of one PDF page, whitespace removed (pdftotext spaces out CJK runs). */
const pageText = (pdf: string, page: number) =>
  execFileSync('pdftotext', ['-f', String(page), '-l', String(page), '-layout', pdf, '-'], {
    encoding: 'utf8',
  }).replace(/\s+/g, '');

/**
 * Every shipped template rendered with realistic data and laid out by LibreOffice: the 落款 and 成文日期 never
 * stand alone on the last page (GB/T 9704: text above them on the same page).
 */
describe('default documents laid out by LibreOffice', {
  skip: missing.length ? `${missing.join(', ')} missing` : false,
}, () => {
  const dir = mkdtempSync(join(tmpdir(), 'xinfang-pages-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('the last page of every document holds text above the 落款', async () => {
    const models = new Map<string, ReturnType<typeof sampleModel>>();
    for (const kind of DOC_KINDS) {
      const model = sampleModel(kind, 'full');
      models.set(kind, model);
      writeFileSync(join(dir, `${kind}.docx`), (await renderDocument(await defaultTemplate(kind), model)).content);
    }
    execFileSync(
      'soffice',
      [
        `-env:UserInstallation=file://${join(dir, 'profile')}`,
        '--headless',
        '--convert-to',
        'pdf',
        '--outdir',
        dir,
      ].concat(DOC_KINDS.map((k) => join(dir, `${k}.docx`))),
      { stdio: 'ignore' },
    );
    for (const kind of DOC_KINDS) {
      const pdf = join(dir, `${kind}.pdf`);
      const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
      assert.ok(pages >= 1 && pages <= 3, `${kind}: ${pages} pages`);
      const h = models.get(kind)!.header;
      const signature = `${h.organ}${cnDate(h.date)}`.replace(/\s+/g, '');
      const last = pageText(pdf, pages);
      assert.ok(last.endsWith(signature), `${kind}: the last page ends with the 落款 (${last.slice(-40)})`);
      const above = last.slice(0, -signature.length);
      assert.ok(above.length >= 4, `${kind}: page ${pages} holds only the 落款 and 成文日期`);
    }
  });
});
