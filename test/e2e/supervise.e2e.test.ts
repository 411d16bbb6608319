import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { raiseNotification } from '../../server/store/notification.store.ts';
import { fixtureRows, insertFixture } from '../report-fixture.ts';
import { login, shot, skipReason, startHarness, type Harness } from './harness.ts';

const reason = skipReason();
if (reason) console.log(`# ${reason}`);

describe('web 单位考评 in Chromium: ranked units, drill-down to the items, a unit sees its own card', {
  skip: reason ?? false,
  timeout: 180_000,
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
});
