import { applyStep } from '../server/app/apply-step.ts';
import { registerItem } from '../server/app/register-item.ts';
import type { Petitioner } from '../server/domain/item.ts';
import type { seedPeople, TestEnv } from './test-db.ts';

/**
 * A letter registered on 2025-09-01, routed (转送) to 区住建局, accepted and answered 不予支持, served on 2025-09-22:
 * the 复查 window is open. Returns its id, number, query code and its current version as steps move it.
 */
export async function servedItem(
  env: TestEnv,
  p: Awaited<ReturnType<typeof seedPeople>>,
  title: string,
  petitioner: Pick<Petitioner, 'name'> & { idNumber?: string; phone?: string; idUnverified: boolean },
) {
  const reg = { actor: p.users.registrar, requestId: null };
  const rev = { actor: p.users.reviewer, requestId: null };
  const unit = { actor: p.users.zjjHandler, requestId: null };
  const r = await registerItem(env.deps, reg, {
    channel: '来信',
    level: '区',
    receivedOn: '2025-09-01',
    registeredOn: '2025-09-01',
    headCount: 1,
    representatives: [],
    petitioners: [petitioner],
    title,
    content: '小区违建未拆除。',
    demands: ['拆除违建'],
    purpose: '求决',
    handlingClass: '申诉求决类',
    flags: [],
  });
  let v = r.item.version;
  const run = async (ctx: typeof reg, input: Record<string, unknown>) => {
    v = (await applyStep(env.deps, ctx, r.item.id, v, input as never)).item.version;
  };
  await run(rev, { step: 'route', on: '2025-09-02', kind: '转送', unitId: p.units.zjj, assistUnitIds: [], note: '' });
  await run(unit, { step: 'confirm_receipt', on: '2025-09-02' });
  await run(unit, { step: 'accept', on: '2025-09-03' });
  await run(unit, {
    step: 'reply',
    on: '2025-09-20',
    facts: '经查属实。',
    basis: '《城乡规划法》',
    answers: [{ demandIndex: 0, outcome: '不予支持', explanation: '该建筑已取得规划许可' }],
  });
  await run(unit, { step: 'serve', on: '2025-09-22' });
  return { id: r.item.id, number: r.item.number, code: r.queryCode, version: () => v };
}
