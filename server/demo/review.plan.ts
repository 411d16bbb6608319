import type { StepInputDto } from '../../contract/dto.ts';
import type { ReviewOutcome } from '../../contract/enums.ts';
import { addDays } from '../domain/calendar.ts';
import { computeDeadline } from '../domain/deadline.ts';
import type { ItemPlan, Slot, StepOp, Who, World } from './demo.model.ts';
import { Cursor, DEMO_REPORT, replyInput, reviewOpinion } from './lifecycle.plan.ts';
import { pickUnit, shortUnit } from './world.ts';

/** Plans past the ordinary lifecycle: 复查 / 复核 after a closed item, and items held open at a warning level. */

/** Adds 复查 (and 复核) steps after a closed plan. */
export function extendWithReview(w: World, p: ItemPlan, kind: 'ok' | 'late', rereview: boolean): void {
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
        c.step(1, 8, 'registrar', {
          step: 'rate',
          satisfaction: sat,
          comment: '',
          visit: { method: '电话', outcome: '电话回访信访人，听取对处理结果的意见' },
        });
        c.step(1, 4, H, { step: 'conclude', report: DEMO_REPORT });
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
            c.step(10, 25, 'reviewer2', {
              step: 'decide_rereview',
              outcome: rro,
              opinion: reviewOpinion(rro, p, true),
            });
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
export function planForced(w: World, p: ItemPlan, f: NonNullable<Slot['forced']>): void {
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
