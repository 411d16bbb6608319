import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { verifyAudit } from '../server/app/audit-queries.ts';
import type { AppDeps } from '../server/app/context.ts';
import { applyStep } from '../server/app/apply-step.ts';
import { registerItem } from '../server/app/register-item.ts';
import { openDb, type OpenedDb } from '../server/store/db.ts';
import { makeTestEnv, seedPeople, type TestEnv } from './test-db.ts';

const pg = process.env.XINFANG_TEST_PG_URL;
if (!pg) console.log('multi-instance test skipped: XINFANG_TEST_PG_URL is not set (several instances need PostgreSQL)');

/**
 * Two application instances (two connection pools) on one PostgreSQL database: concurrent registrations get
 * unique numbers, the audit chain has no fork, and a lost race on the same item is a CONFLICT, not an overwrite.
 */
describe('several app instances on one PostgreSQL database', {
  skip: pg ? false : 'XINFANG_TEST_PG_URL is not set',
}, () => {
  let env: TestEnv;
  let second: OpenedDb;
  let a: AppDeps;
  let b: AppDeps;
  let people: Awaited<ReturnType<typeof seedPeople>>;
  before(async () => {
    env = await makeTestEnv('postgres', '2025-09-26');
    people = await seedPeople(env.deps);
    second = openDb(env.dbTarget);
    a = env.deps;
    b = { ...env.deps, db: second.db, newId: () => randomUUID() };
  });
  after(async () => {
    await second?.close();
    await env?.close();
  });

  it('registers concurrently through both instances without duplicate numbers or audit forks', async () => {
    const ctx = { actor: people.users.registrar, requestId: null };
    const input = (i: number) => ({
      channel: '来信' as const,
      level: '区' as const,
      receivedOn: '2025-09-20',
      headCount: 1,
      petitioners: [{ name: `并发${i}`, idUnverified: false }],
      representatives: [],
      title: `并发${i}`,
      content: '并发登记',
      demands: ['d'],
      purpose: '求决' as const,
      handlingClass: '申诉求决类' as const,
      flags: [],
    });
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => registerItem(i % 2 ? a : b, ctx, input(i))));
    const numbers = results.map((r) => r.item.number);
    assert.equal(new Set(numbers).size, 40);
    const audit = await verifyAudit(a);
    assert.equal(audit.ok, true, JSON.stringify(audit));
    assert.equal(audit.count, 40);
  });

  it('a lost race on one item is a CONFLICT on the other instance', async () => {
    const ctx = { actor: people.users.registrar, requestId: null };
    const r = await registerItem(a, ctx, {
      channel: '来信',
      level: '区',
      receivedOn: '2025-09-20',
      headCount: 1,
      petitioners: [{ name: '竞争', idUnverified: false }],
      representatives: [],
      title: '竞争',
      content: 'c',
      demands: ['d'],
      purpose: '求决',
      handlingClass: '申诉求决类',
      flags: [],
    });
    const rev = { actor: people.users.reviewer, requestId: null };
    const step = {
      step: 'route' as const,
      kind: '转送' as const,
      unitId: people.units.zjj,
      assistUnitIds: [],
      note: '',
    };
    const outcomes = await Promise.allSettled([
      applyStep(a, rev, r.item.id, 1, step),
      applyStep(b, rev, r.item.id, 1, { ...step, unitId: people.units.scj }),
    ]);
    const ok = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason.code);
    assert.equal(ok.length, 1);
    assert.deepEqual(lost, ['CONFLICT']);
  });
});
