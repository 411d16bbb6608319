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
 * The desk's keys in a long form: Ctrl+Enter (⌘+Enter) submits from anywhere; Enter in a one-line field moves to
 * the next field instead of submitting half a form (in a text area it starts a new line, in an open drop-down it
 * picks the option); past the last field it lands on `last` (the submit button).
 */
export function handleFormKeys(
  e: KeyboardEvent<HTMLElement>,
  opts: { submit: () => void; last?: HTMLElement | null },
): void {
  if (e.key !== 'Enter' || e.nativeEvent.isComposing) return;
  if (e.ctrlKey || e.metaKey) {
    e.preventDefault();
    opts.submit();
    return;
  }
  const t = e.target as HTMLElement;
  if (t.tagName !== 'INPUT') return;
  // Enter in a one-line field would otherwise submit the form natively (and land on the first error).
  e.preventDefault();
  // An open drop-down (select, date picker, tree select) takes Enter for its own choice.
  if (t.getAttribute('aria-expanded') === 'true') return;
  if (
    t.closest('.ant-picker-focused') &&
    document.querySelector('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)')
  )
    return;
  const fields = formFields(e.currentTarget);
  const next = fields[fields.indexOf(t) + 1] ?? opts.last;
  next?.focus();
}
