/**
 * The closed set of error codes. Programs match on `code`; people read `message` (Chinese).
 * The HTTP status of each code is fixed here so that server and client agree.
 */
export const ERROR_STATUS = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  VALIDATION: 400,
  BAD_JSON: 400,
  ID_NUMBER_INVALID: 422,
  PHONE_INVALID: 422,
  DATE_INVALID: 422,
  DATE_IN_FUTURE: 422,
  DATE_ORDER: 422,
  UNKNOWN_UNIT: 422,
  UNKNOWN_CLASS: 422,
  /** A retired content class is not offered for new items (old items keep it). */
  CLASS_RETIRED: 422,
  /** A content class that items carry (or that has classes under it) cannot be deleted, only retired. */
  CLASS_IN_USE: 409,
  UNKNOWN_USER: 422,
  HEAD_COUNT: 422,
  REPRESENTATIVES: 422,
  DEMANDS_UNANSWERED: 422,
  EXTENSION_INVALID: 422,
  STEP_NOT_ALLOWED: 409,
  CONFLICT: 409,
  DUPLICATE: 409,
  WINDOW_CLOSED: 422,
  ASSIST_OPINIONS_PENDING: 422,
  REVIEW_ORGAN_INVALID: 422,
  LEGAL_CHANNEL_REQUIRED: 422,
  CALENDAR_NOTICE_INVALID: 422,
  CORRECTION_INVALID: 422,
  REPORT_REQUIRED: 422,
  /** The account named as 包案领导 / 批示领导 is not a leader's account. */
  LEADER_REQUIRED: 422,
  /** A 积案 cannot close yet: the message lists what is missing (plan, leader, the closing attachment). */
  CLOSE_REQUIREMENTS: 422,
  FILE_TOO_LARGE: 413,
  FILE_TYPE: 415,
  LOGIN_FAILED: 401,
  ACCOUNT_LOCKED: 429,
  PASSWORD_POLICY: 422,
  CSRF: 403,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
  TEMPLATE_INVALID: 422,
  TEMPLATE_PLACEHOLDERS_MISSING: 422,
  INTERNAL: 500,
  /** A staff member's e-mail address is not one. */
  EMAIL_INVALID: 422,
  /** E-mail notices turned on by a person with no e-mail address on file (the administrator keeps it). */
  EMAIL_MISSING: 422,
  /** SMS notices turned on by a person with no mobile number on file. */
  PHONE_MISSING: 422,
  /** 督办建议 thresholds out of range (the message names each one and what is allowed). */
  SUGGESTION_RULES_INVALID: 422,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}
