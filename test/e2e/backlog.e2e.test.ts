import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { actOnCase, createCase } from '../../server/app/backlog.ts';
import { fixtureRows, insertFixture } from '../report-fixture.ts';
import { login, shot, skipReason, startHarness, type Harness } from './harness.ts';

const reason = skipReason();
if (reason) console.log(`# ${reason}`);

describe('web workbench in Chromium: 积案台账, 我的包案 and the daily report', {
  skip: reason ?? false,
}, () => {
  let h: Harness;
  let number: string;
  before(async () => {
    h = await startHarness('2025-09-26');
    await insertFixture(h.env.deps, h.people.units, fixtureRows());
    const [first] = await h.env.deps.db.selectFrom('items').select('id').orderBy('number').limit(1).execute();
    const bureau = { actor: h.people.users.reviewer, requestId: null };
    const made = await createCase(h.env.deps, bureau, {
      anchorItemId: first!.id,
      itemIds: [],
      title: '锦绣花园车位问题',
      reason: '多年反复信访，手工认定',
    });
    number = made.number;
    await actOnCase(h.env.deps, bureau, made.id, {
      kind: 'assign',
      version: made.version,
      leaderUserId: h.people.users.leader.userId,
      unitId: h.people.units.zjj,
      cadres: [{ name: '孙干部', post: '科长' }],
      reason: '',
    });
  });
  after(async () => {
    await h?.close();
  });

  it('the bureau opens the register and a case; the leader records progress on his own case', async () => {
    const { page } = await h.newPage();
    await login(page, h.base, 'shenhe', undefined, '/backlog');
    const register = page.getByTestId('case-register');
    await register.locator('tr.ant-table-row').first().waitFor();
    assert.equal(await register.locator('tr.ant-table-row').count(), 1);
    assert.match(await register.innerText(), /锦绣花园车位问题/);
    await page.getByTestId('proposals').waitFor();
    await page.getByTestId('case-open').first().click();
    const detail = page.getByTestId('case-detail');
    await detail.waitFor();
    assert.match(await detail.innerText(), /孙干部（科长）/);
    assert.match(await detail.innerText(), /已确定包案领导、责任单位和包案干部/);
    await shot(page, 'backlog-01-register');

    const leader = (await h.newPage()).page;
    await login(leader, h.base, 'lingdao', undefined, '/my-cases');
    await leader.getByTestId('my-cases').waitFor();
    await leader.getByTestId('case-open').first().click();
    await leader.getByTestId('case-detail').waitFor();
    assert.equal((await leader.getByText(number).count()) > 0, true);
    await leader.getByTestId('note-input').fill('已与信访人面谈，达成初步意向');
    await leader.getByTestId('note-save').click();
    await leader.getByTestId('case-detail').getByText('已与信访人面谈，达成初步意向').waitFor();
    await shot(leader, 'backlog-02-my-cases');
  });

  it('the daily report of an empty day is an explicit 零报告; a unit has no such menu', async () => {
    const { page } = await h.newPage();
    await login(page, h.base, 'lingdao', undefined, '/daily-report');
    const card = page.getByTestId('daily-report');
    await card.getByText('零报告', { exact: true }).waitFor();
    assert.match(await card.innerText(), /全区未新登记信访事项/);
    await shot(page, 'backlog-03-daily-report');
    const unit = (await h.newPage()).page;
    await login(unit, h.base, 'scj_jb', undefined, '/daily-report');
    await unit.getByText('页面不存在，或您无权使用此功能').waitFor();
    assert.deepEqual(h.pageErrors, []);
  });
});
