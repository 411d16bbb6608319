import type { IsoDate } from './calendar.ts';

/** The latest of ISO dates (text order is date order); throws on an empty list. */
export function latest(dates: readonly IsoDate[]): IsoDate {
  if (!dates.length) throw new RangeError('latest() of no dates');
  return [...dates].sort().at(-1)!;
}

/** The earlier of two ISO dates. */
export function earlier(a: IsoDate, b: IsoDate): IsoDate {
  return [a, b].sort()[0]!;
}
