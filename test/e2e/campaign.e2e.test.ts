import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createCampaign } from '../../server/app/campaigns.ts';
import { fixtureRows, insertFixture } from '../report-fixture.ts';
import { login, shot, skipReason, startHarness, type Harness } from './harness.ts';

const reason = skipReason();
if (reason) console.log(`# ${reason}`);

describe('web workbench in Chromium: the campaign board (攻坚行动)', {
  skip: reason ?? false,
}, () => {
  let h: Harness;
  before(async () => {
    h = await startHarness('2025-09-26');
    await insertFixture(h.env.deps, h.people.units, fixtureRows());
    await createCampaign(
      h.env.deps,
      { actor: h.people.users.reviewer, requestId: null },
      {
        name: '信访积案化解攻坚行动',
        from: '2025-03-01',
        to: '2025-05-31',
        targets: { reduceTotal: { changePct: -15 }, curbNew: { max: 5 } },
      },
    );
  });
  after(async () => {
    await h?.close();
  });

  it('the leader reads the targets, drills down to the items behind a number; a unit has no such menu', async () => {
    const { page } = await h.newPage();
    await login(page, h.base, 'lingdao', undefined, '/campaigns');
    const card = page.getByTestId('target-reduce_total');
    await card.waitFor();
    assert.match(await card.innerText(), /降总量/);
    await page.getByTestId('campaign-trend').waitFor();
    await shot(page, 'campaign-01-board');
    const part = card.locator('button').first();
    const count = Number((/(\d+) 件/.exec(await part.innerText()) ?? [])[1]);
    await part.click();
    const drill = page.getByTestId('campaign-drill');
    await drill.waitFor();
    if (count > 0) await drill.locator('a').first().waitFor();
    assert.equal(await drill.locator('a').count(), count, 'the drawer lists exactly the items behind the number');
    await shot(page, 'campaign-02-drill');
    const unit = (await h.newPage()).page;
    await login(unit, h.base, 'scj_jb', undefined, '/campaigns');
    await unit.getByText('页面不存在，或您无权使用此功能').waitFor();
    assert.deepEqual(h.pageErrors, []);
  });
});
