import { useEffect, useState } from 'react';
import { Alert, DatePicker, Form, Input, Modal, Select, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import {
  SUGGESTION_REASON_LABELS,
  SUPERVISION_KINDS,
  SUPERVISION_REPLY_WORKDAYS,
  type SuggestionReason,
  type SupervisionKind,
} from '../../../../contract/supervision.ts';
import { errorText } from '../../api/client.ts';
import { call, client } from '../../api/typed.ts';

export interface SupervisionTarget {
  itemId: string;
  number: string;
  unitId: string;
  unitName: string;
  /** Filled from a 督办建议: its reasons' texts and codes. */
  reason?: string;
  suggestedFor?: SuggestionReason[];
}

interface Values {
  kind: SupervisionKind;
  reason: string;
  requirements: string;
  addresseeUserId?: string;
  issuedOn: Dayjs;
  dueOn: Dayjs;
}

/**
 * 发起督办: the bureau issues a 督办 on an item to the unit that leads it. The reply date defaults to the kind's
 * working days after the issue day on the work calendar (the server's calendar), and may be changed.
 */
export function IssueSupervisionModal({
  target,
  today,
  onClose,
  onDone,
}: {
  target: SupervisionTarget;
  today: string;
  onClose: () => void;
  onDone: (id: string) => void;
}) {
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const kind = Form.useWatch('kind', form) ?? '文书督办';
  const issuedOn = Form.useWatch('issuedOn', form);
  const people = useQuery({ queryKey: ['workload'], queryFn: () => call(client.GET('/api/v1/workload')) });
  const from = issuedOn ? issuedOn.format('YYYY-MM-DD') : today;
  const due = useQuery({
    queryKey: ['calendar-due', from, kind],
    queryFn: () =>
      call(
        client.GET('/api/v1/calendar/due', {
          params: { query: { from, days: SUPERVISION_REPLY_WORKDAYS[kind], unit: 'working', rollForward: '1' } },
        }),
      ),
  });
  // The default reply date follows the kind and the issue day until the user picks one.
  useEffect(() => {
    if (due.data && !form.isFieldTouched('dueOn')) form.setFieldValue('dueOn', dayjs(due.data.due));
  }, [due.data, form]);
  const unitPeople = (people.data?.people ?? []).filter((p) => p.unitId === target.unitId);
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    setError(null);
    try {
      const made = await call(
        client.POST('/api/v1/supervisions', {
          body: {
            kind: v.kind,
            itemIds: [target.itemId],
            reason: v.reason,
            requirements: v.requirements,
            unitId: target.unitId,
            addresseeUserId: v.addresseeUserId ?? null,
            issuedOn: v.issuedOn.format('YYYY-MM-DD'),
            dueOn: v.dueOn.format('YYYY-MM-DD'),
            ...(target.suggestedFor?.length ? { suggestedFor: target.suggestedFor } : {}),
          },
        }),
      );
      onDone(made.id);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={`发起督办：${target.number}`}
      okText="下发督办"
      cancelText="取消"
      confirmLoading={busy}
      onOk={submit}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'sv-issue-submit' } as Record<string, string>}
      destroyOnHidden
      width={640}
    >
      <Typography.Paragraph type="secondary">
        被督办单位：{target.unitName}
        {target.suggestedFor?.length
          ? `（督办建议：${target.suggestedFor.map((c) => SUGGESTION_REASON_LABELS[c]).join('、')}）`
          : ''}
      </Typography.Paragraph>
      {error && (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} message={error} data-testid="sv-issue-error" />
      )}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: '文书督办', reason: target.reason ?? '', issuedOn: dayjs(today) }}
      >
        <Form.Item name="kind" label="督办方式" rules={[{ required: true }]}>
          <Select
            data-testid="sv-issue-kind"
            options={SUPERVISION_KINDS.map((k) => ({
              value: k,
              label: `${k}（默认 ${SUPERVISION_REPLY_WORKDAYS[k]} 个工作日内回复）`,
            }))}
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label="督办事由"
          rules={[{ required: true, whitespace: true, message: '请填写督办事由' }]}
        >
          <Input.TextArea rows={3} maxLength={2000} showCount data-testid="sv-issue-reason" />
        </Form.Item>
        <Form.Item
          name="requirements"
          label="督办要求"
          rules={[{ required: true, whitespace: true, message: '请填写督办要求' }]}
        >
          <Input.TextArea
            rows={3}
            maxLength={2000}
            showCount
            data-testid="sv-issue-requirements"
            placeholder="如：请于期限内书面回复办理情况和化解措施"
          />
        </Form.Item>
        <Form.Item name="addresseeUserId" label="被督办人（不选则发给单位负责人）">
          <Select
            allowClear
            loading={people.isPending}
            data-testid="sv-issue-addressee"
            notFoundContent={people.isError ? `人员加载失败：${errorText(people.error)}` : '该单位暂无人员'}
            options={unitPeople.map((p) => ({ value: p.userId, label: `${p.name}（${p.roleLabel}）` }))}
          />
        </Form.Item>
        <Form.Item name="issuedOn" label="下发日期" rules={[{ required: true, message: '请选择下发日期' }]}>
          <DatePicker disabledDate={(d) => d.format('YYYY-MM-DD') > today} />
        </Form.Item>
        <Form.Item
          name="dueOn"
          label="回复期限"
          extra={due.isError ? `默认期限计算失败：${errorText(due.error)}，请直接选择` : undefined}
          rules={[{ required: true, message: '请选择回复期限' }]}
        >
          <DatePicker data-testid="sv-issue-due" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
