import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { registerItem } from '../../server/app/register-item.ts';
import { login, shot, skipReason, startHarness, type Harness } from './harness.ts';

const reason = skipReason();
if (reason) console.log(`# ${reason}`);

describe('web workbench in Chromium: registrar links and unlinks items; administrator 分类模型', {
  skip: reason ?? false,
}, () => {
  let h: Harness;
  const ids: string[] = [];
  const numbers: string[] = [];
  before(async () => {
    h = await startHarness('2025-09-26');
    const ctx = { actor: h.people.users.registrar, requestId: null };
    for (const [i, day] of ['2025-09-10', '2025-09-18'].entries()) {
      const r = await registerItem(h.env.deps, ctx, {
        channel: '来信',
        level: '区',
        receivedOn: day,
        registeredOn: day,
        headCount: 1,
        petitioners: [{ name: `居民${i}`, idUnverified: false }],
        representatives: [],
        title: i === 0 ? '幸福路路灯不亮' : '幸福路路灯损坏无人修',
        content: '幸福路一段路灯长期不亮，夜间出行不安全，请求尽快维修。',
        demands: ['维修路灯'],
        purpose: '求决',
        handlingClass: '申诉求决类',
        flags: [],
      });
      ids.push(r.item.id);
      numbers.push(r.item.number);
    }
  });
  after(async () => {
    await h?.close();
  });

  it('the registrar links the later item to the earlier one with a reason, sees history, unlinks it', async () => {
    const { page } = await h.newPage();
    await login(page, h.base, 'dengji', undefined, `/items/${ids[1]}`);
    const card = page.getByTestId('linked-items');
    await card.getByText('暂无关联事项').waitFor();
    await page.getByTestId('link-add').click();
    await page.getByTestId('link-number').fill(numbers[0]!);
    await page.getByText('同一事项的另一份记录').click();
    await page.getByTestId('link-reason').fill('同一路段路灯问题的另一封来信');
    await page.locator('.ant-modal .ant-btn-primary').click();
    await card.getByTestId('linked-item').waitFor();
    assert.match(await card.getByTestId('linked-item').innerText(), new RegExp(`同一事项[\\s\\S]*${numbers[0]}`));
    await card.getByTestId('link-history').getByText('同一路段路灯问题的另一封来信').waitFor();
    await page.getByTestId('timeline').getByText('登记人员关联前件（同一事项）').waitFor();
    await shot(page, 'detail-linked');
    await card.getByRole('button', { name: '解除关联' }).click();
    await page.getByTestId('link-reason').fill('核实后为不同路段');
    await page.locator('.ant-modal').getByRole('button', { name: '解除关联' }).click();
    await card.getByText('暂无关联事项').waitFor();
    // The history is read again after the unlink: wait for its new entry before reading it whole.
    await card.getByTestId('link-history').getByText('核实后为不同路段').waitFor();
    const history = await card.getByTestId('link-history').innerText();
    assert.match(history, /解除关联[\s\S]*核实后为不同路段/);
    assert.match(history, /关联[\s\S]*同一路段路灯问题的另一封来信/);
    await shot(page, 'detail-unlinked');
  });

  it('分类模型 shows no evaluation yet; a retraining refused for too few items says why', async () => {
    const { page } = await h.newPage();
    await login(page, h.base, 'admin', undefined, '/admin');
    await page.getByRole('tab', { name: '分类模型' }).click();
    const tab = page.getByTestId('text-model');
    await tab.getByText('尚无重新训练记录').waitFor();
    await page.getByTestId('retrain-now').click();
    await tab.getByText(/未能重新训练：已确认分类的事项只有 0 件/).waitFor();
    await shot(page, 'admin-text-model');
    assert.deepEqual(h.pageErrors, []);
  });

  it('内容分类: a refused delete says why; a class is renamed and retired; an upstream name is mapped', async () => {
    const { page } = await h.newPage();
    await login(page, h.base, 'admin', undefined, '/admin');
    await page.getByRole('tab', { name: '内容分类' }).click();
    // A first-level class with classes under it cannot go: the server's reason is shown, the class stays.
    await page.getByTestId('taxonomy-delete-01').click();
    await page.locator('.ant-popconfirm-buttons .ant-btn-primary').click();
    await page
      .locator('.ant-message')
      .getByText(/下还有子分类，请先删除或停用子分类/)
      .waitFor();
    await page.getByTestId('taxonomy-node-01').waitFor();
    await shot(page, 'admin-taxonomy-refused');

    await page.getByRole('button', { name: '新增一级分类' }).click();
    await page.getByTestId('taxonomy-name').fill('路灯照明');
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await page.locator('.ant-message').getByText('已新增「路灯照明」').waitFor();
    await page.getByPlaceholder('输入中文或拼音首字母').fill('路灯');
    const node = page.locator('.ant-tree-treenode', { hasText: '路灯照明' });
    await node.locator('[data-testid^="taxonomy-edit-"]').click();
    await page.getByTestId('taxonomy-name').fill('路灯照明设施');
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await page.locator('.ant-message').getByText('已保存「路灯照明设施」').waitFor();
    const renamed = page.locator('.ant-tree-treenode', { hasText: '路灯照明设施' });
    await renamed.locator('[data-testid^="taxonomy-retire-"]').click();
    await renamed.getByText('已停用', { exact: true }).waitFor();
    await renamed.locator('[data-testid^="taxonomy-restore-"]').waitFor();
    const color = await renamed.locator('[data-testid^="taxonomy-node-"]').evaluate((e) => getComputedStyle(e).color);
    assert.match(color, /rgba\(0, 0, 0, 0\.35\)/, `retired class is greyed: ${color}`);
    await shot(page, 'admin-taxonomy-retired');
    const listed: { nodes: { name: string; retired: boolean }[] } = await (
      await page.request.get(`${h.base}/api/v1/taxonomy`)
    ).json();
    const row = listed.nodes.find((n) => n.name === '路灯照明设施');
    assert.equal(row?.retired, true, 'the public tree marks it retired, so new items cannot take it');

    // 上游分类对应: none yet; a mapping to the class of the same path is refused with the server's reason; a
    // mapping of an upstream name is listed with its local path.
    const maps = page.getByTestId('name-maps');
    await maps.getByText('还没有上游分类对应').waitFor();
    const addMap = async (upstream: string, search: string, pick: string) => {
      await page.getByTestId('name-map-add').click();
      await page.getByTestId('name-map-upstream').fill(upstream);
      await page.locator('.ant-modal .ant-select').click();
      await page.keyboard.type(search);
      await page.locator('.ant-select-tree-node-content-wrapper', { hasText: pick }).click();
      await page.locator('.ant-modal-footer .ant-btn-primary').click();
    };
    await addMap('教育文体/教育管理', '教育管理', '教育管理');
    await page.getByTestId('name-map-error').getByText('上游名称与本地分类相同，无需对应').waitFor();
    await page
      .locator('.ant-modal-footer')
      .getByRole('button', { name: /取\s*消/ })
      .click();
    await addMap('教育文体 / 学前教育', '教育管理', '教育管理');
    await page.locator('.ant-message').getByText('已保存「教育文体/学前教育」的对应').waitFor();
    const mapped = maps.locator('.ant-table-row', { hasText: '教育文体/学前教育' });
    await mapped.getByText('教育文体/教育管理').waitFor();
    assert.equal(await maps.locator('.ant-table-row').count(), 1);
    await shot(page, 'admin-taxonomy-name-maps');
    const view: { nameMaps: { upstream: string; path: string }[] } = await (
      await page.request.get(`${h.base}/api/v1/admin/taxonomy`)
    ).json();
    assert.deepEqual(
      view.nameMaps.map((m) => [m.upstream, m.path]),
      [['教育文体/学前教育', '教育文体/教育管理']],
    );
    await mapped.getByRole('button', { name: /删\s*除/ }).click();
    await page.locator('.ant-popconfirm-buttons .ant-btn-primary').click();
    await page.locator('.ant-message').getByText('已删除「教育文体/学前教育」的对应').waitFor();
    await maps.getByText('还没有上游分类对应').waitFor();
    assert.deepEqual(h.pageErrors, []);
  });
});
