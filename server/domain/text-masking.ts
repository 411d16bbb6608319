import { maskAddress, maskIdNumber, maskName, maskPhone } from './masking.ts';
import type { Item, Petitioner } from './item.ts';

/**
 * Masking of the petitioners' identity inside free text (pure). A viewer without the right to see an identity
 * reads the content, the demands, the staff's reasons and the documents with the item's own petitioners'
 * names, ID numbers, phones and addresses masked wherever they occur, however they were typed (full-width
 * digits, spaces or hyphens inside numbers, spaces inside names). Over-masking is the safe failure.
 */

/** The identities of one item that its free text must not show (names include the representatives). */
export interface IdentityDictionary {
  names: readonly string[];
  idNumbers: readonly string[];
  phones: readonly string[];
  addresses: readonly string[];
}

export type IdentityKind = 'name' | 'idNumber' | 'phone' | 'address';

export const IDENTITY_KIND_LABELS: Readonly<Record<IdentityKind, string>> = {
  name: '姓名',
  idNumber: '证件号码',
  phone: '电话',
  address: '住址',
};

export function identityDictionaryOf(
  item: Pick<Item, 'petitioners' | 'representatives' | 'formerPetitioners'>,
): IdentityDictionary {
  // Details replaced by a correction are masked too: the registered text may still name them.
  const ps = [...item.petitioners, ...(item.formerPetitioners ?? [])];
  return {
    names: [...ps.map((p) => p.name), ...item.representatives],
    idNumbers: ps.flatMap((p) => (p.idNumber ? [p.idNumber] : [])),
    phones: ps.flatMap((p) => (p.phone ? [p.phone] : [])),
    addresses: ps.flatMap((p) => (p.address ? [p.address] : [])),
  };
}

const FULL_WIDTH_OFFSET = 0xfee0;
const escapeRegExp = (c: string) => c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** A character class matching one normalised character as typed: half- or full-width, either case. */
function charClass(c: string): string {
  if (/[0-9A-Za-z]/.test(c)) {
    const variants = new Set([c, c.toUpperCase(), c.toLowerCase()]);
    for (const v of [...variants]) variants.add(String.fromCharCode(v.charCodeAt(0) + FULL_WIDTH_OFFSET));
    return `[${[...variants].join('')}]`;
  }
  return escapeRegExp(c);
}

const DIGIT = '[0-9０-９]';
const NUMBER_GAP = '[\\s\\u3000\\-－—–.．]*';
const NAME_GAP = '[\\s\\u3000]*';
const NAME_DOT = '[\\s\\u3000·•・.．‧]*';
const HAN = /[\u3400-\u9fff\uf900-\ufaff]/;

/** The digits (and X) of an ID number or phone as written, with any separators between them. */
function numberPattern(normalized: string): string {
  return Array.from(normalized).map(charClass).join(NUMBER_GAP);
}

interface Rule {
  kind: IdentityKind;
  re: RegExp;
  replace: (match: string) => string;
  /**
   * A cheap necessary condition for a match: when false the pattern is not run. Each item has its own patterns,
   * and V8 compiles a pattern on its first run, which costs more than scanning a short text.
   */
  mayMatch?: (text: string) => boolean;
}

const NUMBER_CHAR = /[0-9０-９XxＸｘ]/g;

/** At least `n` digits (or X) in the text: an ID number or phone of n digits cannot match otherwise. */
function hasDigits(n: number): (text: string) => boolean {
  return (text) => (text.match(NUMBER_CHAR)?.length ?? 0) >= n;
}

/** The pattern starts with this exact character (a Han character is matched as itself): it must be in the text. */
function hasChar(c: string | undefined): ((text: string) => boolean) | undefined {
  return c && HAN.test(c) ? (text) => text.includes(c) : undefined;
}

function nameRule(raw: string): Rule | null {
  const name = raw.normalize('NFKC').trim();
  const chars = Array.from(name.replace(/[\s·•・.．‧]+/g, '·'));
  // A single character identifies no one, and masking it everywhere would garble the text.
  if (chars.filter((c) => c !== '·').length < 2) return null;
  const body = chars.map((c) => (c === '·' ? NAME_DOT : charClass(c))).join(NAME_GAP);
  // Chinese has no spaces: a Han name is masked wherever it occurs; a Latin name only as a whole word.
  const latin = !chars.some((c) => HAN.test(c));
  const source = latin ? `(?<![A-Za-zＡ-Ｚａ-ｚ])${body}(?![A-Za-zＡ-Ｚａ-ｚ])` : body;
  return {
    kind: 'name',
    re: new RegExp(source, latin ? 'giu' : 'gu'),
    replace: () => maskName(name),
    mayMatch: hasChar(chars[0]),
  };
}

function idRule(raw: string): Rule | null {
  const id = raw
    .normalize('NFKC')
    .replace(/[\s-]+/g, '')
    .toUpperCase();
  if (id.length < 6) return null;
  return {
    kind: 'idNumber',
    re: new RegExp(numberPattern(id), 'gu'),
    replace: () => maskIdNumber(id),
    mayMatch: hasDigits(Array.from(id).length),
  };
}

function phoneRule(raw: string): Rule | null {
  let digits = raw.normalize('NFKC').replace(/\D+/g, '');
  if (/^(?:0086|86)1\d{10}$/.test(digits)) digits = digits.replace(/^(?:0086|86)/, '');
  if (digits.length < 7) return null;
  const prefix = /^1\d{10}$/.test(digits) ? `(?:[+＋]?(?:00)?[8８][6６]${NUMBER_GAP})?` : '';
  return {
    kind: 'phone',
    re: new RegExp(`(?<!${DIGIT})${prefix}${numberPattern(digits)}(?!${DIGIT})`, 'gu'),
    replace: (m) => maskPhone(m),
    mayMatch: hasDigits(digits.length),
  };
}

function addressRules(raw: string): Rule[] {
  const address = raw.normalize('NFKC').replace(/\s+/g, '');
  if (Array.from(address).length < 4) return [];
  const masked = maskAddress(address);
  const pattern = (s: string) => Array.from(s).map(charClass).join(NAME_GAP);
  const rules: Rule[] = [
    {
      kind: 'address',
      re: new RegExp(pattern(address), 'gu'),
      replace: () => masked,
      mayMatch: hasChar(Array.from(address)[0]),
    },
  ];
  // The part the mask hides (house number, building, room) also identifies the person when written alone.
  const kept = masked.endsWith('***') ? masked.slice(0, -3) : address;
  const detail = address.slice(kept.length);
  if (Array.from(detail).length >= 4)
    rules.push({
      kind: 'address',
      re: new RegExp(pattern(detail), 'gu'),
      replace: () => '***',
      mayMatch: hasChar(Array.from(detail)[0]),
    });
  return rules;
}

/** Numbers that look like anyone's ID number or mobile phone (a relative, a witness) are masked too. */
const GENERIC: readonly Rule[] = [
  {
    kind: 'idNumber',
    re: new RegExp(
      // region (6) · birth year, month, day · sequence (3) and check character
      `(?<!${DIGIT})[1-9１-９]${DIGIT}{5}\\s?` +
        `(?:19|20|１９|２０)${DIGIT}{2}[01０１]${DIGIT}[0-3０-３]${DIGIT}\\s?` +
        `${DIGIT}{3}[0-9０-９XxＸｘ](?![0-9０-９XxＸｘ])`,
      'gu',
    ),
    replace: (m) => maskIdNumber(m),
  },
  {
    kind: 'phone',
    re: new RegExp(`(?<!${DIGIT})[1１][3-9３-９]${DIGIT}[\\s-]?${DIGIT}{4}[\\s-]?${DIGIT}{4}(?!${DIGIT})`, 'gu'),
    replace: (m) => maskPhone(m.replace(/[\s-]/g, '')),
  },
];

/** Longest first within a kind, so that "张三丰" is masked before "张三" would cut it. */
function rulesOf(dict: IdentityDictionary): Rule[] {
  const byLength = <T extends string>(xs: readonly T[]) => [...new Set(xs)].sort((a, b) => b.length - a.length);
  return [
    ...byLength(dict.idNumbers).flatMap((x) => idRule(x) ?? []),
    ...byLength(dict.phones).flatMap((x) => phoneRule(x) ?? []),
    ...GENERIC,
    ...byLength(dict.addresses).flatMap((x) => addressRules(x)),
    ...byLength(dict.names).flatMap((x) => nameRule(x) ?? []),
  ];
}

function apply(text: string, rules: readonly Rule[], found?: Set<IdentityKind>): string {
  let out = text;
  for (const r of rules) {
    if (r.mayMatch && !r.mayMatch(out)) continue;
    out = out.replace(r.re, (m) => {
      found?.add(r.kind);
      return r.replace(m);
    });
  }
  return out;
}

/** The text with the dictionary's identities (and anything shaped like an ID number or mobile) masked. */
export function maskIdentityInText(text: string, dict: IdentityDictionary): string {
  if (!text) return text;
  return apply(text, rulesOf(dict));
}

/** `maskIdentityInText` for several texts of one item: the dictionary's patterns are compiled once. */
export function identityMasker(dict: IdentityDictionary): (text: string) => string {
  const rules = rulesOf(dict);
  return (text) => (text ? apply(text, rules) : text);
}

/** Which of the item's own identities the texts name (for the registrar's warning at routing). */
export function identityMentions(texts: readonly string[], dict: IdentityDictionary): IdentityKind[] {
  const found = new Set<IdentityKind>();
  const rules = rulesOf(dict).filter((r) => !GENERIC.includes(r));
  for (const t of texts) if (t) apply(t, rules, found);
  return (['name', 'idNumber', 'phone', 'address'] as const).filter((k) => found.has(k));
}

/** Keys under which staff and petitioners write free text (facts of an item, inputs of a step). */
const TEXT_KEYS = new Set([
  'note',
  'reason',
  'facts',
  'basis',
  'explanation',
  'opinion',
  'comment',
  'noticeReason',
  'decisionNote',
  'refusal',
  'summary',
  'text',
  'content',
  'title',
  // A 回访's outcome and a 复查 request's applicant and grounds name the petitioner as often as any note.
  'outcome',
  'grounds',
  'applicant',
]);

/**
 * A copy of `value` with every free-text string (under the keys staff write text into) masked. Dates, ids
 * and codes are left alone: they are never under those keys.
 */
export function maskTextFields<T>(value: T, dict: IdentityDictionary): T {
  const rules = rulesOf(dict);
  const walk = (v: unknown, key: string | null): unknown => {
    if (typeof v === 'string') return key && TEXT_KEYS.has(key) ? apply(v, rules) : v;
    if (Array.isArray(v)) return v.map((x) => walk(x, key));
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, walk(x, k)]));
    return v;
  };
  return walk(value, null) as T;
}

/**
 * The item as a viewer without the right to see the identity reads it (masked view, masked documents): the
 * petitioners and representatives masked, and their identities masked in every free text.
 */
export function maskedItem(item: Item): Item {
  const dict = identityDictionaryOf(item);
  const t = (s: string) => maskIdentityInText(s, dict);
  return {
    ...item,
    petitioners: item.petitioners.map((p) => ({
      ...p,
      name: maskName(p.name),
      idNumber: p.idNumber ? maskIdNumber(p.idNumber) : null,
      phone: p.phone ? maskPhone(p.phone) : null,
      address: p.address ? maskAddress(p.address) : null,
    })),
    representatives: item.representatives.map((r) => maskName(r)),
    title: t(item.title),
    content: t(item.content),
    place: item.place === null ? null : t(item.place),
    demands: item.demands.map((d) => ({ text: t(d.text) })),
    accused: item.accused ? { ...item.accused, note: t(item.accused.note) } : null,
    facts: maskTextFields(item.facts, dict),
  };
}

/**
 * The registrar's warning before routing: the item's own text names its petitioners. Masking hides those
 * words from viewers without the right to see the identity, but not a description that still points at the
 * person, so the bureau should read the text once more. Empty when the text names no petitioner.
 */
export function identityWarnings(item: Item): string[] {
  const kinds = identityMentions(
    [item.title, item.content, item.place ?? '', ...item.demands.map((d) => d.text)],
    identityDictionaryOf(item),
  );
  if (!kinds.length) return [];
  const what = kinds.map((k) => IDENTITY_KIND_LABELS[k]).join('、');
  const accusation = item.handlingClass === '检举控告类' ? '本件为检举控告类，' : '';
  return [
    `事项内容写有信访人的${what}。${accusation}交转后，无权查看身份的单位看到的内容会隐去这些信息，但能认出信访人的其他描述（亲属关系、职务、具体经历等）不会隐去，请核对内容后再交转。`,
  ];
}

/**
 * A petitioner as the timeline and the audit keep it: masked like the view of a reader without identity access,
 * so a correction never writes a plaintext identity anywhere but the sealed petitioner row.
 */
export function maskedPetitioner(p: Petitioner): string {
  return [
    maskName(p.name),
    p.idNumber ? `证件 ${maskIdNumber(p.idNumber)}` : null,
    p.phone ? `电话 ${maskPhone(p.phone)}` : null,
    p.address ? `住址 ${maskAddress(p.address)}` : null,
  ]
    .filter(Boolean)
    .join('，');
}
