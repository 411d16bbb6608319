import { z } from '@hono/zod-openapi';
import { FollowUpReportBody, FollowUpReviewBody, MeetingBody, MinutesBody } from '../../../contract/campaign.ts';
import { MeetingDetail, MeetingsResponse } from '../../../contract/responses/meeting.ts';
import { meetingDocument } from '../../app/meeting-documents.ts';
import {
  cancelMeetingUseCase,
  createMeeting,
  editMeeting,
  meetingDetail,
  meetingList,
  recordMeetingMinutes,
  reportOnMeetingTask,
  reviewMeetingTask,
} from '../../app/meetings.ts';
import type { App } from '../env.ts';
import { IdParam, route } from '../openapi.ts';
import { ctxOf } from './ctx.ts';
import { attachmentHeader } from './report.routes.ts';

const tags = ['联席会议'];
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const ListQuery = z.object({ from: isoDate.optional(), to: isoDate.optional() });
const EditBody = MeetingBody.extend({ version: z.number().int().min(1) });
const CancelBody = z.object({
  version: z.number().int().min(1),
  reason: z.string().trim().min(1, '请填写取消理由').max(2000),
  on: isoDate.optional(),
});
const TaskParam = z.object({ id: z.string().min(1).max(64), taskId: z.string().min(1).max(64) });
const DocParam = z.object({ id: z.string().min(1).max(64), kind: z.enum(['notice', 'minutes']) });

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Routes of 信访工作联席会议: meetings, 纪要, tasks and their two documents. */
export const meetingRoutes = (app: App): void => {
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/meetings',
      summary: '联席会议（按可见范围）',
      tags,
      query: ListQuery,
      response: MeetingsResponse,
    }),
    async (c) => c.json(await meetingList(c.get('deps'), ctxOf(c), c.req.valid('query'))),
  );
  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/meetings',
      summary: '安排联席会议',
      tags,
      body: MeetingBody,
      response: MeetingDetail,
    }),
    async (c) => c.json(await createMeeting(c.get('deps'), ctxOf(c), c.req.valid('json'))),
  );
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/meetings/{id}',
      summary: '联席会议详情',
      tags,
      params: IdParam,
      response: MeetingDetail,
    }),
    async (c) => c.json(await meetingDetail(c.get('deps'), ctxOf(c), c.req.param('id')!)),
  );
  app.openapi(
    route({
      method: 'put',
      path: '/api/v1/meetings/{id}',
      summary: '修改待召开的联席会议',
      tags,
      params: IdParam,
      body: EditBody,
      response: MeetingDetail,
    }),
    async (c) => c.json(await editMeeting(c.get('deps'), ctxOf(c), c.req.param('id')!, c.req.valid('json'))),
  );
  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/meetings/{id}/cancel',
      summary: '取消联席会议',
      tags,
      params: IdParam,
      body: CancelBody,
      response: MeetingDetail,
    }),
    async (c) => c.json(await cancelMeetingUseCase(c.get('deps'), ctxOf(c), c.req.param('id')!, c.req.valid('json'))),
  );
  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/meetings/{id}/minutes',
      summary: '录入会议纪要、议定事项和任务分工',
      tags,
      params: IdParam,
      body: MinutesBody,
      response: MeetingDetail,
    }),
    async (c) => c.json(await recordMeetingMinutes(c.get('deps'), ctxOf(c), c.req.param('id')!, c.req.valid('json'))),
  );
  const taskRoute = <B extends typeof FollowUpReportBody | typeof FollowUpReviewBody>(
    step: string,
    body: B,
    summary: string,
  ) =>
    route({
      method: 'post',
      path: `/api/v1/meetings/{id}/tasks/{taskId}/${step}`,
      summary,
      tags,
      params: TaskParam,
      body,
      response: MeetingDetail,
    });
  app.openapi(taskRoute('report', FollowUpReportBody, '责任单位反馈会议任务落实情况'), async (c) => {
    const p = c.req.valid('param');
    return c.json(await reportOnMeetingTask(c.get('deps'), ctxOf(c), p.id, p.taskId, c.req.valid('json')));
  });
  app.openapi(taskRoute('review', FollowUpReviewBody, '信访局审核会议任务落实情况（通过或退回）'), async (c) => {
    const p = c.req.valid('param');
    return c.json(await reviewMeetingTask(c.get('deps'), ctxOf(c), p.id, p.taskId, c.req.valid('json')));
  });
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/meetings/{id}/documents/{kind}',
      summary: '会议通知或会议纪要（Word）',
      tags,
      params: DocParam,
      files: ['docx'],
    }),
    async (c) => {
      const p = c.req.valid('param');
      const doc = await meetingDocument(c.get('deps'), ctxOf(c), p.id, p.kind);
      return c.body(new Uint8Array(doc.content), 200, {
        'content-type': DOCX,
        'content-disposition': attachmentHeader(doc.name, `meeting_${p.kind}.docx`),
      });
    },
  );
};
