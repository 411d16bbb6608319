/**
 * Chinese formal-text helpers for official documents (pure): dates written the Chinese way, periods without
 * calculation, name lists, and a lint over the rendered text that catches what must never reach a petitioner
 * (ISO dates, "60 日 + 30 日 = 90 日", doubled punctuation, placeholders left unfilled).
 */
import type { IsoDate } from '../domain/deadline.ts';

/** `2026-12-01` → `2026年12月1日` (GB/T 9704: Arabic numerals, no leading zeros). */
export function cnDate(iso: IsoDate): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new RangeError(`日期格式应为 YYYY-MM-DD：${iso}`);
  return `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日`;
}

/** `2026-12-01` → `2026年12月`. */
export function cnMonth(iso: IsoDate): string {
  return cnDate(iso).replace(/\d+日$/, '');
}

/** A time limit as formal prose writes it: `30日`, `10个工作日`. */
export function cnPeriod(length: number, unit: 'calendar' | 'working'): string {
  return unit === 'calendar' ? `${length}日` : `${length}个工作日`;
}

/** `['张三','李四','王五','赵六']` → `张三、李四、王五等4人` (at most `max` names, then a count). */
export function cnNames(names: readonly string[], max = 3): string {
  const xs = names.map((n) => n.trim()).filter(Boolean);
  if (xs.length <= max) return xs.join('、');
  return `${xs.slice(0, max).join('、')}等${xs.length}人`;
}

/** Chinese ordinal of a list entry: 1 → 一, 12 → 十二 (up to 99). */
export function cnNumeral(n: number): string {
  const d = '零一二三四五六七八九';
  if (!Number.isInteger(n) || n < 0 || n > 99) return String(n);
  if (n < 10) return d[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : d[tens]}十${ones ? d[ones] : ''}`;
}

/** Text ending in Chinese sentence punctuation keeps it; otherwise `。` is added (for free text staff typed). */
export function sentence(text: string): string {
  const t = text.trim();
  if (!t) return t;
  return /[。！？；：…”’）)]$/.test(t) ? t : `${t}。`;
}

/** Trailing sentence punctuation removed, for free text spliced into the middle of a sentence. */
export function clause(text: string): string {
  return text.trim().replace(/[。！？；，、.!?;,]+$/u, '');
}

export type DocLintRule = 'iso_date' | 'calculation' | 'doubled_punctuation' | 'placeholder_left' | 'missing_value';

export interface DocLintFinding {
  rule: DocLintRule;
  /** The offending text with a few characters around it. */
  excerpt: string;
  /** Chinese, says what to fix. */
  message: string;
}

const RULES: readonly { rule: DocLintRule; re: RegExp; message: string }[] = [
  {
    rule: 'iso_date',
    // 2026-12-01, 2026/12/1, 2026.12.01 — formal prose writes 2026年12月1日.
    re: /(?<!\d)\d{4}\s*[-/.．／－]\s*\d{1,2}\s*[-/.．／－]\s*\d{1,2}(?!\d)/gu,
    message: '日期应写作“2026年12月1日”的形式',
  },
  {
    rule: 'calculation',
    // "60 日 + 30 日 = 90 日", "60+30=90": arithmetic belongs to the explanation of a deadline, not to a notice.
    re: /\d+\s*(?:个工作日|日|天)?\s*[+＋=＝]\s*(?:延期\s*)?\d+/gu,
    message: '正文不应出现计算式（如“60日+30日=90日”），只写结果',
  },
  {
    rule: 'doubled_punctuation',
    re: /[。，、；：！？][。，、；：！？]|([（(][）)])/gu,
    message: '标点重复或括号为空',
  },
  {
    rule: 'placeholder_left',
    re: /[{｛][^{}｛｝]{0,30}[}｝]|[{}｛｝]/gu,
    message: '文书中留有未替换的占位符或花括号',
  },
  {
    rule: 'missing_value',
    re: /undefined|null|NaN|\[object Object\]|Invalid Date/gu,
    message: '文书中出现了缺失的值',
  },
];

/**
 * Checks rendered document text. Returns every finding (empty when clean). `…`/`——` are allowed; `……` is one
 * mark. Used by the tests of every shipped template and by the template preview for uploaded ones.
 */
export function lintDocumentText(text: string): DocLintFinding[] {
  const out: DocLintFinding[] = [];
  for (const r of RULES) {
    for (const m of text.matchAll(r.re)) {
      const at = m.index ?? 0;
      const excerpt = text.slice(Math.max(0, at - 8), at + m[0].length + 8).replace(/\s+/g, ' ');
      out.push({ rule: r.rule, excerpt, message: r.message });
    }
  }
  return out;
}
