import { z } from 'zod';
import { OkBody } from './common.ts';
import { backgroundRunOf } from './runs.ts';

export const AuditResponse = z.object({
  total: z.number(),
  events: z.array(
    z.object({
      seq: z.number(),
      at: z.string(),
      action: z.string(),
      actor: z.string(),
      actorName: z.string().nullable(),
      actorRole: z.string().nullable(),
      itemId: z.string().nullable(),
      itemNumber: z.string().nullable(),
      detail: z.unknown(),
      requestId: z.string().nullable(),
      clientRequestId: z.string().nullable(),
      keyId: z.string().nullable(),
      hash: z.string(),
    }),
  ),
});
export type AuditResponse = z.infer<typeof AuditResponse>;

export const AuditVerifyResponse = z.union([
  z.object({
    ok: z.literal(true),
    count: z.number(),
    legacy: z.number(),
    lastSeq: z.number().nullable(),
    lastHash: z.string(),
    head: z.object({ seq: z.number() }).nullable(),
    anchor: z.object({ seq: z.number(), exportedAt: z.string() }).nullable(),
  }),
  z.object({
    ok: z.literal(false),
    count: z.number(),
    brokenAt: z.number(),
    reason: z.enum([
      'hash_mismatch',
      'prev_mismatch',
      'seq_gap',
      'seq_order',
      'unkeyed_row',
      'unknown_key',
      'truncated',
      'head_invalid',
      'anchor_invalid',
    ]),
    message: z.string(),
    head: z.object({ seq: z.number() }).nullable(),
    anchor: z.object({ seq: z.number(), exportedAt: z.string() }).nullable(),
  }),
]);
export type AuditVerifyResponse = z.infer<typeof AuditVerifyResponse>;

export const PostAuditCheckpointResponse = z.object({
  format: z.literal('xinfang-audit-anchor'),
  version: z.literal(1),
  seq: z.number(),
  hash: z.string(),
  at: z.string(),
  exportedAt: z.string(),
  keyId: z.string(),
  mac: z.string(),
});
export type PostAuditCheckpointResponse = z.infer<typeof PostAuditCheckpointResponse>;

export const PostUsersUnlockResponse = OkBody;
export type PostUsersUnlockResponse = z.infer<typeof PostUsersUnlockResponse>;

export const PutAuthPasswordResponse = z.object({ ok: z.boolean(), relogin: z.boolean() });
export type PutAuthPasswordResponse = z.infer<typeof PutAuthPasswordResponse>;

export const PostAuthTotpSetupResponse = z.object({ secret: z.string(), uri: z.string() });
export type PostAuthTotpSetupResponse = z.infer<typeof PostAuthTotpSetupResponse>;

export const PostAuthTotpEnableResponse = z.object({ ok: z.boolean() });
export type PostAuthTotpEnableResponse = z.infer<typeof PostAuthTotpEnableResponse>;

/** The background check of the audit chain: how far it got, then its result (ok, or the first broken entry). */
export const AuditVerifyRun = backgroundRunOf(AuditVerifyResponse, z.null()).meta({ id: 'AuditVerifyRun' });
export const AuditVerifyRunResponse = z.object({ run: AuditVerifyRun.nullable() });
export type AuditVerifyRunResponse = z.infer<typeof AuditVerifyRunResponse>;
export const PostAuditVerifyRunResponse = z.object({ run: AuditVerifyRun, started: z.boolean() });
export type PostAuditVerifyRunResponse = z.infer<typeof PostAuditVerifyRunResponse>;
