import { useState } from 'react';
import { Alert, App, Card, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { errorText } from '../../api/client.ts';
import { call, client } from '../../api/typed.ts';
import { NotifyChannelSwitches } from '../../components/NotifyChannelSwitches.tsx';

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
      <NotifyChannelSwitches
        query={q}
        saving={save.isPending}
        onSave={(body) => save.mutate(body)}
        missing={{
          sms: '未登记手机号码，如需短信通知请联系系统管理员登记',
          email: '未登记电子邮箱，如需邮件通知请联系系统管理员登记',
        }}
        testIdPrefix="notify"
      />
    </Card>
  );
}
