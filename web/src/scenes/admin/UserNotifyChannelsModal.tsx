import { useState } from 'react';
import { Alert, App, Modal, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { errorText } from '../../api/client.ts';
import { call, client } from '../../api/typed.ts';
import { NotifyChannelSwitches } from '../../components/NotifyChannelSwitches.tsx';

/** The account whose channels are shown. */
export interface ChannelsUser {
  id: string;
  username: string;
  displayName: string;
}

/**
 * 通知方式 of another person, as the system administrator keeps it: the same switches the person has in 个人设置,
 * under the same rule (a channel with nothing on file stays off until 联系方式 has the number or address). It
 * grants no role, so it is saved at once for any account.
 */
export function UserNotifyChannelsModal({ user, onClose }: { user: ChannelsUser | null; onClose: () => void }) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  const key = ['user-notify-channels', user?.id] as const;
  const q = useQuery({
    queryKey: key,
    enabled: user !== null,
    queryFn: () => call(client.GET('/api/v1/users/{id}/notify-channels', { params: { path: { id: user?.id ?? '' } } })),
  });
  const save = useMutation({
    mutationFn: (body: { sms: boolean; email: boolean }) =>
      call(client.PUT('/api/v1/users/{id}/notify-channels', { params: { path: { id: user?.id ?? '' } }, body })),
    onMutate: () => setError(null),
    onSuccess: (data) => {
      qc.setQueryData(key, data);
      message.success('已保存该用户的通知方式');
    },
    onError: (e) => setError(errorText(e)),
  });
  return (
    <Modal
      title={user ? `通知方式：${user.username}（${user.displayName}）` : ''}
      open={user !== null}
      footer={null}
      onCancel={() => {
        setError(null);
        onClose();
      }}
      destroyOnHidden
    >
      <div data-testid="user-notify-channels">
        <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
          {'期限预警、督办升级和每日待办摘要始终在站内消息中送达；开启后同时发送短信或邮件。' +
            '未登记号码或邮箱的方式不能开启，请先在“联系方式”中登记。'}
        </Typography.Paragraph>
        {error && (
          <Alert
            type="error"
            showIcon
            message={error}
            style={{ marginBottom: 12 }}
            data-testid="user-notify-channels-error"
          />
        )}
        <NotifyChannelSwitches
          query={q}
          saving={save.isPending}
          onSave={(body) => save.mutate(body)}
          missing={{ sms: '未登记手机号码', email: '未登记电子邮箱' }}
          testIdPrefix="user-notify"
        />
      </div>
    </Modal>
  );
}
