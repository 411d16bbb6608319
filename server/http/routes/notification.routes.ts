import {
  NotificationsResponse,
  NotifyChannelsResponse,
  PostNotificationsReadResponse,
} from '../../../contract/responses/notification.ts';
import { z } from '@hono/zod-openapi';
import { NotifyChannelsBody } from '../../../contract/dto.ts';
import {
  markMyNotificationsRead,
  myNotifications,
  myNotifyChannels,
  setMyNotifyChannels,
} from '../../app/notifications.ts';
import type { App } from '../env.ts';
import { route } from '../openapi.ts';
import { ctxOf } from './ctx.ts';

const tags = ['消息通知'];
const ListQuery = z.object({
  unreadOnly: z.enum(['0', '1']).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  offset: z.coerce.number().int().min(0).optional(),
});
const ReadBody = z.object({ ids: z.array(z.string().min(1)).max(500).optional() });

/** The reader's in-app notifications: list with the unread count, mark read; his own SMS / e-mail switch. */
export const notificationRoutes = (app: App): void => {
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/notifications',
      summary: '我的消息与未读数',
      tags,
      query: ListQuery,
      response: NotificationsResponse,
    }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json(
        await myNotifications(c.get('deps'), ctxOf(c), {
          unreadOnly: q.unreadOnly === '1',
          limit: q.limit,
          offset: q.offset,
        }),
      );
    },
  );
  app.openapi(
    route({
      method: 'post',
      path: '/api/v1/notifications/read',
      summary: '标记消息已读',
      tags,
      body: ReadBody,
      response: PostNotificationsReadResponse,
    }),
    async (c) => {
      const b = c.req.valid('json');
      return c.json(await markMyNotificationsRead(c.get('deps'), ctxOf(c), b.ids));
    },
  );
  app.openapi(
    route({
      method: 'get',
      path: '/api/v1/me/notify-channels',
      summary: '我的通知方式（短信、邮件）',
      tags,
      response: NotifyChannelsResponse,
    }),
    async (c) => c.json(await myNotifyChannels(c.get('deps'), ctxOf(c))),
  );
  app.openapi(
    route({
      method: 'put',
      path: '/api/v1/me/notify-channels',
      summary: '开启或关闭我的短信、邮件通知（站内消息始终送达）',
      tags,
      body: NotifyChannelsBody,
      response: NotifyChannelsResponse,
    }),
    async (c) => c.json(await setMyNotifyChannels(c.get('deps'), ctxOf(c), c.req.valid('json'))),
  );
};
