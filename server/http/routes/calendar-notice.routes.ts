import { CalendarCoverageResponse, PostCalendarNoticeResponse } from '../../../contract/responses/calendar-notice.ts';
import { z } from '@hono/zod-openapi';
import { calendarCoverage, enterCalendarNotice } from '../../app/calendar-notice.ts';
import type { App } from '../env.ts';
import { route } from '../openapi.ts';
import { ctxOf } from './ctx.ts';

const tags = ['工作日历'];

/** A year's State Council holiday notice in the calendar JSON shape (validated in full by the domain). */
const NoticeBody = z.object({
  year: z.number().int().min(2000).max(2100).optional(),
  notice: z.object({ years: z.record(z.string(), z.unknown()) }),
});

/** The calendar's coverage (which years are official, reminders) and entering a year's notice in one step. */
export const calendarNoticeRoutes = (app: App): void => {
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/calendar/coverage',
      summary: '工作日历覆盖年度与提醒',
      tags,
      response: CalendarCoverageResponse,
    }),
    async (c) => c.json(await calendarCoverage(c.get('deps'), ctxOf(c))),
  );
  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/calendar/notice',
      summary: '录入某年国务院办公厅节假日安排通知，并重算在办事项期限',
      tags,
      body: NoticeBody,
      response: PostCalendarNoticeResponse,
    }),
    async (c) => {
      const body = c.req.valid('json');
      return c.json(await enterCalendarNotice(c.get('deps'), ctxOf(c), body.notice, body.year));
    },
  );
};
