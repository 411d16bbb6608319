import { useMemo, useState } from 'react';
import { App, Button, Card, Popconfirm, Space, Switch, Table, Tag, Typography } from 'antd';
import { UnlockOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ROLE_LABELS, type Role } from '../../../../contract/enums.ts';
import { errorText } from '../../api/client.ts';
import { call, client, type Ok } from '../../api/typed.ts';
import { useUnits } from '../../api/reference.ts';
import { ErrorState, Loading } from '../../components/states.tsx';
import { fmtDateTime, fmtNum } from '../../format.ts';
import { GrantsPanel } from './GrantsPanel.tsx';

type UserRow = Ok<'/api/v1/users', 'get'>['users'][number];

/** 账户安全 (security administrator): the requests to approve, then every account with its lock (unlockable). */
export default function AccountSecurityPage() {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const users = useQuery({
    queryKey: ['users'],
    queryFn: async () => (await call(client.GET('/api/v1/users'))).users,
  });
  const units = useUnits();
  const [onlyLocked, setOnlyLocked] = useState(false);
  const unitName = useMemo(() => new Map((units.data ?? []).map((u) => [u.id, u.name])), [units.data]);
  const unlock = useMutation({
    mutationFn: (u: UserRow) => call(client.POST('/api/v1/users/{id}/unlock', { params: { path: { id: u.id } } })),
    onSuccess: (_, u) => {
      message.success(`已解除 ${u.username} 的锁定`);
      void qc.invalidateQueries({ queryKey: ['users'] });
    },
    onError: (e) => message.error(errorText(e)),
  });
  if (users.isPending) return <Loading />;
  if (users.isError) return <ErrorState error={users.error} onRetry={() => users.refetch()} />;
  const locked = users.data.filter((u) => u.lockedUntil);
  // Locked accounts first, then by user name.
  const rows = (onlyLocked ? locked : users.data)
    .slice()
    .sort((a, b) => Number(!!b.lockedUntil) - Number(!!a.lockedUntil) || a.username.localeCompare(b.username));
  return (
    <>
      <Card title="权限申请审批" style={{ marginBottom: 12 }} data-testid="grant-approvals">
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          系统管理员提出的账户变更：授予登记员、审核员、责任单位人员、领导、安全管理员或安全审计员角色，以及对安全管理员、
          安全审计员账户的任何变更，经您批准后才生效。本人提出或涉及本人账户的申请须由其他安全管理员审批。
        </Typography.Paragraph>
        <GrantsPanel mode="security" />
      </Card>
      <Card
        title="账户安全"
        data-testid="account-security"
        extra={
          <Space>
            <Typography.Text type="secondary">
              共 {fmtNum(users.data.length)} 个账户，锁定{' '}
              <span data-testid="locked-count">{fmtNum(locked.length)}</span> 个
            </Typography.Text>
            <Switch size="small" checked={onlyLocked} onChange={setOnlyLocked} /> 只看锁定
          </Space>
        }
      >
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          连续 5 次登录失败的账户锁定 15 分钟。核实是本人操作后，可提前解除锁定；解除操作记入审计日志。
        </Typography.Paragraph>
        <Table<UserRow>
          rowKey="id"
          size="small"
          dataSource={rows}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          data-testid="users-table"
          locale={{ emptyText: onlyLocked ? '当前没有被锁定的账户' : '暂无账户' }}
          rowClassName={(u) => (u.lockedUntil ? 'row-locked' : '')}
          columns={[
            {
              title: '用户名',
              dataIndex: 'username',
              render: (x: string) => <Typography.Text code>{x}</Typography.Text>,
            },
            { title: '姓名', dataIndex: 'displayName' },
            { title: '角色', dataIndex: 'role', render: (r: Role) => ROLE_LABELS[r] ?? r },
            {
              title: '单位',
              dataIndex: 'unitId',
              render: (id: string | null) => (id ? (unitName.get(id) ?? '—') : '—'),
            },
            {
              title: '状态',
              key: 'state',
              render: (_, u) => (
                <Space size={4} wrap>
                  {u.lockedUntil ? (
                    <Tag color="red" data-testid={`locked-${u.username}`}>
                      锁定至 {fmtDateTime(u.lockedUntil)}
                    </Tag>
                  ) : (
                    <Tag color="green">正常</Tag>
                  )}
                  {u.disabled && <Tag>已停用</Tag>}
                </Space>
              ),
            },
            {
              title: '操作',
              key: 'op',
              width: 120,
              render: (_, u) =>
                u.lockedUntil && (
                  <Popconfirm
                    title={`解除 ${u.username} 的锁定？`}
                    description="请确认已核实是本人操作。"
                    okText="解除锁定"
                    cancelText="取消"
                    onConfirm={() => unlock.mutateAsync(u).catch(() => {})}
                  >
                    <Button
                      size="small"
                      icon={<UnlockOutlined />}
                      loading={unlock.isPending && unlock.variables?.id === u.id}
                      data-testid={`unlock-${u.username}`}
                    >
                      解除锁定
                    </Button>
                  </Popconfirm>
                ),
            },
          ]}
        />
      </Card>
    </>
  );
}
