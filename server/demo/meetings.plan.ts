/**
 * The demo district's 联席会议 and 请示批示: a 全体会议 held with its 纪要, 议定事项 and tasks for units (one done,
 * one open, one overdue), a 专题会议 planned, and three 请示 answered by a leader's 批示 (one fully 落实, one with
 * the unit's report awaiting the bureau's review, one overdue). Everything goes through the real use cases,
 * each call on its own day dated back from `today`, so both screens show a district at work.
 */
import type { AppDeps } from '../app/context.ts';
import { askLeader, giveInstruction, reportOnInstruction, reviewInstructionReport } from '../app/instructions.ts';
import { createMeeting, recordMeetingMinutes, reportOnMeetingTask, reviewMeetingTask } from '../app/meetings.ts';
import { addDays } from '../domain/calendar.ts';
import type { Actor } from '../domain/item.policy.ts';
import { listUsers } from '../store/user.store.ts';

export interface MeetingsDemoResult {
  meetings: number;
  tasks: number;
  instructions: number;
}

/** The units that take the tasks and the 批示, with a handler account each (as the plans name them). */
const UNITS = ['区住建局', '区市场监管局', '区人社局'] as const;

export async function seedMeetingsDemo(
  deps: AppDeps,
  actors: ReadonlyMap<string, Actor>,
  today: string,
  itemIds: readonly string[],
): Promise<MeetingsDemoResult> {
  const at = (date: string): AppDeps => ({ ...deps, clock: () => new Date(`${date}T02:00:00.000Z`) });
  const bureau = { actor: actors.get('reviewer')!, requestId: null };
  const handlers = UNITS.map((u) => actors.get(`h:${u}`));
  if (handlers.some((h) => !h?.unitId)) throw new Error(`演示数据缺少 ${UNITS.join('、')} 的经办人账号`);
  const unit = handlers.map((h) => ({ actor: h!, requestId: null }));
  const unitIds = handlers.map((h) => h!.unitId!);
  const leaderUser = (await listUsers(deps.db)).find((u) => u.role === 'leader' && !u.disabled);
  if (!leaderUser) throw new Error('演示数据缺少区领导账号');
  const leader: Actor = {
    userId: leaderUser.id,
    username: leaderUser.username,
    displayName: leaderUser.displayName,
    role: leaderUser.role,
    unitId: leaderUser.unitId,
  };
  const d = (n: number) => addDays(today, n);

  // 全体会议: planned a week ahead, held three weeks ago, its 纪要 recorded the same day.
  const held = d(-21);
  const full = await createMeeting(at(d(-30)), bureau, {
    kind: '全体会议',
    title: '区信访工作联席会议全体会议（第四季度）',
    date: held,
    time: '09:30',
    place: '区行政中心三楼第一会议室',
    convenorUserId: leader.userId,
    convenorName: leader.displayName,
    memberUnitIds: unitIds,
    attendees: [],
    agenda: [
      { title: '通报本季度信访形势和积案化解进展', itemIds: [], caseIds: [], note: '' },
      { title: '研究重复信访突出问题的化解措施', itemIds: itemIds.slice(0, 2), caseIds: [], note: '' },
    ],
    requirements: ['各成员单位主要负责人参会，不得无故缺席'],
  });
  const minuted = await recordMeetingMinutes(at(held), bureau, full.id, {
    version: full.version,
    on: held,
    minutes:
      '会议通报了本季度全区信访形势和积案化解进展，研究了重复信访突出问题。会议要求各成员单位压实属地责任，' +
      '按期办结议定事项，并向联席会议办公室反馈落实情况。',
    decisions: [
      {
        text: '集中排查化解重复信访突出问题',
        tasks: [
          { text: '完成物业服务纠纷专项排查并反馈', ownerUnitId: unitIds[0]!, dueOn: d(-7) },
          { text: '梳理预付费消费投诉，提出化解方案', ownerUnitId: unitIds[1]!, dueOn: d(14) },
        ],
      },
      {
        text: '加强欠薪问题源头治理',
        tasks: [{ text: '对欠薪信访事项逐件回访并反馈', ownerUnitId: unitIds[2]!, dueOn: d(-3) }],
      },
    ],
  });
  // The first task was reported and accepted before its date; the second is open, the third overdue.
  const task = minuted.tasks.find((t) => t.ownerUnitId === unitIds[0])!;
  const reported = await reportOnMeetingTask(at(d(-12)), unit[0]!, full.id, task.id, {
    version: task.version,
    text: '已完成辖区物业服务纠纷专项排查，逐件建立台账，已化解 6 件',
    on: d(-12),
  });
  const again = reported.tasks.find((t) => t.id === task.id)!;
  await reviewMeetingTask(at(d(-10)), bureau, full.id, task.id, {
    version: again.version,
    accept: true,
    note: '落实到位',
    on: d(-10),
  });

  // 专题会议: planned for next week.
  await createMeeting(at(d(-3)), bureau, {
    kind: '专题会议',
    title: '欠薪问题专题协调会议',
    date: d(7),
    time: '14:30',
    place: '区信访局二楼会议室',
    convenorUserId: leader.userId,
    convenorName: leader.displayName,
    memberUnitIds: [unitIds[2]!, unitIds[0]!],
    attendees: [],
    agenda: [{ title: '协调解决工程项目欠薪问题', itemIds: itemIds.slice(2, 3), caseIds: [], note: '' }],
    requirements: [],
  });

  // 请示 and 批示: asked, instructed two days later, then followed up by the unit as each fate needs.
  const FATES = [
    { fate: 'done', asked: -40, due: -15, unit: 0 },
    { fate: 'reported', asked: -20, due: 10, unit: 1 },
    { fate: 'overdue', asked: -25, due: -4, unit: 2 },
  ] as const;
  for (const [k, f] of FATES.entries()) {
    const itemId = itemIds[3 + k];
    if (!itemId) break;
    const r = await askLeader(at(d(f.asked)), bureau, {
      subject: { kind: 'item', itemId },
      leaderUserId: leader.userId,
      question: '该事项涉及多个部门，信访人反映强烈，请领导批示明确牵头单位和办理要求。',
      on: d(f.asked),
    });
    const ins = await giveInstruction(
      at(d(f.asked + 2)),
      { actor: leader, requestId: null },
      {
        requestId: r.id,
        text: '请责任单位高度重视，依法依规妥善处理，按期反馈办理结果。',
        on: d(f.asked + 2),
        addressees: [{ unitId: unitIds[f.unit]!, dueOn: d(f.due) }],
      },
    );
    if (f.fate === 'overdue') continue;
    const reportOn = f.fate === 'done' ? d(f.due - 5) : d(-2);
    const rep = await reportOnInstruction(at(reportOn), unit[f.unit]!, ins.id, {
      version: 1,
      text: '已约谈信访人，会同相关部门制定解决方案，诉求已依法处理，信访人表示认可。',
      on: reportOn,
    });
    if (f.fate !== 'done') continue;
    await reviewInstructionReport(at(d(f.due - 3)), bureau, ins.id, unitIds[f.unit]!, {
      version: rep.version,
      accept: true,
      note: '',
      on: d(f.due - 3),
    });
  }
  return { meetings: 2, tasks: minuted.tasks.length, instructions: Math.min(3, Math.max(0, itemIds.length - 3)) };
}
