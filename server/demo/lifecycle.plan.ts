import type { StepInputDto } from '../../contract/dto.ts';
import type { OpinionOutcome, ReviewOutcome, Satisfaction } from '../../contract/enums.ts';
import { addDays } from '../domain/calendar.ts';
import { FURTHER_ANSWERS, SATISFACTION_WEIGHTS } from './data/weights.data.ts';
import type { Fate, ItemPlan, StepNoOn, StepOp, Who, World } from './demo.model.ts';
import { fill, pickUnit, shortUnit, themeOf, wrongUnitFor } from './world.ts';

/** The written 办结报告 a 交办 unit submits when it concludes (a 转送 unit's conclusion ignores it). */
export const DEMO_REPORT = {
  text: '已依法受理并调查核实，处理意见书已送达信访人，现报送办结报告。',
  attachmentIds: [],
};

/** The dated steps of one item from its route to its closing (or the point where it stays open today). */

export class Cursor {
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

export function opinionAnswers(w: World, p: ItemPlan, outcome: OpinionOutcome) {
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

export function replyInput(
  w: World,
  p: ItemPlan,
): { input: Extract<StepNoOn, { step: 'reply' }>; outcome: OpinionOutcome } {
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

/**
 * Builds the dated steps of one item after its registration. Mutates `p` (ops, endedOn, unit…).
 */
export function planLifecycle(w: World, p: ItemPlan, fate: Fate): void {
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
  const routedOn = route(first, routeDelay[0], routeDelay[1]);
  c.step(0, 2, `h:${first}`, { step: 'confirm_receipt' });
  if (fate.object) {
    // The 5-working-day objection window runs from the route date (routing inside the system is delivery).
    const byWindow = cal.addWorkdays(routedOn, r.int(1, 4));
    const d = byWindow > c.d ? byWindow : c.d;
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
  // Each assisting unit gives its 协办意见 to the lead unit before the lead's opinion is served.
  for (const a of assist.filter((x) => x !== lead))
    c.step(1, 6, `h:${a}`, {
      step: 'submit_assist_opinion',
      text: '经核查，同意主办单位的处理意见，本单位将配合落实。',
    });

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
        visit: { method: r.pick(['电话', '走访', '短信'] as const), outcome: '回访信访人，听取对处理结果的意见' },
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
    c.step(1, 4, H, { step: 'conclude', report: DEMO_REPORT });
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

export function reviewOpinion(o: ReviewOutcome, p: ItemPlan, rereview = false): string {
  const what = rereview ? '复核' : '复查';
  const unit = p.vars.unit;
  switch (o) {
    case '维持':
      return `经${what}，${unit}作出的处理意见认定事实清楚、适用依据正确、程序合法，予以维持。`;
    case '变更': {
      const changed = fill((themeOf(p).answers?.['支持'] ?? p.matter.answers['支持'])[0]!, p.vars);
      return `经${what}，${unit}作出的处理意见对部分诉求的答复依据不充分，予以变更：${changed}`;
    }
    case '责令重新办理':
      return `经${what}，${unit}作出的处理意见调查核实不充分，责令其在规定期限内重新办理。`;
  }
}

/** Drops steps after `today` (and after a stuck point) and decides when the matter ended. */
export function finish(p: ItemPlan, c: Cursor, ended: string | null, fate: Fate): void {
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
