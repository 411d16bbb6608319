import {
  CHANNELS,
  LEVELS,
  PURPOSES,
  ROUTE_KINDS,
  SATISFACTION,
  type Channel,
  type Level,
  type Purpose,
  type RouteKind,
  type Satisfaction,
} from '../../contract/enums.ts';
import { checkIdNumber, checkPhone } from '../../contract/id-number.ts';
import type { Petitioner } from '../domain/item.ts';
import { nearestClass } from '../domain/taxonomy.ts';
import type { RawTable } from './import-table.ts';

/** The columns an import file may carry (order free). */
export const IMPORT_COLUMNS = [
  '信访件编号',
  '登记日期',
  '信访形式',
  '登记机构',
  '信访人',
  '证件号码',
  '联系电话',
  '人数',
  '信访目的',
  '内容分类',
  '是否涉法涉诉',
  '问题属地',
  '标题',
  '诉求内容',
  '责任单位',
  '责任单位属地',
  '是否重复信访',
  '处理方式',
  '受理日期',
  '办结日期',
  '处理结果',
  '满意度',
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];
const REQUIRED: readonly ImportColumn[] = ['信访件编号', '登记日期', '信访形式'];

/** One bad cell: the spreadsheet row number (header = 1), the column, and why. */
export interface ImportProblem {
  row: number;
  column: string;
  reason: string;
}

/** A validated row, ready to become an item. */
export interface ImportRow {
  rowNumber: number;
  number: string;
  registeredOn: string;
  channel: Channel;
  level: Level;
  petitioner: Petitioner | null;
  headCount: number;
  purpose: Purpose;
  classCode: string | null;
  classPath: string | null;
  /** The file's class text when it is not a local path (mapped by name or to its deepest known ancestor). */
  upstreamClass: string | null;
  legal: boolean;
  place: string | null;
  title: string;
  content: string;
  unitName: string | null;
  unitInside: boolean;
  /** null: not given, the product decides (repeat check). */
  isRepeat: boolean | null;
  routeKind: RouteKind | null;
  acceptedOn: string | null;
  closedOn: string | null;
  /** 处理结果: the text of the answer given when the item closed. */
  result: string | null;
  satisfaction: Satisfaction | null;
}

const CHANNEL_ALIASES: Readonly<Record<string, Channel>> = {
  网上信访: '网上投诉',
  信息网络: '网上投诉',
  书信: '来信',
  走访: '来访',
};
const LEVEL_ALIASES: Readonly<Record<string, Level>> = {
  国家级: '国家',
  省级: '省',
  市级: '市',
  区级: '区',
  '县(区)级': '区',
  县级: '区',
};

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * A date cell: YYYY-MM-DD, YYYY/M/D (or YYYY-M-D, YYYY.M.D), or an Excel serial day number.
 * Returns null for an empty cell and 'invalid' for anything else (including 2025-02-30).
 */
export function parseImportDate(s: string): string | null | 'invalid' {
  const t = s.trim();
  if (!t) return null;
  let y: number, m: number, d: number;
  const ymd = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(t);
  if (ymd) {
    [y, m, d] = [Number(ymd[1]), Number(ymd[2]), Number(ymd[3])];
  } else if (/^\d{5}(\.\d+)?$/.test(t)) {
    const dt = new Date(Date.UTC(1899, 11, 30) + Math.floor(Number(t)) * 86_400_000);
    [y, m, d] = [dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate()];
  } else {
    return 'invalid';
  }
  const iso = `${y}-${pad(m)}-${pad(d)}`;
  const check = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(check.getTime()) && check.toISOString().slice(0, 10) === iso ? iso : 'invalid';
}

function yesNo(s: string): boolean | null | 'invalid' {
  const t = s.trim();
  if (!t) return null;
  if (t === '是') return true;
  if (t === '否') return false;
  return 'invalid';
}

export interface ValidateRefs {
  /** Taxonomy path ("一级/二级[/三级]") → code and path. */
  classByPath: ReadonlyMap<string, { code: string; path: string }>;
  /** The administrator's name mappings: an upstream class path → the local class it is imported as. */
  classByUpstream?: ReadonlyMap<string, { code: string; path: string }>;
  /** Names of the units that exist; a row naming another unit is bad unless `createUnits`. */
  unitNames?: ReadonlySet<string>;
  createUnits?: boolean;
  today: string;
}

/** An upstream class path the local tree lacks, imported as its deepest known ancestor. */
export interface ClassMapping {
  upstream: string;
  local: string;
  rows: number;
  firstRow: number;
}

export interface Validated {
  rows: ImportRow[];
  problems: ImportProblem[];
  /** Whole-file remarks (unknown columns), written to stderr. */
  warnings: string[];
  /** Rows (by number) that had at least one problem. */
  badRows: number;
}

/** Checks rows one at a time against a header: the import streams a file through it (twice: check, then write). */
export interface RowValidator {
  /** Whole-file remarks (unknown columns). */
  warnings: string[];
  /** Upstream class paths mapped to a known ancestor, by upstream path (warnings, not bad rows). */
  mappings: Map<string, ClassMapping>;
  /** Required columns missing from the header (row 1): no row can be checked. */
  missing: ImportProblem[];
  /** The row as an item's fields, or every problem it has. Remembers numbers to refuse duplicates in the file. */
  check(cells: readonly string[], row: number): ImportRow | ImportProblem[];
}

/** A validator for files with this header. */
export function rowValidator(header: readonly string[], refs: ValidateRefs): RowValidator {
  const warnings: string[] = [];
  const index = new Map<string, number>();
  header.forEach((h, i) => {
    if ((IMPORT_COLUMNS as readonly string[]).includes(h)) index.set(h, i);
    else if (h) warnings.push(`未识别的列「${h}」已忽略`);
  });
  const missing = REQUIRED.filter((c) => !index.has(c)).map((c) => ({
    row: 1,
    column: c,
    reason: `缺少必填列「${c}」`,
  }));
  const seen = new Map<string, number>();
  const mappings = new Map<string, ClassMapping>();
  const check = (cells: readonly string[], row: number): ImportRow | ImportProblem[] => {
    const bad: ImportProblem[] = [];
    const get = (c: ImportColumn) => {
      const i = index.get(c);
      return i === undefined ? '' : (cells[i] ?? '').trim();
    };
    const err = (column: ImportColumn, reason: string) => bad.push({ row, column, reason });
    const date = (c: ImportColumn) => {
      const v = parseImportDate(get(c));
      if (v === 'invalid') {
        err(c, `日期「${get(c)}」无效，应为 YYYY-MM-DD 或 YYYY/M/D`);
        return null;
      }
      if (v && v > refs.today) {
        err(c, `日期 ${v} 晚于今天`);
        return null;
      }
      return v;
    };
    const flag = (c: ImportColumn) => {
      const v = yesNo(get(c));
      if (v === 'invalid') {
        err(c, `应填「是」或「否」，收到「${get(c)}」`);
        return null;
      }
      return v;
    };
    const number = get('信访件编号');
    if (!number) err('信访件编号', '信访件编号不能为空');
    else if (seen.has(number)) err('信访件编号', `与第 ${seen.get(number)} 行编号重复`);
    else seen.set(number, row);
    const registeredOn = date('登记日期');
    if (!get('登记日期')) err('登记日期', '登记日期不能为空');
    const ch = get('信访形式');
    const channel = (CHANNELS as readonly string[]).includes(ch) ? (ch as Channel) : CHANNEL_ALIASES[ch];
    if (!channel) err('信访形式', `「${ch}」不是有效的信访形式（${CHANNELS.join('/')}）`);
    const lv = get('登记机构') || '区';
    const level = (LEVELS as readonly string[]).includes(lv) ? (lv as Level) : LEVEL_ALIASES[lv];
    if (!level) err('登记机构', `「${lv}」不是有效的登记机构（国家/省/市/区）`);
    let idNumber: string | null = get('证件号码') || null;
    if (idNumber) {
      const c = checkIdNumber(idNumber, { today: refs.today });
      if (c.ok) idNumber = c.normalized;
      else err('证件号码', c.message);
    }
    let phone: string | null = get('联系电话') || null;
    if (phone) {
      const c = checkPhone(phone);
      if (c.ok) phone = c.normalized;
      else err('联系电话', c.message);
    }
    const name = get('信访人');
    const hc = get('人数') || '1';
    const headCount = Number(hc);
    if (!Number.isInteger(headCount) || headCount < 1 || headCount > 10000) err('人数', `人数「${hc}」应为正整数`);
    const pu = get('信访目的') || '其他';
    if (!(PURPOSES as readonly string[]).includes(pu))
      err('信访目的', `「${pu}」不是有效的信访目的（${PURPOSES.join('/')}）`);
    const cp = get('内容分类').replace(/\s*\/\s*/g, '/');
    const named = cp ? refs.classByUpstream?.get(cp) : undefined;
    const near = cp && !named ? nearestClass(cp, refs.classByPath) : null;
    const cls = named ?? near ?? undefined;
    if (cp && !cls)
      err('内容分类', `内容分类「${cp}」的一级分类不在分类表中，请在分类体系中新增该分类或设置名称对应后重试`);
    const legal = flag('是否涉法涉诉');
    const content = get('诉求内容');
    const title = get('标题') || content.slice(0, 30);
    if (!title) err('标题', '标题和诉求内容不能都为空');
    const unitName = get('责任单位') || null;
    if (unitName && refs.unitNames && !refs.unitNames.has(unitName) && !refs.createUnits)
      err(
        '责任单位',
        `责任单位「${unitName}」不在单位表中，请先在系统管理中添加该单位，或导入时选择新建单位（--create-units）`,
      );
    const ua = get('责任单位属地') || '本区';
    if (ua !== '本区' && ua !== '外区') err('责任单位属地', `应填「本区」或「外区」，收到「${ua}」`);
    const isRepeat = flag('是否重复信访');
    const rk = get('处理方式');
    const routeKind = rk ? ((ROUTE_KINDS as readonly string[]).includes(rk) ? (rk as RouteKind) : null) : null;
    if (rk && !routeKind) err('处理方式', `「${rk}」不是有效的处理方式（${ROUTE_KINDS.join('/')}）`);
    if ((routeKind === '转送' || routeKind === '交办') && !unitName)
      err('责任单位', `处理方式为${routeKind}时须填写责任单位`);
    const acceptedOn = date('受理日期');
    const closedOn = date('办结日期');
    if (acceptedOn && routeKind !== '转送' && routeKind !== '交办') err('受理日期', '只有转送、交办的事项才有受理日期');
    if (acceptedOn && registeredOn && acceptedOn < registeredOn)
      err('受理日期', `受理日期 ${acceptedOn} 早于登记日期 ${registeredOn}`);
    if (closedOn && registeredOn && closedOn < registeredOn)
      err('办结日期', `办结日期 ${closedOn} 早于登记日期 ${registeredOn}`);
    if (closedOn && acceptedOn && closedOn < acceptedOn)
      err('办结日期', `办结日期 ${closedOn} 早于受理日期 ${acceptedOn}`);
    if (closedOn && (routeKind === '转送' || routeKind === '交办') && !acceptedOn)
      err('受理日期', '已办结的转送、交办事项须填写受理日期');
    if (closedOn && !routeKind) err('处理方式', '已办结的事项须填写处理方式');
    if (closedOn && routeKind && ['存', '不予受理', '不再受理'].includes(routeKind))
      err('办结日期', `处理方式为${routeKind}的事项不应有办结日期`);
    const result = get('处理结果') || null;
    if (result && !closedOn) err('处理结果', '未办结的事项不能有处理结果，请填写办结日期或清空处理结果');
    const sat = get('满意度');
    const satisfaction = sat
      ? (SATISFACTION as readonly string[]).includes(sat)
        ? (sat as Satisfaction)
        : null
      : null;
    if (sat && !satisfaction) err('满意度', `「${sat}」不是有效的满意度（${SATISFACTION.join('/')}）`);
    if (satisfaction && !closedOn) err('满意度', '未办结的事项不能有满意度评价');
    if (bad.length) return bad;
    if (near?.mapped) {
      const m = mappings.get(cp);
      if (m) m.rows++;
      else mappings.set(cp, { upstream: cp, local: near.path, rows: 1, firstRow: row });
    }
    return {
      rowNumber: row,
      number,
      registeredOn: registeredOn!,
      channel: channel!,
      level: level!,
      petitioner:
        name || idNumber || phone
          ? { name: name || '（未填写）', idNumber, idVerified: idNumber !== null, phone, address: null }
          : null,
      headCount,
      purpose: pu as Purpose,
      classCode: cls?.code ?? null,
      classPath: cls?.path ?? null,
      upstreamClass: cls && cls.path !== cp ? cp : null,
      legal: legal === true,
      place: get('问题属地') || null,
      title: title.slice(0, 200),
      content,
      unitName,
      unitInside: !unitName || ua !== '外区',
      isRepeat,
      routeKind,
      acceptedOn,
      closedOn,
      result,
      satisfaction,
    };
  };
  return { warnings, mappings, missing, check };
}

/** Checks every row and lists every problem (row, column, reason); never stops at the first. */
export function validateRows(table: RawTable, refs: ValidateRefs): Validated {
  const v = rowValidator(table.header, refs);
  if (v.missing.length) return { rows: [], problems: v.missing, warnings: v.warnings, badRows: 0 };
  const rows: ImportRow[] = [];
  const problems: ImportProblem[] = [];
  let badRows = 0;
  table.rows.forEach((cells, k) => {
    const r = v.check(cells, table.rowNumbers[k] ?? k + 2);
    if (Array.isArray(r)) {
      problems.push(...r);
      badRows++;
    } else rows.push(r);
  });
  return { rows, problems, warnings: v.warnings, badRows };
}
