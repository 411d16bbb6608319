import type { ReadScope } from '../domain/visibility.policy.ts';
import type { DbOrTrx } from './db.ts';
import { visibleItems } from './item-scope.ts';

/** One petitioner row of an earlier item that shares a keyed hash with the person looked for. */
export interface PersonCandidateRow {
  id: string;
  number: string;
  title: string;
  maskedTitle: string | null;
  content: string;
  registeredOn: string;
  status: string;
  idHash: string | null;
  phoneHash: string | null;
  nameHash: string;
  /** Sealed address (only rows found by name alone need it, to compare addresses). */
  address: string | null;
}

type HashColumn = 'p.id_hash' | 'p.phone_hash' | 'p.name_hash';

/**
 * Earlier items of a person within `scope`, found by each keyed hash (ID number, phone, name) on its own index
 * and bounded per hash kind to the `perKind` newest: a common name or a shared phone cannot make the lookup read
 * every item of everyone who shares it. Nothing is decrypted here.
 */
export async function personCandidates(
  db: DbOrTrx,
  hashes: { id: readonly string[]; phone: readonly string[]; name: readonly string[] },
  scope: ReadScope,
  perKind = 40,
): Promise<PersonCandidateRow[]> {
  const kinds: [HashColumn, readonly string[]][] = [
    ['p.id_hash', hashes.id],
    ['p.phone_hash', hashes.phone],
    ['p.name_hash', hashes.name],
  ];
  const seen = new Set<string>();
  const out: PersonCandidateRow[] = [];
  for (const [column, values] of kinds) {
    if (!values.length) continue;
    const rows = await db
      .selectFrom('petitioners as p')
      .innerJoin('items as i', 'i.id', 'p.item_id')
      .select([
        'p.id as pid',
        'i.id',
        'i.number',
        'i.title',
        'i.masked_title',
        'i.content',
        'i.registered_on',
        'i.status',
        'p.id_hash',
        'p.phone_hash',
        'p.name_hash',
        'p.address',
      ])
      .where(column, 'in', [...values])
      .where(visibleItems(scope))
      .orderBy('i.registered_on', 'desc')
      .orderBy('i.id', 'desc')
      .limit(perKind)
      .execute();
    for (const r of rows) {
      if (seen.has(r.pid)) continue;
      seen.add(r.pid);
      out.push({
        id: r.id,
        number: r.number,
        title: r.title,
        maskedTitle: r.masked_title,
        content: r.content,
        registeredOn: r.registered_on,
        status: r.status,
        idHash: r.id_hash,
        phoneHash: r.phone_hash,
        nameHash: r.name_hash,
        address: r.address,
      });
    }
  }
  return out;
}
