/**
 * Deterministic synthetic petition messages for tests and the bench: planted
 * hot issues (two compounds with parking complaints, a concrete plant's noise,
 * restaurant fumes under one building) among unrelated messages, including
 * wage-arrears complaints against different companies that must NOT merge.
 * All names are invented.
 */
import { rng } from './linear.ts';
import type { HotspotItem } from './hotspots.ts';

/** Planted cluster id per message id ('' = background). */
export type PlantedTruth = Map<string, string>;

const OPEN = ['尊敬的领导：', '您好！', '领导好，', '', '尊敬的市长：', '各位领导：'];
const CLOSE = ['望尽快解决！', '请有关部门尽快处理。', '希望领导重视。', '谢谢！', '恳请政府督促整改。', ''];

interface Planted {
  key: string;
  n: number;
  titles: string[];
  bodies: string[];
}

const PLANTED: Planted[] = [
  {
    key: 'parking-jgy',
    n: 8,
    titles: ['A2区金桂苑小区开发商捆绑销售车位', '金桂苑小区强制业主买车位才能交房', '投诉金桂苑开发商车位捆绑销售'],
    bodies: [
      '我是A2区金桂苑小区的业主，开发商要求必须购买车位才给办理交房手续，车位价格高达十几万，属于捆绑销售。',
      'A2区金桂苑小区交房时开发商强制捆绑销售车位，不买车位就不给钥匙，业主们非常气愤。',
      '金桂苑小区开发商把车位和房子捆绑销售，违反了商品房销售规定，请住建部门查处。',
    ],
  },
  {
    key: 'parking-jxht',
    n: 5,
    titles: ['A5区锦绣华庭小区车位只租不售还乱涨价', '锦绣华庭停车位被开发商高价捆绑出售'],
    bodies: [
      'A5区锦绣华庭小区的地下车位开发商只卖不租，价格一年涨了两次，业主停车难。',
      '锦绣华庭小区开发商捆绑出售车位，不买就不让停车，物业还乱收停车费。',
    ],
  },
  {
    key: 'concrete-noise',
    n: 6,
    titles: ['A3区宏达混凝土搅拌站夜间噪音扰民', '宏达搅拌站噪音和粉尘太大', '丽景新城旁宏达搅拌站日夜施工'],
    bodies: [
      'A3区丽景新城小区旁边的宏达混凝土搅拌站每天晚上运转到凌晨，噪音大得无法入睡，粉尘也很严重。',
      '宏达混凝土搅拌站离居民楼不到一百米，罐车进出噪音扰民，夜里也不停工，请环保部门查处。',
      '丽景新城业主反映宏达搅拌站噪音和扬尘污染，老人小孩晚上睡不着。',
    ],
  },
  {
    key: 'fumes-mz',
    n: 5,
    titles: ['A1区明珠大厦楼下餐馆油烟扰民', '明珠大厦底层饭店油烟直排', '投诉明珠大厦临街门面餐饮油烟'],
    bodies: [
      'A1区明珠大厦一楼的几家餐馆油烟直接排到楼上住户窗口，夏天不敢开窗，油烟味熏人。',
      '明珠大厦底层门面开了烧烤店和饭店，没有安装油烟净化设备，油烟扰民严重。',
      '我们住在明珠大厦楼上，楼下餐馆排放的油烟和噪音影响生活，多次投诉无果。',
    ],
  },
];

const WAGE_COMPANIES = ['鑫源建筑公司', '华泰劳务公司', '金鼎装饰公司', '远航物流公司', '宏基建设公司', '新锐科技公司'];

const BACKGROUND = [
  ['孩子入学划片不合理', '我家孩子今年上小学，按划片要去五公里外的学校，离家太远，希望调整学区划分。'],
  ['公交线路调整后出行不便', '12路公交车改线以后我们这里没有公交站了，老人出行非常不方便，请恢复原线路。'],
  ['医院挂号难', '市第一医院专家号很难挂，黄牛倒号严重，希望卫健委整治。'],
  ['养老保险转移接续问题', '我在外省缴纳了十年养老保险，回本地后无法转移接续，社保局一直推诿。'],
  ['路灯长期不亮', '人民路南段的路灯坏了三个月，晚上漆黑一片，行人容易摔倒。'],
  ['网约车平台乱收费', '网约车平台收取高额服务费，司机收入越来越低，希望交通部门监管。'],
  ['菜市场占道经营', '农贸市场外面流动摊贩占道经营，早上交通堵塞，垃圾遍地。'],
  ['培训机构退费难', '孩子报名的课外培训机构突然关门，预付的学费一万多元无法退还。'],
  ['医保报销比例太低', '住院费用医保只报销一半，大病家庭负担很重，希望提高报销比例。'],
  ['农村道路破损', '我们村通往镇上的水泥路坑洼不平，下雨天无法通行，请求修缮。'],
  ['景区门票价格过高', '本地景区门票涨到一百二十元，外地游客投诉很多，影响旅游形象。'],
  ['独生子女奖励未发放', '我是独生子女父母，按政策应享受奖励扶助金，但至今没有领到。'],
];

/**
 * Builds the synthetic set: planted clusters (multiple users each), six wage
 * complaints against different companies, and background messages.
 * Returns the items and the planted truth.
 */
export function syntheticHotspotItems(seed = 7, backgroundRepeats = 2): { items: HotspotItem[]; truth: PlantedTruth } {
  const r = rng(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)] as T;
  const items: HotspotItem[] = [];
  const truth: PlantedTruth = new Map();
  let n = 0;
  const day = (d: number): string =>
    `2019-0${1 + Math.floor(d / 28)}-${String(1 + (d % 28)).padStart(2, '0')} 10:00:00`;
  for (const p of PLANTED) {
    for (let i = 0; i < p.n; i++) {
      const id = `s${++n}`;
      items.push({
        id,
        title: pick(p.titles),
        text: `${pick(OPEN)}${pick(p.bodies)}${pick(CLOSE)}`,
        time: day(40 + Math.floor(r() * 40)),
        user: `u${1000 + n}`,
      });
      truth.set(id, p.key);
    }
  }
  for (const c of WAGE_COMPANIES) {
    const id = `s${++n}`;
    items.push({
      id,
      title: `${c}拖欠农民工工资`,
      text: `${pick(OPEN)}我们在${c}打工，老板拖欠工资半年了，多次讨薪无果，希望劳动监察部门帮助追讨。${pick(CLOSE)}`,
      time: day(Math.floor(r() * 80)),
      user: `u${1000 + n}`,
    });
    truth.set(id, '');
  }
  for (let k = 0; k < backgroundRepeats; k++) {
    for (const [title, body] of BACKGROUND) {
      const id = `s${++n}`;
      items.push({
        id,
        title: k === 0 ? title : `再次反映：${title}`,
        text: `${pick(OPEN)}${body}${pick(CLOSE)}`,
        time: day(Math.floor(r() * 80)),
        user: `u${1000 + n}`,
      });
      truth.set(id, '');
    }
  }
  return { items, truth };
}

interface BigMatter {
  key: string;
  n: number;
  /** Ways the place is written. */
  places: string[];
  /** Title patterns ({p} = place). */
  titles: string[];
  /** Complaint sentences ({p} = place); two or three are used per post. */
  says: string[];
}

const BIG: BigMatter[] = [
  {
    key: 'parking-bundle',
    n: 150,
    places: ['A7区伊景苑滨河小区', '伊景苑滨河小区', '伊景苑滨河', '伊景苑'],
    titles: [
      '{p}捆绑销售车位',
      '{p}开发商强制业主购买车位',
      '投诉{p}车位捆绑',
      '关于{p}交房必须买车位的问题',
      '{p}车位捆绑销售何时解决',
    ],
    says: [
      '{p}开发商要求业主交房时必须购买车位，否则不给钥匙。',
      '车位价格高达十几万元，与房子捆绑销售，业主无法接受。',
      '我们是{p}的业主，开发商捆绑出售车位，属于违法行为。',
      '不买车位就不办理交房手续，这是强买强卖。',
      '请住建部门查处{p}捆绑销售车位的行为。',
      '开发商说车位是配套必须买，我们咨询过，没有这样的规定。',
    ],
  },
  {
    key: 'school-noise',
    n: 90,
    places: ['A3区星河实验学校', '星河实验学校', '星河实验'],
    titles: ['{p}旁工地夜间施工扰民', '{p}附近渣土车噪音', '{p}周边施工噪音影响学生休息', '投诉{p}旁夜间施工'],
    says: [
      '{p}旁边的工地每天晚上施工到凌晨，学生无法休息。',
      '渣土车进出噪音巨大，还有大量扬尘。',
      '孩子住校，晚上被施工噪音吵得睡不着觉。',
      '多次拨打投诉电话，工地晚上照样施工。',
      '希望环保和城管部门查处{p}附近的违规夜间施工。',
    ],
  },
  {
    key: 'wage-metro',
    n: 60,
    places: ['华建路桥公司', '华建路桥', 'A2区华建路桥公司'],
    titles: ['{p}拖欠工人工资', '{p}欠薪半年', '讨要{p}拖欠的农民工工资', '{p}工地老板跑路'],
    says: [
      '我们在{p}的地铁项目干活，工资已经拖欠半年了。',
      '一百多名工人的血汗钱没有着落，年关将至回不了家。',
      '项目经理说上面没拨款，我们找公司也没人管。',
      '请劳动监察部门督促{p}支付拖欠的工资。',
      '{p}拖欠我们工资，多次讨要无果。',
    ],
  },
  {
    key: 'water-outage',
    n: 40,
    places: ['A5区金桥花苑', '金桥花苑小区', '金桥花苑'],
    titles: ['{p}经常停水', '{p}自来水水压低', '{p}二次供水设施老化', '{p}停水三天无人管'],
    says: [
      '{p}近几个月频繁停水，高层住户根本用不上水。',
      '二次供水设备老化，水压很低，物业推给水务公司。',
      '家里老人孩子用水困难，只能下楼提水。',
      '请水务部门尽快改造{p}的二次供水设施。',
    ],
  },
  {
    key: 'bus-route',
    n: 25,
    places: ['A6区梅溪湖西片', '梅溪湖西片区', '梅溪湖西'],
    titles: ['{p}没有公交线路', '{p}居民出行难', '建议在{p}增设公交站', '{p}公交班次太少'],
    says: [
      '{p}入住上万人，只有一条公交线路，班次很少。',
      '早高峰等车要半个小时，上班上学非常不便。',
      '建议公交集团在{p}增开线路、加密班次。',
      '附近地铁站太远，居民出行只能打车。',
    ],
  },
];

/**
 * Five generated big matters (150, 90, 60, 40, 25 posts about one place and one problem each, worded in many
 * ways, by different users with likes) to be mixed into real messages: the hot-issue evaluation checks that
 * each becomes one cluster and that they rank by people and support. All names are invented.
 */
export function bigMatterItems(seed = 11): { items: HotspotItem[]; truth: PlantedTruth } {
  const r = rng(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)] as T;
  const items: HotspotItem[] = [];
  const truth: PlantedTruth = new Map();
  let n = 0;
  for (const m of BIG) {
    for (let i = 0; i < m.n; i++) {
      const id = `big${++n}`;
      const fill = (s: string): string => s.split('{p}').join(pick(m.places));
      const says = [...m.says].sort(() => r() - 0.5).slice(0, 2 + Math.floor(r() * 2));
      items.push({
        id,
        title: fill(pick(m.titles)),
        text: `${pick(OPEN)}${says.map(fill).join('')}${pick(CLOSE)}`,
        time: `2019-${String(1 + Math.floor(r() * 11)).padStart(2, '0')}-${String(1 + Math.floor(r() * 27)).padStart(2, '0')} 09:00:00`,
        // Some people post more than once.
        user: `bu${m.key}${Math.floor(r() * m.n * 0.8)}`,
        likes: Math.floor(r() * r() * 40),
      });
      truth.set(id, m.key);
    }
  }
  return { items, truth };
}
