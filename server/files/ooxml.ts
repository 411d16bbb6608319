/**
 * Office Open XML files (docx, xlsx) checked as what they claim to be, from the zip's central directory and
 * before any parser sees them: a real zip (no overlapping or out-of-file entries, no encryption, no zip64,
 * safe names), bounded entry count and uncompressed size (declared AND actual: inflation stops at the declared
 * size), a compression ratio no honest document reaches, the [Content_Types].xml of the kind with its main
 * part present, and no macros. For workbooks, every sheet's declared dimension, the cells it references and
 * the number of cells are bounded too — a 2 KB file naming cell XFD1048576 would otherwise make a reader walk
 * seventeen billion cells.
 */
import { inflateRawSync } from 'node:zlib';

/** A file that is not an acceptable Office document; the message (Chinese) says why. */
export class OoxmlError extends Error {
  constructor(
    message: string,
    readonly bomb = false,
  ) {
    super(message);
    this.name = 'OoxmlError';
  }
}

export interface OoxmlLimits {
  maxEntries: number;
  /** Sum of the uncompressed sizes of all entries. */
  maxUncompressedBytes: number;
  /** Uncompressed / compressed size of one entry larger than 1 MiB. */
  maxRatio: number;
}

export const DEFAULT_OOXML_LIMITS: OoxmlLimits = {
  maxEntries: 5000,
  maxUncompressedBytes: 200 * 1024 * 1024,
  maxRatio: 200,
};

export interface SheetLimits {
  maxRows: number;
  maxColumns: number;
  /** Cells present in one sheet, and rows × columns of its used range. */
  maxCells: number;
}

export const DEFAULT_SHEET_LIMITS: SheetLimits = { maxRows: 1_048_576, maxColumns: 200, maxCells: 30_000_000 };

interface Entry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const MAIN_TYPES = {
  docx: {
    part: 'word/document.xml',
    type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
    label: 'Word 文档（.docx）',
  },
  xlsx: {
    part: 'xl/workbook.xml',
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml',
    label: 'Excel 工作簿（.xlsx）',
  },
} as const;

export type OoxmlKind = keyof typeof MAIN_TYPES;

/** True when the bytes start like a zip archive (what every OOXML file is). */
export function looksLikeZip(buf: Uint8Array): boolean {
  return buf.length > 4 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04;
}

function readDirectory(zip: Buffer, limits: OoxmlLimits): Entry[] {
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_557); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new OoxmlError('文件不是完整的 zip 结构（Office 文档应为 zip 压缩包），可能已损坏');
  const count = zip.readUInt16LE(eocd + 10);
  const dirSize = zip.readUInt32LE(eocd + 12);
  let p = zip.readUInt32LE(eocd + 16);
  if (count === 0xffff || p === 0xffffffff) throw new OoxmlError('不接受 zip64 格式的文件');
  if (count > limits.maxEntries) throw new OoxmlError(`文件内含 ${count} 个部件，超过上限 ${limits.maxEntries}`, true);
  if (p + dirSize > eocd) throw new OoxmlError('zip 目录位置异常，文件可能已损坏或被构造');
  const entries: Entry[] = [];
  const names = new Set<string>();
  for (let n = 0; n < count; n++) {
    if (p + 46 > eocd || zip.readUInt32LE(p) !== 0x02014b50) throw new OoxmlError('zip 目录已损坏');
    const e: Entry = {
      flags: zip.readUInt16LE(p + 8),
      method: zip.readUInt16LE(p + 10),
      compressedSize: zip.readUInt32LE(p + 20),
      size: zip.readUInt32LE(p + 24),
      localOffset: zip.readUInt32LE(p + 42),
      name: zip.toString('utf8', p + 46, p + 46 + zip.readUInt16LE(p + 28)),
    };
    p += 46 + zip.readUInt16LE(p + 28) + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
    if (e.flags & 0x1) throw new OoxmlError('文件已加密，请去除密码后再上传');
    if (e.size === 0xffffffff || e.compressedSize === 0xffffffff) throw new OoxmlError('不接受 zip64 格式的文件');
    if (e.method !== 0 && e.method !== 8) throw new OoxmlError('文件使用了不支持的压缩方式');
    if (!e.name || e.name.startsWith('/') || e.name.includes('\\') || e.name.split('/').includes('..'))
      throw new OoxmlError(`文件内的部件名「${e.name.slice(0, 60)}」不安全`);
    if (names.has(e.name.toLowerCase())) throw new OoxmlError(`文件内的部件「${e.name.slice(0, 60)}」重复出现`);
    names.add(e.name.toLowerCase());
    entries.push(e);
  }
  // Entries must lie inside the file without overlapping (overlaps are how the smallest zip bombs are built).
  const spans = entries
    .map((e) => {
      if (e.localOffset + 30 > zip.length || zip.readUInt32LE(e.localOffset) !== 0x04034b50)
        throw new OoxmlError('zip 条目位置异常，文件可能已损坏或被构造');
      const start = e.localOffset + 30 + zip.readUInt16LE(e.localOffset + 26) + zip.readUInt16LE(e.localOffset + 28);
      return { e, start, end: start + e.compressedSize };
    })
    .sort((a, b) => a.start - b.start);
  for (let i = 0; i < spans.length; i++) {
    const s = spans[i]!;
    if (s.end > eocd) throw new OoxmlError('zip 条目超出文件范围，文件可能已损坏或被构造');
    if (i > 0 && s.e.localOffset < spans[i - 1]!.end)
      throw new OoxmlError('zip 条目相互重叠（压缩炸弹的构造手法），已拒绝', true);
  }
  let total = 0;
  for (const e of entries) {
    total += e.size;
    if (e.size > 1024 * 1024 && e.size > limits.maxRatio * Math.max(1, e.compressedSize))
      throw new OoxmlError(`部件「${e.name}」的压缩比异常（解压后 ${mb(e.size)}），疑似压缩炸弹，已拒绝`, true);
  }
  if (total > limits.maxUncompressedBytes)
    throw new OoxmlError(
      `文件解压后共 ${mb(total)}，超过上限 ${mb(limits.maxUncompressedBytes)}，疑似压缩炸弹，已拒绝`,
      true,
    );
  return entries;
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

function inflate(zip: Buffer, e: Entry): Buffer {
  const start = e.localOffset + 30 + zip.readUInt16LE(e.localOffset + 26) + zip.readUInt16LE(e.localOffset + 28);
  const data = zip.subarray(start, start + e.compressedSize);
  if (e.method === 0) {
    if (data.length !== e.size) throw new OoxmlError(`部件「${e.name}」的大小与目录不符`);
    return Buffer.from(data);
  }
  let out: Buffer;
  try {
    // Never more than the directory declares: a lying size cannot make the output grow.
    out = inflateRawSync(data, { maxOutputLength: Math.max(1, e.size) });
  } catch {
    throw new OoxmlError(`部件「${e.name}」解压失败或大于目录所声明的大小，文件已损坏或被构造`, true);
  }
  if (out.length !== e.size) throw new OoxmlError(`部件「${e.name}」的大小与目录不符`);
  return out;
}

/** An OOXML package read from its central directory; parts inflate on demand, each bounded. */
export interface OoxmlPackage {
  kind: OoxmlKind;
  names: string[];
  read(name: string): Buffer | null;
}

/**
 * Checks `buf` as a real document of `kind` (see the file comment) and returns its parts. Throws OoxmlError
 * (`bomb` set for size and ratio refusals) with a Chinese message.
 */
export function checkOoxml(buf: Uint8Array, kind: OoxmlKind, limits: OoxmlLimits = DEFAULT_OOXML_LIMITS): OoxmlPackage {
  const zip = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const main = MAIN_TYPES[kind];
  if (!looksLikeZip(zip)) throw new OoxmlError(`文件不是${main.label}`);
  const entries = readDirectory(zip, limits);
  const byName = new Map(entries.map((e) => [e.name, e]));
  const read = (name: string) => {
    const e = byName.get(name);
    return e ? inflate(zip, e) : null;
  };
  const ct = read('[Content_Types].xml');
  if (!ct) throw new OoxmlError(`文件缺少 [Content_Types].xml，不是${main.label}`);
  const types = ct.toString('utf8');
  const overrides = [...types.matchAll(/<Override\b[^>]*>/g)].map((m) => m[0]);
  const mainOverride = overrides.find((o) => new RegExp(`PartName="/${main.part.replace('.', '\\.')}"`).test(o));
  if (!mainOverride || !mainOverride.includes(`ContentType="${main.type}"`))
    throw new OoxmlError(`文件的内容类型不是${main.label}（可能是其他格式或启用宏的文档）`);
  if (!byName.has(main.part)) throw new OoxmlError(`文件缺少主体部件 ${main.part}，不是${main.label}`);
  if (/macroEnabled|vbaProject/i.test(types) || entries.some((e) => /vbaProject\.bin$/i.test(e.name)))
    throw new OoxmlError('不接受含宏的 Office 文件');
  return { kind, names: entries.map((e) => e.name), read };
}

/** Column letters → 1-based number ("A" → 1, "XFD" → 16384). */
function colNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

function cellRef(ref: string): { row: number; col: number } | null {
  const m = /^\$?([A-Z]{1,3})\$?(\d{1,7})$/.exec(ref);
  return m ? { col: colNumber(m[1]!), row: Number(m[2]) } : null;
}

/**
 * Bounds every worksheet of a checked workbook before it is parsed: the declared dimension, the largest row and
 * column any cell names, and the number of cells. Throws OoxmlError saying which sheet and which bound.
 */
export function checkWorkbookBounds(pkg: OoxmlPackage, limits: SheetLimits = DEFAULT_SHEET_LIMITS): void {
  for (const name of pkg.names.filter((n) => /^xl\/worksheets\/[^/]+\.xml$/i.test(n))) {
    const xml = pkg.read(name)!.toString('utf8');
    const sheet = name.replace(/^xl\/worksheets\//, '');
    const over = (what: string) => {
      throw new OoxmlError(
        `工作表 ${sheet} ${what}，超过上限（至多 ${limits.maxRows} 行、${limits.maxColumns} 列、${limits.maxCells} 个单元格），已拒绝`,
        true,
      );
    };
    const dim = /<dimension\b[^>]*\bref="([^"]+)"/.exec(xml)?.[1];
    if (dim) {
      const [a, b] = dim.split(':');
      const end = cellRef(b ?? a ?? '');
      if (end && (end.row > limits.maxRows || end.col > limits.maxColumns || end.row * end.col > limits.maxCells))
        over(`声明的范围为 ${dim}`);
    }
    let cells = 0;
    let maxRow = 0;
    let maxCol = 0;
    for (const m of xml.matchAll(/<(c|row)\b([^>]*)>/g)) {
      const ref = /\br="([^"]+)"/.exec(m[2]!)?.[1];
      if (m[1] === 'row') {
        if (ref && /^\d+$/.test(ref)) maxRow = Math.max(maxRow, Number(ref));
      } else {
        cells++;
        const r = ref ? cellRef(ref) : null;
        if (r) {
          maxRow = Math.max(maxRow, r.row);
          maxCol = Math.max(maxCol, r.col);
        }
      }
      if (maxRow > limits.maxRows || maxCol > limits.maxColumns) over(`引用了第 ${maxRow} 行、第 ${maxCol} 列`);
      if (cells > limits.maxCells) over(`含 ${cells} 个以上的单元格`);
    }
    if (maxRow * Math.max(1, maxCol) > limits.maxCells) over(`的使用范围为 ${maxRow} 行 × ${maxCol} 列`);
  }
}
