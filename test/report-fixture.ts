import type { Channel, Level, Satisfaction, Status } from '../contract/enums.ts';
import type { AppDeps } from '../server/app/context.ts';
import { emptyFacts, type Item } from '../server/domain/item.ts';
import { reserveCounter } from '../server/store/import.store.ts';
import { insertItem } from '../server/store/item.store.ts';

/** One fixture row: the facts a report reads, chosen so every split has several keys. */
export interface FixtureRow {
  number: string;
  registeredOn: string;
  channel: Channel;
  level: Level;
  classPath: string | null;
  legal: boolean;
  unit: 'zjj' | 'scj' | 'outside' | null;
  isRepeat: boolean;
  status: Status;
  servedOn: string | null;
  satisfaction: Satisfaction | null;
  /** accept_notice deadline: [due, met] */
  accept: [string, string | null] | null;
  /** People on the item: some visits of 5 or more (集体访), some letters with several signatories (联名). */
  headCount: number;
  /** Where the rating came from: the portal, a 回访 by phone / visit / text, or not recorded (older ratings). */
  ratingSource: '网上自评' | '电话' | '走访' | '短信' | null;
}

const CHANNELS: Channel[] = ['网上投诉', '来访', '来信', '电话', '传真', '其他', '网上投诉', '来访'];
const LEVELS: Level[] = ['区', '市', '省', '国家', '区', '区'];
const CLASSES: (string | null)[] = [
  '城乡建设/物业管理',
  '劳动和社会保障/工资福利',
  '经济管理/市场监管',
  '经济管理/金融',
  '环境保护/噪声污染',
  null,
  '经济管理/食品药品监管/食品安全',
  '城乡建设',
];
const UNITS: FixtureRow['unit'][] = ['zjj', 'zjj', 'scj', 'outside', null, 'zjj', 'scj'];
const STATUSES: Status[] = [
  'handling',
  'closed',
  'served',
  'not_accepted',
  'closed',
  'terminated',
  'registered',
  'served',
  'not_reaccepted',
];
const SAT: (Satisfaction | null)[] = ['满意', '基本满意', '不满意', '未评价', null];

/** 40 deterministic rows: 32 in 2025-03..2025-05, 8 in 2024 (the comparison year). */
export function fixtureRows(): FixtureRow[] {
  const rows: FixtureRow[] = [];
  for (let i = 0; i < 40; i++) {
    const inPeriod = i < 32;
    const month = inPeriod ? 3 + (i % 3) : 3 + (i % 2);
    const day = 1 + ((i * 7) % 28);
    const registeredOn = `${inPeriod ? 2025 : 2024}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    const status = STATUSES[i % STATUSES.length]!;
    const served = status === 'served' || status === 'closed' || status === 'terminated';
    rows.push({
      number: `测〔${registeredOn.slice(0, 4)}〕${String(i + 1).padStart(5, '0')}号`,
      registeredOn,
      channel: CHANNELS[i % CHANNELS.length]!,
      level: LEVELS[i % LEVELS.length]!,
      classPath: CLASSES[i % CLASSES.length]!,
      legal: i % 9 === 4,
      unit: status === 'registered' ? null : UNITS[i % UNITS.length]!,
      isRepeat: i % 4 === 1,
      headCount: [1, 5, 2, 1, 7, 4, 1, 3][i % 8]!,
      status,
      servedOn: served ? registeredOn : null,
      satisfaction: served ? SAT[i % SAT.length]! : null,
      ratingSource: (['网上自评', '电话', '网上自评', '走访', null, '短信', '电话'] as const)[i % 7]!,
      accept:
        i % 3 === 0
          ? ['2025-04-10', i % 6 === 0 ? '2025-04-09' : null]
          : i % 3 === 1
            ? ['2025-04-12', '2025-04-15']
            : null,
    });
  }
  return rows;
}

/** Inserts the fixture rows through the item store (units from seedPeople). */
export async function insertFixture(
  deps: AppDeps,
  units: { zjj: string; scj: string; outside: string },
  rows: FixtureRow[],
): Promise<void> {
  const now = deps.clock().toISOString();
  for (const r of rows) {
    const facts = emptyFacts();
    facts.servedOn = r.servedOn;
    if (r.satisfaction) {
      const on = r.servedOn ?? r.registeredOn;
      facts.rating = { satisfaction: r.satisfaction, on, comment: '' };
      if (r.ratingSource === '网上自评') facts.rating.source = 'portal';
      else if (r.ratingSource) {
        const by = { userId: 'u-visit', name: '回访员', unitId: null };
        facts.returnVisits = [{ method: r.ratingSource, on, by, outcome: '已回访', satisfaction: r.satisfaction }];
        Object.assign(facts.rating, { source: 'return_visit', visitIndex: 0 });
      }
    }
    const item: Item = {
      id: deps.newId(),
      number: r.number,
      version: 1,
      status: r.status,
      channel: r.channel,
      level: r.level,
      receivedOn: r.registeredOn,
      registeredOn: r.registeredOn,
      petitioners: [{ name: '测试人', idNumber: null, idVerified: false, phone: null, address: null }],
      organisation: null,
      headCount: r.headCount,
      representatives: [],
      title: '测试',
      content: '测试内容',
      demands: [],
      classCode: null,
      purpose: '求决',
      handlingClass: '申诉求决类',
      flags: r.legal ? ['涉法涉诉'] : [],
      place: null,
      leadUnitId: r.unit ? units[r.unit] : null,
      assistUnitIds: [],
      accused: null,
      isRepeat: r.isRepeat,
      earlierItemIds: [],
      registeredBy: null,
      facts,
    };
    await insertItem(deps.db, item, deps.codec, { classPath: r.classPath, dueOn: null, dueRule: null }, now);
    if (r.accept) {
      await deps.db
        .insertInto('deadlines')
        .values({
          item_id: item.id,
          rule: 'accept_notice',
          kind: 'duty',
          party: 'unit',
          start_on: r.registeredOn,
          due_on: r.accept[0],
          met_on: r.accept[1],
          explanation: '',
        })
        .execute();
    }
  }
  // As an import does: the numbers used are never issued again to an item registered afterwards.
  const top = new Map<string, number>();
  for (const r of rows) {
    const year = r.registeredOn.slice(0, 4);
    top.set(year, Math.max(top.get(year) ?? 0, Number(/(\d+)\D*$/.exec(r.number)?.[1] ?? 0)));
  }
  for (const [year, seq] of top) await reserveCounter(deps.db, `item:${year}`, 0, seq);
}
