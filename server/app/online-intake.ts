import { createChallenge, verifySolution, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import type { AcceptSubmissionInput, OnlineSubmissionInput, RejectSubmissionInput } from '../../contract/online.ts';
import { checkIdNumber, checkPhone } from '../../contract/id-number.ts';
import { maskIdNumber, maskName, maskPhone } from '../domain/masking.ts';
import { AppError } from '../domain/errors.ts';
import { canRegister } from '../domain/item.policy.ts';
import { insertAttachment, insertSubmissionFile, listSubmissionFiles } from '../store/attachment.store.ts';
import { appendAudit } from '../store/audit.store.ts';
import { appendEvent } from '../store/item.store.ts';
import { nextCounter } from '../store/counter.store.ts';
import {
  countSubmissionsSince,
  decideSubmission,
  insertSubmission,
  listSubmissions,
  loadSubmission,
  spendChallenge,
  type OnlineSubmission,
} from '../store/online.store.ts';
import type { Trx } from '../store/db.ts';
import { getSetting } from '../store/settings.store.ts';
import { todayOf, type AppDeps, type UseCaseCtx } from './context.ts';
import type { FileStore } from './attachment-files.ts';
import { decodePublicFiles, storePublicFiles } from './petitioner-files.ts';
import { chargeRequest } from './rate-limits.ts';
import { auditOnlySms, type PetitionerSmsSink } from './petitioner-sms.ts';
import { formatItemNumber, newQueryCode, registerItem } from './register-item.ts';

/** Number pattern of online submissions; the number stays the item's number when the registrar accepts it. */
export const ONLINE_NUMBER_PATTERN = '区信网〔{year}〕{seq:5}号';

/** Abuse limits of the public form (setting `online_limits`); counted in the database, shared by instances. */
export interface OnlineLimits {
  perClientPerMinute: number;
  perClientPerDay: number;
  perPhonePerDay: number;
  /** Hex prefix the proof-of-work's SHA-256 must start with: each hex digit makes it 16 times harder. */
  powPrefix: string;
}
export const DEFAULT_ONLINE_LIMITS: OnlineLimits = {
  perClientPerMinute: 3,
  perClientPerDay: 10,
  perPhonePerDay: 3,
  powPrefix: '000',
};

const CHALLENGE_MINUTES = 15;

async function limitsOf(deps: AppDeps): Promise<OnlineLimits> {
  return { ...DEFAULT_ONLINE_LIMITS, ...(await getSetting<Partial<OnlineLimits>>(deps.db, 'online_limits', {})) };
}

/** The challenge key is derived from the key file (never stored), so every instance verifies the same. */
const powSecret = (deps: AppDeps) => deps.codec.index('id', 'online-pow-challenge-key');

/** A fresh proof-of-work challenge for the public form (self-hosted ALTCHA, solved by the browser). */
export async function onlineChallenge(deps: AppDeps): Promise<Challenge> {
  const limits = await limitsOf(deps);
  return createChallenge({
    algorithm: 'SHA-256',
    cost: 1,
    keyPrefix: limits.powPrefix,
    deriveKey,
    hmacSignatureSecret: powSecret(deps),
    // The library checks expiry against the wall clock (like a rate, a challenge's life is real time).
    expiresAt: new Date(Date.now() + CHALLENGE_MINUTES * 60_000),
  });
}

/** What the petitioner gets on the spot (and prints as the 登记回执). Identity is shown masked. */
export interface OnlineReceipt {
  number: string;
  queryCode: string;
  submittedAt: string;
  submittedOn: string;
  name: string;
  idNumber: string;
  phone: string;
  title: string;
  demands: string[];
  /** The materials received with it (names and sizes). */
  attachments: { name: string; size: number }[];
}

function problemsOf(input: OnlineSubmissionInput, today: string) {
  const problems: string[] = [];
  const id = checkIdNumber(input.idNumber, { today });
  if (!id.ok) problems.push(id.message);
  const phone = checkPhone(input.phone);
  if (!phone.ok) problems.push(`联系电话有误：${phone.message}`);
  return {
    problems,
    idNumber: id.ok ? id.normalized : '',
    phone: phone.ok ? phone.normalized : '',
    code: (!id.ok ? 'ID_NUMBER_INVALID' : 'PHONE_INVALID') as 'ID_NUMBER_INVALID' | 'PHONE_INVALID',
  };
}

/**
 * 网上信访: a petitioner without an account submits a matter. Checks the proof-of-work (one use per challenge),
 * the ID number (check digit), the phone, and the per-address and per-phone limits; then writes the sealed
 * submission, its audit event and the text message in one transaction. The item number and query code are
 * returned once (only the code's hash is kept).
 */
export async function submitOnline(
  deps: AppDeps,
  input: OnlineSubmissionInput,
  client: { address: string | null; requestId: string | null; files?: FileStore },
  sms: PetitionerSmsSink = auditOnlySms,
): Promise<OnlineReceipt> {
  const now = deps.clock();
  const nowIso = now.toISOString();
  const today = todayOf(now);
  if (!input.consent) throw new AppError('VALIDATION', '请阅读并同意《个人信息处理告知》后再提交');
  const limits = await limitsOf(deps);
  const challenge = input.pow.challenge as unknown as Challenge;
  let verified = false;
  try {
    const res = await verifySolution({
      challenge,
      solution: input.pow.solution,
      deriveKey,
      hmacSignatureSecret: powSecret(deps),
    });
    verified = res.verified && challenge.parameters.keyPrefix === limits.powPrefix;
  } catch {
    verified = false;
  }
  if (!verified) throw new AppError('VALIDATION', '安全验证未通过或已过期，请重新点击「开始验证」后再提交');
  const checked = problemsOf(input, today);
  if (checked.problems.length)
    throw new AppError(checked.code, checked.problems.join('；'), { problems: checked.problems });
  const materials = decodePublicFiles(input.attachments ?? []);
  const clientHash = deps.codec.index('id', `online-client:${client.address ?? '-'}`);
  const phoneHash = deps.codec.index('phone', checked.phone);
  const minute = await chargeRequest(
    deps,
    [{ key: `online:ip:${client.address ?? '-'}`, limit: limits.perClientPerMinute }],
    now.getTime(),
  );
  if (minute.limited)
    throw new AppError('RATE_LIMITED', `提交过于频繁，请 ${minute.retryAfterSeconds} 秒后再试`, {
      retryAfterSeconds: minute.retryAfterSeconds,
    });
  const dayAgo = new Date(now.getTime() - 24 * 3600_000).toISOString();
  if ((await countSubmissionsSince(deps.db, { phoneHash }, dayAgo)) >= limits.perPhonePerDay)
    throw new AppError(
      'RATE_LIMITED',
      `同一联系电话 24 小时内最多网上提交 ${limits.perPhonePerDay} 件；如有新的情况，请在已提交事项中补充，或来电来访`,
      { retryAfterSeconds: 3600 },
    );
  if ((await countSubmissionsSince(deps.db, { clientHash }, dayAgo)) >= limits.perClientPerDay)
    throw new AppError('RATE_LIMITED', '本网络 24 小时内提交的事项过多，请明天再试，或来电来访', {
      retryAfterSeconds: 3600,
    });
  const queryCode = newQueryCode();
  await storePublicFiles(client.files, deps, materials);
  return deps.db.transaction().execute(async (trx) => {
    const wall = Date.now();
    const expires = new Date((challenge.parameters.expiresAt ?? wall / 1000 + 900) * 1000).toISOString();
    const spent = await spendChallenge(
      trx,
      challenge.signature ?? challenge.parameters.nonce,
      expires,
      new Date(wall).toISOString(),
    );
    if (!spent) throw new AppError('VALIDATION', '该安全验证已使用过，请重新点击「开始验证」后再提交');
    const year = Number(today.slice(0, 4));
    const number = formatItemNumber(ONLINE_NUMBER_PATTERN, year, await nextCounter(trx, `online:${year}`));
    const id = deps.newId();
    await insertSubmission(
      trx,
      {
        id,
        number,
        queryCodeHash: deps.codec.index('id', `query:${queryCode}`),
        submittedAt: nowIso,
        submittedOn: today,
        payload: {
          name: input.name,
          idNumber: checked.idNumber,
          phone: checked.phone,
          address: input.address,
          title: input.title,
          content: input.content,
          demands: input.demands,
          place: input.place?.trim() || null,
        },
        phoneHash,
        clientHash,
      },
      deps.codec,
    );
    for (const [position, m] of materials.entries())
      await insertSubmissionFile(
        trx,
        {
          id: deps.newId(),
          submissionId: id,
          position,
          hash: m.hash,
          name: m.display,
          size: m.content.byteLength,
          mime: m.mime,
        },
        nowIso,
      );
    await appendAudit(
      trx,
      {
        at: nowIso,
        actorId: null,
        actorRole: 'petitioner',
        action: 'online.submit',
        itemId: null,
        detail: { submissionId: id, number, files: materials.length },
        requestId: client.requestId,
      },
      deps,
    );
    await sms.send(
      trx,
      deps,
      {
        kind: 'online_received',
        phone: checked.phone,
        number,
        body: `您的网上信访已收到，编号${number}，查询码${queryCode}。请妥善保管查询码，凭码查询办理情况。`,
      },
      client.requestId,
    );
    return {
      number,
      queryCode,
      submittedAt: nowIso,
      submittedOn: today,
      name: maskName(input.name),
      idNumber: maskIdNumber(checked.idNumber),
      phone: maskPhone(checked.phone),
      title: input.title,
      demands: input.demands,
      attachments: materials.map((m) => ({ name: m.display, size: m.content.byteLength })),
    };
  });
}

function mustRegister(ctx: UseCaseCtx): void {
  if (!canRegister(ctx.actor)) throw new AppError('FORBIDDEN', '只有信访部门登记人员可以办理网上信访的受理登记');
}

/** The registrar's queue of online submissions awaiting 受理登记 (full identity: she registers it). */
export async function listPendingSubmissions(
  deps: AppDeps,
  ctx: UseCaseCtx,
): Promise<(OnlineSubmission & { files: { id: string; name: string; size: number; mime: string }[] })[]> {
  mustRegister(ctx);
  const list = await listSubmissions(deps.db, 'pending', deps.codec);
  const files = await listSubmissionFiles(
    deps.db,
    list.map((s) => s.id),
  );
  return list.map((s) => ({
    ...s,
    files: files
      .filter((f) => f.submissionId === s.id)
      .map((f) => ({ id: f.id, name: f.name, size: f.size, mime: f.mime })),
  }));
}

async function pendingOne(deps: AppDeps, id: string, version: number): Promise<OnlineSubmission> {
  const s = await loadSubmission(deps.db, id, deps.codec);
  if (!s) throw new AppError('NOT_FOUND', '该网上信访不存在');
  if (s.status !== 'pending' || s.version !== version)
    throw new AppError('CONFLICT', '该网上信访已由他人处理或已变更，请刷新后再试');
  return s;
}

async function auditDecision(
  trx: Trx,
  deps: AppDeps,
  ctx: UseCaseCtx,
  action: 'online.accept' | 'online.reject',
  s: OnlineSubmission,
  itemId: string | null,
  extra: Record<string, string>,
): Promise<void> {
  await appendAudit(
    trx,
    {
      at: deps.clock().toISOString(),
      actorId: ctx.actor.userId,
      actorRole: ctx.actor.role,
      action,
      itemId,
      detail: { submissionId: s.id, number: s.number, ...extra },
      requestId: ctx.requestId,
    },
    deps,
  );
}

const conflict = () => new AppError('CONFLICT', '该网上信访已由他人处理或已变更，请刷新后再试');

/**
 * 受理登记 of an online submission: registers it as a 网上投诉 item with the class, level and repeat decision the
 * registrar completes, keeping the number and query code the petitioner already holds; one transaction.
 */
export async function acceptSubmission(deps: AppDeps, ctx: UseCaseCtx, id: string, input: AcceptSubmissionInput) {
  mustRegister(ctx);
  const s = await pendingOne(deps, id, input.version);
  const p = s.payload;
  const res = await registerItem(
    deps,
    ctx,
    {
      channel: '网上投诉',
      level: input.level,
      receivedOn: s.submittedOn,
      petitioners: [{ name: p.name, idNumber: p.idNumber, idUnverified: false, phone: p.phone, address: p.address }],
      headCount: 1,
      representatives: [],
      title: p.title,
      content: p.content,
      demands: p.demands,
      classCode: input.classCode ?? null,
      purpose: input.purpose,
      handlingClass: input.handlingClass,
      flags: [],
      place: p.place,
      accused: input.accused ?? null,
      ...(input.repeat ? { repeat: input.repeat } : {}),
    },
    null,
    {
      number: s.number,
      queryCodeHash: s.queryCodeHash,
      within: async (trx, item) => {
        const at = deps.clock().toISOString();
        const ok = await decideSubmission(trx, s.id, s.version, {
          status: 'accepted',
          at,
          by: ctx.actor.userId,
          reason: null,
          itemId: item.id,
        });
        if (!ok) throw conflict();
        // The materials the petitioner sent become the item's, as sent by the petitioner.
        for (const f of await listSubmissionFiles(trx, [s.id])) {
          const attachmentId = deps.newId();
          await insertAttachment(
            trx,
            {
              id: attachmentId,
              itemId: item.id,
              hash: f.hash,
              name: f.name,
              size: f.size,
              mime: f.mime,
              uploadedBy: null,
            },
            at,
          );
          await appendEvent(
            trx,
            {
              itemId: item.id,
              at,
              onDate: s.submittedOn,
              step: 'attach',
              actorId: null,
              actorName: '信访人',
              actorRole: null,
              summary: `信访人网上提交材料：${f.name}`,
              data: { attachmentId, size: f.size, mime: f.mime },
            },
            deps.newId(),
          );
        }
        await auditDecision(trx, deps, ctx, 'online.accept', s, item.id, {});
      },
    },
  );
  return res;
}

/** Declines to register an online submission (spam, no matter stated): the reason is shown to the petitioner. */
export async function rejectSubmission(
  deps: AppDeps,
  ctx: UseCaseCtx,
  id: string,
  input: RejectSubmissionInput,
  sms: PetitionerSmsSink = auditOnlySms,
): Promise<void> {
  mustRegister(ctx);
  const s = await pendingOne(deps, id, input.version);
  const at = deps.clock().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const ok = await decideSubmission(trx, s.id, s.version, {
      status: 'rejected',
      at,
      by: ctx.actor.userId,
      reason: input.reason,
      itemId: null,
    });
    if (!ok) throw conflict();
    await auditDecision(trx, deps, ctx, 'online.reject', s, null, { reason: input.reason });
    await sms.send(
      trx,
      deps,
      {
        kind: 'online_rejected',
        phone: s.payload.phone,
        number: s.number,
        body: `您提交的网上信访（编号${s.number}）未予登记，理由请凭查询码查看。`,
      },
      ctx.requestId,
    );
  });
}
