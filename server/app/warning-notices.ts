import { TERMINAL_STATUSES } from '../../contract/enums.ts';
import { deadlinesOf } from '../domain/item-deadlines.ts';
import type { Item } from '../domain/item.ts';
import type { Actor } from '../domain/item.policy.ts';
import { currentHandler } from '../domain/handler-assignment.ts';
import { itemLabelOf } from '../domain/notice-text.ts';
import { canOpenItem, identityAccessOf } from '../domain/visibility.policy.ts';
import { planWarningNotices, type Recipient } from '../domain/warning-notices.ts';
import { loadItem, openItemIds } from '../store/item.store.ts';
import { existingNotificationKeys } from '../store/notification.store.ts';
import { listUnits } from '../store/reference.store.ts';
import { listUsers, userContacts, type UserRow } from '../store/user.store.ts';
import { loadClockwork, type AppDeps } from './context.ts';
import { deliverNotice } from './notice-delivery.ts';
import { accessFactsOfItem, viewerOf } from './visibility.ts';

/**
 * The daily warning notices (预警 / 警告 / 严重警告 / 超期): for every open item, the planner's notices of its unmet
 * duties, to the named 经办人, the lead unit's heads and the bureau's reviewers. Each recipient reads the item as
 * they may see it (the title as written only for one who may unmask; none for the accused unit); a recipient who
 * may not open the item gets nothing. Idempotent by the planner's keys: a second run, or a second instance, raises
 * nothing new. Each notice also goes out by SMS and e-mail to a recipient with a phone or address on file who keeps
 * the channel on, with the planner's outbound texts (no title in the SMS, never more than the masked title in the
 * e-mail).
 */

export interface WarningRunResult {
  items: number;
  planned: number;
  raised: number;
  /** Outbox messages (SMS, e-mail) queued with the notices raised. */
  queued: number;
}

function actorOf(u: UserRow): Actor {
  return { userId: u.id, username: u.username, displayName: u.displayName, role: u.role, unitId: u.unitId };
}

/**
 * The users among `users` who may open the item, each with what they may see of its petitioners. Every notice
 * about an item goes through here: a person who may not open it (the accused unit's people) is never told of it.
 */
export function recipientsOf(deps: AppDeps, item: Item, users: readonly UserRow[]): Recipient[] {
  const facts = accessFactsOfItem(deps, item);
  const out: Recipient[] = [];
  for (const u of users) {
    const viewer = viewerOf(deps, actorOf(u));
    if (!canOpenItem(viewer, facts)) continue;
    out.push({ userId: u.id, name: u.displayName, identity: identityAccessOf(viewer, facts) });
  }
  return out;
}

export async function raiseWarningNotices(
  deps: AppDeps,
  now: Date = deps.clock(),
  onProgress: (done: number) => void = () => {},
): Promise<WarningRunResult> {
  const cw = await loadClockwork(deps.db, now);
  const users = (await listUsers(deps.db)).filter((u) => !u.disabled);
  const reviewers = users.filter((u) => u.role === 'reviewer');
  const unitNames = new Map((await listUnits(deps.db)).map((u) => [u.id, u.name] as const));
  const contacts = await userContacts(deps.db);
  const out: WarningRunResult = { items: 0, planned: 0, raised: 0, queued: 0 };
  let last = '';
  for (;;) {
    const ids = await openItemIds(deps.db, TERMINAL_STATUSES, last, 200);
    if (!ids.length) break;
    last = ids.at(-1)!;
    for (const id of ids) {
      const item = await loadItem(deps.db, id, deps.codec);
      if (!item) continue;
      out.items++;
      const deadlines = deadlinesOf(item, cw.calendar, cw.rules, cw.today, cw.thresholds);
      if (!deadlines.some((d) => d.warning && d.warning.level !== 'normal' && d.metOn === null)) continue;
      const heads = item.leadUnitId ? users.filter((u) => u.role === 'unit_head' && u.unitId === item.leadUnitId) : [];
      const held = currentHandler(item);
      const handler = held
        ? (recipientsOf(
            deps,
            item,
            users.filter((u) => u.id === held.userId),
          )[0] ?? null)
        : null;
      const planned = planWarningNotices({
        item: itemLabelOf(item),
        unitName: item.leadUnitId ? (unitNames.get(item.leadUnitId) ?? null) : null,
        deadlines,
        handler,
        unitHeads: recipientsOf(deps, item, heads),
        reviewers: recipientsOf(deps, item, reviewers),
      });
      out.planned += planned.length;
      const existing = await existingNotificationKeys(
        deps.db,
        planned.map((p) => p.key),
      );
      const createdAt = deps.clock().toISOString();
      for (const p of planned) {
        if (existing.has(p.key)) continue;
        const notice = {
          id: deps.newId(),
          key: p.key,
          userId: p.userId,
          kind: 'deadline_warning' as const,
          title: p.title,
          body: p.body,
          link: p.link,
          itemId: p.itemId,
          level: p.level,
          createdAt,
        };
        const outbound = { sms: p.shortText, emailSubject: p.title, emailBody: p.outboundBody };
        const d = await deps.db
          .transaction()
          .execute((trx) => deliverNotice(trx, deps, notice, outbound, contacts.get(p.userId)));
        if (d.raised) out.raised++;
        out.queued += d.queued;
      }
    }
    onProgress(out.items);
  }
  return out;
}
