import type { Channel } from '../../contract/enums.ts';
import { COLLECTIVE_HEAD_COUNT } from './item.ts';

/**
 * 集体访 and 联名 (《信访工作条例》; DOMAIN.md "Clarifications"): a 集体访 is a visit — five or more people coming
 * in person (来访). Letters, online, phone and other items signed by several people are 联名, never 集体访. Both
 * are counted apart, by 批次 (occasions: items) and 人次 (people: head counts). `report.store.ts` holds the SQL twin.
 */
export const COLLECTIVE_VISIT_MIN = COLLECTIVE_HEAD_COUNT;
/** The channel that is a visit in person. */
export const VISIT_CHANNEL: Channel = '来访';

export function isCollectiveVisit(item: { channel: Channel; headCount: number }): boolean {
  return item.channel === VISIT_CHANNEL && item.headCount >= COLLECTIVE_VISIT_MIN;
}

export function isJointPetition(item: { channel: Channel; headCount: number }): boolean {
  return item.channel !== VISIT_CHANNEL && item.headCount >= 2;
}

/** 来访 / 集体访 / 联名, each by 批次 and 人次. */
export interface VisitCounts {
  visits: { batches: number; persons: number };
  collectiveVisits: { batches: number; persons: number };
  jointPetitions: { batches: number; persons: number };
}

/** The counts over items in memory (the report counts the same in SQL; tests compare the two). */
export function visitCountsOf(items: readonly { channel: Channel; headCount: number }[]): VisitCounts {
  const out: VisitCounts = {
    visits: { batches: 0, persons: 0 },
    collectiveVisits: { batches: 0, persons: 0 },
    jointPetitions: { batches: 0, persons: 0 },
  };
  const add = (c: { batches: number; persons: number }, n: number) => {
    c.batches += 1;
    c.persons += n;
  };
  for (const i of items) {
    if (i.channel === VISIT_CHANNEL) add(out.visits, i.headCount);
    if (isCollectiveVisit(i)) add(out.collectiveVisits, i.headCount);
    if (isJointPetition(i)) add(out.jointPetitions, i.headCount);
  }
  return out;
}
