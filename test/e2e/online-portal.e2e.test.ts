import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import PizZip from 'pizzip';
import { DOC_KIND_LABELS, type DocKind } from '../../contract/documents.ts';
import { docxText } from '../../server/documents/docx-text.ts';
import { setSetting } from '../../server/store/settings.store.ts';
import { loginAs, type Client } from '../http-client.ts';
import { onlineForm, submitAndRegister, syntheticValidId } from '../online-fixture.ts';
import { login, SCREENS, skipReason, startHarness, until, type Harness } from './harness.ts';

const reason = skipReason();
if (reason) console.log(`# ${reason}`);

async function fullShot(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('networkidle').catch(() => {});
  await page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: true });
}

/** The kinds of document read back in this walk (from the file name the server gives: `<label>-<…>.docx`). */
const readKinds = new Set<DocKind>();
let downloads = 0;
const KIND_BY_LABEL = new Map(Object.entries(DOC_KIND_LABELS).map(([k, label]) => [label, k as DocKind]));
const DOCS = join(SCREENS, '..', 'documents');

/**
 * Downloads the Word document behind a link or button as its reader does, and checks it is a Word file (a zip
 * package declaring the WordprocessingML main part, with a body): returns its text. A copy is kept under
 * test-artifacts/documents/ for rendering and reading as pages.
 */
async function downloadWord(page: Page, testId: string, dir: string): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const name = download.suggestedFilename();
  assert.match(name, /\.docx$/);
  const kind = KIND_BY_LABEL.get(name.split('-')[0]!);
  assert.ok(kind, `${testId}: the file name ${name} names no document kind`);
  readKinds.add(kind);
  const file = join(dir, `download-${testId}.docx`);
  await download.saveAs(file);
  mkdirSync(DOCS, { recursive: true });
  downloads += 1;
  copyFileSync(file, join(DOCS, `online-walk-${String(downloads).padStart(2, '0')}-${kind}.docx`));
  const buf = await readFile(file);
  const zip = new PizZip(buf);
  assert.match(zip.file('[Content_Types].xml')?.asText() ?? '', /wordprocessingml\.document\.main\+xml/);
  const text = docxText(new Uint8Array(buf));
  assert.ok(text.trim().length > 0, `${testId}: the document has no text`);
  return text;
}

const PHONE = '13900000301';
const FULL_ID = syntheticValidId(3);

/** The 发文字号 of a document (one per document, the same on every reader's copy). */
const docNo = (text: string) => /[\u4e00-\u9fa5]+〔\d{4}〕\d+号/.exec(text)?.[0];

/** What every formal copy says: the item number, a 发文字号, the 成文日期 last, no ISO date; returns the 发文字号. */
function formal(text: string, what: string, itemNumber: string, date: string): string {
  assert.ok(text.includes(itemNumber), `${what}: the item number`);
  assert.ok(docNo(text), `${what}: a 发文字号`);
  assert.match(text, new RegExp(`${date}\\s*$`), `${what}: 成文日期 ${date}`);
  assert.doesNotMatch(text, /\d{4}-\d{2}-\d{2}/, `${what}: no ISO date`);
  return docNo(text)!;
}

/** The petitioner's copy by query code: addressed by name, the ID number and phone never in full. */
function petitionerCopy(text: string, what: string): void {
  assert.ok(!text.includes(FULL_ID) && !text.includes(PHONE), `${what}: the identity in full`);
  assert.ok(text.includes('赵在线'), `${what}: addressed by name`);
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
  let itemId = '';
  let reg: Client, rev: Client, zjj: Client;
  const pages = new Map<string, Page>();

  /** A staff member's browser page, signed in once. */
  async function staff(username: string): Promise<Page> {
    let page = pages.get(username);
    if (!page) {
      page = (await h.newPage()).page;
      await login(page, h.base, username);
      pages.set(username, page);
    }
    return page;
  }

  /** The petitioner's browser page (one context for the whole walk). */
  async function publicPage(): Promise<Page> {
    let page = pages.get('');
    if (!page) {
      page = (await h.newPage()).page;
      pages.set('', page);
    }
    return page;
  }

  async function openByCode(page: Page, queryCode: string): Promise<void> {
    await page.goto(`${h.base}/query`);
    await page.getByTestId('query-code-input').fill(queryCode);
    await page.getByTestId('query-submit').click();
    await page.getByTestId('query-result').waitFor();
  }

  /** A step on the item on day `today` (the clock moves there), at the item's current version. */
  async function step(c: Client, today: string, input: Record<string, unknown>, id = itemId): Promise<void> {
    h.env.setToday(today);
    const cur = (await rev.get(`/api/v1/items/${id}`)).body;
    const version = (cur.item ?? cur).version as number;
    const r = await c.post(`/api/v1/items/${id}/steps`, { version, input: { on: today, ...input } });
    assert.equal(r.status, 200, `${String(input.step)}: ${JSON.stringify(r.body)}`);
  }

  /** Another matter of the same petitioner through the public form, registered by the registrar. */
  async function submitOnline(title: string, content: string) {
    return submitAndRegister(
      h.app,
      reg,
      onlineForm({ name: '赵在线', idNumber: FULL_ID, phone: PHONE, title, content }),
    );
  }

  before(async () => {
    // The walk moves the clock across five months: sessions outlive it.
    h = await startHarness('2025-09-26', { idleMinutes: 60 * 24 * 3650 });
    rmSync(DOCS, { recursive: true, force: true }); // only this run's copies
    // All submissions come from 127.0.0.1 with one phone; the limits themselves are tested over HTTP.
    await setSetting(h.env.deps.db, 'online_limits', {
      perClientPerMinute: 100,
      perClientPerDay: 100,
      perPhonePerDay: 10,
    });
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

  it('受理登记 as 网上投诉 (登记回执); 转送函 read by the unit it goes to; 交办单 after that unit objects', async () => {
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
    itemId = page.url().split('/').pop()!;
    await page.getByText(number).first().waitFor();
    await fullShot(page, 'online-07-registered-item');
    reg = await loginAs(h.app, 'dengji');
    rev = await loginAs(h.app, 'shenhe');
    zjj = await loginAs(h.app, 'zjj_jb');
    const view = await reg.get(`/api/v1/items/${itemId}`);
    assert.equal((view.body.item ?? view.body).channel, '网上投诉');
    // The 登记回执 from the item page, as the registrar prints it: the identity in full for her.
    const receipt = await downloadWord(page, 'doc-registration_receipt', h.env.dir);
    formal(receipt, '登记回执', number, '2025年9月26日');
    assert.ok(receipt.includes('赵在线'), receipt);

    await step(rev, '2025-09-29', { step: 'route', kind: '转送', unitId: h.people.units.scj, note: '请依法处理' });
    const scjPage = await staff('scj_jb');
    await scjPage.goto(`${h.base}/items/${itemId}`);
    const letter = await downloadWord(scjPage, 'doc-transfer_letter', h.env.dir);
    formal(letter, '转送函', number, '2025年9月29日');
    assert.ok(letter.includes('区市场监管局：') && letter.includes(`联系电话：${PHONE}`), letter);
    assert.ok(letter.includes('2025年9月29日，现将该信访事项转送你单位依法处理'), letter);
    assert.ok(letter.includes('15日内（2025年10月14日前）决定是否受理'), letter);

    await step(await loginAs(h.app, 'scj_jb'), '2025-09-30', { step: 'object', reason: '道路养护不属于本单位职责' });
    await step(rev, '2025-10-09', {
      step: 'route',
      kind: '交办',
      unitId: h.people.units.zjj,
      assistUnitIds: [],
      note: '请核查路面塌陷原因并组织修复',
    });
    const zjjPage = await staff('zjj_jb');
    await zjjPage.goto(`${h.base}/items/${itemId}`);
    const order = await downloadWord(zjjPage, 'doc-assignment', h.env.dir);
    formal(order, '交办单', number, '2025年10月9日');
    assert.ok(order.includes('区住建局：') && order.includes('赵在线'), order);
    assert.ok(order.includes('2025年10月9日，现将该信访事项交由你单位办理'), order);
    assert.ok(order.includes('15日内（2025年10月24日前）') && order.includes('请核查路面塌陷原因并组织修复。'), order);
    await step(zjj, '2025-10-09', { step: 'confirm_receipt' });
    await step(zjj, '2025-10-09', { step: 'accept' });
  });

  it('不予受理 and 导入法律程序 on two more items of the petitioner: each notice read by its query code', async () => {
    // Two more matters of the same petitioner, sent through the public form on the day of the first.
    h.env.setToday('2025-09-26');
    const b = await submitOnline('小区停车位纠纷', '物业公司出售地下车位产生纠纷，请求处理。');
    const c = await submitOnline('工程款纠纷', '某公司拖欠本人工程款十二万元，多次催要未果。');
    await step(rev, '2025-09-29', { step: 'route', kind: '转送', unitId: h.people.units.zjj, note: '' }, b.id);
    await step(zjj, '2025-10-10', { step: 'decline', kind: '不予受理', reason: '该纠纷已由区人民法院立案受理' }, b.id);
    await step(
      rev,
      '2025-09-29',
      {
        step: 'route',
        kind: '导入法律程序',
        legal: {
          channel: '诉讼',
          organ: '区人民法院',
          noticeText: '所反映的工程款纠纷属于民事争议，应当通过民事诉讼解决',
        },
      },
      c.id,
    );
    h.env.setToday('2025-10-10');
    const pub = await publicPage();
    await openByCode(pub, b.code);
    const decline = await downloadWord(pub, 'q-doc-decline_notice', h.env.dir);
    formal(decline, '不予受理告知书', b.number, '2025年10月10日');
    petitionerCopy(decline, '不予受理告知书');
    assert.ok(decline.startsWith('区住建局'), 'issued by the unit that decided');
    assert.ok(
      decline.includes('您于2025年9月26日提出的信访事项（小区停车位纠纷），经审查，该纠纷已由区人民法院立案受理。'),
      decline,
    );
    assert.ok(decline.includes('本机关决定不予受理'), decline);
    await fullShot(pub, 'online-06b-declined-by-code');
    // The page reloads with the code kept in the tab (b's) and looks it up again; the petitioner types c's code and
    // asks before that answer is back. Held back, the stale answer must neither overwrite the typed code nor the
    // answer asked for.
    const stale = `**/api/v1/public/items/${b.code}`;
    let release = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    await pub.route(stale, async (route) => {
      await held;
      await route.continue();
    });
    const staleAnswer = pub.waitForResponse((r) => r.url().endsWith(`/api/v1/public/items/${b.code}`));
    await openByCode(pub, c.code);
    const shown = pub.getByTestId('q-number');
    await until(pub, async () => (await shown.count()) > 0 && (await shown.innerText()) === c.number, 'c shown');
    release();
    await staleAnswer;
    await pub.unroute(stale);
    await pub.getByTestId('q-doc-legal_channel_notice').waitFor();
    assert.equal(await pub.getByTestId('q-number').innerText(), c.number, 'the stale lookup did not win');
    const legal = await downloadWord(pub, 'q-doc-legal_channel_notice', h.env.dir);
    formal(legal, '导入法律程序告知书', c.number, '2025年9月29日');
    petitionerCopy(legal, '导入法律程序告知书');
    assert.ok(legal.includes('区人民法院') && legal.includes('诉讼'), legal);
    assert.ok(legal.includes('所反映的工程款纠纷属于民事争议，应当通过民事诉讼解决'), legal);
    // The bureau's copy from the item page names the petitioner in full.
    const revPage = await staff('shenhe');
    await revPage.goto(`${h.base}/items/${c.id}`);
    const legalStaff = await downloadWord(revPage, 'doc-legal_channel_notice', h.env.dir);
    assert.equal(docNo(legalStaff), docNo(legal), 'one 发文字号 for every copy');
    assert.ok(legalStaff.includes('赵在线'), legalStaff);
  });

  it('延期办理告知书, 督办单, 会议通知 and 会议纪要 at their steps (2025-11-20 … 11-26)', async () => {
    await step(zjj, '2025-11-20', { step: 'request_extension', days: 30, reason: '需委托检测机构评估路基' });
    await step(await loginAs(h.app, 'zjj_fz'), '2025-11-21', {
      step: 'decide_extension',
      approve: true,
      note: '同意',
      notifiedOn: '2025-11-21',
      noticeReason: '需委托检测机构对塌陷路段路基进行安全评估',
    });
    const zjjPage = await staff('zjj_jb');
    await zjjPage.goto(`${h.base}/items/${itemId}`);
    const ext = await downloadWord(zjjPage, 'doc-extension_notice', h.env.dir);
    formal(ext, '延期办理告知书', number, '2025年11月21日');
    assert.ok(ext.startsWith('区住建局'), 'issued by the unit handling it');
    assert.ok(ext.includes('本机关已于2025年10月9日受理，原应于2025年12月8日前办结'), ext);
    assert.ok(ext.includes('需委托检测机构对塌陷路段路基进行安全评估'), ext);
    assert.ok(ext.includes('办理期限延长30日，本机关将于2026年1月7日前办结'), ext);

    h.env.setToday('2025-11-25');
    const sup = await rev.post('/api/v1/supervisions', {
      kind: '文书督办',
      itemIds: [itemId],
      reason: '路面塌陷时间较长，存在安全隐患',
      requirements: '请加快评估进度，尽快完成修复',
      unitId: h.people.units.zjj,
      addresseeUserId: h.people.users.zjjHandler.userId,
      issuedOn: '2025-11-25',
      dueOn: '2025-12-05',
    });
    assert.equal(sup.status, 201, JSON.stringify(sup.body));
    const revPage = await staff('shenhe');
    await revPage.goto(`${h.base}/supervisions/${sup.body.id}`);
    const orderDoc = await downloadWord(revPage, 'sv-order-doc', h.env.dir);
    assert.equal(formal(orderDoc, '督办单', number, '2025年11月25日'), sup.body.number, 'the 督办 number');
    assert.ok(orderDoc.includes('区住建局：') && orderDoc.includes('请加快评估进度，尽快完成修复'), orderDoc);
    assert.ok(orderDoc.includes('请你单位于2025年12月5日前将办理情况书面报送本机关'), orderDoc);
    assert.ok(orderDoc.includes('该事项应当于2026年1月7日前办结'), 'the due date after the extension');

    h.env.setToday('2025-11-26');
    const made = await rev.post('/api/v1/meetings', {
      kind: '协调会',
      title: '幸福路路面塌陷问题协调会',
      date: '2025-11-26',
      time: '09:30',
      place: '区政府三楼第一会议室',
      convenorUserId: h.people.users.leader.userId,
      convenorName: '刘副区长',
      memberUnitIds: [h.people.units.zjj, h.people.units.scj],
      agenda: [{ title: '幸福路塌陷路段修复', itemIds: [itemId] }],
    });
    assert.equal(made.status, 200, JSON.stringify(made.body));
    await revPage.goto(`${h.base}/meetings/${made.body.id}`);
    const notice = await downloadWord(revPage, 'meeting-doc-notice', h.env.dir);
    assert.ok(notice.includes('幸福路路面塌陷问题协调会') && notice.includes('区政府三楼第一会议室'), notice);
    assert.ok(notice.includes('2025年11月26日') && notice.includes(number), notice);
    assert.doesNotMatch(notice, /\d{4}-\d{2}-\d{2}/);
    const minutes = await rev.post(`/api/v1/meetings/${made.body.id}/minutes`, {
      version: made.body.version,
      minutes: '会议听取了区住建局关于幸福路塌陷路段的情况汇报。',
      decisions: [
        {
          text: '由区住建局于评估完成后十日内修复路面',
          tasks: [{ text: '完成修复并书面反馈', ownerUnitId: h.people.units.zjj, dueOn: '2025-12-19' }],
        },
      ],
    });
    assert.equal(minutes.status, 200, JSON.stringify(minutes.body));
    await revPage.reload();
    const minutesDoc = await downloadWord(revPage, 'meeting-doc-minutes', h.env.dir);
    assert.ok(minutesDoc.includes('（一）由区住建局于评估完成后十日内修复路面。'), 'the decision, numbered （一）');
    assert.ok(minutesDoc.includes('完成修复并书面反馈') && minutesDoc.includes('2025年12月19日'), minutesDoc);
    assert.doesNotMatch(minutesDoc, /\d{4}-\d{2}-\d{2}/);
  });

  it('answered and served; the petitioner reads every notice, adds materials, rates and asks for 复查', async () => {
    await step(zjj, '2025-12-20', {
      step: 'reply',
      facts: '经现场核查，路面塌陷属实。',
      basis: '《城市道路管理条例》第三十一条',
      answers: [
        { demandIndex: 0, outcome: '支持', explanation: '已安排养护单位于十日内修复' },
        { demandIndex: 1, outcome: '支持', explanation: '已设置警示标志和围挡' },
      ],
    });
    await step(zjj, '2025-12-22', { step: 'serve' });

    h.env.setToday('2025-12-29');
    const pub = await publicPage();
    await openByCode(pub, code);
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
    // Every document addressed to the petitioner so far, downloaded from the page: none offers the unit documents.
    const offered = await pub
      .getByTestId('q-documents')
      .locator('a[data-testid^="q-doc-"]')
      .evaluateAll((as) => as.map((a) => a.getAttribute('data-testid')!.slice('q-doc-'.length)));
    assert.deepEqual(offered, [
      'online_receipt',
      'registration_receipt',
      'accept_notice',
      'extension_notice',
      'opinion',
    ]);
    const texts: Record<string, string> = {};
    for (const kind of offered) {
      texts[kind] = await downloadWord(pub, `q-doc-${kind}`, h.env.dir);
      petitionerCopy(texts[kind]!, kind);
      assert.ok(texts[kind]!.includes(number), `${kind}: no item number`);
    }
    formal(texts.accept_notice!, '受理告知书', number, '2025年10月9日');
    assert.ok(texts.accept_notice!.startsWith('区住建局'), texts.accept_notice);
    formal(texts.extension_notice!, '延期办理告知书 (public)', number, '2025年11月21日');
    const opinion = texts.opinion!;
    formal(opinion, '处理意见书', number, '2025年12月20日');
    assert.ok(opinion.includes('已安排养护单位于十日内修复') && opinion.includes('已设置警示标志和围挡'), opinion);
    assert.ok(opinion.includes('《城市道路管理条例》第三十一条'), 'the legal basis');
    assert.ok(opinion.includes('30日内') && opinion.includes('区人民政府') && opinion.includes('复查'), opinion);
    // 复查 online while the window is open: its last day and the organ the opinion names; an empty request is
    // refused in Chinese.
    const right = await pub.getByTestId('review-open').innerText();
    assert.match(right, /2026年1月\d{1,2}日前.*向区人民政府申请复查/, right);
    await pub.getByTestId('review-submit').click();
    const empty = await pub.getByTestId('review-error').innerText();
    assert.match(empty, /申请人/);
    assert.doesNotMatch(empty, /[A-Za-z]{3,}/);
    await pub.getByTestId('review-applicant').fill('赵在线');
    await pub.getByTestId('review-grounds').fill('路面修复标准过低，请求复查。');
    await pub.getByTestId('review-submit').click();
    const ack = await pub.getByTestId('review-ack').innerText();
    assert.match(ack, /复查申请已收到并登记.*由区人民政府办理/s);
    assert.ok(ack.includes(number), ack);
    await fullShot(pub, 'online-09-review-requested');
    // The acknowledgement as a Word document, from the acknowledgement itself and (later) from the document list.
    const receipt = await downloadWord(pub, 'review-ack-docx', h.env.dir);
    formal(receipt, '复查申请回执', number, '2025年12月29日');
    petitionerCopy(receipt, '复查申请回执');
    assert.ok(receipt.includes('信访事项复查申请回执'), receipt);
    assert.ok(receipt.includes('于2025年12月29日通过网上信访提出的复查申请已收到并登记'), receipt);
    assert.ok(receipt.includes('复查申请人：赵在线。') && receipt.includes('路面修复标准过低'), receipt);
    assert.ok(receipt.includes('由区人民政府依法办理') && receipt.includes('即2026年1月28日前'), receipt);
    await pub.reload();
    await pub.getByTestId('q-doc-review_receipt').waitFor();
    const again = await downloadWord(pub, 'q-doc-review_receipt', h.env.dir);
    assert.equal(docNo(again), docNo(receipt), 'one 发文字号');
    const after = await reg.get(`/api/v1/items/${itemId}`);
    assert.equal((after.body.item ?? after.body).status, 'review');

    // The 360 px submission is declined with a reason the petitioner reads.
    const list = (await reg.get('/api/v1/online/submissions')).body.submissions as any[];
    const spam = list.find((x) => x.title === '广告推广');
    assert.ok(spam);
    const rej = await reg.post(`/api/v1/online/submissions/${spam.id}/reject`, {
      version: spam.version,
      reason: '内容为商业推广，不属于信访事项。',
    });
    assert.equal(rej.status, 200);
  });

  it('复查意见书, 复核 asked online, 复核意见书, and 不再受理 of the same matter sent again (2026)', async () => {
    await step(rev, '2026-01-20', {
      step: 'decide_review',
      outcome: '维持',
      opinion: '原处理意见认定事实清楚，处理适当',
    });
    const revPage = await staff('shenhe');
    await revPage.goto(`${h.base}/items/${itemId}`);
    const staffOpinion = await downloadWord(revPage, 'doc-review_opinion', h.env.dir);
    assert.ok(staffOpinion.includes('赵在线'), 'the bureau reads the name in full');
    await step(reg, '2026-01-21', { step: 'serve_decision' });

    h.env.setToday('2026-02-02');
    const pub = await publicPage();
    await openByCode(pub, code);
    const review = await downloadWord(pub, 'q-doc-review_opinion', h.env.dir);
    assert.equal(formal(review, '复查意见书', number, '2026年1月20日'), docNo(staffOpinion), 'one 发文字号');
    petitionerCopy(review, '复查意见书');
    assert.ok(review.startsWith('区人民政府'), 'issued by the 复查 organ');
    assert.ok(review.includes('区住建局于2025年12月20日作出处理意见'), review);
    assert.ok(review.includes('于2025年12月29日提出复查请求'), review);
    assert.ok(review.includes('原处理意见认定事实清楚，处理适当。') && review.includes('决定维持原处理意见'), review);
    assert.ok(review.includes('30日内向市人民政府请求复核'), review);
    // 复核 online, inside its window, from the same page.
    const right = await pub.getByTestId('review-open').innerText();
    assert.match(right, /2026年\d{1,2}月\d{1,2}日前.*向市人民政府申请复核/, right);
    await pub.getByTestId('review-applicant').fill('赵在线');
    await pub.getByTestId('review-grounds').fill('不服复查意见，请求复核。');
    await pub.getByTestId('review-submit').click();
    assert.match(await pub.getByTestId('review-ack').innerText(), /复核申请已收到并登记.*由市人民政府办理/s);
    const rreceipt = await downloadWord(pub, 'review-ack-docx', h.env.dir);
    formal(rreceipt, '复核申请回执', number, '2026年2月2日');
    petitionerCopy(rreceipt, '复核申请回执');
    assert.ok(rreceipt.includes('区人民政府于2026年1月20日作出复查意见'), rreceipt);
    assert.ok(rreceipt.includes('于2026年2月2日通过网上信访提出的复核申请'), rreceipt);
    assert.ok(rreceipt.includes('由市人民政府依法办理') && rreceipt.includes('即2026年3月4日前'), rreceipt);

    // The 复核 is decided by the city government; the bureau records it with the city's document.
    const file = await rev.upload!(
      `/api/v1/items/${itemId}/attachments`,
      '复核意见书.pdf',
      new TextEncoder().encode('%PDF-1.4\n%复核\n'),
      'application/pdf',
    );
    assert.equal(file.status, 201, JSON.stringify(file.body));
    await step(rev, '2026-02-27', {
      step: 'decide_rereview',
      outcome: '维持',
      opinion: '复查意见认定事实清楚，予以维持',
      source: 'outside',
      organ: { name: '市人民政府' },
      document: { number: '市复核〔2026〕5号', attachmentId: file.body.id },
    });
    await pub.reload();
    const rereview = await downloadWord(pub, 'q-doc-rereview_opinion', h.env.dir);
    formal(rereview, '复核意见书', number, '2026年2月27日');
    petitionerCopy(rereview, '复核意见书');
    assert.ok(rereview.startsWith('市人民政府'), 'issued by the 复核 organ');
    assert.ok(rereview.includes('于2026年2月2日提出复核请求') && rereview.includes('复核结论：维持。'), rereview);
    await fullShot(pub, 'online-10-rereview-decided');

    // The same matter sent again after the 复核: the bureau decides 不再受理, the petitioner reads why.
    h.env.setToday('2026-03-02');
    const d = await submitOnline('幸福路路面塌陷再次反映', '仍就幸福路路面修复标准提出同样的请求。');
    await step(rev, '2026-03-02', { step: 'route', kind: '不再受理', note: '该事项已于2026年2月27日经复核终结' }, d.id);
    await openByCode(pub, d.code);
    const again = await downloadWord(pub, 'q-doc-no_reaccept_notice', h.env.dir);
    formal(again, '不再受理告知书', d.number, '2026年3月2日');
    petitionerCopy(again, '不再受理告知书');
    assert.ok(again.startsWith('区信访局'), 'issued by the bureau that decided');
    assert.ok(again.includes('您于2026年3月2日提出的信访事项（幸福路路面塌陷再次反映）'), again);
    assert.ok(again.includes('该事项已于2026年2月27日经复核终结。') && again.includes('本机关决定不再受理'), again);
    // Every kind of the list was generated and read back in this walk.
    assert.deepEqual(
      [...readKinds].sort(),
      [
        'accept_notice',
        'assignment',
        'decline_notice',
        'extension_notice',
        'legal_channel_notice',
        'meeting_notice',
        'meeting_minutes',
        'no_reaccept_notice',
        'online_receipt',
        'opinion',
        'registration_receipt',
        'rereview_opinion',
        'rereview_receipt',
        'review_opinion',
        'review_receipt',
        'supervision_order',
        'transfer_letter',
      ].sort(),
    );
    assert.deepEqual(h.pageErrors, []);
  });
});
