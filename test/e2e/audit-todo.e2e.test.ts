import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RegisterItemInput } from '../../contract/dto.ts';
import { applyStep } from '../../server/app/apply-step.ts';
import { registerItem } from '../../server/app/register-item.ts';
import { login, shot, skipReason, startHarness, until, type Harness } from './harness.ts';

const reason = skipReason();
if (reason) console.log(`# ${reason}`);

describe('web in Chromium: the audit log reads in Chinese; the to-do list says what waits for whom', {
  skip: reason ?? false,
}, () => {
  let h: Harness;
  const numbers: Record<'sign' | 'ext' | 'close', string> = { sign: '', ext: '', close: '' };

  before(async () => {
    h = await startHarness('2025-09-26');
    const reg = { actor: h.people.users.registrar, requestId: null };
    const rev = { actor: h.people.users.reviewer, requestId: null };
    const han = { actor: h.people.users.zjjHandler, requestId: null };
    const register = async (title: string) =>
      (
        await registerItem(
          h.env.deps,
          reg,
          RegisterItemInput.parse({
            channel: '网上投诉',
            receivedOn: '2025-09-26',
            headCount: 1,
            petitioners: [{ name: '孙某' }],
            title,
            content: `${title}，请求处理。`,
            demands: ['尽快处理'],
          }),
        )
      ).item;
    const route = async (id: string, v: number, assistUnitIds: string[]) =>
      (
        await applyStep(h.env.deps, rev, id, v, {
          step: 'route',
          kind: '交办',
          unitId: h.people.units.zjj,
          assistUnitIds,
          note: '',
        })
      ).item.version;
    // A: routed to 区住建局 with 区市场监管局 assisting — to sign for, and a 协办意见 owed.
    const a = await register('小区电梯长期停运');
    numbers.sign = a.number;
    await route(a.id, a.version, [h.people.units.scj]);
    // B: accepted, an extension asked — the unit head must decide it.
    const b = await register('道路施工噪音扰民');
    numbers.ext = b.number;
    let v = await route(b.id, b.version, []);
    v = (await applyStep(h.env.deps, han, b.id, v, { step: 'accept' })).item.version;
    await applyStep(h.env.deps, han, b.id, v, { step: 'request_extension', days: 30, reason: '需要多部门会商' });
    // C: handled to the end, its 办结报告 waiting for the bureau's review.
    const c = await register('老旧小区雨污管网改造');
    numbers.close = c.number;
    v = await route(c.id, c.version, []);
    v = (await applyStep(h.env.deps, han, c.id, v, { step: 'accept' })).item.version;
    v = (
      await applyStep(h.env.deps, han, c.id, v, {
        step: 'reply',
        facts: '经查属实',
        basis: '《城镇排水与污水处理条例》',
        answers: [{ demandIndex: 0, outcome: '支持', explanation: '已列入改造计划' }],
      })
    ).item.version;
    v = (await applyStep(h.env.deps, han, c.id, v, { step: 'serve' })).item.version;
    await applyStep(h.env.deps, han, c.id, v, {
      step: 'conclude',
      report: { text: '已完成改造方案并开工。', attachmentIds: [] },
    });
  });
  after(async () => {
    await h?.close();
  });

  const rowOf = (page: import('playwright-core').Page, number: string) =>
    page.locator('.ant-table-row', { hasText: number });

  it('the lead unit head sees what to sign for, the extension to decide and the 协办意见 still missing', async () => {
    const { page } = await h.newPage();
    await login(page, h.base, 'zjj_fz', undefined, '/');
    const sign = rowOf(page, numbers.sign);
    await sign.waitFor();
    assert.match(await sign.getByTestId('waiting').innerText(), /待签收[\s\S]*待协办意见/);
    const ext = rowOf(page, numbers.ext);
    assert.match(await ext.getByTestId('waiting').innerText(), /延期待审批/);
    await ext.locator('[data-kind=approve_extension]').hover();
    await page.locator('.ant-tooltip', { hasText: '申请延期 30 日：需要多部门会商' }).waitFor();
    await shot(page, 'todo-01-unit-head');
  });

  it('the assisting unit sees the 协办意见 it owes, and nothing it does not', async () => {
    const { page } = await h.newPage();
    await login(page, h.base, 'scj_jb', undefined, '/');
    const row = rowOf(page, numbers.sign);
    await row.waitFor();
    assert.match(await row.getByTestId('waiting').innerText(), /待提交协办意见/);
    assert.equal(await rowOf(page, numbers.ext).count(), 0, 'an item it does not assist on is not its to-do');
    await shot(page, 'todo-02-assisting-unit');
  });

  it('the bureau sees closings to review in their own 待审核 group, not under 无期限', async () => {
    const { page } = await h.newPage();
    await login(page, h.base, 'shenhe', undefined, '/');
    const group = page.getByTestId('group-review');
    await group.waitFor();
    assert.match(await group.innerText(), /待审核[\s\S]*办结待审核/);
    assert.equal(await group.locator('.ant-table-row', { hasText: numbers.close }).count(), 1);
    const none = page.getByTestId('group-none');
    if (await none.count()) assert.equal(await none.locator('.ant-table-row', { hasText: numbers.close }).count(), 0);
    await shot(page, 'todo-03-bureau');
  });

  it('the auditor reads Chinese actions and fields, opens the item by its number, and sees the check run', async () => {
    const { page } = await h.newPage();
    await login(page, h.base, 'shenji');
    await page.waitForURL(/\/audit$/);
    const table = page.getByTestId('audit-table');
    const routed = table.locator('.ant-table-row', { hasText: numbers.sign }).filter({ hasText: '交转' });
    await routed.first().waitFor();
    const text = await routed.first().innerText();
    assert.match(text, /状态：\s*待交转\s*→\s*待签收/, text);
    assert.ok(!/item\.route|"from"|registered/.test(text), `no codes or raw JSON: ${text}`);
    const link = routed.first().getByTestId('audit-item-link');
    assert.equal(await link.innerText(), numbers.sign);
    assert.match((await link.getAttribute('href')) ?? '', /^\/items\/[0-9a-f-]{36}$/);
    // Filter by the item's number: only its events remain, paged with a total.
    await page.getByTestId('audit-item').fill(numbers.sign);
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await until(
      page,
      async () => {
        const rows = await table.locator('.ant-table-row').allInnerTexts();
        return rows.length > 0 && rows.every((r) => r.includes(numbers.sign));
      },
      'only the item’s events listed',
    );
    assert.match(await page.locator('.ant-pagination-total-text').innerText(), /共 \d+ 条/);
    await page.getByRole('button', { name: /重\s*置/ }).click();
    await page.getByTestId('verify-chain').click();
    await page.getByTestId('verify-result').waitFor();
    assert.match(await page.getByTestId('verify-result').innerText(), /审计日志完整：已校验 [\d,]+ 条记录/);
    assert.match(await page.getByTestId('verify-run-by').innerText(), /于 .+ 发起，.+ 完成/);
    // The result is kept on the server: it is still there on the next visit.
    await page.reload();
    await page.getByTestId('verify-result').waitFor();
    assert.match(await page.getByTestId('verify-result').innerText(), /审计日志完整/);
    await page.mouse.move(600, 700);
    await shot(page, 'audit-01-chinese');
  });
});
