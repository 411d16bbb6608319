import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { Role } from '../../contract/enums.ts';
import { hashPassword } from '../../server/crypto/password-hash.ts';
import { totpCode } from '../../server/crypto/totp.ts';
import { insertUser, setUserContacts, userContacts } from '../../server/store/user.store.ts';
import { loginAs, type Client } from '../http-client.ts';
import { TEST_PASSWORD } from '../test-db.ts';
import { login, SCREENS, shot, skipReason, startHarness, type Harness } from './harness.ts';

const reason = skipReason();
if (reason) console.log(`# ${reason}`);

const P1 = '<img src=x onerror="window.__xss=1">';
const P2 = '<svg onload="window.__xss=1">';
const P3 = '"><script>window.__xss=1</script>';

const TITLE = '和平路口夜间施工噪音扰民';
const FACTS = '经查，施工单位未办理夜间施工许可，情况属实。';
const BASIS = '《中华人民共和国噪声污染防治法》第四十三条';

async function fullShot(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('networkidle').catch(() => {});
  await page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: true });
}

/** window.__xss untouched and no injected element in the React root. */
async function assertNoXss(page: Page, where: string): Promise<void> {
  assert.equal(
    await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss),
    undefined,
    `window.__xss set on ${where}`,
  );
  assert.equal(
    await page.locator('#root img[src="x"], #root svg[onload], #root script, #root [onerror]').count(),
    0,
    `element injected on ${where}`,
  );
}

/** Runs one step through the HTTP API and returns the new version. */
async function step(c: Client, id: string, version: number, input: Record<string, unknown>): Promise<number> {
  const r = await c.post(`/api/v1/items/${id}/steps`, { version, input });
  assert.equal(r.status, 200, `${String(input.step)}: ${JSON.stringify(r.body)}`);
  return r.body.item.version as number;
}

describe('信访人查询, 个人设置 and 账户安全 in Chromium; markup in every free-text field stays text', {
  skip: reason ?? false,
}, () => {
  let h: Harness;
  let queryCode = '';
  let itemNumber = '';

  before(async () => {
    h = await startHarness('2025-09-26');
    // Extra accounts made like seedPeople makes its users.
    const hash = await hashPassword(TEST_PASSWORD);
    const now = h.env.deps.clock().toISOString();
    const user = (username: string, role: Role, unitId: string | null = null) =>
      insertUser(
        h.env.deps.db,
        { id: randomUUID(), username, displayName: `${username}用户`, role, unitId, passwordHash: hash },
        now,
      );
    await user('anquan', 'security_admin');
    await user('suoding', 'unit_handler', h.people.units.zjj);
    await user('gaimi', 'registrar');
    await user('yanzheng', 'reviewer');
  });
  after(async () => {
    await h?.close();
  });

  it('(a) an item walked to 送达: the petitioner queries it without login, sees the answers and rates it', async () => {
    const reg = await loginAs(h.app, 'dengji');
    const r = await reg.post('/api/v1/items', {
      channel: '来访',
      level: '区',
      receivedOn: '2025-09-26',
      petitioners: [{ name: '周秀兰', phone: '13812345678', address: '和平路 18 号' }],
      headCount: 1,
      title: TITLE,
      content: '和平路口工地每晚十一点后仍在施工，噪音严重影响居民休息。',
      demands: ['停止夜间施工', '依法查处施工单位'],
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    queryCode = r.body.queryCode;
    itemNumber = r.body.item.number;
    assert.match(queryCode, /^[A-Z2-9]{10}$/);
    const id = r.body.item.id as string;
    let v = r.body.item.version as number;
    v = await step(await loginAs(h.app, 'shenhe'), id, v, {
      step: 'route',
      kind: '转送',
      unitId: h.people.units.zjj,
      assistUnitIds: [],
      note: '请依法处理',
    });
    const jb = await loginAs(h.app, 'zjj_jb');
    v = await step(jb, id, v, { step: 'confirm_receipt' });
    v = await step(jb, id, v, { step: 'accept' });
    v = await step(jb, id, v, {
      step: 'reply',
      facts: FACTS,
      basis: BASIS,
      answers: [
        { demandIndex: 0, outcome: '支持', explanation: '已责令施工单位停止夜间施工' },
        { demandIndex: 1, outcome: '解释说明', explanation: '已移交区城管局依法处理' },
      ],
    });
    await step(jb, id, v, { step: 'serve' });

    // no login: from the login page's link
    const { page } = await h.newPage();
    await page.goto(h.base + '/');
    await page.getByTestId('public-query-link').click();
    await page.waitForURL(/\/query$/);
    await page.getByTestId('query-code-input').waitFor();
    await shot(page, 'pub-01-query-empty');
    // lower case with a space in the middle
    const typed = `${queryCode.slice(0, 5).toLowerCase()} ${queryCode.slice(5).toLowerCase()}`;
    await page.getByTestId('query-code-input').fill(typed);
    await page.getByTestId('query-submit').click();
    const result = page.getByTestId('query-result');
    await result.waitFor();
    assert.equal(await page.getByTestId('q-number').innerText(), itemNumber);
    assert.equal(await page.getByTestId('q-title').innerText(), TITLE);
    assert.equal(await page.getByTestId('q-status').innerText(), '已送达');
    const d0 = await page.getByTestId('q-demand-0').innerText();
    const d1 = await page.getByTestId('q-demand-1').innerText();
    assert.ok(d0.includes('停止夜间施工') && d0.includes('支持') && d0.includes('已责令施工单位停止夜间施工'), d0);
    assert.ok(d1.includes('依法查处施工单位') && d1.includes('解释说明') && d1.includes('已移交区城管局依法处理'), d1);
    assert.equal(await page.getByTestId('q-basis').innerText(), BASIS);
    assert.equal(await page.getByTestId('q-served').innerText(), '2025年9月26日');
    assert.match(await page.getByTestId('q-review-right').innerText(), /30 日内.*复查/);
    const progress = await page.getByTestId('q-progress').innerText();
    assert.ok(progress.includes('送达'), progress);
    // nothing else: no personal data, no content, no internal facts or notes
    const body = await page.locator('body').innerText();
    for (const secret of ['周秀兰', '13812345678', '和平路 18 号', '每晚十一点', FACTS, '请依法处理', 'zjj_jb'])
      assert.ok(!body.includes(secret), `public page shows ${secret}`);
    // Dates the way a letter writes them, never as ISO dates.
    assert.doesNotMatch(body, /\d{4}-\d{2}-\d{2}/);
    assert.match(body, /收到日期 2025年9月26日/);
    await page.getByTestId('rating-form').waitFor();
    await fullShot(page, 'pub-02-query-result-desktop');

    await page.getByTestId('rating-choice').getByText('基本满意', { exact: true }).click();
    await page.getByTestId('rating-comment').fill('处理及时，希望加强后续巡查');
    await page.getByTestId('rating-submit').click();
    await page.getByTestId('rating-thanks').waitFor();
    assert.match(await page.getByTestId('rating-thanks').innerText(), /感谢您的评价/);
    await page.getByTestId('q-rating').filter({ hasText: '基本满意' }).waitFor();
    assert.equal(await page.getByTestId('rating-form').count(), 0);
    await fullShot(page, 'pub-03-query-rated');

    // a reload shows the rating and no form
    await page.reload();
    await page.getByTestId('q-rating').waitFor();
    const rated = await page.getByTestId('q-rating').innerText();
    assert.ok(rated.includes('基本满意') && rated.includes('处理及时，希望加强后续巡查'), rated);
    assert.equal(await page.getByTestId('rating-form').count(), 0);
    assert.equal(await page.getByTestId('rating-thanks').count(), 0);
    // the code is never put in the address
    assert.ok(!page.url().toUpperCase().includes(queryCode), page.url());

    // a wrong code
    await page.getByTestId('query-code-input').fill('ABCDEFGH23');
    await page.getByTestId('query-submit').click();
    await page.getByTestId('query-error').filter({ hasText: '查询码不正确' }).waitFor();
    assert.equal(await page.getByTestId('query-result').count(), 0, 'the earlier item is no longer shown');
    await shot(page, 'pub-04-query-wrong-code');
    // a malformed code is caught before asking
    await page.getByTestId('query-code-input').fill('abc');
    await page.getByTestId('query-submit').click();
    await page.getByTestId('query-error').filter({ hasText: '10 位' }).waitFor();
  });

  it('(a) the query page at phone width, and the rate-limit message', async () => {
    const ctx = await h.browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    try {
      const page = await ctx.newPage();
      page.on('pageerror', (e) => h.pageErrors.push(`${page.url()}: ${e.message}`));
      await page.goto(h.base + '/query');
      await page.getByTestId('query-code-input').fill(queryCode.toLowerCase());
      await page.getByTestId('query-submit').click();
      await page.getByTestId('q-rating').waitFor();
      // nothing wider than the phone
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      assert.ok(overflow <= 0, `horizontal overflow ${overflow}px`);
      await fullShot(page, 'pub-05-query-phone');
      // 429 from the rate limiter
      await page.route('**/api/v1/public/items/**', (route) =>
        route.fulfill({
          status: 429,
          contentType: 'application/json',
          body: JSON.stringify({ error: { code: 'RATE_LIMITED', message: '请求过于频繁，请稍后再试' } }),
        }),
      );
      await page.getByTestId('query-code-input').fill('ABCDEFGH23');
      await page.getByTestId('query-submit').click();
      await page.getByTestId('query-error').filter({ hasText: '查询过于频繁' }).waitFor();
      await fullShot(page, 'pub-06-query-phone-rate-limited');
    } finally {
      await ctx.close();
    }
  });

  it('(b) markup in every free-text field shows as text on detail, list, workbench, timeline and /query', async () => {
    const reg = await loginAs(h.app, 'dengji');
    const name = `张三${P1}`;
    const address = `幸福里${P2}`;
    const organisation = `${P3}物业公司`;
    const title = `标题${P1}${P2}`;
    const content = `内容一${P1}\n内容二${P2}\n内容三${P3}`;
    const demands = [`诉求一${P1}`, `诉求二${P2}`, `诉求三${P3}`];
    const place = `地点${P3}`;
    const representative = `代表${P2}`;
    const r = await reg.post('/api/v1/items', {
      channel: '来访',
      level: '区',
      receivedOn: '2025-09-26',
      petitioners: [{ name, phone: '13900001111', address }],
      organisation,
      headCount: 6,
      representatives: [representative],
      title,
      content,
      demands,
      place,
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const id = r.body.item.id as string;
    const code = r.body.queryCode as string;
    let v = r.body.item.version as number;
    v = await step(await loginAs(h.app, 'shenhe'), id, v, {
      step: 'route',
      kind: '转送',
      unitId: h.people.units.zjj,
      assistUnitIds: [],
      note: `交办说明${P1}`,
    });
    const jb = await loginAs(h.app, 'zjj_jb');
    v = await step(jb, id, v, { step: 'confirm_receipt' });
    v = await step(jb, id, v, { step: 'accept' });
    const extReason = `延期理由${P2}`;
    v = await step(jb, id, v, { step: 'request_extension', days: 10, reason: extReason });
    v = await step(await loginAs(h.app, 'zjj_fz'), id, v, {
      step: 'decide_extension',
      approve: false,
      note: `审批意见${P3}`,
    });
    const facts = `事实${P2}`;
    const basis = `依据${P1}`;
    const explanations = [`说明一${P3}`, `说明二${P1}`, `说明三${P2}`];
    await step(jb, id, v, {
      step: 'reply',
      facts,
      basis,
      answers: [
        { demandIndex: 0, outcome: '支持', explanation: explanations[0] },
        { demandIndex: 1, outcome: '解释说明', explanation: explanations[1] },
        { demandIndex: 2, outcome: '不予支持', explanation: explanations[2] },
      ],
    });

    // the reviewer: detail (with the real name after 查看完整信息), timeline, list
    const { page } = await h.newPage();
    await login(page, h.base, 'shenhe', undefined, `/items/${id}`);
    const detail = page.getByTestId('item-detail');
    await detail.waitFor();
    await page.getByTestId('timeline').getByText('出具处理意见', { exact: false }).first().waitFor();
    await page.getByRole('button', { name: '查看完整信息' }).click();
    const modal = page.locator('.ant-modal', { hasText: '查看完整身份信息' });
    await modal.locator('textarea').fill('核对信访人身份');
    await modal
      .getByRole('button', { name: '查 看' })
      .or(modal.getByRole('button', { name: '查看' }))
      .first()
      .click();
    await detail.getByText(name, { exact: true }).waitFor();
    await modal.waitFor({ state: 'hidden' });
    const detailText = await detail.innerText();
    for (const s of [
      name,
      address,
      organisation,
      title,
      place,
      representative,
      ...demands,
      facts,
      basis,
      ...explanations,
    ])
      assert.ok(detailText.includes(s), `detail lacks ${s}`);
    for (const line of content.split('\n')) assert.ok(detailText.includes(line), `detail lacks ${line}`);
    const timeline = await page.getByTestId('timeline').innerText();
    assert.ok(timeline.includes(extReason), `timeline lacks ${extReason}: ${timeline}`);
    await assertNoXss(page, 'detail');
    await detail.getByText(name, { exact: true }).scrollIntoViewIfNeeded();
    await shot(page, 'xss-01-detail-unmasked');

    await page.locator('.ant-menu').getByText('事项列表').click();
    const row = page.locator('.ant-table-row', { hasText: title });
    await row.waitFor();
    assert.ok((await row.innerText()).includes(title));
    await assertNoXss(page, 'list');
    await shot(page, 'xss-02-list');

    // the unit handler's workbench (the replied item waits for 送达)
    const { page: wb } = await h.newPage();
    await login(wb, h.base, 'zjj_jb');
    await wb.getByText(title, { exact: true }).first().waitFor();
    await assertNoXss(wb, 'workbench');
    await shot(wb, 'xss-03-workbench');
    // the unit handler's detail too (masked identity, their own view)
    await wb.goto(`${h.base}/items/${id}`);
    await wb.getByTestId('item-detail').waitFor();
    await wb.getByTestId('timeline').getByText(extReason, { exact: false }).waitFor();
    await assertNoXss(wb, 'detail (unit handler)');

    // serve, rate with markup, and look at /query without login
    const cur = (await jb.get(`/api/v1/items/${id}`)).body.version as number;
    await step(jb, id, cur, { step: 'serve' });
    const comment = `评价${P3}`;
    const rate = await h.app.request(`/api/v1/public/items/${code}/rating`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ satisfaction: '不满意', comment }),
    });
    assert.equal(rate.status, 200, await rate.text());
    const { page: pub } = await h.newPage();
    await pub.goto(`${h.base}/query`);
    await pub.getByTestId('query-code-input').fill(code);
    await pub.getByTestId('query-submit').click();
    await pub.getByTestId('q-rating').waitFor();
    const pubText = await pub.getByTestId('query-result').innerText();
    for (const s of [title, ...demands, basis, ...explanations, comment])
      assert.ok(pubText.includes(s), `/query lacks ${s}`);
    assert.ok(
      !pubText.includes(name) && !pubText.includes(facts) && !pubText.includes(extReason),
      'the public page shows only what the petitioner may see',
    );
    await assertNoXss(pub, '/query');
    await fullShot(pub, 'xss-04-query');
  });

  it('(c) an account locked by 5 wrong logins is unlocked by the security administrator in 账户安全', async () => {
    const tryLogin = (password: string) =>
      h.app.request('/api/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'suoding', password }),
      });
    for (let i = 0; i < 5; i++) await tryLogin('wrong-password');
    const locked = await tryLogin(TEST_PASSWORD);
    assert.equal(locked.status, 429, 'locked even with the right password');

    const { page } = await h.newPage();
    await login(page, h.base, 'anquan');
    const menu = await page.locator('.ant-menu').innerText();
    assert.ok(menu.includes('账户安全') && menu.includes('安全审计'), `security admin menu: ${menu}`);
    await page.locator('.ant-menu').getByText('账户安全').click();
    await page.waitForURL(/\/security$/);
    const row = page.locator('.ant-table-row', { hasText: 'suoding' });
    await row.getByTestId('locked-suoding').waitFor();
    // unit names arrive with their own request
    await page.locator('.ant-table-row', { hasText: 'suoding' }).filter({ hasText: '区住建局' }).waitFor();
    const text = await row.innerText();
    assert.ok(
      text.includes('责任单位经办人') && text.includes('区住建局') && /锁定至 \d{4}-\d{2}-\d{2} \d{2}:\d{2}/.test(text),
      text,
    );
    // only locked accounts get the button
    assert.equal(
      await page
        .locator('.ant-table-row', { hasText: 'dengji' })
        .getByRole('button', { name: /解除锁定/ })
        .count(),
      0,
    );
    await shot(page, 'sec-01-account-security-locked');
    await row.getByTestId('unlock-suoding').click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /解除锁定/ })
      .click();
    await page.locator('.ant-message').getByText('已解除 suoding 的锁定').waitFor();
    await row.getByTestId('locked-suoding').waitFor({ state: 'detached' });
    assert.equal(await page.getByTestId('locked-count').innerText(), '0');
    await shot(page, 'sec-02-account-security-unlocked');

    const { page: up } = await h.newPage();
    await login(up, h.base, 'suoding');
    assert.equal(await up.getByTestId('user-name').innerText(), 'suoding用户');

    // other roles do not get the screen
    const { page: other } = await h.newPage();
    await login(other, h.base, 'admin', undefined, '/security');
    await other.getByText('页面不存在，或您无权使用此功能').waitFor();
    assert.ok(!(await other.locator('.ant-menu').innerText()).includes('账户安全'));
  });

  it('(d) 个人设置: a wrong or weak password is explained; a good one ends the session and works next time', async () => {
    const gaimiId = (
      await h.env.deps.db.selectFrom('users').select('id').where('username', '=', 'gaimi').executeTakeFirstOrThrow()
    ).id;
    await setUserContacts(h.env.deps.db, gaimiId, { phone: '13800000011', email: null });
    const { page } = await h.newPage();
    await login(page, h.base, 'gaimi');
    await page.getByTestId('user-menu').click();
    await page.getByTestId('menu-settings').click();
    await page.waitForURL(/\/settings$/);
    await page.getByTestId('password-card').waitFor();
    // 通知方式: no address on file, so e-mail cannot be turned on; the SMS switch (a phone is on file) turns off.
    const channels = page.getByTestId('notify-channels-card');
    await channels.getByText('发送至 13800000011').waitFor();
    await channels.getByText('未登记电子邮箱，如需邮件通知请联系系统管理员登记').waitFor();
    assert.equal(await page.getByTestId('notify-email').isDisabled(), true);
    assert.equal(await page.getByTestId('notify-sms').getAttribute('aria-checked'), 'true');
    await page.getByTestId('notify-sms').click();
    await page.getByText('通知方式已保存').waitFor();
    assert.equal(await page.getByTestId('notify-sms').getAttribute('aria-checked'), 'false');
    assert.equal((await userContacts(h.env.deps.db, [gaimiId])).get(gaimiId)?.smsOn, false);
    await shot(page, 'set-01-settings');

    // a wrong current password: the message, and the user stays signed in
    await page.locator('#pw-current').fill('not-my-password');
    await page.locator('#pw-next').fill('Hx#9kLm2Qp');
    await page.locator('#pw-confirm').fill('Hx#9kLm2Qp');
    await page.getByTestId('password-submit').click();
    await page.getByTestId('password-error').filter({ hasText: '当前密码不正确' }).waitFor();
    assert.equal(await page.getByTestId('user-name').count(), 1, 'still signed in');
    // mismatched confirmation is caught in the form
    await page.locator('#pw-current').fill(TEST_PASSWORD);
    await page.locator('#pw-confirm').fill('Hx#9kLm2Qx');
    await page.getByTestId('password-submit').click();
    await page.getByText('两次输入的新密码不一致').waitFor();
    // the policy message of the API (422)
    await page.locator('#pw-next').fill('abcdefgh');
    await page.locator('#pw-confirm').fill('abcdefgh');
    await page.getByTestId('password-submit').click();
    const err = page.getByTestId('password-error').filter({ hasText: '新密码不符合要求' });
    await err.waitFor();
    assert.match(await err.innerText(), /至少三类/);
    await shot(page, 'set-02-password-policy');

    const NEW = 'Hx#9kLm2Qp';
    await page.locator('#pw-next').fill(NEW);
    await page.locator('#pw-confirm').fill(NEW);
    await page.getByTestId('password-submit').click();
    const notice = page.getByTestId('login-notice');
    await notice.waitFor();
    assert.match(await notice.innerText(), /请使用新密码重新登录/);
    await shot(page, 'set-03-relogin');
    // the old password no longer works, the new one does
    await page.locator('#login-username').fill('gaimi');
    await page.locator('#login-password').fill(TEST_PASSWORD);
    await page.locator('button[type=submit]').click();
    await page.getByTestId('login-error').filter({ hasText: '用户名或密码错误' }).waitFor();
    await page.locator('#login-password').fill(NEW);
    await page.locator('button[type=submit]').click();
    await page.getByTestId('user-name').waitFor();
    await loginAs(h.app, 'gaimi', NEW);
  });

  it('(d) 个人设置: 动态验证码 enrolment shows the secret in groups and the otpauth URI, and enables TOTP', async () => {
    const { page } = await h.newPage();
    await login(page, h.base, 'yanzheng', undefined, '/settings');
    await page.getByTestId('totp-generate').click();
    const secretEl = page.getByTestId('totp-secret');
    await secretEl.waitFor();
    const grouped = await secretEl.innerText();
    assert.match(grouped, /^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/, grouped);
    const secret = grouped.replace(/ /g, '');
    const uri = await page.getByTestId('totp-uri').innerText();
    assert.ok(uri.startsWith('otpauth://totp/') && uri.includes(`secret=${secret}`), uri);
    await shot(page, 'set-04-totp-setup');
    // a wrong code
    const good = totpCode(secret, h.env.deps.clock().getTime());
    const bad = good === '000000' ? '111111' : '000000';
    await page.locator('#totp-password').fill(TEST_PASSWORD);
    await page.locator('#totp-code').fill(bad);
    await page.getByTestId('totp-enable').click();
    await page.getByTestId('totp-error').filter({ hasText: '验证码不正确' }).waitFor();
    await page.locator('#totp-code').fill(good);
    await page.getByTestId('totp-enable').click();
    await page.getByTestId('totp-enabled').waitFor();
    await shot(page, 'set-05-totp-enabled');
    // from now on the login asks for the code
    await assert.rejects(loginAs(h.app, 'yanzheng'), /动态验证码/);
  });

  it('no page threw an uncaught error or hit the CSP', () => {
    assert.deepEqual(h.pageErrors, []);
  });
});
