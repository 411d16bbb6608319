import { useState } from 'react';
import {
  Alert,
  AutoComplete,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { FilterOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { ROLE_LABELS, STEP_LABELS, type Role, type Step } from '../../../../contract/enums.ts';
import { api, errorText, qs } from '../../api/client.ts';
import type { AuditEvent, AuditPage as AuditPageData, AuditVerification } from '../../api/types.ts';
import { ErrorState } from '../../components/states.tsx';
import { fmtDateTimeSec, fmtNum } from '../../format.ts';

interface Filters {
  from?: string;
  to?: string;
  actor?: string;
  action?: string;
  itemId?: string;
}

const ACTION_LABELS: Record<string, string> = {
  'auth.login': '登录',
  'auth.login_failed': '登录失败',
  'auth.logout': '退出登录',
  'user.create': '新增用户',
  'user.password': '修改密码',
  'user.unlock': '解除账户锁定',
  'unit.create': '新增单位',
  'unit.edit': '修改单位',
  'calendar.edit': '调整工作日历',
  'rules.edit': '修改期限规则',
  'item.register': '登记事项',
  'item.import': '导入事项',
  'item.attach': '上传附件',
  'item.unmask': '查看完整身份信息',
  'item.rate': '满意度评价（信访人）',
  'keys.rotate': '轮换加密密钥',
  'demo.seed': '生成演示数据',
};

export function actionLabel(action: string): string {
  if (ACTION_LABELS[action]) return ACTION_LABELS[action]!;
  if (action.startsWith('item.')) {
    const step = action.slice(5) as Step;
    if (STEP_LABELS[step]) return STEP_LABELS[step].replace(/（.*）$/, '');
  }
  return action;
}

function roleLabel(role: string | null): string {
  if (!role) return '系统';
  if (role === 'petitioner') return '信访人';
  return ROLE_LABELS[role as Role] ?? role;
}

const ACTION_PREFIXES = [
  { value: 'auth.', label: 'auth.　登录与退出' },
  { value: 'auth.login_failed', label: 'auth.login_failed　登录失败' },
  { value: 'user.', label: 'user.　用户与密码' },
  { value: 'item.', label: 'item.　事项办理' },
  { value: 'item.unmask', label: 'item.unmask　查看完整身份信息' },
  { value: 'unit.', label: 'unit.　单位' },
  { value: 'calendar.', label: 'calendar.　工作日历' },
  { value: 'rules.', label: 'rules.　期限规则' },
  { value: 'keys.', label: 'keys.　密钥' },
];

/** Detail as one compact line of JSON (rendered as text, never as markup). */
function compactJson(x: unknown): string {
  if (x === null || x === undefined) return '';
  try {
    const s = JSON.stringify(x);
    return s === '{}' ? '' : s;
  } catch {
    return String(x);
  }
}

const JSON_STYLE = {
  display: 'inline-block',
  maxWidth: 340,
  overflow: 'hidden',
  textOverflow: 'ellipsis',
  whiteSpace: 'nowrap',
  verticalAlign: 'middle',
  fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
  fontSize: 12,
  background: '#f5f5f5',
  border: '1px solid #eee',
  borderRadius: 3,
  padding: '0 4px',
} as const;

function VerifyResult({ r }: { r: AuditVerification }) {
  if (r.ok) {
    return (
      <Alert
        type="success"
        showIcon
        data-testid="verify-result"
        style={{ marginBottom: 12 }}
        message={`哈希链完整：已校验 ${fmtNum(r.count)} 条审计记录，未发现篡改`}
        description={
          r.lastSeq !== null ? (
            <span>
              最后一条为第 {fmtNum(r.lastSeq)} 条，哈希{' '}
              <Typography.Text code copyable>
                {r.lastHash.slice(0, 16)}…
              </Typography.Text>
            </span>
          ) : (
            '审计日志为空'
          )
        }
      />
    );
  }
  return (
    <Alert
      type="error"
      showIcon
      data-testid="verify-result"
      style={{ marginBottom: 12 }}
      message={`哈希链在第 ${fmtNum(r.brokenAt)} 条处断开`}
      description={
        <div>
          <div>{r.message}</div>
          <div style={{ fontSize: 12, color: '#888' }}>
            此前 {fmtNum(r.count)} 条校验通过（原因代码：{r.reason}）
          </div>
        </div>
      }
    />
  );
}

/** 安全审计: the audit log with filters, and a check of its hash chain. Read-only for everyone. */
export default function AuditPage() {
  const [form] = Form.useForm();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState({ page: 1, pageSize: 50 });
  const params = { ...filters, ...page };
  const q = useQuery({
    queryKey: ['audit', params],
    queryFn: () => api<AuditPageData>(`/api/v1/audit${qs(params)}`),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
  const verify = useMutation({ mutationFn: () => api<AuditVerification>('/api/v1/audit/verify') });

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
        <Tooltip title="逐条重算审计日志的哈希链，发现被修改、删除或调换的记录">
          <Button
            type="primary"
            icon={<SafetyCertificateOutlined />}
            loading={verify.isPending}
            onClick={() => verify.mutate()}
            data-testid="verify-chain"
          >
            校验哈希链
          </Button>
        </Tooltip>
      }
    >
      {verify.data && <VerifyResult r={verify.data} />}
      {verify.isError && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          message={`校验失败：${errorText(verify.error)}`}
          data-testid="verify-error"
        />
      )}
      <Form form={form} layout="inline" onFinish={apply} style={{ marginBottom: 12, rowGap: 8 }}>
        <Form.Item name="range">
          <DatePicker.RangePicker format="YYYY-MM-DD" placeholder={['开始日期', '结束日期']} style={{ width: 240 }} />
        </Form.Item>
        <Form.Item name="actor">
          <Input placeholder="用户名" allowClear style={{ width: 140 }} data-testid="audit-actor" />
        </Form.Item>
        <Form.Item name="action">
          <AutoComplete
            placeholder="操作（前缀，如 item.）"
            allowClear
            style={{ width: 220 }}
            options={ACTION_PREFIXES}
            filterOption={(input, o) =>
              String(o?.value ?? '').startsWith(input.trim()) || String(o?.label ?? '').includes(input.trim())
            }
            data-testid="audit-action"
          />
        </Form.Item>
        <Form.Item name="itemId">
          <Input placeholder="事项 ID" allowClear style={{ width: 200 }} data-testid="audit-item" />
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
              width: 200,
              render: (x: string) => (
                <span>
                  <Tag
                    color={x.endsWith('_failed') ? 'red' : x === 'item.unmask' ? 'orange' : 'default'}
                    style={{ marginInlineEnd: 4 }}
                  >
                    {actionLabel(x)}
                  </Tag>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {x}
                  </Typography.Text>
                </span>
              ),
            },
            {
              title: '事项',
              dataIndex: 'itemId',
              width: 130,
              render: (id: string | null) =>
                id ? (
                  <Space size={2}>
                    <Tooltip title={`在新标签页打开事项 ${id}`}>
                      <a href={`/items/${encodeURIComponent(id)}`} target="_blank" rel="noopener noreferrer">
                        {id.slice(0, 8)}…
                      </a>
                    </Tooltip>
                    <Tooltip title="只看此事项的记录">
                      <Button
                        type="text"
                        size="small"
                        icon={<FilterOutlined />}
                        aria-label="只看此事项"
                        onClick={() => filterByItem(id)}
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
              render: (d: unknown) => {
                const s = compactJson(d);
                return s ? (
                  <Tooltip title={<span style={{ wordBreak: 'break-all' }}>{s}</span>}>
                    <span style={JSON_STYLE}>{s}</span>
                  </Tooltip>
                ) : (
                  '—'
                );
              },
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
