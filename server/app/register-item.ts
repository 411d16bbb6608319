import { randomInt } from 'node:crypto';
import type { RegisterItemInput } from '../../contract/dto.ts';
import { checkPetitioner } from '../domain/petitioner-check.ts';
import { AppError } from '../domain/errors.ts';
import type { ItemDeadline } from '../domain/item-deadlines.ts';
import { canRegister } from '../domain/item.policy.ts';
import { COLLECTIVE_HEAD_COUNT, emptyFacts, MAX_REPRESENTATIVES, type Item, type Petitioner } from '../domain/item.ts';
import { appendAudit } from '../store/audit.store.ts';
import { nextCounter } from '../store/counter.store.ts';
import { findIdempotencyKey, insertIdempotencyKey } from '../store/idempotency.store.ts';
import {
  appendEvent,
  existingItemIds,
  insertItem,
  insertItemLink,
  loadItem,
  writeDeadlines,
} from '../store/item.store.ts';
import { getUnit, taxonomyByCode, type TaxonomyRow } from '../store/reference.store.ts';
import { getSetting } from '../store/settings.store.ts';
import type { DbOrTrx, Trx } from '../store/db.ts';
import { loadClockwork, type AppDeps, type Clockwork, type UseCaseCtx } from './context.ts';
import { deriveItem } from './derive.ts';
import { indexItemText } from './text-intel.ts';
import { findRepeatCandidates, type RepeatCandidate } from './repeat-check.ts';
import { scopeOf } from './visibility.ts';

export const DEFAULT_NUMBER_PATTERN = '区信〔{year}〕{seq:5}号';

/** Formats an item number from the configured pattern: `{year}` and `{seq:N}` (zero-padded to N). */
export function formatItemNumber(pattern: string, year: number, seq: number): string {
  return pattern
    .replace('{year}', String(year))
    .replace(/\{seq(?::(\d+))?\}/, (_m, w: string | undefined) => String(seq).padStart(Number(w ?? 0), '0'));
}

const QUERY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A query code the petitioner uses to follow the item (shown once; only its hash is stored). */
export function newQueryCode(): string {
  let s = '';
  for (let i = 0; i < 10; i++) s += QUERY_ALPHABET[randomInt(QUERY_ALPHABET.length)];
  return s;
}

/**
 * A registration of something that already has its number and query code (an online submission the registrar
 * accepts): `within` runs in the same transaction, after the item is written.
 */
export interface RegisterPreset {
  number: string;
  queryCodeHash: string;
  within: (trx: Trx, item: Item) => Promise<void>;
}

export interface RegisterResult {
  item: Item;
  queryCode: string;
  repeatCandidates: RepeatCandidate[];
  /** True when an idempotency key matched an earlier registration and nothing new was created. */
  replayed: boolean;
  /** What the registration used and wrote besides the item (absent when replayed): the view is built from it. */
  written?: { clockwork: Clockwork; classRow: TaxonomyRow | null; deadlines: ItemDeadline[] };
}

/** Checks the facts zod cannot: ID numbers, phones, dates, head count, units, class. Lists every problem. */
async function validate(
  db: DbOrTrx,
  input: RegisterItemInput,
  today: string,
): Promise<{ petitioners: Petitioner[]; classRow: TaxonomyRow | null }> {
  const problems: { field: string; code: string; message: string }[] = [];
  const petitioners: Petitioner[] = input.petitioners.map((p, i) => {
    const checked = checkPetitioner(p, i, today);
    problems.push(...checked.problems);
    return checked.petitioner;
  });
  const registeredOn = input.registeredOn ?? today;
  if (input.receivedOn > today)
    problems.push({
      field: 'receivedOn',
      code: 'DATE_IN_FUTURE',
      message: `收到日期 ${input.receivedOn} 晚于今天，请填写实际收到的日期`,
    });
  if (registeredOn > today)
    problems.push({ field: 'registeredOn', code: 'DATE_IN_FUTURE', message: `登记日期 ${registeredOn} 晚于今天` });
  if (input.receivedOn <= today && input.receivedOn > registeredOn)
    problems.push({
      field: 'receivedOn',
      code: 'DATE_ORDER',
      message: `收到日期 ${input.receivedOn} 晚于登记日期 ${registeredOn}`,
    });
  if (!petitioners.length && !input.organisation?.trim())
    problems.push({
      field: 'petitioners',
      code: 'VALIDATION',
      message: '请至少填写一位信访人，或填写来信来访的单位（组织）名称',
    });
  if (input.headCount < petitioners.length)
    problems.push({
      field: 'headCount',
      code: 'HEAD_COUNT',
      message: `人数 ${input.headCount} 少于已登记的信访人数 ${petitioners.length}，请更正人数`,
    });
  if (input.representatives.length > MAX_REPRESENTATIVES)
    problems.push({
      field: 'representatives',
      code: 'REPRESENTATIVES',
      message: `多人反映同一问题应推选不超过 ${MAX_REPRESENTATIVES} 名代表，当前 ${input.representatives.length} 名`,
    });
  if (input.representatives.length > input.headCount)
    problems.push({ field: 'representatives', code: 'REPRESENTATIVES', message: '代表人数不能多于来访人数' });
  const classRow = input.classCode ? await taxonomyByCode(db, input.classCode) : null;
  if (input.classCode && !classRow)
    problems.push({
      field: 'classCode',
      code: 'UNKNOWN_CLASS',
      message: `内容分类 ${input.classCode} 不存在，请从分类表中选择`,
    });
  else if (classRow?.retired)
    problems.push({
      field: 'classCode',
      code: 'CLASS_RETIRED',
      message: `内容分类「${classRow.path}」已停用，请选择其他分类`,
    });
  const earlier = [...new Set(input.repeat?.earlierItemIds ?? [])];
  if (earlier.length) {
    const found = await existingItemIds(db, earlier);
    const missing = earlier.filter((id) => !found.has(id));
    if (missing.length)
      problems.push({
        field: 'repeat.earlierItemIds',
        code: 'VALIDATION',
        message: `关联的此前事项不存在：${missing.join('、')}，请重新选择`,
      });
  }
  const accused = input.accused;
  // Where the accused party works decides who must never see the item: it is chosen, never left blank.
  if (input.handlingClass === '检举控告类' && !accused)
    problems.push({
      field: 'accused',
      code: 'VALIDATION',
      message: '检举控告类事项须填写被检举控告人及被检举控告人所在单位（不是本区单位的，请选择「不是本区单位」）',
    });
  else if (input.handlingClass === '检举控告类' && !accused?.unitId && !accused?.outsideDistrict)
    problems.push({
      field: 'accused.unitId',
      code: 'VALIDATION',
      message: '检举控告类事项须选择被检举控告人所在单位；不是本区单位的，请选择「不是本区单位」',
    });
  if (accused?.unitId && accused.outsideDistrict)
    problems.push({
      field: 'accused.unitId',
      code: 'VALIDATION',
      message: '被检举控告人所在单位与「不是本区单位」只能选择其一',
    });
  if (accused?.unitId && !(await getUnit(db, accused.unitId)))
    problems.push({
      field: 'accused.unitId',
      code: 'UNKNOWN_UNIT',
      message: '被检举控告人所在单位不存在，请从单位列表中选择',
    });
  if (problems.length) {
    // The first problem sets the code (and status); the message and details list them all.
    const code = problems[0]!.code as AppError['code'];
    throw new AppError(code, problems.map((p) => p.message).join('；'), { problems });
  }
  return { petitioners, classRow };
}

/**
 * The new item a registration creates from its validated input: the one mapping from input to item, shared
 * with bulk writers (benchmark districts) so that they produce exactly what registration produces.
 */
export function newItemOf(
  input: RegisterItemInput,
  given: Pick<Item, 'id' | 'number' | 'registeredOn' | 'petitioners' | 'flags' | 'registeredBy'>,
): Item {
  return {
    ...given,
    version: 1,
    status: 'registered',
    channel: input.channel,
    level: input.level,
    receivedOn: input.receivedOn,
    organisation: input.organisation?.trim() || null,
    headCount: input.headCount,
    representatives: input.representatives,
    title: input.title,
    content: input.content,
    demands: input.demands.map((text) => ({ text })),
    classCode: input.classCode ?? null,
    purpose: input.purpose,
    handlingClass: input.handlingClass,
    place: input.place?.trim() || null,
    leadUnitId: null,
    assistUnitIds: [],
    accused: input.accused
      ? {
          name: input.accused.name,
          unitId: input.accused.unitId ?? null,
          outsideDistrict: input.accused.outsideDistrict === true,
          note: input.accused.note,
        }
      : null,
    isRepeat: false,
    earlierItemIds: [],
    facts: emptyFacts(),
  };
}

/**
 * Registers one petition item (登记): validates, numbers it (unique per year, race-free), decides 初件/重件
 * (the registrar's decision wins when given), derives its first deadline, and writes item, timeline and
 * audit in one transaction. With an idempotency key, a retried request returns the first result.
 */
export async function registerItem(
  deps: AppDeps,
  ctx: UseCaseCtx,
  input: RegisterItemInput,
  idempotencyKey?: string | null,
  preset?: RegisterPreset,
): Promise<RegisterResult> {
  if (!canRegister(ctx.actor)) throw new AppError('FORBIDDEN', '只有信访部门登记人员可以登记信访事项');
  try {
    return await registerOnce(deps, ctx, input, idempotencyKey, preset);
  } catch (err) {
    // Two concurrent retries with one key: the loser's insert of the key fails; it returns the winner's item.
    if (idempotencyKey && isUniqueViolation(err)) return registerOnce(deps, ctx, input, idempotencyKey, preset);
    throw err;
  }
}

function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

async function registerOnce(
  deps: AppDeps,
  ctx: UseCaseCtx,
  input: RegisterItemInput,
  idempotencyKey?: string | null,
  preset?: RegisterPreset,
): Promise<RegisterResult> {
  const now = deps.clock();
  const nowIso = now.toISOString();
  return deps.db.transaction().execute(async (trx) => {
    if (idempotencyKey) {
      const seen = await findIdempotencyKey(trx, idempotencyKey);
      if (seen) {
        if (seen.userId !== ctx.actor.userId) throw new AppError('CONFLICT', '该幂等键已被其他用户使用，请重新生成');
        const item = await loadItem(trx, seen.itemId, deps.codec);
        if (item) return { item, queryCode: '', repeatCandidates: [], replayed: true };
      }
    }
    const cw = await loadClockwork(trx, now);
    const { petitioners, classRow } = await validate(trx, input, cw.today);
    const registeredOn = input.registeredOn ?? cw.today;
    const year = Number(registeredOn.slice(0, 4));
    const number = preset
      ? preset.number
      : formatItemNumber(
          await getSetting(trx, 'item_number_pattern', DEFAULT_NUMBER_PATTERN),
          year,
          await nextCounter(trx, `item:${year}`),
        );
    const flags = [...new Set(input.flags)];
    if (input.headCount >= COLLECTIVE_HEAD_COUNT && !flags.includes('集体访')) flags.push('集体访');
    const item = newItemOf(input, {
      id: deps.newId(),
      number,
      registeredOn,
      petitioners,
      flags,
      registeredBy: ctx.actor.userId,
    });
    const candidates = await findRepeatCandidates(trx, deps.codec, item, scopeOf(deps, ctx.actor), cw);
    if (input.repeat) {
      item.isRepeat = input.repeat.isRepeat;
      item.earlierItemIds = [...new Set(input.repeat.earlierItemIds)];
    } else {
      const decided = candidates.filter((c) => c.isRepeat);
      item.isRepeat = decided.length > 0;
      item.earlierItemIds = decided.map((c) => c.itemId);
    }
    const queryCode = preset ? '' : newQueryCode();
    const { extra, deadlines } = await deriveItem(trx, item, cw, classRow);
    await insertItem(
      trx,
      item,
      deps.codec,
      { ...extra, queryCodeHash: preset?.queryCodeHash ?? deps.codec.index('id', `query:${queryCode}`) },
      nowIso,
    );
    await writeDeadlines(trx, item.id, deadlines);
    await indexItemText(trx, item.id, item.title, item.content);
    for (const earlier of item.earlierItemIds) {
      const c = candidates.find((x) => x.itemId === earlier);
      // A link the registrar decided on is his, even when the rule found it too: a later correction of the
      // petitioner or the matter recomputes automatic links only, and must not undo a person's decision.
      const reason = input.repeat ? registrarLinkReason(c?.reason) : (c?.reason ?? '登记人员确认');
      await insertItemLink(trx, { itemId: item.id, earlierId: earlier, similarity: c?.similarity ?? 1, reason });
    }
    const summary = `登记（${item.channel}，${item.isRepeat ? '重件' : '初件'}）`;
    await appendEvent(
      trx,
      {
        itemId: item.id,
        at: nowIso,
        onDate: registeredOn,
        step: 'register',
        actorId: ctx.actor.userId,
        actorName: ctx.actor.displayName,
        actorRole: ctx.actor.role,
        summary,
        data: { deadlines: deadlines.map((d) => ({ rule: d.rule, due: d.due, explanation: d.explanation })) },
      },
      deps.newId(),
    );
    await appendAudit(
      trx,
      {
        at: nowIso,
        actorId: ctx.actor.userId,
        actorRole: ctx.actor.role,
        action: 'item.register',
        itemId: item.id,
        detail: { number: item.number },
        requestId: ctx.requestId,
      },
      deps,
    );
    if (idempotencyKey)
      await insertIdempotencyKey(trx, idempotencyKey, { itemId: item.id, userId: ctx.actor.userId }, nowIso);
    if (preset) await preset.within(trx, item);
    return {
      item,
      queryCode,
      repeatCandidates: candidates,
      replayed: false,
      written: { clockwork: cw, classRow, deadlines },
    };
  });
}

/** The reason of a repeat link the registrar decided on, with the rule's own reason when the rule found it too. */
export function registrarLinkReason(ruleReason?: string): string {
  return ruleReason ? `登记人员确认（${ruleReason}）` : '登记人员确认';
}
