import { useState } from 'react';
import { Alert, Button, Checkbox, Form, Input, InputNumber, Modal, Select } from 'antd';
import { HAND_FLAGS, HANDLING_CLASSES, PURPOSES } from '../../../../contract/enums.ts';
import { api, ApiError, errorText } from '../../api/client.ts';
import type { ItemView } from '../../api/types.ts';

const opts = (xs: readonly string[]) => xs.map((x) => ({ value: x, label: x }));

/**
 * 更正登记信息: the registrar or reviewer corrects what was registered wrongly, with a reason. Only changed fields are
 * sent; demands are added, never erased. The timeline then shows each change with before and after.
 */
export function CorrectItemModal({
  item,
  onClose,
  onDone,
}: {
  item: ItemView;
  onClose: () => void;
  onDone: (next: ItemView, summary: string) => void;
}) {
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const handFlags = item.flags.filter((f) => (HAND_FLAGS as readonly string[]).includes(f));
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const correction: Record<string, unknown> = {};
    if (v.title !== item.title) correction.title = v.title;
    if (v.purpose !== item.purpose) correction.purpose = v.purpose;
    if (v.handlingClass !== item.handlingClass) correction.handlingClass = v.handlingClass;
    if ((v.place ?? '') !== (item.place ?? '')) correction.place = v.place ?? null;
    if (v.headCount !== item.headCount) correction.headCount = v.headCount;
    if (JSON.stringify([...(v.handFlags ?? [])].sort()) !== JSON.stringify([...handFlags].sort()))
      correction.handFlags = v.handFlags ?? [];
    const add = String(v.addDemands ?? '')
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean);
    if (add.length) correction.addDemands = add;
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ item: ItemView; summary: string }>(`/api/v1/items/${item.id}/correct`, {
        method: 'POST',
        body: { version: item.version, reason: v.reason, correction },
      });
      onDone(r.item, r.summary);
    } catch (e) {
      setError(
        e instanceof ApiError && e.code === 'CONFLICT' ? '该事项刚被他人办理过，请刷新页面后再更正。' : errorText(e),
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title="更正登记信息"
      width={620}
      onCancel={onClose}
      maskClosable={false}
      destroyOnHidden
      footer={[
        <Button key="c" onClick={onClose}>
          取消
        </Button>,
        <Button key="o" type="primary" loading={busy} onClick={submit} data-testid="correct-submit">
          保存更正
        </Button>,
      ]}
    >
      <Form
        form={form}
        layout="vertical"
        data-testid="correct-form"
        initialValues={{
          title: item.title,
          purpose: item.purpose,
          handlingClass: item.handlingClass,
          place: item.place ?? '',
          headCount: item.headCount,
          handFlags,
        }}
      >
        <Form.Item name="title" label="标题" rules={[{ required: true, whitespace: true, message: '标题不能为空' }]}>
          <Input maxLength={200} data-testid="correct-title" />
        </Form.Item>
        <Form.Item name="purpose" label="信访目的">
          <Select options={opts(PURPOSES)} />
        </Form.Item>
        <Form.Item name="handlingClass" label="办理类别">
          <Select options={opts(HANDLING_CLASSES)} />
        </Form.Item>
        <Form.Item name="place" label="发生地">
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="headCount" label="人数">
          <InputNumber min={1} max={100000} precision={0} />
        </Form.Item>
        <Form.Item name="handFlags" label="标记">
          <Checkbox.Group options={opts(HAND_FLAGS)} />
        </Form.Item>
        <Form.Item name="addDemands" label="补录诉求（每行一项；已登记的诉求不会删除）">
          <Input.TextArea rows={2} maxLength={4000} />
        </Form.Item>
        <Form.Item
          name="reason"
          label="更正理由"
          rules={[{ required: true, whitespace: true, message: '请填写更正理由' }]}
        >
          <Input.TextArea rows={2} maxLength={500} data-testid="correct-reason" />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon message={error} data-testid="correct-error" />}
    </Modal>
  );
}
