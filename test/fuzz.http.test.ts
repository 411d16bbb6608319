import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { sql } from 'kysely';
import { verifyAudit } from '../server/app/audit-queries.ts';
import { registerItem } from '../server/app/register-item.ts';
import { applyStep } from '../server/app/apply-step.ts';
import { createApp } from '../server/http/app.ts';
import { extraRouteModules } from '../server/http/modules.ts';
import { makeTestEnv, seedPeople, TEST_PASSWORD, type TestEnv } from './test-db.ts';

const RUNS = Number(process.env.XINFANG_FUZZ_RUNS ?? 25);

const hostile = fc.constantFrom(
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'; drop table items; --",
  '../../../../etc/passwd',
  '\u0000\u0001\u0002',
  '%00%2e%2e%2f',
  '𠀀𠀁😀'.repeat(50),
  'A'.repeat(70_000),
  '-1',
  '1e308',
  'NaN',
  'null',
  '{}',
  '[]',
  '2025-02-30',
  '9999-12-31',
  '区信〔2025〕00001号',
  '\u202e反转',
);
const anyValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  hostile,
  fc.array(hostile, { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 12 }), fc.oneof(hostile, fc.jsonValue({ maxDepth: 2 })), { maxKeys: 6 }),
);

/**
 * Throws malformed, oversized, wrongly typed and hostile bodies, query strings, path parameters and headers at
 * every endpoint the OpenAPI document lists (plus the upload endpoints): never a 5xx, every error is a coded
 * JSON body, and nothing is half-written (the database stays consistent and the audit chain verifies).
 */
describe('fuzzing every endpoint with fast-check (sqlite)', () => {
  let env: TestEnv;
  let app: ReturnType<typeof createApp>;
  let cookie = '';
  let csrf = '';
  let itemId = '';
  before(async () => {
    env = await makeTestEnv('sqlite', '2025-09-26');
    const people = await seedPeople(env.deps);
    const ctx = { actor: people.users.registrar, requestId: null };
    const r = await registerItem(env.deps, ctx, {
      channel: '来访',
      level: '区',
      receivedOn: '2025-09-20',
      headCount: 1,
      petitioners: [{ name: '甲', idUnverified: false }],
      representatives: [],
      title: 't',
      content: 'c',
      demands: ['d'],
      purpose: '求决',
      handlingClass: '申诉求决类',
      flags: [],
    });
    itemId = r.item.id;
    await applyStep(env.deps, { actor: people.users.reviewer, requestId: null }, itemId, 1, {
      step: 'route',
      kind: '转送',
      unitId: people.units.zjj,
      assistUnitIds: [],
      note: '',
    });
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
    const login = await app.request('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'shenhe', password: TEST_PASSWORD }),
    });
    cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    csrf = ((await login.json()) as { csrf: string }).csrf;
  });
  after(async () => env.close());

  it('never answers 5xx and never leaves partial state', { timeout: 600_000 }, async () => {
    const spec = (await (await app.request('/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const ops: { method: string; path: string }[] = [];
    for (const [path, methods] of Object.entries(spec.paths))
      for (const m of Object.keys(methods)) ops.push({ method: m.toUpperCase(), path });
    ops.push(
      { method: 'POST', path: '/api/v1/items/{id}/attachments' },
      { method: 'GET', path: '/api/v1/attachments/{id}' },
    );
    const itemsBefore = Number(
      (
        await env.deps.db
          .selectFrom('items')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirst()
      )?.n,
    );
    let requests = 0;
    let created = 0;
    const statuses = new Map<number, number>();
    for (const op of ops) {
      // Either would end the fuzzing session.
      if (op.path === '/api/v1/auth/logout' || op.path === '/api/v1/auth/password') continue;
      await fc.assert(
        fc.asyncProperty(
          fc.record({
            id: fc.oneof(fc.constant(itemId), fc.string({ maxLength: 80 }), hostile),
            body: fc.oneof(anyValue, fc.constant(undefined)),
            rawBody: fc.option(fc.oneof(fc.string({ maxLength: 200 }), hostile), { nil: undefined }),
            query: fc.dictionary(
              fc.constantFrom(
                'q',
                'from',
                'to',
                'page',
                'pageSize',
                'status',
                'format',
                'year',
                'date',
                'days',
                'unit',
                'warning',
                'top',
                'compare',
                'sort',
                'idNumber',
              ),
              fc.oneof(fc.string({ maxLength: 30 }), hostile),
              { maxKeys: 4 },
            ),
            contentType: fc.constantFrom(
              'application/json',
              'text/plain',
              'multipart/form-data; boundary=x',
              'application/x-www-form-urlencoded',
              '',
            ),
            extraHeader: fc.oneof(
              fc.constant({}),
              fc.record({ 'idempotency-key': fc.string({ maxLength: 300 }) }),
              fc.record({ 'x-request-id': hostile }),
            ),
          }),
          async (c) => {
            const path = op.path.replace(/\{(id|code)\}/g, () => encodeURIComponent(c.id));
            const qs = new URLSearchParams(c.query).toString();
            const headers: Record<string, string> = {
              cookie,
              'x-csrf-token': csrf,
              ...(c.contentType ? { 'content-type': c.contentType } : {}),
            };
            for (const [k, v] of Object.entries(c.extraHeader)) headers[k] = String(v).replace(/[^\x20-\x7e]/g, '?');
            const body =
              op.method === 'GET'
                ? undefined
                : (c.rawBody ?? (c.body === undefined ? undefined : JSON.stringify(c.body)));
            const res = await app.request(`${path}${qs ? `?${qs}` : ''}`, { method: op.method, headers, body });
            requests++;
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
            if (op.method === 'POST' && op.path === '/api/v1/items' && res.status === 201) created++;
            assert.ok(res.status < 500, `${op.method} ${op.path} → ${res.status}: ${await res.clone().text()}`);
            if (res.status >= 400 && (res.headers.get('content-type') ?? '').includes('json')) {
              const j = (await res.json()) as { error?: { code?: string; message?: string } };
              assert.ok(
                j.error?.code && j.error.message,
                `${op.method} ${op.path}: error body has a code and a message`,
              );
            }
          },
        ),
        { numRuns: RUNS, seed: 20261129 },
      );
    }
    const itemsAfter = Number(
      (
        await env.deps.db
          .selectFrom('items')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirst()
      )?.n,
    );
    const integrity = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(env.deps.db);
    const fk = await sql`pragma foreign_key_check`.execute(env.deps.db);
    const audit = await verifyAudit(env.deps);
    console.log(
      JSON.stringify({
        fuzz: 'http',
        endpoints: ops.length,
        requests,
        statuses: Object.fromEntries(statuses),
        itemsCreated: created,
      }),
    );
    assert.equal(itemsAfter - itemsBefore, created, 'only acknowledged registrations were written');
    assert.equal(integrity.rows[0]?.integrity_check, 'ok');
    assert.equal(fk.rows.length, 0);
    assert.equal(audit.ok, true);
  });
});
