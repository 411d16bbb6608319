/**
 * A staff member's contacts (where warning notices and digests go) and a leader's title (职务), as the
 * administrator keeps them: one set of rules for the form and the server.
 */
export const STAFF_TITLE_MAX = 30;
export const STAFF_EMAIL_MAX = 254;

/** A mobile number as typed, with spaces and hyphens taken out ("138 0000 1234" → "13800001234"). */
export function normalizeStaffPhone(v: string): string {
  return v.normalize('NFKC').replace(/[\s-]/g, '');
}

/** What is wrong with a staff mobile number (11 digits starting with 1), or null when it is fine. */
export function staffPhoneProblem(v: string): string | null {
  return /^1\d{10}$/.test(normalizeStaffPhone(v)) ? null : '手机号码应为以 1 开头的 11 位数字，如 13800001234';
}

/** What is wrong with an e-mail address, or null when it is fine. */
export function staffEmailProblem(v: string): string | null {
  const s = v.normalize('NFKC').trim();
  if (s.length > STAFF_EMAIL_MAX) return `电子邮箱不能超过 ${STAFF_EMAIL_MAX} 个字符`;
  return /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/.test(s) ? null : '电子邮箱格式不正确，应如 zhangsan@example.gov.cn';
}
