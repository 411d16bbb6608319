import type { DbOrTrx } from './db.ts';

/** One escalation level raised on a duty round (see migration 20261204_1631). */
export interface FollowUpEscalationRow {
  taskKey: string;
  level: number;
  on: string;
}

/** The escalations already raised on the given duty rounds, in level order per round. */
export async function escalationsOf(
  db: DbOrTrx,
  taskKeys: readonly string[],
): Promise<Map<string, FollowUpEscalationRow[]>> {
  const out = new Map<string, FollowUpEscalationRow[]>();
  for (let i = 0; i < taskKeys.length; i += 500) {
    const part = taskKeys.slice(i, i + 500);
    if (!part.length) continue;
    const rows = await db
      .selectFrom('follow_up_escalations')
      .select(['task_key', 'level', 'on_date'])
      .where('task_key', 'in', part)
      .orderBy('level')
      .execute();
    for (const r of rows) {
      const list = out.get(r.task_key) ?? [];
      list.push({ taskKey: r.task_key, level: Number(r.level), on: r.on_date });
      out.set(r.task_key, list);
    }
  }
  return out;
}

/** Records one level on a round; false when it was already recorded (by an earlier run or another instance). */
export async function recordEscalation(db: DbOrTrx, e: FollowUpEscalationRow, createdAt: string): Promise<boolean> {
  const r = await db
    .insertInto('follow_up_escalations')
    .values({
      key: `${e.taskKey}:${e.level}`,
      task_key: e.taskKey,
      level: e.level,
      on_date: e.on,
      created_at: createdAt,
    })
    .onConflict((oc) => oc.column('key').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}
