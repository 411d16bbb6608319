import { mulberry32 } from './prng.ts';
/**
 * Resident ID number (GB 11643-1999) and phone number checks, shared by server and browser.
 * Pure: no node: imports, no I/O. The only clock use is the "birth date not in the future" check,
 * which takes `today` as an option.
 *
 * 15-digit numbers (first-generation cards, invalid since 2013-01-01) are REJECTED with code
 * ID_FORMAT; the message tells the user to enter the 18-digit number and, because the conversion is
 * deterministic, `suggestion` carries the converted 18-digit number for the user to compare with the card.
 */

/** Weights of positions 1–17 in the GB 11643-1999 check-digit computation. */
export const ID_WEIGHTS: readonly number[] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** Check character for (weighted sum mod 11) = index. */
export const ID_CHECK_CHARS = '10X98765432';

/** First two digits of valid region codes (provinces; 71 Taiwan, 81/82/83 residence permits). */
const PROVINCES = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
  '83',
]);

/** Result of checkIdNumber. */
export type IdNumberCheck =
  | { ok: true; normalized: string; birthDate: string; gender: 'M' | 'F' }
  | { ok: false; code: 'ID_FORMAT' | 'ID_BIRTHDATE' | 'ID_CHECKSUM'; message: string; suggestion?: string };

/** Check character for the first 17 digits of an ID number (throws on a non 17-digit input). */
export function idCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new TypeError('idCheckChar expects exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK_CHARS[sum % 11]!;
}

/** Trims, removes spaces, converts full-width characters and upper-cases a trailing x. */
export function normalizeIdNumber(s: string): string {
  return s.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

function isoDate(y: number, m: number, d: number): string | null {
  if (m < 1 || m > 12 || d < 1) return null;
  const dim = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > dim) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function localToday(now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

/** Converts a 15-digit first-generation number to 18 digits (inserts "19", appends the check char). */
export function upgradeIdNumber15(s: string): string | null {
  const v = normalizeIdNumber(s);
  if (!/^\d{15}$/.test(v)) return null;
  const first17 = `${v.slice(0, 6)}19${v.slice(6)}`;
  return first17 + idCheckChar(first17);
}

/**
 * Validates an 18-character resident ID number (GB 11643-1999): format and region, birth date
 * (a real calendar date, year ≥ 1900, not after `today`), and check character.
 * `today` ('YYYY-MM-DD') defaults to the local date of the runtime.
 */
export function checkIdNumber(s: string, opts: { today?: string } = {}): IdNumberCheck {
  const v = normalizeIdNumber(typeof s === 'string' ? s : '');
  if (v === '') return { ok: false, code: 'ID_FORMAT', message: '请填写身份证号码' };
  if (/^\d{15}$/.test(v)) {
    const up = upgradeIdNumber15(v)!;
    return {
      ok: false,
      code: 'ID_FORMAT',
      message: `这是15位旧身份证号码（已于2013年停止使用），请填写18位身份证号码；按规则换算应为 ${up}，请与证件核对`,
      suggestion: up,
    };
  }
  if (!/^\d{17}[\dX]$/.test(v)) {
    const hint = v.length !== 18 ? `当前为${v.length}位，应为18位` : '前17位必须是数字，最后一位是数字或字母X';
    return { ok: false, code: 'ID_FORMAT', message: `身份证号码格式不正确：${hint}` };
  }
  if (!PROVINCES.has(v.slice(0, 2))) {
    return {
      ok: false,
      code: 'ID_FORMAT',
      message: `身份证号码前两位地区代码“${v.slice(0, 2)}”不存在，请核对前6位地址码`,
    };
  }
  const y = Number(v.slice(6, 10));
  const m = Number(v.slice(10, 12));
  const d = Number(v.slice(12, 14));
  const birthDate = isoDate(y, m, d);
  const today = opts.today ?? localToday(new Date());
  if (birthDate === null || y < 1900 || birthDate > today) {
    return {
      ok: false,
      code: 'ID_BIRTHDATE',
      message: `身份证号码第7至14位的出生日期“${v.slice(6, 14)}”无效${birthDate !== null && birthDate > today ? '（晚于今天）' : ''}，请核对`,
    };
  }
  const expected = idCheckChar(v.slice(0, 17));
  if (v[17] !== expected) {
    return { ok: false, code: 'ID_CHECKSUM', message: '身份证号码校验位（最后一位）不正确，请逐位核对号码是否抄错' };
  }
  return { ok: true, normalized: v, birthDate, gender: Number(v[16]) % 2 === 1 ? 'M' : 'F' };
}

const DEMO_REGIONS = ['110101', '110102', '110105', '110108', '310101', '320102', '440103', '510104'];

/**
 * A well-formed 18-character ID number for fake demo data whose check character is deliberately
 * WRONG, so it can never be a real person's number: checkIdNumber returns code ID_CHECKSUM for it.
 * Same seed → same number. Birth dates fall in 1950–2004; region and date are valid.
 */
export function makeInvalidDemoIdNumber(seed: number): string {
  const rnd = mulberry32(Math.trunc(seed));
  const region = DEMO_REGIONS[Math.floor(rnd() * DEMO_REGIONS.length)]!;
  const year = 1950 + Math.floor(rnd() * 55);
  const month = 1 + Math.floor(rnd() * 12);
  const day = 1 + Math.floor(rnd() * 28);
  const order = String(Math.floor(rnd() * 1000)).padStart(3, '0');
  const first17 = `${region}${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${order}`;
  const right = ID_CHECK_CHARS.indexOf(idCheckChar(first17));
  const wrong = ID_CHECK_CHARS[(right + 1 + Math.floor(rnd() * 10)) % 11]!;
  return first17 + wrong;
}

/** Result of checkPhone. `normalized`: mobiles as 11 digits, landlines as `区号-号码[-分机]`. */
export type PhoneCheck =
  | { ok: true; kind: 'mobile' | 'landline'; normalized: string }
  | { ok: false; code: 'PHONE_FORMAT'; message: string };

/**
 * Validates a mainland phone number: a mobile `1[3-9]` + 9 digits (an optional +86/0086 prefix is
 * dropped), or a landline with area code — `0` + 2–3 digits (010 and 02x are three digits long,
 * others four), then a 7–8 digit local number not starting with 0/1, optionally an extension
 * (`-123` or `转123`). Spaces, hyphens and brackets are allowed as separators.
 */
export function checkPhone(s: string): PhoneCheck {
  const v = (typeof s === 'string' ? s : '').normalize('NFKC').trim();
  if (v === '') return { ok: false, code: 'PHONE_FORMAT', message: '请填写联系电话' };
  const ext = /^(.*?)(?:转|[-\s]?(?:ext\.?|分机))\s*(\d{1,6})$/i.exec(v);
  const main = (ext ? ext[1]! : v).replace(/[\s()-]/g, '');
  const mobile = /^(?:\+86|0086|86)?(1\d{10})$/.exec(main);
  if (mobile && !ext) {
    const d = mobile[1]!;
    if (/^1[3-9]/.test(d)) return { ok: true, kind: 'mobile', normalized: d };
    return { ok: false, code: 'PHONE_FORMAT', message: '手机号码第二位应为3至9，请核对' };
  }
  let extension = ext?.[2];
  let digits = main;
  // "010-12345678-123": the last hyphen group may be an extension when the rest is a full landline.
  if (!ext) {
    const hy = /^(.*\d)-(\d{1,6})$/.exec(v.replace(/\s+/g, ''));
    if (hy && hy[1]!.replace(/[()-]/g, '').length >= 10) {
      extension = hy[2];
      digits = hy[1]!.replace(/[()-]/g, '');
    }
  }
  if (/^\d+$/.test(digits) && digits.startsWith('0')) {
    const areaLen = /^(?:010|02\d)/.test(digits) ? 3 : 4;
    const area = digits.slice(0, areaLen);
    const local = digits.slice(areaLen);
    if (/^[2-9]\d{6,7}$/.test(local)) {
      return { ok: true, kind: 'landline', normalized: `${area}-${local}${extension ? `-${extension}` : ''}` };
    }
    return { ok: false, code: 'PHONE_FORMAT', message: `固定电话号码不正确：区号${area}之后应为7至8位号码，请核对` };
  }
  if (/^\d{7,8}$/.test(digits)) {
    return { ok: false, code: 'PHONE_FORMAT', message: '固定电话请加区号，例如 010-12345678' };
  }
  return {
    ok: false,
    code: 'PHONE_FORMAT',
    message: '电话号码格式不正确：请填写11位手机号码，或带区号的固定电话（如 010-12345678）',
  };
}

const DEMO_PREFIXES = ['130', '135', '138', '139', '150', '158', '177', '186', '189', '199'];

/**
 * Demo phone numbers of the form `1xx0000xxxx` (middle four digits zero) for fake data.
 * `DEMO_PHONE.make(seed)` is deterministic; `DEMO_PHONE.is(s)` recognises such numbers.
 * They pass checkPhone (they are well-formed mobiles).
 */
export const DEMO_PHONE = {
  pattern: /^1[3-9]\d0000\d{4}$/,
  make(seed: number): string {
    const n = Math.abs(Math.trunc(seed));
    const prefix = DEMO_PREFIXES[n % DEMO_PREFIXES.length]!;
    return `${prefix}0000${String(Math.floor(n / DEMO_PREFIXES.length) % 10000).padStart(4, '0')}`;
  },
  is(s: string): boolean {
    return DEMO_PHONE.pattern.test(s);
  },
} as const;
