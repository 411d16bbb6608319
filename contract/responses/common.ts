/**
 * Wire shapes shared by many operations: the error envelope every error status carries, and small
 * references (a unit, an item) that answers embed.
 */
import { z } from 'zod';
import { SATISFACTION } from '../enums.ts';
import { ERROR_STATUS, type ErrorCode } from '../errors.ts';

const CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];

/** `{ error: { code, message } }`: programs match on the stable code, people read the Chinese message. */
export const ErrorEnvelope = z
  .object({ error: z.object({ code: z.enum(CODES), message: z.string(), details: z.unknown().optional() }) })
  .meta({ id: 'ErrorEnvelope' });

/** An answer that only says it succeeded. */
export const OkBody = z.object({ ok: z.boolean() }).meta({ id: 'OkBody' });

/** The multipart body of an upload: one file in the field `file`. */
export const FileForm = z.object({ file: z.string().meta({ format: 'binary' }) });

/** A rating as stored: the petitioner's own, with its source (the portal or a 回访 record). */
export const RatingFact = z.object({
  satisfaction: z.enum(SATISFACTION),
  on: z.string(),
  comment: z.string(),
  source: z.enum(['portal', 'return_visit']).optional(),
  visitIndex: z.number().optional(),
});
