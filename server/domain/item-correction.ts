/**
 * Correcting a registered item (更正登记信息): the registrar or reviewer fixes what was registered wrongly, with a
 * reason. Pure: returns the corrected item, each change with before/after (for the timeline and the audit), and
 * which derived state must be recomputed. What the petitioner submitted as such (channel, dates, content text)
 * stays as registered; demands are only added, never erased (answered ones keep their answers).
 */
import type { Flag, HandlingClass, Purpose } from '../../contract/enums.ts';
import { CORRECTABLE_FIELD_LABELS, HAND_FLAGS, type CorrectableField } from '../../contract/enums.ts';
import { fail } from './errors.ts';
import { checkPetitioner } from './petitioner-check.ts';
import { maskedPetitioner } from './text-masking.ts';
import type { Item, Petitioner } from './item.ts';

/** A correction of one registered petitioner's details (by position); absent fields stay as registered. */
export interface PetitionerCorrection {
  index: number;
  name?: string;
  idNumber?: string | null;
  /** Keep an ID number that fails the check digit, as written (the registration's 号码未核验). */
  idUnverified?: boolean;
  phone?: string | null;
  address?: string | null;
}

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
  petitioners?: PetitionerCorrection[];
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

/** Applies the petitioner corrections, checking ID numbers and phones as registration does. */
function correctPetitioners(ps: readonly Petitioner[], cs: readonly PetitionerCorrection[], today: string) {
  const next = ps.map((p) => ({ ...p }));
  for (const c of cs) {
    const p = next[c.index];
    const who = `第 ${c.index + 1} 位信访人`;
    if (!p) fail('VALIDATION', `${who}不存在（已登记 ${ps.length} 位），请从登记的信访人中选择`);
    if (c.name !== undefined && !c.name.trim()) fail('VALIDATION', `${who}的姓名不能为空`);
    const typed = {
      name: c.name ?? p.name,
      // An ID number left as it was keeps its verification mark.
      idNumber: c.idNumber !== undefined ? c.idNumber : p.idNumber,
      idUnverified: c.idNumber !== undefined ? c.idUnverified : !p.idVerified,
      phone: c.phone !== undefined ? c.phone : p.phone,
      address: c.address !== undefined ? c.address : p.address,
    };
    const { petitioner, problems } = checkPetitioner(typed, c.index, today);
    const first = problems[0];
    if (first) fail(first.code, first.message, { field: first.field });
    next[c.index] = petitioner;
  }
  return next;
}

const PETITIONER_FIELD_LABELS = { name: '姓名', idNumber: '证件号码', phone: '联系电话', address: '住址' } as const;

/** Which details of which petitioner changed, e.g. "第 1 位信访人的姓名、证件号码". */
function petitionerFieldsChanged(before: readonly Petitioner[], after: readonly Petitioner[]): string {
  return after
    .flatMap((p, i) => {
      const b = before[i];
      const fields = (Object.keys(PETITIONER_FIELD_LABELS) as (keyof typeof PETITIONER_FIELD_LABELS)[]).filter(
        (k) => !b || b[k] !== p[k] || (k === 'idNumber' && b.idVerified !== p.idVerified),
      );
      return fields.length ? [`第 ${i + 1} 位信访人的${fields.map((k) => PETITIONER_FIELD_LABELS[k]).join('、')}`] : [];
    })
    .join('，');
}

const show = (v: unknown): string =>
  v === null || v === undefined || v === '' ? '（空）' : Array.isArray(v) ? v.join('、') || '（空）' : String(v);

/**
 * Applies a correction. Throws CORRECTION_INVALID when there is no reason or nothing changes, and VALIDATION for a
 * bad value (empty title, head count below 1, a flag that cannot be set by hand, an empty demand). `classPathOf`
 * names a content class in the timeline line by its path (the change itself records codes).
 */
export function correctItem(
  item: Item,
  c: ItemCorrection,
  today = item.registeredOn,
  classPathOf: (code: string) => string | undefined = () => undefined,
): CorrectionResult {
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
  if (c.petitioners?.length) {
    const ps = correctPetitioners(item.petitioners, c.petitioners, today);
    // Compared on the plain values; recorded masked.
    if (JSON.stringify(ps) !== JSON.stringify(item.petitioners)) {
      next.petitioners = ps;
      // The replaced details stay (sealed) so that the registered text naming them is still masked.
      const replaced = item.petitioners.filter((p, i) => JSON.stringify(p) !== JSON.stringify(ps[i]));
      const former = [...(item.formerPetitioners ?? []), ...replaced];
      next.formerPetitioners = former.filter(
        (p, i) => former.findIndex((q) => JSON.stringify(q) === JSON.stringify(p)) === i,
      );
      changes.push({
        field: 'petitioners',
        label: CORRECTABLE_FIELD_LABELS.petitioners,
        before: item.petitioners.map(maskedPetitioner),
        after: ps.map(maskedPetitioner),
      });
    }
  }
  if (!changes.length) fail('CORRECTION_INVALID', '没有需要更正的内容：所填内容与登记信息相同');
  const touched = new Set(changes.map((x) => x.field));
  // The timeline names which petitioner details changed, never their values (they are in the audit, masked).
  const shown = (x: CorrectionChange, v: unknown) =>
    show(x.field === 'classCode' && typeof v === 'string' ? (classPathOf(v) ?? v) : v);
  const line = (x: CorrectionChange) =>
    x.field === 'petitioners'
      ? `${x.label}已更正（${petitionerFieldsChanged(item.petitioners, next.petitioners)}）`
      : `${x.label}由“${shown(x, x.before)}”改为“${shown(x, x.after)}”`;
  const summary = `更正登记信息（${reason}）：${changes.map(line).join('；')}`;
  return {
    item: next,
    changes,
    recompute: {
      deadlines: touched.has('flags'),
      domain: touched.has('classCode') || touched.has('flags'),
      repeatLinks:
        touched.has('title') || touched.has('demands') || touched.has('classCode') || touched.has('petitioners'),
    },
    summary,
  };
}
