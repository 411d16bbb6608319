import { useState } from 'react';
import { App, AutoComplete, Button, Card, DatePicker, Form, Input, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { DownloadOutlined, FilterOutlined, SafetyCertificateOutlined, UploadOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { auditActionLabel, auditDetailPairs } from '../../../../contract/audit-actions.ts';
import { ROLE_LABELS, type Role } from '../../../../contract/enums.ts';
import { errorText } from '../../api/client.ts';
import { call, client } from '../../api/typed.ts';
import type { AuditEvent } from '../../api/types.ts';
import { useVerifyRun, VerifyPanel } from './AuditVerify.tsx';
import { ErrorState } from '../../components/states.tsx';
import { fmtDateTimeSec, fmtNum } from '../../format.ts';

interface Filters {
  from?: string;
  to?: string;
  actor?: string;
  action?: string;
  itemId?: string;
}

/** The Chinese name of an audit action (the map lives in the contract, beside the codes the server writes). */
export const actionLabel = auditActionLabel;

function roleLabel(role: string | null): string {
  if (!role) return '系统';
  if (role === 'petitioner') return '信访人';
  return ROLE_LABELS[role as Role] ?? role;
}

const ACTION_PREFIXES = [
  { value: 'auth.', label: '登录与退出' },
  { value: 'auth.login_failed', label: '登录失败' },
  { value: 'user.', label: '用户与密码' },
  { value: 'grant.', label: '权限申请与审批' },
  { value: 'item.', label: '事项办理' },
  { value: 'item.unmask', label: '查看完整身份信息' },
  { value: 'item.correct', label: '更正登记信息' },
  { value: 'items.export', label: '导出事项列表' },
  { value: 'supervision.', label: '督办' },
  { value: 'backlog.', label: '积案' },
  { value: 'online.', label: '网上信访' },
  { value: 'unit.', label: '单位' },
  { value: 'calendar.', label: '工作日历' },
  { value: 'rules.', label: '期限规则' },
  { value: 'taxonomy.', label: '问题分类' },
  { value: 'doc_template.', label: '文书模板' },
  { value: 'keys.', label: '密钥' },
  { value: 'audit.', label: '审计日志的查看、校验与锚点' },
];

const DETAIL_STYLE = { fontSize: 12, lineHeight: '18px', wordBreak: 'break-all' } as const;

/** The detail of an event as readable lines: 原状态 → 新状态 first, then each field by its Chinese name. */
function AuditDetail({ d }: { d: unknown }) {
  const pairs = auditDetailPairs(d);
  if (!pairs.length) return <>—</>;
  const from = pairs.find((p) => p.key === 'from');
  const to = pairs.find((p) => p.key === 'to');
  const rest = pairs.filter((p) => !(from && to && (p.key === 'from' || p.key === 'to')));
  return (
    <div style={DETAIL_STYLE} data-testid="audit-detail">
      {from && to ? (
        <div>
          状态：<Tag style={{ marginInlineEnd: 2 }}>{from.text}</Tag>→
          <Tag style={{ marginInlineStart: 4 }}>{to.text}</Tag>
        </div>
      ) : null}
      {rest.map((p) => (
        <div key={p.key}>
          <Typography.Text type="secondary">{p.label}：</Typography.Text>
          {p.text}
        </div>
      ))}
    </div>
  );
}

/** Saves the exported anchor as a JSON file the auditor keeps outside the system. */
function saveAnchor(anchor: { seq: number; exportedAt: string }): void {
  const blob = new Blob([`${JSON.stringify(anchor, null, 2)}\n`], { type: 'application/json' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `xinfang-audit-anchor-${anchor.seq}.json`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

/** 安全审计: the audit log with filters, and a check of its hash chain. Read-only for everyone. */
export default function AuditPage() {
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState({ page: 1, pageSize: 50 });
  const params = { ...filters, ...page };
  const q = useQuery({
    queryKey: ['audit', params],
    queryFn: () => call(client.GET('/api/v1/audit', { params: { query: params } })),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
  const verify = useVerifyRun();
  const checkpoint = useMutation({
    mutationFn: () => call(client.POST('/api/v1/audit/checkpoint')),
    onSuccess: (a) => {
      saveAnchor(a);
      message.success(`已导出第 ${a.seq} 条的锚点文件，请保存到系统之外`);
    },
    onError: (e) => message.error(errorText(e)),
  });
  const pickAnchor = () => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = 'application/json,.json';
    input.onchange = async () => {
      const f = input.files?.[0];
      if (!f) return;
      try {
        verify.start(JSON.parse(await f.text()));
      } catch {
        message.error('锚点文件不是有效的 JSON');
      }
    };
    input.click();
  };

  const apply = (v: { range?: [Dayjs, Dayjs] | null; actor?: string; action?: string; itemId?: string }) => {
    setFilters({
      from: v.range?.[0]?.format('YYYY-MM-DD'),
      to: v.range?.[1]?.format('YYYY-MM-DD'),
      actor: v.actor?.trim() || undefined,
      action: v.action?.trim() || undefined,
      itemId: v.itemId?.trim() || undefined,
    });
    setPage((p) => ({ ...p, page: 1 }));
  };
  const filterByItem = (itemId: string) => {
    form.setFieldValue('itemId', itemId);
    apply(form.getFieldsValue());
  };

  return (
    <Card
      title="安全审计"
      data-testid="audit-page"
      extra={
        <Space>
          <Tooltip title="逐条核对密钥签名与哈希链、链头封存记录：发现被修改、删除、调换或截断的记录">
            <Button
              type="primary"
              icon={<SafetyCertificateOutlined />}
              loading={verify.busy && !verify.withAnchor}
              disabled={verify.busy}
              onClick={() => verify.start(undefined)}
              data-testid="verify-chain"
            >
              校验审计日志
            </Button>
          </Tooltip>
          <Tooltip title="导出当前链头（序号、哈希、时间与签名），保存到系统之外；日后用它核对，可发现整库回退或截断">
            <Button
              icon={<DownloadOutlined />}
              loading={checkpoint.isPending}
              onClick={() => checkpoint.mutate()}
              data-testid="export-anchor"
            >
              导出锚点
            </Button>
          </Tooltip>
          <Button
            icon={<UploadOutlined />}
            loading={verify.busy && verify.withAnchor}
            disabled={verify.busy}
            onClick={pickAnchor}
            data-testid="verify-anchor"
          >
            核对锚点
          </Button>
        </Space>
      }
    >
      <VerifyPanel v={verify} />
      <Form form={form} layout="inline" onFinish={apply} style={{ marginBottom: 12, rowGap: 8 }}>
        <Form.Item name="range">
          <DatePicker.RangePicker format="YYYY-MM-DD" placeholder={['开始日期', '结束日期']} style={{ width: 240 }} />
        </Form.Item>
        <Form.Item name="actor">
          <Input placeholder="用户名" allowClear style={{ width: 140 }} data-testid="audit-actor" />
        </Form.Item>
        <Form.Item name="action">
          <AutoComplete
            placeholder="操作（如 事项办理）"
            allowClear
            style={{ width: 220 }}
            options={ACTION_PREFIXES}
            filterOption={(input, o) =>
              String(o?.value ?? '').startsWith(input.trim()) || String(o?.label ?? '').includes(input.trim())
            }
            optionRender={(o) => (
              <span>
                {o.label}
                <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 6 }}>
                  {o.value}
                </Typography.Text>
              </span>
            )}
            data-testid="audit-action"
          />
        </Form.Item>
        <Form.Item name="itemId">
          <Input placeholder="事项编号" allowClear style={{ width: 200 }} data-testid="audit-item" />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">
              查询
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                apply({});
              }}
            >
              重置
            </Button>
          </Space>
        </Form.Item>
      </Form>
      {q.isError && !q.data ? (
        <ErrorState error={q.error} onRetry={() => q.refetch()} />
      ) : (
        <Table<AuditEvent>
          rowKey="seq"
          size="small"
          dataSource={q.data?.events ?? []}
          loading={q.isFetching}
          scroll={{ x: 1100 }}
          data-testid="audit-table"
          locale={{ emptyText: q.isPending ? '正在加载…' : '没有符合条件的审计记录' }}
          onChange={(pg) => setPage({ page: pg.current ?? 1, pageSize: pg.pageSize ?? 50 })}
          pagination={{
            current: page.page,
            pageSize: page.pageSize,
            total: q.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100, 200],
            showTotal: (t) => `共 ${fmtNum(t)} 条`,
          }}
          columns={[
            { title: '序号', dataIndex: 'seq', width: 72, align: 'right' },
            {
              title: '时间（北京时间）',
              dataIndex: 'at',
              width: 165,
              render: (a: string) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{fmtDateTimeSec(a)}</span>,
            },
            {
              title: '用户',
              dataIndex: 'actor',
              width: 150,
              render: (a: string, r) => (
                <span>
                  {a}
                  {r.actorName && r.actorName !== a ? (
                    <Typography.Text type="secondary">（{r.actorName}）</Typography.Text>
                  ) : null}
                </span>
              ),
            },
            { title: '角色', dataIndex: 'actorRole', width: 120, render: (x: string | null) => roleLabel(x) },
            {
              title: '操作',
              dataIndex: 'action',
              width: 170,
              render: (x: string) => (
                <span title={x}>
                  <Tag
                    color={x.endsWith('_failed') ? 'red' : x === 'item.unmask' ? 'orange' : 'default'}
                    style={{ marginInlineEnd: 4 }}
                  >
                    {actionLabel(x)}
                  </Tag>
                </span>
              ),
            },
            {
              title: '事项',
              dataIndex: 'itemId',
              width: 190,
              render: (id: string | null, r) =>
                id ? (
                  <Space size={2}>
                    <Tooltip title="在新标签页打开此事项">
                      <a
                        href={`/items/${encodeURIComponent(id)}`}
                        target="_blank"
                        rel="noopener noreferrer"
                        data-testid="audit-item-link"
                        style={{ fontVariantNumeric: 'tabular-nums' }}
                      >
                        {r.itemNumber ?? `${id.slice(0, 8)}…`}
                      </a>
                    </Tooltip>
                    <Tooltip title="只看此事项的记录">
                      <Button
                        type="text"
                        size="small"
                        icon={<FilterOutlined />}
                        aria-label="只看此事项"
                        onClick={() => filterByItem(r.itemNumber ?? id)}
                      />
                    </Tooltip>
                  </Space>
                ) : (
                  '—'
                ),
            },
            {
              title: '详情',
              dataIndex: 'detail',
              render: (d: unknown) => <AuditDetail d={d} />,
            },
          ]}
        />
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        审计日志只能查看，不能修改或删除；每条记录的哈希包含上一条的哈希，任何改动都会使校验失败。
      </Typography.Text>
    </Card>
  );
}
