import { useState } from 'react';
import { Alert, App, Card, List, Switch, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { errorText } from '../../api/client.ts';
import { call, client, type Dto } from '../../api/typed.ts';
import { InlineError, Loading } from '../../components/states.tsx';

type Channels = Dto<'NotifyChannels'>;

/**
 * 通知方式: whether the person's warnings, 督办 notices and daily digest also go out by SMS and e-mail. In-app
 * notices always arrive; a channel with nothing on file cannot be turned on (the administrator keeps the phone
 * and address).
 */
export function NotifyChannelsCard() {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  const q = useQuery({
    queryKey: ['notify-channels'],
    queryFn: () => call(client.GET('/api/v1/me/notify-channels')),
  });
  const save = useMutation({
    mutationFn: (body: { sms: boolean; email: boolean }) => call(client.PUT('/api/v1/me/notify-channels', { body })),
    onMutate: () => setError(null),
    onSuccess: (data) => {
      qc.setQueryData(['notify-channels'], data);
      message.success('通知方式已保存');
    },
    onError: (e) => setError(errorText(e)),
  });
  const c: Channels | undefined = q.data;
  const rows = c
    ? [
        {
          key: 'sms' as const,
          label: '短信通知',
          on: c.sms,
          onFile: c.phone,
          missing: '未登记手机号码，如需短信通知请联系系统管理员登记',
        },
        {
          key: 'email' as const,
          label: '邮件通知',
          on: c.email,
          onFile: c.emailAddress,
          missing: '未登记电子邮箱，如需邮件通知请联系系统管理员登记',
        },
      ]
    : [];
  return (
    <Card
      size="small"
      title={
        <>
          <BellOutlined /> 通知方式
        </>
      }
      style={{ marginBottom: 12 }}
      data-testid="notify-channels-card"
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        期限预警、督办升级和每日待办摘要始终在站内消息中送达；开启后同时发送短信或邮件（每日待办摘要只发邮件）。
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      {q.isLoading ? (
        <Loading />
      ) : q.isError ? (
        <InlineError error={q.error} />
      ) : (
        <List
          size="small"
          dataSource={rows}
          renderItem={(r) => (
            <List.Item
              actions={[
                <Switch
                  key="switch"
                  checked={r.on}
                  loading={save.isPending}
                  disabled={!r.onFile && !r.on}
                  aria-label={r.label}
                  data-testid={`notify-${r.key}`}
                  onChange={(on) => c && save.mutate({ sms: c.sms, email: c.email, [r.key]: on })}
                />,
              ]}
            >
              <List.Item.Meta
                title={r.label}
                description={
                  r.onFile ? `发送至 ${r.onFile}` : <Typography.Text type="warning">{r.missing}</Typography.Text>
                }
              />
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
