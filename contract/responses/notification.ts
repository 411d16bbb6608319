import { z } from 'zod';
import { NOTIFICATION_KINDS } from '../supervision.ts';

export const NotificationRow = z
  .object({
    id: z.string(),
    key: z.string(),
    userId: z.string(),
    kind: z.enum(NOTIFICATION_KINDS),
    title: z.string(),
    body: z.string(),
    link: z.string().nullable(),
    itemId: z.string().nullable(),
    supervisionId: z.string().nullable(),
    level: z.string().nullable(),
    createdAt: z.string(),
    readAt: z.string().nullable(),
  })
  .meta({ id: 'NotificationRow' });
export type NotificationRow = z.infer<typeof NotificationRow>;

export const NotificationsResponse = z.object({ unread: z.number(), notifications: z.array(NotificationRow) });
export type NotificationsResponse = z.infer<typeof NotificationsResponse>;

export const PostNotificationsReadResponse = z.object({ marked: z.number(), unread: z.number() });
export type PostNotificationsReadResponse = z.infer<typeof PostNotificationsReadResponse>;

/** A person's own outbound channels: on or off (off when nothing is on file), and what is on file. */
export const NotifyChannelsResponse = z
  .object({
    sms: z.boolean(),
    email: z.boolean(),
    /** The mobile number and e-mail address on file (the administrator keeps them), null when none. */
    phone: z.string().nullable(),
    emailAddress: z.string().nullable(),
  })
  .meta({ id: 'NotifyChannels' });
export type NotifyChannelsResponse = z.infer<typeof NotifyChannelsResponse>;
