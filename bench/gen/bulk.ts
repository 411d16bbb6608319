/**
 * Bulk generator of the benchmark district. It replays the plans of `plan.ts` in memory with the same pure
 * domain code the use cases run (the lifecycle `transition`, `deadlinesOf`, warning dates, numbering), and
 * writes the resulting rows through the store's own row builders in large batched transactions: the same
 * items, petitioners, deadlines, timeline, audit chain and similarity index that `registerItem` / `applyStep`
 * would leave, without their per-call reads. `bench/gen/bulk.test.ts` replays a sample through the real use
 * cases and checks that both read back identically.
 */
import { ratingAudit } from '../../server/app/apply-step.ts';
import { sql, type Insertable } from 'kysely';
import { performance } from 'node:perf_hooks';
import { RegisterItemInput, StepInputSchema } from '../../contract/dto.ts';
import { checkPetitioner } from '../../server/domain/petitioner-check.ts';
import type { AppDeps } from '../../server/app/context.ts';
import { loadCalendar, loadRules, loadThresholds } from '../../server/app/context.ts';
import { organDirectory } from '../../server/app/apply-step.ts';
import {
  DEFAULT_NUMBER_PATTERN,
  formatItemNumber,
  newItemOf,
  newQueryCode,
  registrarLinkReason,
} from '../../server/app/register-item.ts';
import type { ItemPlan } from '../../server/demo/demo.model.ts';
import { Rng } from '../../server/demo/rng.ts';
import { seedDistrict } from '../../server/demo/seed-demo.ts';
import { SYSTEM_ACTOR } from '../../server/domain/item.policy.ts';
import { COLLECTIVE_HEAD_COUNT, type Item, type Petitioner } from '../../server/domain/item.ts';
import {
  DEFAULT_LIFECYCLE_SETTINGS,
  transition,
  type LifecycleSettings,
  type StepInput,
} from '../../server/domain/lifecycle.ts';
import { detectRepeat, type PetitionRecord } from '../../server/text/repeat.ts';
import { appendAudit, auditRow, type AuditAppend } from '../../server/store/audit.store.ts';
import type { Db, DbOrTrx } from '../../server/store/db.ts';
import { listTaxonomy } from '../../server/store/reference.store.ts';
import type { AuditTable, EventTable, ItemLinkTable } from '../../server/store/schema.ts';
import { getSetting } from '../../server/store/settings.store.ts';
import { GENESIS_HASH } from '../../server/crypto/audit-chain.ts';
import {
  Deriver,
  EncodePool,
  runJob,
  type DeriveInputs,
  type EncodedRows,
  type EncodeJob,
  type EventJob,
  type WorkerJob,
} from './encode.ts';
import { schedule, type TextPool } from './plan.ts';
import { rebuildRoutingHistory } from '../../server/app/routing-history.ts';

export interface GenerateOptions {
  items: number;
  seed: number;
  /** The district's "today": no step is dated after it. */
  today: string;
  texts: TextPool | null;
  keyFile: string;
  /** Workers for deadlines and row encoding (0 = all on this thread). */
  workers?: number;
  onProgress?: (done: number, total: number) => void;
  /** A line for each step of the closing work (indexes built, search index filled). */
  onPhase?: (text: string) => void;
  /** Ids of new items and events (tests pass a deterministic generator). */
  newId?: () => string;
}

export interface GenerateResult {
  items: number;
  events: number;
  audit: number;
  ms: number;
}

/** Petitioners as registration normalises them (ID number check digit, phone format, trimmed address). */
export function petitionersOf(input: RegisterItemInput, today: string): Petitioner[] {
  return input.petitioners.map((p, i) => {
    const { petitioner, problems } = checkPetitioner(p, i, today);
    if (problems.length) throw new Error(`generated petitioner rejected: ${problems.map((x) => x.message).join('; ')}`);
    return petitioner;
  });
}

/**
 * The registrar's repeat decision for a plan: a repeat plan names the item it comes back to. The real path
 * gets the same decision through `input.repeat` (the registrar's decision wins over the automatic rule).
 */
export function repeatDecision(
  p: ItemPlan,
  origOf: Map<ItemPlan, ItemPlan>,
): { isRepeat: boolean; earlierItemIds: string[] } {
  const orig = origOf.get(p);
  return orig ? { isRepeat: true, earlierItemIds: [orig.id!] } : { isRepeat: false, earlierItemIds: [] };
}

/** The input a plan registers with, parsed as the HTTP layer would. */
export function registrationInput(p: ItemPlan, origOf: Map<ItemPlan, ItemPlan>): RegisterItemInput {
  return RegisterItemInput.parse({ ...p.raw, repeat: repeatDecision(p, origOf) });
}

/** Similarity and reason of the link to an earlier item, as `findRepeatCandidates` computes them. */
function linkOf(
  item: Item,
  earlier: Earlier,
  codecIdHash: (v: string) => string,
): { similarity: number; reason: string; fromRule: boolean } {
  const recs: PetitionRecord[] = earlier.petitioners.map((e) => ({
    id: earlier.id,
    date: earlier.registeredOn,
    idHash: e.idNumber ? codecIdHash(e.idNumber) : null,
    phone: e.phone,
    name: e.name,
    address: e.address,
    title: earlier.title,
    text: earlier.content,
  }));
  let best: { similarity: number; reason: string; isRepeat: boolean } | null = null;
  for (const p of item.petitioners.filter((x) => x.name.trim() || x.idNumber || x.phone)) {
    const me: PetitionRecord = {
      id: item.id || 'new',
      idHash: p.idNumber ? codecIdHash(p.idNumber) : null,
      phone: p.phone,
      name: p.name,
      address: p.address,
      title: item.title,
      text: item.content,
    };
    for (const c of detectRepeat(me, recs, { maxCandidates: 50 }).candidates) {
      const cand = { similarity: c.matterSimilarity, reason: c.reason, isRepeat: c.isRepeat };
      if (
        !best ||
        Number(cand.isRepeat) > Number(best.isRepeat) ||
        (cand.isRepeat === best.isRepeat && cand.similarity > best.similarity)
      )
        best = cand;
    }
  }
  return best ? { ...best, fromRule: true } : { similarity: 1, reason: '登记人员确认', fromRule: false };
}

/**
 * What a later repeat reads of its original (linkOf): the identity, the dates and the text. The generator keeps
 * this, not the whole item, for every original a repeat may still come back to — at a million items that is
 * hundreds of thousands of originals, and whole items (facts, demands, deadlines) exhausted the heap.
 */
type Earlier = Pick<Item, 'id' | 'registeredOn' | 'title' | 'content'> & {
  petitioners: Pick<Item['petitioners'][number], 'name' | 'idNumber' | 'phone' | 'address'>[];
};

function earlierOf(i: Item): Earlier {
  return {
    id: i.id,
    registeredOn: i.registeredOn,
    title: i.title,
    content: i.content,
    petitioners: i.petitioners.map((x) => ({ name: x.name, idNumber: x.idNumber, phone: x.phone, address: x.address })),
  };
}

interface Live {
  item: Item;
  createdIso: string;
  updatedIso: string;
  /** Date of the last write (the clock's "today" then). */
  lastDay: string;
  queryCodeHash: string;
  eventSeq: number;
}

/** Generates the district into an empty, migrated SQLite database through the bulk path. */
export async function generateDistrict(deps: AppDeps, opts: GenerateOptions): Promise<GenerateResult> {
  if (deps.dialect !== 'sqlite') throw new Error('the bulk generator writes SQLite; PostgreSQL gets a copy');
  const t0 = performance.now();
  const newId = opts.newId ?? deps.newId;
  const db = deps.db;
  const { unitIds, actors } = await seedDistrict({ ...deps, newId }, new Rng(opts.seed ^ 0x5a5a), opts.today);
  const cal = await loadCalendar(db);
  const rules = await loadRules(db);
  const thresholds = await loadThresholds(db);
  const taxonomy = await listTaxonomy(db);
  const codeOfPath = new Map(taxonomy.map((t) => [t.path, t.code]));
  const pathOfCode = new Map(taxonomy.map((t) => [t.code, t.path] as [string, string]));
  const pattern = await getSetting(db, 'item_number_pattern', DEFAULT_NUMBER_PATTERN);
  const counters = new Map<string, number>();
  // Deadlines at every step (the timeline records them) and the list columns of the final state are derived
  // by the workers from the item as it stands; this thread only plans, replays the lifecycle and chains the audit.
  const deriveInputs: DeriveInputs = {
    calendar: cal.entries(),
    officialYears: cal.officialYears(),
    rules,
    thresholds,
    pathOfCode: [...pathOfCode],
  };

  // Rows arrive in the order they are finished, not in foreign-key order; the check runs once at the end.
  await sql`pragma foreign_keys = off`.execute(db);
  // A large page cache for the bulk load: the random-key indexes (ids, LSH bands, hashes) thrash a small one.
  await sql`pragma cache_size = -524288`.execute(db);
  // A district being built is thrown away on a crash (it is renamed into the cache only when complete): its
  // commits need not wait for the disk.
  await sql`pragma synchronous = off`.execute(db);
  const deferred = await deferIndexes(db);
  const pool = opts.workers ? new EncodePool(opts.keyFile, opts.workers, deriveInputs) : null;
  const local = pool ? null : new Deriver(deriveInputs);
  const run = <J extends WorkerJob>(job: J) =>
    pool ? pool.run(job) : Promise.resolve(runJob(job, deps.codec, local!) as never);
  const writer = new BatchWriter(db);
  const live = new Map<ItemPlan, Live>();
  const origOf = new Map<ItemPlan, ItemPlan>();
  const itemOfPlan = new Map<ItemPlan, Earlier>(); // originals a later repeat may still come back to
  let lastHash = GENESIS_HASH;
  let auditSeq = 0;
  let events = 0;
  let registered = 0;
  let finishedBatch: EncodeJob[] = [];
  let eventBatch: EventJob[] = [];
  // Bounded work in flight: wait for the oldest batch (items first, then the timeline) before sending more.
  const room = async () => {
    while (pool && pool.inFlight >= 6) {
      if (writer.encodedPending) await writer.drainOne();
      else await writer.flushStreams();
    }
  };
  const encodeBatch = async () => {
    if (!finishedBatch.length) return;
    const jobs = finishedBatch;
    finishedBatch = [];
    await room();
    writer.addEncoded(run({ kind: 'encode', jobs }));
  };
  const eventsBatch = async () => {
    if (!eventBatch.length) return;
    const jobs = eventBatch;
    eventBatch = [];
    await room();
    writer.addEvents(run({ kind: 'events', jobs }), jobs.length);
  };
  const audit = (ev: AuditAppend) => {
    const row = auditRow(ev, ++auditSeq, lastHash, deps.auditKeys);
    lastHash = row.hash;
    writer.audit.push(row);
  };
  const finish = (p: ItemPlan, l: Live) => {
    live.delete(p);
    finishedBatch.push({
      item: l.item,
      queryCodeHash: l.queryCodeHash,
      createdIso: l.createdIso,
      updatedIso: l.updatedIso,
      lastDay: l.lastDay,
    });
  };
  const total = opts.items;
  const progressEvery = Math.max(1, Math.floor(total / 200));
  const registrar = actors.get('registrar')!;
  const lifecycleSettings = await getSetting<Partial<LifecycleSettings>>(
    deps.db,
    'lifecycle_settings',
    DEFAULT_LIFECYCLE_SETTINGS,
  );
  const organs = await organDirectory(deps.db);

  const plans = schedule({
    total,
    seed: opts.seed,
    today: opts.today,
    cal,
    rules,
    thresholds,
    taxonomy: codeOfPath,
    unitIds,
    texts: opts.texts,
  });
  for (const s of plans) {
    const p = s.plan;
    if (s.repeatOf) origOf.set(p, s.repeatOf);
    const nowIso = new Date(`${s.date}T02:00:00.000Z`).toISOString();
    if (s.op.kind === 'register') {
      const input = registrationInput(p, origOf);
      const registeredOn = input.registeredOn ?? s.date;
      const year = Number(registeredOn.slice(0, 4));
      const seq = (counters.get(`item:${year}`) ?? 0) + 1;
      counters.set(`item:${year}`, seq);
      const flags = [...new Set(input.flags)];
      if (input.headCount >= COLLECTIVE_HEAD_COUNT && !flags.includes('集体访')) flags.push('集体访');
      const item = newItemOf(input, {
        id: newId(),
        number: formatItemNumber(pattern, year, seq),
        registeredOn,
        petitioners: petitionersOf(input, s.date),
        flags,
        registeredBy: registrar.userId,
      });
      item.isRepeat = input.repeat!.isRepeat;
      item.earlierItemIds = [...new Set(input.repeat!.earlierItemIds)];
      p.id = item.id;
      p.version = 1;
      const l: Live = {
        item,
        createdIso: nowIso,
        updatedIso: nowIso,
        lastDay: s.date,
        queryCodeHash: deps.codec.index('id', `query:${newQueryCode()}`),
        eventSeq: 0,
      };
      live.set(p, l);
      const orig = origOf.get(p);
      origOf.delete(p); // read at registration only
      if (orig) {
        const e = itemOfPlan.get(orig) ?? live.get(orig)?.item;
        if (!e) throw new Error(`repeat of an item that is no longer kept: ${orig.idx}`);
        const link = linkOf(item, e, (v) => deps.codec.index('id', v));
        writer.links.push({
          item_id: item.id,
          earlier_id: e.id,
          similarity: link.similarity,
          // Every plan's repeat is decided at registration, as a registrar does (registerItem's `repeat`).
          reason: registrarLinkReason(link.fromRule ? link.reason : undefined),
          kind: 'repeat',
        });
      }
      if (p.persons.length) itemOfPlan.set(p, earlierOf(item));
      eventBatch.push({
        item,
        today: s.date,
        ev: {
          itemId: item.id,
          at: nowIso,
          onDate: registeredOn,
          step: 'register',
          actorId: registrar.userId,
          actorName: registrar.displayName,
          actorRole: registrar.role,
          summary: `登记（${item.channel}，${item.isRepeat ? '重件' : '初件'}）`,
        },
        data: null,
        id: newId(),
        seq: ++l.eventSeq,
      });
      events++;
      audit({
        at: nowIso,
        actorId: registrar.userId,
        actorRole: registrar.role,
        action: 'item.register',
        itemId: item.id,
        detail: { number: item.number },
        requestId: null,
      });
      registered++;
      if (registered % progressEvery === 0 || registered === total) opts.onProgress?.(registered, total);
      if (!p.ops.length) finish(p, l);
    } else {
      const l = live.get(p)!;
      const actor = actors.get(s.op.who);
      if (!actor) throw new Error(`no account for ${s.op.who}`);
      const dto = StepInputSchema.parse(s.op.input);
      // As the step use case does: the assisting unit is the actor's own, and the actor, settings and organs go in.
      const own = dto.step === 'submit_assist_opinion' ? { unitId: actor.unitId ?? undefined } : {};
      const on = dto.step === 'add_hearing' ? {} : { on: dto.on ?? s.date };
      const input = { ...dto, ...own, ...on } as StepInput;
      const before = l.item;
      const result = transition(before, input, {
        today: s.date,
        calendar: cal,
        rules,
        actor: { userId: actor.userId, name: actor.displayName, unitId: actor.unitId, role: actor.role },
        settings: lifecycleSettings,
        organs,
      });
      const next = result.item;
      next.version = before.version + 1;
      l.item = next;
      l.lastDay = s.date;
      l.updatedIso = nowIso;
      if (itemOfPlan.has(p)) itemOfPlan.set(p, earlierOf(next));
      eventBatch.push({
        item: next,
        today: s.date,
        ev: {
          itemId: next.id,
          at: nowIso,
          onDate: dto.step === 'add_hearing' ? dto.from : (input as { on: string }).on,
          step: dto.step,
          actorId: actor.userId,
          actorName: actor.displayName,
          actorRole: actor.role,
          summary: result.summary,
        },
        data: { input: dto, refused: result.refused },
        id: newId(),
        seq: ++l.eventSeq,
      });
      events++;
      audit({
        at: nowIso,
        actorId: actor.userId,
        actorRole: actor.role,
        action: `item.${dto.step}`,
        itemId: next.id,
        detail: { from: before.status, to: next.status, refused: result.refused, ...ratingAudit(dto) },
        requestId: null,
      });
      if (s.k === p.ops.length) {
        finish(p, l);
        // Every step of the plan has run; a later repeat reads its registration and its fate, not its steps.
        p.ops = [];
      }
    }
    if (finishedBatch.length >= 500) await encodeBatch();
    if (eventBatch.length >= 2000) await eventsBatch();
    if (writer.eventCount >= 20_000 || writer.audit.length >= 20_000) await writer.flushStreams();
    forgetOld(itemOfPlan, s.date);
  }
  for (const [p, l] of live) finish(p, l);
  await encodeBatch();
  await eventsBatch();
  await writer.flushStreams();
  await writer.drainAll();
  await db.transaction().execute(async (trx) => {
    for (const [name, value] of counters) await trx.insertInto('counters').values({ name, value }).execute();
  });
  await pool?.close();
  await restoreIndexes(db, deferred, opts.onPhase);
  await sql`pragma synchronous = normal`.execute(db);
  await sql`pragma foreign_keys = on`.execute(db);
  const broken = await sql<{ table: string }>`pragma foreign_key_check`.execute(db);
  if (broken.rows.length)
    throw new Error(`generated rows break foreign keys: ${JSON.stringify(broken.rows.slice(0, 3))}`);
  // The routing history the use cases keep item by item, counted once over the final rows.
  await rebuildRoutingHistory(deps);
  await audit2Seed(deps, opts.today, registered);
  return { items: registered, events, audit: auditSeq + 1, ms: performance.now() - t0 };
}

/** The tables the bulk path fills; their secondary indexes and the search-index triggers wait until the end. */
const BULK_TABLES = [
  ...['items', 'petitioners', 'item_units', 'deadlines'],
  ...['text_lsh', 'events', 'audit_log', 'item_links'],
];

interface Deferred {
  /** CREATE statements of the dropped indexes and triggers, as the schema had them. */
  create: { type: string; name: string; sql: string }[];
}

/**
 * Drops the secondary indexes of the tables the bulk path fills, and the triggers that feed the full-text index,
 * keeping their definitions. Each batch would otherwise insert into every index at random keys (ids, hashes, LSH
 * bands: 32 rows an item) and into the trigram index, whose cost grew with the district until a million items
 * took hours; building each index once from the finished table is a sort. Unique constraints of the tables
 * themselves stay, and the rollup triggers stay (they keep the report figures as the rows arrive).
 */
async function deferIndexes(db: Db): Promise<Deferred> {
  const rows = (
    await sql<{ type: string; name: string; sql: string }>`select type, name, sql from sqlite_master
      where sql is not null and tbl_name in (${sql.join(BULK_TABLES)})
        and (type = 'index' or (type = 'trigger' and name glob 'items_fts_*'))
      order by type, name`.execute(db)
  ).rows;
  const [{ n }] = (await sql<{ n: number }>`select count(*) as n from items`.execute(db)).rows as [{ n: number }];
  if (n) throw new Error('the bulk generator fills an empty district');
  for (const r of rows) await sql.raw(`drop ${r.type} "${r.name}"`).execute(db);
  return { create: rows };
}

/** Builds the deferred indexes, puts the triggers back and fills the full-text index from the finished items. */
async function restoreIndexes(db: Db, d: Deferred, onPhase?: (text: string) => void): Promise<void> {
  for (const c of d.create) {
    const t0 = performance.now();
    await sql.raw(c.sql).execute(db);
    onPhase?.(`  ${c.type} ${c.name} built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  const t0 = performance.now();
  await sql`insert into items_fts(items_fts) values ('rebuild')`.execute(db);
  onPhase?.(`  filled the full-text index in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

/** The seed's closing audit event, chained after the last generated one; it also writes the keyed head seal. */
async function audit2Seed(deps: AppDeps, today: string, items: number): Promise<void> {
  await appendAudit(
    deps.db,
    {
      at: new Date(`${today}T02:00:00.000Z`).toISOString(),
      actorId: SYSTEM_ACTOR.userId,
      actorRole: SYSTEM_ACTOR.role,
      action: 'demo.seed',
      itemId: null,
      detail: { today, items, generator: 'bench' },
      requestId: null,
    },
    deps,
  );
}

/**
 * Drops originals that no repeat can still come back to (registered more than 460 days ago: a repeat registers some
 * days after its receipt).
 */
function forgetOld(itemOfPlan: Map<ItemPlan, Earlier>, day: string): void {
  if (itemOfPlan.size < 50_000) return;
  const cut = new Date(Date.parse(`${day}T00:00:00Z`) - 460 * 86_400_000).toISOString().slice(0, 10);
  for (const [p] of itemOfPlan) {
    if (p.registeredOn >= cut) break; // insertion order is registration order
    itemOfPlan.delete(p);
  }
}

/** Collects rows and writes them in large transactions with multi-row inserts. */
class BatchWriter {
  audit: AuditTable[] = [];
  links: Insertable<ItemLinkTable>[] = [];
  /** Timeline rows not yet written (still being derived, in order). */
  eventCount = 0;
  private events: Promise<EventTable[]>[] = [];
  private encoded: Promise<EncodedRows>[] = [];
  constructor(private db: Db) {}

  addEncoded(p: Promise<EncodedRows>): void {
    this.encoded.push(p);
  }

  addEvents(p: Promise<EventTable[]>, count: number): void {
    this.events.push(p);
    this.eventCount += count;
  }

  get encodedPending(): boolean {
    return this.encoded.length > 0;
  }

  async drainOne(): Promise<void> {
    const p = this.encoded.shift();
    if (!p) return;
    const rows = await p;
    await this.db.transaction().execute(async (trx) => {
      await insertChunks(trx, 'items', rows.items);
      await insertChunks(trx, 'petitioners', rows.petitioners);
      await insertChunks(trx, 'item_units', rows.units);
      await insertChunks(trx, 'deadlines', rows.deadlines);
      await insertChunks(trx, 'text_lsh', rows.lsh);
    });
  }

  async drainAll(): Promise<void> {
    while (this.encoded.length) await this.drainOne();
  }

  async flushStreams(): Promise<void> {
    const [pending, audit, links] = [this.events, this.audit, this.links];
    this.events = [];
    this.eventCount = 0;
    this.audit = [];
    this.links = [];
    const events = (await Promise.all(pending)).flat();
    await this.db.transaction().execute(async (trx) => {
      await insertChunks(trx, 'events', events);
      await insertChunks(trx, 'audit_log', audit);
      await insertChunks(trx, 'item_links', links);
    });
  }
}

type Tables = 'items' | 'petitioners' | 'item_units' | 'deadlines' | 'text_lsh' | 'events' | 'audit_log' | 'item_links';

/** Multi-row inserts under SQLite's bound-parameter limit. */
async function insertChunks(db: DbOrTrx, table: Tables, rows: object[]): Promise<void> {
  if (!rows.length) return;
  const cols = Object.keys(rows[0]!).length;
  const size = Math.max(1, Math.floor(30_000 / cols));
  for (let i = 0; i < rows.length; i += size)
    await db
      .insertInto(table)
      .values(rows.slice(i, i + size) as never)
      .execute();
}
