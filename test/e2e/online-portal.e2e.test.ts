import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import PizZip from 'pizzip';
import { docxText } from '../../server/documents/docx-text.ts';
import { setSetting } from '../../server/store/settings.store.ts';
import { loginAs, type Client } from '../http-client.ts';
import { syntheticValidId } from '../online-fixture.ts';
import { login, SCREENS, skipReason, startHarness, type Harness } from './harness.ts';

const reason = skipReason();
if (reason) console.log(`# ${reason}`);

async function fullShot(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('networkidle').catch(() => {});
  await page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: true });
}

async function step(c: Client, id: string, version: number, input: Record<string, unknown>): Promise<number> {
  const r = await c.post(`/api/v1/items/${id}/steps`, { version, input });
  assert.equal(r.status, 200, `${String(input.step)}: ${JSON.stringify(r.body)}`);
  return r.body.item.version as number;
}

/**
 * Downloads the Word document behind a link or button as the petitioner does, and checks it is a Word file (a zip
 * package declaring the WordprocessingML main part, with a body): returns its text.
 */
async function downloadWord(page: Page, testId: string, dir: string): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  assert.match(download.suggestedFilename(), /\.docx$/);
  const file = join(dir, `download-${testId}.docx`);
  await download.saveAs(file);
  const buf = await readFile(file);
  const zip = new PizZip(buf);
  assert.match(zip.file('[Content_Types].xml')?.asText() ?? '', /wordprocessingml\.document\.main\+xml/);
  const text = docxText(new Uint8Array(buf));
  assert.ok(text.trim().length > 0, `${testId}: the document has no text`);
  return text;
}

/** A small PDF (the server recognises the type from its first bytes). */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');

/** Fills the online form as a petitioner would, solves the proof-of-work and submits. */
async function fillAndSubmit(page: Page, f: { name: string; id: string; phone: string; title: string }) {
  await page.getByTestId('online-name').fill(f.name);
  await page.getByTestId('online-id').fill(f.id);
  await page.getByTestId('online-phone').fill(f.phone);
  await page.getByTestId('online-address').fill('某区幸福路 9 号');
  await page.getByTestId('online-title').fill(f.title);
  await page.getByTestId('online-place').fill('幸福路街道');
  await page.getByTestId('online-content').fill('小区门口道路塌陷一个月无人修复，雨天积水，行人绕行车道很危险。');
  await page.getByTestId('online-demand-0').fill('尽快修复塌陷路面');
  await page.getByTestId('online-add-demand').click();
  await page.getByTestId('online-demand-1').fill('设置临时警示标志');
  await page.getByTestId('online-consent').check();
  await page.getByTestId('online-verify').click();
  await page.getByTestId('online-verified').waitFor({ timeout: 120_000 });
  await page.getByTestId('online-submit').click();
}

describe('网上信访 in Chromium: submit (desktop and 360 px), 受理登记, answer, read and rate', {
  skip: reason ?? false,
}, () => {
  let h: Harness;
  let code = '';
  let number = '';

  before(async () => {
    h = await startHarness('2025-09-26');
    // Both submissions come from 127.0.0.1 within a minute; the limits themselves are tested over HTTP.
    await setSetting(h.env.deps.db, 'online_limits', { perClientPerMinute: 100, perClientPerDay: 100 });
  });
  after(async () => {
    await h?.close();
  });

  it('submits at desktop width from the query page link and gets number, code and a printable receipt', async () => {
    const { page } = await h.newPage();
    await page.goto(`${h.base}/query`);
    await page.getByTestId('link-online').click();
    await page.waitForURL(/\/online$/);
    await page.getByTestId('online-page').waitFor();
    // An empty form: Chinese messages, no field name in English.
    await page.getByTestId('online-submit').click();
    await page.getByTestId('online-error').waitFor();
    const errors = await page.locator('.ant-form-item-explain-error').allInnerTexts();
    assert.ok(errors.includes('请填写姓名') && errors.includes('请填写身份证号码'), errors.join('|'));
    for (const e of errors) assert.doesNotMatch(e, /[A-Za-z]{3,}/, e);
    await fullShot(page, 'online-01-empty-errors-desktop');
    // A wrong check digit is refused by the server with the reason.
    const good = syntheticValidId(3);
    const bad = good.slice(0, 17) + (good.endsWith('1') ? '2' : '1');
    await fillAndSubmit(page, { name: '赵在线', id: bad, phone: '13900000301', title: '幸福路路面塌陷' });
    await page.getByTestId('online-error').filter({ hasText: '校验位' }).waitFor();
    await fullShot(page, 'online-02-checksum-error-desktop');
    // Corrected: the same solved challenge is still unspent (nothing was written) and the submission goes through,
    // with a photo of the site attached.
    await page.getByTestId('online-id').fill(good);
    await page
      .getByTestId('online-files-input')
      .setInputFiles({ name: '现场照片.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.getByTestId('online-files-item').filter({ hasText: '现场照片.pdf' }).waitFor();
    await page.getByTestId('online-submit').click();
    await page.getByTestId('online-receipt').waitFor();
    assert.match(await page.getByTestId('receipt-files').innerText(), /现场照片\.pdf/);
    number = await page.getByTestId('receipt-number').innerText();
    code = (await page.getByTestId('receipt-code').innerText()).replace(/\s+/g, '');
    assert.match(number, /^区信网〔\d{4}〕\d{5}号$/);
    assert.match(code, /^[A-Z2-9]{10}$/);
    const receipt = await page.locator('body').innerText();
    assert.ok(!receipt.includes(good), 'the receipt masks the ID number');
    assert.ok(!receipt.includes('13900000301'), 'the receipt masks the phone');
    assert.ok(/\d{4}年\d{1,2}月\d{1,2}日/.test(receipt), receipt);
    await page.getByTestId('receipt-print').waitFor();
    await fullShot(page, 'online-03-receipt-desktop');
    // The same receipt as a Word document, on the spot: number, code, the identity masked.
    const docx = await downloadWord(page, 'receipt-docx', h.env.dir);
    assert.ok(docx.includes(number) && docx.includes(code), docx);
    assert.ok(!docx.includes(good) && !docx.includes('13900000301'), docx);
    assert.ok(docx.includes(`${good.slice(0, 3)}***********${good.slice(-4)}`), docx);
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.getByTestId('receipt-print').isVisible(), false, 'buttons are not printed');
    await page.emulateMedia({ media: 'screen' });
    // The code shows the submission waiting for 受理登记.
    await page.goto(`${h.base}/query`);
    await page.getByTestId('query-code-input').fill(code);
    await page.getByTestId('query-submit').click();
    await page.getByTestId('public-submission-status').filter({ hasText: '待信访部门受理登记' }).waitFor();
    // Later, by the code: the receipt again, with the same 发文字号.
    const again = await downloadWord(page, 'q-doc-online_receipt', h.env.dir);
    const docNumber = /区信访〔\d{4}〕\d+号/.exec(docx)?.[0];
    assert.ok(docNumber && again.includes(docNumber) && again.includes(number), again);
  });

  it('submits at 360 px without horizontal overflow', async () => {
    const ctx = await h.browser.newContext({
      viewport: { width: 360, height: 740 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    try {
      const page = await ctx.newPage();
      page.on('pageerror', (e) => h.pageErrors.push(`${page.url()}: ${e.message}`));
      await page.goto(`${h.base}/online`);
      await page.getByTestId('online-page').waitFor();
      const overflow = () =>
        page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok((await overflow()) <= 0, `form overflows by ${await overflow()}px`);
      await fullShot(page, 'online-04-form-360');
      await fillAndSubmit(page, {
        name: '钱手机',
        id: syntheticValidId(4),
        phone: '13900000302',
        title: '广告推广',
      });
      await page.getByTestId('online-receipt').waitFor();
      assert.ok((await overflow()) <= 0, `receipt overflows by ${await overflow()}px`);
      await fullShot(page, 'online-05-receipt-360');
    } finally {
      await ctx.close();
    }
  });

  it('registered as 网上投诉, answered by the unit; the petitioner reads the opinion and rates it', async () => {
    const { page } = await h.newPage();
    await login(page, h.base, 'dengji', undefined, '/online-intake');
    await page.getByTestId('intake-page').waitFor();
    const card = page.getByTestId(`submission-${number}`);
    await card.waitFor();
    assert.ok((await card.innerText()).includes('赵在线'), 'the registrar sees the identity she registers');
    assert.match(await card.getByTestId('intake-file').innerText(), /现场照片\.pdf/);
    await fullShot(page, 'online-06-intake-queue');
    await card.getByTestId('intake-accept').click();
    await page.getByTestId('intake-accept-ok').click();
    await page.waitForURL(/\/items\/[^/]+$/);
    const itemId = page.url().split('/').pop()!;
    await page.getByText(number).first().waitFor();
    await fullShot(page, 'online-07-registered-item');

    const reg = await loginAs(h.app, 'dengji');
    const view = await reg.get(`/api/v1/items/${itemId}`);
    const item = view.body.item ?? view.body;
    assert.equal(item.channel, '网上投诉');
    let v = item.version as number;
    v = await step(await loginAs(h.app, 'shenhe'), itemId, v, {
      step: 'route',
      kind: '转送',
      unitId: h.people.units.zjj,
      assistUnitIds: [],
      note: '请核实处理',
    });
    const jb = await loginAs(h.app, 'zjj_jb');
    v = await step(jb, itemId, v, { step: 'confirm_receipt' });
    v = await step(jb, itemId, v, { step: 'accept' });
    v = await step(jb, itemId, v, {
      step: 'reply',
      facts: '经现场核查，路面塌陷属实。',
      basis: '《城市道路管理条例》第三十一条',
      answers: [
        { demandIndex: 0, outcome: '支持', explanation: '已安排养护单位于十日内修复' },
        { demandIndex: 1, outcome: '支持', explanation: '已设置警示标志和围挡' },
      ],
    });
    await step(jb, itemId, v, { step: 'serve' });

    const { page: pub } = await h.newPage();
    await pub.goto(`${h.base}/query`);
    await pub.getByTestId('query-code-input').fill(code);
    await pub.getByTestId('query-submit').click();
    await pub.getByTestId('query-result').waitFor();
    assert.equal(await pub.getByTestId('q-number').innerText(), number);
    const d0 = await pub.getByTestId('q-demand-0').innerText();
    assert.ok(d0.includes('已安排养护单位于十日内修复'), d0);
    // 补充材料 while the item is open: a note and a file; the page confirms and the progress lists it.
    await pub.getByTestId('supplement-note').fill('补充塌陷处的最新照片。');
    await pub
      .getByTestId('supplement-files-input')
      .setInputFiles({ name: '最新照片.pdf', mimeType: 'application/pdf', buffer: PDF });
    await pub.getByTestId('supplement-files-item').waitFor();
    await pub.getByTestId('supplement-submit').click();
    await pub.getByTestId('supplement-done').waitFor();
    await pub.getByText('您补充的 1 份材料已收到').first().waitFor();
    await fullShot(pub, 'online-07b-supplement');
    await pub.getByTestId('rating-choice').getByText('满意', { exact: true }).click();
    await pub.getByTestId('rating-comment').fill('修得很快');
    await pub.getByTestId('rating-submit').click();
    await pub.getByTestId('rating-thanks').waitFor();
    await fullShot(pub, 'online-08-answer-rated');
    // Every document addressed to the petitioner that this walk produced, downloaded from the page: each a Word
    // file naming the item, with no ID number in full. The documents of the later steps and those addressed to
    // units are read in the sibling walk over HTTP (test/document-walk.http.test.ts).
    const offered = await pub
      .getByTestId('q-documents')
      .locator('a[data-testid^="q-doc-"]')
      .evaluateAll((as) => as.map((a) => a.getAttribute('data-testid')!.slice('q-doc-'.length)));
    assert.deepEqual(offered, ['online_receipt', 'registration_receipt', 'accept_notice', 'opinion']);
    const fullId = syntheticValidId(3);
    for (const kind of offered) {
      const text = await downloadWord(pub, `q-doc-${kind}`, h.env.dir);
      assert.ok(text.includes(number), `${kind}: no item number`);
      assert.ok(!text.includes(fullId) && !text.includes('13900000301'), `${kind}: identity in full`);
      if (kind === 'opinion') assert.ok(text.includes('已安排养护单位于十日内修复'), text);
    }
    // 复查 online while the window is open: its last day and organ are shown; an empty request is refused in Chinese.
    const right = await pub.getByTestId('review-open').innerText();
    assert.match(right, /\d{4}年\d{1,2}月\d{1,2}日前.*区住建局的上一级行政机关或本级人民政府.*复查/, right);
    await pub.getByTestId('review-submit').click();
    const empty = await pub.getByTestId('review-error').innerText();
    assert.match(empty, /申请人/);
    assert.doesNotMatch(empty, /[A-Za-z]{3,}/);
    await pub.getByTestId('review-applicant').fill('赵在线');
    await pub.getByTestId('review-grounds').fill('路面修复标准过低，请求复查。');
    await pub.getByTestId('review-submit').click();
    const ack = await pub.getByTestId('review-ack').innerText();
    assert.match(ack, /复查申请已收到并登记/);
    assert.ok(ack.includes(number), ack);
    await fullShot(pub, 'online-09-review-requested');
    // The acknowledgement as a Word document, from the acknowledgement itself and (later) from the document list:
    // the item number, the day and way it was asked, the organ and its due date; the identity masked.
    const receipt = await downloadWord(pub, 'review-ack-docx', h.env.dir);
    assert.ok(receipt.includes('信访事项复查申请回执') && receipt.includes(number), receipt);
    assert.ok(receipt.includes('于2025年9月26日通过网上信访提出的复查申请已收到并登记'), receipt);
    assert.ok(receipt.includes('复查申请人：赵在线。') && receipt.includes('路面修复标准过低'), receipt);
    assert.ok(receipt.includes('由区人民政府依法办理') && receipt.includes('即2025年10月27日前'), receipt);
    assert.ok(!receipt.includes(fullId) && !receipt.includes('13900000301'), receipt);
    await pub.reload();
    await pub.getByTestId('q-doc-review_receipt').waitFor();
    const again = await downloadWord(pub, 'q-doc-review_receipt', h.env.dir);
    assert.equal(/区信访〔\d{4}〕\d+号/.exec(again)?.[0], /区信访〔\d{4}〕\d+号/.exec(receipt)?.[0], 'one 发文字号');
    const after = await reg.get(`/api/v1/items/${itemId}`);
    assert.equal((after.body.item ?? after.body).status, 'review');

    // The other submission is declined with a reason the petitioner reads.
    const list = (await reg.get('/api/v1/online/submissions')).body.submissions as any[];
    const spam = list.find((s) => s.title === '广告推广');
    assert.ok(spam);
    const rej = await reg.post(`/api/v1/online/submissions/${spam.id}/reject`, {
      version: spam.version,
      reason: '内容为商业推广，不属于信访事项。',
    });
    assert.equal(rej.status, 200);
    assert.deepEqual(h.pageErrors, []);
  });
});
