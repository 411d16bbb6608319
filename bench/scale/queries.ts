/**
 * In-process figures of the read paths registrars and reviewers wait on: full-text search through the list,
 * the repeat lookup (with recall@10 against an unbounded scan of the same person's items), and the
 * registration suggestions. Query samples come from the data itself, drawn with a fixed seed.
 */
import { sql } from 'kysely';
import { mulberry32 } from '../../contract/prng.ts';
import { ItemListQuery } from '../../contract/dto.ts';
import type { AppDeps, UseCaseCtx } from '../../server/app/context.ts';
import { listItems } from '../../server/app/item-queries.ts';
import { findRepeatCandidates } from '../../server/app/repeat-check.ts';
import { classifier, suggestForRegistration } from '../../server/app/text-intel.ts';
import { itemsOfPerson, loadItem } from '../../server/store/item.store.ts';
import { predict } from '../../server/text/classifier.ts';
import { detectRepeat, type PetitionRecord } from '../../server/text/repeat.ts';
import type { Petitioner } from '../../server/domain/item.ts';
import { SYSTEM_SCOPE } from '../../server/domain/visibility.policy.ts';
import { emit, note, pct, sample } from './emit.ts';

/** `n` random items (id, title, content), chosen by rowid/offset with a fixed seed. */
async function sampleItems(deps: AppDeps, n: number, seed: number, where = sql`1 = 1`) {
  const total = Number(
    (await sql<{ n: number }>`select count(*) as n from items where ${where}`.execute(deps.db)).rows[0]?.n ?? 0,
  );
  const rnd = mulberry32(seed);
  const out: { id: string; title: string; content: string }[] = [];
  for (let i = 0; i < n && total; i++) {
    const off = Math.floor(rnd() * total);
    const r = await sql<{ id: string; title: string; content: string }>`
      select id, title, content from items where ${where} order by id limit 1 offset ${off}`.execute(deps.db);
    if (r.rows[0]) out.push(r.rows[0]);
  }
  return out;
}

/** A substring of `len` Chinese characters from the text (no punctuation), or null. */
function pieceOf(text: string, len: number, rnd: () => number): string | null {
  const runs = text.match(/[\u4e00-\u9fff]+/g)?.filter((r) => r.length >= len) ?? [];
  if (!runs.length) return null;
  const run = runs[Math.floor(rnd() * runs.length)]!;
  const at = Math.floor(rnd() * (run.length - len + 1));
  return run.slice(at, at + len);
}

/** Baseline: one LIKE scan of titles and contents counting the matches of each query (what an index avoids). */
function likeScans(deps: AppDeps, qs: readonly string[], count: number, budgetMs: number) {
  return sample(
    async (i) => {
      const q = `%${qs[i % qs.length]!}%`;
      await sql`select count(*) from items where title like ${q} or content like ${q}`.execute(deps.db);
    },
    { count, budgetMs, min: 3 },
  );
}

export async function benchSearch(deps: AppDeps, ctx: UseCaseCtx, prefix: string, budgetMs: number): Promise<void> {
  const items = await sampleItems(deps, 30, 11);
  const rnd = mulberry32(12);
  for (const len of [2, 3, 6]) {
    const qs = items.map((i) => pieceOf(i.content, len, rnd)).filter((q): q is string => Boolean(q));
    if (!qs.length) continue;
    let hits = 0;
    const list = await sample(
      async (i) => {
        const q = qs[i % qs.length]!;
        const r = await listItems(deps, ctx, ItemListQuery.parse({ q, sort: 'registeredOn', order: 'desc' }));
        hits += r.total;
      },
      { count: qs.length, budgetMs, min: 3 },
    );
    const like = await likeScans(deps, qs, Math.min(qs.length, list.ms.length), budgetMs);
    const extra = {
      queries: list.ms.length,
      meanHits: Math.round(hits / list.ms.length),
      cpuMsPerQuery: Math.round(list.cpuMs / list.ms.length),
    };
    emit(`${prefix}search.${len}ch.p50`, pct(list.ms, 50), 'ms', pct(like.ms, 50), {
      baselineOf: 'one LIKE count scan',
      ...extra,
    });
    emit(`${prefix}search.${len}ch.p99`, pct(list.ms, 99), 'ms', pct(like.ms, 99), {
      baselineOf: 'one LIKE count scan',
      ...extra,
    });
  }
  await benchSearchNoHit(deps, ctx, prefix, budgetMs, items);
}

/**
 * A search that finds nothing: two 3-character pieces of different items joined, kept when the list finds no item
 * (a rare string makes a scanning search read every row). Baseline: the same LIKE count scan.
 */
async function benchSearchNoHit(
  deps: AppDeps,
  ctx: UseCaseCtx,
  prefix: string,
  budgetMs: number,
  items: { content: string }[],
): Promise<void> {
  const rnd = mulberry32(13);
  const qs: string[] = [];
  const ms: number[] = [];
  let tried = 0;
  const c0 = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i + 1 < items.length && qs.length < 20; i++) {
    if (qs.length >= 3 && performance.now() - start > budgetMs) break;
    const a = pieceOf(items[i]!.content, 3, rnd);
    const b = pieceOf(items[i + 1]!.content, 3, rnd);
    if (!a || !b) continue;
    tried++;
    const t0 = performance.now();
    const r = await listItems(deps, ctx, ItemListQuery.parse({ q: a + b, sort: 'registeredOn', order: 'desc' }));
    const took = performance.now() - t0;
    if (r.total !== 0) continue;
    qs.push(a + b);
    ms.push(took);
  }
  if (!qs.length) return;
  const cpu = process.cpuUsage(c0);
  const like = await likeScans(deps, qs, qs.length, budgetMs);
  const extra = {
    baselineOf: 'one LIKE count scan',
    queries: ms.length,
    tried,
    cpuMsPerQuery: Math.round((cpu.user + cpu.system) / 1000 / tried),
    note: 'two 3-character pieces of different items joined, no item found',
  };
  emit(`${prefix}search.nohit.p50`, pct(ms, 50), 'ms', pct(like.ms, 50), extra);
  emit(`${prefix}search.nohit.p99`, pct(ms, 99), 'ms', pct(like.ms, 99), extra);
}

/** The rule's top candidates over every earlier item of the person (no bound on how many are read). */
async function exhaustiveTop(deps: AppDeps, item: { title: string; content: string }, p: Petitioner, k: number) {
  const codec = deps.codec;
  const rows = await itemsOfPerson(
    deps.db,
    {
      id: p.idNumber ? [codec.index('id', p.idNumber)] : [],
      phone: p.phone ? [codec.index('phone', p.phone)] : [],
      name: p.name.trim() ? [codec.index('name', p.name)] : [],
    },
    SYSTEM_SCOPE,
    10_000_000,
  );
  const earlier: PetitionRecord[] = rows.map((r) => ({
    id: r.id,
    date: r.registered_on,
    idHash: r.id_hash,
    phone: r.phone ? codec.open(r.phone) : null,
    name: codec.open(r.name),
    address: r.address ? codec.open(r.address) : null,
    title: r.title,
    text: r.content,
  }));
  const me: PetitionRecord = {
    id: 'new',
    idHash: p.idNumber ? codec.index('id', p.idNumber) : null,
    phone: p.phone,
    name: p.name,
    address: p.address,
    title: item.title,
    text: item.content,
  };
  const best = new Map<string, { isRepeat: boolean; s: number }>();
  for (const c of detectRepeat(me, earlier, { maxCandidates: 1_000_000 }).candidates) {
    const prev = best.get(c.id);
    if (
      !prev ||
      Number(c.isRepeat) > Number(prev.isRepeat) ||
      (c.isRepeat === prev.isRepeat && c.matterSimilarity > prev.s)
    )
      best.set(c.id, { isRepeat: c.isRepeat, s: c.matterSimilarity });
  }
  return {
    rows: rows.length,
    top: [...best.entries()]
      .sort((a, b) => Number(b[1].isRepeat) - Number(a[1].isRepeat) || b[1].s - a[1].s)
      .slice(0, k)
      .map(([id]) => id),
  };
}

export async function benchRepeat(deps: AppDeps, prefix: string, budgetMs: number): Promise<void> {
  const picks = await sampleItems(deps, 40, 21, sql`is_repeat = 1`);
  const cases: { title: string; content: string; p: Petitioner }[] = [];
  for (const s of picks) {
    const item = await loadItem(deps.db, s.id, deps.codec);
    const p = item?.petitioners[0];
    if (item && p) cases.push({ title: item.title, content: item.content, p });
  }
  if (!cases.length) return note('no repeat items: repeat figures skipped');
  let hit = 0;
  let want = 0;
  let rowsRead = 0;
  const got: string[][] = [];
  const look = await sample(
    async (i) => {
      const c = cases[i]!;
      const r = await findRepeatCandidates(
        deps.db,
        deps.codec,
        {
          id: '',
          title: c.title,
          content: c.content,
          petitioners: [c.p],
        },
        SYSTEM_SCOPE,
      );
      got[i] = r.slice(0, 10).map((x) => x.itemId);
    },
    { count: cases.length, budgetMs, min: 3 },
  );
  const scan = await sample(
    async (i) => {
      const c = cases[i]!;
      const truth = await exhaustiveTop(deps, c, c.p, 10);
      rowsRead += truth.rows;
      want += truth.top.length;
      hit += truth.top.filter((id) => got[i]!.includes(id)).length;
    },
    { count: look.ms.length, budgetMs: budgetMs * 3, min: 3 },
  );
  const extra = { cases: scan.ms.length, meanRowsExhaustive: Math.round(rowsRead / scan.ms.length) };
  emit(`${prefix}repeat.lookup.p50`, pct(look.ms, 50), 'ms', pct(scan.ms, 50), {
    baselineOf: 'unbounded scan of the person',
    ...extra,
  });
  emit(`${prefix}repeat.lookup.p99`, pct(look.ms, 99), 'ms', pct(scan.ms, 99), {
    baselineOf: 'unbounded scan of the person',
    ...extra,
  });
  emit(`${prefix}repeat.recall_at_10`, want ? hit / want : null, 'recall', 1, {
    baselineOf: 'the unbounded scan itself',
    ...extra,
  });
}

export async function benchSuggest(deps: AppDeps, ctx: UseCaseCtx, prefix: string, budgetMs: number): Promise<void> {
  const items = await sampleItems(deps, 20, 31);
  const s = await sample(
    (i) => {
      const it = items[i]!;
      return suggestForRegistration(deps, ctx, {
        title: it.title,
        content: it.content,
        petitioners: [{ name: '王测试', phone: '13800001234' }],
      });
    },
    { count: items.length, budgetMs, min: 3 },
  );
  const model = classifier();
  const base = await sample((i) => predict(model, { title: items[i]!.title, text: items[i]!.content }, 3), {
    count: s.ms.length,
    budgetMs,
  });
  emit(`${prefix}suggest.p50`, pct(s.ms, 50), 'ms', pct(base.ms, 50), {
    baselineOf: 'the classifier alone on the same texts',
    p99: Math.round(pct(s.ms, 99)),
    cpuMsPerCall: Math.round(s.cpuMs / s.ms.length),
    calls: s.ms.length,
  });
}
