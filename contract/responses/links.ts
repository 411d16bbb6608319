import { z } from 'zod';

export const PostItemsLinksResponse = z.object({
  itemId: z.string(),
  earlierId: z.string(),
  kind: z.enum(['repeat', 'duplicate']),
  action: z.enum(['link', 'unlink']),
  isRepeat: z.boolean(),
});
export type PostItemsLinksResponse = z.infer<typeof PostItemsLinksResponse>;

export const ItemsLinkHistoryResponse = z.object({
  changes: z.array(
    z.object({
      id: z.string(),
      action: z.enum(['link', 'unlink']),
      kind: z.enum(['repeat', 'duplicate']),
      other: z.object({ id: z.string(), number: z.string(), title: z.string() }),
      direction: z.enum(['earlier', 'later']),
      reason: z.string(),
      actorName: z.string().nullable(),
      at: z.string(),
    }),
  ),
});
export type ItemsLinkHistoryResponse = z.infer<typeof ItemsLinkHistoryResponse>;
