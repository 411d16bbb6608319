import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { idCheckChar } from '../contract/id-number.ts';
import { createApp } from '../server/http/app.ts';
import { loginAs, type Client } from './http-client.ts';
import { dialects, makeTestEnv, seedPeople, TEST_PASSWORD, type TestEnv } from './test-db.ts';

const opts = {
  secureCookies: false,
  idleMinutes: 30,
  webDist: null,
  log: null,
  rateLimitPerMinute: 1000,
  filesDir: '',
};
const validId = (() => {
  const b = '11010519491231002';
  return b + idCheckChar(b);
})();
const base = {
  channel: '来访',
  receivedOn: '2025-09-20',
  headCount: 1,
  petitioners: [{ name: '李某', idNumber: validId, phone: '13900005678' }],
  title: '拖欠工资',
  content: '某公司拖欠工资三个月',
  demands: ['支付工资'],
};

for (const dialect of dialects()) {
  describe(`API guards (${dialect})`, () => {
    let env: TestEnv;
    let app: ReturnType<typeof createApp>;
    let reg: Client;
    let people: Awaited<ReturnType<typeof seedPeople>>;
    before(async () => {
      env = await makeTestEnv(dialect, '2025-09-26');
      people = await seedPeople(env.deps);
      app = createApp(env.deps, { ...opts, filesDir: `${env.dir}/files` });
      reg = await loginAs(app, 'dengji');
    });
    after(async () => env.close());

    const count = async () =>
      Number(
        (
          await env.deps.db
            .selectFrom('items')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirst()
        )?.n ?? 0,
      );

    it('anonymous requests get 401; writes without the CSRF token get 403', async () => {
      const r = await app.request('/api/v1/items');
      assert.equal(r.status, 401);
      assert.equal(((await r.json()) as any).error.code, 'UNAUTHENTICATED');
      const login = await app.request('/api/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'dengji', password: TEST_PASSWORD }),
      });
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
      const w = await app.request('/api/v1/items', {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify(base),
      });
      assert.equal(w.status, 403);
      assert.equal(((await w.json()) as any).error.code, 'CSRF');
    });

    it('secure headers are set', async () => {
      const r = await app.request('/healthz');
      assert.equal(r.status, 200);
      assert.match(r.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
      assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
    });

    it('bad input is a 4xx with a stable code and a Chinese message, and writes nothing', async () => {
      const before = await count();
      const cases: [unknown, number, string, RegExp][] = [
        [
          {
            ...base,
            petitioners: [{ name: '李某', idNumber: validId.slice(0, 17) + (validId.endsWith('0') ? '1' : '0') }],
          },
          422,
          'ID_NUMBER_INVALID',
          /证件号码/,
        ],
        [{ ...base, receivedOn: '2025-12-01' }, 422, 'DATE_IN_FUTURE', /晚于今天/],
        [{ ...base, registeredOn: '2025-09-10' }, 422, 'DATE_ORDER', /晚于登记日期/],
        [{ ...base, receivedOn: '2025-02-30' }, 400, 'VALIDATION', /日期/],
        [{ ...base, headCount: 1, petitioners: [{ name: '甲' }, { name: '乙' }] }, 422, 'HEAD_COUNT', /人数/],
        [
          { ...base, headCount: 9, representatives: ['a', 'b', 'c', 'd', 'e', 'f'] },
          422,
          'REPRESENTATIVES',
          /5 名代表/,
        ],
        [{ ...base, classCode: '99.99' }, 422, 'UNKNOWN_CLASS', /内容分类/],
        [{ ...base, channel: '飞鸽' }, 400, 'VALIDATION', /信访形式/],
        [{ ...base, demands: [] }, 400, 'VALIDATION', /诉求/],
        [{ ...base, petitioners: [{ name: '李某', phone: '12345' }] }, 422, 'PHONE_INVALID', /电话/],
      ];
      for (const [body, status, code, msg] of cases) {
        const r = await reg.post('/api/v1/items', body);
        assert.equal(r.status, status, `${code}: ${JSON.stringify(r.body)}`);
        assert.equal(r.body.error.code, code);
        assert.match(r.body.error.message, msg);
      }
      const raw = await app.request('/api/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{not json',
      });
      assert.ok(raw.status >= 400 && raw.status < 500);
      assert.equal(await count(), before, 'nothing was written');
    });

    it('an unverified ID number is accepted when the registrar marks it so', async () => {
      const r = await reg.post('/api/v1/items', {
        ...base,
        petitioners: [{ name: '李某', idNumber: '110105194912310020', idUnverified: true }],
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(r.body.item.petitioners[0].idVerified, false);
    });

    it('a collective visit of 6 is 集体访; a retry with the same idempotency key returns the first item', async () => {
      const body = {
        ...base,
        headCount: 6,
        representatives: ['李某'],
        petitioners: [{ name: '李某' }, { name: '王某' }],
      };
      const a = await reg.post('/api/v1/items', body, { 'idempotency-key': 'k-123' });
      const b = await reg.post('/api/v1/items', body, { 'idempotency-key': 'k-123' });
      assert.equal(a.status, 201);
      assert.equal(b.status, 200);
      assert.equal(b.body.replayed, true);
      assert.equal(a.body.item.id, b.body.item.id);
      assert.ok(a.body.item.flags.includes('集体访'));
    });

    it('numbers stay unique under concurrent registration', async () => {
      const rs = await Promise.all(Array.from({ length: 12 }, () => reg.post('/api/v1/items', base)));
      const numbers = rs.map((r) => r.body.item?.number);
      assert.ok(
        rs.every((r) => r.status === 201),
        JSON.stringify(rs.map((r) => r.status)),
      );
      assert.equal(new Set(numbers).size, numbers.length);
    });

    it('the same person raising the same matter again is a repeat (重件) with the link and reason', async () => {
      const r = await reg.post('/api/v1/items', { ...base, receivedOn: '2025-09-25' });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(r.body.item.isRepeat, true);
      assert.ok(r.body.item.earlier.length >= 1);
      assert.match(r.body.item.earlier[0].reason, /同一证件号码/);
      const hint = await reg.get(`/api/v1/items/repeat-check?idNumber=${validId}`);
      assert.ok(hint.body.candidates?.length >= 2, JSON.stringify(hint.body));
    });

    it('wrong passwords lock the account after 5 failures', async () => {
      const attempt = (pw: string) =>
        app.request('/api/v1/auth/login', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'lingdao', password: pw }),
        });
      for (let i = 0; i < 4; i++) {
        const r = await attempt('wrong');
        assert.equal(r.status, 401);
        assert.match(((await r.json()) as any).error.message, /用户名或密码错误/);
      }
      const fifth = await attempt('wrong');
      assert.equal(fifth.status, 429);
      assert.equal(fifth.headers.get('retry-after'), '900', 'locked for 15 minutes, said in Retry-After');
      const right = await attempt(TEST_PASSWORD);
      assert.equal(right.status, 429, 'locked even with the right password');
      assert.equal(((await right.json()) as any).error.code, 'ACCOUNT_LOCKED');
      env.setToday('2025-09-27');
      assert.equal((await attempt(TEST_PASSWORD)).status, 200, 'unlocked after 15 minutes');
      env.setToday('2025-09-26');
    });

    it("unit staff list only their unit's items; other roles cannot register", async () => {
      const handler = await loginAs(app, 'zjj_jb');
      const list = await handler.get('/api/v1/items');
      assert.equal(list.status, 200);
      assert.equal(list.body.total, 0);
      const reg2 = await handler.post('/api/v1/items', base);
      assert.equal(reg2.status, 403);
      const admin = await loginAs(app, 'admin');
      assert.equal((await admin.get('/api/v1/items')).status, 403, 'the system administrator does not read petitions');
      void people;
    });

    it('attachments: stored by content, type sniffed, size limited, names made safe, other units denied', async () => {
      const created = await reg.post('/api/v1/items', { ...base, petitioners: [{ name: '附件人' }] });
      const itemId = created.body.item.id;
      const login = await app.request('/api/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'dengji', password: TEST_PASSWORD }),
      });
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
      const csrf = ((await login.json()) as any).csrf;
      const upload = async (name: string, bytes: Uint8Array, type = 'application/pdf') => {
        const fd = new FormData();
        fd.append('file', new File([bytes as BlobPart], name, { type }));
        const r = await app.request(`/api/v1/items/${itemId}/attachments`, {
          method: 'POST',
          headers: { cookie, 'x-csrf-token': csrf },
          body: fd,
        });
        return { status: r.status, body: (await r.json()) as any };
      };
      const pdf = new TextEncoder().encode('%PDF-1.4\n%测试\n');
      const ok = await upload('../../etc/材料.pdf', pdf);
      assert.equal(ok.status, 201, JSON.stringify(ok.body));
      assert.equal(ok.body.name, '材料.pdf', 'path components are dropped');
      assert.equal(ok.body.mime, 'application/pdf');
      const fake = await upload('病毒.pdf', new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 1, 2, 3]));
      assert.equal(fake.status, 415);
      assert.equal(fake.body.error.code, 'FILE_TYPE');
      const big = await upload('大.pdf', new Uint8Array(21 * 1024 * 1024).fill(0x25));
      assert.equal(big.status, 413);
      assert.equal(big.body.error.code, 'FILE_TOO_LARGE');
      const list = await reg.get(`/api/v1/items/${itemId}/attachments`);
      assert.equal(list.body.attachments.length, 1, 'refused files left nothing behind');
      const dl = await app.request(`/api/v1/attachments/${ok.body.id}`, { headers: { cookie } });
      assert.equal(dl.status, 200);
      assert.equal(Buffer.from(await dl.arrayBuffer()).toString(), '%PDF-1.4\n%测试\n');
      const other = await loginAs(app, 'scj_jb');
      assert.equal((await other.get(`/api/v1/items/${itemId}/attachments`)).status, 404);
    });

    it('TOTP: once enabled, login needs the current code', async () => {
      const { totpCode } = await import('../server/crypto/totp.ts');
      const leader = await loginAs(app, 'lingdao');
      const setup = await leader.post('/api/v1/auth/totp/setup', {});
      assert.match(setup.body.uri, /^otpauth:\/\/totp\//);
      const now = env.deps.clock().getTime();
      const wrong = await leader.post('/api/v1/auth/totp/enable', {
        secret: setup.body.secret,
        code: '000000' === totpCode(setup.body.secret, now) ? '111111' : '000000',
        password: TEST_PASSWORD,
      });
      assert.equal(wrong.status, 400);
      assert.equal(
        (
          await leader.post('/api/v1/auth/totp/enable', {
            secret: setup.body.secret,
            code: totpCode(setup.body.secret, now),
            password: TEST_PASSWORD,
          })
        ).status,
        200,
      );
      const login = (body: object) =>
        app.request('/api/v1/auth/login', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'lingdao', password: TEST_PASSWORD, ...body }),
        });
      assert.equal((await login({})).status, 401, 'password alone is not enough');
      // The code that confirmed the secret is used up; the next one works.
      assert.equal((await login({ totp: totpCode(setup.body.secret, now + 30_000) })).status, 200);
    });

    it('the current list exports to xlsx with the same filters, without personal data', async () => {
      const ExcelJS = (await import('exceljs')).default;
      const list = await reg.get('/api/v1/items?q=%E6%8B%96%E6%AC%A0&sort=number&order=asc&pageSize=5');
      const login = await app.request('/api/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'shenhe', password: TEST_PASSWORD }),
      });
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
      const r = await app.request('/api/v1/items/export?q=%E6%8B%96%E6%AC%A0&sort=number&order=asc', {
        headers: { cookie },
      });
      assert.equal(r.status, 200);
      assert.match(r.headers.get('content-disposition') ?? '', /filename\*=UTF-8''/);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(await r.arrayBuffer()) as never);
      const ws = wb.getWorksheet('事项列表')!;
      const numbers: string[] = [];
      ws.eachRow((row, i) => {
        if (i > 3) numbers.push(String(row.getCell(1).value));
      });
      assert.equal(numbers.length, list.body.total, 'every matching item, not just one page');
      assert.deepEqual(
        numbers.slice(0, 5),
        list.body.items.map((x: any) => x.number),
        'same order as the list',
      );
      const all = JSON.stringify(ws.getSheetValues());
      assert.ok(!all.includes('13900005678') && !all.includes(validId), 'no phone or ID number in the file');
    });

    it('a disabled account loses its sessions and cannot sign in; enabling it restores it', async () => {
      const admin = await loginAs(app, 'admin');
      const target = await loginAs(app, 'scj_jb');
      const users = await admin.get('/api/v1/users');
      const scj = users.body.users.find((u: any) => u.username === 'scj_jb');
      const self = users.body.users.find((u: any) => u.username === 'admin');
      assert.equal(
        (await admin.put(`/api/v1/users/${self.id}/disabled`, { disabled: true })).status,
        400,
        'not oneself',
      );
      assert.equal((await reg.put(`/api/v1/users/${scj.id}/disabled`, { disabled: true })).status, 403);
      assert.equal((await admin.put(`/api/v1/users/${scj.id}/disabled`, { disabled: true })).status, 200);
      assert.equal((await target.get('/api/v1/auth/me')).status, 401, 'its session ended');
      const login = (pw: string) =>
        app.request('/api/v1/auth/login', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'scj_jb', password: pw }),
        });
      assert.equal((await login(TEST_PASSWORD)).status, 401);
      assert.equal((await admin.put(`/api/v1/users/${scj.id}/disabled`, { disabled: false })).status, 200);
      assert.equal((await login(TEST_PASSWORD)).status, 200);
    });

    it('OpenAPI describes the API', async () => {
      const r = await app.request('/api/openapi.json');
      const spec = (await r.json()) as any;
      assert.ok(spec.paths['/api/v1/items']);
      assert.ok(spec.paths['/api/v1/items/{id}/steps']);
      assert.equal((await app.request('/api/docs')).status, 200);
    });
  });
}
