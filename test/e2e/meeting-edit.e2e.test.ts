import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loginAs, type Client } from '../http-client.ts';
import { login, shot, skipReason, startHarness, until, type Harness } from './harness.ts';

const reason = skipReason();
if (reason) console.log(`# ${reason}`);

describe('修改会议安排 in Chromium: the dialog saves what was changed, keeps the rest, refuses a stale version', {
  skip: reason ?? false,
}, () => {
  let h: Harness;
  let rev: Client;
  let id = '';
  let itemNumber = '';

  before(async () => {
    h = await startHarness('2025-09-26');
    const reg = await loginAs(h.app, 'dengji');
    const item = await reg.post('/api/v1/items', {
      channel: '来信',
      receivedOn: '2025-09-26',
      headCount: 1,
      petitioners: [{ name: '测试人' }],
      title: '小区电梯长期停运',
      content: '小区电梯停运三个月无人维修，请求协调处理。',
      demands: ['修复电梯'],
    });
    assert.equal(item.status, 201, JSON.stringify(item.body));
    itemNumber = item.body.item.number;
    rev = await loginAs(h.app, 'shenhe');
    const made = await rev.post('/api/v1/meetings', {
      kind: '专题会议',
      title: '住建领域信访问题协调',
      date: '2025-10-10',
      time: '09:30',
      place: '区政府三楼第一会议室',
      convenorUserId: h.people.users.leader.userId,
      convenorName: '刘副区长',
      memberUnitIds: [h.people.units.zjj, h.people.units.scj],
      attendees: [{ name: '张科长', unitId: h.people.units.zjj, post: '科长', role: 'member' }],
      agenda: [{ title: '电梯停运的协调', itemIds: [item.body.item.id] }],
    });
    assert.equal(made.status, 200, JSON.stringify(made.body));
    id = made.body.id;
  });
  after(async () => {
    await h?.close();
  });

  it('changing the place and time is saved with a new version; members, attendees and agenda stay', async () => {
    const before = (await rev.get(`/api/v1/meetings/${id}`)).body;
    const { page } = await h.newPage();
    await login(page, h.base, 'shenhe', undefined, `/meetings/${id}`);
    await page.getByTestId('meeting-detail').waitFor();
    await page.getByTestId('meeting-edit').click();
    const form = page.getByTestId('meeting-edit-form');
    await form.waitFor();
    // The dialog opens with the meeting as it stands, the agenda's items by their numbers.
    assert.equal(await form.locator('#place').inputValue(), '区政府三楼第一会议室');
    assert.equal(await form.locator('#time').inputValue(), '09:30');
    assert.equal(await form.locator('#agenda_0_title').inputValue(), '电梯停运的协调');
    assert.equal(await form.locator('#agenda_0_numbers').inputValue(), itemNumber);
    await form.locator('#place').fill('区信访局二楼会议室');
    await form.locator('#time').fill('14:30');
    await shot(page, 'meeting-edit-dialog');
    await page.getByRole('button', { name: '保存修改' }).click();
    await form.waitFor({ state: 'hidden' });
    await until(
      page,
      async () => (await page.getByTestId('meeting-detail').innerText()).includes('区信访局二楼会议室'),
      '详情页显示新的会议地点',
    );
    const now = (await rev.get(`/api/v1/meetings/${id}`)).body;
    assert.equal(now.place, '区信访局二楼会议室');
    assert.equal(now.time, '14:30');
    assert.equal(now.version, before.version + 1);
    assert.deepEqual(now.memberUnitIds, before.memberUnitIds);
    assert.deepEqual(now.attendees, before.attendees);
    assert.deepEqual(now.agenda, before.agenda);
    assert.equal(now.convenor.name, before.convenor.name);
  });

  it('a change made elsewhere meanwhile: the dialog says so in Chinese and nothing of it is saved', async () => {
    const { page } = await h.newPage();
    await login(page, h.base, 'shenhe', undefined, `/meetings/${id}`);
    await page.getByTestId('meeting-detail').waitFor();
    // Someone else moves the meeting after this page was read.
    const cur = (await rev.get(`/api/v1/meetings/${id}`)).body;
    const other = await rev.put(`/api/v1/meetings/${id}`, {
      version: cur.version,
      kind: cur.kind,
      title: cur.title,
      date: cur.date,
      time: '16:00',
      place: cur.place,
      convenorUserId: cur.convenor.userId,
      convenorName: cur.convenor.name,
      memberUnitIds: cur.memberUnitIds,
      attendees: cur.attendees,
      agenda: cur.agenda.map((a: { title: string; items: { id: string }[] }) => ({
        title: a.title,
        itemIds: a.items.map((i) => i.id),
      })),
      requirements: cur.requirements,
    });
    assert.equal(other.status, 200, JSON.stringify(other.body));
    await page.getByTestId('meeting-edit').click();
    const form = page.getByTestId('meeting-edit-form');
    await form.waitFor();
    await form.locator('#place').fill('不应保存的地点');
    await page.getByRole('button', { name: '保存修改' }).click();
    const alert = form.locator('.ant-alert-error');
    await alert.waitFor();
    assert.match(await alert.innerText(), /[\u4e00-\u9fa5]/, 'the refusal is in Chinese');
    assert.doesNotMatch(await alert.innerText(), /CONFLICT|version/i);
    const now = (await rev.get(`/api/v1/meetings/${id}`)).body;
    assert.equal(now.place, cur.place, 'the stale edit saved nothing');
    assert.equal(now.time, '16:00', 'the other change stands');
  });

  it('no page threw an uncaught error or hit the CSP', () => {
    assert.deepEqual(h.pageErrors, []);
  });
});
