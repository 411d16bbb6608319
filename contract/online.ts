import { z } from 'zod';
import { RegisterItemInput } from './dto.ts';
import { LIMITS } from './limits.ts';

const text = (max: number) => z.string().trim().max(max, `不能超过 ${max} 个字`);
const required = (max: number, what: string) => text(max).min(1, `请填写${what}`);

/** The proof-of-work the browser solved (an ALTCHA challenge as issued, and the counter it found). */
export const PowSolution = z.object({
  challenge: z.object({
    parameters: z.record(z.string(), z.unknown()),
    signature: z.string().max(256).optional(),
  }),
  solution: z.object({ counter: z.number().int().min(0), derivedKey: z.string().max(256) }),
});
export type PowSolution = z.infer<typeof PowSolution>;

/** Files a petitioner sends through the public pages: the same types and size as staff uploads, at most three. */
export const PUBLIC_FILES_MAX = 3;
export const PublicFile = z.object({
  name: z.string().trim().min(1, '请为材料文件命名').max(200, '材料文件名不能超过 200 个字'),
  /** The file's bytes, Base64. */
  dataBase64: z
    .string()
    .max(
      Math.ceil((LIMITS.attachmentBytes * 4) / 3) + 8,
      `每份材料不能超过 ${LIMITS.attachmentBytes / 1024 / 1024} MB`,
    ),
});
export type PublicFile = z.infer<typeof PublicFile>;
const publicFiles = z.array(PublicFile).max(PUBLIC_FILES_MAX, `一次最多上传 ${PUBLIC_FILES_MAX} 份材料`).default([]);

/** 网上信访: what the petitioner enters on the public page (no account). */
export const OnlineSubmissionInput = z.object({
  name: required(50, '姓名'),
  idNumber: required(30, '身份证号码'),
  phone: required(30, '联系电话'),
  address: required(200, '住址'),
  title: required(200, '标题'),
  content: required(20000, '信访内容'),
  demands: z.array(required(2000, '诉求')).min(1, '至少填写一项诉求').max(20, '诉求最多 20 项'),
  place: text(200).nullish(),
  /** Optional materials (photos, contracts, earlier replies). */
  attachments: publicFiles,
  /** The petitioner read and agreed to the personal-information notice (个人信息保护法). */
  consent: z.boolean().default(false),
  pow: PowSolution,
});
export type OnlineSubmissionInput = z.infer<typeof OnlineSubmissionInput>;

/** The registrar's 受理登记 of an online submission: what she completes (the registration's own fields). */
export const AcceptSubmissionInput = RegisterItemInput.pick({
  level: true,
  classCode: true,
  purpose: true,
  handlingClass: true,
  accused: true,
  repeat: true,
}).extend({ version: z.number().int() });
export type AcceptSubmissionInput = z.infer<typeof AcceptSubmissionInput>;

export const RejectSubmissionInput = z.object({
  version: z.number().int(),
  /** Shown to the petitioner on the query page: write it for the petitioner. */
  reason: required(1000, '不予登记的理由'),
});
export type RejectSubmissionInput = z.infer<typeof RejectSubmissionInput>;

export { PIPL_NOTICE } from './online-notice.ts';

/** 补充材料: what a petitioner adds to an open item with the query code (a note, files, or both). */
export const SupplementInput = z
  .object({
    note: text(2000).default(''),
    attachments: publicFiles,
  })
  .refine((v) => v.note.length > 0 || v.attachments.length > 0, { message: '请填写补充说明或选择要补充的材料' });
export type SupplementInput = z.infer<typeof SupplementInput>;
