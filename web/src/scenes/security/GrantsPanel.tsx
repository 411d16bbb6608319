import { useMemo, useState } from 'react';
import { Alert, App, Button, Input, Modal, Segmented, Space, Table, Tag, Typography } from 'antd';
import { CheckOutlined, CloseOutlined, RollbackOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ROLE_LABELS } from '../../../../contract/enums.ts';
import { errorText } from '../../api/client.ts';
import { call, client } from '../../api/typed.ts';
import { useCurrentUser } from '../../api/auth.ts';
import { useUnits } from '../../api/reference.ts';
import type { Grant } from '../../api/types.ts';
import { ErrorState, Loading } from '../../components/states.tsx';
import { fmtDateTime, fmtNum } from '../../format.ts';

const STATUS: Record<Grant['status'], { label: string; color: string }> = {
  pending: { label: '待审批', color: 'orange' },
  approved: { label: '已批准', color: 'green' },
  refused: { label: '已拒绝', color: 'red' },
  withdrawn: { label: '已撤回', color: 'default' },
};

/**
 * 权限申请 (三员分立). `mode` decides what the viewer may do: the system administrator sees the requests and
 * withdraws his own, the security administrator approves or refuses (never his own or about himself), the
 * auditor reads the history.
 */
export function GrantsPanel({
  mode,
  onlyPending = false,
}: {
  mode: 'admin' | 'security' | 'auditor';
  onlyPending?: boolean;
}) {
  const me = useCurrentUser();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const units = useUnits();
  const [filter, setFilter] = useState<'pending' | 'all'>(
    onlyPending ? 'pending' : mode === 'auditor' ? 'all' : 'pending',
  );
  const [deciding, setDeciding] = useState<{ grant: Grant; approve: boolean } | null>(null);
  const [note, setNote] = useState('');
  const grants = useQuery({
    queryKey: ['grants', filter],
    queryFn: async () =>
      (
        await call(
          client.GET('/api/v1/grants', { params: { query: filter === 'pending' ? { status: 'pending' } : {} } }),
        )
      ).grants,
    staleTime: 0,
  });
  const unitName = useMemo(() => new Map((units.data ?? []).map((u) => [u.id, u.name])), [units.data]);
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['grants'] });
    void qc.invalidateQueries({ queryKey: ['users'] });
  };
  const decide = useMutation({
    mutationFn: (d: { grant: Grant; approve: boolean; note: string }) =>
      call(
        client.POST('/api/v1/grants/{id}/decision', {
          params: { path: { id: d.grant.id } },
          body: { approve: d.approve, note: d.note },
        }),
      ),
    onSuccess: (_, d) => {
      message.success(d.approve ? `已批准：${d.grant.kindLabel} ${d.grant.username}` : `已拒绝：${d.grant.username}`);
      setDeciding(null);
      setNote('');
      refresh();
    },
  });
  const withdraw = useMutation({
    mutationFn: (g: Grant) => call(client.POST('/api/v1/grants/{id}/withdraw', { params: { path: { id: g.id } } })),
    onSuccess: (_, g) => {
      message.success(`已撤回对 ${g.username} 的申请`);
      refresh();
    },
    onError: (e) => message.error(errorText(e)),
  });
  if (grants.isPending) return <Loading />;
  if (grants.isError) return <ErrorState error={grants.error} onRetry={() => grants.refetch()} />;
  const rows = grants.data;
  const pendingCount = rows.filter((g) => g.status === 'pending').length;
  const what = (g: Grant) => {
    const unit = g.unitId ? `（${unitName.get(g.unitId) ?? '—'}）` : '';
    if (g.kind === 'create') return `${g.roleLabel ?? ''}${unit}`;
    if (g.kind === 'change') {
      const from = g.prevRole
        ? `${ROLE_LABELS[g.prevRole]}${g.prevUnitId ? `（${unitName.get(g.prevUnitId) ?? '—'}）` : ''}`
        : '';
      return `${from} → ${g.roleLabel ?? ''}${unit}${g.displayName ? `，姓名：${g.displayName}` : ''}`;
    }
    return g.prevRole ? ROLE_LABELS[g.prevRole] : '';
  };
  const selfReason = (g: Grant) =>
    g.requestedBy === me.id
      ? '本人提出的申请'
      : g.userId === me.id || g.username === me.username
        ? '涉及本人账户'
        : null;
  return (
    <div data-testid={`grants-${mode}`}>
      <Space style={{ marginBottom: 12 }} wrap>
        {!onlyPending && (
          <Segmented
            value={filter}
            onChange={(v) => setFilter(v as 'pending' | 'all')}
            options={[
              { value: 'pending', label: '待审批' },
              { value: 'all', label: '全部记录' },
            ]}
          />
        )}
        <Typography.Text type="secondary">
          {filter === 'pending' ? (
            <>
              待审批 <span data-testid="grants-pending-count">{fmtNum(pendingCount)}</span> 项
            </>
          ) : (
            `共 ${fmtNum(rows.length)} 项`
          )}
        </Typography.Text>
      </Space>
      {mode === 'admin' && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          message="三员分立：授予登记员、审核员、责任单位人员、领导、安全管理员或安全审计员角色（新增账户、变更角色或单位、重置其密码），以及对安全管理员、安全审计员账户的任何变更，须经安全管理员审批后才生效。"
        />
      )}
      <Table<Grant>
        rowKey="id"
        size="small"
        dataSource={rows}
        pagination={{ pageSize: 15, hideOnSinglePage: true }}
        data-testid="grants-table"
        locale={{ emptyText: filter === 'pending' ? '没有待审批的申请' : '暂无授权记录' }}
        columns={[
          { title: '申请', dataIndex: 'kindLabel', width: 120 },
          {
            title: '账户',
            dataIndex: 'username',
            render: (u: string, g) => (
              <span>
                <Typography.Text code>{u}</Typography.Text>
                {g.kind === 'create' && g.displayName ? ` ${g.displayName}` : ''}
              </span>
            ),
          },
          { title: '内容', key: 'what', render: (_, g) => what(g) },
          { title: '理由', dataIndex: 'reason', render: (r: string) => r || '—' },
          {
            title: '申请人 / 时间',
            key: 'req',
            render: (_, g) => (
              <span>
                {g.requestedByName ?? '—'}
                <br />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {fmtDateTime(g.requestedAt)}
                </Typography.Text>
              </span>
            ),
          },
          {
            title: '状态 / 审批',
            key: 'status',
            width: 260,
            render: (_, g) => (
              <span>
                <Tag color={STATUS[g.status].color} data-testid={`grant-status-${g.username}`}>
                  {STATUS[g.status].label}
                </Tag>
                {g.decidedByName && (
                  <div style={{ fontSize: 12, color: '#8c8c8c' }}>
                    {g.decidedByName}
                    {g.decidedAt ? ` ${fmtDateTime(g.decidedAt)}` : ''}
                    {g.decisionNote ? `：${g.decisionNote}` : ''}
                  </div>
                )}
              </span>
            ),
          },
          ...(mode === 'auditor'
            ? []
            : [
                {
                  title: '操作',
                  key: 'op',
                  width: 170,
                  render: (_: unknown, g: Grant) => {
                    if (g.status !== 'pending') return null;
                    if (mode === 'admin')
                      return g.requestedBy === me.id ? (
                        <Button
                          size="small"
                          icon={<RollbackOutlined />}
                          loading={withdraw.isPending && withdraw.variables?.id === g.id}
                          onClick={() => withdraw.mutate(g)}
                          data-testid={`withdraw-${g.username}`}
                        >
                          撤回
                        </Button>
                      ) : null;
                    const why = selfReason(g);
                    if (why) return <Typography.Text type="secondary">{why}，须由其他安全管理员审批</Typography.Text>;
                    return (
                      <Space size={4}>
                        <Button
                          size="small"
                          type="primary"
                          icon={<CheckOutlined />}
                          onClick={() => setDeciding({ grant: g, approve: true })}
                          data-testid={`approve-${g.username}`}
                        >
                          批准
                        </Button>
                        <Button
                          size="small"
                          danger
                          icon={<CloseOutlined />}
                          onClick={() => setDeciding({ grant: g, approve: false })}
                          data-testid={`refuse-${g.username}`}
                        >
                          拒绝
                        </Button>
                      </Space>
                    );
                  },
                },
              ]),
        ]}
      />
      <Modal
        open={deciding !== null}
        title={
          deciding
            ? `${deciding.approve ? '批准' : '拒绝'}：${deciding.grant.kindLabel} ${deciding.grant.username}`
            : ''
        }
        okText={deciding?.approve ? '批准并生效' : '拒绝'}
        okButtonProps={{ danger: deciding?.approve === false, loading: decide.isPending, id: 'grant-decide-ok' }}
        cancelText="取消"
        onCancel={() => {
          setDeciding(null);
          decide.reset();
        }}
        onOk={() => deciding && decide.mutate({ ...deciding, note })}
      >
        {deciding && (
          <Typography.Paragraph>
            {deciding.grant.requestedByName} 申请：{what(deciding.grant) || deciding.grant.kindLabel}
            {deciding.grant.reason ? `。理由：${deciding.grant.reason}` : ''}
          </Typography.Paragraph>
        )}
        <Input.TextArea
          rows={2}
          maxLength={500}
          placeholder="审批意见（可选，记入审计日志）"
          value={note}
          onChange={(e) => setNote(e.target.value)}
          id="grant-note"
        />
        {decide.isError && <Alert type="error" showIcon style={{ marginTop: 12 }} message={errorText(decide.error)} />}
      </Modal>
    </div>
  );
}
