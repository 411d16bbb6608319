import { useState } from 'react';
import { Alert, App, Button, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ROLES, ROLE_LABELS, type Role } from '../../../../contract/enums.ts';
import { STAFF_TITLE_MAX, staffEmailProblem, staffPhoneProblem } from '../../../../contract/staff-contacts.ts';
import { errorText } from '../../api/client.ts';
import { useUnits } from '../../api/reference.ts';
import { call, client, type Ok } from '../../api/typed.ts';
import { ErrorState, Loading } from '../../components/states.tsx';
import { fmtNum } from '../../format.ts';
import { UserNotifyChannelsModal } from './UserNotifyChannelsModal.tsx';

/** An account as listed; `pending` is the request about it that waits for the security administrator. */
type UserRow = Ok<'/api/v1/users', 'get'>['users'][number];

/** Roles only the security administrator can grant (the UI says so before the request is filed). */
const GATED: readonly Role[] = [
  'registrar',
  'reviewer',
  'unit_handler',
  'unit_head',
  'leader',
  'security_admin',
  'auditor',
];
const SECURITY: readonly Role[] = ['security_admin', 'auditor'];

/** Says whether the change took effect or waits for approval. */
function doneMessage(r: { pending?: boolean }, done: string): string {
  return r.pending ? `${done.replace(/^已/, '已提交')}申请，待安全管理员审批后生效` : done;
}

/** 用户: accounts; changes that grant item-reading or security roles are filed for approval (三员分立). */
export function UsersTab() {
  const users = useQuery({
    queryKey: ['users'],
    queryFn: async () => (await call(client.GET('/api/v1/users'))).users,
  });
  const units = useUnits();
  const qc = useQueryClient();
  const { message, modal } = App.useApp();
  const [open, setOpen] = useState(false);
  const [err, setErr] = useState<string | null>(null);
  const [editing, setEditing] = useState<UserRow | null>(null);
  const [resetting, setResetting] = useState<UserRow | null>(null);
  const [contacts, setContacts] = useState<UserRow | null>(null);
  const [channels, setChannels] = useState<UserRow | null>(null);
  const [form] = Form.useForm();
  const role = Form.useWatch('role', form) as Role | undefined;
  if (users.isPending) return <Loading />;
  if (users.isError) return <ErrorState error={users.error} onRetry={() => users.refetch()} />;
  const unitName = new Map((units.data ?? []).map((u) => [u.id, u.name]));
  const save = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    try {
      const r = await call(
        client.POST('/api/v1/users', {
          body: {
            username: v.username,
            displayName: v.displayName,
            role: v.role,
            unitId: v.unitId ?? null,
            password: v.password,
            reason: v.reason ?? '',
          },
        }),
      );
      message.success(r.pending ? '已提交新增账户申请，待安全管理员审批后生效' : '已新增用户');
      qc.invalidateQueries({ queryKey: ['grants'] });
      setOpen(false);
      form.resetFields();
      qc.invalidateQueries({ queryKey: ['users'] });
    } catch (e) {
      setErr(errorText(e));
    }
  };
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Button
          type="primary"
          onClick={() => {
            setErr(null);
            setOpen(true);
          }}
        >
          新增用户
        </Button>
        <Typography.Text type="secondary">共 {fmtNum(users.data.length)} 个用户</Typography.Text>
      </Space>
      <Table<UserRow>
        rowKey="id"
        size="small"
        dataSource={users.data}
        pagination={{ pageSize: 15 }}
        columns={[
          { title: '用户名', dataIndex: 'username' },
          { title: '姓名', dataIndex: 'displayName' },
          { title: '角色', dataIndex: 'role', render: (r: Role) => ROLE_LABELS[r] ?? r },
          {
            title: '所属单位',
            dataIndex: 'unitId',
            render: (u: string | null) => (u ? (unitName.get(u) ?? '—') : '—'),
          },
          {
            title: '手机 / 邮箱',
            render: (_, r) =>
              r.phone || r.email ? (
                <span data-testid={`contacts-${r.username}`}>
                  {[r.phone, r.email].filter(Boolean).join(' / ')}
                  {r.title && <Tag style={{ marginLeft: 4 }}>{r.title}</Tag>}
                </span>
              ) : (
                '—'
              ),
          },
          {
            title: '状态',
            render: (_, r) => (
              <Space size={4} wrap>
                {r.disabled ? (
                  <Tag>已停用</Tag>
                ) : r.lockedUntil && r.lockedUntil > new Date().toISOString() ? (
                  <Tag color="red">已锁定</Tag>
                ) : (
                  <Tag color="green">正常</Tag>
                )}
                {r.pending && (
                  <Tag color="orange" data-testid={`pending-${r.username}`}>
                    待审批：{r.pending.kindLabel}
                  </Tag>
                )}
              </Space>
            ),
          },
          {
            title: '操作',
            width: 330,
            render: (_, r) => (
              <Space size={0}>
                <Button size="small" type="link" onClick={() => setEditing(r)} data-testid={`edit-user-${r.username}`}>
                  编辑
                </Button>
                <Button
                  size="small"
                  type="link"
                  onClick={() => setContacts(r)}
                  data-testid={`contacts-user-${r.username}`}
                >
                  联系方式
                </Button>
                <Button
                  size="small"
                  type="link"
                  onClick={() => setChannels(r)}
                  data-testid={`channels-user-${r.username}`}
                >
                  通知方式
                </Button>
                <Button
                  size="small"
                  type="link"
                  onClick={() => setResetting(r)}
                  data-testid={`reset-user-${r.username}`}
                >
                  重置密码
                </Button>
                <Button
                  size="small"
                  type="link"
                  danger={!r.disabled}
                  data-testid={`toggle-user-${r.username}`}
                  onClick={() =>
                    modal.confirm({
                      title: r.disabled ? `启用账户 ${r.username}？` : `停用账户 ${r.username}？`,
                      content: SECURITY.includes(r.role)
                        ? '安全管理员、安全审计员账户的停用与启用须经安全管理员审批：将提交申请。'
                        : r.disabled
                          ? '启用后该用户可以重新登录。'
                          : '停用后该用户立即退出且不能登录；其办理记录和审计记录保留。',
                      okText: r.disabled ? '启用' : '停用',
                      cancelText: '取消',
                      onOk: async () => {
                        try {
                          const res = await call(
                            client.PUT('/api/v1/users/{id}/disabled', {
                              params: { path: { id: r.id } },
                              body: { disabled: !r.disabled },
                            }),
                          );
                          message.success(doneMessage(res, r.disabled ? '已启用' : '已停用'));
                          qc.invalidateQueries({ queryKey: ['users'] });
                          qc.invalidateQueries({ queryKey: ['grants'] });
                        } catch (e) {
                          message.error(errorText(e));
                        }
                      },
                    })
                  }
                >
                  {r.disabled ? '启用' : '停用'}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <EditUserModal user={editing} onClose={() => setEditing(null)} />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
      <ContactsModal user={contacts} onClose={() => setContacts(null)} />
      <UserNotifyChannelsModal user={channels} onClose={() => setChannels(null)} />
      <Modal title="新增用户" open={open} okText="保存" cancelText="取消" onOk={save} onCancel={() => setOpen(false)}>
        <Form form={form} layout="vertical">
          <Form.Item
            name="username"
            label="用户名"
            rules={[
              { required: true, message: '请填写用户名' },
              { pattern: /^[A-Za-z0-9_.-]{2,32}$/, message: '用户名为 2–32 位字母、数字、下划线、点或短横线' },
            ]}
          >
            <Input />
          </Form.Item>
          <AccountFields role={role} />
          <Form.Item name="password" label="初始密码" rules={[{ required: true, message: '请填写初始密码' }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          {role && GATED.includes(role) && (
            <>
              <Alert
                type="warning"
                showIcon
                style={{ marginBottom: 12 }}
                data-testid="gated-notice"
                message={`「${ROLE_LABELS[role]}」角色须经安全管理员审批：提交后账户暂不生效。`}
              />
              <Form.Item name="reason" label="申请理由">
                <Input.TextArea rows={2} maxLength={500} placeholder="如：新入职登记员，负责来访登记" />
              </Form.Item>
            </>
          )}
        </Form>
        {err && <Alert type="error" showIcon message={err} />}
      </Modal>
    </>
  );
}

/** Name, role and (for unit staff) unit: the fields of a new account and of an edit. */
function AccountFields({ role }: { role: Role | undefined }) {
  const units = useUnits();
  return (
    <>
      <Form.Item name="displayName" label="姓名" rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}>
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item name="role" label="角色" rules={[{ required: true, message: '请选择角色' }]}>
        <Select options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))} />
      </Form.Item>
      {(role === 'unit_handler' || role === 'unit_head') && (
        <Form.Item name="unitId" label="所属单位" rules={[{ required: true, message: '请选择所属单位' }]}>
          <Select
            showSearch
            optionFilterProp="label"
            options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
          />
        </Form.Item>
      )}
    </>
  );
}

function EditUserModal({ user, onClose }: { user: UserRow | null; onClose: () => void }) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [err, setErr] = useState<string | null>(null);
  const role = Form.useWatch('role', form) as Role | undefined;
  const save = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v || !user) return;
    try {
      const r = await call(
        client.PUT('/api/v1/users/{id}', {
          params: { path: { id: user.id } },
          body: { displayName: v.displayName, role: v.role, unitId: v.unitId ?? null, reason: v.reason ?? '' },
        }),
      );
      message.success(doneMessage(r, '已修改'));
      qc.invalidateQueries({ queryKey: ['users'] });
      qc.invalidateQueries({ queryKey: ['grants'] });
      onClose();
    } catch (e) {
      setErr(errorText(e));
    }
  };
  const grants = user && role && (role !== user.role || GATED.includes(role) || SECURITY.includes(user.role));
  return (
    <Modal
      title={user ? `编辑用户：${user.username}` : ''}
      open={user !== null}
      okText="保存"
      cancelText="取消"
      onOk={save}
      onCancel={onClose}
      destroyOnHidden
      afterOpenChange={(o) => {
        if (o && user) {
          setErr(null);
          form.setFieldsValue({
            displayName: user.displayName,
            role: user.role,
            unitId: user.unitId ?? undefined,
            reason: '',
          });
        }
      }}
    >
      <Form form={form} layout="vertical" preserve={false}>
        <AccountFields role={role} />
        {grants && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            message="变更角色或单位（以及对安全管理员、安全审计员账户的任何变更）须经安全管理员审批后生效；只改姓名无需审批。"
          />
        )}
        <Form.Item name="reason" label="理由">
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
      {err && <Alert type="error" showIcon message={err} />}
    </Modal>
  );
}

function ResetPasswordModal({ user, onClose }: { user: UserRow | null; onClose: () => void }) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [err, setErr] = useState<string | null>(null);
  const save = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v || !user) return;
    try {
      const r = await call(
        client.POST('/api/v1/users/{id}/password', {
          params: { path: { id: user.id } },
          body: { password: v.password, reason: v.reason ?? '' },
        }),
      );
      message.success(doneMessage(r, '已重置密码'));
      qc.invalidateQueries({ queryKey: ['users'] });
      qc.invalidateQueries({ queryKey: ['grants'] });
      onClose();
    } catch (e) {
      setErr(errorText(e));
    }
  };
  return (
    <Modal
      title={user ? `重置密码：${user.username}` : ''}
      open={user !== null}
      okText="提交"
      cancelText="取消"
      onOk={save}
      onCancel={onClose}
      destroyOnHidden
      afterOpenChange={(o) => o && (setErr(null), form.resetFields())}
    >
      {user && GATED.includes(user.role) && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={`「${ROLE_LABELS[user.role]}」账户的密码重置须经安全管理员审批：设置密码者本可冒用该账户。`}
        />
      )}
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="password" label="新密码" rules={[{ required: true, message: '请填写新密码' }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="reason" label="理由">
          <Input.TextArea rows={2} maxLength={500} placeholder="如：本人忘记密码，已当面核实身份" />
        </Form.Item>
      </Form>
      {err && <Alert type="error" showIcon message={err} />}
    </Modal>
  );
}

/** An antd rule from one of the shared checks (empty is allowed: the field is optional). */
const checked = (problem: (v: string) => string | null) => ({
  validator: (_: unknown, v: string | undefined) => {
    const p = v?.trim() ? problem(v) : null;
    return p ? Promise.reject(new Error(p)) : Promise.resolve();
  },
});

/** 联系方式: where warning notices and digests reach the person, and a leader's 职务. Granted nothing: saved at once. */
function ContactsModal({ user, onClose }: { user: UserRow | null; onClose: () => void }) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ phone?: string; email?: string; title?: string }>();
  const [err, setErr] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const save = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v || !user) return;
    setSaving(true);
    setErr(null);
    try {
      await call(
        client.PUT('/api/v1/users/{id}/contacts', {
          params: { path: { id: user.id } },
          body: { phone: v.phone || null, email: v.email || null, title: v.title || null },
        }),
      );
      message.success('已保存联系方式');
      qc.invalidateQueries({ queryKey: ['users'] });
      qc.invalidateQueries({ queryKey: ['user-notify-channels', user.id] });
      onClose();
    } catch (e) {
      setErr(errorText(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      title={user ? `联系方式：${user.username}（${user.displayName}）` : ''}
      open={user !== null}
      okText="保存"
      cancelText="取消"
      confirmLoading={saving}
      onOk={save}
      onCancel={() => {
        setErr(null);
        onClose();
      }}
      destroyOnHidden
    >
      <Form
        key={user?.id}
        form={form}
        layout="vertical"
        preserve={false}
        data-testid="contacts-form"
        // The stored values from the first frame: nothing typed is overwritten when the dialog finishes opening.
        initialValues={{ phone: user?.phone ?? '', email: user?.email ?? '', title: user?.title ?? '' }}
      >
        <Form.Item
          name="phone"
          label="手机号码"
          rules={[checked(staffPhoneProblem)]}
          extra="预警、督办提醒的短信发往此号码"
        >
          <Input maxLength={20} placeholder="如 13800001234" />
        </Form.Item>
        <Form.Item name="email" label="电子邮箱" rules={[checked(staffEmailProblem)]}>
          <Input maxLength={254} placeholder="如 zhangsan@example.gov.cn" />
        </Form.Item>
        {user?.role === 'leader' && (
          <Form.Item name="title" label="职务" extra="单位向领导请示时，领导名录显示姓名和职务">
            <Input maxLength={STAFF_TITLE_MAX} placeholder="如 副区长" />
          </Form.Item>
        )}
      </Form>
      {err && <Alert type="error" showIcon message={err} data-testid="contacts-error" />}
    </Modal>
  );
}
