import { useMemo, useState } from 'react';
import { Alert, Button, Checkbox, Form, Input, InputNumber, Modal, Select, TreeSelect } from 'antd';
import { HAND_FLAGS, HANDLING_CLASSES, PURPOSES } from '../../../../contract/enums.ts';
import { ApiError, errorText } from '../../api/client.ts';
import { matchTaxonomy, taxonomyTree, useTaxonomy } from '../../api/reference.ts';
import { call, client } from '../../api/typed.ts';
import type { ItemView } from '../../api/types.ts';

const opts = (xs: readonly string[]) => xs.map((x) => ({ value: x, label: x }));

/**
 * 更正登记信息: the registrar or reviewer corrects what was registered wrongly, with a reason. Only changed fields are
 * sent; demands are added, never erased. The timeline then shows each change with before and after. Petitioner
 * details are shown as the viewer sees them (masked) and never sent back: only what is typed anew replaces them.
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
  const tax = useTaxonomy();
  // As registration offers them: retired classes are not chosen anew. An item's own retired class is kept in the
  // field (shown by its path) and only changes when another class is picked.
  const tree = useMemo(() => taxonomyTree(tax.data ?? []), [tax.data]);
  const ownRetired = Boolean(item.classCode && tax.data?.some((n) => n.code === item.classCode && n.retired));
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const correction: Record<string, unknown> = {};
    if (v.title !== item.title) correction.title = v.title;
    if ((v.classCode ?? null) !== (item.classCode ?? null)) correction.classCode = v.classCode ?? null;
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
    const petitioners = (v.petitioners ?? [])
      .map((p: Record<string, unknown>, index: number) => {
        const c: Record<string, unknown> = { index };
        for (const k of ['name', 'idNumber', 'phone', 'address'] as const) {
          const typed = String(p?.[k] ?? '').trim();
          if (typed) c[k] = typed;
        }
        if (c.idNumber && p?.idUnverified) c.idUnverified = true;
        return c;
      })
      .filter((c: Record<string, unknown>) => Object.keys(c).length > 1);
    if (petitioners.length) correction.petitioners = petitioners;
    setBusy(true);
    setError(null);
    try {
      const r = await call(
        client.POST('/api/v1/items/{id}/correct', {
          params: { path: { id: item.id } },
          body: { version: item.version, reason: v.reason, correction },
        }),
      );
      onDone(r.item as ItemView, r.summary);
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
          classCode: item.classCode ?? undefined,
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
        <Form.Item
          name="classCode"
          label="内容分类（可输入中文或拼音首字母）"
          extra={ownRetired ? `现登记的分类「${item.classPath}」已停用，可改选其他分类` : undefined}
        >
          <TreeSelect
            treeData={
              ownRetired
                ? [
                    {
                      value: item.classCode!,
                      title: `${item.classPath ?? item.classCode}（已停用）`,
                      path: item.classPath ?? item.classCode!,
                      disabled: true,
                    },
                    ...tree,
                  ]
                : tree
            }
            showSearch
            allowClear
            placeholder={
              tax.isPending ? '正在加载分类…' : tax.isError ? '分类加载失败，请刷新后重试' : '选择或搜索分类'
            }
            treeNodeFilterProp="title"
            filterTreeNode={(input, node) => matchTaxonomy(input, node as never)}
            treeNodeLabelProp="path"
            popupMatchSelectWidth={420}
            listHeight={320}
            data-testid="correct-class"
          />
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
        {item.petitioners.map((p, i) => (
          <fieldset key={i} data-testid={`correct-petitioner-${i}`} style={{ border: 0, padding: 0, margin: 0 }}>
            <legend style={{ fontSize: 14, marginBottom: 8 }}>
              更正第 {i + 1} 位信访人信息（现登记为 {p.name || '（空）'}；只填需要更正的项，留空不变）
            </legend>
            <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', columnGap: 12 }}>
              <Form.Item name={['petitioners', i, 'name']} label="姓名">
                <Input maxLength={50} placeholder={p.name || ''} data-testid={`correct-p${i}-name`} />
              </Form.Item>
              <Form.Item name={['petitioners', i, 'idNumber']} label="证件号码">
                <Input maxLength={30} placeholder={p.idNumber ?? '未登记'} data-testid={`correct-p${i}-id`} />
              </Form.Item>
              <Form.Item name={['petitioners', i, 'phone']} label="联系电话">
                <Input maxLength={30} placeholder={p.phone ?? '未登记'} />
              </Form.Item>
              <Form.Item name={['petitioners', i, 'address']} label="住址">
                <Input maxLength={200} placeholder={p.address ?? '未登记'} />
              </Form.Item>
            </div>
            <Form.Item name={['petitioners', i, 'idUnverified']} valuePropName="checked" style={{ marginTop: -8 }}>
              <Checkbox>号码未核验（证件号码校验不通过时按原样登记）</Checkbox>
            </Form.Item>
          </fieldset>
        ))}
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
