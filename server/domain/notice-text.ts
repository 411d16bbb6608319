/**
 * How an item is named in a notice, a digest, a to-do line or an outbound message, by what the recipient may see
 * of its petitioners. The default is the masked title (the petitioners' names, numbers and addresses masked in
 * it); the title as written only for a recipient who may unmask the identity; no title at all for one who sees no
 * identity (the accused unit of an item routed with the identity withheld). Outbound messages (SMS, e-mail) leave
 * the system, where no unmask is audited: they never carry more than the masked title, and the SMS carries none.
 */
import type { Item } from './item.ts';
import { identityDictionaryOf, maskIdentityInText } from './text-masking.ts';
import type { IdentityAccess } from './visibility.policy.ts';

/** An item as notices name it. `title` (as written) is null when only the masked title was loaded. */
export interface ItemLabel {
  id: string;
  number: string;
  maskedTitle: string;
  title: string | null;
}

/** The label of a loaded item: its masked title computed from its own petitioners. */
export function itemLabelOf(
  item: Pick<Item, 'id' | 'number' | 'title' | 'petitioners' | 'representatives'>,
): ItemLabel {
  return {
    id: item.id,
    number: item.number,
    maskedTitle: maskIdentityInText(item.title, identityDictionaryOf(item)),
    title: item.title,
  };
}

/** The label from a list row that holds only the stored masked title (`items.masked_title`). */
export function itemLabelFromRow(row: { id: string; number: string; maskedTitle: string | null }): ItemLabel {
  return { id: row.id, number: row.number, maskedTitle: row.maskedTitle ?? '', title: null };
}

/** The title a recipient with `access` reads; masked when the access is not known. */
export function titleFor(label: ItemLabel, access: IdentityAccess | undefined): string {
  if (access === 'hidden') return '';
  if (access === 'full' && label.title !== null) return label.title;
  return label.maskedTitle;
}

/** The access an outbound message is written for: never more than masked. */
export function outboundAccess(access: IdentityAccess | undefined): IdentityAccess {
  return access === 'hidden' ? 'hidden' : 'masked';
}

/** "XF2025-000123「title」", or just the number when the recipient reads no title. */
export function itemRef(label: ItemLabel, access: IdentityAccess | undefined): string {
  const t = titleFor(label, access);
  return t ? `${label.number}「${t}」` : label.number;
}

/** The in-app link of an item (the web's route). */
export function itemLink(itemId: string): string {
  return `/items/${encodeURIComponent(itemId)}`;
}

/** The in-app link of a 督办. */
export function supervisionLink(supervisionId: string): string {
  return `/supervisions/${encodeURIComponent(supervisionId)}`;
}
