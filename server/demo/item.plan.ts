import type { Channel, Flag, HandlingClass, Level, Purpose } from '../../contract/enums.ts';
import { addDays, diffDays } from '../domain/calendar.ts';
import { MATTERS } from './data/matters.data.ts';
import { CHANNEL_WEIGHTS, LEVEL_WEIGHTS } from './data/weights.data.ts';
import type { Fate, ItemPlan, Matter, Person, Slot, Vars, World } from './demo.model.ts';
import { planLifecycle } from './lifecycle.plan.ts';
import { extendWithReview, planForced } from './review.plan.ts';
import { fill, makeVars, newPerson, placeOf, ym } from './world.ts';
import { COLLECTIVE_HEAD_COUNT } from '../domain/item.ts';

/** One item's plan: who petitions about what, through which channel, and what happens to it. */

export function baseFate(w: World, p: ItemPlan): Fate {
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

export function composeRaw(
  w: World,
  p: ItemPlan,
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

export function contentOf(w: World, m: Matter, v: Vars): string {
  const t = m.themes[v.theme] ?? m.themes[0]!;
  return [t.opening ?? m.opening, t.problem, m.effort, m.ask].map((alts) => fill(w.r.pick(alts), v)).join('');
}

/** 1–3 demands: the theme's first, then others of the theme and the matter. */
export function demandsOf(w: World, m: Matter, v: Vars): string[] {
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

export function datesFor(w: World, channel: Channel, receivedOn: string): { receivedOn: string; registeredOn: string } {
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
export function freshPlan(w: World, idx: number, slot: Slot): ItemPlan {
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
  const p: ItemPlan = {
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

/** A repeat (重件): the same persons raise the same matter again. */
export function repeatPlan(w: World, idx: number, slot: Slot, orig: ItemPlan): ItemPlan {
  const r = w.r;
  const collective = (orig.raw['headCount'] as number) >= COLLECTIVE_HEAD_COUNT;
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
  const p: ItemPlan = {
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

/**
 * One plan per slot: about 8.5 % are repeats of an earlier item of the same persons (more often of one left open
 * or rated 不满意), the rest fresh. Returned in registration order, so that item numbers run with dates.
 */
export function planItems(w: World, slots: readonly Slot[]): ItemPlan[] {
  const r = w.r;
  const plans: ItemPlan[] = [];
  for (const [idx, slot] of slots.entries()) {
    let plan: ItemPlan | null = null;
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
  return plans;
}
