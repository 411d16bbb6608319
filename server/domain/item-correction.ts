/**
 * Correcting a registered item (更正登记信息): the registrar or reviewer fixes what was registered wrongly, with a
 * reason. Pure: returns the corrected item, each change with before/after (for the timeline and the audit), and
 * which derived state must be recomputed. What the petitioner submitted as such (channel, dates, content text)
 * stays as registered; demands are only added, never erased (answered ones keep their answers).
 */
import type { Flag, HandlingClass, Purpose } from '../../contract/enums.ts';
import { CORRECTABLE_FIELD_LABELS, HAND_FLAGS, type CorrectableField } from '../../contract/enums.ts';
import { fail } from './errors.ts';
import type { Item } from './item.ts';

export interface ItemCorrection {
  title?: string;
  classCode?: string | null;
  place?: string | null;
  /** The hand-set flags wanted now (HAND_FLAGS); flags that follow from the facts are kept as they are. */
  handFlags?: Flag[];
  handlingClass?: HandlingClass;
  purpose?: Purpose;
  headCount?: number;
  /** Demands to add (the registered ones stay). */
  addDemands?: string[];
  reason: string;
}

export interface CorrectionChange {
  field: CorrectableField;
  label: string;
  before: unknown;
  after: unknown;
}

export interface CorrectionResult {
  item: Item;
  changes: CorrectionChange[];
  /** Derived state to recompute: deadlines (flags such as 简易办理), the report domain (class, 涉法涉诉), repeat links. */
  recompute: { deadlines: boolean; domain: boolean; repeatLinks: boolean };
  /** One timeline line, in Chinese, with before and after. */
  summary: string;
}

const show = (v: unknown): string =>
  v === null || v === undefined || v === '' ? '（空）' : Array.isArray(v) ? v.join('、') || '（空）' : String(v);

/**
 * Applies a correction. Throws CORRECTION_INVALID when there is no reason or nothing changes, and VALIDATION for a
 * bad value (empty title, head count below 1, a flag that cannot be set by hand, an empty demand).
 */
export function correctItem(item: Item, c: ItemCorrection): CorrectionResult {
  const reason = (c.reason ?? '').trim();
  if (!reason) fail('CORRECTION_INVALID', '请填写更正理由');
  const next: Item = structuredClone(item);
  const changes: CorrectionChange[] = [];
  const set = <K extends CorrectableField>(field: K, before: unknown, after: unknown, apply: () => void) => {
    if (JSON.stringify(before) === JSON.stringify(after)) return;
    apply();
    changes.push({ field, label: CORRECTABLE_FIELD_LABELS[field], before, after });
  };
  if (c.title !== undefined) {
    const t = c.title.trim();
    if (!t) fail('VALIDATION', '标题不能为空');
    set('title', item.title, t, () => {
      next.title = t;
    });
  }
  if (c.classCode !== undefined) {
    const code = c.classCode?.trim() || null;
    set('classCode', item.classCode, code, () => {
      next.classCode = code;
    });
  }
  if (c.place !== undefined) {
    const place = c.place?.trim() || null;
    set('place', item.place, place, () => {
      next.place = place;
    });
  }
  if (c.handFlags !== undefined) {
    const bad = c.handFlags.filter((f) => !HAND_FLAGS.includes(f));
    if (bad.length) fail('VALIDATION', `以下标记由事项情况决定，不能手工更正：${bad.join('、')}`);
    const kept = item.flags.filter((f) => !HAND_FLAGS.includes(f));
    const flags = [...kept, ...HAND_FLAGS.filter((f) => c.handFlags!.includes(f))];
    set('flags', item.flags, flags, () => {
      next.flags = flags;
    });
  }
  if (c.handlingClass !== undefined)
    set('handlingClass', item.handlingClass, c.handlingClass, () => {
      next.handlingClass = c.handlingClass!;
    });
  if (c.purpose !== undefined)
    set('purpose', item.purpose, c.purpose, () => {
      next.purpose = c.purpose!;
    });
  if (c.headCount !== undefined) {
    if (!Number.isInteger(c.headCount) || c.headCount < 1) fail('VALIDATION', '人数须为不小于 1 的整数');
    set('headCount', item.headCount, c.headCount, () => {
      next.headCount = c.headCount!;
    });
  }
  if (c.addDemands?.length) {
    const add = c.addDemands.map((d) => d.trim());
    if (add.some((d) => !d)) fail('VALIDATION', '新增诉求不能为空');
    const before = item.demands.map((d) => d.text);
    next.demands = [...item.demands, ...add.map((text) => ({ text }))];
    changes.push({
      field: 'demands',
      label: CORRECTABLE_FIELD_LABELS.demands,
      before,
      after: next.demands.map((d) => d.text),
    });
  }
  if (!changes.length) fail('CORRECTION_INVALID', '没有需要更正的内容：所填内容与登记信息相同');
  const touched = new Set(changes.map((x) => x.field));
  const summary = `更正登记信息（${reason}）：${changes.map((x) => `${x.label}由“${show(x.before)}”改为“${show(x.after)}”`).join('；')}`;
  return {
    item: next,
    changes,
    recompute: {
      deadlines: touched.has('flags'),
      domain: touched.has('classCode') || touched.has('flags'),
      repeatLinks: touched.has('title') || touched.has('demands') || touched.has('classCode'),
    },
    summary,
  };
}
