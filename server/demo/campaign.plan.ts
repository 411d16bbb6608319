/**
 * The demo district's leadership tools: a 全国两会 period (with its daily reports, 零报告 days included), a running
 * 攻坚行动 with all four targets, and 积案 confirmed from the entry rules' proposals in every status: 未化解;
 * assigned to a leader with a plan and progress (化解中), a few with overdue measures; and, when the seed has a
 * file store for their documents, 已化解 with the petitioner's 息诉罢访承诺书 and 已终结 with the 终结决定, each
 * uploaded to the case's item as the close requires. Everything goes through the real use cases, dated back from
 * `today`, so the screens show a district at work.
 */
import type { AppDeps } from '../app/context.ts';
import { addAttachment, type FileStore } from '../app/attachments.ts';
import { actOnCase, caseProposals, createCase } from '../app/backlog.ts';
import { createCampaign } from '../app/campaigns.ts';
import { createMajorPeriod, produceDueDailyReports } from '../app/daily-reports.ts';
import { addDays } from '../domain/calendar.ts';
import { SYSTEM_ACTOR, type Actor } from '../domain/item.policy.ts';
import { listUsers } from '../store/user.store.ts';

export interface CampaignDemoResult {
  cases: { unresolved: number; resolving: number; resolved: number; terminated: number };
  campaigns: number;
  periods: number;
  dailyReports: number;
}

/**
 * What becomes of each proposal, in order: the first four already show every status, so even a small district
 * shows most; `late` cases have a measure past its date. A closed fate needs the file store (else: 化解中).
 */
const FATES = [
  'unresolved',
  'resolving',
  'resolved',
  'terminated',
  'late',
  'unresolved',
  'resolving',
  'resolved',
  'late',
  'unresolved',
  'terminated',
  'resolving',
] as const;

/** The closing documents, as plain text (the petitioner unnamed: the demo carries no statement of a person). */
const CLOSING = {
  resolved: {
    kind: '息诉罢访承诺书',
    file: '息诉罢访承诺书.txt',
    text: (on: string) =>
      `息诉罢访承诺书\n\n本人反映的问题，经区领导包案、责任单位依法依规处理，合理诉求已经解决，` +
      `本人对处理结果表示认可，承诺今后不再就此事信访。\n\n承诺人：（签字）\n${on}\n`,
    note: '诉求已依法解决，信访人签署息诉罢访承诺书',
  },
  terminated: {
    kind: '终结决定',
    file: '信访事项终结决定.txt',
    text: (on: string) =>
      `信访事项终结决定\n\n该信访事项已经办理、复查、复核，处理意见依法合理，信访人仍以同一事实和理由` +
      `反复信访。经审核认定，依法予以终结，不再受理。\n\n区信访工作联席会议办公室\n${on}\n`,
    note: '经复查复核，诉求无理，依法终结；做好终结后的帮扶和教育疏导',
  },
} as const;

/** The last 全国两会 (3–11 March) that has begun by `today`. */
function twoSessions(today: string): { from: string; to: string } {
  const y = Number(today.slice(0, 4));
  const year = today >= `${y}-03-03` ? y : y - 1;
  return { from: `${year}-03-03`, to: `${year}-03-11` };
}

export async function seedCampaignDemo(
  deps: AppDeps,
  reviewer: Actor,
  today: string,
  files?: FileStore,
): Promise<CampaignDemoResult> {
  const at = (date: string): AppDeps => ({ ...deps, clock: () => new Date(`${date}T10:00:00.000Z`) });
  const bureau = { actor: reviewer, requestId: null };
  const system = { actor: SYSTEM_ACTOR, requestId: null };

  const session = twoSessions(today);
  await createMajorPeriod(at(today), system, {
    name: '全国两会',
    ...session,
    reportTime: '17:00',
    thresholds: { notice: 0.6, warning: 0.75, severe: 0.9 },
  });
  // Produced as the scheduler would have: one report per day of the period, each on its evening.
  let dailyReports = 0;
  for (let d = session.from; d <= session.to && d <= today; d = addDays(d, 1)) {
    dailyReports += (await produceDueDailyReports(at(d))).length;
  }

  await createCampaign(at(today), bureau, {
    name: '信访问题源头治理三年攻坚行动（本年度）',
    from: `${today.slice(0, 4)}-01-01`,
    to: `${today.slice(0, 4)}-12-31`,
    targets: {
      reduceTotal: { changePct: -15 },
      resolveBacklog: { ratePct: 80 },
      curbNew: { max: 30 },
      firstTimeResolved: { ratePct: 90 },
    },
  });

  const leaders = (await listUsers(deps.db)).filter((u) => u.role === 'leader' && !u.disabled);
  const proposals = (await caseProposals(at(today), bureau)).slice(0, FATES.length);
  const counts = { unresolved: 0, resolving: 0, resolved: 0, terminated: 0 };
  for (const [k, p] of proposals.entries()) {
    const fate = FATES[k]!;
    const confirmed = addDays(today, -70 + k);
    const made = await createCase(at(today), bureau, {
      anchorItemId: p.anchorItemId,
      itemIds: [],
      title: p.suggestedTitle,
      reason: `经研判确认：${p.hits.map((h) => h.reason).join('；')}`,
      on: confirmed,
    });
    const leader = leaders[k % Math.max(1, leaders.length)];
    if (fate === 'unresolved' || !leader || !p.leadUnitId) {
      counts.unresolved++;
      continue;
    }
    let v = made.version;
    const act = async (body: Parameters<typeof actOnCase>[3]) => {
      v = (await actOnCase(at(today), bureau, made.id, body)).version;
    };
    await act({
      kind: 'assign',
      version: v,
      leaderUserId: leader.id,
      unitId: p.leadUnitId,
      cadres: [{ name: '包案干部', post: '责任单位分管负责人' }],
      reason: '',
      on: addDays(confirmed, 3),
    });
    // A late case's first measure was due before today and is still open.
    const late = fate === 'late';
    await act({
      kind: 'plan',
      version: v,
      goal: '依法依规解决合理诉求，做好政策解释和帮扶，争取信访人息诉罢访',
      measures: [
        { text: '包案领导接访约谈信访人，听取诉求', who: leader.displayName, by: addDays(confirmed, late ? 20 : 80) },
        { text: '责任单位会同相关部门研究解决方案', who: '责任单位', by: addDays(confirmed, 100) },
      ],
      on: addDays(confirmed, 7),
    });
    await act({
      kind: 'note',
      version: v,
      text: late ? '已与信访人电话沟通，约谈时间待定' : '包案领导已接访约谈信访人，诉求已梳理',
      measuresDone: late ? [] : [0],
      on: addDays(confirmed, 30),
    });
    if ((fate !== 'resolved' && fate !== 'terminated') || !files) {
      counts.resolving++;
      continue;
    }
    // Closed: the last measure done, the document uploaded to the case's item that day, then the close itself.
    const closedOn = addDays(confirmed, 45);
    const doc = CLOSING[fate];
    await act({ kind: 'note', version: v, text: doc.note, measuresDone: [1], on: closedOn });
    const file = await addAttachment(
      at(closedOn),
      bureau,
      files,
      p.anchorItemId,
      doc.file,
      new TextEncoder().encode(doc.text(closedOn)),
    );
    await act({
      kind: 'close',
      version: v,
      outcome: fate,
      evidence: { kind: doc.kind, attachmentId: file.id, name: file.name },
      note: doc.note,
      on: closedOn,
    });
    counts[fate]++;
  }
  return { cases: counts, campaigns: 1, periods: 1, dailyReports };
}
