import assert from 'node:assert/strict';
import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { idCheckChar } from '../contract/id-number.ts';
import type { Client } from './http-client.ts';

/**
 * A checksum-valid ID number for the online form, made at run time: born 1900-01-01 with a 99x sequence, so it
 * names nobody alive (online submission refuses invalid check digits, unlike staff registration).
 */
export function syntheticValidId(n = 1): string {
  const first17 = `11010119000101${String(990 + (n % 10)).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

/** Solves a challenge the way the browser does (same library, Node's hash). */
export async function solve(challenge: Challenge) {
  const solution = await solveChallenge({ challenge, deriveKey });
  if (!solution) throw new Error('challenge not solved');
  return { challenge, solution: { counter: solution.counter, derivedKey: solution.derivedKey } };
}

/** A complete online submission body without its proof-of-work. */
export function onlineForm(over: Record<string, unknown> = {}) {
  return {
    name: '孙网上',
    idNumber: syntheticValidId(1),
    phone: '13900000101',
    address: '某区某街道 1 号',
    title: '小区电梯长期停运',
    content: '小区 3 号楼电梯停运两个月，物业不予维修，老人出行困难。',
    demands: ['督促物业尽快维修电梯', '公开维修资金使用情况'],
    place: '某街道',
    consent: true,
    ...over,
  };
}

/** Anything that answers requests in-process (the test app, the browser harness's app). */
interface InProcess {
  request(path: string, init?: RequestInit): Response | Promise<Response>;
}

/**
 * Sends a matter through the public form (with its proof-of-work) and has the registrar register it (受理登记) as
 * a 区-level 求决 item: its id, item number and query code.
 */
export async function submitAndRegister(
  app: InProcess,
  reg: Client,
  form: Record<string, unknown>,
): Promise<{ id: string; number: string; code: string }> {
  const ch = await app.request('/api/v1/public/online/challenge');
  const pow = await solve((await ch.json()) as never);
  const sub = await app.request('/api/v1/public/online/submissions', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...form, pow }),
  });
  const receipt = ((await sub.json()) as { receipt: { number: string; queryCode: string } }).receipt;
  assert.equal(sub.status, 201, JSON.stringify(receipt));
  const s = ((await reg.get('/api/v1/online/submissions')).body.submissions as any[]).find(
    (x) => x.number === receipt.number,
  );
  const acc = await reg.post(`/api/v1/online/submissions/${s.id}/accept`, {
    version: s.version,
    level: '区',
    purpose: '求决',
    handlingClass: '申诉求决类',
  });
  assert.equal(acc.status, 200, JSON.stringify(acc.body));
  return { id: acc.body.itemId as string, number: receipt.number, code: receipt.queryCode };
}
