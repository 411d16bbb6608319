/**
 * Core bench: the statutory clock and the item store. Prints JSON lines {name, value, unit, baseline, ratio}
 * on stdout (progress on stderr); every baseline is measured in the same run on the same machine.
 *  - deadline computations per second vs plain date arithmetic (addDays) over the same inputs;
 *  - registrations per second through the full use case (validation, numbering, deadlines, timeline, audit,
 *    SM4 encryption, LSH index) vs bare inserts of the same number of rows into the items table;
 *  - a filtered, sorted list page vs a bare count over the same table.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { listItems } from '../server/app/item-queries.ts';
import { registerItem } from '../server/app/register-item.ts';
import { openApp } from '../server/compose.ts';
import { addDays, WorkCalendar } from '../server/domain/calendar.ts';
import { SEED_CALENDAR } from '../server/domain/calendar-seed.ts';
import { computeDeadline, DEFAULT_RULES } from '../server/domain/deadline.ts';
import { hashPassword } from '../server/crypto/password-hash.ts';
import { insertUser } from '../server/store/user.store.ts';
import type { ItemListQuery } from '../contract/dto.ts';
import { emit } from './scale/emit.ts';

const cal = new WorkCalendar(SEED_CALENDAR);
const starts = Array.from({ length: 2000 }, (_, i) => addDays('2023-01-01', i % 1300));
let t = performance.now();
let sink = 0;
for (let k = 0; k < 20; k++)
  for (const s of starts)
    sink += computeDeadline(DEFAULT_RULES.handle, s, cal, { extensionDays: k % 2 ? 30 : 0 }).due.length;
const deadlineRate = (20 * starts.length) / ((performance.now() - t) / 1000);
t = performance.now();
for (let k = 0; k < 20; k++) for (const s of starts) sink += addDays(s, 60).length;
const addRate = (20 * starts.length) / ((performance.now() - t) / 1000);
emit('deadline.compute', deadlineRate, 'ops/s', addRate);
process.stderr.write(`deadlines done (${sink > 0 ? 'ok' : ''})\n`);

const dir = mkdtempSync(join(tmpdir(), 'xinfang-bench-'));
const app = await openApp(join(dir, 'bench.db'), join(dir, 'keys.json'), () => new Date('2025-09-26T02:00:00Z'));
const deps = app.deps;
const userId = randomUUID();
await insertUser(
  deps.db,
  {
    id: userId,
    username: 'bench',
    displayName: 'bench',
    role: 'registrar',
    unitId: null,
    passwordHash: await hashPassword('Bench@2025x'),
  },
  new Date().toISOString(),
);
const ctx = {
  actor: { userId, username: 'bench', displayName: 'bench', role: 'registrar' as const, unitId: null },
  requestId: null,
};
const N = Number(process.argv[2] ?? 600);
t = performance.now();
for (let i = 0; i < N; i++) {
  await registerItem(deps, ctx, {
    channel: '网上投诉',
    level: '区',
    receivedOn: '2025-09-20',
    headCount: 1,
    petitioners: [{ name: `测试${i}`, phone: `1380000${String(i).padStart(4, '0')}`, idUnverified: false }],
    representatives: [],
    title: `小区物业收费问题${i}`,
    content: `第${i}号：小区物业公司擅自提高物业费，业主不满，请求查处。`,
    demands: ['停止违规收费'],
    purpose: '求决',
    handlingClass: '申诉求决类',
    flags: [],
  });
  if (i % 100 === 0) process.stderr.write(`registered ${i}/${N}\n`);
}
const regRate = N / ((performance.now() - t) / 1000);
t = performance.now();
await deps.db.transaction().execute(async (trx) => {
  for (let i = 0; i < N; i++) {
    await trx
      .insertInto('settings')
      .values({ key: `bench-${i}`, value: JSON.stringify({ title: `小区物业收费问题${i}`, content: `第${i}号` }) })
      .execute();
  }
});
const bareRate = N / ((performance.now() - t) / 1000);
emit('item.register', regRate, 'items/s', bareRate);

const q: ItemListQuery = {
  q: '物业',
  sort: 'registeredOn',
  order: 'desc',
  dir: 'next',
  pageSize: 20,
  status: ['registered'],
};
const reps = 30;
t = performance.now();
for (let i = 0; i < reps; i++) await listItems(deps, ctx, q);
const listMs = (performance.now() - t) / reps;
t = performance.now();
for (let i = 0; i < reps; i++)
  await deps.db
    .selectFrom('items')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst();
const countMs = (performance.now() - t) / reps;
emit('item.list_page', listMs, 'ms', countMs);
await app.close();
rmSync(dir, { recursive: true, force: true });
