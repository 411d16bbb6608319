import { WorkCalendar } from '../server/domain/calendar.ts';
import { SEED_CALENDAR } from '../server/domain/calendar-seed.ts';
import { DEFAULT_RULES } from '../server/domain/deadline.ts';
import type { Actor } from '../server/domain/item.policy.ts';
import { emptyFacts, type Item } from '../server/domain/item.ts';
import { transition, type StepInput } from '../server/domain/lifecycle.ts';

/** Items for pure domain tests: built through the real state machine on the seed calendar. */
export const calendar = new WorkCalendar(SEED_CALENDAR);
export const ctxOf = (today: string) => ({ today, calendar, rules: DEFAULT_RULES });

let seq = 0;

/** A registered item (test petitioner with an invalid-checksum ID number and a 1xx-0000-xxxx phone). */
export function newItem(over: Partial<Item> = {}): Item {
  seq += 1;
  return {
    id: `item-${seq}`,
    number: `区信〔2025〕${String(seq).padStart(5, '0')}号`,
    version: 1,
    status: 'registered',
    channel: '网上投诉',
    level: '区',
    receivedOn: '2025-09-26',
    registeredOn: '2025-09-26',
    petitioners: [
      { name: '王小明', idNumber: '110101199001011230', idVerified: false, phone: '13800001234', address: null },
    ],
    organisation: null,
    headCount: 1,
    representatives: [],
    title: '王小明反映小区电梯长期停运',
    content: '王小明（电话 13800001234）反映小区电梯停运三个月无人维修。',
    demands: [{ text: '尽快修复电梯' }],
    classCode: null,
    purpose: '求决',
    handlingClass: '申诉求决类',
    flags: [],
    place: null,
    leadUnitId: null,
    assistUnitIds: [],
    accused: null,
    isRepeat: false,
    earlierItemIds: [],
    registeredBy: null,
    facts: emptyFacts(),
    ...over,
  };
}

/** Applies steps, each on its own date (`today` = the step's date). */
export function walk(item: Item, steps: StepInput[]): Item {
  let cur = item;
  for (const s of steps) {
    const today = s.step === 'add_hearing' ? s.to : s.on;
    cur = transition(cur, s, ctxOf(today)).item;
  }
  return cur;
}

export const ANSWERS = [{ demandIndex: 0, outcome: '支持' as const, explanation: '已责成物业限期修复' }];

/** Steps from routing to `unitId` on `routedOn` to acceptance on `acceptedOn`. */
export function routedAndAccepted(unitId: string, routedOn: string, acceptedOn: string): StepInput[] {
  return [
    { step: 'route', on: routedOn, kind: '转送', unitId },
    { step: 'confirm_receipt', on: routedOn },
    { step: 'accept', on: acceptedOn },
  ];
}

export function actor(userId: string, role: Actor['role'], unitId: string | null = null): Actor {
  return { userId, username: userId, displayName: userId, role, unitId };
}
