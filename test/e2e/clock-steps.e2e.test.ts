import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RegisterItemInput } from '../../contract/dto.ts';
import { applyStep } from '../../server/app/apply-step.ts';
import { registerItem } from '../../server/app/register-item.ts';
import { loadItem } from '../../server/store/item.store.ts';
import { login, shot, skipReason, startHarness, type Harness } from './harness.ts';

const reason = skipReason();
if (reason) console.log(`# ${reason}`);

describe('web detail page in Chromium: 协办意见, 交办 办结报告 and 退回重办 with an internal date', {
  skip: reason ?? false,
}, () => {
  let h: Harness;
  before(async () => {
    h = await startHarness('2025-09-26');
  });
  after(async () => {
    await h?.close();
  });

  it('the lead serves only after the 协办意见; the 办结报告 goes to the bureau, which sends it back', async () => {
    const reg = { actor: h.people.users.registrar, requestId: null };
    const rev = { actor: h.people.users.reviewer, requestId: null };
    const han = { actor: h.people.users.zjjHandler, requestId: null };
    const { item } = await registerItem(
      h.env.deps,
      reg,
      RegisterItemInput.parse({
        channel: '网上投诉',
        receivedOn: '2025-09-26',
        headCount: 1,
        petitioners: [{ name: '钱某' }],
        title: '小区门口占道经营',
        content: '小区门口长期占道经营，影响通行。',
        demands: ['清理占道经营'],
      }),
    );
    h.env.setToday('2025-09-29');
    let v = (
      await applyStep(h.env.deps, rev, item.id, item.version, {
        step: 'route',
        kind: '交办',
        unitId: h.people.units.zjj,
        assistUnitIds: [h.people.units.scj],
        note: '',
      })
    ).item.version;
    h.env.setToday('2025-10-09');
    v = (await applyStep(h.env.deps, han, item.id, v, { step: 'accept' })).item.version;
    h.env.setToday('2025-10-20');
    await applyStep(h.env.deps, han, item.id, v, {
      step: 'reply',
      facts: '经查属实',
      basis: '《城市市容和环境卫生管理条例》',
      answers: [{ demandIndex: 0, outcome: '支持', explanation: '已清理' }],
    });

    // The lead unit cannot serve yet: the 协办意见 of 区市场监管局 is missing.
    const lead = await h.newPage();
    await login(lead.page, h.base, 'zjj_jb', undefined, `/items/${item.id}`);
    await lead.page.getByTestId('deadline-assist_opinion').waitFor();
    await lead.page.getByTestId('internal-assist_opinion').waitFor();
    await lead.page.getByTestId('step-serve').click();
    await lead.page.getByTestId('step-submit').click();
    await lead.page.locator('.ant-modal .ant-alert-error', { hasText: '协办意见' }).waitFor();
    await shot(lead.page, 'clock-01-assist-pending');
    await lead.page
      .locator('.ant-modal')
      .getByRole('button', { name: /取\s*消/ })
      .click();

    // The assisting unit gives its opinion from the same page.
    const assist = await h.newPage();
    await login(assist.page, h.base, 'scj_jb', undefined, `/items/${item.id}`);
    await assist.page.getByTestId('step-submit_assist_opinion').click();
    await assist.page.getByTestId('assist-text').fill('经核查，同意主办单位意见。');
    await assist.page.getByTestId('step-submit').click();
    await assist.page.locator('.ant-message', { hasText: '协办意见' }).waitFor();

    // Now the lead serves, then concludes with the written 办结报告.
    await lead.page.close();
    const lead2 = await h.newPage();
    await login(lead2.page, h.base, 'zjj_jb', undefined, `/items/${item.id}`);
    await lead2.page.getByTestId('step-serve').click();
    await lead2.page.getByTestId('step-submit').click();
    await lead2.page.getByTestId('step-conclude').waitFor();
    await lead2.page.getByTestId('step-conclude').click();
    await lead2.page.getByTestId('step-submit').click();
    await lead2.page.locator('.ant-form-item-explain-error', { hasText: '办结报告' }).waitFor();
    await lead2.page.getByTestId('report-text').fill('已清理占道经营，并建立巡查机制。');
    await lead2.page.getByTestId('step-submit').click();
    await lead2.page.locator('.ant-message', { hasText: '办结报告' }).waitFor();

    // The bureau sends it back with an internal date; the statutory period stays as it was.
    const bureau = await h.newPage();
    await login(bureau.page, h.base, 'shenhe', undefined, `/items/${item.id}`);
    await bureau.page.getByTestId('step-send_back').click();
    await bureau.page.locator('#reason').fill('办结报告缺少巡查记录');
    await bureau.page.getByTestId('internal-due').click();
    await bureau.page.keyboard.type('2025-10-31');
    await bureau.page.keyboard.press('Enter');
    await bureau.page.getByTestId('internal-reason').fill('月底前完成整改');
    await bureau.page.getByTestId('step-submit').click();
    await bureau.page.getByTestId('deadline-internal_rehandle').waitFor();
    const handleText = await bureau.page.getByTestId('deadline-handle').innerText();
    assert.match(handleText, /2025-10-09 受理之日起算/);
    assert.match(await bureau.page.getByTestId('deadline-internal_rehandle').innerText(), /非法定/);
    await shot(bureau.page, 'clock-02-sent-back');

    // The reviewer corrects the title and the class with a reason; the timeline shows before and after.
    await bureau.page.getByTestId('correct-open').click();
    await bureau.page.getByTestId('correct-submit').click();
    await bureau.page.locator('.ant-form-item-explain-error', { hasText: '更正理由' }).waitFor();
    await bureau.page.getByTestId('correct-title').fill('小区门口占道经营影响通行');
    await bureau.page.getByTestId('correct-reason').fill('登记时标题不完整，姓名听错');
    // The petitioner's name typed anew replaces the registered one; the masked one is never sent back.
    await bureau.page.getByTestId('correct-p0-name').fill('韩某某');
    // The content class left out at registration is picked from the tree, searched by pinyin initials.
    assert.equal(await bureau.page.getByTestId('detail-class').innerText(), '—');
    await bureau.page.getByTestId('correct-class').click();
    await bureau.page.keyboard.type('csjshszgl');
    await bureau.page.locator('.ant-select-tree-node-content-wrapper', { hasText: '城市建设和市政管理' }).click();
    // The picked class shows by its path in the field.
    await bureau.page.getByTestId('correct-class').locator('[title="城乡建设/城市建设和市政管理"]').waitFor();
    await shot(bureau.page, 'clock-03a-correct-dialog');
    await bureau.page.getByTestId('correct-submit').click();
    await bureau.page
      .getByTestId('timeline')
      .getByText('标题由“小区门口占道经营”改为“小区门口占道经营影响通行”', { exact: false })
      .waitFor();
    await bureau.page
      .getByTestId('timeline')
      .getByText('信访人信息已更正（第 1 位信访人的姓名）', { exact: false })
      .waitFor();
    await bureau.page
      .getByTestId('timeline')
      .getByText('内容分类由“（空）”改为“城乡建设/城市建设和市政管理”', { exact: false })
      .waitFor();
    await bureau.page.getByTestId('detail-class').getByText('城乡建设/城市建设和市政管理', { exact: true }).waitFor();
    await shot(bureau.page, 'clock-03-corrected');

    const stored = (await loadItem(h.env.deps.db, item.id, h.env.deps.codec))!;
    assert.equal(stored.title, '小区门口占道经营影响通行');
    assert.equal(stored.petitioners[0]?.name, '韩某某');
    const cls = await h.env.deps.db
      .selectFrom('taxonomy')
      .select('code')
      .where('path', '=', '城乡建设/城市建设和市政管理')
      .executeTakeFirstOrThrow();
    assert.equal(stored.classCode, cls.code);
    assert.equal(stored.facts.assists[0]?.opinion?.text, '经核查，同意主办单位意见。');
    assert.equal(stored.facts.sendBacks[0]?.internalDueOn, '2025-10-31');
    assert.equal(stored.facts.sendBacks[0]?.replaced?.report?.text, '已清理占道经营，并建立巡查机制。');
  });
});
