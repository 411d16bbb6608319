import { idCheckChar } from '../contract/id-number.ts';

export const HEADER = [
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
  '满意度',
];

/** A valid 18-digit ID number for a test person. */
export function idNumberOf(i: number): string {
  const first17 = `110101198${i % 10}0${1 + (i % 9)}1${i % 10}${String(100 + (i % 900)).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 text of a header and rows. */
export function toCsv(rows: string[][]): string {
  return `${rows.map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
}

const CH = ['网上投诉', '来访', '来信', '电话', '传真', '网上投诉'];
const LV = ['区', '市', '省', '国家', '区'];
const CL = [
  '城乡建设/物业管理',
  '劳动和社会保障/工资福利',
  '经济管理/市场监管',
  '环境保护/噪声污染',
  '经济管理/金融',
  '',
];
const UNITS: [string, string][] = [
  ['区住建局', '本区'],
  ['区人社局', '本区'],
  ['市公积金中心', '外区'],
  ['区市场监管局', '本区'],
];

/** `n` valid import rows (as objects keyed by column) with varied channels, levels, classes and outcomes. */
export function importRows(n: number, numberPrefix = '导测'): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  for (let i = 0; i < n; i++) {
    const [unit, area] = UNITS[i % UNITS.length]!;
    const kind = ['转送', '交办', '转送', '直接回复', '不予受理', '存', '转送'][i % 7]!;
    const routed = kind === '转送' || kind === '交办';
    const accepted = routed && i % 3 !== 2;
    const closed = (accepted && i % 2 === 0) || kind === '直接回复';
    const day = String(1 + (i % 28)).padStart(2, '0');
    out.push({
      信访件编号: `${numberPrefix}〔2025〕${String(i + 1).padStart(5, '0')}号`,
      登记日期: i % 5 === 0 ? `2025/3/${1 + (i % 28)}` : `2025-03-${day}`,
      信访形式: CH[i % CH.length]!,
      登记机构: LV[i % LV.length]!,
      信访人: `测试人${i}`,
      证件号码: idNumberOf(i),
      联系电话: `1380000${String(1000 + i).slice(-4)}`,
      人数: '1',
      信访目的: '求决',
      内容分类: CL[i % CL.length]!,
      是否涉法涉诉: i % 8 === 3 ? '是' : '否',
      问题属地: '城关街道',
      标题: `测试事项${i}`,
      诉求内容: `关于事项${i}的诉求，"含引号",以及逗号\n第二行`,
      责任单位: routed || kind === '直接回复' ? unit : '',
      责任单位属地: area,
      是否重复信访: i % 4 === 1 ? '是' : '否',
      处理方式: kind,
      受理日期: accepted ? `2025-04-${day}` : '',
      办结日期: closed ? (kind === '直接回复' ? `2025-03-${day}` : `2025-05-${day}`) : '',
      满意度: closed ? ['满意', '基本满意', '不满意', '未评价'][i % 4]! : '',
    });
  }
  return out;
}

/** CSV text of rows (objects) with the standard header, optionally with extra columns. */
export function csvOf(rows: Record<string, string>[], header: string[] = HEADER): string {
  return toCsv([header, ...rows.map((r) => header.map((h) => r[h] ?? ''))]);
}
