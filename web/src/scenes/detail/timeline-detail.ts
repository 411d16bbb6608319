/**
 * The lines a timeline entry adds below its summary, read from the step as it was entered: where the item
 * was routed, the bureau's note, the head's approval note, the 复查/复核 opinion. Entries whose inputs the
 * viewer may not see arrive without them and add nothing.
 */
export function timelineDetails(
  step: string,
  data: unknown,
  unitName: (id: string) => string | undefined,
): { label: string; text: string }[] {
  const input = (data as { input?: Record<string, unknown> } | null)?.input;
  if (!input) return [];
  const out: { label: string; text: string }[] = [];
  const str = (k: string) => (typeof input[k] === 'string' ? (input[k] as string).trim() : '');
  if (step === 'route') {
    const unit = typeof input.unitId === 'string' ? unitName(input.unitId) : undefined;
    if (unit) out.push({ label: '责任单位', text: unit });
    const assist = Array.isArray(input.assistUnitIds)
      ? (input.assistUnitIds as string[]).map((u) => unitName(u)).filter(Boolean)
      : [];
    if (assist.length) out.push({ label: '协办单位', text: assist.join('、') });
    if (str('note')) out.push({ label: '信访部门意见', text: str('note') });
  }
  if (step === 'decide_extension') {
    out.push({ label: '审批结果', text: input.approve ? '同意延期' : '不同意延期' });
    if (str('note')) out.push({ label: '审批意见', text: str('note') });
    if (str('noticeReason')) out.push({ label: '告知信访人的理由', text: str('noticeReason') });
  }
  if (step === 'decide_review' || step === 'decide_rereview') {
    if (str('opinion')) out.push({ label: step === 'decide_review' ? '复查意见' : '复核意见', text: str('opinion') });
  }
  // request_extension: its summary already states the days and the reason asked; nothing to add.
  return out;
}
