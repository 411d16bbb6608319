import { Badge, Button, Empty, List, Popover, Space, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { call, client } from '../api/typed.ts';
import { InlineError, Loading } from './states.tsx';

/** The bell in the header: the unread count, and the newest notices (click one to open it and mark it read). */
export function NotificationBell() {
  const qc = useQueryClient();
  const nav = useNavigate();
  const q = useQuery({
    queryKey: ['notifications'],
    queryFn: () => call(client.GET('/api/v1/notifications', { params: { query: { limit: 20 } } })),
    refetchInterval: 60_000,
  });
  const read = useMutation({
    mutationFn: (ids?: string[]) => call(client.POST('/api/v1/notifications/read', { body: ids ? { ids } : {} })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['notifications'] }),
  });
  const content = (
    <div style={{ width: 380, maxHeight: 420, overflow: 'auto' }} data-testid="notification-list">
      {q.isLoading ? (
        <Loading />
      ) : q.isError ? (
        <InlineError error={q.error} />
      ) : !q.data?.notifications.length ? (
        <Empty description="暂无消息" />
      ) : (
        <List
          size="small"
          dataSource={q.data.notifications}
          renderItem={(n) => (
            <List.Item
              style={{ cursor: n.link ? 'pointer' : 'default', opacity: n.readAt ? 0.6 : 1 }}
              onClick={() => {
                if (!n.readAt) read.mutate([n.id]);
                if (n.link) nav(n.link);
              }}
            >
              <List.Item.Meta
                title={<Typography.Text strong={!n.readAt}>{n.title}</Typography.Text>}
                description={
                  <Space direction="vertical" size={0}>
                    <span style={{ whiteSpace: 'pre-line' }}>{n.body}</span>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {new Date(n.createdAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })}
                    </Typography.Text>
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      )}
    </div>
  );
  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      title={
        <Space style={{ width: '100%', justifyContent: 'space-between' }}>
          <span>消息通知</span>
          <Button size="small" type="link" disabled={!q.data?.unread} onClick={() => read.mutate(undefined)}>
            全部标为已读
          </Button>
        </Space>
      }
      content={content}
    >
      <Badge count={q.data?.unread ?? 0} size="small" data-testid="notification-count">
        <Button type="text" icon={<BellOutlined />} aria-label="消息通知" data-testid="notification-bell" />
      </Badge>
    </Popover>
  );
}
