import { useState } from 'react';
import { Alert, Form, Input, Modal, Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { errorText } from '../../api/client.ts';
import { call, client } from '../../api/typed.ts';
import type { ItemView } from '../../api/types.ts';

/** 指定 / 更换经办人: the head picks a person of his unit (with their workload); a change needs a reason. */
export function AssignHandlerModal({
  item,
  onClose,
  onDone,
}: {
  item: ItemView;
  onClose: () => void;
  onDone: (next: ItemView, summary: string) => void;
}) {
  const [form] = Form.useForm<{ userId: string; reason?: string }>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const people = useQuery({ queryKey: ['workload'], queryFn: () => call(client.GET('/api/v1/workload')) });
  const changing = item.handler !== null;
  const submit = async () => {
    // A field left wrong shows its message in the form; nothing is sent.
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setSaving(true);
    setError(null);
    try {
      const r = await call(
        client.POST('/api/v1/items/{id}/handler', {
          params: { path: { id: item.id } },
          body: { version: item.version, userId: v.userId, reason: v.reason ?? null },
        }),
      );
      onDone(r.item, r.summary);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      title={changing ? '更换经办人' : '指定经办人'}
      okText="确定"
      cancelText="取消"
      confirmLoading={saving}
      onOk={submit}
      onCancel={onClose}
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      {people.isError && <Alert type="error" showIcon message={errorText(people.error)} />}
      <Form form={form} layout="vertical">
        <Form.Item name="userId" label="经办人" rules={[{ required: true, message: '请选择经办人' }]}>
          <Select
            loading={people.isLoading}
            data-testid="handler-select"
            placeholder="选择本单位人员"
            options={(people.data?.people ?? [])
              .filter((p) => p.userId !== item.handler?.userId)
              .map((p) => ({
                value: p.userId,
                label: `${p.name}（${p.roleLabel}，在办 ${p.open}，超期 ${p.overdue}）`,
              }))}
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label="理由"
          rules={changing ? [{ required: true, whitespace: true, message: '更换经办人须填写理由' }] : []}
        >
          <Input.TextArea rows={2} maxLength={500} data-testid="handler-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
