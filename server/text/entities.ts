/**
 * Rule-based extraction of named places and organisations from petition text
 * (residential compounds, roads, villages, companies, factories, projects,
 * schools…) and of the administrative district. Used to cluster hot issues by
 * place. Heuristic: a suffix from the lexicon preceded by 2–8 name characters,
 * cut at administrative prefixes and function words.
 */
import { dict } from '@node-rs/jieba/dict.js';
import { ORG_SUFFIXES, PLACE_SUFFIXES } from './lexicon.ts';
import { getJieba, normalizeText, STOPWORD_SET } from './segment.ts';

let freq: Map<string, number> | null = null;
let tags: Map<string, string> | null = null;
/** Frequencies of 2–4 character words of jieba's stock dictionary (lazy). */
function dictFreq(w: string): number {
  if (!freq || !tags) {
    freq = new Map();
    tags = new Map();
    for (const line of Buffer.from(dict.buffer, dict.byteOffset, dict.byteLength).toString('utf8').split('\n')) {
      const parts = line.trim().split(' ');
      const word = parts[0] ?? '';
      if (word.length < 2 || word.length > 4) continue;
      const f = Number.parseInt(parts[1] ?? '0', 10);
      if (f >= 50) {
        freq.set(word.toLowerCase(), f);
        tags.set(word.toLowerCase(), parts[2] ?? 'x');
      }
    }
  }
  return freq.get(w) ?? 0;
}

/** Part-of-speech tag of a dictionary word ('' if unknown). */
function dictTag(w: string): string {
  dictFreq(w);
  return tags?.get(w) ?? '';
}

/** A name that is itself a common non-name word (verb, adverb, number, frequent noun…) is not a proper name. */
function commonWordName(name: string, suffix: string): boolean {
  const f = dictFreq(name);
  if (f < 100) return false;
  const tag = dictTag(name);
  if (/^(v|vn|vd|d|p|c|r|m|q|f|u|ad|an|t|l|i)$/.test(tag)) return true;
  return tag === 'n' && f >= 400 && !RESIDENTIAL.test(suffix) && !INSTITUTION.test(suffix);
}

const INSTITUTION = /^(学院|大学|中学|小学|学校|幼儿园|医院|卫生院)$/;

const RESIDENTIAL = /^(小区|花园|家园|公寓|新村|山庄)$/;

/**
 * A name made only of frequent common words ('运输服务', '职业技术') describes a
 * kind of organisation, not a particular one (checked for non-residential suffixes).
 */
function typeName(name: string, suffix: string): boolean {
  if (RESIDENTIAL.test(suffix)) return false;
  const toks = getJieba().cut(name, false);
  if (toks.length < 2) return false;
  return toks.every((t) => dictFreq(t) >= 300 && !/^(nr|ns|nz|nt|nrt|nrfg|x)$/.test(dictTag(t)));
}

/** Suffixes of broad areas (town, street, road, village): weaker evidence of one matter than a compound or company. */
export const BROAD_SUFFIXES: ReadonlySet<string> = new Set([
  '镇',
  '乡',
  '街道',
  '社区',
  '村',
  '路',
  '街',
  '大道',
  '巷',
]);

/** An extracted entity. */
export interface Entity {
  /** Surface form, e.g. '魅力之城小区'. */
  text: string;
  /** Comparison key: surface without a generic multi-character suffix, e.g. '魅力之城'. */
  key: string;
  /** Name part before the suffix, e.g. '魅力之城', and the suffix, e.g. '小区'. */
  name: string;
  suffix: string;
  kind: 'place' | 'org';
}

const SUFFIXES = [...new Set([...ORG_SUFFIXES, ...PLACE_SUFFIXES])].sort((a, b) => b.length - a.length);
const MULTI = SUFFIXES.filter((x) => x.length >= 2 && x !== '街道' && x !== '大道');
const ORG_SET = new Set(ORG_SUFFIXES);
/** Suffixes that are stripped for the key (generic words, not part of the proper name). */
const STRIP = new Set([
  '小区',
  '花园',
  '家园',
  '公寓',
  '有限公司',
  '有限责任公司',
  '公司',
  '集团',
  '项目部',
  '项目',
  '工地',
  '社区',
  '街道',
  '店',
  '中心',
  '平台',
]);

/** Words that end a name to their left (the name starts after them). */
const BOUNDARY_WORDS = [
  '位于',
  '地处',
  '坐落',
  '我们',
  '我是',
  '我家',
  '本人',
  '居住',
  '住在',
  '家住',
  '关于',
  '反映',
  '投诉',
  '举报',
  '请问',
  '业主',
  '居民',
  '附近',
  '旁边',
  '周边',
  '对面',
  '门口',
  '楼下',
  '隔壁',
  '一个',
  '一家',
  '一所',
  '这个',
  '那个',
  '这家',
  '那家',
  '这所',
  '所在',
  '属于',
  '来自',
  '就读',
  '工作',
  '承建',
  '开发',
  '建设',
  '施工',
  '管理',
  '经营',
  '租用',
  '购买',
  '入住',
  '成立',
  '在建',
  '新建',
  '整个',
  '整栋',
  '各个',
  '多个',
  '部分',
  '全体',
  '广大',
  '省',
  '市',
  '区',
  '县',
  '镇',
  '乡',
  '的',
  '在',
  '是',
  '了',
  '和',
  '与',
  '及',
  '对',
  '从',
  '向',
  '给',
  '被',
  '把',
  '将',
  '由',
  '为',
  '于',
  '等',
  '个',
  '我',
  '你',
  '他',
  '她',
  '该',
  '此',
  '其',
  '这',
  '那',
  '叫',
  '称',
  '到',
  '去',
  '有',
  '无',
  '让',
  '使',
  '因',
  '但',
  '而',
  '并',
  '或',
  '也',
  '都',
  '就',
  '还',
  '又',
  '说',
  '称',
  '即',
  '各',
  '每',
  '某',
  '本',
  '啊',
  '吗',
  '要',
  '想',
  '能',
  '会',
  '只',
  '帮',
  '找',
  '往',
  '经',
  '同',
  '新建',
  '小孩',
  '孩子',
  '学生',
  '家长',
  '老师',
  '医生',
  '患者',
  '村民',
  '同志',
];

/** Name parts that make an entity generic (not a specific place or organisation). */
const GENERIC_NAMES = new Set([
  '物业',
  '物业服务',
  '开发',
  '房地产',
  '房地产开发',
  '置业',
  '地产',
  '建筑',
  '建设',
  '施工',
  '劳务',
  '工程',
  '装修',
  '保安',
  '快递',
  '物流',
  '科技',
  '网络',
  '信息',
  '投资',
  '贷款',
  '金融',
  '保险',
  '电力',
  '供电',
  '自来水',
  '燃气',
  '公交',
  '出租',
  '培训',
  '教育',
  '学校',
  '医疗',
  '卫生',
  '人民',
  '中心',
  '我们',
  '你们',
  '他们',
  '大家',
  '附近',
  '周边',
  '当地',
  '本地',
  '外地',
  '民办',
  '公办',
  '私立',
  '市直',
  '国有',
  '私营',
  '个体',
  '城中',
  '农村',
  '城市',
  '老旧',
  '新建',
  '安置',
  '商品',
  '搅拌',
  '混凝土',
  '养殖',
  '加工',
  '垃圾',
  '污水',
  '停车',
  '小学',
  '中学',
  '大学',
  '幼儿',
  '高速',
  '收费',
  '加油',
  '分公司',
  '子公司',
  '总公司',
  '母公司',
  '用人',
  '相关',
  '有关',
  '主管',
  '其他',
  '其它',
  '上述',
  '所属',
  '下属',
  '公立',
  '公办',
  '乡镇',
  '重点',
  '市属',
  '县属',
  '区属',
  '职业',
  '中小',
  '三甲',
  '人才',
  '农贸',
  '出租车',
  '有限',
  '有限责任',
  '责任',
  '股份',
  '股份有限',
  '第一人民',
  '第二人民',
  '第三人民',
  '中医',
  '妇幼',
  '社区卫生',
  '要求',
  '作为',
  '进入',
  '针对',
  '通过',
  '小孩',
  '孩子',
  '学生',
  '企业',
  '单位',
  '私人',
  '个人',
  '国家',
  '省级',
  '市级',
  '县级',
  '住宅',
  '商品房',
  '居民',
  '高档',
  '老',
  '新',
  '周围',
  '城区',
  '市区',
  '县城',
  '上市',
]);

const ESTATE_SINGLE = new Set(['城', '园']);
/** What may follow an estate name's last character (so the name ends there). */
const FOLLOW_WORDS = [
  '小区',
  '的',
  '业主',
  '居民',
  '住户',
  '楼盘',
  '项目',
  '附近',
  '旁边',
  '周边',
  '门口',
  '对面',
  '[一二三四五六七八九\\d]期',
  '[东南西北]门',
  '[东南西北]侧',
  '栋',
  '期',
  '区',
  '在',
  '是',
  '和',
  '与',
  '及',
  '被',
  '有',
  '已',
  '内',
  '外',
  '里',
  '开发',
  '物业',
  '车位',
  '车库',
  '地下',
  '停车',
  '商铺',
  '门面',
  '临街',
  '一带',
  '片区',
  '售楼',
  '楼',
  '业委会',
  '交房',
  '存在',
  '出现',
  '发生',
  '从',
  '于',
  '也',
  '都',
  '至',
  '到',
];
const FOLLOW_RE = new RegExp(`^(${FOLLOW_WORDS.join('|')})`);
const ADMIN_RE = /^(?:[a-z]?\d*[省市区县]|[a-z]\d+[区县市]|[\u4e00-\u9fa5]{2,3}(?:省|市|区|县))/;
const DISTRICT_RE = /([a-z]\d{0,2}[区县]|[\u4e00-\u9fa5]{2,3}(?:区|县))(?![\u4e00-\u9fa5]{0,1}(?:域|别|分|块|内))/g;

function isNameChar(c: string): boolean {
  return /[\u4e00-\u9fa5a-z0-9]/.test(c);
}

/** Cuts a candidate name (characters before a suffix) at the rightmost boundary leaving ≥ 2 characters. */
function trimName(raw: string): string {
  let name = raw;
  for (;;) {
    const m = ADMIN_RE.exec(name);
    if (!m) break;
    if (name.length - m[0].length < 2) return '';
    name = name.slice(m[0].length);
  }
  let best = name;
  for (let i = name.length - 1; i >= 1; i--) {
    const left = name.slice(0, i);
    const w = BOUNDARY_WORDS.find((b) => left.endsWith(b));
    if (!w) continue;
    if (name.length - i >= 2) best = name.slice(i);
    else if (w.length >= 2) best = '';
    else continue;
    break;
  }
  return best;
}

/**
 * A place or organisation name holds at least one noun-like word (noun, proper noun, place word, unknown
 * word): '严重影响小区' (adjective + verb) or '反映我们小区' is a phrase, not a name; '幸福里小区' and
 * '锦绣花园' are names.
 */
function hasNominal(name: string): boolean {
  return getJieba()
    .tag(name, true)
    .some((t) => /^(n|x|f|s|j|eng)/.test(t.tag));
}

function isGeneric(name: string): boolean {
  if (name.length < 2) return true;
  if (GENERIC_NAMES.has(name) || STOPWORD_SET.has(name)) return true;
  if (MULTI.some((m) => name.includes(m))) return true;
  if (/^[们的该了是在着过]|[的该这那是在了着]$/.test(name)) return true;
  if (name.length <= 3 && /^(一|这|那|该|各|每|某|很多|有些|全|多|几)/.test(name)) return true;
  if (/有限(责任)?$/.test(name)) return true;
  if (/\d+[年月日号岁元个位名户]/.test(name)) return true;
  if (/[a-z]\d*[省市区县]/.test(name)) return true;
  if (/^[0-9a-z]+$/.test(name) && name.length < 3) return true;
  if (/^[一二三四五六七八九十\d]+$/.test(name)) return true;
  return false;
}

/**
 * Extracts specific named places/organisations from text. Generic mentions
 * ("我们小区", "物业公司", "有限公司") are dropped; nested matches keep the
 * longest ("伊景园滨河苑" rather than "伊景园").
 */
export function extractEntities(text: string): Entity[] {
  const s = normalizeText(text);
  const found: { start: number; end: number; name: string; suffix: string }[] = [];
  for (const suf of SUFFIXES) {
    let from = 0;
    for (;;) {
      const at = s.indexOf(suf, from);
      if (at < 0) break;
      from = at + 1;
      let st = at;
      while (st > 0 && at - st < 8 && isNameChar(s[st - 1] as string)) st--;
      const name = trimName(s.slice(st, at));
      if (isGeneric(name) || commonWordName(name, suf) || typeName(name, suf) || !hasNominal(name)) continue;
      if (suf.length === 1) {
        // The suffix must not start a common word ('城市', '村民') nor end one ('政府', '农村').
        const next = s.slice(at + 1, at + 3);
        if (dictFreq(suf + next.slice(0, 1)) >= 20 || dictFreq(suf + next) >= 20) continue;
        if (dictFreq(name.slice(-1) + suf) >= 300 || name.endsWith('政')) continue;
        // Ambiguous estate suffixes (城, 园) must end the name: followed by a non-CJK
        // character or by a word that typically follows a place name.
        if (
          ESTATE_SINGLE.has(suf) &&
          /[\u4e00-\u9fa5]/.test(next.slice(0, 1)) &&
          !FOLLOW_RE.test(s.slice(at + 1, at + 4))
        )
          continue;
      }
      found.push({ start: at - name.length, end: at + suf.length, name, suffix: suf });
    }
  }
  // Keep maximal spans: drop a match inside a longer one.
  found.sort((a, b) => b.end - b.start - (a.end - a.start));
  const kept: typeof found = [];
  for (const f of found) {
    if (kept.some((k) => f.start >= k.start && f.end <= k.end)) continue;
    kept.push(f);
  }
  kept.sort((a, b) => a.start - b.start);
  const seen = new Set<string>();
  const out: Entity[] = [];
  for (const f of kept) {
    const surface = f.name + f.suffix;
    const key = STRIP.has(f.suffix) ? f.name : surface;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ text: surface, key, name: f.name, suffix: f.suffix, kind: ORG_SET.has(f.suffix) ? 'org' : 'place' });
  }
  return out;
}

/**
 * True when two entities denote the same place/organisation: equal keys, one
 * key containing the other (≥ 3 characters), or the same suffix with names
 * sharing their first two characters ('宏达搅拌站' ~ '宏达混凝土搅拌站').
 */
export function sameEntity(a: Entity, b: Entity): boolean {
  if (a.key === b.key) return true;
  const [s, l] = a.key.length <= b.key.length ? [a.key, b.key] : [b.key, a.key];
  if (s.length >= 3 && l.includes(s)) return true;
  return a.suffix === b.suffix && a.name.length >= 2 && b.name.length >= 2 && a.name.slice(0, 2) === b.name.slice(0, 2);
}

/** The first administrative district mentioned ('A5区', '雨花区', 'K6县'), or null. */
export function extractDistrict(text: string): string | null {
  const s = normalizeText(text);
  for (const m of s.matchAll(DISTRICT_RE)) {
    const d = m[1] as string;
    if (
      /^(小区|社区|园区|景区|城区|市区|郊区|片区|街区|校区|厂区|山区|老区|新区|辖区|该区|本区|全区|各区|我区)$/.test(d)
    )
      continue;
    if (/^[\u4e00-\u9fa5]{3}区$/.test(d) && /[小社园景片街校厂辖]$/.test(d.slice(0, -1))) continue;
    return d.toUpperCase();
  }
  return null;
}

/** The first city mentioned ('A市', '长沙市'), or null. Only coded names or dictionary place names count. */
export function extractCity(text: string): string | null {
  const s = normalizeText(text);
  for (const m of s.matchAll(/([a-z]\d{0,2}|[\u4e00-\u9fa5]{2,3})市/g)) {
    const name = m[1] as string;
    if (/^[a-z]/.test(name)) return name.toUpperCase() + '市';
    for (const cut of [name, name.slice(-2)]) if (dictTag(cut) === 'ns') return cut + '市';
  }
  return null;
}
