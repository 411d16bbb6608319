import type { Campaign, CampaignTargets } from '../domain/campaign-board.ts';
import { AppError } from '../domain/errors.ts';
import type { DbOrTrx } from './db.ts';

/** Campaigns (攻坚行动): name, period and targets; the board is computed, never stored. */

export interface StoredCampaign extends Campaign {
  version: number;
  createdBy: string;
}

export async function insertCampaign(db: DbOrTrx, c: StoredCampaign, nowIso: string): Promise<void> {
  await db
    .insertInto('campaigns')
    .values({
      id: c.id,
      version: c.version,
      name: c.name,
      from_on: c.from,
      to_on: c.to,
      targets: JSON.stringify(c.targets),
      created_by: c.createdBy,
      created_at: nowIso,
      updated_at: nowIso,
    })
    .execute();
}

/** Changes name, period or targets if the version is still `expectedVersion`; returns the new version. */
export async function updateCampaign(
  db: DbOrTrx,
  c: Campaign,
  expectedVersion: number,
  nowIso: string,
): Promise<number> {
  const res = await db
    .updateTable('campaigns')
    .set({
      name: c.name,
      from_on: c.from,
      to_on: c.to,
      targets: JSON.stringify(c.targets),
      version: expectedVersion + 1,
      updated_at: nowIso,
    })
    .where('id', '=', c.id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw new AppError('CONFLICT', '该攻坚行动已被他人修改，请刷新后重试');
  return expectedVersion + 1;
}

function toCampaign(r: {
  id: string;
  version: number;
  name: string;
  from_on: string;
  to_on: string;
  targets: string;
  created_by: string;
}): StoredCampaign {
  return {
    id: r.id,
    version: Number(r.version),
    name: r.name,
    from: r.from_on,
    to: r.to_on,
    targets: JSON.parse(r.targets) as CampaignTargets,
    createdBy: r.created_by,
  };
}

export async function loadCampaign(db: DbOrTrx, id: string): Promise<StoredCampaign | null> {
  const r = await db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toCampaign(r) : null;
}

/** Campaigns newest first; with `on`, only those running that day. */
export async function listCampaigns(db: DbOrTrx, on?: string): Promise<StoredCampaign[]> {
  let q = db.selectFrom('campaigns').selectAll();
  if (on) q = q.where('from_on', '<=', on).where('to_on', '>=', on);
  return (await q.orderBy('from_on', 'desc').orderBy('name').execute()).map(toCampaign);
}
