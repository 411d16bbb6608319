import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setJobCatalogue } from '../../server/app/scheduled-jobs.ts';
import { jobCatalogue } from '../../server/jobs/registry.ts';
import { recordOnlyAdapter } from '../../server/notify/adapters.ts';
import { raiseNotification } from '../../server/store/notification.store.ts';
import { loginAs } from '../http-client.ts';
import { fixtureRows, insertFixture } from '../report-fixture.ts';
import { login, shot, skipReason, startHarness, until, type Harness } from './harness.ts';

const reason = skipReason();
if (reason) console.log(`# ${reason}`);

describe('web 单位考评 in Chromium: ranked units, drill-down to the items, a unit sees its own card', {
  skip: reason ?? false,
}, () => {
  let h: Harness;
  const rows = fixtureRows();
  before(async () => {
    h = await startHarness('2025-09-26');
    await insertFixture(h.env.deps, h.people.units, rows);
  });
  after(async () => {
    await h?.close();
  });

  it('the reviewer ranks every unit and opens the items behind a number', async () => {
    const { page } = await h.newPage();
    await login(page, h.base, 'shenhe');
    await page.getByRole('menuitem', { name: '单位考评' }).click();
    const zjj = h.people.units.zjj;
    const received = page.getByTestId(`sc-received-${zjj}`);
    await received.waitFor();
    const want = rows.filter(
      (r) =>
        r.unit === 'zjj' && r.registeredOn.startsWith('2025') && !['not_accepted', 'not_reaccepted'].includes(r.status),
    );
    assert.equal(await received.innerText(), String(want.length));
    assert.ok(await page.getByTestId(`sc-received-${h.people.units.scj}`).isVisible());
    await shot(page, 'scorecard-bureau');
    await received.click();
    const drawer = page.getByRole('dialog');
    await drawer.getByText(want[0]!.number).waitFor();
    const links = await drawer.locator('a[href^="/items/"]').allInnerTexts();
    assert.deepEqual(links.sort(), want.map((r) => r.number).sort());
    await shot(page, 'scorecard-drilldown');
    await drawer.locator('a[href^="/items/"]').first().click();
    await page.waitForURL(/\/items\//);
  });

  it('a unit handler sees only the own unit’s card', async () => {
    const { page } = await h.newPage();
    await login(page, h.base, 'scj_jb', undefined, '/scorecard');
    await page.getByTestId(`sc-received-${h.people.units.scj}`).waitFor();
    assert.equal(await page.getByTestId(`sc-received-${h.people.units.zjj}`).count(), 0);
    await page.getByText('本页只显示本单位的考评情况').waitFor();
    await shot(page, 'scorecard-unit');
    // The bell: a notice raised for this person shows in the count and the list; opening it marks it read.
    await raiseNotification(h.env.deps.db, {
      id: 'n-e2e-1',
      key: 'e2e:1',
      userId: h.people.users.scjHandler.userId,
      kind: 'supervision_issued',
      title: '【督办】督办〔2025〕1号',
      body: '文书督办：请于 2025-09-30 前书面回复办理情况。',
      link: '/scorecard',
      createdAt: new Date('2025-09-26T02:00:00Z').toISOString(),
    });
    await page.reload();
    const count = page.getByTestId('notification-count');
    await count.getByText('1').waitFor();
    await page.getByTestId('notification-bell').click();
    await page.getByTestId('notification-list').getByText('【督办】督办〔2025〕1号').waitFor();
    await shot(page, 'notification-bell');
    await page.getByTestId('notification-list').getByText('【督办】督办〔2025〕1号').click();
    await count.locator('.ant-badge-count').waitFor({ state: 'detached' });
    assert.deepEqual(h.pageErrors, []);
  });

  it('the bureau plans a 联席会议 and minutes it; the owner unit reports on its task', async () => {
    const item = rows.find((r) => r.unit === 'scj' && r.registeredOn.startsWith('2025'))!;
    const { page } = await h.newPage();
    await login(page, h.base, 'shenhe', undefined, '/meetings');
    await page.getByTestId('meetings-page').getByText('暂无会议').waitFor();
    await page.getByRole('button', { name: /安排会议/ }).click();
    const form = page.getByTestId('meeting-form');
    await form.locator('#title').fill('市场监管领域信访问题协调');
    await form.locator('#date').fill('2025-09-26');
    await form.locator('#place').fill('区政府三楼第一会议室');
    await form.locator('#convenorName').fill('刘副区长');
    await form.locator('#memberUnitIds').click();
    await page.locator('.ant-select-item-option').getByText('区市场监管局', { exact: true }).click();
    await form.locator('#agenda_0_title').fill('消费纠纷集中反映问题');
    await form.locator('#agenda_0_numbers').fill(item.number);
    await shot(page, 'meeting-create');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.waitForURL(/\/meetings\/[^/]+$/);
    await page.getByTestId('agenda-entry').getByText(item.number).waitFor();
    await shot(page, 'meeting-detail-planned');
    await page.getByRole('button', { name: '录入会议纪要' }).click();
    const minutes = page.getByTestId('minutes-form');
    await minutes.locator('#minutes').fill('会议听取了区市场监管局的情况汇报。');
    await minutes.locator('#decisions_0_text').fill('由区市场监管局牵头依法处理');
    await minutes.locator('#decisions_0_tasks_0_text').fill('约谈涉事商户并书面反馈');
    await minutes.locator('#decisions_0_tasks_0_ownerUnitId').click();
    await page.locator('.ant-select-item-option').getByText('区市场监管局', { exact: true }).last().click();
    await minutes.locator('#decisions_0_tasks_0_dueOn').fill('2025-10-10');
    await page.getByRole('button', { name: '保存纪要' }).click();
    await page.getByTestId('meeting-tasks').getByText('约谈涉事商户并书面反馈').waitFor();
    await page.getByText('〔2025〕第1期').first().waitFor();
    await shot(page, 'meeting-detail-held');

    const unit = (await h.newPage()).page;
    await login(unit, h.base, 'scj_jb', undefined, '/meetings');
    await unit.getByRole('link', { name: '市场监管领域信访问题协调' }).click();
    await unit.getByRole('button', { name: /反\s*馈/ }).click();
    await unit.locator('#text').fill('已约谈商户，商户同意退款');
    await unit.getByRole('button', { name: /确\s*定|OK/ }).click();
    await unit.getByTestId('meeting-tasks').getByText('已反馈待审核').waitFor();
    await shot(unit, 'meeting-unit-reported');
    // A unit not concerned sees no meeting.
    const other = (await h.newPage()).page;
    await login(other, h.base, 'zjj_jb', undefined, '/meetings');
    await other.getByText('暂无与本单位有关的会议').waitFor();
    assert.deepEqual(h.pageErrors, []);
  });

  it('the 督办台账 filters what is late; the administrator runs a job and sets the 督办建议 thresholds', async () => {
    const item = rows.find((r) => r.unit === 'zjj' && r.registeredOn.startsWith('2025'))!;
    const api = await loginAs(h.app, 'shenhe');
    const found = await api.get(`/api/v1/items?q=${encodeURIComponent(item.number)}`);
    const issued = await api.post('/api/v1/supervisions', {
      kind: '挂牌督办',
      itemIds: [found.body.items[0].id],
      reason: '逾期未办结',
      requirements: '请限期办结并书面回复',
      unitId: h.people.units.zjj,
      issuedOn: '2025-09-20',
      dueOn: '2025-09-24',
    });
    assert.equal(issued.status, 201, JSON.stringify(issued.body));
    const { page } = await h.newPage();
    await login(page, h.base, 'shenhe', undefined, '/supervisions');
    const register = page.getByTestId('supervision-register');
    await register.getByText(issued.body.number).waitFor();
    // Each item of the 督办 is listed by number and (masked) title, as the register's answer gives them.
    const ref = issued.body.items[0] as { id: string; number: string; maskedTitle: string };
    assert.ok(ref.maskedTitle, 'the 督办 names its item with a title');
    assert.equal(await register.locator(`a[href="/items/${ref.id}"]`).innerText(), `${ref.number} ${ref.maskedTitle}`);
    await page.getByTestId('sv-overdue').click();
    await register.getByText('逾期未回复').waitFor();
    await shot(page, 'supervision-register');

    setJobCatalogue(jobCatalogue(h.env.deps, { sms: recordOnlyAdapter('sms'), email: recordOnlyAdapter('email') }));
    const admin = (await h.newPage()).page;
    await login(admin, h.base, 'admin', undefined, '/admin');
    await admin.getByRole('tab', { name: '定时任务' }).click();
    const tab = admin.getByTestId('jobs-tab');
    await tab.getByText('落实期限预警（领导批示/会议任务/积案措施）').waitFor();
    await tab.getByTestId('run-follow-up.warnings').click();
    await until(admin, async () => (await tab.getByText('成功').count()) > 0, 'the manual run is listed');
    await shot(admin, 'jobs-tab');
    setJobCatalogue([]);

    // 督办建议阈值: a count of 1 is refused in the form and nothing is sent; 2 with 严重警告 off is saved.
    await admin.getByRole('tab', { name: '督办建议' }).click();
    const rulesCard = admin.getByTestId('suggestion-rules');
    const repeat = rulesCard.getByTestId('rule-repeat');
    await until(admin, async () => (await repeat.inputValue()) === '3', 'the stored repeat threshold is shown');
    assert.equal(await rulesCard.getByTestId('rule-severe').getAttribute('aria-checked'), 'true');
    await repeat.fill('1');
    await rulesCard.getByTestId('suggestion-rules-save').click();
    await rulesCard.getByText(/须为 0 或 2–20 之间的整数/).waitFor();
    const stored = async () =>
      (await (await loginAs(h.app, 'admin')).get('/api/v1/supervisions/suggestion-rules')).body.rules;
    assert.equal((await stored()).repeatAtLeast, 3, 'nothing was sent');
    await repeat.fill('2');
    await rulesCard.getByTestId('rule-severe').click();
    await rulesCard.getByTestId('suggestion-rules-save').click();
    await admin.getByText('督办建议阈值已保存').waitFor();
    assert.deepEqual(await stored(), {
      overdue: true,
      severe: false,
      repeatAtLeast: 2,
      dissatisfied: true,
      sentBackAtLeast: 2,
    });
    await shot(admin, 'suggestion-rules');
    // Back to the defaults (the later walks read the suggestions as shipped).
    await rulesCard.getByRole('button', { name: '恢复默认值' }).click();
    await rulesCard.getByTestId('suggestion-rules-save').click();
    await until(admin, async () => (await stored()).severe === true, 'the defaults are saved again');
    assert.equal((await stored()).repeatAtLeast, 3);
    assert.deepEqual(h.pageErrors, []);
  });
  /** An item taken through the real steps (registered, routed to 区住建局, signed for and accepted). */
  async function acceptedItem(title: string): Promise<{ id: string; version: number; number: string }> {
    const reg = await loginAs(h.app, 'dengji');
    const made = await reg.post('/api/v1/items', {
      channel: '网上投诉',
      receivedOn: '2025-09-26',
      headCount: 2,
      petitioners: [{ name: '测试人', phone: '13800005678', address: '城关街道和平里小区5栋' }],
      title,
      content: `${title}，请求依法处理。`,
      demands: ['依法处理'],
      classCode: '08.03',
      purpose: '求决',
      handlingClass: '申诉求决类',
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const it0 = { id: made.body.item.id as string, version: made.body.item.version as number };
    const step = async (user: string, input: object) => {
      const r = await (await loginAs(h.app, user)).post(`/api/v1/items/${it0.id}/steps`, {
        version: it0.version,
        input,
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      it0.version = r.body.item.version;
    };
    await step('shenhe', { step: 'route', kind: '交办', unitId: h.people.units.zjj, note: '请核实情况' });
    await step('zjj_jb', { step: 'confirm_receipt' });
    await step('zjj_jb', { step: 'accept' });
    return { ...it0, number: made.body.item.number as string };
  }

  it('the bureau issues a 督办 from the item page; the unit answers, is pressed, answers; it is accepted', async () => {
    const item = await acceptedItem('幸福里小区电梯频繁故障');
    const { page } = await h.newPage();
    await login(page, h.base, 'shenhe', undefined, `/items/${item.id}`);
    await page.getByTestId('supervise-open').click();
    const modal = page.getByRole('dialog');
    await modal.getByText(`发起督办：${item.number}`).waitFor();
    // The reply date follows the kind on the work calendar: 文书督办, 5 working days after Friday 2025-09-26 —
    // the make-up Sunday 09-28, 09-29, 09-30, then past the National Day holiday 10-09 and 10-10.
    await until(page, async () => (await modal.getByTestId('sv-issue-due').inputValue()) === '2025-10-10', 'due');
    await modal.getByTestId('sv-issue-submit').click();
    await modal.getByText('请填写督办要求').waitFor(); // nothing sent without the requirements
    await modal.getByTestId('sv-issue-reason').fill('电梯故障反复发生，群众反映强烈');
    await modal.getByTestId('sv-issue-requirements').fill('请于期限内书面回复整改情况');
    await shot(page, 'supervision-issue');
    await modal.getByTestId('sv-issue-submit').click();
    const detail = page.getByTestId('supervision-detail');
    await detail.getByTestId('sv-status').getByText('待回复').waitFor();
    await detail.getByText(`${item.number} `, { exact: false }).first().waitFor();
    const url = new URL(page.url()).pathname;
    assert.match(url, /^\/supervisions\/[\w-]+$/);
    assert.equal(await detail.getByTestId('sv-steps').getByRole('button').count(), 1, 'only 撤销 before a reply');

    const step = async (p: typeof page, name: string, text: string, date?: string) => {
      await p.getByTestId(`sv-step-${name}`).click();
      const m = p.getByRole('dialog');
      await m.getByTestId('sv-step-text').fill(text);
      if (date) {
        await m.getByTestId('sv-step-date').click();
        await m.getByTestId('sv-step-date').fill(date);
        await m.getByTestId('sv-step-date').press('Enter');
      }
      await m.getByTestId('sv-step-submit').click();
      await m.waitFor({ state: 'hidden' });
    };
    const unit = (await h.newPage()).page;
    await login(unit, h.base, 'zjj_jb', undefined, url);
    await step(unit, 'reply', '已约谈物业公司，更换控制柜');
    await unit.getByTestId('sv-status').getByText('已回复待审核').waitFor();
    await page.reload();
    await step(page, 'press', '请明确完成整改的日期', '2025-10-15');
    await page.getByTestId('sv-status').getByText('再次督促待回复').waitFor();
    await page.getByText('新期限 2025-10-15').waitFor();
    await unit.reload();
    await step(unit, 'reply', '控制柜已更换，电梯恢复运行');
    await page.reload();
    await step(page, 'accept', '同意办结');
    await page.getByTestId('sv-status').getByText('已办结').waitFor();
    assert.equal(await page.getByTestId('sv-steps').count(), 0, 'nothing left to do');
    await shot(page, 'supervision-detail');
    const history = await page.getByTestId('sv-history').innerText();
    // In the order it happened, though all on one day.
    const at = ['下发文书督办', '回复：已约谈物业公司', '再次督促', '回复：控制柜已更换', '采纳回复，督办办结'].map(
      (t) => history.indexOf(t),
    );
    assert.ok(
      at.every((i, k) => i >= 0 && (k === 0 || i > at[k - 1]!)),
      history,
    );

    // Another unit finds nothing at that address; the register links the number to the page.
    const other = (await h.newPage()).page;
    await login(other, h.base, 'scj_jb', undefined, url);
    await other.getByText('督办不存在或无权查看').waitFor();
    await page.goto(`${h.base}/supervisions`);
    await page
      .getByTestId('supervision-register')
      .getByRole('link', { name: /^督办〔2025〕\d+号$/ })
      .first()
      .waitFor();
    await page.getByRole('tab', { name: '督办建议' }).click();
    await page
      .getByTestId('sv-suggestions')
      .getByText(/截至 2025-09-26/)
      .waitFor();
    await shot(page, 'supervision-suggestions');
    assert.deepEqual(h.pageErrors, []);
  });

  it('the unit head names a 经办人, changes him with a reason; list and workload show who holds it', async () => {
    const it0 = await acceptedItem('和平里小区二次供水水箱长期未清洗');
    const { page } = await h.newPage();
    await login(page, h.base, 'zjj_fz', undefined, `/items/${it0.id}`);
    const name = page.getByTestId('handler-name');
    await name.getByText('未指定').waitFor();
    assert.equal(await page.getByTestId('handler-open').innerText(), '指定经办人');
    await shot(page, 'handler-detail');
    await page.getByTestId('handler-open').click();
    const modal = page.getByRole('dialog');
    await modal.getByTestId('handler-select').click();
    await page
      .locator('.ant-select-item-option')
      .getByText(/^zjj_jb（/)
      .click();
    await shot(page, 'handler-assign');
    await modal.getByRole('button', { name: /确\s*定/ }).click();
    await name.getByText(/^zjj_jb（2025-09-26 起）$/).waitFor();
    assert.equal(await page.getByTestId('handler-open').innerText(), '更换经办人');

    // A change without a reason is refused in the form, nothing is sent; with a reason it is made.
    await page.getByTestId('handler-open').click();
    await modal.getByTestId('handler-select').click();
    await page
      .locator('.ant-select-item-option')
      .getByText(/^zjj_fz（/)
      .click();
    await modal.getByRole('button', { name: /确\s*定/ }).click();
    await modal.getByText('更换经办人须填写理由').waitFor();
    const api = await loginAs(h.app, 'shenhe');
    assert.equal((await api.get(`/api/v1/items/${it0.id}`)).body.handler.name, 'zjj_jb', 'nothing was sent');
    await modal.getByTestId('handler-reason').fill('原经办人外出学习，改由副职跟办');
    await shot(page, 'handler-change');
    await modal.getByRole('button', { name: /确\s*定/ }).click();
    await name.getByText(/^zjj_fz（/).waitFor();
    const held = (await api.get(`/api/v1/items/${it0.id}`)).body.handler;
    assert.deepEqual([held.name, held.reason], ['zjj_fz', '原经办人外出学习，改由副职跟办']);
    await shot(page, 'handler-named');

    // 工作量: the head sees his own unit's people only, with the counts the server keeps.
    await page.getByRole('menuitem', { name: '工作量' }).click();
    const people = page.getByTestId('workload-people');
    const row = (who: string) => people.getByRole('row').filter({ has: page.getByRole('link', { name: who }) });
    await row('zjj_fz').waitFor();
    assert.ok(!(await people.innerText()).includes('scj_'), 'a head sees only his own unit’s people');
    const cells = async (who: string) => (await row(who).locator('td').allInnerTexts()).map((t) => t.trim());
    // 单位, 人员, 角色, 在办, 5日内到期, 已超期, 待本人处理
    assert.equal((await cells('zjj_fz'))[3], '1', 'the new handler holds the one item');
    assert.equal((await cells('zjj_jb'))[3], '0', 'the former handler holds none');
    const figures = (await (await loginAs(h.app, 'zjj_fz')).get('/api/v1/workload')).body;
    const unit = figures.units.find((u: { unitId: string }) => u.unitId === h.people.units.zjj);
    const unitRow = page.getByTestId('workload').getByRole('row').filter({ hasText: '区住建局' }).first();
    const unitCells = (await unitRow.locator('td').allInnerTexts()).map((t) => t.trim());
    assert.deepEqual(unitCells.slice(1, 5), [unit.open, unit.dueSoon, unit.overdue, unit.unassigned].map(String));
    await shot(page, 'workload');

    // A person's name opens the list of what he holds, with the 经办人 column.
    await row('zjj_fz').getByRole('link', { name: 'zjj_fz' }).click();
    await page.waitForURL(/handlerUserId=/);
    await page.getByTestId('report-filter').getByText('经办人：zjj_fz').waitFor();
    const listed = page.locator('.ant-table-row').filter({ has: page.getByRole('link', { name: it0.number }) });
    await listed.waitFor();
    assert.equal(await page.locator('.ant-table-row').count(), 1);
    assert.ok((await listed.innerText()).includes('zjj_fz'), 'the 经办人 column shows him');
    await shot(page, 'handler-list');
    assert.deepEqual(h.pageErrors, []);
  });
});
