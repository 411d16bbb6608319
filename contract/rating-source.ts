import type { ReturnVisitMethod } from './enums.ts';

/**
 * Where a rating came from, as the reports split 满意率: the petitioner's own rating on the portal, or what they
 * said in a 回访 by telephone, visit or text message. Ratings stored before sources were kept say so.
 */
export const RATING_SOURCE_KINDS = ['网上自评', '电话回访', '上门回访', '短信回访', '来源未记录'] as const;
export type RatingSourceKind = (typeof RATING_SOURCE_KINDS)[number];

const BY_METHOD: Readonly<Record<ReturnVisitMethod, RatingSourceKind>> = {
  电话: '电话回访',
  走访: '上门回访',
  短信: '短信回访',
};

interface RatingLike {
  source?: 'portal' | 'return_visit';
  visitIndex?: number;
}
interface VisitLike {
  method: ReturnVisitMethod;
  on: string;
  by: { name: string };
}

/** The source kind of a stored rating (the 回访 it came from decides the method). */
export function ratingSourceKind(rating: RatingLike, visits: readonly VisitLike[] | undefined): RatingSourceKind {
  if (rating.source === 'portal') return '网上自评';
  const visit = rating.visitIndex === undefined ? undefined : visits?.[rating.visitIndex];
  return rating.source === 'return_visit' && visit ? BY_METHOD[visit.method] : '来源未记录';
}

/** What a reader is told of a rating's source: the portal, or the 回访 with who made it (dates are the caller's). */
export function ratingSourceText(rating: RatingLike, visits: readonly VisitLike[] | undefined): string {
  const kind = ratingSourceKind(rating, visits);
  const visit = rating.visitIndex === undefined ? undefined : visits?.[rating.visitIndex];
  return visit && kind !== '网上自评' && kind !== '来源未记录' ? `${kind}（回访人：${visit.by.name}）` : kind;
}

/** How the reports group the sources: the petitioner's own rating online, any 回访, or not recorded. */
export type RatingSourceGroup = '网上自评' | '回访' | '来源未记录';
export function ratingSourceGroup(kind: RatingSourceKind): RatingSourceGroup {
  return kind === '网上自评' || kind === '来源未记录' ? kind : '回访';
}
