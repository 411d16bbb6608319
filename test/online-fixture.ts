import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { idCheckChar } from '../contract/id-number.ts';

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
