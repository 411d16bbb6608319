import type { KeyboardEvent } from 'react';

const FIELDS = 'input:not([type=hidden]):not([type=file]):not([disabled]), textarea:not([disabled])';

function visible(el: HTMLElement): boolean {
  return el.offsetParent !== null && el.getAttribute('aria-hidden') !== 'true';
}

/** The fields of a form in document (tab) order, those on screen only. */
export function formFields(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FIELDS)].filter(visible);
}

/**
 * Whether the focused input's own widget wants this Enter: an open drop-down (select, tree select, date picker)
 * picks with it, and a tag box with a name typed makes the tag.
 */
function widgetTakesEnter(t: HTMLElement): boolean {
  if (t.getAttribute('aria-expanded') === 'true') return true;
  if (t.getAttribute('role') === 'combobox' && (t as HTMLInputElement).value.trim() !== '') return true;
  return Boolean(
    t.closest('.ant-picker-focused') && document.querySelector('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)'),
  );
}

/**
 * The desk's keys in a long form, for the form's capture phase (`onKeyDownCapture`): Ctrl+Enter (⌘+Enter)
 * submits from anywhere; Enter in a one-line field moves to the next field instead of submitting half a form (in
 * a text area it starts a new line, in an open drop-down it picks the option); past the last field it lands on
 * `last` (the submit button). The move is taken before the field sees the key: a closed select opens its list
 * on Enter, and that list would stay open behind the cursor.
 */
export function handleFormKeys(
  e: KeyboardEvent<HTMLElement>,
  opts: { submit: () => void; last?: HTMLElement | null },
): void {
  if (e.key !== 'Enter' || e.nativeEvent.isComposing) return;
  if (e.ctrlKey || e.metaKey) {
    e.preventDefault();
    e.stopPropagation();
    opts.submit();
    return;
  }
  const t = e.target as HTMLElement;
  if (t.tagName !== 'INPUT' || widgetTakesEnter(t)) return;
  e.preventDefault();
  e.stopPropagation();
  const fields = formFields(e.currentTarget);
  const next = fields[fields.indexOf(t) + 1] ?? opts.last;
  next?.focus();
}

/**
 * For the form's bubble phase (`onKeyDown`): once a field's widget has used an Enter (the date picker keeps the
 * typed day), the browser must not also take it as the form's implicit submission.
 */
export function keepEnterFromSubmitting(e: KeyboardEvent<HTMLElement>): void {
  if (e.key === 'Enter' && (e.target as HTMLElement).tagName === 'INPUT') e.preventDefault();
}
