import { useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Drawer,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { DownloadOutlined } from '@ant-design/icons';
import { errorText, qs } from '../../api/client.ts';
import { call, client, type Dto, type Ok } from '../../api/typed.ts';
import { EmptyState, ErrorState, Loading } from '../../components/states.tsx';
import { fmtDate } from '../../format.ts';

/** What the register and the leader's page show of one 积案. */
type CaseRow = Dto<'CaseRow'>;
type Proposal = Ok<'/api/v1/backlog/proposals', 'get'>['proposals'][number];

const STATUS_COLOR: Record<CaseRow['status'], string> = {
  unresolved: 'red',
  resolving: 'orange',
  resolved: 'green',
  terminated: 'default',
};

export function StatusTag({ row }: { row: CaseRow }) {
  return (
    <Space size={4}>
      <Tag color={STATUS_COLOR[row.status]}>{row.statusLabel}</Tag>
      {row.progress.overdue && <Tag color="red">措施逾期</Tag>}
      {row.progress.stale && <Tag color="gold">久无进展</Tag>}
    </Space>
  );
}

/** The columns every case list shares; a click on the number opens the case. */
export function caseColumns(open: (id: string) => void) {
  return [
    {
      title: '积案编号',
      dataIndex: 'number',
      width: 130,
      render: (n: string, r: CaseRow) => (
        <Button type="link" size="small" onClick={() => open(r.id)} data-testid="case-open">
          {n}
        </Button>
      ),
    },
    { title: '积案名称', dataIndex: 'title', ellipsis: true },
    { title: '状态', dataIndex: 'status', width: 200, render: (_: unknown, r: CaseRow) => <StatusTag row={r} /> },
    { title: '包案领导', dataIndex: 'leader', width: 110 },
    { title: '责任单位', dataIndex: 'unit', width: 140 },
    {
      title: '化解措施',
      width: 100,
      render: (_: unknown, r: CaseRow) =>
        r.progress.measuresTotal ? `${r.progress.measuresDone} / ${r.progress.measuresTotal}` : '未制定',
    },
    { title: '最近进展', width: 110, render: (_: unknown, r: CaseRow) => fmtDate(r.progress.lastNoteOn) || '—' },
    { title: '关联事项', dataIndex: 'items', width: 90 },
  ];
}

/** One case in a drawer: particulars, plan, notes, history, what closing needs, the items the viewer may open. */
export function CaseDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: ['backlog-case', id],
    queryFn: () => call(client.GET('/api/v1/backlog/cases/{id}', { params: { path: { id: id! } } })),
    enabled: id !== null,
  });
  const [note, setNote] = useState('');
  const addNote = useMutation({
    mutationFn: () =>
      call(
        client.POST('/api/v1/backlog/cases/{id}/notes', {
          params: { path: { id: id! } },
          body: { version: q.data!.version, text: note },
        }),
      ),
    onSuccess: () => {
      setNote('');
      void qc.invalidateQueries({ queryKey: ['backlog-case', id] });
      void qc.invalidateQueries({ queryKey: ['backlog'] });
    },
  });
  const c = q.data;
  return (
    <Drawer open={id !== null} onClose={onClose} width={760} title={c ? `${c.number}　${c.title}` : '积案详情'}>
      {q.isPending && <Loading />}
      {q.isError && <ErrorState error={q.error} onRetry={() => q.refetch()} />}
      {c && (
        <div data-testid="case-detail">
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label="状态">
              <StatusTag row={c} />
            </Descriptions.Item>
            <Descriptions.Item label="认定日期">{fmtDate(c.confirmedOn)}</Descriptions.Item>
            <Descriptions.Item label="包案领导">{c.leader}</Descriptions.Item>
            <Descriptions.Item label="责任单位">{c.unit}</Descriptions.Item>
            <Descriptions.Item label="包案干部" span={2}>
              {c.cadres || '（未确定）'}
            </Descriptions.Item>
            <Descriptions.Item label="认定理由" span={2}>
              {c.confirmReason}
            </Descriptions.Item>
            {c.evidence && (
              <Descriptions.Item label="办结依据" span={2}>
                {c.evidence}（{fmtDate(c.closedOn)}）
              </Descriptions.Item>
            )}
          </Descriptions>
          <Card size="small" title="化解方案" style={{ marginTop: 12 }}>
            {c.plan ? (
              <>
                <Typography.Paragraph>目标：{c.plan.goal}</Typography.Paragraph>
                <Table
                  size="small"
                  rowKey={(m) => `${m.text}-${m.by}`}
                  pagination={false}
                  dataSource={c.plan.measures}
                  columns={[
                    { title: '措施', dataIndex: 'text' },
                    { title: '责任人', dataIndex: 'who', width: 100 },
                    { title: '完成时限', dataIndex: 'by', width: 110, render: fmtDate },
                    {
                      title: '完成情况',
                      dataIndex: 'doneOn',
                      width: 110,
                      render: (d: string | null) => (d ? `已完成 ${fmtDate(d)}` : '未完成'),
                    },
                  ]}
                />
              </>
            ) : (
              <EmptyState text="尚未制定化解方案" />
            )}
          </Card>
          <Card size="small" title="化解进展" style={{ marginTop: 12 }}>
            {c.notes.length ? (
              c.notes.map((n, i) => (
                <div key={`${n.on}-${i}`} style={{ marginBottom: 6 }}>
                  <Typography.Text type="secondary">
                    {fmtDate(n.on)} {n.by.name}：
                  </Typography.Text>
                  {n.text}
                </div>
              ))
            ) : (
              <EmptyState text="暂无进展记录" />
            )}
            {c.abilities.note && c.progress.open && (
              <Space.Compact style={{ width: '100%', marginTop: 8 }}>
                <Input
                  placeholder="记录今天的化解进展"
                  value={note}
                  onChange={(e) => setNote(e.target.value)}
                  data-testid="note-input"
                />
                <Button
                  type="primary"
                  disabled={!note.trim()}
                  loading={addNote.isPending}
                  onClick={() => addNote.mutate()}
                  data-testid="note-save"
                >
                  记录
                </Button>
              </Space.Compact>
            )}
            {addNote.isError && <Alert type="error" showIcon message={errorText(addNote.error)} />}
          </Card>
          {c.progress.open && (
            <Card size="small" title="办结需要" style={{ marginTop: 12 }}>
              {(['resolved', 'terminated'] as const).map((k) => (
                <div key={k}>
                  <Typography.Text strong>{k === 'resolved' ? '已化解' : '已终结'}：</Typography.Text>
                  {c.closingNeeds[k].map((r) => (
                    <Tag key={r.label} color={r.met ? 'green' : 'default'}>
                      {r.met ? '✓ ' : ''}
                      {r.label}
                    </Tag>
                  ))}
                </div>
              ))}
            </Card>
          )}
          <Card size="small" title="关联信访事项（仅列出您有权查看的）" style={{ marginTop: 12 }}>
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={c.linkedItems}
              locale={{ emptyText: '无可查看的关联事项' }}
              columns={[
                {
                  title: '编号',
                  dataIndex: 'number',
                  width: 190,
                  render: (n: string, r) => <Link to={`/items/${r.id}`}>{n}</Link>,
                },
                { title: '标题', dataIndex: 'title', ellipsis: true },
                { title: '登记日期', dataIndex: 'registeredOn', width: 110, render: fmtDate },
                { title: '主办单位', dataIndex: 'leadUnit', width: 130 },
              ]}
            />
          </Card>
          <Card size="small" title="办理记录" style={{ marginTop: 12 }}>
            {c.history.map((h, i) => (
              <div key={`${h.on}-${i}`}>
                <Typography.Text type="secondary">
                  {fmtDate(h.on)} {h.by.name}：
                </Typography.Text>
                {h.summary}
              </div>
            ))}
          </Card>
        </div>
      )}
    </Drawer>
  );
}

function ConfirmModal({ p, onClose }: { p: Proposal | null; onClose: () => void }) {
  const qc = useQueryClient();
  const [form] = Form.useForm<{ title: string; reason: string }>();
  const m = useMutation({
    mutationFn: (v: { title: string; reason: string }) =>
      call(client.POST('/api/v1/backlog/cases', { body: { anchorItemId: p!.anchorItemId, ...v } })),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['backlog'] });
      onClose();
    },
  });
  return (
    <Modal
      open={p !== null}
      title="认定为积案"
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={m.isPending}
      okText="确认认定"
      destroyOnHidden
    >
      {p && (
        <Form
          form={form}
          layout="vertical"
          initialValues={{ title: p.suggestedTitle, reason: p.hits.map((h) => h.reason).join('；') }}
          onFinish={(v) => m.mutate(v)}
        >
          <Form.Item name="title" label="积案名称" rules={[{ required: true, message: '请填写积案名称' }]}>
            <Input />
          </Form.Item>
          <Form.Item name="reason" label="认定理由" rules={[{ required: true, message: '请填写认定理由' }]}>
            <Input.TextArea rows={3} data-testid="confirm-reason" />
          </Form.Item>
          {m.isError && <Alert type="error" showIcon message={errorText(m.error)} />}
        </Form>
      )}
    </Modal>
  );
}

/** 积案台账: the bureau's proposals (with the rules met and why) and the register of cases, filtered by status. */
export default function BacklogPage({ bureau }: { bureau: boolean }) {
  const [status, setStatus] = useState<CaseRow['status'] | undefined>(undefined);
  const [openId, setOpenId] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<Proposal | null>(null);
  const cases = useQuery({
    queryKey: ['backlog', 'cases', status],
    queryFn: () => call(client.GET('/api/v1/backlog/cases', { params: { query: { status } } })),
  });
  const proposals = useQuery({
    queryKey: ['backlog', 'proposals'],
    queryFn: () => call(client.GET('/api/v1/backlog/proposals')),
    enabled: bureau,
  });
  return (
    <div>
      <Typography.Title level={4}>积案台账</Typography.Title>
      {bureau && (
        <Card size="small" title="积案认定建议" style={{ marginBottom: 12 }} data-testid="proposals">
          {proposals.isPending && <Loading />}
          {proposals.isError && <ErrorState error={proposals.error} onRetry={() => proposals.refetch()} />}
          {proposals.data && (
            <Table
              size="small"
              rowKey="anchorItemId"
              pagination={{ pageSize: 5, size: 'small' }}
              dataSource={proposals.data.proposals}
              locale={{ emptyText: '暂无符合认定规则的事项' }}
              columns={[
                { title: '事项', dataIndex: 'suggestedTitle', ellipsis: true },
                { title: '主办单位', dataIndex: 'leadUnit', width: 130 },
                {
                  title: '关联件',
                  dataIndex: 'itemNumbers',
                  width: 80,
                  render: (n: string[]) => n.length,
                },
                {
                  title: '符合的认定规则及理由',
                  dataIndex: 'hits',
                  render: (hits: Proposal['hits']) =>
                    hits.map((h) => (
                      <div key={h.rule}>
                        <Tag color="volcano">{h.label}</Tag>
                        {h.reason}
                      </div>
                    )),
                },
                {
                  title: '',
                  width: 90,
                  render: (_: unknown, p: Proposal) => (
                    <Button size="small" onClick={() => setConfirming(p)} data-testid="proposal-confirm">
                      认定
                    </Button>
                  ),
                },
              ]}
            />
          )}
        </Card>
      )}
      <Card
        size="small"
        title="积案"
        extra={
          <Space>
            <Select
              allowClear
              placeholder="全部状态"
              style={{ width: 140 }}
              value={status}
              onChange={setStatus}
              options={[
                { value: 'unresolved', label: '未化解' },
                { value: 'resolving', label: '化解中' },
                { value: 'resolved', label: '已化解' },
                { value: 'terminated', label: '已终结' },
              ]}
              data-testid="case-status"
            />
            <Button
              icon={<DownloadOutlined />}
              href={`/api/v1/backlog/cases/export.xlsx${qs({ status })}`}
              data-testid="case-export"
            >
              导出 Excel
            </Button>
          </Space>
        }
      >
        {cases.isPending && <Loading />}
        {cases.isError && <ErrorState error={cases.error} onRetry={() => cases.refetch()} />}
        {cases.data && (
          <Table
            size="small"
            rowKey="id"
            dataSource={cases.data.cases}
            columns={caseColumns(setOpenId)}
            locale={{ emptyText: '暂无积案' }}
            data-testid="case-register"
          />
        )}
      </Card>
      <CaseDrawer id={openId} onClose={() => setOpenId(null)} />
      <ConfirmModal p={confirming} onClose={() => setConfirming(null)} />
    </div>
  );
}
