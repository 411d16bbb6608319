/**
 * Display masking of personal data (pure). Masking is for showing data to people who may see a
 * record but not the full identifier; it is not a security boundary for the stored value.
 * All functions accept null/undefined and return '' for them.
 */

const STAR = '*';

function stars(n: number): string {
  return STAR.repeat(Math.max(0, n));
}

/**
 * ID number: first 3 and last 4 characters visible, the rest masked, e.g.
 * `110101199003071234` → `110***********1234` (also for 15-character numbers).
 * Spaces are removed and a trailing x upper-cased first. Other lengths: if ≥ 8 characters the same
 * 3+4 rule applies; shorter values keep only the last character (or are fully masked if ≤ 2).
 */
export function maskIdNumber(id: string | null | undefined): string {
  if (!id) return '';
  const v = id.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
  const n = v.length;
  if (n >= 8) return v.slice(0, 3) + stars(n - 7) + v.slice(-4);
  if (n <= 2) return stars(n);
  return stars(n - 1) + v.slice(-1);
}

/**
 * Phone number.
 * - Mainland mobile (optionally +86): `13800005678` → `138****5678`.
 * - Landline with area code: area code kept, local number masked except its last 4 digits:
 *   `010-12345678` → `010-****5678`; an extension is masked completely.
 * - Anything else: all but the last 4 digits masked (all masked if ≤ 4 characters).
 */
export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return '';
  const v = phone.normalize('NFKC').trim();
  const compact = v.replace(/[\s-]/g, '');
  const mobile = /^(?:\+?86|0086)?(1\d{10})$/.exec(compact);
  if (mobile) {
    const d = mobile[1]!;
    return `${d.slice(0, 3)}****${d.slice(7)}`;
  }
  const landline = /^\(?(0\d{2,3})\)?[\s-]?(\d{7,8})(?:[\s-]+(?:转)?|转)?(\d{1,6})?$/.exec(v);
  if (landline) {
    const area = landline[1]!;
    const local = landline[2]!;
    const ext = landline[3];
    return `${area}-${stars(local.length - 4)}${local.slice(-4)}${ext ? `-${stars(ext.length)}` : ''}`;
  }
  const chars = Array.from(compact);
  if (chars.length <= 4) return stars(chars.length);
  return stars(chars.length - 4) + chars.slice(-4).join('');
}

/**
 * Personal name: the first character stays, every other character is masked:
 * `张三丰` → `张**`, `李四` → `李*`. A single-character value becomes `*`.
 * Separators (`·` in minority names, spaces in Latin names) are kept: `买买提·艾力` → `买**·**`.
 */
export function maskName(name: string | null | undefined): string {
  if (!name) return '';
  const chars = Array.from(name.trim());
  if (chars.length === 0) return '';
  if (chars.length === 1) return STAR;
  return chars.map((c, i) => (i === 0 || /[\s·•・.]/.test(c) ? c : STAR)).join('');
}

const NAME = '[\\u3400-\\u9fff\\uf900-\\ufaff]';
// Each level: the shortest run of CJK characters (limited length) followed by a level suffix.
const LEVELS: readonly RegExp[] = [
  new RegExp(`^${NAME}{1,7}?(?:省|自治区|特别行政区)`),
  new RegExp(`^${NAME}{1,8}?(?:自治州|地区|盟|州|市)`),
  new RegExp(`^${NAME}{1,8}?(?:自治县|自治旗|林区|特区|新区|区|县|旗|市)`),
  new RegExp(`^${NAME}{1,10}?(?:街道办事处|街道|民族乡|镇|乡|苏木)`),
];
// A "district" match that is really a place inside a district (residential compound etc.).
const NOT_DISTRICT = /(?:小区|社区|园区|校区|景区|厂区|营区|片区|生活区|住宅区|宿舍区|商业区)$/;
// A higher level must not swallow a lower-level unit (e.g. "某镇新区" is a town plus a road name).
const HAS_TOWN_PART = /街道|镇|乡|苏木|村|路|街|巷|号/;

/**
 * Address: keeps the administrative prefix down to district/county and street/town level and
 * replaces everything after it with `***`:
 * `某市某区某街道幸福路1号` → `某市某区某街道***`, `北京市东城区东华门街道南池子大街12号` → `北京市东城区东华门街道***`.
 * Without a street/town, it keeps up to the district: `某市某区幸福路8号` → `某市某区***`.
 * If no administrative prefix is recognised the whole address becomes `***` (over-masking is the
 * safe failure). An address that is nothing but the prefix is returned unchanged.
 */
export function maskAddress(address: string | null | undefined): string {
  if (!address) return '';
  const v = address.normalize('NFKC').replace(/\s+/g, '');
  if (v === '') return '';
  let pos = 0;
  for (let level = 0; level < LEVELS.length; level++) {
    const m = LEVELS[level]!.exec(v.slice(pos));
    if (!m) continue;
    const part = m[0];
    const name = part.replace(
      /(?:省|自治区|特别行政区|自治州|地区|盟|州|市|自治县|自治旗|林区|特区|新区|区|县|旗|街道办事处|街道|民族乡|镇|乡|苏木)$/,
      '',
    );
    if (level < 3 && HAS_TOWN_PART.test(name)) continue;
    if (level === 2 && NOT_DISTRICT.test(part)) continue;
    pos += part.length;
  }
  if (pos === 0) return '***';
  if (pos >= v.length) return v;
  return `${v.slice(0, pos)}***`;
}
