/**
 * The shapes of the demo district: its data (units, matters and their texts) and the plans built from it
 * (one plan per item: registration plus dated steps).
 */
import type { StepInputDto } from '../../contract/dto.ts';
import type { Channel, Flag, HandlingClass, Level, OpinionOutcome, Purpose, Role } from '../../contract/enums.ts';
import type { Rules } from '../app/context.ts';
import type { WorkCalendar } from '../domain/calendar.ts';
import type { WarningLevel } from '../domain/deadline.ts';
import type { Rng } from './rng.ts';

export interface UnitSpec {
  name: string;
  abbr: string;
  kind: string;
  inside: boolean;
}

/** Per-item variables filled into the templates; copied to repeats so that they read as the same matter. */
export interface Vars {
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

export type PlaceKind =
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
export interface Theme {
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

export interface Matter {
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

/** A step input without its date (the cursor sets `on`). */
export type StepNoOn = StepInputDto extends infer T ? (T extends unknown ? Omit<T, 'on'> : never) : never;

export type Who = 'registrar' | 'reviewer' | 'reviewer2' | `h:${string}` | `f:${string}`;

export interface RegisterOp {
  kind: 'register';
  date: string;
}
export interface StepOp {
  kind: 'step';
  date: string;
  who: Who;
  input: StepInputDto;
}
export type Op = RegisterOp | StepOp;

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

export interface World {
  r: Rng;
  cal: WorkCalendar;
  rules: Rules;
  today: string;
  taxonomy: Map<string, string>;
  unitIds: Map<string, string>;
  personSeq: number;
}

export interface Fate {
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

export interface Slot {
  receivedOn: string;
  cluster?: 'parking' | 'concrete';
  /** An item left open so that a duty that started on `start` sits at `level` today. */
  forced?: { rule: 'handle' | 'accept_notice' | 'route'; start: string; level: WarningLevel };
}

/** An account of the demo district. */
export interface UserSpec {
  username: string;
  displayName: string;
  role: Role;
  unit: string | null;
  /** A named login printed at start (the others follow the `<abbr>_jb` / `<abbr>_fz` pattern). */
  named: boolean;
  /** A leader's title (职务) for the leader directory. */
  title?: string;
}
