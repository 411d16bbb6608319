import { DOMAIN_CLASS_PATHS, type ReportDomain } from '../../contract/report-buckets.ts';
/**
 * Content classification (内容分类): a three-level tree. Codes are dotted positions ("08", "08.03",
 * "08.03.01") so that a prefix match selects a subtree in SQL. The seed follows the first level seen in
 * provincial systems (DOMAIN.md) with the common second levels; administrators extend it.
 */
export interface TaxonomyNode {
  code: string;
  name: string;
  parent: string | null;
  level: 1 | 2 | 3;
  /** The 诉求领域 this class is mapped to explicitly; null: as its parent (a first level mapped nowhere: 其他). */
  domain: ReportDomain | null;
}

const TREE: ReadonlyArray<[string, string[]]> = [
  ['政法', ['诉讼', '社会治安', '法律服务', '公安执法', '检察', '司法行政']],
  ['科技与信息产业', ['通信', '网络安全', '科技管理']],
  ['纪检监察', ['违纪违法', '作风问题']],
  ['党务政务', ['政务服务', '政府信息公开', '机关作风']],
  ['国土资源', ['土地征收', '土地权属', '矿产资源']],
  ['教育文体', ['教育管理', '招生入学', '文化体育', '教师待遇']],
  ['劳动和社会保障', ['劳动关系', '工资福利', '社会保险', '就业培训']],
  [
    '城乡建设',
    ['住房保障与房地产', '国有土地上房屋征收与补偿', '物业管理', '城市建设和市政管理', '建筑施工', '城市管理执法'],
  ],
  ['农村农业', ['农村土地承包', '村务管理', '农业生产']],
  ['卫生计生', ['医疗纠纷', '医疗保障', '公共卫生']],
  ['环境保护', ['噪声污染', '大气污染', '水污染', '固体废物']],
  ['交通运输', ['道路交通', '公共交通', '出租车与网约车']],
  ['民政', ['社会救助', '养老服务', '婚姻登记', '殡葬管理']],
  ['经济管理', ['市场监管', '食品药品监管', '质监', '知识产权', '金融', '价格']],
  ['商贸旅游', ['商贸流通', '旅游服务']],
  ['组织人事', ['干部人事', '退役军人', '人才政策']],
  ['其他', ['其他']],
];

/** Third-level examples under a few second levels (the registrar's most frequent picks). */
const THIRD: Readonly<Record<string, string[]>> = {
  '城乡建设/物业管理': ['物业收费', '物业服务质量', '业委会', '车位车库'],
  '城乡建设/住房保障与房地产': ['逾期交房', '办证难', '房屋质量', '保障性住房'],
  '城乡建设/国有土地上房屋征收与补偿': ['补偿标准', '安置', '强制拆除'],
  '劳动和社会保障/工资福利': ['拖欠工资', '拖欠农民工工资'],
  '劳动和社会保障/社会保险': ['养老保险', '医疗保险', '工伤保险'],
  '经济管理/市场监管': ['消费维权', '虚假宣传', '无证经营'],
  '经济管理/食品药品监管': ['食品安全', '药品安全'],
  '环境保护/噪声污染': ['施工噪声', '商业噪声'],
  '环境保护/大气污染': ['餐饮油烟', '工业废气'],
};

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function mappedDomain(path: string): ReportDomain | null {
  return DOMAIN_CLASS_PATHS.find((d) => d.paths.includes(path))?.domain ?? null;
}

/** Builds the seed taxonomy (with the default 诉求领域 mapping). */
export function seedTaxonomy(): TaxonomyNode[] {
  const out: TaxonomyNode[] = [];
  TREE.forEach(([first, seconds], i) => {
    const c1 = pad(i + 1);
    out.push({ code: c1, name: first, parent: null, level: 1, domain: mappedDomain(first) });
    seconds.forEach((second, j) => {
      const c2 = `${c1}.${pad(j + 1)}`;
      out.push({ code: c2, name: second, parent: c1, level: 2, domain: mappedDomain(`${first}/${second}`) });
      (THIRD[`${first}/${second}`] ?? []).forEach((third, k) => {
        out.push({ code: `${c2}.${pad(k + 1)}`, name: third, parent: c2, level: 3, domain: null });
      });
    });
  });
  return out;
}

export { REPORT_DOMAINS, type ReportDomain } from '../../contract/report-buckets.ts';

/**
 * Default mapping from a content class path (names, "一级/二级/…") and the 涉法涉诉 flag to a report domain:
 * the flag wins, then the class maps; everything else is 其他.
 */
export function reportDomainOf(classPath: string | null, legalFlag: boolean): ReportDomain {
  if (legalFlag) return '涉法涉诉';
  if (!classPath) return '其他';
  const under = (p: string) => classPath === p || classPath.startsWith(`${p}/`);
  return DOMAIN_CLASS_PATHS.find((d) => d.paths.some(under))?.domain ?? '其他';
}

/**
 * The resolved 诉求领域 of every node: its own mapping, else its nearest mapped ancestor's, else 其他. The
 * report reads the resolved value by class path, so it is recomputed for the whole tree at every edit.
 */
export function resolveDomains(
  nodes: readonly Pick<TaxonomyNode, 'code' | 'parent' | 'domain'>[],
): Map<string, ReportDomain> {
  const byCode = new Map(nodes.map((n) => [n.code, n]));
  const out = new Map<string, ReportDomain>();
  const of = (code: string): ReportDomain => {
    const hit = out.get(code);
    if (hit) return hit;
    const n = byCode.get(code);
    const d: ReportDomain = !n ? '其他' : (n.domain ?? (n.parent ? of(n.parent) : '其他'));
    out.set(code, d);
    return d;
  };
  for (const n of nodes) of(n.code);
  return out;
}

/** Characters a class name cannot hold: the path separator and the SQL LIKE wildcards. */
const BAD_NAME = /[/%_\\]/;

/** Why a class name is not acceptable, or null when it is. */
export function classNameProblem(name: string): string | null {
  const t = name.trim();
  if (!t) return '分类名称不能为空';
  if (t.length > 30) return '分类名称不超过 30 个字';
  if (BAD_NAME.test(t)) return '分类名称不能含有 / % _ \\ 等字符';
  return null;
}

/**
 * Where an upstream class path lands in the local tree: the exact class, else its deepest known ancestor
 * (`mapped` true), else nothing. `known` maps a local path to its code.
 */
export function nearestClass(
  path: string,
  known: ReadonlyMap<string, { code: string; path: string }>,
): { code: string; path: string; mapped: boolean } | null {
  const exact = known.get(path);
  if (exact) return { ...exact, mapped: false };
  const parts = path.split('/');
  for (let k = parts.length - 1; k > 0; k--) {
    const hit = known.get(parts.slice(0, k).join('/'));
    if (hit) return { ...hit, mapped: true };
  }
  return null;
}
