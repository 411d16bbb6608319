import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { applyStep } from '../../server/app/apply-step.ts';
import { login, shot, skipReason, startHarness, type Harness } from './harness.ts';

const reason = skipReason();
if (reason) console.log(`# ${reason}`);

describe('web workbench in Chromium: materials by drag and drop, notices as Word files', {
  skip: reason ?? false,
}, () => {
  let h: Harness;
  before(async () => {
    h = await startHarness('2025-09-26');
  });
  after(async () => {
    await h?.close();
  });

  it('a letter registered with its scan carries the file; after acceptance the 受理告知书 downloads', async () => {
    const scan = join(h.env.dir, '来信扫描件.pdf');
    writeFileSync(scan, '%PDF-1.4\n% 来信扫描件\n');
    const fake = join(h.env.dir, '伪装.pdf');
    writeFileSync(fake, 'MZ this is not a pdf');
    const { page } = await h.newPage();
    await login(page, h.base, 'dengji', undefined, '/register');
    await page.locator('#f-channel').click();
    await page.locator('.ant-select-item-option', { hasText: '来信' }).first().click();
    await page.getByTestId('petitioner-0').getByPlaceholder('姓名').fill('孙某');
    await page.locator('#f-title').fill('路灯损坏无人维修');
    await page.locator('#f-content').fill('建设路北段路灯损坏一个月无人维修，夜间出行不便。');
    await page.getByTestId('demand-0').fill('尽快修复路灯');
    await page.getByTestId('register-files').locator('input[type=file]').setInputFiles([scan, fake]);
    await page.getByTestId('register-submit').click();
    await page.getByTestId('register-done').waitFor();
    await page.locator('.ant-message', { hasText: '伪装.pdf' }).waitFor();
    const number = await page.getByTestId('item-number').innerText();
    const row = await h.env.deps.db
      .selectFrom('items')
      .select(['id', 'version'])
      .where('number', '=', number.trim())
      .executeTakeFirstOrThrow();
    const files = await h.env.deps.db
      .selectFrom('item_attachments')
      .select('name')
      .where('item_id', '=', row.id)
      .execute();
    assert.deepEqual(
      files.map((f) => f.name),
      ['来信扫描件.pdf'],
      'the real PDF is stored, the disguised one refused',
    );

    const rev = { actor: h.people.users.reviewer, requestId: null };
    const han = { actor: h.people.users.zjjHandler, requestId: null };
    let v = Number(row.version);
    v = (
      await applyStep(h.env.deps, rev, row.id, v, {
        step: 'route',
        kind: '转送',
        unitId: h.people.units.zjj,
        assistUnitIds: [],
        note: '',
      })
    ).item.version;
    v = (await applyStep(h.env.deps, han, row.id, v, { step: 'confirm_receipt' })).item.version;
    await applyStep(h.env.deps, han, row.id, v, { step: 'accept' });

    const unit = await h.newPage();
    await login(unit.page, h.base, 'zjj_jb', undefined, `/items/${row.id}`);
    const card = unit.page.getByTestId('files');
    await card.getByText('来信扫描件.pdf').waitFor();
    const [download] = await Promise.all([
      unit.page.waitForEvent('download'),
      card.getByTestId('doc-accept_notice').click(),
    ]);
    assert.match(download.suggestedFilename(), /受理告知书.*\.docx$/);
    await shot(unit.page, 'files-01-detail');
  });

  it('the administrator edits a unit and disables an account in 系统管理', async () => {
    const { page } = await h.newPage();
    await login(page, h.base, 'admin', undefined, '/admin');
    await page.getByTestId('edit-unit-区市场监管局').click();
    const dialog = page.locator('.ant-modal', { hasText: '编辑单位' });
    await dialog.locator('input').first().fill('区市场监督管理局');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('已保存单位').waitFor();
    const unit = await h.env.deps.db
      .selectFrom('units')
      .select('name')
      .where('id', '=', h.people.units.scj)
      .executeTakeFirstOrThrow();
    assert.equal(unit.name, '区市场监督管理局');
    await page.getByRole('tab', { name: /用户/ }).click();
    await page.getByTestId('toggle-user-scj_jb').click();
    await page
      .locator('.ant-modal-confirm')
      .getByRole('button', { name: /停\s*用/ })
      .click();
    await page.getByText('已停用').first().waitFor();
    const u = await h.env.deps.db
      .selectFrom('users')
      .select('disabled')
      .where('username', '=', 'scj_jb')
      .executeTakeFirstOrThrow();
    assert.equal(Number(u.disabled), 1);
    await shot(page, 'files-02-admin-users');
  });

  it('the leader drills from a number on 统计分析 to the items behind it', async () => {
    const { page } = await h.newPage();
    await login(page, h.base, 'lingdao', undefined, '/dashboard');
    const stat = page.getByTestId('stat-信访总量');
    await stat.waitFor();
    const shown = Number((await stat.locator('.ant-statistic-content-value').innerText()).replace(/,/g, ''));
    assert.ok(shown >= 1);
    await stat.click();
    await page.getByTestId('report-filter').waitFor();
    assert.match(page.url(), /\/items\?.*inReport=1/);
    await page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
    assert.equal(
      await page.locator('.ant-table-tbody tr.ant-table-row').count(),
      shown,
      'the list holds exactly the items counted',
    );
    await shot(page, 'files-03-drilldown');
  });
});
