/**
 * The official documents the platform writes, each on a template the office can edit (a .docx with placeholders).
 * Shared by server and web: the admin template screen lists these kinds, the item page offers the ones whose step
 * happened, the public page offers those addressed to the petitioner.
 */

export const DOC_KINDS = [
  'registration_receipt',
  'accept_notice',
  'decline_notice',
  'no_reaccept_notice',
  'extension_notice',
  'opinion',
  'review_opinion',
  'rereview_opinion',
  'assignment',
  'transfer_letter',
  'legal_channel_notice',
  'supervision_order',
  'meeting_notice',
  'meeting_minutes',
  'online_receipt',
  'review_receipt',
  'rereview_receipt',
] as const;
export type DocKind = (typeof DOC_KINDS)[number];

export const DOC_KIND_LABELS: Readonly<Record<DocKind, string>> = {
  registration_receipt: '登记回执',
  accept_notice: '受理告知书',
  decline_notice: '不予受理告知书',
  no_reaccept_notice: '不再受理告知书',
  extension_notice: '延期办理告知书',
  opinion: '处理意见书',
  review_opinion: '复查意见书',
  rereview_opinion: '复核意见书',
  assignment: '交办单',
  transfer_letter: '转送函',
  legal_channel_notice: '导入法律程序告知书',
  supervision_order: '督办单',
  meeting_notice: '会议通知',
  meeting_minutes: '会议纪要',
  online_receipt: '网上信访登记回执',
  review_receipt: '复查申请回执',
  rereview_receipt: '复核申请回执',
};

/**
 * Who a document is addressed to: the petitioner (offered on the public page by query code, with the ID number
 * and phone masked), a unit (internal: the petitioner's identity as the unit may see it), or the meeting.
 */
export type DocAudience = 'petitioner' | 'unit' | 'meeting';

export const DOC_AUDIENCE: Readonly<Record<DocKind, DocAudience>> = {
  registration_receipt: 'petitioner',
  accept_notice: 'petitioner',
  decline_notice: 'petitioner',
  no_reaccept_notice: 'petitioner',
  extension_notice: 'petitioner',
  opinion: 'petitioner',
  review_opinion: 'petitioner',
  rereview_opinion: 'petitioner',
  assignment: 'unit',
  transfer_letter: 'unit',
  legal_channel_notice: 'petitioner',
  supervision_order: 'unit',
  meeting_notice: 'meeting',
  meeting_minutes: 'meeting',
  online_receipt: 'petitioner',
  review_receipt: 'petitioner',
  rereview_receipt: 'petitioner',
};

/** Largest template file accepted on upload (templates are a few dozen KB; a larger file is not a template). */
export const TEMPLATE_MAX_BYTES = 2 * 1024 * 1024;

/** One placeholder of a kind, as the admin screen lists it (the help beside the download button). */
export interface PlaceholderInfo {
  /** As written in the template, without braces: `发文字号`; a list is written `{#诉求}…{/诉求}`. */
  name: string;
  label: string;
  required: boolean;
  /** For a list: the placeholders usable inside `{#name}…{/name}`. */
  fields?: PlaceholderInfo[];
  /** A yes/no value, used as a conditional section `{#name}…{/name}` (or `{^name}…{/name}` for "not"). */
  condition?: boolean;
}

/** One uploaded template version, as the admin screen lists it. */
export interface TemplateVersionDto {
  id: string;
  kind: DocKind;
  version: number;
  fileName: string;
  size: number;
  sha256: string;
  note: string;
  uploadedBy: string;
  uploadedAt: string;
  active: boolean;
}
