/**
 * The "攻坚行动进展" section of the situation report: a paragraph with every number of the board filled in, and
 * the same figures as a table (目标 / 目标值 / 当前值 / 构成 / 完成情况) for the Word and Excel writers.
 */
import type { TargetKind } from '../../contract/campaign.ts';
import { dateCn, monthDayCn } from './cn-text.ts';
import type { Board, TargetValue, UnitSplit } from './campaign-board.ts';

export const SECTION_TITLE = '攻坚行动进展';

const pct = (x: number) => x.toFixed(1);

function verdict(t: TargetValue, ended: boolean): string {
  if (t.met === null) return '暂无法评估';
  if (ended) return t.met ? '完成目标' : '未完成目标';
  return t.met ? '目前达到目标' : '目前尚未达到目标';
}

function targetText(t: TargetValue): string {
  switch (t.kind) {
    case 'reduce_total':
      return t.target < 0 ? `下降${pct(-t.target)}%以上` : `增幅不超过${pct(t.target)}%`;
    case 'curb_new':
      return `不超过${t.target}件`;
    default:
      return `不低于${pct(t.target)}%`;
  }
}

const count = (t: TargetValue, key: string) => t.parts.find((p) => p.key === key)?.count ?? 0;

function sentence(t: TargetValue, ended: boolean): string {
  const goal = `目标为${targetText(t)}，${verdict(t, ended)}`;
  switch (t.kind) {
    case 'reduce_total': {
      const cur = count(t, 'current');
      const prev = count(t, 'previous');
      if (t.value === null) return `降总量方面，受理信访事项${cur}件，上年同期无受理事项，无法计算同比；${goal}。`;
      const dir = t.value < 0 ? `下降${pct(-t.value)}%` : t.value > 0 ? `增长${pct(t.value)}%` : '持平';
      return `降总量方面，受理信访事项${cur}件，较上年同期（${prev}件）${dir}；${goal}。`;
    }
    case 'resolve_backlog': {
      const stock = count(t, 'stock');
      if (stock === 0) return `化存量方面，行动开始时无存量积案；${goal}。`;
      return `化存量方面，行动开始时存量积案${stock}件，已化解、已终结${count(t, 'resolved')}件，化解率${pct(t.value!)}%；${goal}。`;
    }
    case 'curb_new':
      return `遏增量方面，新增重复信访${count(t, 'repeats')}件、新认定积案${count(t, 'newCases')}件，合计${t.value}件；${goal}。`;
    case 'first_time_resolved': {
      const decided = count(t, 'decided');
      if (decided === 0) return `初信初访尚无办理结果，一次性化解率暂无法计算；${goal}。`;
      return `初信初访一次性化解率${pct(t.value!)}%（已有办理结果的${decided}件中一次性化解${count(t, 'resolvedOnce')}件）；${goal}。`;
    }
  }
}

/** Units behind a rate target (their own value misses the district's target), worst first, at most three. */
function behind(kind: TargetKind, units: readonly UnitSplit[]): string | null {
  const rows = units
    .filter((u) => u.unitId !== null)
    .flatMap((u) => {
      const t = u.targets.find((x) => x.kind === kind);
      return t && t.value !== null && t.met === false
        ? [{ unit: u.unit, value: t.value, atMost: t.comparator === '≤' }]
        : [];
    })
    .sort((a, b) => (a.atMost ? b.value - a.value : a.value - b.value))
    .slice(0, 3);
  return rows.length ? rows.map((r) => `${r.unit}（${pct(r.value)}%）`).join('、') : null;
}

/** Units with the most new repeat petitions and 积案 (at most three with any). */
function mostNew(units: readonly UnitSplit[]): string | null {
  const rows = units
    .filter((u) => u.unitId !== null)
    .map((u) => ({ unit: u.unit, n: u.targets.find((x) => x.kind === 'curb_new')?.value ?? 0 }))
    .filter((r) => r.n > 0)
    .sort((a, b) => b.n - a.n || a.unit.localeCompare(b.unit, 'zh-CN'))
    .slice(0, 3);
  return rows.length ? rows.map((r) => `${r.unit}（${r.n}件）`).join('、') : null;
}

/** The section's paragraph. */
export function campaignSectionText(b: Board): string {
  const c = b.campaign;
  const head = `「${c.name}」（${dateCn(c.from)}至${dateCn(c.to)}）`;
  if (!b.span) return `${head}将于${dateCn(c.from)}启动。`;
  const ended = b.state === 'ended';
  let s = ended ? `${head}已结束。` : `${head}开展以来，截至${monthDayCn(b.span.to)}：`;
  s += b.targets.map((t) => sentence(t, ended)).join('');
  const lines: string[] = [];
  const LABEL: Partial<Record<TargetKind, string>> = {
    reduce_total: '受理量同比未达到压降目标的单位有',
    resolve_backlog: '积案化解率低于目标的单位有',
    first_time_resolved: '初信初访一次性化解率低于目标的单位有',
  };
  for (const t of b.targets) {
    const label = LABEL[t.kind];
    const who = label ? behind(t.kind, b.byUnit) : null;
    if (label && who) lines.push(`${label}${who}`);
  }
  const news = b.targets.some((t) => t.kind === 'curb_new') ? mostNew(b.byUnit) : null;
  if (news) lines.push(`新增重复信访和积案较多的单位有${news}`);
  if (lines.length) s += `分单位看，${lines.join('；')}。`;
  if (b.notAccepted.count) s += `另有不予受理、不再受理事项${b.notAccepted.count}件，未计入受理总量。`;
  return s;
}

export const SECTION_COLUMNS = ['目标', '目标值', '当前值', '构成', '完成情况'] as const;

/** The section's table: one row per target, cells as text. */
export function campaignSectionTable(b: Board): string[][] {
  const ended = b.state === 'ended';
  return b.targets.map((t) => [
    t.label,
    `${t.comparator} ${t.unit === '%' ? `${pct(t.target)}%` : `${t.target}件`}`,
    t.value === null ? '—' : t.unit === '%' ? `${pct(t.value)}%` : `${t.value}件`,
    t.parts.map((p) => `${p.label}${p.count}件`).join('，'),
    verdict(t, ended),
  ]);
}
