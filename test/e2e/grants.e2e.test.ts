import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { hashPassword } from '../../server/crypto/password-hash.ts';
import { insertUser } from '../../server/store/user.store.ts';
import { TEST_PASSWORD } from '../test-db.ts';
import { login, shot, skipReason, startHarness, type Harness } from './harness.ts';

const reason = skipReason();
if (reason) console.log(`# ${reason}`);

/** 三员分立 in Chromium: the administrator files, the security administrator approves, the auditor reads. */
describe('pending grants: 系统管理 → 账户安全 → 授权记录', { skip: reason ?? false }, () => {
  let h: Harness;
  before(async () => {
    h = await startHarness('2025-09-26');
    await insertUser(
      h.env.deps.db,
      {
        id: 'sec-e2e',
        username: 'anquan',
        displayName: '安全管理员',
        role: 'security_admin',
        unitId: null,
        passwordHash: await hashPassword(TEST_PASSWORD),
      },
      h.env.deps.clock().toISOString(),
    );
  });
  after(async () => {
    await h?.close();
  });

  it('the administrator files a registrar account; it waits, shown as pending in his lists', async () => {
    const { page } = await h.newPage();
    await login(page, h.base, 'admin', undefined, '/admin');
    await page.getByRole('tab', { name: /^用户$/ }).click();
    await page.getByRole('button', { name: /新增用户/ }).click();
    const dialog = page.locator('.ant-modal', { hasText: '新增用户' });
    await dialog.locator('#username').fill('xin_dengji');
    await dialog.locator('#displayName').fill('新登记员');
    await dialog.locator('#role').click();
    await page.locator('.ant-select-item-option', { hasText: '登记员' }).first().click();
    await page.getByTestId('gated-notice').waitFor();
    await dialog.locator('#password').fill('Xin@2025login');
    await dialog.locator('#reason').fill('新入职，负责来访登记');
    await shot(page, 'grants-01-admin-new-user-gated');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('已提交新增账户申请，待安全管理员审批后生效').waitFor();
    // The auditor's account cannot be disabled by him alone either.
    await page.getByTestId('toggle-user-shenji').click();
    await page.locator('.ant-modal-confirm').getByText('须经安全管理员审批').waitFor();
    await page
      .locator('.ant-modal-confirm')
      .getByRole('button', { name: /停\s*用/ })
      .click();
    await page.getByText('已提交停用申请，待安全管理员审批后生效').waitFor();
    await page.getByTestId('pending-shenji').waitFor();
    await shot(page, 'grants-02-admin-users-pending');
    await page.getByRole('tab', { name: /权限申请/ }).click();
    await page.getByTestId('grant-status-xin_dengji').waitFor();
    assert.equal(await page.getByTestId('grants-pending-count').innerText(), '2');
    await shot(page, 'grants-03-admin-requests');
    const row = await h.env.deps.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'xin_dengji')
      .executeTakeFirst();
    assert.equal(row, undefined, 'no account before approval');
  });

  it('the security administrator approves one and refuses the other in 账户安全', async () => {
    const { page } = await h.newPage();
    await login(page, h.base, 'anquan');
    await page.locator('.ant-menu').getByText('账户安全').click();
    await page.getByTestId('grant-approvals').waitFor();
    await page.getByTestId('approve-xin_dengji').waitFor();
    await shot(page, 'grants-04-security-approvals');
    await page.getByTestId('approve-xin_dengji').click();
    await page.locator('#grant-note').fill('已核实入职手续');
    await page.locator('#grant-decide-ok').click();
    await page.getByText('已批准：新增账户 xin_dengji').waitFor();
    await page.getByTestId('refuse-shenji').click();
    await page.locator('#grant-note').fill('审计员在岗，不予停用');
    await page.locator('#grant-decide-ok').click();
    await page.getByText('已拒绝：shenji').waitFor();
    await page.getByText('没有待审批的申请').waitFor();
    await page.locator('#grant-note').waitFor({ state: 'hidden' });
    await shot(page, 'grants-05-security-decided');
    const u = await h.env.deps.db
      .selectFrom('users')
      .select(['role', 'disabled'])
      .where('username', 'in', ['xin_dengji', 'shenji'])
      .orderBy('username')
      .execute();
    assert.deepEqual(
      u.map((x) => [x.role, Number(x.disabled)]),
      [
        ['auditor', 0],
        ['registrar', 0],
      ],
    );
    const { page: fresh } = await h.newPage();
    await login(fresh, h.base, 'xin_dengji', 'Xin@2025login');
  });

  it('the auditor reads the grant history in 授权记录, with who asked and who decided', async () => {
    const { page } = await h.newPage();
    await login(page, h.base, 'shenji');
    await page.locator('.ant-menu').getByText('授权记录').click();
    await page.getByTestId('grants-page').waitFor();
    await page.getByTestId('grant-status-xin_dengji').waitFor();
    const text = await page.getByTestId('grants-table').innerText();
    assert.match(text, /已批准/);
    assert.match(text, /已拒绝/);
    assert.match(text, /已核实入职手续/);
    assert.ok(!(await page.getByRole('button', { name: /批\s*准/ }).count()), 'read-only for the auditor');
    await shot(page, 'grants-06-auditor-history');
  });

  it('the auditor exports an anchor and checks the log against it in 安全审计', async () => {
    const { page } = await h.newPage();
    await login(page, h.base, 'shenji', undefined, '/audit');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-anchor').click()]);
    // Saved into the test's folder: a shared (connected) Chromium keeps its downloads on its own side.
    const file = join(h.env.dir, 'anchor.json');
    await download.saveAs(file);
    const anchor = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(anchor.format, 'xinfang-audit-anchor');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('verify-anchor').click()]);
    await chooser.setFiles(file);
    const res = page.getByTestId('verify-result');
    await res.filter({ hasText: '锚点' }).waitFor();
    const text = await res.innerText();
    assert.match(text, /审计日志完整/);
    assert.match(text, new RegExp(`锚点（第 ${anchor.seq} 条）一致`));
    assert.match(text, /链头封存记录/);
    await shot(page, 'grants-07-audit-anchor-verified');
  });

  it('the administrator keeps a leader’s mobile, e-mail and 职务; a wrong number is refused in the form', async () => {
    const { page } = await h.newPage();
    await login(page, h.base, 'admin', undefined, '/admin');
    await page.getByRole('tab', { name: /^用户$/ }).click();
    await page.getByTestId('contacts-user-lingdao').click();
    const form = page.getByTestId('contacts-form');
    await form.locator('#phone').fill('2380000123');
    await form.locator('#email').fill('lingdao@qu');
    await form.locator('#title').fill('副区长');
    const dialog = page.locator('.ant-modal', { hasText: '联系方式：lingdao' });
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.getByText('手机号码应为以 1 开头的 11 位数字，如 13800001234').waitFor();
    await dialog.getByText('电子邮箱格式不正确，应如 zhangsan@example.gov.cn').waitFor();
    await shot(page, 'users-contacts-refused');
    const stored = () =>
      h.env.deps.db
        .selectFrom('users')
        .select(['phone', 'email', 'title'])
        .where('username', '=', 'lingdao')
        .executeTakeFirst();
    assert.deepEqual(await stored(), { phone: null, email: null, title: null }, 'nothing sent');
    await form.locator('#phone').fill('13800001234');
    await form.locator('#email').fill('lingdao@example.gov.cn');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('已保存联系方式').waitFor();
    await page.getByTestId('contacts-lingdao').getByText('13800001234 / lingdao@example.gov.cn').waitFor();
    assert.deepEqual(await stored(), { phone: '13800001234', email: 'lingdao@example.gov.cn', title: '副区长' });
    await shot(page, 'users-contacts-saved');
    // A registrar has no 职务 field.
    await page.getByTestId('contacts-user-dengji').click();
    await page.locator('.ant-modal', { hasText: '联系方式：dengji' }).locator('#phone').waitFor();
    assert.equal(await page.locator('.ant-modal', { hasText: '联系方式：dengji' }).locator('#title').count(), 0);
  });

  it('the administrator sets a leader’s 通知方式; a channel with nothing on file cannot be turned on', async () => {
    const { page } = await h.newPage();
    await login(page, h.base, 'admin', undefined, '/admin');
    await page.getByRole('tab', { name: /^用户$/ }).click();
    // lingdao's mobile and e-mail were saved above: both channels read on, each with where it goes.
    await page.getByTestId('channels-user-lingdao').click();
    const box = page.getByTestId('user-notify-channels');
    await box.getByText('发送至 13800001234').waitFor();
    await box.getByText('发送至 lingdao@example.gov.cn').waitFor();
    const sms = box.getByTestId('user-notify-sms');
    assert.equal(await sms.getAttribute('aria-checked'), 'true');
    await sms.click();
    await page.getByText('已保存该用户的通知方式').waitFor();
    assert.equal(await sms.getAttribute('aria-checked'), 'false');
    const stored = await h.env.deps.db
      .selectFrom('users')
      .select(['notify_sms', 'notify_email'])
      .where('username', '=', 'lingdao')
      .executeTakeFirstOrThrow();
    assert.deepEqual([Number(stored.notify_sms), Number(stored.notify_email)], [0, 1]);
    await shot(page, 'users-notify-channels');
    await page.locator('.ant-modal', { hasText: '通知方式：lingdao' }).locator('.ant-modal-close').click();
    // dengji has nothing on file: both switches are off and cannot be turned on.
    await page.getByTestId('channels-user-dengji').click();
    const other = page.locator('.ant-modal', { hasText: '通知方式：dengji' }).getByTestId('user-notify-channels');
    await other.getByText('未登记手机号码').waitFor();
    assert.equal(await other.getByTestId('user-notify-sms').isDisabled(), true);
    assert.equal(await other.getByTestId('user-notify-email').isDisabled(), true);
  });

  it('no page threw an uncaught error or hit the CSP', () => {
    assert.deepEqual(h.pageErrors, []);
  });
});
