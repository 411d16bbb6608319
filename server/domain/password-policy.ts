/**
 * Password rules and login lockout (pure: the caller passes the clock as `now`).
 */

/** Minimum and maximum password length (characters). */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

/** Frequently used passwords (compared case-insensitively); many satisfy the class rule, hence listed. */
const COMMON_PASSWORDS = new Set([
  '12345678',
  '123456789',
  '1234567890',
  '11111111',
  '88888888',
  '00000000',
  '87654321',
  'password',
  'password1',
  'password123',
  'passw0rd',
  'p@ssw0rd',
  'p@ssword',
  'p@ssw0rd1',
  'p@ssw0rd123',
  'admin123',
  'admin@123',
  'admin@1234',
  'admin#123',
  'admin123!',
  'administrator',
  'abc12345',
  'abc@1234',
  'abc@123456',
  'abcd1234',
  'abcd@1234',
  'aa123456',
  'aa123456!',
  'a1234567',
  'a123456789',
  'qwer1234',
  'qwer@1234',
  'qwerty123',
  'qwertyuiop',
  '1qaz2wsx',
  '1qaz@wsx',
  '1qaz@2wsx',
  '1qaz!qaz',
  'zxcv1234',
  'asdf1234',
  'iloveyou',
  'woaini1314',
  'woaini520',
  'welcome1',
  'welcome@123',
  'test1234',
  'test@123',
  'root1234',
  'root@123',
  'changeme',
  'letmein1',
  'huawei@123',
  'sys@1234',
  'xinfang123',
  'xinfang@123',
  'xf123456',
  'zhengfu123',
]);

/** Fragments whose presence makes a password easy to guess even with extra characters around them. */
const WEAK_FRAGMENTS = [
  'password',
  'passw0rd',
  'p@ssw0rd',
  'qwerty',
  '123456',
  'abcdef',
  'iloveyou',
  'woaini',
  'xinfang',
  'admin',
];

/**
 * Checks a new password against the policy and returns the problems as Chinese sentences that
 * say what to change; an empty list means the password is acceptable.
 * Rules: 8–128 characters; at least three of upper-case letters, lower-case letters, digits and
 * other characters (symbols, Chinese characters…); must not contain the user name (case-insensitive;
 * only checked for user names of 3+ characters); must not be or contain a well-known weak password.
 */
export function checkPassword(pw: string, ctx: { username?: string | null } = {}): string[] {
  const problems: string[] = [];
  const chars = Array.from(pw);
  if (chars.length < PASSWORD_MIN_LENGTH)
    problems.push(`密码至少需要${PASSWORD_MIN_LENGTH}位，当前只有${chars.length}位`);
  if (chars.length > PASSWORD_MAX_LENGTH) problems.push(`密码不能超过${PASSWORD_MAX_LENGTH}位`);

  const classes = [/[A-Z]/.test(pw), /[a-z]/.test(pw), /[0-9]/.test(pw), /[^A-Za-z0-9]/.test(pw)];
  const classCount = classes.filter(Boolean).length;
  if (classCount < 3) {
    const names = ['大写字母', '小写字母', '数字', '符号'];
    const missing = names.filter((_, i) => !classes[i]);
    problems.push(
      `密码需包含大写字母、小写字母、数字、符号中的至少三类，当前只有${classCount}类，可增加：${missing.join('、')}`,
    );
  }

  const lower = pw.toLowerCase();
  const user = (ctx.username ?? '').trim().toLowerCase();
  if (user.length >= 3 && lower.includes(user)) problems.push('密码不能包含用户名，请换一个');

  if (COMMON_PASSWORDS.has(lower)) {
    problems.push('密码过于常见，容易被猜中，请换一个');
  } else {
    const frag = WEAK_FRAGMENTS.find((f) => lower.includes(f));
    if (frag) problems.push(`密码包含常见弱密码片段“${frag}”，容易被猜中，请换一个`);
  }
  return problems;
}

/** Lockout parameters. `windowMinutes` (default = lockMinutes): failures older than this do not count. */
export interface LockoutPolicy {
  maxFailures: number;
  lockMinutes: number;
  windowMinutes?: number;
}

/** 5 failures within 15 minutes lock the account for 15 minutes. */
export const DEFAULT_LOCKOUT: LockoutPolicy = { maxFailures: 5, lockMinutes: 15 };

/** Result of lockoutState. `remaining` = failed attempts left before a lock (0 while locked). */
export interface LockoutState {
  locked: boolean;
  /** ISO time the lock ends (only when locked). */
  until?: string;
  remaining: number;
}

function toMs(iso: string, what: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new TypeError(`lockoutState: invalid ${what} time "${iso}"`);
  return ms;
}

/**
 * Login lockout from the list of failed attempts (any order; the caller may pass all failures since
 * the last successful login, or simply all recent ones — older than the window they do not count).
 * Replays the history: a failure that makes `maxFailures` failures within `windowMinutes` locks the
 * account until that failure + `lockMinutes`; the counter then starts from zero. Failures recorded
 * while already locked are ignored (they neither count nor extend the lock). Failures after `now`
 * are ignored. Locked while `now` < until.
 */
export function lockoutState(
  failures: readonly { at: string }[],
  now: string,
  policy: LockoutPolicy = DEFAULT_LOCKOUT,
): LockoutState {
  const nowMs = toMs(now, 'now');
  const lockMs = policy.lockMinutes * 60_000;
  const windowMs = (policy.windowMinutes ?? policy.lockMinutes) * 60_000;
  const times = failures
    .map((f) => toMs(f.at, 'failure'))
    .filter((t) => t <= nowMs)
    .sort((a, b) => a - b);
  let lockedUntil = -Infinity;
  let window: number[] = [];
  for (const t of times) {
    if (t < lockedUntil) continue;
    window = window.filter((w) => w > t - windowMs);
    window.push(t);
    if (window.length >= policy.maxFailures) {
      lockedUntil = t + lockMs;
      window = [];
    }
  }
  if (nowMs < lockedUntil) return { locked: true, until: new Date(lockedUntil).toISOString(), remaining: 0 };
  const recent = window.filter((w) => w > nowMs - windowMs).length;
  return { locked: false, remaining: Math.max(0, policy.maxFailures - recent) };
}
