/**
 * The .docx template engine: placeholders `{发文字号}`, lists `{#诉求}…{/诉求}`, conditional sections
 * `{#简易办理}…{/简易办理}` and `{^简易办理}…{/简易办理}` (docxtemplater, which joins a placeholder that Word split
 * across runs). Upload validation lives here too: a real Word file, a template that compiles, no unknown
 * placeholder, and every required one present — each refusal a stable code with a Chinese message and details.
 *
 * Safety composes with the upload path's OOXML check (zip structure, bombs, macros), which runs first on the raw
 * bytes; this module adds its own bounds so that it is never the weak link when called alone.
 */
import Docxtemplater from 'docxtemplater';
import PizZip from 'pizzip';
import { DOC_KIND_LABELS, TEMPLATE_MAX_BYTES, type DocKind, type PlaceholderInfo } from '../../contract/documents.ts';
import { AppError } from '../domain/errors.ts';
import { lintDocumentText, type DocLintFinding } from './cn-text.ts';
import { docxParagraphs, docxTextParts } from './docx-text.ts';
import type { DocModel } from './doc-model.ts';
import { placeholderData, placeholderInfo, requiredPlaceholders } from './placeholders.ts';

/** Sum of the uncompressed sizes the zip declares; an honest template is far below. */
const MAX_UNCOMPRESSED = 40 * 1024 * 1024;
const MAX_RATIO = 200;

/** One placeholder as found in a template: its name, the lists it sits in, and whether it opens a section. */
export interface TemplateTag {
  name: string;
  /** Enclosing lists / sections, outermost first. */
  within: string[];
  section: boolean;
  inverted: boolean;
}

interface ParsedPart {
  type: string;
  value: string;
  module?: string;
  inverted?: boolean;
  subparsed?: ParsedPart[];
}

function openZip(buf: Uint8Array): PizZip {
  if (buf.byteLength > TEMPLATE_MAX_BYTES)
    throw new AppError(
      'FILE_TOO_LARGE',
      `模板文件超过 ${TEMPLATE_MAX_BYTES / 1024 / 1024} MB；模板通常只有几十 KB，请删去图片等大内容后再上传`,
    );
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (b.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])))
    throw new AppError('FILE_TYPE', '这是旧版 Word（.doc）文件，请在 Word 或 WPS 中“另存为” .docx 格式后再上传');
  if (!(b.length > 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04))
    throw new AppError('FILE_TYPE', '模板须为 Word（.docx）文件');
  let zip: PizZip;
  try {
    zip = new PizZip(b);
  } catch {
    throw new AppError('FILE_TYPE', 'Word（.docx）文件已损坏，无法打开，请重新保存后上传');
  }
  let total = 0;
  for (const f of Object.values(zip.files)) {
    const d = (f as unknown as { _data?: { uncompressedSize?: number; compressedSize?: number } })._data;
    const size = d?.uncompressedSize ?? 0;
    total += size;
    if (size > 1024 * 1024 && size > MAX_RATIO * Math.max(1, d?.compressedSize ?? 0))
      throw new AppError('FILE_TOO_LARGE', `模板中的部件「${f.name}」压缩比异常，疑似压缩炸弹，已拒绝`);
  }
  if (total > MAX_UNCOMPRESSED) throw new AppError('FILE_TOO_LARGE', '模板解压后过大，疑似压缩炸弹，已拒绝');
  if (!zip.file('word/document.xml') || !zip.file('[Content_Types].xml'))
    throw new AppError('FILE_TYPE', '文件不是 Word（.docx）文档：缺少正文部件');
  if (Object.keys(zip.files).some((n) => /vbaProject\.bin$/i.test(n)))
    throw new AppError('FILE_TYPE', '模板不能含有宏，请另存为不含宏的 .docx 文件');
  return zip;
}

/** Chinese reason for one docxtemplater syntax error. */
function syntaxMessage(e: { properties?: Record<string, unknown> }): string {
  const p = e.properties ?? {};
  const near = typeof p.context === 'string' ? `（附近文字：${p.context.slice(0, 30)}）` : '';
  const tag = typeof p.xtag === 'string' ? p.xtag : '';
  switch (p.id) {
    case 'unclosed_tag':
      return `占位符「{${tag}」缺少右花括号“}”${near}`;
    case 'unopened_tag':
      return `有一个右花括号“}”缺少对应的左花括号“{”${near}`;
    case 'duplicate_open_tag':
      return `左花括号“{”重复${near}`;
    case 'duplicate_close_tag':
      return `右花括号“}”重复${near}`;
    case 'closing_tag_does_not_match_opening_tag':
      return `「{#${String(p.openingtag ?? '')}}」与「{/${String(p.closingtag ?? '')}}」不配对，列表或条件段的开始和结束须同名`;
    case 'unclosed_loop':
      return `「{#${tag}}」没有对应的结束标记「{/${tag}}」`;
    case 'unopened_loop':
      return `「{/${tag}}」没有对应的开始标记「{#${tag}}」`;
    case 'unbalanced_loop_tags':
      return `列表或条件段的开始和结束标记交错${near}`;
    default:
      return `占位符写法有误${near || '，请检查花括号是否成对、开始和结束标记是否同名'}`;
  }
}

function compile(
  zip: PizZip,
  modules: Docxtemplater.DXT.Module[] = [],
  nullGetter?: (part: { value: string }) => string,
): Docxtemplater {
  try {
    return new Docxtemplater(zip, {
      paragraphLoop: true,
      linebreaks: true,
      errorLogging: false,
      modules,
      ...(nullGetter ? { nullGetter: nullGetter as never } : {}),
    });
  } catch (err) {
    const errors = (err as { properties?: { errors?: { properties?: Record<string, unknown> }[] } }).properties?.errors;
    const list = (errors?.length ? errors : [err as { properties?: Record<string, unknown> }]).map(syntaxMessage);
    throw new AppError('TEMPLATE_INVALID', `模板中的占位符写法有误：${list.join('；')}`, { errors: list });
  }
}

/** Every placeholder a template uses. Throws FILE_TYPE / FILE_TOO_LARGE / TEMPLATE_INVALID (syntax). */
export function inspectTemplate(buf: Uint8Array): TemplateTag[] {
  const zip = openZip(buf);
  // The compiled tree of every templated part (body, headers, footers), lists and sections nested.
  const doc = compile(zip) as unknown as { compiled: Record<string, { postparsed: ParsedPart[] }> };
  const tags: TemplateTag[] = [];
  const walk = (parts: readonly ParsedPart[], within: string[]) => {
    for (const p of parts) {
      if (p.type !== 'placeholder') continue;
      const section = p.module === 'loop';
      tags.push({ name: p.value.trim(), within, section, inverted: p.inverted === true });
      if (p.subparsed) walk(p.subparsed, [...within, p.value.trim()]);
    }
  };
  for (const part of Object.values(doc.compiled)) walk(part.postparsed, []);
  return tags;
}

export interface TemplateCheck {
  tags: TemplateTag[];
  /** Text lint of the template itself (full-width braces are refused before this). */
  findings: DocLintFinding[];
}

/**
 * Validates an uploaded template of `kind`. Refuses, with details the admin screen shows:
 * - FILE_TYPE / FILE_TOO_LARGE: not a Word .docx, too large, a zip bomb, macros;
 * - TEMPLATE_INVALID: a placeholder written wrongly (full-width braces, unbalanced braces, unpaired sections) or
 *   unknown to this kind (a typo would print nothing) — `details.errors` / `details.unknown`;
 * - TEMPLATE_PLACEHOLDERS_MISSING: a required placeholder absent — `details.missing` (names, labels).
 */
export function validateTemplate(buf: Uint8Array, kind: DocKind): TemplateCheck {
  openZip(buf);
  const raw = docxTextParts(buf)
    .flatMap((part) => docxParagraphs(buf, [part]))
    .join('\n');
  const fullWidth = /[｛｝]/.exec(raw);
  if (fullWidth)
    throw new AppError(
      'TEMPLATE_INVALID',
      `占位符须用半角花括号“{ }”书写，模板中有全角的“${fullWidth[0]}”` +
        `（附近文字：${raw.slice(Math.max(0, fullWidth.index - 8), fullWidth.index + 10)}）`,
      { errors: ['全角花括号'] },
    );
  const tags = inspectTemplate(buf);
  const known = placeholderInfo(kind);
  const top = new Map(known.map((p) => [p.name, p]));
  const unknown: string[] = [];
  for (const t of tags) {
    const inList = t.within.flatMap((w) => top.get(w)?.fields ?? []);
    const ok = top.has(t.name) || inList.some((f) => f.name === t.name);
    if (!ok && !unknown.includes(t.name)) unknown.push(t.name);
  }
  const label = DOC_KIND_LABELS[kind];
  if (unknown.length)
    throw new AppError(
      'TEMPLATE_INVALID',
      `「${label}」模板中有无法识别的占位符：${unknown.map((u) => `{${u}}`).join('、')}。请对照占位符说明检查拼写（列表内的占位符须写在对应的列表标记之间）`,
      { unknown, available: known.map((p) => p.name) },
    );
  const used = new Set(tags.map((t) => t.name));
  const missing = requiredPlaceholders(kind).filter((n) => !used.has(n));
  if (missing.length) {
    const info = (n: string) => top.get(n) as PlaceholderInfo;
    throw new AppError(
      'TEMPLATE_PLACEHOLDERS_MISSING',
      `「${label}」模板缺少必需的占位符：${missing.map((n) => `{${n}}（${info(n).label}）`).join('、')}`,
      { missing: missing.map((n) => ({ name: n, label: info(n).label })) },
    );
  }
  return { tags, findings: lintDocumentText(raw.replace(/\{[^{}]*\}/g, '某')) };
}

export interface RenderedDocument {
  content: Buffer;
  /** Paragraph texts of body, headers and footers, as a reader sees them. */
  paragraphs: string[];
  /** Placeholders the data had no value for (an uploaded template checked before upload never has any). */
  missing: string[];
  /** The formal-text lint of the rendered text. */
  findings: DocLintFinding[];
}

/** Renders a template with raw data (Chinese placeholder names → values). */
export function renderTemplate(template: Uint8Array, data: Record<string, unknown>): RenderedDocument {
  const zip = openZip(template);
  const missing: string[] = [];
  const doc = compile(zip, [], (part) => {
    if (part.value && !missing.includes(part.value)) missing.push(part.value);
    return '';
  });
  doc.render(data);
  const content = doc.toBuffer({ compression: 'DEFLATE' });
  const paragraphs = docxTextParts(content).flatMap((part) => docxParagraphs(content, [part]));
  return { content, paragraphs, missing, findings: lintDocumentText(paragraphs.join('\n')) };
}

/** Renders one document model through a template of its kind. */
export function renderDocument(template: Uint8Array, model: DocModel): RenderedDocument {
  return renderTemplate(template, placeholderData(model));
}
