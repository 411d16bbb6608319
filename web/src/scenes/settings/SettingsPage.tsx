import { useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Form, Input, Row, Steps, Typography } from 'antd';
import { KeyOutlined, LockOutlined, SafetyOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { errorText, setCsrf } from '../../api/client.ts';
import { call, client, type Ok } from '../../api/typed.ts';
import { useCurrentUser } from '../../api/auth.ts';
import { LOGIN_NOTICE_KEY } from '../login/LoginPage.tsx';
import { NotifyChannelsCard } from './NotifyChannelsCard.tsx';

const mono = { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace' };

/** The TOTP secret in groups of four, as authenticator apps show it. */
export function groupSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

/** 个人设置: the signed-in user's own password, 通知方式 and 动态验证码（TOTP）. */
export default function SettingsPage() {
  const me = useCurrentUser();
  return (
    <div style={{ maxWidth: 1080 }} data-testid="settings">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        个人设置
      </Typography.Title>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label="用户名">{me.username}</Descriptions.Item>
          <Descriptions.Item label="姓名">{me.displayName}</Descriptions.Item>
          <Descriptions.Item label="角色">
            {me.roleLabel}
            {me.unit ? `（${me.unit.name}）` : ''}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Row gutter={12}>
        <Col xs={24} lg={11}>
          <PasswordCard />
          <NotifyChannelsCard />
        </Col>
        <Col xs={24} lg={13}>
          <TotpCard />
        </Col>
      </Row>
    </div>
  );
}

function PasswordCard() {
  const qc = useQueryClient();
  const nav = useNavigate();
  const [form] = Form.useForm<{ current: string; next: string; confirm: string }>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (v: { current: string; next: string; confirm: string }) => {
    setBusy(true);
    setError(null);
    try {
      await call(client.PUT('/api/v1/auth/password', { body: { current: v.current, next: v.next } }));
      // The server has ended every session of this user: go to the login page and say why.
      try {
        sessionStorage.setItem(LOGIN_NOTICE_KEY, '密码已修改，所有登录已退出。请使用新密码重新登录。');
      } catch {
        /* storage unavailable */
      }
      setCsrf('');
      // Signed out first (the shell then shows the login page and no query of this user runs again),
      // then everything cached for this user goes, then the address.
      qc.setQueryData(['me'], null);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
      nav('/', { replace: true });
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  };
  return (
    <Card
      size="small"
      title={
        <>
          <LockOutlined /> 修改密码
        </>
      }
      style={{ marginBottom: 12 }}
      data-testid="password-card"
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        新密码至少 8
        位，包含大写字母、小写字母、数字、符号中的至少三类，不能包含用户名或常见弱密码。修改成功后需要重新登录。
      </Typography.Paragraph>
      {error && (
        <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} data-testid="password-error" />
      )}
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} autoComplete="off">
        <Form.Item name="current" label="当前密码" rules={[{ required: true, message: '请输入当前密码' }]}>
          <Input.Password id="pw-current" autoComplete="current-password" />
        </Form.Item>
        <Form.Item name="next" label="新密码" rules={[{ required: true, message: '请输入新密码' }]}>
          <Input.Password id="pw-next" autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label="再次输入新密码"
          dependencies={['next']}
          rules={[
            { required: true, message: '请再次输入新密码' },
            ({ getFieldValue }) => ({
              validator: (_, v) =>
                !v || v === getFieldValue('next')
                  ? Promise.resolve()
                  : Promise.reject(new Error('两次输入的新密码不一致')),
            }),
          ]}
        >
          <Input.Password id="pw-confirm" autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="password-submit">
          修改密码
        </Button>
      </Form>
    </Card>
  );
}

function TotpCard() {
  const me = useCurrentUser();
  const qc = useQueryClient();
  const [setup, setSetup] = useState<Ok<'/api/v1/auth/totp/setup', 'post'> | null>(null);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [currentCode, setCurrentCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [enabled, setEnabled] = useState(false);
  // Replacing a secret needs a code of the one in use (whoever holds only this session cannot move it).
  const replacing = Boolean(me.totpEnabled);
  const generate = async () => {
    setBusy(true);
    setError(null);
    setEnabled(false);
    try {
      setSetup(await call(client.POST('/api/v1/auth/totp/setup')));
      setCode('');
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const enable = async () => {
    if (!setup) return;
    if (!/^\d{6}$/.test(code)) {
      setError('请输入验证器显示的 6 位数字验证码');
      return;
    }
    if (!password) {
      setError('请输入登录密码以确认是本人操作');
      return;
    }
    if (replacing && !/^\d{6}$/.test(currentCode)) {
      setError('更换密钥须输入原验证器当前显示的 6 位验证码');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await call(
        client.POST('/api/v1/auth/totp/enable', {
          body: { secret: setup.secret, code, password, ...(replacing ? { currentCode } : {}) },
        }),
      );
      setEnabled(true);
      setSetup(null);
      setCode('');
      setPassword('');
      setCurrentCode('');
      void qc.invalidateQueries({ queryKey: ['me'] });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const current = enabled ? 3 : setup ? 1 : 0;
  return (
    <Card
      size="small"
      title={
        <>
          <SafetyOutlined /> 动态验证码（TOTP）
        </>
      }
      style={{ marginBottom: 12 }}
      data-testid="totp-card"
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        启用后，登录时除密码外还需输入手机验证器（如 FreeOTP、Google Authenticator、微信小程序“腾讯身份验证器”等）显示的
        6 位动态验证码。
      </Typography.Paragraph>
      <Steps
        size="small"
        current={current}
        style={{ marginBottom: 16 }}
        items={[{ title: '生成密钥' }, { title: '添加到验证器' }, { title: '输入验证码启用' }]}
      />
      {enabled && (
        <Alert
          type="success"
          showIcon
          message="动态验证码已启用"
          description="下次登录时，请在密码之后输入验证器显示的 6 位验证码。"
          style={{ marginBottom: 12 }}
          data-testid="totp-enabled"
        />
      )}
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} data-testid="totp-error" />}
      {!setup && (
        <Button icon={<KeyOutlined />} onClick={generate} loading={busy} data-testid="totp-generate">
          {enabled || replacing ? '更换密钥' : '生成密钥'}
        </Button>
      )}
      {setup && (
        <div>
          <div style={{ marginBottom: 4 }}>在验证器中选择“手动输入密钥”，账户填写您的用户名，密钥填写：</div>
          <Typography.Paragraph
            copyable={{ text: setup.secret, tooltips: ['复制密钥', '已复制'] }}
            style={{
              ...mono,
              fontSize: 18,
              letterSpacing: 1,
              background: '#f6f8fa',
              border: '1px solid #e5e7eb',
              borderRadius: 4,
              padding: '8px 12px',
              marginBottom: 12,
            }}
          >
            <span data-testid="totp-secret">{groupSecret(setup.secret)}</span>
          </Typography.Paragraph>
          <div style={{ marginBottom: 4 }}>或将以下地址复制到支持 otpauth 链接的验证器：</div>
          <Typography.Paragraph
            copyable={{ text: setup.uri, tooltips: ['复制地址', '已复制'] }}
            style={{
              ...mono,
              fontSize: 12,
              wordBreak: 'break-all',
              background: '#f6f8fa',
              border: '1px solid #e5e7eb',
              borderRadius: 4,
              padding: '8px 12px',
              marginBottom: 16,
            }}
          >
            <span data-testid="totp-uri">{setup.uri}</span>
          </Typography.Paragraph>
          <Form layout="inline" onFinish={enable} style={{ rowGap: 8 }}>
            <Form.Item label="登录密码" style={{ marginBottom: 0 }}>
              <Input.Password
                id="totp-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                autoComplete="current-password"
                style={{ width: 180 }}
              />
            </Form.Item>
            {replacing && (
              <Form.Item label="原验证器的验证码" style={{ marginBottom: 0 }}>
                <Input
                  id="totp-current-code"
                  value={currentCode}
                  onChange={(e) => setCurrentCode(e.target.value.replace(/\D/g, '').slice(0, 6))}
                  inputMode="numeric"
                  maxLength={6}
                  placeholder="6 位数字"
                  style={{ ...mono, width: 120, letterSpacing: 3 }}
                />
              </Form.Item>
            )}
            <Form.Item label={replacing ? '新验证器显示的验证码' : '验证器显示的验证码'} style={{ marginBottom: 0 }}>
              <Input
                id="totp-code"
                value={code}
                onChange={(e) => setCode(e.target.value.replace(/\D/g, '').slice(0, 6))}
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                placeholder="6 位数字"
                style={{ ...mono, width: 140, letterSpacing: 3 }}
              />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="totp-enable">
              启用
            </Button>
            <Button
              onClick={() => {
                setSetup(null);
                setError(null);
              }}
            >
              取消
            </Button>
          </Form>
        </div>
      )}
    </Card>
  );
}
