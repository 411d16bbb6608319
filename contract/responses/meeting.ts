import { z } from 'zod';

// Responses of the 联席会议 routes (server/app/meetings.ts). Nested records the screens read in part are loose
// objects: their named fields are checked, further fields pass through.

const Ref = z.object({ id: z.string(), number: z.string(), title: z.string() });

export const MeetingListRow = z
  .object({
    id: z.string(),
    version: z.number(),
    kind: z.string(),
    title: z.string(),
    date: z.string(),
    time: z.string(),
    place: z.string(),
    status: z.string(),
    convenorName: z.string(),
    memberUnitIds: z.array(z.string()),
    agendaCount: z.number(),
    minutesNumber: z.string().nullable(),
    tasks: z.object({ total: z.number(), done: z.number(), overdue: z.number() }),
  })
  .meta({ id: 'MeetingListRow' });

export const MeetingsResponse = z.object({ meetings: z.array(MeetingListRow) });

const MeetingTaskView = z.looseObject({
  id: z.string(),
  version: z.number(),
  decisionOrd: z.number(),
  text: z.string(),
  ownerUnitId: z.string(),
  status: z.string(),
  startOn: z.string(),
  dueOn: z.string(),
  doneOn: z.string().nullable(),
  overdue: z.boolean(),
  reports: z.array(z.looseObject({})),
  reviews: z.array(z.looseObject({})),
});

export const MeetingDetail = z
  .looseObject({
    id: z.string(),
    version: z.number(),
    kind: z.string(),
    title: z.string(),
    date: z.string(),
    time: z.string(),
    place: z.string(),
    status: z.string(),
    convenor: z.object({ userId: z.string().nullable(), name: z.string() }),
    memberUnitIds: z.array(z.string()),
    attendees: z.array(
      z.object({ name: z.string(), unitId: z.string().nullable(), post: z.string(), role: z.string() }),
    ),
    agenda: z.array(
      z.object({ ord: z.number(), title: z.string(), note: z.string(), items: z.array(Ref), cases: z.array(Ref) }),
    ),
    requirements: z.array(z.string()),
    minutesNumber: z.string().nullable(),
    minutes: z.looseObject({ on: z.string(), text: z.string() }).nullable(),
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
