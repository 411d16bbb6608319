/** Size limits shared by server validation and the web forms. */
export const LIMITS = {
  petitioners: 200,
  /** The item list counts at most this many matches; beyond it the count shows as "10,000+". */
  listCount: 10_000,
  /** Search terms shorter than 3 characters (no trigram) look only at the newest this many items. */
  shortSearchWindow: 10_000,
  /** Shortest search term the full-text index answers (trigrams). */
  searchMinChars: 3,
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
