import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ItemListQuery } from '../../contract/dto.ts';
import { newItem } from '../../test/domain-items.ts';
import { dialects, makeTestEnv, seedPeople, type TestEnv } from '../../test/test-db.ts';
import { listItems } from '../app/item-queries.ts';
import { accusedUnitKey } from './item-scope.ts';
import { keysetOf, listItemsForActor, type ListTuning } from './item-list.store.ts';
import { insertItem, updateItem } from './item.store.ts';
import type { ReadScope } from '../domain/visibility.policy.ts';
import type { Actor } from '../domain/item.policy.ts';

/**
 * 41 items with many ties on every sort key (four registration days, three receipt days, three due dates and no
 * due date), two lead units, one item accusing 区住建局; titles and contents with searchable words, one ASCII
 * word in mixed case, and the petitioner's name in the text (masked for viewers without the identity).
 */
const N = 41;
const REG = ['2025-09-01', '2025-09-02', '2025-09-03', '2025-09-05'];
const RECV = ['2025-08-30', '2025-08-31', '2025-09-01'];
const DUE = [null, '2025-10-20', '2025-10-21', '2025-10-28'];
const SORTS = ['registeredOn', 'receivedOn', 'dueOn', 'number'] as const;
const WORDS = ['电梯维修', '物业收费', '噪声扰民', '拖欠工资', 'WiFi信号'];

/** The JavaScript order the list must have: the sort value (no due date after every date), then the number. */
function expectedOrder(rows: Row[], sort: (typeof SORTS)[number], order: 'asc' | 'desc'): string[] {
  const val = (r: Row) => (sort === 'dueOn' ? (r.due ?? '9999-12-31') : sort === 'number' ? r.number : r[sort]);
  const sorted = [...rows].sort((a, b) => {
    const c = val(a) < val(b) ? -1 : val(a) > val(b) ? 1 : a.number < b.number ? -1 : a.number > b.number ? 1 : 0;
    return order === 'asc' ? c : -c;
  });
  return sorted.map((r) => r.number);
}

interface Row {
  id: string;
  number: string;
  registeredOn: string;
  receivedOn: string;
  due: string | null;
  lead: 'zjj' | 'scj';
  accusesZjj: boolean;
}

/** Numbers of the search results per dialect, compared after both ran. */
const searchResults: Record<string, Record<string, string[]>> = {};

for (const dialect of dialects()) {
  describe(`item list keyset paging and search (${dialect})`, () => {
    let env: TestEnv;
    let people: Awaited<ReturnType<typeof seedPeople>>;
    const rows: Row[] = [];
    let zjjScope: ReadScope;
    before(async () => {
      env = await makeTestEnv(dialect, '2025-09-26');
      people = await seedPeople(env.deps);
      const codec = env.deps.codec;
      for (let k = 0; k < N; k++) {
        const lead = k % 3 === 0 ? 'scj' : 'zjj';
        const word = WORDS[k % WORDS.length]!;
        const row: Row = {
          id: `list-${String(k).padStart(3, '0')}`,
          // Numbers not in insertion order, so the tie-break is visibly the number.
          number: `区信〔2025〕${String(((k * 17) % N) + 1).padStart(5, '0')}号`,
          registeredOn: REG[k % REG.length]!,
          receivedOn: RECV[k % RECV.length]!,
          due: DUE[k % DUE.length]!,
          lead,
          accusesZjj: k === 7,
        };
        rows.push(row);
        const item = newItem({
          id: row.id,
          number: row.number,
          registeredOn: row.registeredOn,
          receivedOn: row.receivedOn,
          title: `王小明反映${word}问题`,
          content: `王小明（电话 13800001234）反映${word}，第${k}件。`,
          leadUnitId: people.units[lead],
          handlingClass: row.accusesZjj ? '检举控告类' : '申诉求决类',
          accused: row.accusesZjj ? { name: '张某', unitId: people.units.zjj, note: '' } : null,
        });
        await insertItem(
          env.deps.db,
          item,
          codec,
          { dueOn: row.due, dueRule: row.due ? 'handle' : null, classPath: null },
          '2025-09-26',
        );
      }
      zjjScope = { kind: 'unit', unitId: people.units.zjj, unitKey: accusedUnitKey(codec, people.units.zjj) };
    });
    after(async () => env.close());

    const ctxOf = (actor: Actor) => ({ actor, requestId: null });

    it('pages forward and back through every sort and order: each item once, none missing, in order', async () => {
      for (const sort of SORTS)
        for (const order of ['asc', 'desc'] as const) {
          const want = expectedOrder(rows, sort, order);
          const ctx = ctxOf(people.users.reviewer);
          const seen: string[] = [];
          const pages: string[][] = [];
          let cursor: string | undefined;
          let last: Awaited<ReturnType<typeof listItems>> | null = null;
          do {
            last = await listItems(env.deps, ctx, ItemListQuery.parse({ sort, order, pageSize: 6, cursor }));
            assert.equal(last.total, N, 'exact count when small');
            assert.equal(last.totalCapped, false);
            assert.equal(last.prevCursor === null, pages.length === 0, 'only the first page has no previous page');
            pages.push(last.items.map((i) => i.number));
            seen.push(...last.items.map((i) => i.number));
            cursor = last.nextCursor ?? undefined;
          } while (cursor);
          assert.deepEqual(seen, want, `${sort} ${order}: forward pages`);
          assert.equal(pages.length, Math.ceil(N / 6));
          // Back from the last page: the same pages in reverse, the first one full and without a previous page.
          const back: string[][] = [pages[pages.length - 1]!];
          let prev = last.prevCursor;
          while (prev) {
            const p = await listItems(
              env.deps,
              ctx,
              ItemListQuery.parse({ sort, order, pageSize: 6, cursor: prev, dir: 'prev' }),
            );
            back.unshift(p.items.map((i) => i.number));
            prev = p.prevCursor;
          }
          assert.deepEqual(back, pages, `${sort} ${order}: backward pages`);
        }
    });

    it('a unit sees exactly its items (not the one accusing it) by either plan, in the same order', async () => {
      const mine = rows.filter((r) => r.lead === 'zjj' && !r.accusesZjj);
      for (const sort of SORTS) {
        const want = expectedOrder(mine, sort, 'desc');
        for (const tuning of [{ unitSortRows: 1_000 }, { unitSortRows: 0 }] as ListTuning[]) {
          const seen: string[] = [];
          let keyset = null;
          for (;;) {
            const r = await listItemsForActor(
              env.deps.db,
              zjjScope,
              ItemListQuery.parse({ sort, order: 'desc', pageSize: 4 }),
              '2025-09-26',
              { keyset, backwards: false },
              tuning,
            );
            assert.equal(r.total, mine.length);
            seen.push(...r.rows.map((x) => x.number));
            if (!r.more) break;
            keyset = keysetOf(r.rows[r.rows.length - 1]!, sort);
          }
          assert.deepEqual(seen, want, `${sort}, unit plan ${JSON.stringify(tuning)}`);
        }
      }
    });

    it('counts up to the bound and says so beyond it', async () => {
      const all = { kind: 'district', identity: 'full' } as const;
      const q = ItemListQuery.parse({});
      const capped = await listItemsForActor(env.deps.db, all, q, '2025-09-26', undefined, { countBound: 10 });
      assert.deepEqual([capped.total, capped.totalCapped], [10, true]);
      const unit = await listItemsForActor(env.deps.db, zjjScope, q, '2025-09-26', undefined, { countBound: 10 });
      assert.deepEqual([unit.total, unit.totalCapped], [10, true]);
      const exact = await listItemsForActor(env.deps.db, all, q, '2025-09-26', undefined, { countBound: N });
      assert.deepEqual([exact.total, exact.totalCapped], [N, false]);
    });

    it('a cursor from another sort or a forged one is refused with a stable code', async () => {
      const ctx = ctxOf(people.users.reviewer);
      const first = await listItems(env.deps, ctx, ItemListQuery.parse({ sort: 'dueOn', pageSize: 5 }));
      for (const cursor of [first.nextCursor!, 'not-a-cursor', Buffer.from('["number",1,2]').toString('base64url')])
        await assert.rejects(
          listItems(env.deps, ctx, ItemListQuery.parse({ sort: 'number', cursor })),
          (e: { code?: string; message?: string }) => e.code === 'VALIDATION' && /翻页/.test(e.message ?? ''),
        );
    });

    it('search finds substrings by the index, never a hidden identity, never outside the scope', async () => {
      const scopes: Record<string, ReadScope> = {
        bureau: { kind: 'district', identity: 'full' },
        leader: { kind: 'district', identity: 'masked' },
        zjj: zjjScope,
      };
      const terms = [
        '电梯维修',
        '维修问',
        '物业',
        'wifi',
        'WIFI信号',
        '王小明',
        '13800001234',
        '00017',
        '第1件',
        '不存在的词',
        '修',
      ];
      const out: Record<string, string[]> = {};
      for (const [who, scope] of Object.entries(scopes))
        for (const q of terms) {
          const r = await listItemsForActor(
            env.deps.db,
            scope,
            ItemListQuery.parse({ q, sort: 'number', order: 'asc', pageSize: 200 }),
            '2025-09-26',
          );
          const numbers = r.rows.map((x) => x.number);
          assert.equal(r.total, numbers.length);
          assert.equal(r.searchWindow, [...q].length < 3 ? 10_000 : null);
          out[`${who}:${q}`] = numbers;
        }
      const numbersOf = (f: (r: Row, k: number) => boolean) =>
        rows
          .filter((r, k) => f(r, k))
          .map((r) => r.number)
          .sort();
      const word = (w: string) => (_r: Row, k: number) => WORDS[k % WORDS.length] === w;
      assert.deepEqual(out['bureau:电梯维修'], numbersOf(word('电梯维修')));
      assert.deepEqual(out['bureau:维修问'], numbersOf(word('电梯维修')), 'a substring across word boundaries');
      assert.deepEqual(out['bureau:物业'], numbersOf(word('物业收费')), 'two characters: the bounded scan');
      assert.deepEqual(out['bureau:wifi'], numbersOf(word('WiFi信号')), 'ASCII case does not matter');
      assert.deepEqual(out['bureau:WIFI信号'], numbersOf(word('WiFi信号')));
      assert.deepEqual(
        out['bureau:王小明'],
        numbersOf(() => true),
        'the bureau sees the identity',
      );
      assert.deepEqual(
        out['bureau:13800001234'],
        numbersOf(() => true),
      );
      assert.deepEqual(out['leader:王小明'], [], 'a masked viewer cannot find an item by the name');
      assert.deepEqual(out['leader:13800001234'], [], 'nor by the phone');
      assert.deepEqual(out['leader:电梯维修'], numbersOf(word('电梯维修')), 'but finds the masked text');
      assert.deepEqual(out['bureau:00017'], ['区信〔2025〕00017号'], 'the number is searched');
      assert.deepEqual(out['bureau:不存在的词'], []);
      const zjjItems = (f: (r: Row, k: number) => boolean) =>
        numbersOf((r, k) => r.lead === 'zjj' && !r.accusesZjj && f(r, k));
      assert.deepEqual(out['zjj:电梯维修'], zjjItems(word('电梯维修')), 'a unit finds only items it may open');
      assert.deepEqual(
        out['zjj:王小明'],
        zjjItems(() => true),
        'the lead unit sees the identity of its items',
      );
      assert.deepEqual(out['zjj:修'], zjjItems(word('电梯维修')));
      searchResults[dialect] = out;
    });
  });
}

for (const dialect of dialects()) {
  describe(`item search index follows item writes (${dialect})`, () => {
    it('a changed title is found by its new words only, in the same transaction', async () => {
      const env = await makeTestEnv(dialect, '2025-09-26');
      try {
        const people = await seedPeople(env.deps);
        const item = newItem({
          id: 'fts-1',
          number: '区信〔2025〕09001号',
          title: '反映路灯损坏',
          leadUnitId: people.units.zjj,
        });
        const extra = { dueOn: '2025-10-20', dueRule: 'handle', classPath: null };
        await insertItem(env.deps.db, item, env.deps.codec, extra, '2025-09-26');
        const find = async (q: string) =>
          (
            await listItemsForActor(
              env.deps.db,
              { kind: 'district', identity: 'full' },
              ItemListQuery.parse({ q }),
              '2025-09-26',
            )
          ).rows.map((r) => r.id);
        assert.deepEqual(await find('路灯损坏'), ['fts-1']);
        await env.deps.db.transaction().execute(async (trx) => {
          await updateItem(trx, { ...item, title: '反映井盖缺失', version: 1 }, 1, env.deps.codec, extra, '2025-09-27');
          assert.deepEqual(await findIn(trx, '井盖缺失'), ['fts-1'], 'visible inside the writing transaction');
        });
        assert.deepEqual(await find('井盖缺失'), ['fts-1']);
        assert.deepEqual(await find('路灯损坏'), [], 'the old title is no longer found');
        // A write that leaves the text alone keeps the item findable.
        await updateItem(
          env.deps.db,
          { ...item, title: '反映井盖缺失', status: 'routed', version: 2 },
          2,
          env.deps.codec,
          extra,
          '2025-09-28',
        );
        assert.deepEqual(await find('井盖缺失'), ['fts-1']);
      } finally {
        await env.close();
      }
    });
  });
}

async function findIn(db: Parameters<typeof listItemsForActor>[0], q: string) {
  const r = await listItemsForActor(
    db,
    { kind: 'district', identity: 'full' },
    ItemListQuery.parse({ q }),
    '2025-09-26',
  );
  return r.rows.map((x) => x.id);
}

describe('item search on both databases', () => {
  it('the same queries give the same items in the same order', (t) => {
    if (!searchResults.postgres) return t.skip('PostgreSQL not configured (XINFANG_TEST_PG_URL unset)');
    assert.ok(searchResults.sqlite, 'the SQLite run finished');
    assert.deepEqual(searchResults.postgres, searchResults.sqlite);
  });
});
