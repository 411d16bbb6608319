import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import PizZip from 'pizzip';
import { docxParagraphs } from '../../server/documents/docx-text.ts';
import { login, shot, skipReason, startHarness, type Harness } from './harness.ts';

const reason = skipReason();
if (reason) console.log(`# ${reason}`);

describe('文书模板 in Chromium: download, edit, preview, refuse, upload', {
  skip: reason ?? false,
}, () => {
  let h: Harness;
  before(async () => {
    h = await startHarness('2026-12-01');
  });
  after(async () => {
    await h?.close();
  });

  it('the 处理意见书 template is downloaded; a broken edit is refused with the list, a good one is used', async () => {
    const { page } = await h.newPage();
    await login(page, h.base, 'admin', undefined, '/admin');
    await page.getByRole('tab', { name: '文书模板' }).click();
    await page.getByRole('cell', { name: '处理意见书', exact: true }).click();
    await page.getByRole('heading', { name: '处理意见书模板' }).or(page.getByText('处理意见书模板')).first().waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: '下载使用中的模板' }).click(),
    ]);
    const file = join(h.env.dir, 'opinion.docx');
    await download.saveAs(file);
    assert.match(download.suggestedFilename(), /处理意见书模板-默认\.docx$/);
    const zip = new PizZip(readFileSync(file));
    const xml = zip.file('word/document.xml')!.asText();
    const broken = join(h.env.dir, 'broken.docx');
    zip.file('word/document.xml', xml.replaceAll('{复查机关}', '区政府'));
    writeFileSync(broken, zip.generate({ type: 'nodebuffer' }));
    const good = join(h.env.dir, 'good.docx');
    zip.file('word/document.xml', xml.replace('四、依据', '四、处理依据'));
    writeFileSync(good, zip.generate({ type: 'nodebuffer' }));

    const input = page.locator('.ant-upload input[type=file]');
    await input.setInputFiles(broken);
    await page.getByRole('button', { name: '上传并启用' }).click();
    await page.locator('.ant-alert-error', { hasText: '缺少必需的占位符：{复查机关}' }).waitFor();
    await shot(page, 'doc-templates-refused');

    await input.setInputFiles(good);
    await page.getByRole('button', { name: '预览所选文件' }).click();
    await page.getByText('四、处理依据').first().waitFor();
    await page
      .getByText(/自收到本意见书之日起30日内向.+请求复查/)
      .first()
      .waitFor();
    await shot(page, 'doc-templates-preview');
    await page.getByRole('button', { name: '上传并启用' }).click();
    await page.getByRole('cell', { name: '第1版', exact: true }).last().waitFor();
    await page.getByText('使用中', { exact: true }).first().waitFor();
    await shot(page, 'doc-templates-versions');
    const active = await h.env.deps.db
      .selectFrom('doc_templates')
      .select(['version', 'active', 'content'])
      .executeTakeFirstOrThrow();
    assert.equal(Number(active.active), 1);
    assert.ok(docxParagraphs(Buffer.from(active.content, 'base64')).includes('四、处理依据'));
    assert.deepEqual(h.pageErrors, []);
  });
});
