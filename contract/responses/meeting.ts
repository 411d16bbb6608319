import { z } from 'zod';
import { FOLLOW_UP_STATUSES, MEETING_KINDS, MEETING_STATUSES } from '../campaign.ts';
import { ByWhom } from './backlog.ts';
import { FollowUpReport, FollowUpReview } from './instruction.ts';

// Responses of the 联席会议 routes (server/app/meetings.ts), as meetingList and meetingDetail build them.

const Ref = z.object({ id: z.string(), number: z.string(), title: z.string() });

export const MeetingListRow = z
  .object({
    id: z.string(),
    version: z.number(),
    kind: z.enum(MEETING_KINDS),
    title: z.string(),
    date: z.string(),
    time: z.string(),
    place: z.string(),
    status: z.enum(MEETING_STATUSES),
    convenorName: z.string(),
    memberUnitIds: z.array(z.string()),
    agendaCount: z.number(),
    minutesNumber: z.string().nullable(),
    tasks: z.object({ total: z.number(), done: z.number(), overdue: z.number() }),
  })
  .meta({ id: 'MeetingListRow' });

export const MeetingsResponse = z.object({ meetings: z.array(MeetingListRow) });

/** A task of a decision: the owner unit reports back by its due date; `overdue` as of the server's today. */
export const MeetingTaskView = z
  .object({
    id: z.string(),
    version: z.number(),
    decisionOrd: z.number(),
    text: z.string(),
    ownerUnitId: z.string(),
    status: z.enum(FOLLOW_UP_STATUSES),
    startOn: z.string(),
    dueOn: z.string(),
    doneOn: z.string().nullable(),
    overdue: z.boolean(),
    reports: z.array(FollowUpReport),
    reviews: z.array(FollowUpReview),
  })
  .meta({ id: 'MeetingTaskView' });

export const MeetingDetail = z
  .object({
    id: z.string(),
    version: z.number(),
    kind: z.enum(MEETING_KINDS),
    title: z.string(),
    date: z.string(),
    time: z.string(),
    place: z.string(),
    status: z.enum(MEETING_STATUSES),
    convenor: z.object({ userId: z.string().nullable(), name: z.string() }),
    memberUnitIds: z.array(z.string()),
    attendees: z.array(
      z.object({
        name: z.string(),
        unitId: z.string().nullable(),
        post: z.string(),
        /** 出席 (member) or 列席 (attendee). */
        role: z.enum(['member', 'attendee']),
      }),
    ),
    agenda: z.array(
      z.object({ ord: z.number(), title: z.string(), note: z.string(), items: z.array(Ref), cases: z.array(Ref) }),
    ),
    requirements: z.array(z.string()),
    minutesNumber: z.string().nullable(),
    minutes: z.object({ on: z.string(), text: z.string(), by: ByWhom }).nullable(),
    decisions: z.array(z.object({ ord: z.number(), text: z.string() })),
    cancelled: z.object({ on: z.string(), reason: z.string() }).nullable(),
    hiddenLinks: z.number(),
    tasks: z.array(MeetingTaskView),
    abilities: z.object({
      edit: z.boolean(),
      cancel: z.boolean(),
      minutes: z.boolean(),
      review: z.boolean(),
      report: z.string().nullable(),
      notice: z.boolean(),
      minutesDocument: z.boolean(),
    }),
  })
  .meta({ id: 'MeetingDetail' });
