/** Size limits shared by server validation and the web forms. */
export const LIMITS = {
  petitioners: 200,
  contentChars: 20000,
  /** Text fields of the steps and forms (characters): a reason or remark, a note or basis, a full text. */
  text: { short: 500, reason: 2000, note: 4000, full: 8000 },
  bodyBytes: 2 * 1024 * 1024,
  attachmentBytes: 20 * 1024 * 1024,
  attachmentTypes: [
    'application/pdf',
    'image/jpeg',
    'image/png',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'text/plain',
  ],
} as const;
