import { useState } from 'react';
import {
  Alert,
  App,
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
import { DownloadOutlined, FilterOutlined, SafetyCertificateOutlined, UploadOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { ROLE_LABELS, TIMELINE_STEP_LABELS, type Role } from '../../../../contract/enums.ts';
import { api, errorText, qs } from '../../api/client.ts';
import type { AuditEvent, AuditPage as AuditPageData, AuditVerification } from '../../api/types.ts';
import { ErrorState } from '../../components/states.tsx';
import { fmtDateTime, fmtDateTimeSec, fmtNum } from '../../format.ts';

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
  'items.export': '导出事项列表',
  'report.export': '导出统计报告',
  'item.document': '生成文书',
  'item.attachment_read': '下载附件',
  'audit.read': '查看审计日志',
  'audit.verify': '校验审计日志',
  'audit.checkpoint': '导出审计锚点',
  'audit.rekey': '以密钥封存旧审计链',
  'user.edit': '修改用户',
  'user.disable': '停用账户',
  'user.enable': '启用账户',
  'user.password_reset': '重置他人密码',
  'user.password_failed': '修改密码时当前密码错误',
  'user.totp_enable': '启用动态验证码',
  'user.totp_replace': '更换动态验证码',
  'user.totp_failed': '动态验证码设置失败',
  'grant.request': '提出权限申请',
  'grant.approve': '批准权限申请',
  'grant.refuse': '拒绝权限申请',
  'grant.withdraw': '撤回权限申请',
};

export function actionLabel(action: string): string {
  if (ACTION_LABELS[action]) return ACTION_LABELS[action]!;
  if (action.startsWith('item.')) {
    const label = TIMELINE_STEP_LABELS[action.slice(5)];
    if (label) return label;
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
  { value: 'grant.', label: 'grant.　权限申请与审批' },
  { value: 'audit.', label: 'audit.　审计日志的查看、校验与锚点' },
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
    const extra = [
      r.head ? `链头封存记录（第 ${fmtNum(r.head.seq)} 条）一致，末尾未被删除` : null,
      r.anchor ? `与 ${fmtDateTime(r.anchor.exportedAt)} 导出的锚点（第 ${fmtNum(r.anchor.seq)} 条）一致` : null,
      r.legacy
        ? `其中前 ${fmtNum(r.legacy)} 条为启用密钥签名之前的旧记录，只能证明其内部一致；此后的记录均以密钥文件中的密钥签名`
        : null,
    ].filter(Boolean);
    return (
      <Alert
        type="success"
        showIcon
        data-testid="verify-result"
        style={{ marginBottom: 12 }}
        message={`审计日志完整：已校验 ${fmtNum(r.count)} 条记录的密钥签名与哈希链，未发现篡改`}
        description={
          r.lastSeq !== null ? (
            <div>
              <div>
                最后一条为第 {fmtNum(r.lastSeq)} 条，哈希{' '}
                <Typography.Text code copyable>
                  {r.lastHash.slice(0, 16)}…
                </Typography.Text>
              </div>
              {extra.map((x) => (
                <div key={x}>{x}</div>
              ))}
            </div>
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
      message={`审计日志在第 ${fmtNum(r.brokenAt)} 条处校验失败`}
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
    queryFn: () => api<AuditPageData>(`/api/v1/audit${qs(params)}`),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
  const verify = useMutation({
    mutationFn: (anchor?: unknown) =>
      anchor === undefined
        ? api<AuditVerification>('/api/v1/audit/verify')
        : api<AuditVerification>('/api/v1/audit/verify', { method: 'POST', body: { anchor } }),
  });
  const checkpoint = useMutation({
    mutationFn: () => api<{ seq: number; exportedAt: string }>('/api/v1/audit/checkpoint', { method: 'POST' }),
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
        verify.mutate(JSON.parse(await f.text()));
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
              loading={verify.isPending && verify.variables === undefined}
              onClick={() => verify.mutate(undefined)}
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
            loading={verify.isPending && verify.variables !== undefined}
            onClick={pickAnchor}
            data-testid="verify-anchor"
          >
            核对锚点
          </Button>
        </Space>
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
