/** Size limits shared by server validation and the web forms. */
export const LIMITS = {
  petitioners: 200,
  contentChars: 20000,
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
