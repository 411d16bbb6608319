import { z } from 'zod';
import { OkBody } from './common.ts';
import { RepeatCandidate } from './items.ts';

export const OnlineReceipt = z
  .object({
    number: z.string(),
    queryCode: z.string(),
    submittedAt: z.string(),
    submittedOn: z.string(),
    name: z.string(),
    idNumber: z.string(),
    phone: z.string(),
    title: z.string(),
    demands: z.array(z.string()),
    attachments: z.array(z.object({ name: z.string(), size: z.number() })),
  })
  .meta({ id: 'OnlineReceipt' });
export type OnlineReceipt = z.infer<typeof OnlineReceipt>;

export const PublicOnlineChallengeResponse = z.object({
  codeChallenge: z
    .object({ image: z.string(), audio: z.string().optional(), length: z.number().optional() })
    .optional(),
  parameters: z.object({
    algorithm: z.string(),
    nonce: z.string(),
    salt: z.string(),
    cost: z.number(),
    keyLength: z.number(),
    keyPrefix: z.string(),
    keySignature: z.string().optional(),
    memoryCost: z.number().optional(),
    parallelism: z.number().optional(),
    expiresAt: z.number().optional(),
    data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).nullable()).optional(),
  }),
  signature: z.string().optional(),
});
export type PublicOnlineChallengeResponse = z.infer<typeof PublicOnlineChallengeResponse>;

export const PostPublicOnlineSubmissionsResponse = z.object({ receipt: OnlineReceipt });
export type PostPublicOnlineSubmissionsResponse = z.infer<typeof PostPublicOnlineSubmissionsResponse>;

export const OnlineSubmissionsResponse = z.object({
  submissions: z.array(
    z.object({
      name: z.string(),
      idNumber: z.string(),
      phone: z.string(),
      address: z.string(),
      title: z.string(),
      content: z.string(),
      demands: z.array(z.string()),
      place: z.string().nullable(),
      id: z.string(),
      number: z.string(),
      version: z.number(),
      submittedAt: z.string(),
      submittedOn: z.string(),
      files: z.array(z.object({ id: z.string(), name: z.string(), size: z.number(), mime: z.string() })),
    }),
  ),
});
export type OnlineSubmissionsResponse = z.infer<typeof OnlineSubmissionsResponse>;

export const PostOnlineSubmissionsAcceptResponse = z.object({
  itemId: z.string(),
  number: z.string(),
  isRepeat: z.boolean(),
  repeatCandidates: z.array(RepeatCandidate),
});
export type PostOnlineSubmissionsAcceptResponse = z.infer<typeof PostOnlineSubmissionsAcceptResponse>;

export const PostOnlineSubmissionsRejectResponse = OkBody;
export type PostOnlineSubmissionsRejectResponse = z.infer<typeof PostOnlineSubmissionsRejectResponse>;

export const PostPublicItemsMaterialsResponse = z.object({
  received: z.object({
    receivedOn: z.string(),
    files: z.array(z.object({ name: z.string(), size: z.number() })),
    note: z.boolean(),
  }),
});
export type PostPublicItemsMaterialsResponse = z.infer<typeof PostPublicItemsMaterialsResponse>;
