import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { actOnCase, createCase } from '../../server/app/backlog.ts';
import { loginAs, type Client } from '../http-client.ts';
import { login, SCREENS, skipReason, startHarness, type Harness } from './harness.ts';
import { join } from 'node:path';

const reason = skipReason();
if (reason) console.log(`# ${reason}`);

const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;

/** Saves the screen at both office resolutions (full page), as `roles-<name>-<width>.png`. */
async function shots(page: Page, name: string): Promise<void> {
  for (const s of SIZES) {
    await page.setViewportSize(s);
    await page.waitForLoadState('networkidle').catch(() => {});
    await page.screenshot({ path: join(SCREENS, `roles-${name}-${s.width}.png`), fullPage: true });
  }
  await page.setViewportSize(SIZES[0]);
}

/**
 * 领导首页: the four sections each settle into lines or their empty text (never a spinner or an error), and the
 * section's link opens the screen behind it.
 */
async function leaderHome(page: Page): Promise<void> {
  const sections = [
    ['leader-cases', '我的包案', '您目前没有在办的包案积案'],
    ['leader-requests', '待我批示的请示', '暂无待批示的请示'],
    ['leader-supervisions', '全区逾期督办', '全区暂无逾期督办'],
    ['leader-scorecard', '本月单位考评', '本月暂无可考评的单位'],
  ] as const;
  for (const [testid, title, empty] of sections) {
    const card = page.getByTestId(testid);
    await card.locator('.ant-list-item, .ant-empty').first().waitFor();
    const text = await card.innerText();
    assert.ok(text.includes(title), `${testid} is titled ${title}: ${text}`);
    assert.equal(await card.locator('.ant-alert-error').count(), 0, `${testid} loaded without error: ${text}`);
    const lines = await card.locator('.ant-list-item').count();
    assert.ok(lines > 0 || text.includes(empty), `${testid} shows lines or says it is empty: ${text}`);
  }
  const held = page.getByTestId('leader-cases').locator('.ant-list-item');
  assert.equal(await held.count(), 1);
  assert.match(await held.innerText(), /城关街道电梯故障积案/);
  await held.getByRole('button').first().click();
  await page.getByTestId('case-detail').waitFor();
  assert.match(await page.getByTestId('case-detail').innerText(), /孙干部（科长）/);
  await page.keyboard.press('Escape');
  await page.getByTestId('case-detail').waitFor({ state: 'hidden' });
  const request = page.getByTestId('leader-requests').locator('.ant-list-item');
  assert.equal(await request.count(), 1);
  assert.match(await request.innerText(), /电梯维修涉及区城管局，请领导协调/);
  const late = page.getByTestId('leader-supervisions').locator('.ant-list-item');
  assert.equal(await late.count(), 1);
  assert.match(await late.innerText(), /区住建局[\s\S]*电话督办[\s\S]*逾期 1 天[\s\S]*回复期限 2025-10-14/);
  // A line opens the screen behind it: the item the 督办 is about.
  await late.locator('a[href^="/items/"]').click();
  await page.getByTestId('item-detail').waitFor();
  await page.goBack();
  await page.getByTestId('leader-home').waitFor();
  // The scorecard lists units at both ends of this month's ranking, first place first.
  const top = page.getByTestId('leader-score-top');
  if ((await top.count()) > 0) assert.match(await top.first().innerText(), /第 1 名/);
  await page.getByTestId('leader-requests').getByRole('link', { name: '查看全部' }).click();
  await page.waitForURL((u) => u.pathname === '/instructions');
  await page.getByTestId('instructions-page').waitFor();
  await page.goBack();
  await page.getByTestId('leader-home').waitFor();
  await page.getByTestId('leader-scorecard').locator('.ant-list-item, .ant-empty').first().waitFor();
}

/** Signs out through the header and waits for the sign-in form of a freshly loaded page. */
async function signOut(page: Page): Promise<void> {
  await page.getByTestId('logout').click();
  await page.locator('#login-username').waitFor();
  assert.equal(await page.getByText('未登录或登录已超时').count(), 0, 'no empty shell after sign-out');
  assert.equal(new URL(page.url()).pathname, '/');
}

describe('every role in Chromium: its landing screen, the fixes it sees, sign-out back to the login page', {
  skip: reason ?? false,
}, () => {
  let h: Harness;
  let reviewed = '';
  let pending = '';

  before(async () => {
    h = await startHarness('2025-09-26');
    const app = h.app;
    // The clock moves between steps (days apart): each step signs in afresh rather than outliving its session.
    const [reg, rev, unit] = ['dengji', 'shenhe', 'zjj_jb'];
    const register = async (title: string) => {
      const r = await (await loginAs(app, reg)).post('/api/v1/items', {
        channel: '网上投诉',
        receivedOn: h.env.deps.clock().toISOString().slice(0, 10),
        headCount: 3,
        petitioners: [{ name: '测试人', phone: '13800001234', address: '城关街道幸福里小区3栋' }],
        title,
        content: `${title}，业主多次反映无果，请求依法处理。`,
        demands: ['依法处理'],
        classCode: '08.03',
        purpose: '求决',
        handlingClass: '申诉求决类',
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return { id: r.body.item.id as string, version: r.body.item.version as number };
    };
    const stepper = (it: { id: string; version: number }) => async (user: string, today: string, input: object) => {
      h.env.setToday(today);
      const c: Client = await loginAs(app, user);
      const r = await c.post(`/api/v1/items/${it.id}/steps`, { version: it.version, input });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      it.version = r.body.item.version;
    };
    // One item through 复查 with the decision served: the 复核 window is still open.
    const b = await register('幸福里小区物业公司擅自上调停车费用且拒不公示收费依据');
    const sb = stepper(b);
    await sb(rev, '2025-09-26', { step: 'route', kind: '交办', unitId: h.people.units.zjj, note: '请核实收费依据' });
    await sb(unit, '2025-09-27', { step: 'confirm_receipt' });
    await sb(unit, '2025-09-28', { step: 'accept' });
    await sb(unit, '2025-09-29', {
      step: 'reply',
      facts: '经查属实',
      basis: '《物业管理条例》第四十条',
      answers: [{ demandIndex: 0, outcome: '支持', explanation: '已责令停止违规收费' }],
    });
    await sb(unit, '2025-09-30', { step: 'serve' });
    await sb(reg, '2025-10-08', { step: 'request_review' });
    await sb(rev, '2025-10-09', {
      step: 'decide_review',
      outcome: '维持',
      opinion: '原处理意见认定事实清楚，予以维持',
    });
    await sb(reg, '2025-10-10', { step: 'serve_decision' });
    reviewed = b.id;
    // One item whose extension waits for the unit head.
    h.env.setToday('2025-10-10');
    const a = await register('城关街道某小区电梯长期故障无人维修');
    const sa = stepper(a);
    await sa(rev, '2025-10-10', { step: 'route', kind: '交办', unitId: h.people.units.zjj });
    await sa(unit, '2025-10-11', { step: 'confirm_receipt' });
    await sa(unit, '2025-10-12', { step: 'accept' });
    await sa(unit, '2025-10-13', { step: 'request_extension', days: 30, reason: '需会同区城管局现场核查' });
    pending = a.id;
    // A 请示 awaiting the leader's 批示 and a 督办 past its reply date: lines on 领导首页.
    const asked = await (await loginAs(app, unit)).post('/api/v1/leader-requests', {
      subject: { kind: 'item', itemId: a.id },
      leaderUserId: h.people.users.leader.userId,
      question: '电梯维修涉及区城管局，请领导协调',
    });
    assert.equal(asked.status, 200, JSON.stringify(asked.body));
    const sv = await (await loginAs(app, rev)).post('/api/v1/supervisions', {
      kind: '电话督办',
      itemIds: [a.id],
      reason: '电梯故障久拖未修',
      requirements: '请书面回复维修进展',
      unitId: h.people.units.zjj,
      issuedOn: '2025-10-13',
      dueOn: '2025-10-14',
    });
    assert.equal(sv.status, 201, JSON.stringify(sv.body));
    const bureau = { actor: h.people.users.reviewer, requestId: null };
    const made = await createCase(h.env.deps, bureau, {
      anchorItemId: a.id,
      itemIds: [],
      title: '城关街道电梯故障积案',
      reason: '多次反映，手工认定',
    });
    await actOnCase(h.env.deps, bureau, made.id, {
      kind: 'assign',
      version: made.version,
      leaderUserId: h.people.users.leader.userId,
      unitId: h.people.units.zjj,
      cadres: [{ name: '孙干部', post: '科长' }],
      reason: '',
    });
    h.env.setToday('2025-10-15');
  });
  after(async () => {
    await h?.close();
  });

  it('the reviewer is not offered 审核通过 while the 复核 window is open, and reads why and the 复查 opinion', async () => {
    const { page } = await h.newPage();
    await login(page, h.base, 'shenhe');
    assert.match(await page.title(), /工作台/);
    await page.goto(`${h.base}/items/${reviewed}`);
    await page.getByTestId('item-detail').waitFor();
    assert.match(await page.title(), /事项详情/);
    assert.equal(await page.getByTestId('step-approve_close').count(), 0, '审核通过 is not offered');
    assert.ok(await page.getByTestId('step-blocked-approve_close').isDisabled(), 'shown disabled');
    assert.match(
      await page.getByTestId('blocked-reason-approve_close').innerText(),
      /复核申请期限至 \d{4}-\d{2}-\d{2} 届满/,
    );
    await page.getByTestId('step-request_rereview').waitFor();
    assert.match(await page.getByTestId('opinion-复查').innerText(), /原处理意见认定事实清楚，予以维持/);
    // the timeline names the unit routed to and the bureau's note
    const route = page.getByTestId('timeline-route');
    await route.getByText('区住建局').waitFor();
    await route.getByText('请核实收费依据').waitFor();
    // 基本信息 labels stay on one line at both sizes
    for (const s of SIZES) {
      await page.setViewportSize(s);
      // one line box per label text: a wrapped label has several
      const lines = await page.locator('.ant-descriptions-item-label').evaluateAll((els) =>
        els.map((e) => {
          const r = document.createRange();
          r.selectNodeContents(e);
          const tops = new Set([...r.getClientRects()].map((x) => Math.round(x.top)));
          return [e.textContent, tops.size] as const;
        }),
      );
      assert.ok(lines.length >= 8);
      for (const [label, n] of lines) assert.equal(n, 1, `label ${label} wraps at ${s.width}px (${n} lines)`);
    }
    // no 8 px body margin: the page itself never scrolls sideways or down, only the content pane
    const margin = await page.evaluate(() => getComputedStyle(document.body).margin);
    assert.equal(margin, '0px');
    await shots(page, 'reviewer-detail');
    await page.goto(`${h.base}/items`);
    await page.locator('.ant-table-row').first().waitFor();
    assert.match(await page.title(), /事项列表/);
    // 人数 is in view at 1366 px and titles are not cut to a few characters
    const head = page.locator('.ant-table-thead th', { hasText: '人数' });
    const box = await head.boundingBox();
    assert.ok(box && box.x + box.width <= 1366, `人数 column at ${JSON.stringify(box)}`);
    const titleCell = page.locator('.ant-table-row').first().locator('td').nth(1);
    const tw = (await titleCell.boundingBox())?.width ?? 0;
    assert.ok(tw >= 200, `title column ${tw}px wide (about 14 characters or more)`);
    await shots(page, 'reviewer-list');
    await signOut(page);
  });

  it('the unit head sees 待审批 and the days and reason asked in the approval dialog', async () => {
    const { page } = await h.newPage();
    await login(page, h.base, 'zjj_fz');
    await page.goto(`${h.base}/items/${pending}`);
    await page.getByTestId('pending-approval').waitFor();
    assert.match(await page.getByTestId('pending-approval').innerText(), /待审批.*30 日/);
    await page.getByTestId('step-decide_extension').click();
    const asked = page.getByTestId('extension-asked');
    await asked.waitFor();
    assert.match(await asked.innerText(), /申请延期 30 日/);
    assert.match(await asked.innerText(), /需会同区城管局现场核查/);
    await shots(page, 'head-extension-dialog');
    await page.keyboard.press('Escape');
    await asked.waitFor({ state: 'hidden' });
    await page.goto(`${h.base}/inbox`);
    await page.locator('.ant-table-thead th', { hasText: '人数' }).waitFor();
    const headers = await page.locator('.ant-table-thead th').allInnerTexts();
    assert.ok(!headers.includes('责任单位'), `the inbox does not repeat the own unit: ${headers.join('|')}`);
    assert.ok(headers.includes('人数'));
    await shots(page, 'head-inbox');
    await signOut(page);
  });

  it('the registrar lands on 工作台; the draft stays in memory, never in the browser storage', async () => {
    const { page } = await h.newPage();
    await login(page, h.base, 'dengji');
    await page.getByText('我的待办').waitFor();
    await shots(page, 'registrar-workbench');
    await page.locator('.ant-menu').getByText('信访登记').click();
    await page.locator('#f-title').waitFor();
    assert.match(await page.title(), /信访登记/);
    await page.getByTestId('petitioner-0').getByPlaceholder('姓名').fill('草稿人');
    await page.locator('#f-title').fill('草稿标题不落盘');
    await page.locator('.ant-menu').getByText('事项列表').click();
    await page.locator('.ant-table-row').first().waitFor();
    await page.locator('.ant-menu').getByText('信访登记').click();
    await page.locator('#f-title').waitFor();
    assert.equal(await page.locator('#f-title').inputValue(), '草稿标题不落盘', 'draft kept while the tab is open');
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
    assert.ok(!stored.includes('草稿'), `nothing of the draft in browser storage: ${stored}`);
    await shots(page, 'registrar-register');
    await signOut(page);
    // after sign-out the draft is gone with the page
    await login(page, h.base, 'dengji', undefined, '/register');
    await page.locator('#f-title').waitFor();
    assert.equal(await page.locator('#f-title').inputValue(), '');
    await signOut(page);
  });

  it('the unit handler lands on 工作台 and signs out to the login page', async () => {
    const { page } = await h.newPage();
    await login(page, h.base, 'zjj_jb');
    await page.getByText('我的待办').waitFor();
    await shots(page, 'handler-workbench');
    await signOut(page);
  });

  it('the leader lands on 领导首页, the administrator on 系统管理, the auditor on 安全审计', async () => {
    for (const [user, path, title, name] of [
      ['lingdao', '/leader', '领导首页', 'leader-home'],
      ['admin', '/admin', '系统管理', 'admin-home'],
      ['shenji', '/audit', '安全审计', 'auditor-audit'],
    ] as const) {
      const { page } = await h.newPage();
      await login(page, h.base, user);
      await page.waitForURL((u) => u.pathname === path);
      await page.waitForFunction((t) => document.title.startsWith(t), title);
      const menu = await page.locator('.ant-menu').innerText();
      if (user !== 'shenji') assert.ok(!menu.includes('工作台'), `${user} has no empty 工作台: ${menu}`);
      if (user === 'lingdao') await leaderHome(page);
      await shots(page, name);
      await signOut(page);
    }
  });

  it('the public page answers a mistyped code in Chinese', async () => {
    const { page } = await h.newPage();
    const r = await page.request.get(`${h.base}/api/v1/public/items/abc`);
    assert.equal(r.status(), 400);
    const msg = ((await r.json()) as { error: { message: string } }).error.message;
    assert.ok(!/code/i.test(msg), `no English field name: ${msg}`);
    assert.match(msg, /查询码/);
  });

  it('no page threw an uncaught error or hit the CSP', () => {
    assert.deepEqual(h.pageErrors, []);
  });
});
