import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { idCheckChar } from '../../contract/id-number.ts';
import { computeDeadline, DEFAULT_RULES } from '../../server/domain/deadline.ts';
import { loadCalendar } from '../../server/app/context.ts';
import { login, shot, skipReason, startHarness, type Harness } from './harness.ts';

const reason = skipReason();
if (reason) console.log(`# ${reason}`);

const TITLE = '幸福里小区六位业主反映物业乱收停车费';
const ID1 = `11010519800101002${idCheckChar('11010519800101002')}`;

describe('web workbench in Chromium: register → route → receive → accept → extend → reply → bureau review', {
  skip: reason ?? false,
}, () => {
  let h: Harness;
  let itemUrl = '';
  let itemNumber = '';

  before(async () => {
    h = await startHarness('2025-09-26');
  });
  after(async () => {
    await h?.close();
  });

  /** Opens a step's modal on the detail page, fills it with `fill`, submits and waits for the modal to close. */
  async function doStep(
    page: Page,
    step: string,
    fill: (modal: ReturnType<Page['locator']>) => Promise<void> = async () => {},
    screenshot?: string,
  ) {
    await page.getByTestId(`step-${step}`).click();
    const modal = page.locator('.ant-modal').filter({ has: page.getByTestId(`step-form-${step}`) });
    await modal.waitFor();
    // let the zoom-in animation finish so that clicks land where they are aimed
    await page
      .locator('.ant-modal.ant-zoom-appear, .ant-modal.ant-zoom-enter')
      .waitFor({ state: 'detached' })
      .catch(() => {});
    await fill(modal);
    if (screenshot) await shot(page, screenshot);
    await modal.getByTestId('step-submit').click();
    const err = modal.getByTestId('step-error');
    await Promise.race([
      modal.waitFor({ state: 'hidden' }),
      err.waitFor().then(async () => {
        throw new Error(`步骤 ${step} 失败：${await err.innerText()}`);
      }),
    ]);
    await page
      .getByTestId(`step-${step}`)
      .waitFor({ state: 'detached' })
      .catch(() => {});
  }

  it('login shows the API message for a wrong password', async () => {
    const { page } = await h.newPage();
    await page.goto(h.base + '/');
    await page.locator('#login-username').fill('dengji');
    await page.locator('#login-password').fill('wrong-password');
    await page.locator('button[type=submit]').click();
    const msg = await page.getByTestId('login-error').innerText();
    assert.match(msg, /用户名或密码错误/);
    await shot(page, '01-login-error');
  });

  it('the registrar registers a 6-person visit with two named petitioners through the form', async () => {
    const { page } = await h.newPage();
    await login(page, h.base, 'dengji');
    await shot(page, '02-workbench-registrar');
    const menu = await page.locator('.ant-menu').innerText();
    assert.ok(menu.includes('信访登记') && !menu.includes('系统管理'), `registrar menu: ${menu}`);
    await page.locator('.ant-menu').getByText('信访登记').click();
    await page.locator('#f-title').waitFor();
    await page.locator('#f-headcount').fill('6');
    const p0 = page.getByTestId('petitioner-0');
    await p0.getByPlaceholder('姓名').fill('王建国');
    await p0.getByPlaceholder('身份证号码').fill(ID1);
    await p0.getByPlaceholder('联系电话').fill('13800001234');
    await p0.getByPlaceholder('住址').fill('城关街道幸福里小区3栋');
    await page.getByTestId('add-petitioner').click();
    const p1 = page.getByTestId('petitioner-1');
    await p1.getByPlaceholder('姓名').fill('李秀英');
    await p1.getByPlaceholder('身份证号码').fill('110105198001010099');
    await p1.getByText('号码未核验').click();
    await p1.getByPlaceholder('联系电话').fill('13900005678');
    await page.locator('#f-content').fill('幸福里小区物业公司自2025年起擅自上调停车费，六位业主多次反映无果。');
    await page.getByTestId('demand-0').fill('停止违规收费');
    await page.getByTestId('add-demand').click();
    await page.getByTestId('demand-1').fill('退还多收费用');
    // class picker by pinyin initials
    await page.locator('#f-class').click();
    await page.locator('#f-class').fill('yqjf');
    await page.locator('.ant-select-tree-title', { hasText: '逾期交房' }).click();
    await page.locator('#f-title').fill(TITLE);
    // the draft (ID numbers, phones) never reaches the shared computer's storage
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
    assert.ok(!stored.includes('王建国') && !stored.includes(ID1), `no draft in browser storage: ${stored}`);
    await shot(page, '03-register-form');
    await page.locator('#f-title').press('Control+Enter');
    const done = page.getByTestId('register-done');
    await Promise.race([
      done.waitFor(),
      page
        .getByTestId('register-error')
        .waitFor()
        .then(async () => {
          throw new Error(await page.getByTestId('register-error').innerText());
        }),
    ]);
    itemNumber = (await page.getByTestId('item-number').innerText()).trim();
    assert.match(itemNumber, /^区信〔2025〕\d{5}号$/);
    assert.match((await page.getByTestId('query-code').innerText()).trim(), /^[A-Z2-9]{10}$/);
    await shot(page, '04-register-done');
    await page.getByRole('button', { name: '查看事项' }).click();
    await page.getByTestId('item-detail').waitFor();
    itemUrl = new URL(page.url()).pathname;
    assert.match(itemUrl, /^\/items\/[0-9a-f-]{36}$/);
    await page.getByTestId('step-route').waitFor();
    assert.equal(await page.locator('[data-testid="detail-status"]').innerText(), '待交转');
  });

  it('typing a known ID number in a new registration shows the earlier item', async () => {
    const { page } = await h.newPage();
    await login(page, h.base, 'dengji', undefined, '/register');
    await page.getByTestId('petitioner-0').getByPlaceholder('身份证号码').fill(ID1);
    const alert = page.getByTestId('repeat-alert');
    await alert.waitFor();
    assert.ok((await alert.innerText()).includes(itemNumber));
  });

  it('the bureau reviewer routes it to 区住建局 (转送)', async () => {
    const { page } = await h.newPage();
    await login(page, h.base, 'shenhe');
    await page.locator('.ant-menu').getByText('事项列表').click();
    await page.locator('.ant-table-row', { hasText: TITLE }).waitFor();
    await shot(page, '05-item-list');
    await page.locator('.ant-table-row', { hasText: TITLE }).getByRole('link', { name: itemNumber }).click();
    await page.getByTestId('item-detail').waitFor();
    await shot(page, '06-detail-reviewer-before-route');
    await doStep(
      page,
      'route',
      async (modal) => {
        await modal.getByText('转送', { exact: true }).click();
        await modal.getByLabel('责任单位', { exact: true }).click();
        await modal.getByLabel('责任单位', { exact: true }).fill('区住建');
        await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '区住建局' }).click();
      },
      '07-route-modal',
    );
    await page.locator('[data-testid="detail-status"]', { hasText: '待签收' }).waitFor();
  });

  it("the reviewer's column choice, density and a named filter come back on the next sign-in", async () => {
    const { page } = await h.newPage();
    await login(page, h.base, 'shenhe', undefined, '/items');
    await page.locator('.ant-table-row', { hasText: TITLE }).waitFor();
    const headers = () => page.locator('.ant-table-thead th').allInnerTexts();
    assert.ok((await headers()).includes('形式'), `default columns: ${await headers()}`);
    await page.getByTestId('layout-button').click();
    const picker = page.getByTestId('layout-picker');
    const saved = page.waitForResponse((r) => r.url().includes('/api/v1/me/views/items/layout') && r.ok());
    await picker.getByText('形式', { exact: true }).click();
    await saved;
    const saved2 = page.waitForResponse((r) => r.url().includes('/api/v1/me/views/items/layout') && r.ok());
    await picker.getByText('宽松', { exact: true }).click();
    await saved2;
    await page.locator('.density-comfortable').waitFor();
    await page.getByTestId('list-search').locator('input').fill('幸福里');
    await page.getByTestId('list-search').locator('input').press('Enter');
    await page.getByRole('button', { name: '保存筛选' }).click();
    await page.getByTestId('save-filter-name').fill('幸福里物业');
    await page.getByTestId('save-filter-name').press('Enter');
    await page.getByTestId('saved-filters').waitFor();
    await shot(page, '05b-item-list-own-view');

    const { page: again } = await h.newPage();
    await login(again, h.base, 'shenhe', undefined, '/items');
    await again.locator('.ant-table-row', { hasText: TITLE }).waitFor();
    const cols = await again.locator('.ant-table-thead th').allInnerTexts();
    assert.ok(!cols.includes('形式') && cols.includes('人数'), `restored columns: ${cols}`);
    await again.locator('.density-comfortable').waitFor();
    await again.getByTestId('saved-filters').click();
    await again.locator('.ant-select-item-option', { hasText: '幸福里物业' }).click();
    assert.equal(await again.getByTestId('list-search').locator('input').inputValue(), '幸福里');
    // Nothing of it is kept in the shared computer's browser storage.
    const stored = await again.evaluate(() => JSON.stringify({ ...localStorage }));
    assert.ok(!stored.includes('幸福里物业'), `browser storage: ${stored}`);
  });

  it('the unit handler finds it in the inbox, confirms receipt, accepts, and requests an extension', async () => {
    const { page } = await h.newPage();
    await login(page, h.base, 'zjj_jb');
    await page
      .getByTestId('group-normal')
      .or(page.locator('.ant-card', { hasText: TITLE }))
      .first()
      .waitFor();
    await shot(page, '08-workbench-handler');
    await page.locator('.ant-menu').getByText('单位收件箱').click();
    await page.locator('.ant-table-row', { hasText: TITLE }).waitFor();
    await shot(page, '09-inbox');
    await page.locator('.ant-table-row', { hasText: TITLE }).getByRole('link', { name: TITLE }).click();
    await page.getByTestId('item-detail').waitFor();
    await doStep(page, 'confirm_receipt');
    await page.locator('[data-testid="detail-status"]', { hasText: '待受理' }).waitFor();
    await doStep(page, 'accept');
    await page.locator('[data-testid="detail-status"]', { hasText: '办理中' }).waitFor();
    await doStep(
      page,
      'request_extension',
      async (modal) => {
        await modal.getByLabel('延期天数（不超过 30 日）').fill('30');
        await modal.getByLabel('延期理由').fill('需会同区城管局现场核查');
      },
      '10-extension-modal',
    );
    await page.getByTestId('step-request_extension').waitFor({ state: 'detached' });
  });

  it('the unit head approves the extension', async () => {
    const { page } = await h.newPage();
    await login(page, h.base, 'zjj_fz', undefined, itemUrl);
    await page.getByTestId('item-detail').waitFor();
    await doStep(page, 'decide_extension', async (modal) => {
      await modal.getByText('同意延期').click();
      await modal.getByLabel('审批意见（内部）').fill('同意');
      await modal.getByLabel('告知信访人的延期理由').fill('需会同有关部门现场核查');
    });
  });

  it('the handler replies to each demand', async () => {
    const { page } = await h.newPage();
    await login(page, h.base, 'zjj_jb', undefined, itemUrl);
    await page.getByTestId('item-detail').waitFor();
    await doStep(
      page,
      'reply',
      async (modal) => {
        await modal.getByLabel('查明事实').fill('经查，物业公司未经业主大会同意上调停车费，情况属实。');
        await modal.getByLabel('处理依据').fill('《物业管理条例》第四十条');
        const a0 = modal.getByTestId('answer-0');
        await a0.getByText('支持', { exact: true }).click();
        await a0.getByPlaceholder('处理说明').fill('已责令物业公司停止违规收费');
        const a1 = modal.getByTestId('answer-1');
        await a1.getByText('解释说明', { exact: true }).click();
        await a1.getByPlaceholder('处理说明').fill('多收费用由物业公司与业主协商退还');
      },
      '11-reply-modal',
    );
    await page.locator('[data-testid="detail-status"]', { hasText: '待送达' }).waitFor();
  });

  it('the bureau reviewer sees it answered with the right deadlines', async () => {
    const { page } = await h.newPage();
    await login(page, h.base, 'shenhe', undefined, itemUrl);
    await page.getByTestId('item-detail').waitFor();
    await page.getByTestId('timeline').getByText('出具处理意见').first().waitFor();
    await shot(page, '12-detail-reviewer-answered');
    assert.equal(await page.getByTestId('detail-status').innerText(), '待送达');
    const d0 = await page.getByTestId('demand-row-0').innerText();
    const d1 = await page.getByTestId('demand-row-1').innerText();
    assert.ok(d0.includes('支持') && d0.includes('已责令物业公司停止违规收费'), d0);
    assert.ok(d1.includes('解释说明') && d1.includes('协商退还'), d1);
    const today = '2025-09-26';
    const cal = await loadCalendar(h.env.deps.db);
    const handle = computeDeadline(DEFAULT_RULES.handle, today, cal, { extensionDays: 30 });
    assert.equal(
      await page.getByTestId('due-handle').innerText(),
      handle.due,
      'handle deadline = acceptance + 60 + 30 days, rolled forward',
    );
    assert.ok((await page.getByTestId('deadline-handle').innerText()).includes(handle.explanation));
    const notice = computeDeadline(DEFAULT_RULES.accept_notice, today, cal);
    assert.equal(await page.getByTestId('due-accept_notice').innerText(), notice.due);
  });

  it('another unit opening the item URL sees a no-permission message and no item data', async () => {
    const { page } = await h.newPage();
    await login(page, h.base, 'scj_jb', undefined, itemUrl);
    await page.getByText('信访事项不存在或无权查看').waitFor();
    const body = await page.locator('body').innerText();
    assert.ok(!body.includes(TITLE) && !body.includes(itemNumber) && !body.includes('王'), 'no item data leaks');
    await shot(page, '13-other-unit-denied');
  });

  it('a stale page gets a plain "refresh" message on 409 CONFLICT', async () => {
    const a = (await h.newPage()).page;
    const b = (await h.newPage()).page;
    await login(a, h.base, 'zjj_jb', undefined, itemUrl);
    await login(b, h.base, 'zjj_jb', undefined, itemUrl);
    await a.getByTestId('step-serve').waitFor();
    await b.getByTestId('step-serve').waitFor();
    await doStep(a, 'serve');
    await b.getByTestId('step-serve').click();
    const modal = b.locator('.ant-modal').filter({ has: b.getByTestId('step-form-serve') });
    await modal.waitFor();
    await b
      .locator('.ant-modal.ant-zoom-appear, .ant-modal.ant-zoom-enter')
      .waitFor({ state: 'detached' })
      .catch(() => {});
    await modal.getByTestId('step-submit').click();
    const err = await modal.getByTestId('step-error').innerText();
    assert.match(err, /刷新/);
    await shot(b, '18-conflict');
  });

  it('admin screens and the dashboard render', async () => {
    const { page } = await h.newPage();
    await login(page, h.base, 'admin', undefined, '/admin');
    await page.locator('.ant-table-row', { hasText: '区住建局' }).waitFor();
    await shot(page, '14-admin-units');
    await page.getByRole('tab', { name: '工作日历' }).click();
    await page.getByTestId('calendar-year').waitFor();
    await shot(page, '15-admin-calendar');
    await page.getByRole('tab', { name: '期限规则' }).click();
    await page.getByText('办理期限').first().waitFor();
    await shot(page, '16-admin-rules');
    const { page: lp } = await h.newPage();
    await login(lp, h.base, 'lingdao', undefined, '/dashboard');
    await lp.getByText('统计分析').first().waitFor();
    await lp.locator('.ant-statistic, .ant-alert, .ant-result').first().waitFor();
    await shot(lp, '17-dashboard');
  });

  it('no page threw an uncaught error or hit the CSP', () => {
    assert.deepEqual(h.pageErrors, []);
  });
});
