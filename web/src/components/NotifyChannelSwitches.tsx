import { List, Switch, Typography } from 'antd';
import type { Dto } from '../api/typed.ts';
import { InlineError, Loading } from './states.tsx';

type Channels = Dto<'NotifyChannels'>;
export type ChannelBody = { sms: boolean; email: boolean };

/**
 * The SMS and e-mail switches of one person (个人设置 and the administrator's 用户 tab): each shows where it sends,
 * and a channel with nothing on file cannot be turned on (it says what is missing).
 */
export function NotifyChannelSwitches({
  query,
  saving,
  onSave,
  missing,
  testIdPrefix,
}: {
  query: { data: Channels | undefined; isLoading: boolean; isError: boolean; error: unknown };
  saving: boolean;
  onSave: (body: ChannelBody) => void;
  missing: { sms: string; email: string };
  testIdPrefix: string;
}) {
  if (query.isLoading) return <Loading />;
  if (query.isError) return <InlineError error={query.error} />;
  const c = query.data;
  if (!c) return null;
  const rows = [
    { key: 'sms' as const, label: '短信通知', on: c.sms, onFile: c.phone, missing: missing.sms },
    { key: 'email' as const, label: '邮件通知', on: c.email, onFile: c.emailAddress, missing: missing.email },
  ];
  return (
    <List
      size="small"
      dataSource={rows}
      renderItem={(r) => (
        <List.Item
          actions={[
            <Switch
              key="switch"
              checked={r.on}
              loading={saving}
              disabled={!r.onFile && !r.on}
              aria-label={r.label}
              data-testid={`${testIdPrefix}-${r.key}`}
              onChange={(on) => onSave({ sms: c.sms, email: c.email, [r.key]: on })}
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
  );
}
