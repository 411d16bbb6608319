import { DEMO_PHONE, makeInvalidDemoIdNumber } from '../../contract/id-number.ts';
import { addDays, diffDays } from '../domain/calendar.ts';
import {
  BUS_LINES,
  COMPOUNDS,
  CONCRETE_PLANT,
  DEVELOPERS,
  EMPLOYERS,
  GIVEN,
  HALLS,
  HOSPITALS,
  PREPAID_SHOPS,
  PROPERTY_COS,
  ROADS,
  SCHOOLS,
  SHOPS,
  SURNAMES,
  TOP_SURNAMES,
  TRAININGS,
  VILLAGES,
} from './data/district.data.ts';
import type { ItemPlan, Matter, Person, Theme, Vars, World } from './demo.model.ts';
import type { Rng } from './rng.ts';

/** Helpers that turn the district data into one item's particulars: names, places, template variables. */

const GIVEN_SINGLE = GIVEN.filter((g) => g.length === 1);

export function fakeName(r: Rng): string {
  const surname = r.chance(0.45) ? r.pick([...TOP_SURNAMES]) : r.pick([...SURNAMES]);
  const given = r.chance(0.35) ? r.pick(GIVEN_SINGLE) + r.pick(GIVEN_SINGLE) : r.pick(GIVEN);
  return surname + given;
}

export function fill(tpl: string, v: Vars): string {
  return tpl.replace(/\{(\w+)\}/g, (m, k: string) => (k in v ? String(v[k as keyof Vars]) : m));
}

export function shortUnit(name: string): string {
  return name.startsWith('区') ? name.slice(1) : name;
}

export function ym(date: string): string {
  return `${Number(date.slice(0, 4))}年${Number(date.slice(5, 7))}月`;
}

export function makeVars(w: World, receivedOn: string, matter: Matter): Vars {
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

export function placeOf(matter: Matter, v: Vars): string | null {
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

export function newPerson(w: World, v: Vars, matter: Matter): Person {
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

export function pickUnit(w: World, matter: Matter, v: Vars): string {
  const u = w.r.weighted(matter.units);
  return u === '@street' ? v.street : u;
}

/**
 * A plausible wrong unit for an objection (a neighbouring department or the street); never the accused
 * party's unit of a 检举控告类 item.
 */
export function wrongUnitFor(w: World, right: string, m: Matter, v: Vars): string {
  const pool = ['区城管局', '区住建局', '区市场监管局', v.street, '区生态环境分局', '区民政局'].filter(
    (u) => u !== right && !(m.accused && u === v.street),
  );
  return w.r.pick(pool);
}

export function themeOf(p: ItemPlan): Theme {
  return p.matter.themes[p.vars.theme] ?? p.matter.themes[0]!;
}
