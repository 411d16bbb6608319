import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { idCheckChar } from '../../contract/id-number.ts';
import { applyStep } from '../../server/app/apply-step.ts';
import { registerItem } from '../../server/app/register-item.ts';
import { loginAs } from '../http-client.ts';
import { login, shot, skipReason, startHarness, until, type Harness } from './harness.ts';

const reason = skipReason();
if (reason) console.log(`# ${reason}`);

const PARKING =
  '锦绣花园小区开发商将地下车位捆绑销售，要求业主必须购买车位才能交房，车位价格过高，业主多次反映无果，请求相关部门查处。';
const OWNER_ID = `11010519750505001${idCheckChar('11010519750505001')}`;
const XSS_TITLE = '<img src=x onerror="window.__xss=1">';
const XSS_CONTENT = '<script>window.__xss=1</script>';

describe('web workbench in Chromium: registration suggestions, hot issues, security audit, no XSS', {
  skip: reason ?? false,
}, () => {
  let h: Harness;
  let xssId = '';

  before(async () => {
    h = await startHarness('2025-09-26');
    // A year of history: the compound's parking complaints, routed to 区住建局 (one owner has an ID number on file).
    const ctx = { actor: h.people.users.registrar, requestId: null };
    for (let i = 0; i < 5; i++) {
      const r = await registerItem(h.env.deps, ctx, {
        channel: '网上投诉',
        level: '区',
        receivedOn: '2025-09-10',
        registeredOn: '2025-09-10',
        headCount: i === 0 ? 6 : 1,
        petitioners: [
          i === 0
            ? { name: '赵业主', idNumber: OWNER_ID, idUnverified: false }
            : { name: `业主${i}`, idUnverified: false },
        ],
        representatives: [],
        title: `锦绣花园车位捆绑销售${i}`,
        content: `${PARKING}（第${i + 1}位业主）`,
        demands: ['停止捆绑销售'],
        classCode: '08.01',
        place: '锦绣花园小区',
        purpose: '求决',
        handlingClass: '申诉求决类',
        flags: [],
      });
      await applyStep(h.env.deps, { actor: h.people.users.reviewer, requestId: null }, r.item.id, 1, {
        step: 'route',
        on: '2025-09-12',
        kind: '转送',
        unitId: h.people.units.zjj,
        assistUnitIds: [],
        note: '',
      });
    }
  });
  after(async () => {
    await h?.close();
  });

  it('the registrar gets 智能建议 while typing, adopts the class with one click and confirms a repeat', async () => {
    const { page } = await h.newPage();
    await login(page, h.base, 'dengji', undefined, '/register');
    const menu = await page.locator('.ant-menu').innerText();
    assert.ok(!menu.includes('安全审计'), `registrar menu: ${menu}`);
    await page.locator('#f-title').waitFor();
    // nothing is asked for before there is enough text
    await page.locator('#f-title').fill('车位');
    await page.waitForTimeout(900);
    assert.equal(await page.getByTestId('suggest-classes').count(), 0, 'no suggestions under 10 characters');
    await page.locator('#f-title').fill('小区车位捆绑销售');
    await page
      .locator('#f-content')
      .pressSequentially('开发商要求业主必须购买地下车位才能交房，车位价格过高，业主多次反映无果。', { delay: 5 });
    const cls = page.getByTestId('suggest-classes').locator('[data-testid^="suggest-class-"]', { hasText: '城乡建设' });
    await cls.waitFor();
    // a suggestion is never applied by itself
    const classSelect = page.locator('.ant-select', { has: page.locator('#f-class') });
    assert.ok(!(await classSelect.innerText()).includes('城乡建设'), 'class not set before 采用');
    await cls.locator('[data-testid^="adopt-class-"]').click();
    // The office filed these items under 城乡建设/住房保障与房地产: its confirmed items decide the level.
    await classSelect.filter({ hasText: '住房保障与房地产' }).waitFor();
    await cls.getByText('已采用').waitFor();
    assert.ok(
      !(await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }))).includes('08.01'),
      'the draft stays in memory, not in the browser storage',
    );
    // lead unit hint and similar items from the history
    await page.getByTestId('suggest-units').getByText('区住建局').first().waitFor();
    await page.getByTestId('suggest-samematter').locator('a[target=_blank]').first().waitFor();
    // the same owner: earlier item of the same person, a possible repeat, the registrar decides
    const p0 = page.getByTestId('petitioner-0');
    await p0.getByPlaceholder('姓名').fill('赵业主');
    await p0.getByPlaceholder('身份证号码').fill(OWNER_ID);
    const notice = page.getByTestId('repeat-notice');
    await notice.waitFor();
    assert.match(await notice.innerText(), /可能为重件/);
    const earlierLink = page.getByTestId('suggest-sameperson').locator('a[target=_blank]').first();
    assert.match((await earlierLink.getAttribute('href')) ?? '', /^\/items\/[0-9a-f-]{36}$/);
    assert.equal(await earlierLink.getAttribute('rel'), 'noopener noreferrer');
    await notice.getByRole('button', { name: '确认重件' }).click();
    await page.getByTestId('repeat-choice').filter({ hasText: '已选择：按重件登记（关联 1 件）' }).waitFor();
    await page.getByTestId('demand-0').fill('停止捆绑销售车位');
    await shot(page, 'intel-01-register-suggestions');
    const posted = page.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/items');
    await page.getByTestId('register-submit').click();
    const body = (await posted).postDataJSON() as {
      classCode: string;
      repeat?: { isRepeat: boolean; earlierItemIds: string[] };
    };
    assert.equal(body.classCode, '08.01');
    assert.equal(body.repeat?.isRepeat, true);
    assert.equal(body.repeat?.earlierItemIds.length, 1);
    await Promise.race([
      page.getByTestId('register-done').waitFor(),
      page
        .getByTestId('register-error')
        .waitFor()
        .then(async () => {
          throw new Error(await page.getByTestId('register-error').innerText());
        }),
    ]);
    await page.getByTestId('register-done').getByText('系统判定为重复信访件').waitFor();
    // the registered item carries the adopted class and the registrar's repeat decision
    await page.getByRole('button', { name: '查看事项' }).click();
    await page.getByTestId('item-detail').waitFor();
    const detail = await page.getByTestId('item-detail').innerText();
    assert.ok(
      detail.includes('城乡建设') && detail.includes('重件') && detail.includes('锦绣花园车位捆绑销售0'),
      detail.slice(0, 600),
    );
  });

  it('without a 初件/重件 choice the registration omits `repeat` (the product decides)', async () => {
    const { page } = await h.newPage();
    await login(page, h.base, 'dengji', undefined, '/register');
    await page.getByTestId('petitioner-0').getByPlaceholder('姓名').fill('钱先生');
    await page.locator('#f-title').fill('学校门口道路拥堵');
    await page.locator('#f-content').fill('每天上下学时段学校门口道路严重拥堵，希望增设交通协管。');
    await page.getByTestId('suggest-classes').waitFor();
    await page.getByTestId('demand-0').fill('增设交通协管');
    const posted = page.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/items');
    await page.getByTestId('register-submit').click();
    const body = (await posted).postDataJSON() as Record<string, unknown>;
    assert.ok(!('repeat' in body), JSON.stringify(body));
    assert.equal(body.classCode, null, 'no class applied without 采用');
    await page.getByTestId('register-done').waitFor();
  });

  it("the leader sees the compound's parking dispute among the hot issues and drills down to its items", async () => {
    const { page } = await h.newPage();
    await login(page, h.base, 'lingdao', undefined, '/dashboard');
    const card = page.getByTestId('hotspots');
    const row = card.locator('.ant-table-row', { hasText: '锦绣花园' }).first();
    await row.waitFor();
    // Read from the stored result, with when it was computed.
    await card
      .getByTestId('hotspots-state')
      .filter({ hasText: /计算于 \d{4}/ })
      .waitFor();
    await row.locator('.ant-table-row-expand-icon').click();
    const items = card.getByTestId('hotspot-items');
    await items.waitFor();
    assert.ok((await items.locator('a[href^="/items/"]').count()) >= 5, 'every item of the cluster links to it');
    await card.scrollIntoViewIfNeeded();
    await shot(page, 'intel-02-dashboard-hotspots');
  });

  it('the auditor opens 安全审计, sees events, and verifies the hash chain', async () => {
    const { page } = await h.newPage();
    await login(page, h.base, 'shenji');
    const menu = await page.locator('.ant-menu').innerText();
    assert.ok(
      menu.includes('安全审计') && !menu.includes('信访登记') && !menu.includes('系统管理') && !menu.includes('工作台'),
      `auditor menu: ${menu}`,
    );
    // the audit log is the auditor's home screen
    await page.waitForURL(/\/audit$/);
    const table = page.getByTestId('audit-table');
    await table.locator('.ant-table-row', { hasText: '登录' }).first().waitFor();
    const first = await table.locator('.ant-table-row').first().innerText();
    assert.match(first, /\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/, 'time with seconds');
    // filter by action prefix
    await page.getByTestId('audit-action').locator('input').fill('item.register');
    await page.getByRole('button', { name: /查\s*询/ }).click();
    // the table keeps the previous page while the filtered one loads: wait until only registrations are listed
    let actions: string[] = [];
    await until(
      page,
      async () => {
        actions = await table.locator('.ant-table-row').allInnerTexts();
        return actions.length > 0 && actions.every((t) => t.includes('登记事项'));
      },
      'only registrations listed',
    );
    assert.ok(
      actions.length > 0 && actions.every((t) => t.includes('登记事项') && !t.includes('item.register')),
      actions.join('\n'),
    );
    await page.getByRole('button', { name: /重\s*置/ }).click();
    await page.getByTestId('verify-chain').click();
    const res = page.getByTestId('verify-result');
    await res.waitFor();
    assert.match(await res.innerText(), /审计日志完整：已校验 [\d,]+ 条记录/);
    await page.mouse.move(600, 700);
    await shot(page, 'intel-03-audit');
    // other roles do not get the screen
    const { page: p2 } = await h.newPage();
    await login(p2, h.base, 'shenhe', undefined, '/audit');
    await p2.getByText('页面不存在，或您无权使用此功能').waitFor();
  });

  it('markup in a title and content is shown as text, never run (detail and list)', async () => {
    const api = await loginAs(h.app, 'dengji');
    const r = await api.post('/api/v1/items', {
      channel: '来信',
      level: '区',
      receivedOn: '2025-09-26',
      petitioners: [{ name: '测试人', idUnverified: false }],
      headCount: 1,
      representatives: [],
      title: XSS_TITLE,
      content: XSS_CONTENT,
      demands: ['<b>诉求</b>'],
      purpose: '求决',
      handlingClass: '申诉求决类',
      flags: [],
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    xssId = r.body.item.id;
    const { page } = await h.newPage();
    await login(page, h.base, 'dengji', undefined, `/items/${xssId}`);
    await page.getByTestId('item-detail').waitFor();
    await page.getByText(XSS_CONTENT, { exact: true }).waitFor();
    assert.equal(await page.getByTestId('item-detail').locator('h4').first().innerText(), XSS_TITLE);
    assert.equal(await page.locator('#root img[src="x"], #root script').count(), 0, 'no element injected');
    assert.equal(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss), undefined);
    await shot(page, 'intel-04-xss-detail');
    await page.locator('.ant-menu').getByText('事项列表').click();
    const row = page.locator('.ant-table-row', { hasText: XSS_TITLE });
    await row.waitFor();
    assert.ok((await row.innerText()).includes(XSS_TITLE));
    assert.equal(await page.locator('#root img[src="x"]').count(), 0);
    await shot(page, 'intel-05-xss-list');
    // and in the registration panel's similar items
    await page.locator('.ant-menu').getByText('信访登记').click();
    await page.locator('#f-title').fill(XSS_TITLE);
    await page.locator('#f-content').fill(XSS_CONTENT);
    // the earlier item with the same markup is listed among the similar items, as text
    await page.getByTestId('suggest-samematter').getByText(XSS_TITLE, { exact: true }).waitFor();
    assert.equal(await page.locator('#root img[src="x"]').count(), 0);
    assert.equal(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss), undefined);
    await shot(page, 'intel-06-xss-register');
  });

  it('no page threw an uncaught error or hit the CSP', () => {
    assert.deepEqual(h.pageErrors, []);
  });
});
