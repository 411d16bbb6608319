import PizZip from 'pizzip';

/**
 * Reads the text of a .docx the way a person reads it: one string per paragraph (body, tables, headers and
 * footers), tabs and line breaks kept, XML entities decoded. Used to lint rendered documents and by the tests
 * that read every generated document back.
 */
export function docxParagraphs(buf: Uint8Array, parts: readonly string[] = ['word/document.xml']): string[] {
  const zip = new PizZip(buf);
  const out: string[] = [];
  for (const name of parts) {
    const xml = zip.file(name)?.asText();
    if (!xml) continue;
    for (const p of xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>|<w:p\/>/g)) out.push(paragraphText(p[0]));
  }
  return out;
}

/** Every part of the package that holds document text (body, headers, footers), in a stable order. */
export function docxTextParts(buf: Uint8Array): string[] {
  const zip = new PizZip(buf);
  const names = Object.keys(zip.files).filter((n) => /^word\/(document|header\d*|footer\d*)\.xml$/.test(n));
  return names.sort((a, b) => (a === 'word/document.xml' ? -1 : b === 'word/document.xml' ? 1 : a < b ? -1 : 1));
}

/** The whole text of the body, paragraphs separated by newlines. */
export function docxText(buf: Uint8Array): string {
  return docxParagraphs(buf).join('\n');
}

function paragraphText(xml: string): string {
  let s = '';
  // Tab stops in the paragraph properties are layout, not text.
  const content = xml.replace(/<w:pPr>[\s\S]*?<\/w:pPr>/g, '');
  for (const m of content.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:tab\/>|<w:br\/>|<w:(?:br|tab)\s[^>]*\/>/g)) {
    if (m[1] !== undefined) s += decode(m[1]);
    else if (m[0].startsWith('<w:tab')) s += '\t';
    else s += '\n';
  }
  return s;
}

function decode(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_m, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_m, h: string) => String.fromCodePoint(Number.parseInt(h, 16)))
    .replace(/&amp;/g, '&');
}
