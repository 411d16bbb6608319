import { AppError } from './errors.ts';

/** The sort keys of the item list; every sort breaks ties on the (unique) item number. */
export type ListSort = 'registeredOn' | 'dueOn' | 'number' | 'receivedOn';

/** A position in the list: the sort key's value and the number of the row at the page edge. */
export interface ListKeyset {
  sort: ListSort;
  /** The sort value (a date; for `dueOn` the stored date or the no-due-date sentinel; for `number` the number). */
  value: string;
  number: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const BAD = () => new AppError('VALIDATION', '翻页参数无效或已过期，请回到第一页重新查询');

/** Opaque to clients: base64url of the keyset. */
export function encodeCursor(k: ListKeyset): string {
  return Buffer.from(JSON.stringify([k.sort, k.value, k.number]), 'utf8').toString('base64url');
}

/** The keyset of a cursor made for `sort`; a cursor that is malformed or made for another sort is refused. */
export function decodeCursor(cursor: string, sort: ListSort): ListKeyset {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw BAD();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || !parsed.every((x) => typeof x === 'string')) throw BAD();
  const [s, value, number] = parsed as [string, string, string];
  if (s !== sort || !number || number.length > 64) throw BAD();
  if (sort === 'number' ? value !== number : !DATE.test(value)) throw BAD();
  return { sort, value, number };
}
