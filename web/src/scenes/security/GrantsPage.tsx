import { Card, Typography } from 'antd';
import { GrantsPanel } from './GrantsPanel.tsx';

/** 授权记录 (auditor): every account-change request and who decided it, read-only. */
export default function GrantsPage() {
  return (
    <Card title="授权记录" data-testid="grants-page">
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        三员分立：系统管理员提出、安全管理员审批的每一项账户与角色变更。审批、拒绝和撤回均同时记入审计日志。
      </Typography.Paragraph>
      <GrantsPanel mode="auditor" />
    </Card>
  );
}
