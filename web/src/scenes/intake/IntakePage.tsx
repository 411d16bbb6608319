import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Modal, Radio, Select, Space, Tag, TreeSelect, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { HANDLING_CLASSES, LEVELS, PURPOSES } from '../../../../contract/enums.ts';
import { errorText } from '../../api/client.ts';
import { type Body, call, client, type Ok } from '../../api/typed.ts';
import { matchTaxonomy, taxonomyTree, useTaxonomy, useUnits } from '../../api/reference.ts';
import { EmptyState, ErrorState, Loading } from '../../components/states.tsx';
import { fmtDateTime } from '../../format.ts';

/**
 * One online submission awaiting 受理登记, as the registrar sees it (full identity: she registers it), with the
 * materials the petitioner sent (downloads are audited).
 */
type Submission = Ok<'/api/v1/online/submissions', 'get'>['submissions'][number];
type AcceptBody = Body<'/api/v1/online/submissions/{id}/accept', 'post'>;

interface AcceptValues {
  level: NonNullable<AcceptBody['level']>;
  purpose: NonNullable<AcceptBody['purpose']>;
  handlingClass: NonNullable<AcceptBody['handlingClass']>;
  classCode?: string;
  accusedName?: string;
  accusedUnit?: string;
}

const OUTSIDE = '__outside__';

/**
 * 网上信访受理: the registrar completes class, level and purpose of each online submission and registers it as a
 * 网上投诉 item (the repeat check runs on registration), or declines it with a reason the petitioner reads.
 */
export default function IntakePage() {
  const qc = useQueryClient();
  const list = useQuery({
    queryKey: ['online-submissions'],
    queryFn: async () => (await call(client.GET('/api/v1/online/submissions'))).submissions,
  });
  const [accepting, setAccepting] = useState<Submission | null>(null);
  const [rejecting, setRejecting] = useState<Submission | null>(null);

  if (list.isPending) return <Loading tip="正在加载网上信访…" />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => list.refetch()} />;
  const refresh = () => qc.invalidateQueries({ queryKey: ['online-submissions'] });

  return (
    <div data-testid="intake-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        网上信访受理登记
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        信访人网上提交的事项在此受理登记：补全内容分类、登记机构和处理类别后登记为「网上投诉」；明显不属于信访事项的（广告、无实际内容），
        写明理由不予登记，理由将通过查询码告知信访人。
      </Typography.Paragraph>
      {list.data.length === 0 && <EmptyState text="暂无待受理的网上信访" />}
      {list.data.map((s) => (
        <Card
          key={s.id}
          size="small"
          style={{ marginBottom: 12 }}
          data-testid={`submission-${s.number}`}
          title={
            <Space wrap>
              <Tag color="blue">{s.number}</Tag>
              <span>{s.title}</span>
            </Space>
          }
          extra={<span style={{ color: '#6b7280' }}>{fmtDateTime(s.submittedAt)}</span>}
        >
          <div style={{ whiteSpace: 'pre-wrap' }}>
            <b>信访人：</b>
            {s.name}　{s.idNumber}　{s.phone}　{s.address}
          </div>
          {s.place && (
            <div>
              <b>问题发生地：</b>
              {s.place}
            </div>
          )}
          <div style={{ whiteSpace: 'pre-wrap', margin: '6px 0' }}>{s.content}</div>
          <ol style={{ margin: '4px 0 8px', paddingLeft: 20 }}>
            {s.demands.map((d, i) => (
              <li key={i}>{d}</li>
            ))}
          </ol>
          {s.files.length > 0 && (
            <div style={{ margin: '0 0 8px' }} data-testid="intake-files">
              随附材料：
              {s.files.map((f) => (
                <a
                  key={f.id}
                  href={`/api/v1/online/files/${f.id}`}
                  style={{ marginRight: 12 }}
                  data-testid="intake-file"
                >
                  {f.name}（
                  {f.size >= 1048576 ? `${(f.size / 1048576).toFixed(1)} MB` : `${Math.ceil(f.size / 1024)} KB`}）
                </a>
              ))}
            </div>
          )}
          <Space>
            <Button type="primary" onClick={() => setAccepting(s)} data-testid="intake-accept">
              受理登记
            </Button>
            <Button danger onClick={() => setRejecting(s)} data-testid="intake-reject">
              不予登记
            </Button>
          </Space>
        </Card>
      ))}
      {accepting && <AcceptModal s={accepting} onClose={() => setAccepting(null)} onDone={refresh} />}
      {rejecting && <RejectModal s={rejecting} onClose={() => setRejecting(null)} onDone={refresh} />}
    </div>
  );
}

function AcceptModal({ s, onClose, onDone }: { s: Submission; onClose: () => void; onDone: () => void }) {
  const [form] = Form.useForm<AcceptValues>();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const tax = useTaxonomy();
  const units = useUnits();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const handlingClass = Form.useWatch('handlingClass', form);
  const submit = async (v: AcceptValues) => {
    setBusy(true);
    setError(null);
    try {
      const accused =
        v.handlingClass === '检举控告类'
          ? {
              name: v.accusedName ?? '',
              ...(v.accusedUnit === OUTSIDE ? { outsideDistrict: true } : { unitId: v.accusedUnit ?? null }),
            }
          : null;
      const r = await call(
        client.POST('/api/v1/online/submissions/{id}/accept', {
          params: { path: { id: s.id } },
          body: {
            version: s.version,
            level: v.level,
            purpose: v.purpose,
            handlingClass: v.handlingClass,
            classCode: v.classCode ?? null,
            accused,
          },
        }),
      );
      message.success(`已登记 ${r.number}（${r.isRepeat ? '重件' : '初件'}）`);
      onDone();
      onClose();
      navigate(`/items/${r.itemId}`);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={`受理登记 ${s.number}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="登记"
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'intake-accept-ok' } as never}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ level: '区', purpose: '求决', handlingClass: '申诉求决类' }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item name="level" label="登记机构">
          <Radio.Group options={LEVELS.map((l) => ({ value: l, label: l }))} />
        </Form.Item>
        <Form.Item name="classCode" label="内容分类">
          <TreeSelect
            treeData={taxonomyTree(tax.data ?? [])}
            showSearch
            allowClear
            placeholder={tax.isPending ? '正在加载分类…' : '选择或搜索分类'}
            filterTreeNode={(input, node) => matchTaxonomy(input, node as never)}
          />
        </Form.Item>
        <Form.Item name="purpose" label="信访目的">
          <Select options={PURPOSES.map((p) => ({ value: p, label: p }))} />
        </Form.Item>
        <Form.Item name="handlingClass" label="处理类别">
          <Radio.Group options={HANDLING_CLASSES.map((h) => ({ value: h, label: h }))} />
        </Form.Item>
        {handlingClass === '检举控告类' && (
          <>
            <Form.Item
              name="accusedName"
              label="被检举控告人"
              rules={[{ required: true, message: '请填写被检举控告人' }]}
            >
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item
              name="accusedUnit"
              label="被检举控告人所在单位"
              rules={[{ required: true, message: '请选择所在单位；不是本区单位的，请选择「不是本区单位」' }]}
            >
              <Select
                showSearch
                optionFilterProp="label"
                options={[
                  ...(units.data ?? []).map((u) => ({ value: u.id, label: u.name })),
                  { value: OUTSIDE, label: '不是本区单位' },
                ]}
              />
            </Form.Item>
          </>
        )}
        <Typography.Text type="secondary">
          登记时自动按身份证号码和联系电话查找此前事项，判断初件或重件。
        </Typography.Text>
        {error && <Alert type="error" showIcon message={error} style={{ marginTop: 12 }} />}
      </Form>
    </Modal>
  );
}

function RejectModal({ s, onClose, onDone }: { s: Submission; onClose: () => void; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await call(
        client.POST('/api/v1/online/submissions/{id}/reject', {
          params: { path: { id: s.id } },
          body: { version: s.version, reason },
        }),
      );
      onDone();
      onClose();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={`不予登记 ${s.number}`}
      onCancel={onClose}
      onOk={() => void submit()}
      okText="确定不予登记"
      okButtonProps={{ danger: true }}
      confirmLoading={busy}
    >
      <Typography.Paragraph type="secondary">理由将原文告知信访人，请用信访人能看懂的话写明。</Typography.Paragraph>
      <Input.TextArea rows={4} maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} />
      {error && <Alert type="error" showIcon message={error} style={{ marginTop: 12 }} />}
    </Modal>
  );
}
