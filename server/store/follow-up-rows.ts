import type { FollowUpStatus } from '../../contract/campaign.ts';
import { metOnOf, type FollowUp } from '../domain/follow-up.ts';
import type { FollowUpColumns } from './campaign-schema.ts';

/** The row columns of a unit's duty to report back (批示 addressee, meeting task), the one mapping both use. */
export function followUpColumns(f: FollowUp, version: number): FollowUpColumns {
  return {
    owner_unit_id: f.ownerUnitId,
    status: f.status,
    start_on: f.startOn,
    due_on: f.dueOn,
    done_on: f.doneOn,
    met_on: metOnOf(f),
    data: JSON.stringify({ reports: f.reports, reviews: f.reviews }),
    version,
  };
}

export function followUpOf(row: FollowUpColumns): FollowUp {
  const data = JSON.parse(row.data) as Pick<FollowUp, 'reports' | 'reviews'>;
  return {
    ownerUnitId: row.owner_unit_id,
    status: row.status as FollowUpStatus,
    startOn: row.start_on,
    dueOn: row.due_on,
    doneOn: row.done_on,
    reports: data.reports,
    reviews: data.reviews,
  };
}
