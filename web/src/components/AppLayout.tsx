import { useEffect, type ReactNode } from 'react';
import { Button, Dropdown, Layout, Menu, Space, Tag, Typography } from 'antd';
import {
  AimOutlined,
  AuditOutlined,
  CloudUploadOutlined,
  BarChartOutlined,
  TrophyOutlined,
  DashboardOutlined,
  DownOutlined,
  FileTextOutlined,
  FolderOpenOutlined,
  FormOutlined,
  InboxOutlined,
  LockOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  TeamOutlined,
  AlertOutlined,
  UnorderedListOutlined,
  UserOutlined,
  LogoutOutlined,
} from '@ant-design/icons';
import { NotificationBell } from './NotificationBell.tsx';
import { useLocation, useNavigate } from 'react-router';
import { useCurrentUser, useLogout } from '../api/auth.ts';

const { Header, Sider, Content } = Layout;

/** Roles whose work comes as to-dos; the others land on their own screen (see `homeOf`). */
export function hasWorkbench(role: string, a: Record<string, boolean | undefined>): boolean {
  return !(a.audit && !a.listItems) && role !== 'leader' && role !== 'admin';
}

/** Where each role's work is: the to-do list, or the screen it works on all day. */
export function homeOf(role: string, a: Record<string, boolean | undefined>): string | null {
  if (hasWorkbench(role, a)) return null;
  if (a.audit && !a.listItems) return '/audit';
  if (role === 'leader' && a.reports) return '/leader';
  if (role === 'admin' && a.administer) return '/admin';
  return null;
}

/** Left menu filtered by the user's abilities; header with name (dropdown: 个人设置, 退出登录), role, unit and logout. */
export function AppLayout({ children }: { children: ReactNode }) {
  const me = useCurrentUser();
  const logout = useLogout();
  const nav = useNavigate();
  const loc = useLocation();
  const a = me.abilities;
  const items = [
    hasWorkbench(me.role, a) && { key: '/', icon: <DashboardOutlined />, label: '工作台' },
    me.role === 'leader' && a.reports && { key: '/leader', icon: <DashboardOutlined />, label: '领导首页' },
    a.register && { key: '/register', icon: <FormOutlined />, label: '信访登记' },
    a.register && { key: '/online-intake', icon: <CloudUploadOutlined />, label: '网上信访受理' },
    a.listItems && { key: '/items', icon: <UnorderedListOutlined />, label: '事项列表' },
    a.inbox && { key: '/inbox', icon: <InboxOutlined />, label: '单位收件箱' },
    a.reports && { key: '/dashboard', icon: <BarChartOutlined />, label: '统计分析' },
    a.listItems && { key: '/scorecard', icon: <TrophyOutlined />, label: '单位考评' },
    a.workload && { key: '/workload', icon: <TeamOutlined />, label: '工作量' },
    (a.register || a.inbox) && { key: '/backlog', icon: <FolderOpenOutlined />, label: '积案台账' },
    me.role === 'leader' && { key: '/my-cases', icon: <FolderOpenOutlined />, label: '我的包案' },
    a.reports && { key: '/daily-report', icon: <FileTextOutlined />, label: '信访日报' },
    a.reports && { key: '/campaigns', icon: <AimOutlined />, label: '攻坚行动' },
    (a.reports || a.inbox) && { key: '/instructions', icon: <FileTextOutlined />, label: '请示批示' },
    (a.reports || a.inbox) && { key: '/supervisions', icon: <AlertOutlined />, label: '督办台账' },
    (a.reports || a.inbox) && { key: '/meetings', icon: <TeamOutlined />, label: '联席会议' },
    a.administer && { key: '/admin', icon: <SettingOutlined />, label: '系统管理' },
    a.audit && { key: '/audit', icon: <SafetyCertificateOutlined />, label: '安全审计' },
    me.role === 'security_admin' && { key: '/security', icon: <LockOutlined />, label: '账户安全' },
    me.role === 'auditor' && a.grants && { key: '/grants', icon: <TeamOutlined />, label: '授权记录' },
  ].filter(Boolean) as { key: string; icon: ReactNode; label: string }[];
  const selected = items
    .map((i) => i.key)
    .filter((k) => (k === '/' ? loc.pathname === '/' : loc.pathname.startsWith(k)))
    .sort((x, y) => y.length - x.length)[0];
  // Each tab says which screen it holds (several are often open side by side).
  const screen = /^\/items\/[^/]+/.test(loc.pathname)
    ? '事项详情'
    : loc.pathname === '/settings'
      ? '个人设置'
      : items.find((i) => i.key === selected)?.label;
  useEffect(() => {
    document.title = screen ? `${screen} - 信访事项办理平台` : '信访事项办理平台';
  }, [screen]);
  return (
    <Layout style={{ height: '100vh' }}>
      <Sider width={188} theme="light" style={{ borderRight: '1px solid #eef0f3' }}>
        <div
          style={{
            height: 56,
            display: 'flex',
            alignItems: 'center',
            gap: 8,
            padding: '0 16px',
            fontWeight: 600,
            fontSize: 15,
            color: '#1d4ed8',
          }}
        >
          <AuditOutlined /> 信访事项办理
        </div>
        <Menu
          mode="inline"
          items={items}
          selectedKeys={selected ? [selected] : []}
          onClick={(e) => nav(e.key)}
          style={{ borderInlineEnd: 'none' }}
        />
      </Sider>
      <Layout style={{ minWidth: 0 }}>
        <Header
          style={{
            background: '#fff',
            height: 56,
            lineHeight: '56px',
            padding: '0 20px',
            borderBottom: '1px solid #eef0f3',
            display: 'flex',
            justifyContent: 'flex-end',
          }}
        >
          <Space size="middle">
            <NotificationBell />
            <Dropdown
              trigger={['click']}
              menu={{
                items: [
                  { key: 'settings', icon: <UserOutlined />, label: <span data-testid="menu-settings">个人设置</span> },
                  { type: 'divider' },
                  { key: 'logout', icon: <LogoutOutlined />, label: '退出登录' },
                ],
                onClick: async (e) => {
                  if (e.key === 'settings') nav('/settings');
                  else await logout();
                },
              }}
            >
              <Button type="text" data-testid="user-menu" style={{ paddingInline: 8 }}>
                <Typography.Text strong data-testid="user-name">
                  {me.displayName}
                </Typography.Text>
                <DownOutlined style={{ fontSize: 10, color: '#8c8c8c' }} />
              </Button>
            </Dropdown>
            <Tag color="blue">{me.roleLabel}</Tag>
            {me.unit && <Typography.Text type="secondary">{me.unit.name}</Typography.Text>}
            <Button icon={<LogoutOutlined />} data-testid="logout" onClick={() => logout()}>
              退出
            </Button>
          </Space>
        </Header>
        {/* The content scrolls under a fixed header (side panels such as 智能建议 stay in view with position: sticky). */}
        <Content style={{ padding: 16, overflow: 'auto' }} data-testid="content">
          {children}
        </Content>
      </Layout>
    </Layout>
  );
}
