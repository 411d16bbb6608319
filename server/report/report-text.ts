import type { Change, PeriodFigures, Report, SplitEntry } from './report.ts';
import { dateCn } from '../domain/cn-text.ts';
import { pct, rateOf } from '../domain/shares.ts';

const CN_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** Small counts in Chinese numerals (前四, 前十二); larger ones stay Arabic. */
export function cnNumber(n: number): string {
  if (n >= 0 && n <= 10) return CN_DIGITS[n]!;
  if (n < 20) return `十${CN_DIGITS[n - 10]}`;
  if (n < 100 && n % 10 === 0) return `${CN_DIGITS[n / 10]}十`;
  if (n < 100) return `${CN_DIGITS[Math.floor(n / 10)]}十${CN_DIGITS[n % 10]}`;
  return String(n);
}

const LEVEL_LABEL: Record<string, string> = { 国家: '国家级登记', 省: '省级登记', 市: '市级登记', 区: '区级登记' };

function list(entries: readonly SplitEntry[], label: (k: string) => string = (k) => k): string {
  return entries.map((e) => `${label(e.key)}${e.count}件、占比${pct(e.share)}%`).join('，');
}

function changeText(c: Change, word: string): string {
  if (c.rate === null) return c.current === 0 ? `${word}持平（均为0件）` : `无法计算${word}（对比期为0件）`;
  if (c.diff === 0) return `${word}持平`;
  return `${word}${c.diff > 0 ? '增长' : '下降'}${pct(Math.abs(c.rate))}%`;
}

/** The figures of one period as the speech recites them (no comparison). */
export function figuresText(f: PeriodFigures): string {
  const units = f.topUnits.map((u) => `${u.unit}（${u.count}件）`).join('、');
  const unitPart = f.topUnits.length
    ? `从责任单位案件量看，数量排名前${cnNumber(f.topUnits.length)}的单位分别为${units}。`
    : '从责任单位案件量看，暂无已交转责任单位的事项。';
  return (
    `${dateCn(f.period.from)}至${dateCn(f.period.to)}，共受理信访事项${f.total}件，` +
    `其中初信初访${f.firstTime.count}件，占比${pct(f.firstTime.share)}%，重复信访${f.repeat.count}件，占比${pct(f.repeat.share)}%。` +
    `其余${f.outsideDistrict.count}件责任单位不属于我区。` +
    `从信访层级看，${list(f.byLevel, (k) => LEVEL_LABEL[k] ?? k)}；` +
    `从信访渠道看，${list(f.byChannel)}；` +
    `从诉求领域看，${list(f.byDomain)}；` +
    unitPart +
    visitText(f) +
    ratingText(f) +
    (f.notAccepted ? `另有不予受理、不再受理事项${f.notAccepted}件，未计入受理总量。` : '')
  );
}

/** 来访 by 批次/人次, 集体访 (来访 ≥ 5 人) and 联名 apart, and 导入法律程序 apart. */
function visitText(f: PeriodFigures): string {
  const { visits: v, collectiveVisits: c, jointPetitions: j } = f.visitCounts;
  return (
    `来访${v.batches}批${v.persons}人次，其中集体访${c.batches}批${c.persons}人次；联名信访${j.batches}件${j.persons}人次。` +
    (f.legalChannel ? `导入法律程序${f.legalChannel}件。` : '')
  );
}

/**
 * 满意率 and where the ratings came from: the petitioner's own rating online and the 回访 records (each with who
 * and when); ratings whose source was not recorded (imported) are named apart, so the figure never hides them.
 */
function ratingText(f: PeriodFigures): string {
  const sat = f.indicators.满意率;
  if (sat.denominator === 0) return '';
  const part = (group: string, label: string) => {
    const ps = f.satisfactionBySource.filter((p) => p.group === group);
    const rated = ps.reduce((a, p) => a + p.rated, 0);
    if (rated === 0) return null;
    const satisfied = ps.reduce((a, p) => a + p.satisfied, 0);
    return `${label}${rated}件、满意率${pct(rateOf(satisfied, rated) ?? 0)}%`;
  };
  const parts = [
    part('网上自评', '信访人网上自评'),
    part('回访', '回访中信访人表示'),
    part('来源未记录', '评价来源未记录'),
  ].filter((x) => x !== null);
  return `从评价情况看，已评价${sat.denominator}件，满意率${pct(sat.rate ?? 0)}%，` + `其中${parts.join('，')}。`;
}

/** The full paragraph, with the comparison sentence (环比 / 同比) when the report has one. */
export function reportText(r: Report): string {
  let s = figuresText(r);
  const c = r.comparison;
  if (c) {
    const word = c.kind === 'prev' ? '环比' : '同比';
    const ch = c.changes;
    s +=
      `与${dateCn(c.period.from)}至${dateCn(c.period.to)}（${c.total}件）相比，受理总量${changeText(ch.total, word)}，` +
      `其中初信初访${changeText(ch.firstTime, word)}，重复信访${changeText(ch.repeat, word)}。`;
  }
  return s;
}
