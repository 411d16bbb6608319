import type { Channel, Level, OpinionOutcome, Satisfaction } from '../../../contract/enums.ts';

/** The demo district's distributions: channels, levels, satisfaction, monthly volume, and stock answers. */

export const CHANNEL_WEIGHTS: readonly (readonly [Channel, number])[] = [
  ['网上投诉', 40],
  ['来访', 25],
  ['来信', 15],
  ['电话', 12],
  ['传真', 2],
  ['其他', 6],
];

export const LEVEL_WEIGHTS: readonly (readonly [Level, number])[] = [
  ['区', 64],
  ['市', 23],
  ['省', 9],
  ['国家', 4],
];

export const SATISFACTION_WEIGHTS: readonly (readonly [Satisfaction | null, number])[] = [
  ['满意', 62],
  ['基本满意', 25],
  ['不满意', 8],
  [null, 5],
];

/** Generic answers for further demands once the matter's own texts are used up. */
export const FURTHER_ANSWERS: Readonly<Record<OpinionOutcome, readonly string[]>> = {
  支持: ['该项诉求合理，已一并督促落实到位。', '该项诉求已予采纳，落实情况将在办结后回访告知。'],
  解释说明: ['关于该项诉求，相关政策规定已向您当面解释说明。', '该项诉求涉及的政策依据和办理途径已向您书面说明。'],
  不予支持: ['该项诉求缺乏事实和法律依据，不予支持。'],
};

/** Relative volume of a month (Spring Festival and National Day dips, spring and summer peaks). */
export const MONTH_FACTOR = [0, 0.85, 0.7, 1.15, 1.1, 1.0, 1.05, 1.1, 1.05, 1.0, 0.8, 1.0, 1.05];
