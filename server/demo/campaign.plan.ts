/**
 * The demo district's leadership tools: a 全国两会 period (with its daily reports, 零报告 days included), a running
 * 攻坚行动 with all four targets, and 积案 confirmed from the entry rules' proposals — some 未化解, the others
 * assigned to a leader with a plan and progress (化解中), a few with overdue measures. Everything goes through
 * the real use cases, dated back from `today`, so the screens show a district at work.
 */
import type { AppDeps } from '../app/context.ts';
import { actOnCase, caseProposals, createCase } from '../app/backlog.ts';
import { createCampaign } from '../app/campaigns.ts';
import { createMajorPeriod, produceDueDailyReports } from '../app/daily-reports.ts';
import { addDays } from '../domain/calendar.ts';
import { SYSTEM_ACTOR, type Actor } from '../domain/item.policy.ts';
import { listUsers } from '../store/user.store.ts';

export interface CampaignDemoResult {
  cases: { unresolved: number; resolving: number };
  campaigns: number;
  periods: number;
  dailyReports: number;
}

/** How many proposals become 积案 in the demo. */
const DEMO_CASES = 9;

/** The last 全国两会 (3–11 March) that has begun by `today`. */
function twoSessions(today: string): { from: string; to: string } {
  const y = Number(today.slice(0, 4));
  const year = today >= `${y}-03-03` ? y : y - 1;
  return { from: `${year}-03-03`, to: `${year}-03-11` };
}

export async function seedCampaignDemo(deps: AppDeps, reviewer: Actor, today: string): Promise<CampaignDemoResult> {
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
  const proposals = (await caseProposals(at(today), bureau)).slice(0, DEMO_CASES);
  const counts = { unresolved: 0, resolving: 0 };
  for (const [k, p] of proposals.entries()) {
    const confirmed = addDays(today, -70 + k);
    const made = await createCase(at(today), bureau, {
      anchorItemId: p.anchorItemId,
      itemIds: [],
      title: p.suggestedTitle,
      reason: `经研判确认：${p.hits.map((h) => h.reason).join('；')}`,
      on: confirmed,
    });
    const leader = leaders[k % Math.max(1, leaders.length)];
    if (k % 3 === 0 || !leader || !p.leadUnitId) {
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
    // Every third assigned case runs late: its first measure was due before today and is still open.
    const late = k % 3 === 2;
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
    counts.resolving++;
  }
  return { cases: counts, campaigns: 1, periods: 1, dailyReports };
}
