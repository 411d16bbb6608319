import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { applyStep } from '../server/app/apply-step.ts';
import { registerItem } from '../server/app/register-item.ts';
import { createApp } from '../server/http/app.ts';
import { extraRouteModules } from '../server/http/modules.ts';
import { loginAs, type Client } from './http-client.ts';
import { makeTestEnv, seedPeople, TEST_PASSWORD, type TestEnv } from './test-db.ts';
import { hashPassword } from '../server/crypto/password-hash.ts';
import { insertUser } from '../server/store/user.store.ts';

type Who =
  | 'anonymous'
  | 'registrar'
  | 'reviewer'
  | 'handlerOwn'
  | 'handlerOther'
  | 'headOwn'
  | 'leader'
  | 'admin'
  | 'securityAdmin'
  | 'auditor';
const WHO: Who[] = [
  'anonymous',
  'registrar',
  'reviewer',
  'handlerOwn',
  'handlerOther',
  'headOwn',
  'leader',
  'admin',
  'securityAdmin',
  'auditor',
];
const BUREAU: Who[] = ['registrar', 'reviewer'];
const READERS: Who[] = [...BUREAU, 'leader'];
const AUTHED = WHO.filter((w) => w !== 'anonymous');

/**
 * The role × action × scope matrix: every endpoint is called by every role on an item of the actor's own unit,
 * of another unit, and on a confidential (检举控告类) item routed to the accused unit; each call must be allowed
 * (2xx) or denied (401/403/404/409) exactly as the policy says.
 */
describe('access matrix: endpoints × roles × scope (sqlite)', () => {
  let env: TestEnv;
  const clients = new Map<Who, Client>();
  let app: ReturnType<typeof createApp>;
  const ids = { own: '', other: '', confidential: '' };
  let securityUserId = '';

  before(async () => {
    env = await makeTestEnv('sqlite', '2025-09-26');
    const p = await seedPeople(env.deps);
    securityUserId = 'sec-1';
    await insertUser(
      env.deps.db,
      {
        id: securityUserId,
        username: 'anquan',
        displayName: '安全管理员',
        role: 'security_admin',
        unitId: null,
        passwordHash: await hashPassword(TEST_PASSWORD),
      },
      new Date().toISOString(),
    );
    const reg = { actor: p.users.registrar, requestId: null };
    const rev = { actor: p.users.reviewer, requestId: null };
    const base = {
      channel: '来信' as const,
      level: '区' as const,
      receivedOn: '2025-09-20',
      registeredOn: '2025-09-20',
      headCount: 1,
      representatives: [],
      demands: ['诉求'],
      purpose: '求决' as const,
      flags: [],
    };
    const own = await registerItem(env.deps, reg, {
      ...base,
      petitioners: [{ name: '张三', phone: '13800001111', idUnverified: false }],
      title: '本单位事项',
      content: '内容',
      handlingClass: '申诉求决类',
    });
    await applyStep(env.deps, rev, own.item.id, 1, {
      step: 'route',
      on: '2025-09-21',
      kind: '转送',
      unitId: p.units.zjj,
      assistUnitIds: [],
      note: '',
    });
    const other = await registerItem(env.deps, reg, {
      ...base,
      petitioners: [{ name: '李四', idUnverified: false }],
      title: '他单位事项',
      content: '内容',
      handlingClass: '申诉求决类',
    });
    await applyStep(env.deps, rev, other.item.id, 1, {
      step: 'route',
      on: '2025-09-21',
      kind: '转送',
      unitId: p.units.scj,
      assistUnitIds: [],
      note: '',
    });
    const conf = await registerItem(env.deps, reg, {
      ...base,
      petitioners: [{ name: '王举报', phone: '13900002222', idUnverified: false }],
      title: '检举某科长',
      content: '举报内容',
      handlingClass: '检举控告类',
      purpose: '揭发控告',
      accused: { name: '某科长', unitId: p.units.zjj, note: '' },
    });
    const refused = await applyStep(env.deps, rev, conf.item.id, 1, {
      step: 'route',
      on: '2025-09-21',
      kind: '转送',
      unitId: p.units.zjj,
      assistUnitIds: [],
      note: '',
    }).catch((e: { code: string }) => e.code);
    assert.equal(
      refused,
      'FORBIDDEN',
      'routing a 检举控告 item to the accused unit is refused unless the bureau redacts',
    );
    await applyStep(env.deps, rev, conf.item.id, 1, {
      step: 'route',
      on: '2025-09-21',
      kind: '转送',
      unitId: p.units.zjj,
      assistUnitIds: [],
      note: '',
      redactIdentity: true,
    });
    ids.own = own.item.id;
    ids.other = other.item.id;
    ids.confidential = conf.item.id;
    app = createApp(
      env.deps,
      {
        secureCookies: false,
        idleMinutes: 600,
        webDist: null,
        log: null,
        rateLimitPerMinute: 100000,
        filesDir: `${env.dir}/files`,
      },
      extraRouteModules,
    );
    const names: Record<Exclude<Who, 'anonymous'>, string> = {
      registrar: 'dengji',
      reviewer: 'shenhe',
      handlerOwn: 'zjj_jb',
      handlerOther: 'scj_jb',
      headOwn: 'zjj_fz',
      leader: 'lingdao',
      admin: 'admin',
      securityAdmin: 'anquan',
      auditor: 'shenji',
    };
    for (const [who, name] of Object.entries(names)) clients.set(who as Who, await loginAs(app, name));
    clients.set('anonymous', {
      get: async (path) => {
        const r = await app.request(path);
        return { status: r.status, body: await r.text() };
      },
      post: async (path, b) => {
        const r = await app.request(path, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(b),
        });
        return { status: r.status, body: await r.text() };
      },
      put: async (path, b) => {
        const r = await app.request(path, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(b),
        });
        return { status: r.status, body: await r.text() };
      },
    });
  });
  after(async () => env.close());

  interface Case {
    name: string;
    call: (c: Client) => Promise<{ status: number; body: any }>;
    allow: Who[];
  }
  const item = (scope: keyof typeof ids) => ids[scope];
  // 'own' and 'confidential' are led by 区住建局 (handlerOwn, headOwn); 'other' by 区市场监管局 (handlerOther).
  const unitViewers = (scope: keyof typeof ids): Who[] =>
    scope === 'other' ? ['handlerOther'] : ['handlerOwn', 'headOwn'];
  const cases = (): Case[] => [
    {
      name: 'GET items list',
      call: (c) => c.get('/api/v1/items'),
      allow: [...READERS, 'handlerOwn', 'handlerOther', 'headOwn'],
    },
    ...(['own', 'other', 'confidential'] as const).flatMap((scope): Case[] => [
      {
        name: `GET item (${scope})`,
        call: (c) => c.get(`/api/v1/items/${item(scope)}`),
        allow: [...READERS, ...unitViewers(scope)],
      },
      {
        name: `GET timeline (${scope})`,
        call: (c) => c.get(`/api/v1/items/${item(scope)}/timeline`),
        allow: [...READERS, ...unitViewers(scope)],
      },
      {
        name: `GET attachments (${scope})`,
        call: (c) => c.get(`/api/v1/items/${item(scope)}/attachments`),
        allow: [...READERS, ...unitViewers(scope)],
      },
      {
        name: `POST unmask (${scope})`,
        call: (c) => c.post(`/api/v1/items/${item(scope)}/unmask`, { reason: '核实身份' }),
        allow: [...BUREAU, ...(scope === 'confidential' ? [] : unitViewers(scope))],
      },
      // Only the lead unit's staff confirm receipt; the first of them succeeds, after which the step is gone (409).
      {
        name: `POST step confirm_receipt (${scope})`,
        call: (c) =>
          c.post(`/api/v1/items/${item(scope)}/steps`, {
            version: 2,
            input: { step: 'confirm_receipt', on: '2025-09-22' },
          }),
        allow: [unitViewers(scope)[0]!],
      },
    ]),
    {
      name: 'POST register',
      call: (c) =>
        c.post('/api/v1/items', {
          channel: '来信',
          receivedOn: '2025-09-20',
          headCount: 1,
          petitioners: [{ name: '赵' }],
          title: 't',
          content: 'c',
          demands: ['d'],
        }),
      allow: BUREAU,
    },
    { name: 'GET repeat-check', call: (c) => c.get('/api/v1/items/repeat-check?phone=13800001111'), allow: BUREAU },
    { name: 'GET workbench', call: (c) => c.get('/api/v1/workbench'), allow: AUTHED },
    { name: 'GET me', call: (c) => c.get('/api/v1/auth/me'), allow: AUTHED },
    { name: 'GET units', call: (c) => c.get('/api/v1/units'), allow: AUTHED },
    { name: 'GET taxonomy', call: (c) => c.get('/api/v1/taxonomy'), allow: AUTHED },
    { name: 'GET calendar', call: (c) => c.get('/api/v1/calendar?year=2025'), allow: AUTHED },
    { name: 'GET rules', call: (c) => c.get('/api/v1/rules'), allow: AUTHED },
    {
      name: 'PUT rules',
      call: (c) => c.put('/api/v1/rules', { thresholds: { notice: 0.75, warning: 0.85, severe: 0.99 } }),
      allow: ['admin'],
    },
    {
      name: 'PUT calendar day',
      call: (c) => c.put('/api/v1/calendar/day', { date: '2030-01-02', kind: 'normal', reason: '' }),
      allow: ['admin'],
    },
    { name: 'GET users', call: (c) => c.get('/api/v1/users'), allow: ['admin', 'securityAdmin'] },
    {
      name: 'PUT user enabled',
      call: (c) => c.put(`/api/v1/users/${securityUserId}/disabled`, { disabled: false }),
      allow: ['admin'],
    },
    { name: 'POST unit', call: (c) => c.post('/api/v1/units', { name: `新单位${Math.random()}` }), allow: ['admin'] },
    { name: 'GET audit', call: (c) => c.get('/api/v1/audit'), allow: ['auditor', 'securityAdmin'] },
    { name: 'GET audit verify', call: (c) => c.get('/api/v1/audit/verify'), allow: ['auditor', 'securityAdmin'] },
    {
      name: 'POST unlock user',
      call: (c) => c.post(`/api/v1/users/${securityUserId}/unlock`, {}),
      allow: ['securityAdmin'],
    },
    {
      name: 'GET report',
      call: (c) => c.get('/api/v1/reports/situation?from=2025-01-01&to=2025-12-31'),
      allow: READERS,
    },
    {
      name: 'GET dashboard',
      call: (c) => c.get('/api/v1/reports/dashboard?from=2025-01-01&to=2025-12-31'),
      allow: READERS,
    },
    {
      // Units get the hot issues of the items they may open (filtered member by member).
      name: 'GET hotspots',
      call: (c) => c.get('/api/v1/text/hotspots?from=2025-01-01&to=2025-12-31'),
      allow: [...READERS, 'handlerOwn', 'handlerOther', 'headOwn'],
    },
    {
      name: 'POST suggest',
      call: (c) => c.post('/api/v1/text/suggest', { title: '物业', content: '物业收费' }),
      allow: BUREAU,
    },
  ];

  it('allows and denies exactly as the policy says', async () => {
    let checked = 0;
    const wrong: string[] = [];
    for (const cs of cases()) {
      for (const who of WHO) {
        const r = await cs.call(clients.get(who)!);
        const allowed = r.status >= 200 && r.status < 300;
        const expected = cs.allow.includes(who);
        if (!allowed && ![401, 403, 404, 409].includes(r.status))
          wrong.push(`${cs.name} × ${who}: unexpected ${r.status}`);
        else if (allowed !== expected)
          wrong.push(
            `${cs.name} × ${who}: ${allowed ? 'allowed' : 'denied'} (${r.status}), ` +
              `expected ${expected ? 'allow' : 'deny'}`,
          );
        if (who === 'anonymous' && !cs.name.startsWith('POST step') && r.status !== 401)
          wrong.push(`${cs.name} × anonymous: ${r.status}, expected 401`);
        checked++;
      }
    }
    console.log(
      JSON.stringify({ accessMatrix: { endpoints: cases().length, roles: WHO.length, checked, wrong: wrong.length } }),
    );
    assert.deepEqual(wrong, []);
  });

  it("the accused unit sees the confidential item without the accuser's identity or the accused party", async () => {
    const r = await clients.get('handlerOwn')!.get(`/api/v1/items/${ids.confidential}`);
    assert.equal(r.status, 200);
    assert.equal(r.body.petitioners[0].name, '（已隐去）');
    assert.equal(r.body.petitioners[0].phone, null);
    assert.equal(r.body.accused, null);
    assert.ok(!JSON.stringify(r.body).includes('王举报'));
    assert.ok(!JSON.stringify(r.body).includes('13900002222'));
    const bureau = await clients.get('reviewer')!.get(`/api/v1/items/${ids.confidential}`);
    assert.match(bureau.body.petitioners[0].name, /^王\*+$/, 'masked by default for the bureau too');
    const unmasked = await clients
      .get('reviewer')!
      .post(`/api/v1/items/${ids.confidential}/unmask`, { reason: '核实举报人身份' });
    assert.equal(unmasked.body.petitioners[0].name, '王举报');
    const audit = await clients.get('auditor')!.get(`/api/v1/audit?action=item.unmask&itemId=${ids.confidential}`);
    assert.ok(
      audit.body.events.some((e: any) => e.detail.reason === '核实举报人身份' && e.actor === 'shenhe'),
      'every read of the identity is audited',
    );
  });
});
