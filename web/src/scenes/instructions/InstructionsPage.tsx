import { useState } from 'react';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
  message,
} from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { Dayjs } from 'dayjs';
import { errorText, qs } from '../../api/client.ts';
import { call, client, type Ok } from '../../api/typed.ts';
import { useCurrentUser } from '../../api/auth.ts';
import { useUnits } from '../../api/reference.ts';
import { ErrorState, Loading } from '../../components/states.tsx';
import { INSTRUCTION_REGISTER_STATE_LABELS, type InstructionRegisterState } from '../../../../contract/campaign.ts';

type Register = Ok<'/api/v1/instructions', 'get'>;
type SubjectView = Register['instructions'][number]['subject'];
type Duty = Register['instructions'][number]['addressees'][number];
interface Filter {
  leaderUserId?: string;
  state?: InstructionRegisterState;
  overdue: boolean;
  unitId?: string;
}

const REQ_STATUS: Record<string, string> = { pending: '待批示', instructed: '已批示', withdrawn: '已撤回' };
const DUTY_STATUS: Record<Duty['status'], string> = { open: '待反馈', reported: '已反馈待审核', done: '已落实' };

function Subject({ s }: { s: SubjectView }) {
  return (
    <Space size={4} wrap>
      {s.kind === 'case' && <Tag>积案</Tag>}
      {s.items.map((i) => (
        <Link key={i.id} to={`/items/${i.id}`}>
          {i.number} {i.title}
        </Link>
      ))}
      {s.hidden > 0 && <Typography.Text type="secondary">另有 {s.hidden} 件无权查看</Typography.Text>}
    </Space>
  );
}

/** 请示批示: the 请示 waiting for the leader, the 批示 register, each unit's duty to report back, overdue marked. */
export default function InstructionsPage() {
  const me = useCurrentUser();
  const units = useUnits();
  const qc = useQueryClient();
  const [filter, setFilter] = useState<Filter>({ overdue: false });
  const query = { ...filter, overdue: filter.overdue ? ('1' as const) : undefined };
  const q = useQuery({
    queryKey: ['instructions', query],
    queryFn: () => call(client.GET('/api/v1/instructions', { params: { query } })),
  });
  const leaders = useQuery({
    queryKey: ['leader-directory'],
    queryFn: async () => (await call(client.GET('/api/v1/leader-requests/leaders'))).leaders,
    enabled: me.role !== 'leader',
    staleTime: 300_000,
  });
  const [answering, setAnswering] = useState<string | null>(null);
  const [reporting, setReporting] = useState<{ id: string; version: number } | null>(null);
  const unitName = (id: string) => units.data?.find((u) => u.id === id)?.name ?? id;
  const done = async (text: string) => {
    message.success(text);
    await qc.invalidateQueries({ queryKey: ['instructions'] });
  };
  const accept = useMutation({
    mutationFn: (x: { id: string; unitId: string; version: number }) =>
      call(
        client.POST('/api/v1/instructions/{id}/units/{unitId}/review', {
          params: { path: { id: x.id, unitId: x.unitId } },
          body: { version: x.version, accept: true },
        }),
      ),
    onSuccess: () => done('已确认落实'),
    onError: (e) => message.error(errorText(e)),
  });
  if (q.isPending && !q.data) return <Loading />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const leader = me.role === 'leader';
  const bureau = me.abilities.register === true;
  const filtered = Boolean(filter.leaderUserId || filter.state || filter.overdue || filter.unitId);
  const set = (patch: Partial<Filter>) => setFilter((f) => ({ ...f, ...patch }));
  return (
    <div data-testid="instructions-page">
      <Typography.Title level={4}>请示批示</Typography.Title>
      <Card size="small" title="请示" style={{ marginBottom: 12 }}>
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={q.data.requests}
          locale={{ emptyText: '暂无请示' }}
          columns={[
            { title: '日期', dataIndex: 'askedOn', width: 110 },
            { title: '所涉事项', render: (_, r) => <Subject s={r.subject} /> },
            { title: '请示内容', dataIndex: 'question' },
            { title: '状态', width: 90, render: (_, r) => <Tag>{REQ_STATUS[r.status] ?? r.status}</Tag> },
            ...(leader
              ? [
                  {
                    title: '',
                    width: 80,
                    render: (_: unknown, r: Register['requests'][number]) =>
                      r.status === 'pending' && (
                        <Button size="small" type="primary" onClick={() => setAnswering(r.id)}>
                          批示
                        </Button>
                      ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <Card size="small" title="批示台账">
        <Space wrap style={{ marginBottom: 12 }} data-testid="instruction-filters">
          {!leader && (
            <Select
              allowClear
              placeholder="批示领导"
              style={{ width: 140 }}
              value={filter.leaderUserId}
              onChange={(v) => set({ leaderUserId: v })}
              options={(leaders.data ?? []).map((l) => ({ value: l.id, label: `${l.name}（${l.title}）` }))}
              data-testid="ins-leader"
            />
          )}
          {(bureau || leader) && (
            <Select
              allowClear
              showSearch
              placeholder="落实单位"
              style={{ width: 180 }}
              value={filter.unitId}
              onChange={(v) => set({ unitId: v })}
              optionFilterProp="label"
              options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
              data-testid="ins-unit"
            />
          )}
          <Select
            allowClear
            placeholder="落实状态"
            style={{ width: 120 }}
            value={filter.state}
            onChange={(v) => set({ state: v })}
            options={Object.entries(INSTRUCTION_REGISTER_STATE_LABELS).map(([value, label]) => ({ value, label }))}
            data-testid="ins-state"
          />
          <Space size={4}>
            <Switch checked={filter.overdue} onChange={(v) => set({ overdue: v })} data-testid="ins-overdue" />
            仅看逾期
          </Space>
          <Button
            icon={<DownloadOutlined />}
            href={`/api/v1/instructions/export.xlsx${qs(query)}`}
            data-testid="ins-export"
          >
            导出 Excel
          </Button>
        </Space>
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          loading={q.isFetching}
          dataSource={q.data.instructions}
          locale={{ emptyText: filtered ? '没有符合条件的批示' : '暂无批示' }}
          columns={[
            { title: '日期', dataIndex: 'on', width: 110 },
            { title: '领导', dataIndex: 'leaderName', width: 90 },
            { title: '批示内容', dataIndex: 'text' },
            { title: '所涉事项', render: (_, r) => <Subject s={r.subject} /> },
            {
              title: '落实单位',
              render: (_, r) => (
                <Space direction="vertical" size={2}>
                  {r.addressees.map((a) => (
                    <Space key={a.ownerUnitId} size={4}>
                      {unitName(a.ownerUnitId)}
                      <Tag color={a.status === 'done' ? 'green' : undefined}>{DUTY_STATUS[a.status]}</Tag>
                      <span>限 {a.dueOn}</span>
                      {a.overdue && <Tag color="red">逾期</Tag>}
                      {!bureau && !leader && a.status === 'open' && a.ownerUnitId === me.unit?.id && (
                        <Button size="small" onClick={() => setReporting({ id: r.id, version: a.version })}>
                          反馈
                        </Button>
                      )}
                      {bureau && a.status === 'reported' && (
                        <Button
                          size="small"
                          loading={accept.isPending}
                          onClick={() => accept.mutate({ id: r.id, unitId: a.ownerUnitId, version: a.version })}
                        >
                          确认落实
                        </Button>
                      )}
                    </Space>
                  ))}
                </Space>
              ),
            },
            {
              title: '状态',
              width: 90,
              render: (_, r) =>
                r.doneOn ? (
                  <Tag color="green">已落实</Tag>
                ) : r.overdue ? (
                  <Tag color="red">逾期</Tag>
                ) : (
                  <Tag>落实中</Tag>
                ),
            },
          ]}
        />
      </Card>
      <InstructModal
        requestId={answering}
        units={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
        onClose={() => setAnswering(null)}
        onDone={() => done('已批示')}
      />
      <ReportModal target={reporting} onClose={() => setReporting(null)} onDone={() => done('已反馈')} />
    </div>
  );
}

function InstructModal(p: {
  requestId: string | null;
  units: { value: string; label: string }[];
  onClose: () => void;
  onDone: () => void;
}) {
  const [form] = Form.useForm<{ text: string; unitIds: string[]; dueOn: Dayjs }>();
  const m = useMutation({
    mutationFn: (v: { text: string; unitIds: string[]; dueOn: Dayjs }) =>
      call(
        client.POST('/api/v1/instructions', {
          body: {
            requestId: p.requestId ?? undefined,
            text: v.text,
            addressees: v.unitIds.map((unitId) => ({ unitId, dueOn: v.dueOn.format('YYYY-MM-DD') })),
          },
        }),
      ),
    onSuccess: () => {
      form.resetFields();
      p.onClose();
      p.onDone();
    },
  });
  return (
    <Modal
      open={p.requestId !== null}
      title="批示"
      okText="批示"
      confirmLoading={m.isPending}
      onCancel={p.onClose}
      onOk={() => form.validateFields().then((v) => m.mutate(v))}
    >
      {m.isError && <Alert type="error" message={errorText(m.error)} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical">
        <Form.Item name="text" label="批示内容" rules={[{ required: true, message: '请填写批示内容' }]}>
          <Input.TextArea rows={4} maxLength={4000} />
        </Form.Item>
        <Form.Item name="unitIds" label="落实单位" rules={[{ required: true, message: '批示至少交由一个单位落实' }]}>
          <Select mode="multiple" options={p.units} optionFilterProp="label" />
        </Form.Item>
        <Form.Item name="dueOn" label="反馈期限" rules={[{ required: true, message: '请选择反馈期限' }]}>
          <DatePicker />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ReportModal(p: { target: { id: string; version: number } | null; onClose: () => void; onDone: () => void }) {
  const [form] = Form.useForm<{ text: string }>();
  const m = useMutation({
    mutationFn: (v: { text: string }) =>
      call(
        client.POST('/api/v1/instructions/{id}/report', {
          params: { path: { id: p.target!.id } },
          body: { version: p.target!.version, text: v.text },
        }),
      ),
    onSuccess: () => {
      form.resetFields();
      p.onClose();
      p.onDone();
    },
  });
  return (
    <Modal
      open={p.target !== null}
      title="反馈落实情况"
      okText="反馈"
      confirmLoading={m.isPending}
      onCancel={p.onClose}
      onOk={() => form.validateFields().then((v) => m.mutate(v))}
    >
      {m.isError && <Alert type="error" message={errorText(m.error)} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical">
        <Form.Item name="text" label="落实情况" rules={[{ required: true, message: '请填写落实情况' }]}>
          <Input.TextArea rows={5} maxLength={8000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
