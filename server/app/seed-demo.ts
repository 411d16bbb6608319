import { mulberry32 } from '../../contract/prng.ts';
/**
 * Deterministic demo district (演示数据): about 30 responsible units, one user per role plus unit staff, and
 * about two years of petition items that went through the real use cases (registerItem, applyStep), so
 * numbers, deadlines, timelines, repeat links and the audit chain are all consistent.
 *
 * Everything random comes from one seeded PRNG: the same `today` gives the same district, item numbers,
 * titles and statuses on every run (ids come from `deps.newId` and never influence any decision).
 * Personal data is fake: ID numbers carry a deliberately wrong check digit (registered as 未核验) and
 * phones have the form 1xx0000xxxx.
 *
 * How it works: every item gets a plan (registration + dated steps) up front; all plans are then merged
 * and executed in date order, each call with a clock set to that day 10:00 Beijing time, so the audit log
 * and the per-item timelines run forward in time and repeats are registered after their originals.
 * Steps dated after `today` are dropped, which leaves recent items open in the state they would have today.
 */
import { RegisterItemInput, StepInputSchema, type StepInputDto } from '../../contract/dto.ts';
import { DEMO_PHONE, makeInvalidDemoIdNumber } from '../../contract/id-number.ts';
import type {
  Channel,
  Flag,
  HandlingClass,
  Level,
  OpinionOutcome,
  Purpose,
  ReviewOutcome,
  Role,
  Satisfaction,
} from '../../contract/enums.ts';
import { hashPassword } from '../crypto/password-hash.ts';
import { addDays, diffDays, type WorkCalendar } from '../domain/calendar.ts';
import { computeDeadline, warningOf, type WarningLevel } from '../domain/deadline.ts';
import { SYSTEM_ACTOR, type Actor } from '../domain/item.policy.ts';
import { checkPassword } from '../domain/password-policy.ts';
import { appendAudit } from '../store/audit.store.ts';
import { loadCalendar } from '../store/calendar.store.ts';
import { insertUnit, listTaxonomy } from '../store/reference.store.ts';
import { insertUser, userByName } from '../store/user.store.ts';
import { applyStep } from './apply-step.ts';
import { ensureReferenceData } from './bootstrap.ts';
import { loadRules, loadThresholds, type AppDeps, type Rules } from './context.ts';
import { registerItem } from './register-item.ts';

/** The one password of every demo account (meets the password policy). */
export const DEMO_PASSWORD = 'Xf@2025demo';

/** Fixed PRNG seed: the demo district depends only on this and `today`. */
const SEED = 20_250_601;

export interface SeedDemoOptions {
  /** 'YYYY-MM-DD': the seed's "now"; no step is dated after it. */
  today: string;
  /** Number of petition items (default 2000). */
  items?: number;
  /** Called regularly with (items registered so far, total items). */
  onProgress?: (done: number, total: number) => void;
}

export interface DemoLogin {
  username: string;
  password: string;
  role: string;
  unit: string | null;
}

export interface SeedDemoResult {
  /** Units created. */
  units: number;
  /**
   * The named demo logins (one per role, plus 住建局/市场监管局/城关街道 staff). Every other unit also has a
   * handler `<abbr>_jb` and a head `<abbr>_fz` with the same password (e.g. `rsj_jb` for 区人社局).
   */
  users: DemoLogin[];
  /** Items registered. */
  items: number;
}

// ---------------------------------------------------------------------------------------------------
// PRNG

export class Rng {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(arr: readonly T[]): T {
    if (!arr.length) throw new Error('pick from an empty list');
    return arr[Math.floor(this.next() * arr.length)]!;
  }
  weighted<T>(pairs: readonly (readonly [T, number])[]): T {
    const total = pairs.reduce((s, [, w]) => s + w, 0);
    let x = this.next() * total;
    for (const [v, w] of pairs) {
      x -= w;
      if (x < 0) return v;
    }
    return pairs[pairs.length - 1]![0];
  }
  /** `n` distinct elements (order random). */
  sample<T>(arr: readonly T[], n: number): T[] {
    const copy = [...arr];
    const out: T[] = [];
    while (out.length < n && copy.length) out.push(copy.splice(Math.floor(this.next() * copy.length), 1)[0]!);
    return out;
  }
}

// ---------------------------------------------------------------------------------------------------
// The district: units, places, names

interface UnitSpec {
  name: string;
  abbr: string;
  kind: string;
  inside: boolean;
}

const UNIT_SPECS: readonly UnitSpec[] = [
  { name: '区信访局', abbr: 'xfj', kind: '信访部门', inside: true },
  { name: '区市场监管局', abbr: 'scj', kind: '部门', inside: true },
  { name: '区住建局', abbr: 'zjj', kind: '部门', inside: true },
  { name: '区人社局', abbr: 'rsj', kind: '部门', inside: true },
  { name: '区城管局', abbr: 'cgj', kind: '部门', inside: true },
  { name: '区生态环境分局', abbr: 'sthj', kind: '部门', inside: true },
  { name: '区教育局', abbr: 'jyj', kind: '部门', inside: true },
  { name: '区卫健委', abbr: 'wjw', kind: '部门', inside: true },
  { name: '区民政局', abbr: 'mzj', kind: '部门', inside: true },
  { name: '区交通运输局', abbr: 'jtj', kind: '部门', inside: true },
  { name: '区公安分局', abbr: 'gafj', kind: '部门', inside: true },
  { name: '区自然资源分局', abbr: 'zrzy', kind: '部门', inside: true },
  { name: '区财政局', abbr: 'czj', kind: '部门', inside: true },
  { name: '区司法局', abbr: 'sfj', kind: '部门', inside: true },
  { name: '区农业农村局', abbr: 'nyj', kind: '部门', inside: true },
  { name: '区应急管理局', abbr: 'yjj', kind: '部门', inside: true },
  { name: '区退役军人事务局', abbr: 'tyjr', kind: '部门', inside: true },
  { name: '区医保局', abbr: 'ybj', kind: '部门', inside: true },
  { name: '区税务局', abbr: 'swj', kind: '部门', inside: true },
  { name: '区发展改革局', abbr: 'fgj', kind: '部门', inside: true },
  { name: '城关街道', abbr: 'cgjd', kind: '街道', inside: true },
  { name: '东湖街道', abbr: 'dhjd', kind: '街道', inside: true },
  { name: '西园街道', abbr: 'xyjd', kind: '街道', inside: true },
  { name: '南山街道', abbr: 'nsjd', kind: '街道', inside: true },
  { name: '北苑街道', abbr: 'byjd', kind: '街道', inside: true },
  { name: '新华街道', abbr: 'xhjd', kind: '街道', inside: true },
  { name: '金桥街道', abbr: 'jqjd', kind: '街道', inside: true },
  { name: '滨江街道', abbr: 'bjjd', kind: '街道', inside: true },
  { name: '市住房公积金中心', abbr: 'gjj', kind: '区外单位', inside: false },
  { name: '市轨道交通集团', abbr: 'gdjt', kind: '区外单位', inside: false },
];

const STREETS = [
  '城关街道',
  '东湖街道',
  '西园街道',
  '南山街道',
  '北苑街道',
  '新华街道',
  '金桥街道',
  '滨江街道',
] as const;

/** Residential compounds and the street each belongs to. */
const COMPOUNDS: readonly [string, string][] = [
  ['锦绣花园小区', '城关街道'],
  ['紫荆公寓', '城关街道'],
  ['文化路小区', '城关街道'],
  ['幸福里小区', '东湖街道'],
  ['御景华庭', '东湖街道'],
  ['东湖春天', '东湖街道'],
  ['阳光新城', '西园街道'],
  ['书香名苑', '西园街道'],
  ['西园新村', '西园街道'],
  ['翠湖苑', '南山街道'],
  ['东方明珠苑', '南山街道'],
  ['南山花园', '南山街道'],
  ['金色家园', '北苑街道'],
  ['恒大名都', '北苑街道'],
  ['北苑新城', '北苑街道'],
  ['和平里小区', '新华街道'],
  ['春华里小区', '新华街道'],
  ['新华一村', '新华街道'],
  ['龙湖湾', '金桥街道'],
  ['盛世华府', '金桥街道'],
  ['金桥人家', '金桥街道'],
  ['滨江壹号', '滨江街道'],
  ['丽水湾', '滨江街道'],
  ['江畔名居', '滨江街道'],
];
const VILLAGES: readonly [string, string][] = [
  ['柳河村', '金桥街道'],
  ['王庄村', '金桥街道'],
  ['李家湾村', '北苑街道'],
  ['桃园村', '北苑街道'],
  ['石桥村', '南山街道'],
  ['沙洲村', '滨江街道'],
];
const ROADS = [
  '建设路',
  '人民路',
  '解放大道',
  '中山路',
  '新华街',
  '文化路',
  '东湖路',
  '滨江大道',
  '工业园路',
  '金桥大道',
  '北苑路',
  '南山大道',
  '光明路',
  '和平路',
  '长江路',
];
const DEVELOPERS = [
  '恒信置业有限公司',
  '鑫源房地产开发有限公司',
  '华锦置业有限公司',
  '瑞丰地产集团有限公司',
  '宏远房地产开发有限公司',
  '城投置业有限公司',
];
const PROPERTY_COS = [
  '锦华物业服务有限公司',
  '安居物业管理有限公司',
  '佳和物业服务有限公司',
  '众诚物业有限公司',
  '绿城物业服务有限公司',
  '嘉园物业管理有限公司',
];
const EMPLOYERS = [
  '宏图建筑工程有限公司',
  '盛达建筑劳务有限公司',
  '永昌机械制造有限公司',
  '华腾电子科技有限公司',
  '顺达物流有限公司',
  '新锐装饰工程有限公司',
  '金鼎餐饮管理有限公司',
  '远航服装厂',
];
const SHOPS = ['老味道火锅店', '川香小馆', '张记烧烤', '好运来大酒店', '蜀地风味餐馆', '胖哥烤肉'];
const PREPAID_SHOPS = ['美丽人生美容美发店', '动感健身俱乐部', '乐游游泳馆', '悦享足浴店', '鲜果时光水果店'];
const TRAININGS = [
  '小天才教育培训中心',
  '启明星英语培训学校',
  '乐学书法培训中心',
  '智慧树课后托管中心',
  '博思编程培训学校',
];
const SCHOOLS = ['城关第一小学', '东湖小学', '区实验小学', '区实验中学', '滨江小学', '新华路小学', '区第二中学'];
const HOSPITALS = ['区人民医院', '区中医院', '东湖社区卫生服务中心', '区妇幼保健院', '仁和医院'];
const BUS_LINES = ['12路', '25路', '36路', '108路', 'K3路', '203路'];
const HALLS = ['区政务服务中心办税大厅', '区政务服务中心不动产登记窗口', '区政务服务中心社保窗口'];
/** The concrete plant of the noise cluster. */
const CONCRETE_PLANT = '宏达混凝土搅拌站';

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const TOP_SURNAMES = '王李张刘陈杨黄赵吴周';
const GIVEN = [
  '伟',
  '强',
  '磊',
  '军',
  '勇',
  '杰',
  '涛',
  '明',
  '超',
  '刚',
  '平',
  '辉',
  '鹏',
  '华',
  '飞',
  '斌',
  '波',
  '建国',
  '建华',
  '国强',
  '志强',
  '海涛',
  '文',
  '亮',
  '宇',
  '浩',
  '俊',
  '峰',
  '健',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '艳',
  '娟',
  '霞',
  '燕',
  '玲',
  '桂英',
  '秀英',
  '秀兰',
  '玉兰',
  '婷',
  '雪',
  '慧',
  '红',
  '琳',
  '洁',
  '倩',
  '颖',
  '萍',
  '德明',
  '永福',
  '春梅',
  '晓东',
  '晓燕',
  '子涵',
  '雨轩',
  '淑珍',
];
const GIVEN_SINGLE = GIVEN.filter((g) => g.length === 1);

function fakeName(r: Rng): string {
  const surname = r.chance(0.45) ? r.pick([...TOP_SURNAMES]) : r.pick([...SURNAMES]);
  const given = r.chance(0.35) ? r.pick(GIVEN_SINGLE) + r.pick(GIVEN_SINGLE) : r.pick(GIVEN);
  return surname + given;
}

// ---------------------------------------------------------------------------------------------------
// Matters: what petitions are about (class, units, texts)

/** Per-item variables filled into the templates; copied to repeats so that they read as the same matter. */
interface Vars {
  compound: string;
  street: string;
  building: string;
  road: string;
  road2: string;
  developer: string;
  property: string;
  company: string;
  shop: string;
  prepaid: string;
  training: string;
  fee2: string;
  /** Index of the matter's theme. */
  theme: number;
  school: string;
  hospital: string;
  village: string;
  bus: string;
  hall: string;
  plant: string;
  cadre: string;
  ym: string;
  ym2: string;
  wage: string;
  amount: string;
  months: string;
  n: string;
  fee: string;
  price: string;
  years: string;
  unit: string;
}

type PlaceKind =
  | 'compound'
  | 'road'
  | 'cross'
  | 'company'
  | 'shop'
  | 'prepaid'
  | 'training'
  | 'school'
  | 'hospital'
  | 'village'
  | 'plant'
  | 'hall'
  | 'none';

/** One sub-theme of a matter: its titles, the core of the complaint and what the petitioner asks. */
interface Theme {
  titles: readonly string[];
  /** Replaces the matter's opening sentence when the theme needs its own. */
  opening?: readonly string[];
  /** The core of the complaint (one alternative is used). */
  problem: readonly string[];
  /** Demands of this theme; the first is always raised. */
  demands: readonly string[];
  facts?: readonly string[];
  answers?: Partial<Record<OpinionOutcome, readonly string[]>>;
  /** Text of a 直接回复 (consultations). */
  direct?: readonly string[];
}

interface Matter {
  key: string;
  /** Content class path in the seeded taxonomy ("一级/二级[/三级]"). */
  cls: string;
  weight: number;
  /** Responsible units and weights; '@street' = the street of the item's place. */
  units: readonly (readonly [string, number])[];
  handling: HandlingClass;
  purposes: readonly (readonly [Purpose, number])[];
  place: PlaceKind;
  /** Share of items with the 涉法涉诉 flag. */
  legal?: number;
  /** Suits a collective visit (集体访). */
  collective?: boolean;
  /** Organisation names that may petition instead of a person. */
  orgs?: readonly string[];
  /** The accused party of a 检举控告类 item (its unit is the place's street). */
  accused?: { name: string; note: string };
  opening: readonly string[];
  themes: readonly Theme[];
  /** What the petitioner already tried. */
  effort: readonly string[];
  /** The closing appeal. */
  ask: readonly string[];
  /** Demands that fit every theme (added after the theme's own). */
  demands: readonly string[];
  facts: readonly string[];
  basis: readonly string[];
  answers: Readonly<Record<OpinionOutcome, readonly string[]>>;
  /** Weights of 支持 / 解释说明 / 不予支持. */
  outcomes: readonly [number, number, number];
}

const M = (m: Matter): Matter => m;

const MATTERS: readonly Matter[] = [
  M({
    key: 'wyfee',
    cls: '城乡建设/物业管理/物业收费',
    weight: 7,
    units: [
      ['区住建局', 6],
      ['@street', 4],
    ],
    handling: '申诉求决类',
    purposes: [
      ['求决', 9],
      ['意见建议', 1],
    ],
    place: 'compound',
    collective: true,
    orgs: ['{compound}业主委员会'],
    opening: ['我是{street}{compound}业主。', '本人居住在{compound}{building}。', '我们是{compound}的业主。'],
    themes: [
      {
        titles: ['{compound}物业公司擅自上调物业费', '反映{property}乱收费问题', '{compound}物业费上涨且服务不到位'],
        problem: [
          '{ym}起，{property}在未召开业主大会、未征得业主同意的情况下，将物业费由每平方米1.5元上调至{fee}。',
          '今年以来，{property}以“人工成本上涨”为由单方面将物业费上调至{fee}，收费标准调整前没有任何公示。',
        ],
        demands: ['责令物业公司恢复原物业费标准，退还多收取的费用'],
      },
      {
        titles: ['投诉{compound}物业强制收取电梯运行费和二次供水费', '{property}在物业费之外另立名目收费'],
        problem: [
          '{ym}起，{property}在物业费之外另行收取电梯运行费和二次供水加压费，每户每月多交几十元。',
          '{property}把停车管理费、垃圾清运费计入业主账单，收费项目和标准均未公示，业主不交就不给开门禁卡。',
        ],
        demands: ['要求物业公司停止收取合同约定以外的费用'],
      },
    ],
    effort: [
      '业主多次到物业服务中心询问，物业工作人员态度恶劣，并以“不交费就停水停电”相威胁。',
      '我们曾向社区居委会反映，社区组织过一次协调会，但物业公司至今没有任何整改。',
    ],
    ask: ['恳请有关部门依法查处，维护业主的合法权益。', '希望政府部门尽快介入，规范物业收费行为。'],
    demands: [
      '要求物业公司公示收费项目、收费标准和公共收益收支情况',
      '依法查处物业公司以停水停电威胁业主的行为',
      '指导小区依法成立业主委员会',
    ],
    facts: [
      '经调查核实，{property}于{ym}调整{compound}物业服务收费，未按规定履行告知和公示程序。',
      '经{unit}会同{street}实地核查，{compound}物业服务合同约定的收费标准为每平方米1.5元，物业公司单方调价、另立收费项目缺乏合同依据。',
    ],
    basis: [
      '《物业管理条例》第四十条、第四十一条；《物业服务收费管理办法》第七条',
      '《中华人民共和国民法典》第九百三十七条至第九百四十四条；《物业服务收费明码标价规定》',
    ],
    answers: {
      支持: [
        '已责令{property}停止执行新的收费标准，对已多收取的费用在下期物业费中予以抵扣，并在小区公告栏公示收费项目和标准。',
        '已约谈{property}负责人，责令其立即停止以停水停电方式催缴物业费，并书面向业主致歉。',
      ],
      解释说明: [
        '物业服务收费标准调整须经业主共同决定，{street}将指导小区召开业主大会协商确定收费标准，相关规定已向您当面解释。',
        '电梯运行费、二次供水费是否单独收取以物业服务合同约定为准，已向您说明相关政策规定及维权途径。',
      ],
      不予支持: ['经核查，现行收费标准系经业主大会表决通过后执行，程序合法，您要求退还费用的诉求缺乏依据，不予支持。'],
    },
    outcomes: [4, 5, 1],
  }),
  M({
    key: 'wyservice',
    cls: '城乡建设/物业管理/物业服务质量',
    weight: 6,
    units: [
      ['@street', 6],
      ['区住建局', 4],
    ],
    handling: '申诉求决类',
    purposes: [
      ['求决', 8],
      ['意见建议', 2],
    ],
    place: 'compound',
    opening: ['我家住在{compound}{building}，', '本人是{compound}业主，'],
    themes: [
      {
        titles: ['{compound}电梯频繁故障无人维修', '{compound}{building}电梯多次困人'],
        problem: [
          '小区{building}的电梯自{ym}以来已经发生十余次困人故障，物业公司每次只是简单重启，始终没有彻底维修。楼内有多位行动不便的老人，上下楼非常困难。',
        ],
        demands: ['督促物业公司尽快修复电梯并定期维保'],
        facts: ['经{street}会同{unit}实地查看，{compound}{building}电梯确存在运行故障，维保记录不完整。'],
        answers: { 支持: ['已督促{property}更换电梯主板并完成检验，建立每月维保公示制度，{street}将持续跟踪。'] },
      },
      {
        titles: ['{compound}垃圾长期无人清运', '{compound}物业服务质量差、环境脏乱'],
        problem: ['小区垃圾桶满溢无人清运，楼道堆满杂物，夏季蚊蝇滋生、臭气熏天，绿化带也长期无人打理。'],
        demands: ['要求物业公司按合同约定履行保洁、绿化等服务义务'],
        facts: ['经调查，{property}在{compound}的保洁、绿化人员配备不足，服务质量未达到合同约定标准。'],
        answers: { 支持: ['已责令{property}增加保洁人员，垃圾做到日产日清，并纳入物业服务质量季度考评。'] },
      },
      {
        titles: ['{compound}地下室渗水物业不处理', '{compound}车库雨天渗水严重'],
        problem: ['地下室和车库雨天大面积渗水，业主存放的物品被泡坏，物业以“属于开发商质保范围”为由推诿。'],
        demands: ['协调开发商和物业公司维修地下室渗水'],
        facts: ['经现场查看，{compound}地下车库顶板存在多处渗漏点，属于房屋保修范围。'],
        answers: { 支持: ['已协调开发商完成地下车库防水维修，雨后复查未再出现渗水。'] },
      },
    ],
    effort: [
      '我们多次拨打物业电话并到物业服务中心反映，均被告知“已上报”，至今没有结果。',
      '业主群里大家意见很大，但{property}一直不理不睬。',
    ],
    ask: ['请求有关部门督促物业公司履行服务义务。', '希望政府部门尽快协调解决。'],
    demands: ['对物业服务不达标的情况依法处理', '更换物业服务企业'],
    facts: ['经{street}会同{unit}实地查看，{property}在{compound}的服务存在不到位的情况。'],
    basis: [
      '《物业管理条例》第三十五条、第五十五条；《特种设备安全法》第三十九条',
      '《中华人民共和国民法典》第九百四十二条',
    ],
    answers: {
      支持: ['已督促{property}限期整改，整改情况已在小区公告栏公示，{street}将持续跟踪。'],
      解释说明: [
        '物业服务质量问题已列入社区“红色物业”考评，整改进度将在小区公告栏公示；更换物业服务企业须由业主大会依法决定。',
      ],
      不予支持: ['经现场核查，相关设施运行正常，未发现您反映的问题；要求更换物业公司的诉求应由业主大会依法决定。'],
    },
    outcomes: [5, 4, 1],
  }),
  M({
    key: 'parking',
    cls: '城乡建设/物业管理/车位车库',
    weight: 2,
    units: [
      ['区住建局', 6],
      ['区市场监管局', 4],
    ],
    handling: '申诉求决类',
    purposes: [
      ['求决', 9],
      ['揭发控告', 1],
    ],
    place: 'compound',
    collective: true,
    orgs: ['{compound}业主委员会（筹）'],
    opening: ['我是{compound}业主。', '我们是{compound}的业主，', '本人于{ym2}购买了{compound}的住房，'],
    themes: [
      {
        titles: [
          '{compound}开发商车位只售不租、捆绑销售',
          '反映{developer}强制捆绑销售车位',
          '{compound}车位价格过高且捆绑购买储藏室',
        ],
        problem: [
          '小区共有地下车位八百余个，{developer}自{ym}起对车位“只售不租”，单个车位售价高达{price}，并要求购买车位必须同时购买一间储藏室。',
          '开发商规定车位只卖不租，售价{price}，远高于周边小区，并且必须与储藏室捆绑购买，否则不卖。',
        ],
        demands: ['依法查处捆绑销售车位、储藏室的行为', '要求开发商按规定出租车位，合理确定租金'],
      },
      {
        titles: ['{compound}地下车位只卖不租，业主无处停车', '{compound}地下车库不对未购车位业主开放'],
        problem: [
          '{developer}对地下车位只售不租，未购买车位的业主车辆一律不得进入地下车库，只能停在小区外的道路上，经常被贴罚单。',
          '现在地下车库大量车位闲置，业主的车却只能停在消防通道和马路边，存在很大的安全隐患。',
        ],
        demands: ['要求开发商按规定出租车位，合理确定租金', '允许业主车辆临时进入地下车库停放'],
      },
    ],
    effort: [
      '我们找过开发商和物业很多次，对方说车位是开发商的财产，怎么卖由他们定。',
      '小区业主已经联名向开发商提出过书面意见，没有任何回应。',
    ],
    ask: [
      '我们认为开发商的行为违反了车位应当首先满足业主需要的规定，恳请政府部门依法处理。',
      '请求有关部门责令开发商出租车位、停止捆绑销售。',
    ],
    demands: ['要求公开车位产权、配建数量及销售备案情况'],
    facts: [
      '经{unit}调查，{developer}在{compound}销售车位时存在要求购房人同时购买储藏室的情形，车位租售方案未向业主公示。',
      '经核查，{compound}规划配建地下车位812个，已售312个，其余车位开发商以“只售不租”方式管理。',
    ],
    basis: [
      '《中华人民共和国民法典》第二百七十五条、第二百七十六条；《商品房销售管理办法》',
      '《中华人民共和国价格法》第十四条；《中华人民共和国消费者权益保护法》第十条',
    ],
    answers: {
      支持: [
        '已责令{developer}停止车位与储藏室捆绑销售，未售车位按不高于周边标准对业主出租，并在小区公示车位租售方案。',
        '已协调开发商自下月起向业主开放地下车库临时停车，按月收取停车费。',
      ],
      解释说明: [
        '车位售价属于市场调节价，由开发商自主确定，但车位应首先满足业主需要，已向开发商提出规范租售的要求并向您说明相关政策。',
        '关于车位产权及配建情况，可向不动产登记机构依法申请查询，已告知具体办理方式。',
      ],
      不予支持: ['您要求以低于成本价购买车位的诉求缺乏法律依据，不予支持。'],
    },
    outcomes: [4, 5, 1],
  }),
  M({
    key: 'delivery',
    cls: '城乡建设/住房保障与房地产/逾期交房',
    weight: 3,
    units: [['区住建局', 10]],
    handling: '申诉求决类',
    purposes: [['求决', 10]],
    place: 'compound',
    collective: true,
    opening: [
      '本人于{ym2}购买了{developer}开发的{compound}项目住房一套，合同约定{ym}交房。',
      '我们是{compound}项目的购房人，购房合同约定的交房时间为{ym}。',
    ],
    themes: [
      {
        titles: ['{developer}{compound}项目逾期交房', '{compound}项目停工，购房人无法按期收房'],
        problem: [
          '现已逾期{months}个月，项目工地基本处于停工状态，开发商一再以资金紧张为由拖延。',
          '到期后开发商既不交房也不给说法，售楼处已经关门，工地只有几个工人。',
        ],
        demands: ['督促开发商尽快复工并明确交房时间'],
      },
      {
        titles: ['要求{developer}按合同交房并支付违约金'],
        problem: ['现已逾期{months}个月仍未交房，开发商只同意延期，不肯按合同支付逾期交房违约金。'],
        demands: ['要求开发商按合同约定支付逾期交房违约金'],
      },
    ],
    effort: ['我们每月既要还房贷又要租房，生活压力很大。', '大家多次到售楼处和开发商办公室讨要说法，都没有结果。'],
    ask: ['恳请政府部门督促开发商尽快复工交房，保障购房人的合法权益。', '请求政府出面协调，尽快交房。'],
    demands: ['加强预售资金监管，防止资金被挪用', '协调解决逾期期间的租房困难'],
    facts: [
      '经{unit}调查核实，{compound}项目因开发商资金链紧张于{ym}前后停工，预售资金监管账户余额不足。',
      '经核查，{developer}{compound}项目主体结构已封顶，因总包单位工程款纠纷停工。',
    ],
    basis: [
      '《城市房地产开发经营管理条例》第三十条；《商品房销售管理办法》',
      '《城市商品房预售管理办法》第十一条；《中华人民共和国民法典》第五百七十七条',
    ],
    answers: {
      支持: [
        '已成立工作专班督促{developer}筹措资金，项目已于近期复工，开发商书面承诺在六个月内交房。',
        '已责令开发商按合同约定计算逾期交房违约金，并与购房人逐户签订补充协议。',
      ],
      解释说明: [
        '逾期交房违约金属于合同纠纷，购房人可依合同约定向开发商主张，协商不成可向人民法院提起诉讼，相关途径已向您说明。',
        '预售资金已纳入专户重点监管，资金拨付严格按工程进度执行，情况已向您解释。',
      ],
      不予支持: ['您要求政府代为支付违约金的诉求缺乏法律依据，不予支持。'],
    },
    outcomes: [4, 5, 1],
  }),
  M({
    key: 'certificate',
    cls: '城乡建设/住房保障与房地产/办证难',
    weight: 3,
    units: [
      ['区自然资源分局', 6],
      ['区住建局', 3],
      ['区税务局', 1],
    ],
    handling: '申诉求决类',
    purposes: [['求决', 10]],
    place: 'compound',
    collective: true,
    opening: ['我于{ym2}购买{compound}住房，已入住{years}年，', '我们是{compound}业主，交房已经{years}年了，'],
    themes: [
      {
        titles: ['{compound}交房多年无法办理不动产权证', '反映{compound}“办证难”问题', '要求{developer}协助办理房产证'],
        problem: [
          '至今没有办理不动产权证。开发商说是土地出让金没有缴清、项目没有竣工验收，让业主一直等。',
          '开发商一直拖着不办首次登记，业主的孩子上学、房屋买卖都受到影响。',
        ],
        demands: ['督促开发商尽快办理首次登记，为业主办理不动产权证'],
      },
    ],
    effort: ['我们多次找开发商和有关部门，都说在协调。', '业主们去不动产登记中心询问，被告知开发商材料不全。'],
    ask: ['请求政府部门帮助解决办证问题。', '恳请有关部门督促开发商尽快为业主办证。'],
    demands: ['明确办证时间表并向业主公布', '协调解决子女入学受影响的问题'],
    facts: [
      '经核查，{compound}项目因开发商欠缴土地出让金及配套费，尚未完成竣工验收备案，无法办理首次登记。',
      '经{unit}调查，{compound}项目已于近期完成竣工验收，首次登记资料正在补正。',
    ],
    basis: [
      '《不动产登记暂行条例》第十四条；《不动产登记暂行条例实施细则》第三十五条',
      '本区《关于解决历史遗留房屋办证问题的实施意见》',
    ],
    answers: {
      支持: [
        '{compound}已纳入历史遗留办证问题攻坚清单，开发商补缴相关费用后已完成首次登记，业主可于近期分批办理转移登记。',
        '已开设“办证专窗”，对{compound}业主实行集中受理、限时办结。',
      ],
      解释说明: [
        '办证受阻原因为开发商欠缴相关费用，已启动追缴程序，将在条件具备后第一时间为业主办理，相关进展将及时告知。',
        '子女入学可凭购房合同及实际居住证明申请，已向您说明具体办理方式。',
      ],
      不予支持: ['您所购房屋尚未取得合法报建手续，依法不能办理不动产登记，不予支持。'],
    },
    outcomes: [4, 5, 1],
  }),
  M({
    key: 'quality',
    cls: '城乡建设/住房保障与房地产/房屋质量',
    weight: 3,
    units: [['区住建局', 10]],
    handling: '申诉求决类',
    purposes: [['求决', 10]],
    place: 'compound',
    opening: ['本人于{ym2}收房入住{compound}{building}，', '我是{compound}业主，'],
    themes: [
      {
        titles: ['{compound}新房墙体开裂、屋面渗漏', '反映{compound}房屋质量问题'],
        problem: [
          '入住不到两年，房屋外墙多处开裂，卫生间和顶楼屋面渗水严重，墙面发霉脱落。',
          '房屋出现地面空鼓、窗户渗水、墙体裂缝等多处质量问题。',
        ],
        demands: ['督促开发商彻底维修房屋渗漏和墙体开裂问题'],
      },
      {
        titles: ['{developer}拒不履行保修义务'],
        problem: ['房屋屋面渗水、外墙开裂，开发商以过了保修期为由拒绝维修，物业也不管。'],
        demands: ['督促开发商履行保修义务'],
      },
    ],
    effort: ['多次找开发商和物业报修，对方只派人简单修补，问题反复出现。', '我们自己请人看过，说是防水没做好。'],
    ask: ['请求政府部门督促开发商履行保修责任。', '恳请相关部门组织质量鉴定，给业主一个说法。'],
    demands: ['委托有资质的机构进行房屋质量鉴定', '赔偿因渗漏造成的装修损失'],
    facts: [
      '经{unit}组织现场查勘，{compound}{building}屋面防水层存在破损，外墙有非结构性裂缝，属于保修范围。',
      '经查，反映的渗漏问题发生在保修期内，开发商已安排维修但未彻底解决。',
    ],
    basis: [
      '《建设工程质量管理条例》第四十条、第四十一条；《房屋建筑工程质量保修办法》',
      '《商品房销售管理办法》第三十三条',
    ],
    answers: {
      支持: [
        '已责令{developer}在三十日内完成屋面防水和外墙裂缝的维修，维修完成后由{unit}组织复查。',
        '已督促开发商委托第三方检测机构进行鉴定，并按鉴定结论承担维修责任。',
      ],
      解释说明: ['装修损失赔偿属于民事赔偿，您可与开发商协商，协商不成可向人民法院提起诉讼，相关途径已向您说明。'],
      不予支持: ['经现场核查，您反映的裂缝系自行装修拆改墙体所致，不属于开发商保修范围，不予支持。'],
    },
    outcomes: [5, 4, 1],
  }),
  M({
    key: 'expropriation',
    cls: '城乡建设/国有土地上房屋征收与补偿/补偿标准',
    weight: 3,
    units: [['区住建局', 10]],
    handling: '申诉求决类',
    purposes: [
      ['求决', 6],
      ['申诉', 4],
    ],
    place: 'road',
    legal: 0.25,
    collective: true,
    opening: ['本人的房屋位于{road}片区，{ym}被列入旧城改造征收范围。', '我家住在{road}老街，房屋在{ym}被征收。'],
    themes: [
      {
        titles: ['对{road}片区房屋征收补偿标准有异议', '{road}旧城改造项目征收补偿不公'],
        problem: [
          '征收部门给出的评估价格明显低于周边二手房价格，评估时也没有让我们选择评估机构。',
          '同一片区的邻居补偿标准不一样，征收过程不公开、不透明。',
        ],
        demands: ['重新评估房屋价值，按市场价给予补偿', '公开征收补偿方案及同片区补偿结果'],
      },
      {
        titles: ['反映{road}征收项目安置房迟迟未交付', '{road}征收项目过渡费停发'],
        problem: ['签约时承诺两年内交付安置房，现在已经超过{months}个月，安置房还没有动工，过渡费也停发了。'],
        demands: ['按时交付安置房并补发过渡费'],
        facts: ['经核查，{road}项目安置房因规划调整延期开工，过渡费已于近期补发。'],
      },
    ],
    effort: ['我们多次找征收指挥部反映，工作人员只是让我们等。', '我已经向{unit}提出过书面意见，至今没有答复。'],
    ask: ['请求依法处理，公平补偿。', '恳请领导关注我们被征收户的实际困难。'],
    demands: ['公开征收补偿方案及同片区补偿结果'],
    facts: ['经调查，{road}片区房屋征收项目依法作出征收决定，评估机构由被征收人投票选定，评估程序符合规定。'],
    basis: [
      '《国有土地上房屋征收与补偿条例》第十九条、第二十二条、第二十六条',
      '《国有土地上房屋征收评估办法》第二十条',
    ],
    answers: {
      支持: ['已督促征收实施单位补发过渡费，并明确安置房交付时间表，按月向被征收人通报建设进度。'],
      解释说明: [
        '对评估结果有异议的，可自收到评估报告之日起十日内申请复核评估，对复核结果仍有异议的可向评估专家委员会申请鉴定，已向您说明程序。',
        '征收补偿结果已按规定在征收范围内公布，同一标准适用于所有被征收人。',
      ],
      不予支持: ['您的房屋补偿已按依法确定的评估价格计算，要求提高补偿标准的诉求缺乏依据，不予支持。'],
    },
    outcomes: [2, 5, 3],
  }),
  M({
    key: 'concrete',
    cls: '环境保护/噪声污染',
    weight: 0.6,
    units: [
      ['区生态环境分局', 7],
      ['区城管局', 2],
      ['区住建局', 1],
    ],
    handling: '申诉求决类',
    purposes: [
      ['求决', 9],
      ['揭发控告', 1],
    ],
    place: 'plant',
    collective: true,
    opening: ['我是{compound}居民，小区旁边的{plant}位于{road}。', '我家住在{compound}，{plant}就在小区对面。'],
    themes: [
      {
        titles: ['{plant}夜间生产噪音扰民', '{plant}半夜作业，附近居民无法入睡', '投诉{plant}夜间噪音扰民'],
        problem: [
          '搅拌站每天晚上十点以后仍在生产，搅拌机和运输车辆的轰鸣声一直持续到凌晨，严重影响周边居民休息。',
          '搅拌站昼夜不停作业，罐车进进出出，噪音很大，家里老人和正在备考的孩子长期失眠。',
        ],
        demands: ['责令搅拌站停止夜间生产作业', '依法查处噪声超标排放行为'],
      },
      {
        titles: ['投诉{plant}噪音和粉尘污染', '{plant}粉尘污染严重，要求搬迁'],
        problem: ['搅拌站不仅噪音大，而且砂石料露天堆放，粉尘飞扬，窗户都不敢开，阳台上每天一层灰。'],
        demands: ['依法查处噪声和扬尘超标排放行为', '限期搬迁搅拌站'],
      },
    ],
    effort: [
      '我们多次拨打12345热线，执法人员来了之后只停一两天，又恢复原样。',
      '附近几个小区的居民都在反映，一直没有解决。',
    ],
    ask: ['恳请有关部门依法查处，还居民一个安静的环境。', '强烈要求搅拌站限期整改或搬迁。'],
    demands: ['安装隔音降噪和防尘设施'],
    facts: [
      '经{unit}夜间监测，{plant}厂界噪声夜间超过《工业企业厂界环境噪声排放标准》2类区标准，已立案调查。',
      '经现场检查，{plant}已取得排污许可，但夜间生产未办理相关手续，物料堆场未全部覆盖。',
    ],
    basis: ['《中华人民共和国噪声污染防治法》第二十四条、第七十四条；《中华人民共和国大气污染防治法》第七十二条'],
    answers: {
      支持: [
        '已对{plant}夜间噪声超标行为立案处罚，责令其晚22时至次日6时停止生产，并加装隔音屏障，将开展不定期夜查。',
        '已责令企业对物料堆场全封闭改造，运输车辆冲洗后出场。',
      ],
      解释说明: [
        '关于搬迁诉求，该搅拌站用地手续合法，搬迁须结合片区规划统筹安排，已向您作出解释；在此期间将加强监管。',
      ],
      不予支持: ['经多次监测，{plant}昼间噪声达标，您要求其立即关停的诉求缺乏法律依据，不予支持。'],
    },
    outcomes: [5, 4, 1],
  }),
  M({
    key: 'nightwork',
    cls: '环境保护/噪声污染/施工噪声',
    weight: 4,
    units: [
      ['区城管局', 4],
      ['区生态环境分局', 4],
      ['区住建局', 2],
    ],
    handling: '申诉求决类',
    purposes: [['求决', 10]],
    place: 'cross',
    opening: ['我住在{compound}，', '本人居住在{road}附近，'],
    themes: [
      {
        titles: ['{road}工地夜间施工噪音扰民', '投诉{road}与{road2}交叉口工地深夜施工', '{compound}旁工地违规夜间施工'],
        problem: [
          '小区对面的建筑工地连续一个多月每天施工到凌晨一两点，打桩机、渣土车的噪音非常大。',
          '{road}与{road2}交叉口的工地经常在夜间浇筑混凝土，灯光直射居民楼，噪音扰民。',
        ],
        demands: ['依法查处工地违规夜间施工行为'],
      },
    ],
    effort: [
      '我们打过多次电话投诉，工地说办了夜间施工许可，但从来没有公示过。',
      '执法部门来过几次，工地停了一晚又继续施工。',
    ],
    ask: ['请求有关部门依法查处。', '希望尽快解决，还居民一个安静的夜晚。'],
    demands: ['公示夜间施工许可情况', '督促工地采取降噪措施'],
    facts: [
      '经{unit}夜间巡查，{road}工地存在未经批准夜间施工的情况，已依法立案。',
      '经查，该工地因混凝土连续浇筑工艺要求办理了夜间施工证明，但未按规定在周边公示。',
    ],
    basis: ['《中华人民共和国噪声污染防治法》第四十三条、第七十七条', '《建筑施工场界环境噪声排放标准》'],
    answers: {
      支持: [
        '已对施工单位违规夜间施工行为依法处罚，并责令其严格执行22时至次日6时禁止施工的规定。',
        '已督促施工单位更换低噪声设备、设置隔音围挡。',
      ],
      解释说明: [
        '该工地因工艺要求确需连续作业的夜间施工已依法办理证明，已督促施工单位提前公告并采取降噪措施，情况已向您解释。',
      ],
      不予支持: ['经核查，您反映的时段内该工地已停止施工，未发现违规夜间施工行为。'],
    },
    outcomes: [5, 4, 1],
  }),
  M({
    key: 'oilfume',
    cls: '环境保护/大气污染/餐饮油烟',
    weight: 4,
    units: [
      ['区生态环境分局', 4],
      ['区城管局', 3],
      ['@street', 3],
    ],
    handling: '申诉求决类',
    purposes: [['求决', 10]],
    place: 'shop',
    opening: ['我家住在{compound}{building}，楼下是{shop}。', '我是{compound}居民，'],
    themes: [
      {
        titles: ['{road}{shop}油烟扰民', '投诉{compound}楼下{shop}油烟直排'],
        problem: [
          '{shop}的排烟管道直接对着居民楼，每天中午和晚上油烟呛人，家里根本不能开窗。',
          '{road}上的{shop}没有安装油烟净化设施，油烟直排，楼上住户的窗户全是油污。',
        ],
        demands: ['责令商户安装油烟净化设施并规范排放'],
      },
      {
        titles: ['{shop}油烟和噪音影响居民生活', '{shop}夜间露天烧烤扰民'],
        problem: ['{shop}夏天晚上在店外摆摊烧烤到深夜，油烟、噪音扰民，食客喧哗到凌晨。'],
        demands: ['取缔店外露天烧烤'],
      },
    ],
    effort: ['我们跟店主沟通过多次，对方置之不理。', '之前投诉过，来人看了一下就走了，问题一直没有解决。'],
    ask: ['请求有关部门依法查处。', '希望政府部门督促商户整改。'],
    demands: ['对违规排放行为依法处罚'],
    facts: [
      '经{unit}现场检查，{shop}油烟净化设施未正常使用，排烟口距居民窗户不足规定距离。',
      '经核查，{shop}已安装油烟净化器，但长期未清洗，存在油烟超标排放情况。',
    ],
    basis: ['《中华人民共和国大气污染防治法》第八十一条、第一百一十八条', '《饮食业油烟排放标准》（GB 18483）'],
    answers: {
      支持: ['已责令{shop}更换高效油烟净化设施、排烟口加高至楼顶，并对其露天烧烤行为依法处罚，整改已通过复查。'],
      解释说明: ['{shop}已完成油烟净化设施清洗和检测，排放浓度符合标准，后续将纳入日常巡查，情况已向您说明。'],
      不予支持: ['经监测，{shop}油烟排放浓度符合国家标准，您要求其停业的诉求缺乏依据，不予支持。'],
    },
    outcomes: [6, 3, 1],
  }),
  M({
    key: 'migrantwage',
    cls: '劳动和社会保障/工资福利/拖欠农民工工资',
    weight: 6,
    units: [
      ['区人社局', 9],
      ['区住建局', 1],
    ],
    handling: '申诉求决类',
    purposes: [['求决', 10]],
    place: 'company',
    collective: true,
    opening: ['我们是在{compound}项目务工的农民工，受雇于{company}。', '本人于{ym2}起在{company}承建的工地干活，'],
    themes: [
      {
        titles: ['{company}拖欠农民工工资', '反映{compound}项目拖欠{n}名工人工资'],
        problem: ['从{ym}起，公司以甲方没有拨款为由一直拖欠工资，我们{n}人共被拖欠工资约{amount}万元。'],
        demands: ['督促用工单位足额支付拖欠的工资'],
      },
      {
        titles: ['讨要在{company}务工期间被拖欠的工资', '包工头跑路，{company}拒付工资'],
        problem: [
          '工程完工后包工头和公司互相推诿，我个人被拖欠工资{wage}元。',
          '包工头{ym}拿了工程款后跑路，公司说工资已经给了包工头，不再支付。',
        ],
        demands: ['督促总承包单位先行清偿拖欠的工资'],
      },
    ],
    effort: [
      '我们多次找项目部和公司讨要，对方一拖再拖，现在连人都找不到了。',
      '马上过年了，家里老人孩子等着这笔钱用。',
    ],
    ask: ['恳请政府帮助我们讨回血汗钱。', '请求有关部门督促公司尽快支付工资。'],
    demands: ['依法查处恶意拖欠工资行为', '启用工资保证金先行垫付'],
    facts: [
      '经{unit}劳动保障监察调查，{company}拖欠{n}名农民工工资共计{amount}万元，事实清楚。',
      '经核查，{company}承建项目未按规定开设农民工工资专用账户，存在拖欠工资情形。',
    ],
    basis: ['《保障农民工工资支付条例》第三十条、第三十六条、第五十四条', '《劳动保障监察条例》第二十六条'],
    answers: {
      支持: [
        '经{unit}督促，{company}已于近期足额支付拖欠的工资，工人已签字确认领取。',
        '已动用工资保证金先行垫付拖欠工资，并对{company}下达劳动保障监察责令改正决定书。',
      ],
      解释说明: ['对工资数额有争议的部分，可向区劳动人事争议仲裁委员会申请仲裁，已告知申请方式并提供法律援助。'],
      不予支持: ['经调查，您与{company}之间不存在劳动关系，所主张的款项属于工程款纠纷，不属于劳动保障监察处理范围。'],
    },
    outcomes: [7, 2, 1],
  }),
  M({
    key: 'wage',
    cls: '劳动和社会保障/工资福利/拖欠工资',
    weight: 3,
    units: [['区人社局', 10]],
    handling: '申诉求决类',
    purposes: [['求决', 10]],
    place: 'company',
    opening: ['本人于{ym2}入职{company}，', '我是{company}的员工，'],
    themes: [
      {
        titles: ['{company}拖欠员工工资', '{company}连续{months}个月不发工资'],
        problem: ['公司自{ym}起以经营困难为由拖欠工资，累计{months}个月共{wage}元。'],
        demands: ['督促公司支付拖欠的工资'],
      },
      {
        titles: ['离职后{company}拒发工资', '反映{company}克扣工资、不发加班费'],
        problem: ['离职时公司以“未提前一个月通知”为由扣发当月工资和加班费共{wage}元。'],
        demands: ['督促公司支付被扣发的工资和加班费'],
      },
    ],
    effort: ['找公司人事多次，对方一直推脱。', '公司老板不接电话，现在公司已经搬走了。'],
    ask: ['请求有关部门帮忙讨要工资。', '希望劳动部门依法处理。'],
    demands: ['依法查处克扣工资的行为'],
    facts: [
      '经{unit}调查，{company}确存在拖欠工资情形，已下达责令改正指令书。',
      '经核查，{company}已停止经营，法定代表人下落不明。',
    ],
    basis: ['《中华人民共和国劳动法》第五十条；《工资支付暂行规定》第九条', '《劳动保障监察条例》第二十六条'],
    answers: {
      支持: ['经{unit}督促，{company}已支付拖欠工资{wage}元。'],
      解释说明: ['因用人单位已停止经营，建议您向区劳动人事争议仲裁委员会申请仲裁，已为您提供法律援助指引。'],
      不予支持: ['经调查，公司扣发的部分系依法代扣的个人社保缴费，不属于克扣工资。'],
    },
    outcomes: [6, 3, 1],
  }),
  M({
    key: 'labor',
    cls: '劳动和社会保障/劳动关系',
    weight: 3,
    units: [['区人社局', 10]],
    handling: '申诉求决类',
    purposes: [
      ['求决', 7],
      ['申诉', 3],
    ],
    place: 'company',
    legal: 0.2,
    opening: ['本人在{company}工作{years}年，', '我于{ym2}入职{company}，'],
    themes: [
      {
        titles: ['{company}违法解除劳动合同', '要求{company}支付经济补偿金'],
        problem: ['{ym}公司突然以“组织架构调整”为由通知我不用再来上班，没有任何书面手续，也不支付经济补偿。'],
        demands: ['要求公司支付违法解除劳动合同赔偿金'],
        facts: ['经{unit}调查，{company}解除劳动合同未履行法定程序，已责令其改正。'],
      },
      {
        titles: ['反映{company}不签劳动合同、不缴社保'],
        problem: ['公司一直不和员工签订书面劳动合同，也没有依法缴纳社会保险，员工生病住院都不能报销。'],
        demands: ['督促公司补签劳动合同', '要求公司补缴社会保险'],
        facts: ['经{unit}调查，{company}未与您签订书面劳动合同，未依法为您缴纳社会保险。'],
      },
    ],
    effort: ['我与公司协商多次无果。', '我已向劳动仲裁提出申请，但公司拒不到庭。'],
    ask: ['请求有关部门主持公道。', '希望依法维护劳动者的合法权益。'],
    demands: [],
    facts: ['经核查，您与{company}的劳动争议已由区劳动人事争议仲裁委员会受理。'],
    basis: ['《中华人民共和国劳动合同法》第十条、第八十二条、第八十七条', '《中华人民共和国劳动争议调解仲裁法》第五条'],
    answers: {
      支持: ['已责令{company}为您补缴社会保险并补签劳动合同，公司已整改完毕。'],
      解释说明: ['经济补偿金和赔偿金的争议属于劳动争议，应通过劳动仲裁解决，已告知您申请仲裁的程序和时限。'],
      不予支持: ['您的劳动争议已经仲裁裁决并生效，要求重新处理的诉求不予支持。'],
    },
    outcomes: [3, 6, 1],
  }),
  M({
    key: 'pension',
    cls: '劳动和社会保障/社会保险/养老保险',
    weight: 3,
    units: [['区人社局', 10]],
    handling: '申诉求决类',
    purposes: [
      ['求决', 8],
      ['咨询', 2],
    ],
    place: 'none',
    opening: ['本人今年即将达到退休年龄，', '我是本区居民，原在国有企业工作，'],
    themes: [
      {
        titles: ['要求补缴{years}年养老保险', '原单位改制导致养老保险中断'],
        problem: ['在查询社保记录时发现{ym2}前后有{years}年的缴费记录缺失，原单位已经改制，无法补缴。'],
        demands: ['帮助补缴中断期间的养老保险'],
        facts: ['经{unit}核查档案，您在原单位改制前的工作经历有招工表、工资表等材料佐证，可按规定认定视同缴费年限。'],
        direct: [
          '您咨询的养老保险补缴政策，已电话告知：可携带身份证和原单位证明材料到区政务服务中心社保窗口办理，补缴标准按当年缴费基数确定。',
        ],
      },
      {
        titles: ['反映养老金核定有误', '要求重新核定视同缴费年限'],
        problem: ['退休后核定的养老金明显低于同工龄的同事，我认为视同缴费年限计算有误。'],
        demands: ['重新核定养老金待遇'],
        facts: ['经核查，您的养老金已按现行政策核定，计算无误。'],
      },
    ],
    effort: ['我到社保窗口问过几次，工作人员说需要原单位出具证明。', '我多次咨询，得到的答复都不一致。'],
    ask: ['请求有关部门帮助解决。', '请求有关部门给予书面答复。'],
    demands: ['书面答复相关政策'],
    facts: ['经{unit}核查，您的参保缴费记录已调取核对。'],
    basis: ['《中华人民共和国社会保险法》第十六条；本省企业职工基本养老保险实施办法'],
    answers: {
      支持: ['已为您认定视同缴费年限并重新核定养老金，差额部分已补发。'],
      解释说明: ['补缴和待遇核定的具体政策已向您书面说明，可携带相关材料到社保窗口办理。'],
      不予支持: ['经核查，您的养老金核定符合政策规定，要求提高待遇的诉求不予支持。'],
    },
    outcomes: [3, 6, 1],
  }),
  M({
    key: 'school',
    cls: '教育文体/招生入学',
    weight: 3,
    units: [['区教育局', 10]],
    handling: '申诉求决类',
    purposes: [
      ['求决', 8],
      ['意见建议', 2],
    ],
    place: 'school',
    collective: true,
    opening: ['我是{compound}业主，孩子今年该上小学一年级。', '我们是{compound}的家长，'],
    themes: [
      {
        titles: ['{compound}业主子女学位无法落实', '反映{school}学区划分不合理'],
        problem: ['购房时开发商宣传对口{school}，但今年学区划分后小区被划到了离家五公里外的学校。'],
        demands: ['按就近入学原则安排学位', '公开学区划分依据和学位数量'],
      },
      {
        titles: ['孩子被调剂到离家很远的学校就读', '{school}学位已满，孩子被调剂'],
        problem: ['孩子按规定报名{school}，却被告知学位已满，要调剂到其他学校，每天上学要换乘两次公交。'],
        demands: ['按就近入学原则安排学位', '开通校车或调整公交线路'],
      },
    ],
    effort: ['我们向学校和教育局咨询过，没有得到明确答复。', '小区几十户家庭都面临同样的问题。'],
    ask: ['请求教育部门统筹解决学位问题。', '希望孩子能够就近入学。'],
    demands: [],
    facts: [
      '经{unit}核查，{school}今年一年级计划招生360人，实际符合条件报名412人，超出学位承载能力。',
      '经查，{compound}所在片区学区划分系根据生源变化依法调整，并已提前向社会公示。',
    ],
    basis: ['《中华人民共和国义务教育法》第十二条；本区义务教育阶段招生入学工作实施方案'],
    answers: {
      支持: ['已协调在{school}增设一个教学班，您的孩子已安排到该校就读。', '已协调公交公司在上下学时段加开定制公交。'],
      解释说明: ['学区划分依据生源和学位情况统筹确定，已按程序公示，调剂学校均为优质均衡学校，情况已向您详细解释。'],
      不予支持: ['您的孩子不符合{school}学区的入学条件，要求就读该校的诉求不予支持。'],
    },
    outcomes: [2, 6, 2],
  }),
  M({
    key: 'training',
    cls: '教育文体/教育管理',
    weight: 2,
    units: [
      ['区教育局', 5],
      ['区市场监管局', 5],
    ],
    handling: '申诉求决类',
    purposes: [['求决', 10]],
    place: 'training',
    collective: true,
    opening: ['我于{ym2}在{training}为孩子报名课程，一次性预交学费{fee2}元。', '我们是{training}的学员家长，'],
    themes: [
      {
        titles: ['{training}突然关门拒不退费', '校外培训机构{training}跑路', '要求{training}退还预交学费'],
        problem: [
          '{ym}机构突然以“装修”为由停课，之后负责人失联，剩余课时无法继续上课。',
          '机构停业后承诺退费，但至今分文未退，受影响的家长有一百多人。',
        ],
        demands: ['督促培训机构退还剩余课时学费'],
      },
    ],
    effort: ['我们到机构所在地多次，门一直锁着。', '家长们建了维权群，已经向派出所报过案。'],
    ask: ['恳请政府部门帮助追回学费。', '希望政府加强对校外培训机构的监管。'],
    demands: ['依法查处培训机构违规收费行为', '加强预收费资金监管'],
    facts: [
      '经{unit}调查，{training}已停业，经营者下落不明，涉及预付费学员约120人。',
      '经核查，{training}超期预收学费，未将预收费资金纳入监管账户。',
    ],
    basis: ['《中华人民共和国消费者权益保护法》第五十三条；《校外培训机构预收费资金监管办法》'],
    answers: {
      支持: ['经协调，机构已从监管账户中按剩余课时比例退还学费，您的款项已退回原支付账户。'],
      解释说明: ['机构负责人涉嫌合同诈骗已移送公安机关处理，退费事宜将依法追缴后按比例发还，进展将及时告知。'],
      不予支持: ['您所报名的课程已按合同上完，要求全额退费的诉求不予支持。'],
    },
    outcomes: [4, 5, 1],
  }),
  M({
    key: 'medins',
    cls: '卫生计生/医疗保障',
    weight: 3,
    units: [['区医保局', 10]],
    handling: '申诉求决类',
    purposes: [
      ['求决', 8],
      ['咨询', 2],
    ],
    place: 'hospital',
    opening: ['本人患有慢性病，常年在{hospital}治疗。', '我是本区参保居民，'],
    themes: [
      {
        titles: ['异地就医医保报销比例过低', '外地住院费用报销被打折'],
        opening: ['我母亲{ym}在外地住院治疗，'],
        problem: ['出院后到医保窗口报销，被告知未办理异地就医备案，报销比例只有百分之三十。'],
        demands: ['按规定比例报销住院费用'],
        facts: ['经{unit}核查，您母亲外地住院时未办理异地就医备案，按规定报销比例下调。'],
        direct: [
          '您咨询的异地就医备案问题，已告知可通过国家医保服务平台APP或到区医保服务大厅办理备案，备案后按规定比例报销。',
        ],
      },
      {
        titles: ['反映门诊慢特病医保报销难', '门诊慢特病待遇申请未通过'],
        problem: ['门诊慢特病待遇申请了两次都没有通过，每月自费药费一千多元。'],
        demands: ['重新审核门诊慢特病待遇申请'],
        facts: ['经复核，您的门诊慢特病申请材料中缺少近六个月的检查报告。'],
      },
    ],
    effort: ['我到医保窗口咨询过多次，对政策解释不清楚。', '家庭困难，医疗负担很重。'],
    ask: ['请求有关部门给予合理报销。', '希望简化报销手续。'],
    demands: ['书面说明报销政策'],
    facts: ['经{unit}核查，您的医保结算记录已调取复核。'],
    basis: ['《医疗保障基金使用监督管理条例》；本市基本医疗保险异地就医管理办法'],
    answers: {
      支持: ['经复核，您符合补办条件，已按正常比例重新结算，差额{wage}元已拨付。'],
      解释说明: ['相关报销政策已向您说明，今后可通过国家医保服务平台APP线上办理备案和申请，具体操作已向您演示。'],
      不予支持: ['您申请报销的部分药品不在医保目录内，不予报销。'],
    },
    outcomes: [3, 6, 1],
  }),
  M({
    key: 'medical',
    cls: '卫生计生/医疗纠纷',
    weight: 2,
    units: [['区卫健委', 10]],
    handling: '申诉求决类',
    purposes: [
      ['求决', 6],
      ['申诉', 4],
    ],
    place: 'hospital',
    legal: 0.3,
    opening: ['我父亲于{ym}在{hospital}住院治疗，', '本人{ym}在{hospital}做手术，'],
    themes: [
      {
        titles: ['{hospital}医疗过错致家属病情加重', '对{hospital}诊疗过程有异议'],
        problem: [
          '术后出现严重感染，医院没有及时处理，导致病情加重，转院后花费十几万元。',
          '医生在没有充分告知风险的情况下进行手术，术后留下后遗症。',
        ],
        demands: ['对医院的诊疗行为进行调查', '组织医疗事故技术鉴定'],
      },
    ],
    effort: ['我们找医院协商，医院只同意补偿很少的费用。', '我已向法院起诉，但案件一直没有审结。'],
    ask: ['请求卫生部门依法处理。', '希望有关部门主持公道。'],
    demands: ['督促医院赔偿损失'],
    facts: [
      '经{unit}调查，{hospital}在诊疗过程中存在病历书写不规范、告知不充分等问题。',
      '经核查，您与{hospital}的医疗纠纷已进入诉讼程序。',
    ],
    basis: ['《医疗纠纷预防和处理条例》第二十二条、第三十四条', '《医疗事故处理条例》第二十条'],
    answers: {
      支持: ['已责令{hospital}整改病历管理和知情告知制度，并对相关医务人员作出处理。'],
      解释说明: ['医疗损害赔偿可通过医疗纠纷人民调解委员会调解或向人民法院提起诉讼，已告知具体途径。'],
      不予支持: ['经医疗事故技术鉴定，本案不构成医疗事故，您要求医院赔偿的诉求不予支持。'],
    },
    outcomes: [2, 6, 2],
  }),
  M({
    key: 'prepaid',
    cls: '经济管理/市场监管/消费维权',
    weight: 3,
    units: [['区市场监管局', 10]],
    handling: '申诉求决类',
    purposes: [['求决', 10]],
    place: 'prepaid',
    collective: true,
    opening: ['我于{ym2}在{prepaid}办理会员卡，充值{fee2}元。', '我们是{prepaid}的会员，'],
    themes: [
      {
        titles: ['{prepaid}办卡后关门跑路', '要求{prepaid}退还预付卡余额'],
        problem: ['{ym}店铺突然关门，店内张贴“装修暂停营业”，之后老板失联，卡内余额无法使用。'],
        demands: ['督促商家退还预付卡余额'],
      },
      {
        titles: ['反映{prepaid}诱导办卡、拒不退款'],
        problem: ['店员以打折为名诱导我多次充值，现在要求退卡，店方以各种理由拒绝，还要扣除高额手续费。'],
        demands: ['督促商家退还预付卡余额', '依法查处商家违规经营行为'],
      },
    ],
    effort: ['受影响的会员有几百人，大家多次到店里找人都没有结果。', '打12315投诉后店方仍不退款。'],
    ask: ['请求有关部门帮助追回损失。', '希望加强对预付式消费的监管。'],
    demands: ['建立预付卡消费监管机制'],
    facts: [
      '经{unit}调查，{prepaid}已停业，经营者失联，涉及会员约300人，预付卡余额约{amount}万元。',
      '经核查，{prepaid}在办卡时未与消费者签订书面合同，存在格式条款不公平情形。',
    ],
    basis: ['《中华人民共和国消费者权益保护法》第五十三条；《单用途商业预付卡管理办法（试行）》'],
    answers: {
      支持: ['经调解，{prepaid}已同意按卡内余额全额退款，款项已退还。'],
      解释说明: ['经营者涉嫌诈骗已移交公安机关，退款事宜将在追缴后依法处理；您也可通过民事诉讼途径主张权利。'],
      不予支持: ['您的预付卡已过合同约定有效期且已提前告知，要求全额退款的诉求不予支持。'],
    },
    outcomes: [5, 4, 1],
  }),
  M({
    key: 'food',
    cls: '经济管理/食品药品监管/食品安全',
    weight: 3,
    units: [['区市场监管局', 10]],
    handling: '检举控告类',
    purposes: [
      ['揭发控告', 6],
      ['求决', 4],
    ],
    place: 'shop',
    opening: ['我是附近居民，', '本人经常在{road}一带就餐、购物，'],
    themes: [
      {
        titles: ['在{shop}就餐后出现食物中毒症状'],
        opening: ['本人{ym}在{road}的{shop}就餐，'],
        problem: ['就餐后全家出现腹泻、呕吐症状，到医院诊断为急性胃肠炎，我找店方协商，对方拒绝赔偿。'],
        demands: ['要求商家赔偿医疗费用', '对商家进行检查并依法处罚'],
      },
      {
        titles: ['{shop}后厨卫生脏乱差'],
        problem: ['发现{shop}后厨老鼠出没、食材随地堆放，从业人员未戴口罩和帽子。'],
        demands: ['对商家进行检查并依法处罚'],
      },
      {
        titles: ['举报{road}某超市销售过期食品'],
        problem: ['在{road}一家超市购买的牛奶和面包均已过保质期，货架上还有不少临期商品没有标注。'],
        demands: ['对超市进行检查并依法处罚'],
        facts: ['经抽检，该超市货架上有3种食品超过保质期，已责令下架并立案调查。'],
      },
    ],
    effort: ['我已保留购物小票和照片。', '向店方反映后对方不予理睬。'],
    ask: ['请求市场监管部门依法查处。', '希望加强食品安全监管。'],
    demands: ['公布处理结果'],
    facts: ['经{unit}现场检查，{shop}后厨存在防鼠设施缺失、生熟食材混放等问题，已立案调查。'],
    basis: ['《中华人民共和国食品安全法》第三十四条、第一百二十四条、第一百四十八条'],
    answers: {
      支持: ['已对商家食品安全违法行为立案处罚，责令停业整改，整改已通过复查。'],
      解释说明: ['关于赔偿的请求属于民事争议，可与商家协商或依法向人民法院起诉，已向您说明。'],
      不予支持: ['经检查，未发现您反映的问题，商家所售食品均在保质期内。'],
    },
    outcomes: [6, 3, 1],
  }),
  M({
    key: 'unlicensed',
    cls: '经济管理/市场监管/无证经营',
    weight: 2,
    units: [
      ['区市场监管局', 6],
      ['@street', 4],
    ],
    handling: '检举控告类',
    purposes: [
      ['揭发控告', 7],
      ['求决', 3],
    ],
    place: 'compound',
    opening: ['我是{compound}居民，', '本人住在{compound}附近，'],
    themes: [
      {
        titles: ['{compound}居民楼内开设无证小作坊', '{compound}一楼住宅违规改作加工作坊'],
        problem: ['小区{building}一楼有人把住宅改成加工作坊，没有营业执照，每天加工到深夜，还有大量易燃物品堆放。'],
        demands: ['依法取缔无证经营行为', '清除消防安全隐患'],
      },
      {
        titles: ['举报{road}无证经营废品收购站'],
        problem: ['{road}路边有人无证收购废品，占道堆放，气味难闻，存在消防隐患。'],
        demands: ['依法取缔无证经营行为'],
      },
    ],
    effort: ['我们向社区反映过，没有效果。', '多次投诉后只是临时清理。'],
    ask: ['请求有关部门依法取缔。', '希望尽快处理。'],
    demands: ['加强日常巡查'],
    facts: [
      '经{unit}会同{street}检查，该经营户未取得营业执照，已责令停止经营活动。',
      '经核查，该场所存在无照经营情形，已依法处理。',
    ],
    basis: ['《无证无照经营查处办法》第二条、第十三条；《中华人民共和国消防法》第十九条'],
    answers: {
      支持: ['已依法取缔该无证经营场所，清除易燃物品，并纳入网格日常巡查。'],
      解释说明: ['该经营户已依法办理营业执照，经营场所符合要求，已督促其规范经营。'],
      不予支持: ['经核查，该处为居民自用仓库，未发现经营行为。'],
    },
    outcomes: [6, 3, 1],
  }),
  M({
    key: 'illegalbuilding',
    cls: '城乡建设/城市管理执法',
    weight: 4,
    units: [
      ['区城管局', 5],
      ['@street', 5],
    ],
    handling: '检举控告类',
    purposes: [
      ['揭发控告', 6],
      ['求决', 4],
    ],
    place: 'compound',
    opening: ['我是{compound}{building}业主，', '本人住在{compound}，'],
    themes: [
      {
        titles: ['{compound}顶楼业主私搭乱建', '{compound}楼顶违建导致楼下渗水'],
        problem: ['顶楼住户在楼顶平台违法搭建了一百多平方米的阳光房，造成楼下渗水，还存在安全隐患。'],
        demands: ['依法拆除违章建筑', '赔偿因违建造成的渗水损失'],
      },
      {
        titles: ['举报{compound}一楼业主违规扩建院落', '{compound}违章建筑占用公共绿地'],
        problem: ['一楼业主私自破墙开门、扩建院落，占用公共绿地，影响其他住户通行和采光。'],
        demands: ['依法拆除违章建筑', '恢复公共绿地原貌'],
      },
    ],
    effort: ['我们向物业和社区多次反映，对方说没有执法权。', '城管来看过一次，之后就没有下文了。'],
    ask: ['请求依法拆除违章建筑。', '希望执法部门尽快处理。'],
    demands: [],
    facts: ['经{unit}现场勘查，{compound}确有未经规划许可的搭建物，已下达限期拆除通知书。'],
    basis: ['《中华人民共和国城乡规划法》第四十条、第六十四条；《物业管理条例》第五十条'],
    answers: {
      支持: ['违章建筑已于近期依法拆除，公共部位已恢复原状。'],
      解释说明: ['渗水损失赔偿属于相邻关系纠纷，可与对方协商或依法诉讼，社区可组织调解。'],
      不予支持: ['经核查，该建筑物已取得规划许可，不属于违法建设。'],
    },
    outcomes: [5, 4, 1],
  }),
  M({
    key: 'road',
    cls: '城乡建设/城市建设和市政管理',
    weight: 4,
    units: [
      ['区住建局', 5],
      ['区城管局', 5],
    ],
    handling: '申诉求决类',
    purposes: [
      ['求决', 6],
      ['意见建议', 4],
    ],
    place: 'cross',
    opening: ['我每天经过{road}上下班，', '本人是{compound}居民，'],
    themes: [
      {
        titles: ['{road}路面破损严重', '建议修缮{road}人行道'],
        problem: ['{road}与{road2}交叉口一带路面坑洼不平，人行道砖松动，已有多人骑车摔倒。'],
        demands: ['尽快修复路面和人行道'],
        answers: { 支持: ['{road}破损路面和人行道已完成修补。'] },
      },
      {
        titles: ['{road}路灯长期不亮'],
        problem: ['{road}一段路灯已经半年多不亮，晚上行人和车辆通行很不安全。'],
        demands: ['修复路灯'],
        facts: ['经核查，{road}路灯线路因施工被挖断，已安排维修。'],
        answers: { 支持: ['{road}路灯线路已修复，恢复夜间照明。'] },
      },
      {
        titles: ['{road}与{road2}交叉口雨天积水严重'],
        problem: ['每逢下雨，{road}与{road2}交叉口积水没过脚踝，附近小区居民出行非常不便。'],
        demands: ['疏通排水管网，解决积水问题'],
        answers: { 支持: ['{road}排水管网已完成清淤，并新增两处雨水口。'] },
      },
    ],
    effort: ['向12345反映过，说已经派单，但一直没人来修。', '附近居民对此意见很大。'],
    ask: ['请求有关部门尽快处理。', '建议纳入市政维修计划。'],
    demands: [],
    facts: ['经{unit}现场查看，{road}部分路段设施破损，已安排维修。'],
    basis: ['《城市道路管理条例》第二十一条；《城镇排水与污水处理条例》'],
    answers: {
      支持: ['相关设施已完成维修。'],
      解释说明: ['{road}整体改造已列入明年市政建设计划，在此之前将先行对危险路段进行处置。'],
      不予支持: ['该路段属于在建工程范围，由施工单位负责维护，已告知您向建设单位反映。'],
    },
    outcomes: [6, 3, 1],
  }),
  M({
    key: 'bus',
    cls: '交通运输/公共交通',
    weight: 2,
    units: [['区交通运输局', 10]],
    handling: '建议意见类',
    purposes: [
      ['意见建议', 7],
      ['求决', 3],
    ],
    place: 'road',
    opening: ['我是{compound}居民，', '本人每天乘坐{bus}公交上下班，'],
    themes: [
      {
        titles: ['建议在{compound}附近增设公交站点'],
        problem: ['小区入住已经超过三千户，但附近一公里内没有公交站点，老人和孩子出行很不方便。'],
        demands: ['在小区附近增设公交站点'],
        answers: { 支持: ['经研究，{bus}公交线路已调整经过{compound}并增设站点。'] },
      },
      {
        titles: ['{bus}公交班次少、等车时间长', '建议{bus}公交延长运营时间'],
        problem: ['{bus}公交高峰期班次间隔超过二十分钟，末班车晚上八点就停了。'],
        demands: ['加密高峰时段班次', '延长末班车时间'],
        answers: { 支持: ['{bus}公交高峰班次已加密至十分钟一班，末班车延长至晚九点半。'] },
      },
    ],
    effort: ['希望有关部门考虑居民的实际需求。'],
    ask: ['建议优化公交线路。', '恳请尽快解决。'],
    demands: [],
    facts: ['经{unit}调研，{compound}片区公交覆盖率偏低，已组织公交公司研究线路优化方案。'],
    basis: ['《城市公共交通条例》；本市公共交通线网规划'],
    answers: {
      支持: ['已会同公交公司优化线路和班次。'],
      解释说明: ['您的建议已转公交公司纳入线网优化方案统筹研究，感谢您对公共交通工作的关心。'],
      不予支持: ['经客流调查，该区域客流不足以支撑调整线路，暂不调整。'],
    },
    outcomes: [4, 5, 1],
  }),
  M({
    key: 'taxi',
    cls: '交通运输/出租车与网约车',
    weight: 1,
    units: [['区交通运输局', 10]],
    handling: '申诉求决类',
    purposes: [
      ['求决', 8],
      ['揭发控告', 2],
    ],
    place: 'road',
    opening: ['我于{ym}在{road}乘坐出租车，', '本人经常在{road}一带打车，'],
    themes: [
      {
        titles: ['出租车司机绕路多收费', '出租车司机拒载、态度恶劣'],
        problem: ['司机故意绕路，多收费用，我提出异议后司机态度恶劣。'],
        demands: ['查处司机绕路多收费的行为', '退还多收的车费'],
      },
      {
        titles: ['{road}火车站周边黑车揽客'],
        problem: ['车站周边经常有黑车拉客，价格随意，正规出租车反而拒载。'],
        demands: ['整治车站周边非法营运'],
        answers: { 支持: ['车站周边非法营运已纳入联合整治，查处非法营运车辆多辆。'] },
      },
    ],
    effort: ['我已保留行程记录和发票。'],
    ask: ['请求有关部门依法处理。'],
    demands: [],
    facts: ['经{unit}调查核实，涉事驾驶员存在违规行为，已依法处理。'],
    basis: ['《巡游出租汽车经营服务管理规定》第二十八条；《网络预约出租汽车经营服务管理暂行办法》'],
    answers: {
      支持: ['已对涉事驾驶员作出处罚，多收车费已退还。'],
      解释说明: ['车站周边秩序已纳入联合整治，将持续开展专项行动。'],
      不予支持: ['经调取行车记录，该行程路线合理，不存在绕路情况。'],
    },
    outcomes: [5, 4, 1],
  }),
  M({
    key: 'dibaoaccuse',
    cls: '民政/社会救助',
    weight: 1,
    units: [['区民政局', 10]],
    handling: '检举控告类',
    purposes: [['揭发控告', 10]],
    place: 'village',
    accused: { name: '{cadre}', note: '{village}村委会干部，反映其优亲厚友违规办理低保' },
    opening: ['我是{street}{village}村民，', '本人系{village}村民，'],
    themes: [
      {
        titles: ['举报{village}村干部优亲厚友办理低保', '举报{village}村干部亲属违规享受低保'],
        problem: [
          '村干部{cadre}利用职务便利，为自己的亲属违规办理低保，其亲属有两套房、一辆车，家庭条件明显不符合条件。',
        ],
        demands: ['调查村干部违规办理低保问题', '取消不符合条件人员的低保待遇'],
      },
      {
        titles: ['反映{village}低保评定不公开'],
        problem: ['村里评定低保从来不开村民代表大会，也不公示，村干部{cadre}说了算，真正困难的家庭反而评不上。'],
        demands: ['规范低保评议公示程序'],
      },
    ],
    effort: ['大家敢怒不敢言，怕遭到打击报复。', '我曾向村里反映过，没有任何回应。'],
    ask: ['请求有关部门调查处理，并为举报人保密。'],
    demands: [],
    facts: [
      '经{unit}会同有关部门入户核查，{village}有2户低保对象家庭收入超过保障标准。',
      '经核查，{village}低保评议程序基本规范，但公示时间不足。',
    ],
    basis: ['《社会救助暂行办法》第十一条、第六十六条；《最低生活保障审核确认办法》'],
    answers: {
      支持: ['已取消2户不符合条件家庭的低保待遇，追回违规发放的资金，相关人员已移交纪检监察机关处理。'],
      解释说明: ['已督促{village}严格执行民主评议和公示制度，今后评议结果公示不少于七天。'],
      不予支持: ['经入户核查，您反映的人员家庭经济状况符合低保条件，不存在违规办理问题。'],
    },
    outcomes: [4, 4, 2],
  }),
  M({
    key: 'dibao',
    cls: '民政/社会救助',
    weight: 2,
    units: [
      ['区民政局', 5],
      ['@street', 5],
    ],
    handling: '申诉求决类',
    purposes: [['求决', 10]],
    place: 'compound',
    opening: ['我家住在{compound}，', '本人是{street}居民，'],
    themes: [
      {
        titles: ['申请低保未获批准', '因病致贫请求给予救助'],
        problem: [
          '我患有尿毒症，每周透析三次，丈夫下岗，家里还有一个上学的孩子，生活非常困难，向社区申请低保两次都没有批下来。',
        ],
        demands: ['重新审核低保申请', '给予临时救助'],
      },
      {
        titles: ['要求恢复被取消的低保待遇'],
        problem: ['去年我家的低保被取消，理由是家里有一辆车，但这辆车是残疾人代步车。'],
        demands: ['恢复低保待遇'],
      },
    ],
    effort: ['多次找街道，没有结果。', '家里实在没有办法了。'],
    ask: ['恳请政府给予救助。'],
    demands: ['协助申请大病医疗救助'],
    facts: [
      '经{unit}入户调查，您家庭人均收入低于本区低保标准，符合条件。',
      '经核查，您家庭名下有商用车辆一辆，不符合低保条件。',
    ],
    basis: ['《社会救助暂行办法》第九条；《最低生活保障审核确认办法》第十一条'],
    answers: {
      支持: ['已为您家庭办理最低生活保障，并给予临时救助一次。'],
      解释说明: ['已协助您申请医疗救助，相关政策已向您解释。'],
      不予支持: ['您家庭收入和财产状况不符合低保条件，不予支持。'],
    },
    outcomes: [4, 4, 2],
  }),
  M({
    key: 'elderly',
    cls: '民政/养老服务',
    weight: 2,
    units: [['区民政局', 10]],
    handling: '建议意见类',
    purposes: [
      ['意见建议', 6],
      ['求决', 4],
    ],
    place: 'compound',
    opening: ['我是{compound}的退休职工，', '本人今年八十二岁，住在{compound}，'],
    themes: [
      {
        titles: ['建议在{compound}设立社区老年食堂'],
        problem: ['小区老年人很多，子女都不在身边，吃饭成了大问题，希望能在社区办个老年食堂。'],
        demands: ['在社区设立老年食堂'],
        answers: { 支持: ['{compound}老年助餐点已于近期开业。'] },
      },
      {
        titles: ['反映{compound}养老服务站未正常运营'],
        problem: ['小区养老服务站挂牌一年多，一直大门紧锁，没有开展服务。'],
        demands: ['督促养老服务站正常运营'],
        facts: ['经{unit}调查，{compound}养老服务站因运营方变更暂停服务。'],
        answers: { 支持: ['{compound}养老服务站已更换运营方并恢复服务。'] },
      },
      {
        titles: ['高龄津贴未按时发放'],
        problem: ['我的高龄津贴已经三个月没有到账。'],
        demands: ['补发高龄津贴'],
        answers: { 支持: ['经核查系银行账户变更所致，高龄津贴已补发。'] },
      },
    ],
    effort: ['希望政府关心老年人的生活。'],
    ask: ['恳请有关部门研究解决。'],
    demands: [],
    facts: ['经{unit}核查，您反映的情况基本属实。'],
    basis: ['《中华人民共和国老年人权益保障法》第三十七条；本市居家社区养老服务条例'],
    answers: {
      支持: ['相关问题已解决。'],
      解释说明: ['您的建议已纳入明年社区养老服务设施建设计划统筹考虑。'],
      不予支持: ['经核查，您的高龄津贴已按时发放至社保卡，请注意查收。'],
    },
    outcomes: [4, 5, 1],
  }),
  M({
    key: 'veteran',
    cls: '组织人事/退役军人',
    weight: 1.5,
    units: [['区退役军人事务局', 10]],
    handling: '申诉求决类',
    purposes: [
      ['求决', 8],
      ['申诉', 2],
    ],
    place: 'none',
    opening: ['本人于{ym2}退役，', '我是一名参战退役军人，'],
    themes: [
      {
        titles: ['退役士兵要求落实安置待遇'],
        problem: ['退役后一直没有安排工作，按政策应享受的待遇至今没有落实。'],
        demands: ['落实退役安置待遇'],
        facts: ['经{unit}核查档案，您的退役安置已按当时政策办理完毕。'],
      },
      {
        titles: ['反映参战退役人员优抚金未落实', '要求补办退役军人优待证'],
        problem: ['按规定应享受的参战优抚补助没有发放，优待证也一直没有办下来。'],
        demands: ['发放优抚补助', '办理优待证'],
        facts: ['经核查，您符合参战退役人员优抚条件，已纳入发放范围。'],
      },
    ],
    effort: ['向有关部门反映多次，都说在研究。'],
    ask: ['请求落实相关政策。'],
    demands: [],
    facts: ['经{unit}核查，相关档案已调取。'],
    basis: ['《中华人民共和国退役军人保障法》第三十九条；《军人抚恤优待条例》'],
    answers: {
      支持: ['已为您落实优抚补助并补发欠发部分，优待证已办理。'],
      解释说明: ['您的安置已按退役当年政策办理完毕，相关政策已向您解释。'],
      不予支持: ['您不符合参战人员认定条件，不予支持。'],
    },
    outcomes: [4, 4, 2],
  }),
  M({
    key: 'landcontract',
    cls: '农村农业/农村土地承包',
    weight: 1.5,
    units: [
      ['区农业农村局', 6],
      ['@street', 4],
    ],
    handling: '申诉求决类',
    purposes: [['求决', 10]],
    place: 'village',
    orgs: ['{village}第三村民小组'],
    opening: ['我是{street}{village}村民，', '我们是{village}的村民，'],
    themes: [
      {
        titles: ['{village}土地承包经营权被侵占', '反映{village}土地流转租金未兑现'],
        problem: ['我家承包的三亩耕地被村委会流转给外地老板搞种植，没有征得我家同意，租金也没有给。'],
        demands: ['返还被侵占的承包地', '兑现土地流转租金'],
      },
      {
        titles: ['{village}承包地确权面积有误'],
        problem: ['土地确权时我家的承包面积少登记了一亩多，村里说是测量误差。'],
        demands: ['更正确权登记面积'],
        facts: ['经实地复测，您家承包地实际面积与登记面积一致。'],
      },
    ],
    effort: ['多次找村委会和街道，一直没有解决。'],
    ask: ['请求有关部门依法处理。'],
    demands: [],
    facts: ['经{unit}调查，{village}土地流转未经承包农户书面同意，程序不规范。'],
    basis: ['《中华人民共和国农村土地承包法》第三十六条、第五十七条'],
    answers: {
      支持: ['已督促{village}补签流转协议并兑现拖欠的流转租金。'],
      解释说明: ['承包经营纠纷可向区农村土地承包仲裁委员会申请仲裁，已告知程序。'],
      不予支持: ['经复测，您家承包地面积登记无误，不予更正。'],
    },
    outcomes: [4, 4, 2],
  }),
  M({
    key: 'landexp',
    cls: '国土资源/土地征收',
    weight: 1.5,
    units: [['区自然资源分局', 10]],
    handling: '申诉求决类',
    purposes: [
      ['求决', 6],
      ['申诉', 4],
    ],
    place: 'village',
    legal: 0.2,
    collective: true,
    opening: ['我是{village}村民，', '我们是{village}被征地村民，'],
    themes: [
      {
        titles: ['{village}征地补偿款未足额发放', '要求公开{village}征地补偿分配方案'],
        problem: ['{ym}村里土地被征收用于产业园建设，补偿款至今只发了一半，村委会对补偿款的去向一直不公开。'],
        demands: ['足额发放征地补偿款', '公开补偿款分配方案'],
      },
      {
        titles: ['反映{village}征地程序违法'],
        problem: ['征地时没有公告，也没有听取村民意见，补偿标准低于省里公布的区片综合地价。'],
        demands: ['依法审查征地程序', '按区片综合地价足额补偿'],
      },
    ],
    effort: ['我们多次找村里和街道反映，一直没有答复。'],
    ask: ['恳请有关部门依法处理。'],
    demands: ['落实被征地农民社会保障'],
    facts: ['经{unit}核查，{village}征地项目已依法取得批准文件，补偿款已足额拨付至村集体账户，部分尚未分配到户。'],
    basis: ['《中华人民共和国土地管理法》第四十七条、第四十八条；《中华人民共和国土地管理法实施条例》'],
    answers: {
      支持: ['已督促{village}将补偿款分配到户，并在村务公开栏公示分配明细。'],
      解释说明: ['补偿标准按省政府公布的区片综合地价执行，已向您解释政策；被征地农民社保已纳入办理。'],
      不予支持: ['您要求提高征地补偿标准的诉求不符合政策规定，不予支持。'],
    },
    outcomes: [3, 5, 2],
  }),
  M({
    key: 'villageaccuse',
    cls: '农村农业/村务管理',
    weight: 1,
    units: [['区农业农村局', 10]],
    handling: '检举控告类',
    purposes: [['揭发控告', 10]],
    place: 'village',
    accused: { name: '{cadre}', note: '{village}村党支部书记，反映其村集体资产处置不公开' },
    opening: ['我是{village}村民，'],
    themes: [
      {
        titles: ['举报{village}村干部私自处置集体资产'],
        problem: ['村党支部书记{cadre}在没有召开村民代表会议的情况下，把村集体的厂房低价租给亲戚，租金去向不明。'],
        demands: ['审计村集体资产和财务', '依法处理违规人员'],
      },
      {
        titles: ['反映{village}村务财务不公开'],
        problem: ['村里的财务已经三年没有公开，村民多次要求查账都被村党支部书记{cadre}拒绝。'],
        demands: ['公开村务财务'],
      },
    ],
    effort: ['村民们敢怒不敢言。'],
    ask: ['请求上级部门调查，并为举报人保密。'],
    demands: [],
    facts: ['经{unit}组织审计，{village}集体厂房租赁未经民主程序，租金低于市场价。'],
    basis: ['《中华人民共和国村民委员会组织法》第二十四条、第三十二条'],
    answers: {
      支持: ['已责令{village}重新公开招租，相关人员已移交纪检监察机关处理。'],
      解释说明: ['已督促{village}每季度公开村务财务，审计结果已在村内公示。'],
      不予支持: ['经审计，未发现您反映的问题。'],
    },
    outcomes: [4, 4, 2],
  }),
  M({
    key: 'litigation',
    cls: '政法/诉讼',
    weight: 6,
    units: [
      ['区司法局', 6],
      ['区公安分局', 2],
    ],
    handling: '申诉求决类',
    purposes: [
      ['申诉', 7],
      ['求决', 3],
    ],
    place: 'none',
    legal: 1,
    opening: ['本人与他人借款纠纷一案，', '我于{ym2}起诉的合同纠纷案件，'],
    themes: [
      {
        titles: ['法院判决生效后对方拒不履行', '反映借款纠纷案件执行难'],
        problem: ['法院于{ym}作出判决，判令对方归还借款{wage}元，但对方至今拒不履行，法院执行也没有进展。'],
        demands: ['督促法院加大执行力度'],
      },
      {
        titles: ['对民事判决不服要求重新审理'],
        problem: ['一审判决认定事实错误，我上诉后二审维持原判，我认为判决不公。'],
        demands: ['对案件重新审查'],
      },
      {
        titles: ['对公安机关不予立案有异议'],
        opening: ['本人被人以投资为名骗走{wage}元，'],
        problem: ['到派出所报案，公安机关以“属于经济纠纷”为由不予立案。'],
        demands: ['依法立案侦查'],
        facts: ['经了解，公安机关已依法作出不予立案决定并书面告知。'],
      },
    ],
    effort: ['我多次到有关部门询问，都让我等。', '我一家生活因此陷入困难。'],
    ask: ['恳请领导关注，依法维护我的合法权益。'],
    demands: [],
    facts: ['经核查，您反映的事项属于涉法涉诉问题，案件已经人民法院依法审理终结，现处于执行阶段。'],
    basis: ['《信访工作条例》第三十一条；中央政法委《关于建立涉法涉诉信访事项导入司法程序机制的意见》'],
    answers: {
      支持: ['已协调法院将您的案件列为重点督办案件，执行款已部分到位。'],
      解释说明: [
        '涉法涉诉事项应通过法律程序解决，您可依法申请再审、复议或向检察机关申请监督，已为您提供法律援助指引。',
      ],
      不予支持: ['您的案件已经依法处理终结，依法不再通过信访程序处理。'],
    },
    outcomes: [1, 6, 3],
  }),
  M({
    key: 'security',
    cls: '政法/公安执法',
    weight: 3,
    units: [['区公安分局', 10]],
    handling: '申诉求决类',
    purposes: [
      ['求决', 7],
      ['申诉', 3],
    ],
    place: 'road',
    legal: 0.6,
    opening: ['我是本区居民，'],
    themes: [
      {
        titles: ['电信诈骗案件迟迟未破'],
        opening: ['本人于{ym}被电信诈骗{wage}元，已经报案，'],
        problem: ['报案后一直没有进展，询问办案民警也没有明确答复。'],
        demands: ['加快案件侦办进度'],
        facts: ['经{unit}核查，您报案的诈骗案件已立案侦查，涉案资金部分已冻结。'],
        answers: { 解释说明: ['您的案件正在侦办中，案件进展将由办案单位依法告知，已向您说明。'] },
      },
      {
        titles: ['反映{road}夜间飙车扰民'],
        opening: ['我住在{road}附近，'],
        problem: ['每天深夜有改装车在路上飙车，噪音极大，严重影响休息和安全。'],
        demands: ['整治夜间飙车行为'],
        facts: ['经核查，{road}夜间存在改装车辆轰鸣情况，已纳入专项整治。'],
        answers: { 支持: ['{road}夜间飙车问题已开展专项整治，查处改装车辆12辆。'] },
      },
      {
        titles: ['对派出所处理邻里纠纷结果不满'],
        opening: ['本人与邻居发生纠纷，'],
        problem: ['派出所处理时偏袒对方，我认为处理结果不公。'],
        demands: ['重新处理纠纷'],
      },
    ],
    effort: ['我找过派出所几次。'],
    ask: ['请求公安机关依法处理。'],
    demands: [],
    facts: ['经{unit}核查，相关情况已调查清楚。'],
    basis: ['《中华人民共和国刑事诉讼法》第一百一十二条；《中华人民共和国治安管理处罚法》'],
    answers: {
      支持: ['已依法处理并将结果告知您。'],
      解释说明: ['相关处理依据已向您作出说明。'],
      不予支持: ['派出所的处理符合法律规定，您要求重新处理的诉求不予支持。'],
    },
    outcomes: [3, 5, 2],
  }),
  M({
    key: 'safety',
    cls: '其他/其他',
    weight: 2,
    units: [
      ['区应急管理局', 6],
      ['@street', 4],
    ],
    handling: '检举控告类',
    purposes: [
      ['揭发控告', 6],
      ['求决', 4],
    ],
    place: 'company',
    opening: ['我是附近居民，', '本人知情，'],
    themes: [
      {
        titles: ['举报{company}存在重大安全隐患'],
        problem: ['{company}车间消防通道被堵塞，灭火器过期，工人没有经过安全培训就上岗。'],
        demands: ['对安全隐患进行检查', '督促企业整改'],
      },
      {
        titles: ['{compound}附近违规储存危险化学品'],
        problem: ['{compound}附近有一处仓库违规存放大量液化气罐和油漆，一旦发生火灾后果不堪设想。'],
        demands: ['对违规储存危险化学品的仓库进行检查'],
        facts: ['经{unit}会同{street}检查，该仓库违规储存易燃物品，已责令立即清理。'],
      },
    ],
    effort: ['向有关方面反映过，对方置之不理。'],
    ask: ['请求有关部门尽快检查处理。'],
    demands: ['依法处罚违规企业'],
    facts: ['经{unit}现场检查，{company}存在消防通道堵塞、安全培训记录缺失等隐患，已责令限期整改。'],
    basis: ['《中华人民共和国安全生产法》第四十一条、第一百零二条'],
    answers: {
      支持: ['已下达整改指令并依法处罚，复查时隐患已整改到位。'],
      解释说明: ['已将该场所纳入重点监管对象，网格员将每周巡查。'],
      不予支持: ['经检查，未发现您反映的安全隐患。'],
    },
    outcomes: [6, 3, 1],
  }),
  M({
    key: 'tax',
    cls: '党务政务/政务服务',
    weight: 1,
    units: [
      ['区税务局', 6],
      ['区自然资源分局', 2],
      ['区人社局', 2],
    ],
    handling: '申诉求决类',
    purposes: [
      ['求决', 6],
      ['意见建议', 4],
    ],
    place: 'hall',
    opening: ['我于{ym}到{hall}办理业务，'],
    themes: [
      {
        titles: ['{hall}办事排队时间长', '反映{hall}工作人员服务态度差'],
        problem: ['排队等了四个多小时，窗口只开了两个，工作人员还提前下班，问问题也不耐烦。'],
        demands: ['增加办事窗口，缩短排队时间', '对服务态度差的工作人员进行教育'],
      },
      {
        titles: ['二手房交易税费计算有误'],
        problem: ['办理二手房过户时，窗口计算的税费比我事先咨询的高出很多，工作人员解释不清。'],
        demands: ['核实税费计算'],
        facts: ['经核查，您的二手房交易税费按核定计税价格计算，计算无误。'],
      },
    ],
    effort: ['希望改进服务。'],
    ask: ['请求有关部门核实处理。'],
    demands: [],
    facts: ['经{unit}核查，{hall}当日因系统升级导致办理缓慢。'],
    basis: ['《优化营商环境条例》第三十九条；《中华人民共和国税收征收管理法》'],
    answers: {
      支持: ['已增设两个窗口并推行预约办理，相关工作人员已批评教育。'],
      解释说明: ['相关计算依据和办理流程已向您逐项说明。'],
      不予支持: ['经核查，税费计算准确无误。'],
    },
    outcomes: [4, 5, 1],
  }),
  M({
    key: 'fund',
    cls: '城乡建设/住房保障与房地产',
    weight: 1.5,
    units: [['市住房公积金中心', 10]],
    handling: '申诉求决类',
    purposes: [
      ['求决', 7],
      ['咨询', 3],
    ],
    place: 'none',
    opening: ['本人在{company}工作，'],
    themes: [
      {
        titles: ['住房公积金提取被拒', '租房提取公积金手续繁琐'],
        problem: ['{ym}申请提取住房公积金用于支付房租，被告知材料不全，补交后又被拒。'],
        demands: ['办理住房公积金提取'],
        direct: [
          '您咨询的租房提取住房公积金事宜，已告知需提供备案的租赁合同和身份证到公积金中心窗口办理，也可通过手机APP线上申请。',
        ],
      },
      {
        titles: ['单位未为职工缴存住房公积金'],
        problem: ['公司一直没有为员工缴存住房公积金，向公司反映被告知“小公司都不交”。'],
        demands: ['督促单位补缴住房公积金'],
        facts: ['经核查，{company}未依法为职工缴存住房公积金，已责令限期缴存。'],
      },
    ],
    effort: ['多次到公积金窗口咨询，答复不一。'],
    ask: ['请求有关部门依法处理。'],
    demands: [],
    facts: ['经{unit}核查，您的提取申请因租房合同未备案未获批准。'],
    basis: ['《住房公积金管理条例》第二十四条、第三十八条'],
    answers: {
      支持: ['已办理完毕，款项已转入本人账户；已责令单位依法缴存。'],
      解释说明: ['租房提取需提供备案的租赁合同，具体要求已向您说明。'],
      不予支持: ['您不符合提取条件，不予支持。'],
    },
    outcomes: [4, 5, 1],
  }),
  M({
    key: 'metro',
    cls: '城乡建设/建筑施工',
    weight: 1.5,
    units: [
      ['市轨道交通集团', 7],
      ['区住建局', 3],
    ],
    handling: '申诉求决类',
    purposes: [['求决', 10]],
    place: 'road',
    collective: true,
    opening: ['我是{compound}居民，小区紧邻{road}地铁站施工工地。', '本人住在{road}，'],
    themes: [
      {
        titles: ['地铁施工导致{compound}墙体开裂'],
        problem: ['地铁施工以来，楼房墙体出现多处裂缝，地面下沉，居民非常担心房屋安全。'],
        demands: ['对受影响房屋进行安全鉴定', '赔偿房屋损失'],
        answers: { 支持: ['已对受影响房屋进行鉴定并修缮。'] },
      },
      {
        titles: ['{road}地铁站施工围挡影响出行'],
        problem: ['施工围挡占用了大半条道路，人行道被封，老人孩子出行要绕很远。'],
        demands: ['优化施工围挡，保障行人通行'],
        facts: ['经{unit}现场查看，{road}地铁站施工围挡占用人行道，未设置临时通道。'],
        answers: { 支持: ['施工围挡已调整，恢复人行通道。'] },
      },
    ],
    effort: ['向施工单位反映，对方说会处理，但一直没有结果。'],
    ask: ['请求有关部门督促处理。'],
    demands: [],
    facts: ['经{unit}委托第三方监测，{compound}部分楼栋沉降数据在预警值以内，墙体裂缝为非结构性裂缝。'],
    basis: ['《建设工程安全生产管理条例》第三十条；《城市轨道交通运营管理规定》'],
    answers: {
      支持: ['已督促施工单位整改到位。'],
      解释说明: ['监测数据显示房屋结构安全，监测将持续到工程结束，数据定期向居民公开。'],
      不予支持: ['经鉴定，房屋裂缝与地铁施工无因果关系，赔偿诉求不予支持。'],
    },
    outcomes: [4, 5, 1],
  }),
  M({
    key: 'subsidy',
    cls: '农村农业/农业生产',
    weight: 1.5,
    units: [
      ['区农业农村局', 5],
      ['区财政局', 5],
    ],
    handling: '申诉求决类',
    purposes: [['求决', 10]],
    place: 'village',
    opening: ['我是{village}种粮户，'],
    themes: [
      {
        titles: ['耕地地力保护补贴未发放', '惠农补贴发放不透明'],
        problem: ['今年的耕地地力保护补贴至今没有到账，其他村民都已经领到了，问村里，说是上面还没拨。'],
        demands: ['发放拖欠的补贴资金', '公开补贴发放明细'],
        facts: ['经{unit}核查，您的补贴因银行账户信息有误未能发放。'],
      },
      {
        titles: ['{village}农机购置补贴迟迟未到账'],
        opening: ['本人于{ym}购买了农机，'],
        problem: ['申请农机购置补贴已经半年多，一直没有拨付。'],
        demands: ['发放农机购置补贴'],
        facts: ['经核查，农机购置补贴资金已拨付，因公示期未满尚未到账。'],
      },
    ],
    effort: ['多次询问无果。'],
    ask: ['请求有关部门核查。'],
    demands: [],
    facts: ['经{unit}核查，补贴发放情况已调取核对。'],
    basis: ['《农业补贴资金管理办法》；本省惠民惠农财政补贴资金“一卡通”管理办法'],
    answers: {
      支持: ['已更正您的账户信息，补贴资金已补发到位。'],
      解释说明: ['补贴资金将在公示期满后十个工作日内发放，发放明细在村务公开栏公示。'],
      不予支持: ['您不符合补贴申领条件，不予支持。'],
    },
    outcomes: [6, 3, 1],
  }),
  M({
    key: 'price',
    cls: '经济管理/价格',
    weight: 1.5,
    units: [
      ['区发展改革局', 6],
      ['区市场监管局', 4],
    ],
    handling: '申诉求决类',
    purposes: [
      ['求决', 6],
      ['意见建议', 4],
    ],
    place: 'compound',
    opening: ['我是{compound}居民，'],
    themes: [
      {
        titles: ['{compound}停车收费标准过高'],
        problem: ['小区地面停车位每月收费四百元，远超周边小区，收费标准从未经过业主同意。'],
        demands: ['核查停车收费标准是否合规', '降低收费标准'],
      },
      {
        titles: ['反映集中供暖收费不合理'],
        problem: ['供暖公司按建筑面积收费，但室内温度长期达不到规定标准。'],
        demands: ['核查供暖收费', '退还多收费用'],
        facts: ['经{unit}会同供热主管部门入户测温，您家室温低于标准，已责令供热企业整改并按规定退费。'],
      },
    ],
    effort: ['希望有关部门核查收费是否合规。'],
    ask: ['请求规范收费行为。'],
    demands: [],
    facts: ['经{unit}核查，{compound}地面停车收费标准未按规定备案公示。'],
    basis: ['《中华人民共和国价格法》第十三条；本市机动车停放服务收费管理办法'],
    answers: {
      支持: ['已责令经营者按规定标准收费，多收部分已退还。'],
      解释说明: ['小区停车收费实行市场调节价，由业主与物业协商确定，已向您解释相关规定。'],
      不予支持: ['经核查，收费标准符合规定，不予支持。'],
    },
    outcomes: [4, 5, 1],
  }),
  M({
    key: 'consult',
    cls: '劳动和社会保障/社会保险',
    weight: 2,
    units: [
      ['区人社局', 7],
      ['区医保局', 3],
    ],
    handling: '建议意见类',
    purposes: [['咨询', 10]],
    place: 'none',
    opening: ['您好，'],
    themes: [
      {
        titles: ['咨询失业保险金申领条件'],
        problem: ['本人近期离职，想了解申领失业保险金需要什么条件、到哪里办理。'],
        demands: ['告知失业保险金申领条件和办理流程'],
        direct: [
          '已电话答复：失业保险金可通过“掌上社保”APP或到区政务服务中心社保窗口申领，需满足非因本人意愿中断就业且缴费满一年等条件。',
        ],
      },
      {
        titles: ['咨询退休手续办理流程'],
        problem: ['我今年即将退休，想咨询办理退休需要准备哪些材料、养老金什么时候开始发放。'],
        demands: ['告知退休手续办理流程'],
        direct: [
          '已当面答复：退休手续由用人单位或本人向区社保经办机构申请，需提供身份证、档案等材料，审批通过后次月发放养老金。',
        ],
      },
      {
        titles: ['咨询社保转移接续政策'],
        problem: ['本人从外省调入本区工作，原参保地的社保如何转移到本区，缴费年限能否合并计算。'],
        demands: ['告知社保转移接续办理方式'],
        direct: [
          '已电话答复：可通过国家社会保险公共服务平台申请转移接续，缴费年限合并计算，转入地社保窗口也可代为办理。',
        ],
      },
    ],
    effort: [''],
    ask: ['请有关部门给予答复。'],
    demands: [],
    facts: ['您咨询的事项已由{unit}予以解答。'],
    basis: ['《中华人民共和国社会保险法》；《失业保险条例》'],
    answers: {
      支持: ['已向您详细解答相关政策和办理流程。'],
      解释说明: ['已向您详细解答相关政策和办理流程，可通过“掌上社保”APP在线办理。'],
      不予支持: ['您咨询的情形不符合申领条件。'],
    },
    outcomes: [2, 7, 1],
  }),
  M({
    key: 'suggestion',
    cls: '城乡建设/城市建设和市政管理',
    weight: 3,
    units: [
      ['@street', 4],
      ['区住建局', 3],
      ['区城管局', 3],
    ],
    handling: '建议意见类',
    purposes: [['意见建议', 10]],
    place: 'compound',
    opening: ['我是{compound}居民，', '作为一名老党员，'],
    themes: [
      {
        titles: ['建议对{compound}老旧小区进行改造'],
        problem: ['{compound}建于上世纪九十年代，管网老化、没有电梯、停车困难，居民改造意愿强烈。'],
        demands: ['将小区纳入老旧小区改造计划'],
        answers: { 支持: ['{compound}已纳入今年老旧小区改造计划。'] },
      },
      {
        titles: ['建议在{compound}周边增设公共停车场'],
        problem: ['{compound}周边停车位严重不足，车辆乱停乱放，消防通道经常被堵。'],
        demands: ['增设公共停车设施'],
        answers: { 支持: ['已利用{compound}周边闲置地块建设临时停车场，新增车位120个。'] },
      },
      {
        titles: ['建议增设{compound}电动车充电桩'],
        problem: ['{compound}居民电动车多，充电难，有人私拉电线，存在火灾隐患。'],
        demands: ['增设电动车集中充电设施'],
        answers: { 支持: ['{compound}电动车集中充电桩已安装到位。'] },
      },
    ],
    effort: ['特提出以下建议，供领导参考。'],
    ask: ['希望政府部门予以考虑。'],
    demands: [],
    facts: ['您的建议已由{unit}研究。'],
    basis: ['《国务院办公厅关于全面推进城镇老旧小区改造工作的指导意见》'],
    answers: {
      支持: ['您的建议已采纳并落实。'],
      解释说明: ['您的建议已纳入相关规划统筹研究，感谢您对城市建设的关心。'],
      不予支持: ['该区域受用地条件限制，暂不具备实施条件。'],
    },
    outcomes: [3, 6, 1],
  }),
];

// ---------------------------------------------------------------------------------------------------
// Plans

/** A step input without its date (the cursor sets `on`). */
type StepNoOn = StepInputDto extends infer T ? (T extends unknown ? Omit<T, 'on'> : never) : never;

export type Who = 'registrar' | 'reviewer' | `h:${string}` | `f:${string}`;

interface RegisterOp {
  kind: 'register';
  date: string;
}
export interface StepOp {
  kind: 'step';
  date: string;
  who: Who;
  input: StepInputDto;
}
type Op = RegisterOp | StepOp;

export interface Person {
  idx: number;
  name: string;
  idNumber: string | null;
  phone: string | null;
  address: string;
}

export interface ItemPlan {
  idx: number;
  receivedOn: string;
  registeredOn: string;
  raw: Record<string, unknown>;
  matter: Matter;
  vars: Vars;
  persons: Person[];
  /** Steps after the registration, in date order. */
  ops: StepOp[];
  /** Date the matter ended (closed, filed, declined, terminated…), null while open at `today`. */
  endedOn: string | null;
  terminated: boolean;
  /** Lead unit of the last route. */
  unit: string | null;
  dissatisfied: boolean;
  level: Level;
  channel: Channel;
  flags: Flag[];
  today: string;
  id?: string;
  version?: number;
}

function fill(tpl: string, v: Vars): string {
  return tpl.replace(/\{(\w+)\}/g, (m, k: string) => (k in v ? String(v[k as keyof Vars]) : m));
}

function shortUnit(name: string): string {
  return name.startsWith('区') ? name.slice(1) : name;
}

export interface World {
  r: Rng;
  cal: WorkCalendar;
  rules: Rules;
  today: string;
  taxonomy: Map<string, string>;
  unitIds: Map<string, string>;
  personSeq: number;
}

function ym(date: string): string {
  return `${Number(date.slice(0, 4))}年${Number(date.slice(5, 7))}月`;
}

function makeVars(w: World, receivedOn: string, matter: Matter): Vars {
  const r = w.r;
  const [compound, street] = r.pick(COMPOUNDS);
  const [village, vStreet] = r.pick(VILLAGES);
  const road = r.pick(ROADS);
  const road2 = r.pick(ROADS.filter((x) => x !== road));
  const eventDate = addDays(receivedOn, -r.int(20, 400));
  const buyDate = addDays(eventDate, -r.int(200, 1500));
  const v: Vars = {
    compound,
    street: matter.place === 'village' ? vStreet : street,
    building: `${r.int(1, 24)}号楼`,
    road,
    road2,
    developer: r.pick(DEVELOPERS),
    property: r.pick(PROPERTY_COS),
    company: r.pick(EMPLOYERS),
    shop: r.pick(SHOPS),
    prepaid: r.pick(PREPAID_SHOPS),
    training: r.pick(TRAININGS),
    fee2: String(r.int(6, 120) * 250),
    theme: r.int(0, matter.themes.length - 1),
    school: r.pick(SCHOOLS),
    hospital: r.pick(HOSPITALS),
    village,
    bus: r.pick(BUS_LINES),
    hall: r.pick(HALLS),
    plant: CONCRETE_PLANT,
    cadre: fakeName(r),
    ym: ym(eventDate),
    ym2: ym(buyDate),
    wage: String(r.int(30, 600) * 100),
    amount: String(r.int(8, 260) / 2),
    months: String(Math.max(2, Math.round(diffDays(eventDate, receivedOn) / 30.4))),
    n: String(r.int(6, 58)),
    fee: `每平方米${(r.int(18, 35) / 10).toFixed(1)}元`,
    price: `${r.int(12, 28)}万元`,
    years: String(r.int(2, 9)),
    unit: '',
  };
  return v;
}

function placeOf(matter: Matter, v: Vars): string | null {
  switch (matter.place) {
    case 'compound':
      return v.compound;
    case 'road':
      return v.road;
    case 'cross':
      return `${v.road}与${v.road2}交叉口`;
    case 'company':
      return v.company;
    case 'shop':
      return `${v.road}${v.shop}`;
    case 'prepaid':
      return `${v.road}${v.prepaid}`;
    case 'training':
      return `${v.road}${v.training}`;
    case 'school':
      return v.school;
    case 'hospital':
      return v.hospital;
    case 'village':
      return `${v.street}${v.village}`;
    case 'plant':
      return v.plant;
    case 'hall':
      return v.hall;
    case 'none':
      return null;
  }
}

function newPerson(w: World, v: Vars, matter: Matter): Person {
  const r = w.r;
  const idx = w.personSeq++;
  const home =
    matter.place === 'village'
      ? `${v.street}${v.village}${r.int(1, 9)}组${r.int(1, 80)}号`
      : r.chance(0.75) && matter.place !== 'none'
        ? `${v.street}${v.compound}${v.building}${r.int(1, 4)}单元${r.int(1, 18)}0${r.int(1, 4)}室`
        : (() => {
            const [c, s] = r.pick(COMPOUNDS);
            return `${s}${c}${r.int(1, 24)}号楼${r.int(1, 4)}单元${r.int(1, 18)}0${r.int(1, 4)}室`;
          })();
  return {
    idx,
    name: fakeName(r),
    idNumber: r.chance(0.88) ? makeInvalidDemoIdNumber(700_000 + idx * 7) : null,
    phone: DEMO_PHONE.make(12_345 + idx),
    address: home,
  };
}

function pickUnit(w: World, matter: Matter, v: Vars): string {
  const u = w.r.weighted(matter.units);
  return u === '@street' ? v.street : u;
}

/**
 * A plausible wrong unit for an objection (a neighbouring department or the street); never the accused
 * party's unit of a 检举控告类 item.
 */
function wrongUnitFor(w: World, right: string, m: Matter, v: Vars): string {
  const pool = ['区城管局', '区住建局', '区市场监管局', v.street, '区生态环境分局', '区民政局'].filter(
    (u) => u !== right && !(m.accused && u === v.street),
  );
  return w.r.pick(pool);
}

class Cursor {
  ops: StepOp[] = [];
  constructor(
    private w: World,
    public d: string,
  ) {}
  /** Moves `min..max` calendar days on (then to the next working day) and records the step. */
  step(min: number, max: number, who: Who, input: StepNoOn): string {
    this.d = this.w.cal.rollForward(addDays(this.d, this.w.r.int(min, max)));
    this.ops.push({ kind: 'step', date: this.d, who, input: { ...input, on: this.d } as StepInputDto });
    return this.d;
  }
  /** Records a step on `date`, or on the cursor's day when that is later (a step never goes back in time). */
  after(date: string, who: Who, input: StepNoOn): string {
    const d = date < this.d ? this.d : date;
    this.d = d;
    this.ops.push({ kind: 'step', date: d, who, input: { ...input, on: d } as StepInputDto });
    return d;
  }
  /** Records a step on an explicit date, which must not be before the cursor. */
  at(date: string, who: Who, input: StepInputDto): void {
    if (date < this.d) throw new Error(`seedDemo plan: ${input.step} on ${date} before ${this.d}`);
    this.d = date;
    this.ops.push({ kind: 'step', date, who, input });
  }
}

const SATISFACTION_WEIGHTS: readonly (readonly [Satisfaction | null, number])[] = [
  ['满意', 62],
  ['基本满意', 25],
  ['不满意', 8],
  [null, 5],
];

/** Generic answers for further demands once the matter's own texts are used up. */
const FURTHER_ANSWERS: Readonly<Record<OpinionOutcome, readonly string[]>> = {
  支持: ['该项诉求合理，已一并督促落实到位。', '该项诉求已予采纳，落实情况将在办结后回访告知。'],
  解释说明: ['关于该项诉求，相关政策规定已向您当面解释说明。', '该项诉求涉及的政策依据和办理途径已向您书面说明。'],
  不予支持: ['该项诉求缺乏事实和法律依据，不予支持。'],
};

function themeOf(p: ItemPlan): Theme {
  return p.matter.themes[p.vars.theme] ?? p.matter.themes[0]!;
}

function opinionAnswers(w: World, p: ItemPlan, outcome: OpinionOutcome) {
  const r = w.r;
  const n = (p.raw['demands'] as string[]).length;
  const theme = themeOf(p);
  const used = new Set<string>();
  return [...Array(n).keys()].map((i) => {
    const o: OpinionOutcome =
      i === 0
        ? outcome
        : r.chance(0.6)
          ? outcome
          : r.weighted([
              ['支持', p.matter.outcomes[0]],
              ['解释说明', p.matter.outcomes[1]],
              ['不予支持', p.matter.outcomes[2]],
            ] as const);
    const own = [...(theme.answers?.[o] ?? []), ...p.matter.answers[o]].filter((t) => !used.has(t));
    const pool = i === 0 && theme.answers?.[o]?.length ? theme.answers[o]! : own.length ? own : FURTHER_ANSWERS[o];
    const text = r.pick(pool);
    used.add(text);
    return { demandIndex: i, outcome: o, explanation: fill(text, p.vars) };
  });
}

function replyInput(w: World, p: ItemPlan): { input: Extract<StepNoOn, { step: 'reply' }>; outcome: OpinionOutcome } {
  const m = p.matter;
  const outcome = w.r.weighted([
    ['支持', m.outcomes[0]],
    ['解释说明', m.outcomes[1]],
    ['不予支持', m.outcomes[2]],
  ] as const);
  const answers = opinionAnswers(w, p, outcome);
  return {
    outcome,
    input: {
      step: 'reply',
      facts: fill(w.r.pick(themeOf(p).facts ?? m.facts), p.vars),
      basis: fill(w.r.pick(m.basis), p.vars),
      answers,
    },
  };
}

interface Fate {
  route: '转送' | '交办' | '直接回复' | '存' | '不予受理' | '不再受理';
  routeNote?: string;
  object: boolean;
  decline: boolean;
  extension: boolean;
  simple: boolean;
  sendBack: boolean;
  /** Stop the plan before this step (an item left stuck and overdue). */
  stuckAt: 'route' | 'accept' | 'reply' | 'approve_close' | null;
}

/**
 * Builds the dated steps of one item after its registration. Mutates `p` (ops, endedOn, unit…).
 */
function planLifecycle(w: World, p: ItemPlan, fate: Fate): void {
  const r = w.r;
  const cal = w.cal;
  const c = new Cursor(w, p.registeredOn);
  let ended: string | null = null;
  const lead = pickUnit(w, p.matter, p.vars);
  p.vars.unit = shortUnit(lead);
  const bureau: Who = 'reviewer';

  // 1. The bureau decides the route (1–10 days; a few late).
  const routeDelay: [number, number] = r.chance(0.04) ? [13, 20] : p.channel === '来访' ? [0, 3] : [1, 10];
  const routeNoteFor = (kind: Fate['route']): string => {
    switch (kind) {
      case '转送':
        return '请依法受理，按期答复信访人并将处理结果报送区信访局。';
      case '交办':
        return '请于规定期限内办结，并报送办结报告。';
      case '直接回复':
        return fill(r.pick(themeOf(p).direct ?? ['已向信访人当面解答相关政策，信访人表示理解。']), p.vars);
      case '存':
        return fate.routeNote ?? '信访人所提意见建议已转有关部门参考，存档备查。';
      default:
        return fate.routeNote ?? '';
    }
  };
  if (fate.route !== '转送' && fate.route !== '交办') {
    const d = c.step(routeDelay[0], routeDelay[1], bureau, {
      step: 'route',
      kind: fate.route,
      unitId: null,
      assistUnitIds: [],
      note: routeNoteFor(fate.route),
    });
    ended = d;
    p.unit = null;
    finish(p, c, ended, fate);
    return;
  }

  const first = fate.object ? wrongUnitFor(w, lead, p.matter, p.vars) : lead;
  const assist = p.matter.place === 'compound' && lead !== p.vars.street && r.chance(0.1) ? [p.vars.street] : [];
  const route = (unit: string, min: number, max: number) =>
    c.step(min, max, bureau, {
      step: 'route',
      kind: fate.route,
      unitId: w.unitIds.get(unit)!,
      assistUnitIds: assist.filter((a) => a !== unit).map((a) => w.unitIds.get(a)!),
      note: routeNoteFor(fate.route),
    });
  route(first, routeDelay[0], routeDelay[1]);
  c.step(0, 2, `h:${first}`, { step: 'confirm_receipt' });
  if (fate.object) {
    const d = cal.addWorkdays(c.d, r.int(1, 4));
    c.at(d, `h:${first}`, {
      step: 'object',
      on: d,
      reason: `该事项属于${lead}职责范围，不属于本单位职责，请重新交转。`,
    });
    route(lead, 1, 4);
    c.step(0, 2, `h:${lead}`, { step: 'confirm_receipt' });
  }
  p.unit = lead;
  const H: Who = `h:${lead}`;
  const F: Who = `f:${lead}`;

  if (fate.decline) {
    const kind = p.flags.includes('涉法涉诉') ? '不予受理' : r.chance(0.7) ? '不予受理' : '不再受理';
    const reason =
      kind === '不予受理'
        ? p.flags.includes('涉法涉诉')
          ? '该事项已由人民法院受理，正处于诉讼程序中，应依照法定程序处理。'
          : '该事项已依法通过行政复议程序处理，依法不予受理。'
        : '该事项已经复查复核终结，信访人以同一事实和理由再次提出，依法不再受理。';
    ended = c.step(2, 8, H, { step: 'decline', kind, reason });
    finish(p, c, ended, fate);
    return;
  }

  // 2. Acceptance (受理告知) 1–10 days after receipt.
  const accepted = c.step(1, 10, H, { step: 'accept' });

  // 3. Handling and the written opinion.
  const handle = (from: string): OpinionOutcome => {
    if (fate.simple) {
      const d = cal.addWorkdays(from, r.int(3, 9));
      const { input, outcome } = replyInput(w, p);
      c.after(d, H, input as StepNoOn);
      return outcome;
    }
    if (fate.extension) {
      // Asked and decided before the 60 日 run out (the law allows no extension of an expired period).
      const due = cal.rollForward(addDays(from, 60));
      const asked = cal.rollForward(addDays(from, r.int(40, 54)));
      const req = asked < due ? asked : addDays(due, -1);
      c.at(req, H, {
        step: 'request_extension',
        on: req,
        days: r.pick([15, 20, 30, 30, 30]),
        reason: r.pick([
          '案情复杂，需要进一步调查取证',
          '涉及多个部门，需协调会商',
          '需委托第三方机构鉴定',
          '需组织听证会听取各方意见',
        ]),
      });
      const approve = r.chance(0.9);
      const decided = cal.rollForward(addDays(req, r.int(1, 3)));
      c.after(decided < due ? decided : due, F, {
        step: 'decide_extension',
        approve,
        note: approve ? '同意延期，请抓紧办理' : '理由不充分，不同意延期',
        notifiedOn: null,
      });
      const d = cal.rollForward(addDays(from, r.int(approve ? 62 : 56, approve ? 86 : 64)));
      const { input, outcome } = replyInput(w, p);
      c.after(d, H, input as StepNoOn);
      return outcome;
    }
    const x = r.next();
    const days = x < 0.86 ? r.int(10, 55) : x < 0.95 ? r.int(56, 62) : r.int(63, 75);
    const d = cal.rollForward(addDays(from, days));
    const { input, outcome } = replyInput(w, p);
    c.after(d, H, input as StepNoOn);
    return outcome;
  };
  const serveAndRate = (outcome: OpinionOutcome): Satisfaction | null => {
    c.step(1, 5, H, { step: 'serve' });
    const weights =
      outcome === '不予支持'
        ? ([
            ['满意', 25],
            ['基本满意', 35],
            ['不满意', 35],
            [null, 5],
          ] as const)
        : SATISFACTION_WEIGHTS;
    const sat = r.weighted(weights);
    if (sat) {
      c.step(1, 8, 'registrar', {
        step: 'rate',
        satisfaction: sat,
        comment:
          sat === '不满意'
            ? r.pick(['问题没有实际解决', '对处理结果不认可', '答复敷衍，没有说明依据'])
            : sat === '满意'
              ? r.pick(['', '感谢政府', '办理及时，态度很好'])
              : '',
      });
    }
    return sat;
  };
  const closeOut = (sat: Satisfaction | null, allowSendBack: boolean): void => {
    c.step(1, 4, H, { step: 'conclude' });
    if (allowSendBack && fate.sendBack) {
      const sb = c.step(1, 5, bureau, {
        step: 'send_back',
        reason: r.pick([
          '处理意见未逐项答复信访人诉求，请重新办理',
          '调查核实不充分，事实认定依据不足，请重新办理',
          '答复内容与调查结论不一致，请补充调查后重新答复',
        ]),
      });
      const { input, outcome } = replyInput(w, p);
      const d = cal.rollForward(addDays(sb, r.int(10, 30)));
      c.after(d, H, input as StepNoOn);
      closeOut(serveAndRate(outcome), false);
      return;
    }
    ended = c.step(1, 6, bureau, { step: 'approve_close' });
    p.dissatisfied = sat === '不满意';
  };

  closeOut(serveAndRate(handle(accepted)), true);

  finish(p, c, ended, fate);
}

function reviewOpinion(o: ReviewOutcome, p: ItemPlan, rereview = false): string {
  const what = rereview ? '复核' : '复查';
  const unit = p.vars.unit;
  switch (o) {
    case '维持':
      return `经${what}，${unit}作出的处理意见认定事实清楚、适用依据正确、程序合法，予以维持。`;
    case '变更':
      return `经${what}，${unit}作出的处理意见对部分诉求的答复依据不充分，予以变更：${fill((themeOf(p).answers?.['支持'] ?? p.matter.answers['支持'])[0]!, p.vars)}`;
    case '责令重新办理':
      return `经${what}，${unit}作出的处理意见调查核实不充分，责令其在规定期限内重新办理。`;
  }
}

/** Drops steps after `today` (and after a stuck point) and decides when the matter ended. */
function finish(p: ItemPlan, c: Cursor, ended: string | null, fate: Fate): void {
  let ops = c.ops;
  if (fate.stuckAt) {
    const i = ops.findIndex((o) => o.input.step === fate.stuckAt);
    if (i >= 0) {
      ops = ops.slice(0, i);
      ended = null;
    }
  }
  const kept = ops.filter((o) => o.date <= p.today);
  if (kept.length < ops.length) ended = null;
  p.ops.push(...kept);
  p.endedOn = ended;
}

// ---------------------------------------------------------------------------------------------------
// Composition of one item

type Plan = ItemPlan;

const CHANNEL_WEIGHTS: readonly (readonly [Channel, number])[] = [
  ['网上投诉', 40],
  ['来访', 25],
  ['来信', 15],
  ['电话', 12],
  ['传真', 2],
  ['其他', 6],
];
const LEVEL_WEIGHTS: readonly (readonly [Level, number])[] = [
  ['区', 64],
  ['市', 23],
  ['省', 9],
  ['国家', 4],
];

export interface Slot {
  receivedOn: string;
  cluster?: 'parking' | 'concrete';
  /** An item left open so that a duty that started on `start` sits at `level` today. */
  forced?: { rule: 'handle' | 'accept_notice' | 'route'; start: string; level: WarningLevel };
}

function baseFate(w: World, p: Plan): Fate {
  const r = w.r;
  const legal = p.flags.includes('涉法涉诉');
  const purpose = p.raw['purpose'] as Purpose;
  let route: Fate['route'] = r.chance(p.flags.includes('集体访') ? 0.4 : 0.08) ? '交办' : '转送';
  let routeNote: string | undefined;
  if (purpose === '咨询' && r.chance(0.7)) route = '直接回复';
  else if (purpose === '意见建议' && r.chance(0.3)) route = '存';
  else if (legal && r.chance(0.35)) {
    route = '不予受理';
    routeNote = '该事项已进入诉讼程序，依照诉访分离原则，应通过法定途径解决，告知信访人向有关政法机关提出。';
  } else if (
    p.flags.includes('越级访') &&
    (p.raw['handlingClass'] as HandlingClass) === '申诉求决类' &&
    r.chance(0.3)
  ) {
    route = '不予受理';
    routeNote =
      '信访人越级走访，未向依法有权处理的本级机关及其上一级机关提出，依法不予受理，已告知其向有权处理的机关提出。';
  } else if (r.chance(0.012)) route = '直接回复';
  else if (r.chance(0.008)) route = '存';
  const old = diffDays(p.registeredOn, p.today) > 110;
  return {
    route,
    routeNote,
    object: r.chance(0.025),
    decline: legal ? r.chance(0.1) : r.chance(0.006),
    extension: r.chance(0.08),
    simple: false,
    sendBack: r.chance(0.022),
    stuckAt:
      old && r.chance(0.025)
        ? r.weighted([
            ['route', 1],
            ['accept', 2],
            ['reply', 6],
            ['approve_close', 1],
          ] as const)
        : null,
  };
}

function composeRaw(
  w: World,
  p: Plan,
  opts: {
    persons: Person[];
    organisation: string | null;
    headCount: number;
    representatives: string[];
    title: string;
    content: string;
    demands: string[];
    purpose: Purpose;
  },
): void {
  const m = p.matter;
  const cls = w.taxonomy.get(m.cls) ?? w.taxonomy.get(m.cls.split('/').slice(0, 2).join('/')) ?? null;
  // Accusations against a cadre name the street they work for; those against a business (a shop, a site)
  // accuse no unit of the district, and say so.
  const accused = m.accused
    ? {
        name: fill(m.accused.name, p.vars),
        unitId: w.unitIds.get(p.vars.street) ?? null,
        note: fill(m.accused.note, p.vars),
      }
    : m.handling === '检举控告类'
      ? { name: `${placeOf(m, p.vars) ?? ''}经营者`, unitId: null, outsideDistrict: true, note: '' }
      : null;
  p.raw = {
    channel: p.channel,
    level: p.level,
    receivedOn: p.receivedOn,
    registeredOn: p.registeredOn,
    petitioners: opts.persons.map((x) => ({
      name: x.name,
      idNumber: x.idNumber,
      idUnverified: x.idNumber !== null,
      phone: x.phone,
      address: x.address,
    })),
    organisation: opts.organisation,
    headCount: opts.headCount,
    representatives: opts.representatives,
    title: opts.title,
    content: opts.content,
    demands: opts.demands,
    classCode: cls,
    purpose: opts.purpose,
    handlingClass: m.handling,
    flags: p.flags,
    place: placeOf(m, p.vars),
    accused,
  };
}

function contentOf(w: World, m: Matter, v: Vars): string {
  const t = m.themes[v.theme] ?? m.themes[0]!;
  return [t.opening ?? m.opening, t.problem, m.effort, m.ask].map((alts) => fill(w.r.pick(alts), v)).join('');
}

/** 1–3 demands: the theme's first, then others of the theme and the matter. */
function demandsOf(w: World, m: Matter, v: Vars): string[] {
  const t = m.themes[v.theme] ?? m.themes[0]!;
  const others = [...new Set([...t.demands.slice(1), ...m.demands])];
  const n = Math.min(
    1 + others.length,
    w.r.weighted([
      [1, 35],
      [2, 40],
      [3, 25],
    ] as const),
  );
  return [t.demands[0]!, ...w.r.sample(others, n - 1)].map((d) => fill(d, v));
}

function datesFor(w: World, channel: Channel, receivedOn: string): { receivedOn: string; registeredOn: string } {
  const cal = w.cal;
  let rec = receivedOn;
  if (channel === '来访' && !cal.isWorkday(rec)) rec = cal.nextWorkday(rec);
  let reg = cal.rollForward(rec);
  if (channel === '来信') reg = cal.addWorkdays(reg, w.r.int(0, 2));
  if (rec > w.today) rec = w.today;
  if (reg > w.today) reg = w.today;
  if (rec > reg) rec = reg;
  return { receivedOn: rec, registeredOn: reg };
}

/** A fresh (first-time) item. */
export function freshPlan(w: World, idx: number, slot: Slot): Plan {
  const r = w.r;
  const matter =
    slot.cluster === 'parking'
      ? MATTERS.find((m) => m.key === 'parking')!
      : slot.cluster === 'concrete'
        ? MATTERS.find((m) => m.key === 'concrete')!
        : r.weighted(MATTERS.map((m) => [m, m.weight] as const));
  const collective = !slot.forced && matter.collective === true && r.chance(slot.cluster ? 0.12 : 0.14);
  let channel: Channel = collective ? '来访' : r.weighted(CHANNEL_WEIGHTS);
  if (matter.key === 'consult' && channel === '来信') channel = '电话';
  const level: Level = collective
    ? r.weighted([
        ['区', 80],
        ['市', 20],
      ] as const)
    : r.weighted(LEVEL_WEIGHTS);
  const { receivedOn, registeredOn } = slot.forced
    ? { receivedOn: slot.receivedOn, registeredOn: slot.receivedOn }
    : datesFor(w, channel, slot.receivedOn);
  const vars = makeVars(w, receivedOn, matter);
  if (slot.cluster === 'parking') {
    vars.compound = '锦绣花园小区';
    vars.street = '城关街道';
    vars.developer = '恒信置业有限公司';
    vars.price = `${r.int(18, 22)}万元`;
  } else if (matter.key === 'concrete') {
    vars.compound = '幸福里小区';
    vars.street = '东湖街道';
    vars.road = '东湖路';
  }
  const p: Plan = {
    idx,
    receivedOn,
    registeredOn,
    raw: {},
    matter,
    vars,
    persons: [],
    ops: [],
    endedOn: null,
    terminated: false,
    unit: null,
    dissatisfied: false,
    level,
    channel,
    flags: [],
    today: w.today,
  };
  // Who petitions.
  const org = !collective && matter.orgs && r.chance(0.12) ? fill(r.pick(matter.orgs), vars) : null;
  let persons: Person[] = [];
  let headCount = 1;
  let representatives: string[] = [];
  if (collective) {
    headCount = r.chance(0.75) ? r.int(5, 20) : r.int(21, 60);
    persons = [...Array(r.int(2, 5))].map(() => newPerson(w, vars, matter));
    representatives = persons.map((x) => x.name).slice(0, 5);
    if (headCount > 30 && r.chance(0.5)) p.flags.push('领导批示');
  } else if (org) {
    persons = r.chance(0.5) ? [newPerson(w, vars, matter)] : [];
    headCount = Math.max(1, persons.length);
  } else if (channel === '来信' && r.chance(0.12)) {
    persons = [...Array(r.int(2, 4))].map(() => newPerson(w, vars, matter));
    headCount = persons.length;
    p.flags.push('联名');
  } else {
    persons = [newPerson(w, vars, matter)];
  }
  if (channel === '来信') for (const x of persons) if (r.chance(0.2)) x.phone = null;
  p.persons = persons;
  if (matter.legal && r.chance(matter.legal)) p.flags.push('涉法涉诉');
  if (level !== '区' && channel === '来访' && r.chance(0.45)) p.flags.push('越级访');
  const purpose = r.weighted(matter.purposes);
  composeRaw(w, p, {
    persons,
    organisation: org,
    headCount,
    representatives,
    title: fill(r.pick((matter.themes[vars.theme] ?? matter.themes[0]!).titles), vars),
    content: contentOf(w, matter, vars),
    demands: demandsOf(w, matter, vars),
    purpose,
  });

  if (slot.forced) {
    planForced(w, p, slot.forced);
    return p;
  }
  const fate = baseFate(w, p);
  if (!p.flags.includes('涉法涉诉') && !collective && fate.route === '转送' && r.chance(0.05)) {
    fate.simple = true;
    p.flags.push('简易办理');
  }
  // 复查 comes mostly from dissatisfied petitioners, known only once the plan is built: draw now, apply after.
  const wantsReview = r.next();
  const late = r.chance(0.12);
  const rereview = r.chance(0.35);
  planLifecycle(w, p, fate);
  const closed = p.endedOn !== null && p.ops.some((o) => o.input.step === 'approve_close');
  if (closed && (p.dissatisfied ? wantsReview < 0.35 : wantsReview < 0.006))
    extendWithReview(w, p, late ? 'late' : 'ok', rereview);
  return p;
}

/** Adds 复查 (and 复核) steps after a closed plan. */
function extendWithReview(w: World, p: Plan, kind: 'ok' | 'late', rereview: boolean): void {
  const r = w.r;
  const cal = w.cal;
  const c = new Cursor(w, p.ops[p.ops.length - 1]!.date);
  const lastServed = [...p.ops].reverse().find((o) => o.input.step === 'serve')!.date;
  const window = computeDeadline(w.rules.review_request, lastServed, cal).due;
  const bureau: Who = 'reviewer';
  let ended: string | null = p.endedOn;
  if (kind === 'late') {
    const d = cal.rollForward(addDays(window, r.int(3, 20)));
    c.at(d, 'registrar', { step: 'request_review', on: d });
  } else {
    const d = cal.rollForward(addDays(c.d, r.int(1, 8)));
    if (d > window) {
      c.at(d, 'registrar', { step: 'request_review', on: d }); // refused: the window had closed
    } else {
      c.at(d, 'registrar', { step: 'request_review', on: d });
      ended = null;
      const ro: ReviewOutcome = r.weighted([
        ['维持', 70],
        ['变更', 18],
        ['责令重新办理', 12],
      ] as const);
      c.step(10, 27, bureau, { step: 'decide_review', outcome: ro, opinion: reviewOpinion(ro, p) });
      if (ro === '责令重新办理') {
        const H: Who = `h:${p.unit!}`;
        const dd = cal.rollForward(addDays(c.d, r.int(15, 40)));
        const { input, outcome } = replyInput(w, p);
        c.at(dd, H, { ...input, on: dd } as StepInputDto);
        c.step(1, 5, H, { step: 'serve' });
        const sat = r.weighted(
          outcome === '不予支持'
            ? ([
                ['基本满意', 40],
                ['不满意', 60],
              ] as const)
            : ([
                ['满意', 50],
                ['基本满意', 40],
                ['不满意', 10],
              ] as const),
        );
        c.step(1, 8, 'registrar', { step: 'rate', satisfaction: sat, comment: '' });
        c.step(1, 4, H, { step: 'conclude' });
        ended = c.step(1, 6, bureau, { step: 'approve_close' });
      } else {
        const decidedServed = c.step(1, 5, bureau, { step: 'serve_decision' });
        ended = decidedServed;
        if (rereview) {
          const rw = computeDeadline(w.rules.rereview_request, decidedServed, cal).due;
          const rd = cal.rollForward(addDays(decidedServed, r.int(5, 22)));
          if (rd <= rw) {
            c.at(rd, 'registrar', { step: 'request_rereview', on: rd });
            ended = null;
            if (r.chance(0.6)) {
              const from = cal.rollForward(addDays(rd, r.int(3, 9)));
              const to = cal.rollForward(addDays(from, r.int(0, 2)));
              c.at(to, bureau, { step: 'add_hearing', from, to, reason: '组织听证，听取信访人和有关单位意见' });
            }
            const rro: ReviewOutcome = r.weighted([
              ['维持', 85],
              ['变更', 15],
            ] as const);
            c.step(10, 25, bureau, { step: 'decide_rereview', outcome: rro, opinion: reviewOpinion(rro, p, true) });
            ended = c.step(1, 5, bureau, { step: 'serve_decision' });
            p.terminated = true;
          }
        }
      }
    }
  }
  const kept = c.ops.filter((o) => o.date <= p.today);
  if (kept.length < c.ops.length) {
    ended = null;
    p.terminated = false;
  }
  p.ops.push(...kept);
  p.endedOn = ended;
}

/** An item deliberately left open so that its current duty sits at a given warning level today. */
function planForced(w: World, p: Plan, f: NonNullable<Slot['forced']>): void {
  const lead = pickUnit(w, p.matter, p.vars);
  p.vars.unit = shortUnit(lead);
  p.unit = lead;
  if (f.rule === 'route') return; // registered on `start`, never routed
  // Registered about a week before `start`: routed, received (on `start` for a receipt notice), accepted
  // on `start` for an opinion; nothing after that yet.
  const cal = w.cal;
  const min = (a: string, b: string) => (a < b ? a : b);
  const confirm = f.rule === 'accept_notice' ? f.start : min(cal.rollForward(addDays(p.registeredOn, 2)), f.start);
  const route = min(cal.rollForward(addDays(p.registeredOn, 1)), confirm);
  const ops: StepOp[] = [
    {
      kind: 'step',
      date: route,
      who: 'reviewer',
      input: {
        step: 'route',
        on: route,
        kind: '转送',
        unitId: w.unitIds.get(lead)!,
        assistUnitIds: [],
        note: '请依法受理，按期答复信访人并将处理结果报送区信访局。',
      },
    },
    { kind: 'step', date: confirm, who: `h:${lead}`, input: { step: 'confirm_receipt', on: confirm } },
  ];
  if (f.rule === 'handle')
    ops.push({ kind: 'step', date: f.start, who: `h:${lead}`, input: { step: 'accept', on: f.start } });
  p.ops.push(...ops.filter((o) => o.date <= w.today));
}

/** A repeat (重件): the same persons raise the same matter again. */
export function repeatPlan(w: World, idx: number, slot: Slot, orig: Plan): Plan {
  const r = w.r;
  const collective = (orig.raw['headCount'] as number) >= 5;
  const channel: Channel = collective
    ? '来访'
    : r.weighted([
        ['网上投诉', 35],
        ['来访', 35],
        ['来信', 15],
        ['电话', 15],
      ] as const);
  const level: Level = r.weighted([
    ['区', 55],
    ['市', 30],
    ['省', 12],
    ['国家', 3],
  ] as const);
  const { receivedOn, registeredOn } = datesFor(w, channel, slot.receivedOn);
  const vars: Vars = { ...orig.vars };
  const p: Plan = {
    idx,
    receivedOn,
    registeredOn,
    raw: {},
    matter: orig.matter,
    vars,
    persons: orig.persons,
    ops: [],
    endedOn: null,
    terminated: false,
    unit: null,
    dissatisfied: false,
    level,
    channel,
    flags: (orig.raw['flags'] as Flag[]).filter((f) => f === '涉法涉诉' || f === '联名'),
    today: w.today,
  };
  if (level !== '区' && channel === '来访' && r.chance(0.4)) p.flags.push('越级访');
  const origTitle = orig.raw['title'] as string;
  const title = r.chance(0.5) ? `再次反映：${origTitle}` : origTitle;
  const again = r.pick([
    `此前已于${ym(orig.registeredOn)}反映过该问题，至今未得到解决，特再次反映。`,
    `${ym(orig.registeredOn)}曾就此事反映，对处理结果不满意，问题依然存在。`,
    `该问题反映多次，有关部门一直没有实质性解决。`,
  ]);
  composeRaw(w, p, {
    persons: orig.persons,
    organisation: (orig.raw['organisation'] as string | null) ?? null,
    headCount: orig.raw['headCount'] as number,
    representatives: orig.raw['representatives'] as string[],
    title,
    content: `${orig.raw['content'] as string}${again}`,
    demands: orig.raw['demands'] as string[],
    purpose: orig.raw['purpose'] as Purpose,
  });
  const fate = baseFate(w, p);
  fate.stuckAt = null;
  const open = orig.endedOn === null || orig.endedOn >= registeredOn;
  if (orig.terminated && !open) {
    fate.route = '不再受理';
    fate.routeNote = '该信访事项已经复查、复核终结，信访人以同一事实和理由再次提出，依法不再受理。';
  } else if (open) {
    if (level !== '区') {
      fate.route = '不予受理';
      fate.routeNote = `该事项已由${orig.unit ?? '有关单位'}受理，尚在法定办理期限内，信访人向上级机关再次提出，依法不予受理。`;
    } else if (r.chance(0.6)) {
      fate.route = '存';
      fate.routeNote = `与信访人此前反映的事项为同一事项，原件正在办理中，已并入原件办理，存档备查。`;
    }
  }
  // Handled again by the same unit where possible.
  if (fate.route === '转送' || fate.route === '交办') {
    fate.object = false;
    const unit = orig.unit;
    if (unit) p.matter = { ...orig.matter, units: [[unit, 1]] };
  }
  planLifecycle(w, p, fate);
  p.matter = orig.matter;
  return p;
}

// ---------------------------------------------------------------------------------------------------
// Dates of registration

/** Relative volume of a month (Spring Festival and National Day dips, spring and summer peaks). */
const MONTH_FACTOR = [0, 0.85, 0.7, 1.15, 1.1, 1.0, 1.05, 1.1, 1.05, 1.0, 0.8, 1.0, 1.05];

export function registrationDates(w: World, n: number, first: string, last: string): string[] {
  const days: string[] = [];
  const weights: number[] = [];
  const span = diffDays(first, last);
  for (let i = 0; i <= span; i++) {
    const d = addDays(first, i);
    const trend = 1.12 - 0.2 * (i / Math.max(1, span)); // 降总量: the older year had more items
    const month = MONTH_FACTOR[Number(d.slice(5, 7))]!;
    const info = w.cal.dayInfo(d);
    const day = info.workday ? 1 : info.kind === 'holiday' ? 0.08 : 0.15;
    days.push(d);
    weights.push(trend * month * day * (0.5 + w.r.next()));
  }
  // Systematic sampling over the cumulative weights: month volumes follow the weights closely while the
  // jitter makes single days vary.
  const total = weights.reduce((a, b) => a + b, 0);
  const out: string[] = [];
  const step = total / Math.max(1, n);
  let next = w.r.next() * step;
  let acc = 0;
  for (let i = 0; i < days.length && out.length < n; i++) {
    acc += weights[i]!;
    while (next < acc && out.length < n) {
      out.push(days[i]!);
      next += step;
    }
  }
  while (out.length < n) out.push(last);
  return out;
}

/**
 * Open items whose current duty sits at each warning level today: a few opinions due (办理期限), and, where
 * only a duty ending exactly today can reach 严重警告 (99 % of a 60-day period is its last day), a receipt
 * notice or a route decision due today. Starts are working days; nothing is forced when none fits.
 */
export function forcedSlots(w: World, thresholds: Awaited<ReturnType<typeof loadThresholds>>): Slot[] {
  const out: Slot[] = [];
  const find = (
    rule: 'handle' | 'accept_notice' | 'route',
    level: WarningLevel,
    from: number,
    to: number,
  ): string[] => {
    const found: string[] = [];
    for (let back = from; back <= to; back++) {
      const start = addDays(w.today, -back);
      if (!w.cal.isWorkday(start)) continue;
      if (warningOf(computeDeadline(w.rules[rule], start, w.cal), w.today, thresholds).level === level)
        found.push(start);
    }
    return found;
  };
  const add = (rule: 'handle' | 'accept_notice' | 'route', level: WarningLevel, n: number): number => {
    const cands = rule === 'handle' ? find(rule, level, 30, 80) : find(rule, level, 5, 20);
    for (let i = 0; i < n && i < cands.length; i++) {
      const start = cands[Math.floor(((i + 0.5) * cands.length) / n)]!;
      // Registered about a week before the start on a working day, so that route and receipt fit before it.
      let reg = rule === 'route' ? start : addDays(start, -7);
      while (!w.cal.isWorkday(reg)) reg = addDays(reg, -1);
      out.push({ receivedOn: reg, forced: { rule, start, level } });
    }
    return Math.min(n, cands.length);
  };
  add('handle', 'notice', 2);
  add('handle', 'warning', 2);
  add('handle', 'overdue', 1);
  if (!add('handle', 'severe', 1) && !add('accept_notice', 'severe', 1)) add('route', 'severe', 1);
  add('accept_notice', 'warning', 1);
  add('route', 'notice', 1);
  add('route', 'warning', 1);
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Accounts

interface UserSpec {
  username: string;
  displayName: string;
  role: Role;
  unit: string | null;
  named: boolean;
}

function userSpecs(r: Rng): UserSpec[] {
  const named: UserSpec[] = [
    { username: 'dengji', displayName: '刘晓燕', role: 'registrar', unit: null, named: true },
    { username: 'shenhe', displayName: '陈建国', role: 'reviewer', unit: null, named: true },
    { username: 'zjj_jb', displayName: '王磊', role: 'unit_handler', unit: '区住建局', named: true },
    { username: 'zjj_fz', displayName: '赵德明', role: 'unit_head', unit: '区住建局', named: true },
    { username: 'scj_jb', displayName: '孙丽', role: 'unit_handler', unit: '区市场监管局', named: true },
    { username: 'scj_fz', displayName: '周永福', role: 'unit_head', unit: '区市场监管局', named: true },
    { username: 'cgjd_jb', displayName: '李静', role: 'unit_handler', unit: '城关街道', named: true },
    { username: 'lingdao', displayName: '张志强', role: 'leader', unit: null, named: true },
    { username: 'admin', displayName: '系统管理员', role: 'admin', unit: null, named: true },
    { username: 'anquan', displayName: '安全管理员', role: 'security_admin', unit: null, named: true },
    { username: 'shenji', displayName: '安全审计员', role: 'auditor', unit: null, named: true },
  ];
  const taken = new Set(named.map((u) => u.username));
  const extra: UserSpec[] = [];
  for (const u of UNIT_SPECS) {
    if (u.name === '区信访局') continue;
    for (const [suffix, role] of [
      ['jb', 'unit_handler'],
      ['fz', 'unit_head'],
    ] as const) {
      const username = `${u.abbr}_${suffix}`;
      if (taken.has(username)) continue;
      extra.push({ username, displayName: fakeName(r), role, unit: u.name, named: false });
    }
  }
  return [...named, ...extra];
}

// ---------------------------------------------------------------------------------------------------
// Entry point

/** The demo district's units and accounts (existing ones kept), and the actor behind each plan role. */
export async function seedDistrict(deps: AppDeps, r: Rng, today: string) {
  const setupDay = addDays(today, -760);
  const setupIso = new Date(`${setupDay}T01:00:00.000Z`).toISOString();

  // Units.
  const unitIds = new Map<string, string>();
  const existingUnits = new Map(
    (await deps.db.selectFrom('units').select(['id', 'name']).execute()).map((u) => [u.name, u.id]),
  );
  let unitsCreated = 0;
  for (const [i, u] of UNIT_SPECS.entries()) {
    const have = existingUnits.get(u.name);
    if (have) {
      unitIds.set(u.name, have);
      continue;
    }
    const id = deps.newId();
    await insertUnit(
      deps.db,
      { id, name: u.name, parentId: null, insideDistrict: u.inside, kind: u.kind, sort: (i + 1) * 10 },
      setupIso,
    );
    unitIds.set(u.name, id);
    unitsCreated++;
  }

  // Users (one argon2 hash for all: hashing is deliberately slow).
  const specs = userSpecs(r);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const actors = new Map<string, Actor>();
  const logins: DemoLogin[] = [];
  for (const s of specs) {
    const problems = checkPassword(DEMO_PASSWORD, { username: s.username });
    if (problems.length) throw new Error(`演示密码不符合密码策略（${s.username}）：${problems.join('；')}`);
    const unitId = s.unit ? unitIds.get(s.unit)! : null;
    const found = await userByName(deps.db, s.username);
    const id = found?.id ?? deps.newId();
    if (!found) {
      await insertUser(
        deps.db,
        { id, username: s.username, displayName: s.displayName, role: s.role, unitId, passwordHash },
        setupIso,
      );
      if (s.named) logins.push({ username: s.username, password: DEMO_PASSWORD, role: s.role, unit: s.unit });
    }
    const actor: Actor = {
      userId: found?.id ?? id,
      username: s.username,
      displayName: found?.displayName ?? s.displayName,
      role: found?.role ?? s.role,
      unitId: found ? found.unitId : unitId,
    };
    if (s.role === 'registrar') actors.set('registrar', actor);
    if (s.role === 'reviewer') actors.set('reviewer', actor);
    if (s.unit && s.role === 'unit_handler' && !actors.has(`h:${s.unit}`)) actors.set(`h:${s.unit}`, actor);
    if (s.unit && s.role === 'unit_head' && !actors.has(`f:${s.unit}`)) actors.set(`f:${s.unit}`, actor);
  }

  return { unitIds, actors, logins, unitsCreated, users: specs.length };
}

/**
 * Seeds the demo district into an empty database (reference data is ensured first). Throws when items
 * already exist. Steps run through the real use cases, so an invalid plan fails loudly with the item and
 * step named.
 */
export async function seedDemo(deps: AppDeps, opts: SeedDemoOptions): Promise<SeedDemoResult> {
  const today = opts.today;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new Error(`seedDemo: today 应为 YYYY-MM-DD：${today}`);
  const total = Math.max(0, Math.trunc(opts.items ?? 2000));
  await ensureReferenceData(deps.db);
  const existing = await deps.db
    .selectFrom('items')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  if (Number(existing?.n ?? 0) > 0) throw new Error('数据库中已有信访事项，不能再写入演示数据');

  const r = new Rng(SEED);
  const cal = await loadCalendar(deps.db);
  const rules = await loadRules(deps.db);
  const thresholds = await loadThresholds(deps.db);
  const taxonomy = new Map((await listTaxonomy(deps.db)).map((t) => [t.path, t.code]));
  const at = (date: string): AppDeps => ({ ...deps, clock: () => new Date(`${date}T02:00:00.000Z`) });
  const { unitIds, actors, logins, unitsCreated, users } = await seedDistrict(deps, r, today);

  // Plans.
  const w: World = { r, cal, rules, today, taxonomy, unitIds, personSeq: 0 };
  const first = addDays(today, -729);
  const slots: Slot[] = [];
  const forced = total >= 40 ? forcedSlots(w, thresholds) : [];
  const nParking = total >= 40 ? Math.max(3, Math.round((40 * total) / 2000)) : 0;
  const nConcrete = total >= 40 ? Math.max(2, Math.round((25 * total) / 2000)) : 0;
  for (let i = 0; i < nParking; i++)
    slots.push({ receivedOn: addDays(today, -Math.floor(85 * Math.sqrt(r.next()))), cluster: 'parking' });
  for (let i = 0; i < nConcrete; i++) slots.push({ receivedOn: addDays(today, -r.int(8, 150)), cluster: 'concrete' });
  slots.push(...forced);
  const regular = Math.max(0, total - slots.length);
  for (const d of registrationDates(w, regular, first, today)) slots.push({ receivedOn: d });
  slots.length = Math.min(slots.length, total);
  slots.sort((a, b) => (a.receivedOn < b.receivedOn ? -1 : a.receivedOn > b.receivedOn ? 1 : 0));

  const plans: Plan[] = [];
  for (const [idx, slot] of slots.entries()) {
    let plan: Plan | null = null;
    if (!slot.cluster && !slot.forced && r.chance(0.085)) {
      const cands = plans.filter(
        (p) =>
          p.persons.length > 0 &&
          p.matter.key !== 'consult' &&
          p.registeredOn <= addDays(slot.receivedOn, -20) &&
          p.registeredOn >= addDays(slot.receivedOn, -400),
      );
      if (cands.length) {
        const weighted = cands.map((p) => [p, p.dissatisfied || p.endedOn === null ? 4 : 1] as const);
        plan = repeatPlan(w, idx, slot, r.weighted(weighted));
      }
    }
    plans.push(plan ?? freshPlan(w, idx, slot));
  }
  // The registration dates may shift (a visit on a rest day moves to the next working day): keep the
  // plans in registration order so that numbers run with dates.
  plans.sort((a, b) => (a.registeredOn < b.registeredOn ? -1 : a.registeredOn > b.registeredOn ? 1 : a.idx - b.idx));

  // Execution in date order.
  interface Sched {
    date: string;
    plan: Plan;
    k: number;
    op: Op;
  }
  const sched: Sched[] = [];
  for (const [order, p] of plans.entries()) {
    p.idx = order;
    sched.push({ date: p.registeredOn, plan: p, k: 0, op: { kind: 'register', date: p.registeredOn } });
    p.ops.forEach((op, i) => sched.push({ date: op.date, plan: p, k: i + 1, op }));
  }
  sched.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.plan.idx - b.plan.idx || a.k - b.k));

  let registered = 0;
  let reported = -1;
  const progressEvery = Math.max(1, Math.floor(total / 100));
  for (const s of sched) {
    const p = s.plan;
    const d = at(s.date);
    try {
      if (s.op.kind === 'register') {
        const input = RegisterItemInput.parse(p.raw);
        const res = await registerItem(d, { actor: actors.get('registrar')!, requestId: null }, input);
        p.id = res.item.id;
        p.version = res.item.version;
        registered++;
        if (opts.onProgress && (registered % progressEvery === 0 || registered === total))
          opts.onProgress((reported = registered), total);
      } else {
        const actor = actors.get(s.op.who);
        if (!actor) throw new Error(`没有 ${s.op.who} 的账号`);
        const input = StepInputSchema.parse(s.op.input);
        const res = await applyStep(d, { actor, requestId: null }, p.id!, p.version!, input);
        p.version = res.item.version;
      }
    } catch (err) {
      const what = s.op.kind === 'register' ? '登记' : s.op.input.step;
      const msg = err instanceof Error ? err.message : String(err);
      throw new Error(
        `演示数据写入失败：第 ${p.idx + 1} 件（${p.raw['title'] as string}，${p.registeredOn}）在 ${s.date} 执行「${what}」时出错：${msg}`,
        { cause: err },
      );
    }
  }
  if (reported !== registered) opts.onProgress?.(registered, total);
  await appendAudit(
    deps.db,
    {
      at: new Date(`${today}T02:00:00.000Z`).toISOString(),
      actorId: SYSTEM_ACTOR.userId,
      actorRole: SYSTEM_ACTOR.role,
      action: 'demo.seed',
      itemId: null,
      detail: { today, units: unitsCreated, users, items: registered },
      requestId: null,
    },
    deps,
  );
  return { units: unitsCreated, users: logins, items: registered };
}
