import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { hashPassword } from '../../server/crypto/password-hash.ts';
import { insertUser } from '../../server/store/user.store.ts';
import { loginAs, type Client } from '../http-client.ts';
import { TEST_PASSWORD } from '../test-db.ts';
import { login, SCREENS, shot, skipReason, startHarness, type Harness } from './harness.ts';

const reason = skipReason();
if (reason) console.log(`# ${reason}`);

const TITLE = '举报区住建局某科长收受好处';
const CONTENT = '本人王举报，电话13900002222。举报区住建局某科长收受开发商好处。';

async function fullShot(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('networkidle').catch(() => {});
  await page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: true });
}

async function pick(
  page: Page,
  scope: ReturnType<Page['locator']> | Page,
  label: string,
  typed: string | null,
  option: string,
) {
  const box = scope.getByLabel(label, { exact: true });
  await box.click();
  if (typed !== null) await box.fill(typed);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
}

async function step(c: Client, id: string, version: number, input: Record<string, unknown>): Promise<number> {
  const r = await c.post(`/api/v1/items/${id}/steps`, { version, input });
  assert.equal(r.status, 200, `${String(input.step)}: ${JSON.stringify(r.body)}`);
  return r.body.item.version as number;
}

describe('an accusation in Chromium: where the accused works, the warning at routing, the public page', {
  skip: reason ?? false,
}, () => {
  let h: Harness;
  let itemUrl = '';
  let queryCode = '';

  before(async () => {
    h = await startHarness('2025-09-26');
    await insertUser(
      h.env.deps.db,
      {
        id: randomUUID(),
        username: 'scj_fz',
        displayName: '市场监管局负责人',
        role: 'unit_head',
        unitId: h.people.units.scj,
        passwordHash: await hashPassword(TEST_PASSWORD),
      },
      h.env.deps.clock().toISOString(),
    );
  });
  after(async () => {
    await h?.close();
  });

  it('registration asks where the accused party works, with 不是本区单位 as an explicit choice', async () => {
    const { page } = await h.newPage();
    await login(page, h.base, 'dengji', undefined, '/register');
    await page.locator('#f-title').waitFor();
    await page.getByTestId('petitioner-0').getByPlaceholder('姓名').fill('王举报');
    await page.getByTestId('petitioner-0').getByPlaceholder('联系电话').fill('13900002222');
    await page.locator('#f-content').fill(CONTENT);
    await page.getByTestId('demand-0').fill('查处某科长');
    await pick(page, page, '办理类别', null, '检举控告类');
    await page.getByTestId('accused-box').waitFor();
    await page.locator('#f-title').fill(TITLE);
    await page.getByTestId('register-submit').click();
    // Nothing chosen yet: the form says what is missing and nothing is registered.
    await page.getByText('请选择所在单位（或「不是本区单位」）').waitFor();
    await page.getByText('请填写被检举控告人').waitFor();
    await fullShot(page, 'conf-01-register-accused-missing');
    const options = page.getByTestId('accused-box');
    await options.getByLabel('姓名或名称').fill('某科长');
    await pick(page, options, '所在单位', '不是', '不是本区单位');
    await fullShot(page, 'conf-02-register-accused-outside');
    await pick(page, options, '所在单位', '住建', '区住建局');
    await page.getByTestId('register-submit').click();
    await page.getByTestId('register-done').waitFor();
    queryCode = (await page.getByTestId('query-code').innerText()).trim();
    await page.getByRole('button', { name: '查看事项' }).click();
    await page.getByTestId('item-detail').waitFor();
    itemUrl = new URL(page.url()).pathname;
    assert.match(await page.getByTestId('detail-accused').innerText(), /某科长（所在单位：区住建局）/);
  });

  it('routing warns that the text names the petitioner and refuses the accused unit without redaction', async () => {
    const { page } = await h.newPage();
    await login(page, h.base, 'shenhe', undefined, itemUrl);
    await page.getByTestId('step-route').click();
    const modal = page.locator('.ant-modal').filter({ has: page.getByTestId('step-form-route') });
    await modal.waitFor();
    await page
      .locator('.ant-modal.ant-zoom-appear, .ant-modal.ant-zoom-enter')
      .waitFor({ state: 'detached' })
      .catch(() => {});
    assert.match(await modal.getByTestId('route-warning').innerText(), /写有信访人的姓名、电话/);
    await modal.getByText('转送', { exact: true }).click();
    await pick(page, modal, '责任单位', '区住建', '区住建局');
    await modal.getByTestId('route-accused').waitFor();
    await modal.getByTestId('step-submit').click();
    await modal.getByText('交由被检举控告人所在单位须隐去信访人身份信息').waitFor();
    await fullShot(page, 'conf-03-route-accused-unit');
    await pick(page, modal, '责任单位', '市场', '区市场监管局');
    await modal.getByTestId('route-accused').waitFor({ state: 'detached' });
    await modal.getByTestId('step-submit').click();
    await modal.waitFor({ state: 'hidden' });
    // The warning comes back from the API with the route and stays on screen for a while.
    await page.locator('.ant-notification-notice', { hasText: '写有信访人的' }).waitFor();
    await page.locator('[data-testid="detail-status"]', { hasText: '待签收' }).waitFor();
    await shot(page, 'conf-04-route-warning-after');
  });

  it('the accused unit cannot open it; the lead unit reads the text with the petitioner masked', async () => {
    const { page } = await h.newPage();
    await login(page, h.base, 'zjj_jb', undefined, itemUrl);
    await page.getByText('信访事项不存在或无权查看').waitFor();
    assert.ok(!(await page.locator('body').innerText()).includes(TITLE));
    const { page: lead } = await h.newPage();
    await login(lead, h.base, 'scj_jb', undefined, itemUrl);
    await lead.getByTestId('item-detail').waitFor();
    const text = await lead.getByTestId('item-detail').innerText();
    assert.ok(text.includes('本人王**，电话139****2222'), text);
    assert.ok(!text.includes('王举报') && !text.includes('13900002222'));
    await fullShot(lead, 'conf-05-detail-lead-masked');
  });

  it('the public page lists only what was addressed to the petitioner', async () => {
    const id = itemUrl.split('/').pop()!;
    const jb = await loginAs(h.app, 'scj_jb');
    let v = (await jb.get(`/api/v1/items/${id}`)).body.version as number;
    v = await step(jb, id, v, { step: 'confirm_receipt' });
    v = await step(jb, id, v, { step: 'accept' });
    v = await step(jb, id, v, { step: 'request_extension', days: 20, reason: '内部：人手紧张\n负责人已口头同意' });
    const head = await loginAs(h.app, 'scj_fz');
    await step(head, id, v, { step: 'decide_extension', approve: true, noticeReason: '需要调取银行流水核实' });
    const { page } = await h.newPage();
    await page.goto(`${h.base}/query`);
    await page.getByTestId('query-code-input').fill(queryCode);
    await page.getByTestId('query-submit').click();
    await page.getByTestId('query-result').waitFor();
    const body = await page.locator('body').innerText();
    assert.ok(body.includes('已转送区市场监管局办理'), body);
    assert.ok(body.includes('已受理'), body);
    for (const s of ['内部', '口头同意', '确认接收', '申请延期'])
      assert.ok(!body.includes(s), `public page shows ${s}`);
    assert.ok(body.includes('需要调取银行流水核实'), body);
    await fullShot(page, 'conf-06-query-whitelist');
  });

  it('no page threw an uncaught error or hit the CSP', () => {
    assert.deepEqual(h.pageErrors, []);
  });
});
