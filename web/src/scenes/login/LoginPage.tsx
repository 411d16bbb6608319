import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, SearchOutlined, UserOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { errorText, setCsrf } from '../../api/client.ts';
import { call, client } from '../../api/typed.ts';

/** Set by 个人设置 after a password change: the next login page says why the user is there. */
export const LOGIN_NOTICE_KEY = 'xf.login.notice';

function readNotice(): string | null {
  try {
    return sessionStorage.getItem(LOGIN_NOTICE_KEY);
  } catch {
    return null;
  }
}

/** Sign-in; the API's Chinese message (wrong password, remaining attempts, locked until …) is shown as-is. */
export function LoginPage() {
  const qc = useQueryClient();
  const [notice] = useState(readNotice);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [needTotp, setNeedTotp] = useState(false);
  const submit = async (v: { username: string; password: string; totp?: string }) => {
    setBusy(true);
    setError(null);
    try {
      const r = await call(
        client.POST('/api/v1/auth/login', {
          body: { username: v.username.trim(), password: v.password, ...(v.totp ? { totp: v.totp } : {}) },
        }),
      );
      setCsrf(r.csrf);
      // The notice has been read by now; it must not greet the next sign-in.
      try {
        sessionStorage.removeItem(LOGIN_NOTICE_KEY);
      } catch {
        /* storage unavailable */
      }
      qc.setQueryData(['me'], r.user);
    } catch (e) {
      const msg = errorText(e);
      if (msg.includes('动态验证码')) setNeedTotp(true);
      setError(msg);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        background: 'linear-gradient(180deg,#eef3fb,#f7f8fa)',
      }}
    >
      <Card style={{ width: 380 }}>
        <Typography.Title level={3} style={{ textAlign: 'center', marginTop: 0 }}>
          信访事项办理平台
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          请使用本人账户登录
        </Typography.Paragraph>
        {notice && !error && (
          <Alert type="success" showIcon message={notice} style={{ marginBottom: 16 }} data-testid="login-notice" />
        )}
        {error && (
          <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} data-testid="login-error" />
        )}
        <Form layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item name="username" label="用户名" rules={[{ required: true, message: '请输入用户名' }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus id="login-username" />
          </Form.Item>
          <Form.Item name="password" label="密码" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" id="login-password" />
          </Form.Item>
          {needTotp && (
            <Form.Item name="totp" label="动态验证码" rules={[{ required: true, message: '请输入动态验证码' }]}>
              <Input maxLength={10} />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" block loading={busy}>
            登 录
          </Button>
        </Form>
        <div style={{ marginTop: 16, paddingTop: 12, borderTop: '1px solid #f0f0f0', textAlign: 'center' }}>
          <Link to="/query" data-testid="public-query-link">
            <SearchOutlined /> 信访人查询办理进度
          </Link>
        </div>
      </Card>
    </div>
  );
}
