import { z } from 'zod';

export const CalendarCoverageWarning = z
  .object({ year: z.number(), warnFrom: z.string(), severity: z.enum(['upcoming', 'missing']), message: z.string() })
  .meta({ id: 'CalendarCoverageWarning' });
export type CalendarCoverageWarning = z.infer<typeof CalendarCoverageWarning>;

export const CalendarCoverageResponse = z.object({
  today: z.string(),
  officialYears: z.array(z.number()),
  warnings: z.array(CalendarCoverageWarning),
});
export type CalendarCoverageResponse = z.infer<typeof CalendarCoverageResponse>;

export const PostCalendarNoticeResponse = z.object({
  year: z.number(),
  notice: z.string(),
  added: z.number(),
  removed: z.number(),
  changed: z.number(),
  moved: z.array(z.object({ itemId: z.string(), number: z.string(), summary: z.string() })),
});
export type PostCalendarNoticeResponse = z.infer<typeof PostCalendarNoticeResponse>;
