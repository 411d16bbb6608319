import { App, Button, Select, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import {
  MESSAGE_CHANNEL_LABELS,
  OUTBOX_STATE_LABELS,
  OUTBOX_STATES,
  type OutboxState,
} from '../../../../contract/supervision.ts';
import { errorText } from '../../api/client.ts';
import { call, client } from '../../api/typed.ts';
import { ErrorState, Loading } from '../../components/states.tsx';

const STATE_COLOR: Record<OutboxState, string | undefined> = {
  pending: 'blue',
  sending: 'processing',
  sent: 'green',
  recorded: undefined,
  failed: 'red',
};

/** Beijing wall time of an instant. */
function beijing(s: string | null): string {
  if (!s) return '—';
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) return s;
  return new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** 外发消息: the outbox (SMS, e-mail) with delivery state, attempts, next try and last error; 重新发送 (audited). */
export function OutboxTab() {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [state, setState] = useState<OutboxState | undefined>(undefined);
  const q = useQuery({
    queryKey: ['admin', 'outbox', state ?? ''],
    queryFn: () => call(client.GET('/api/v1/admin/outbox', { params: { query: { state } } })),
  });
  const requeue = useMutation({
    mutationFn: (id: string) => call(client.POST('/api/v1/admin/outbox/{id}/requeue', { params: { path: { id } } })),
    onSuccess: async () => {
      message.success('已重新排队，将在下一分钟发送');
      await qc.invalidateQueries({ queryKey: ['admin', 'outbox'] });
    },
    onError: (e) => message.error(errorText(e)),
  });
  return (
    <div data-testid="outbox-tab">
      <Typography.Paragraph type="secondary">
        预警、督办升级和每日待办摘要按收件人的手机号和邮箱外发。未配置发送网关时消息只记录在此（「仅记录」）；
        发送失败会按退避时间重试，多次失败后标为「发送失败」，可重新发送。
      </Typography.Paragraph>
      <Space style={{ marginBottom: 12 }}>
        状态
        <Select
          allowClear
          placeholder="全部"
          style={{ width: 200 }}
          value={state}
          onChange={(v) => setState(v)}
          options={OUTBOX_STATES.map((s) => ({ value: s, label: OUTBOX_STATE_LABELS[s] }))}
          data-testid="outbox-state"
        />
      </Space>
      {q.isPending ? (
        <Loading />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => q.refetch()} />
      ) : (
        <Table
          size="small"
          rowKey="id"
          pagination={{ pageSize: 20 }}
          dataSource={q.data.messages}
          locale={{ emptyText: '没有外发消息' }}
          columns={[
            { title: '时间', width: 140, render: (_, m) => beijing(m.createdAt) },
            { title: '方式', width: 80, render: (_, m) => MESSAGE_CHANNEL_LABELS[m.channel] },
            { title: '收件人', width: 160, render: (_, m) => `${m.recipient ?? '—'}（${m.address}）` },
            {
              title: '内容',
              render: (_, m) => (
                <Space direction="vertical" size={0}>
                  <Typography.Text strong>{m.subject}</Typography.Text>
                  <Typography.Text type="secondary">{m.body}</Typography.Text>
                </Space>
              ),
            },
            {
              title: '状态',
              width: 200,
              render: (_, m) => (
                <Space direction="vertical" size={0}>
                  <Tag color={STATE_COLOR[m.state]}>{OUTBOX_STATE_LABELS[m.state]}</Tag>
                  <span>
                    已尝试 {m.attempts} 次{m.sentAt ? `，${beijing(m.sentAt)} 完成` : ''}
                    {m.state === 'pending' && m.attempts > 0 ? `，下次 ${beijing(m.nextAttemptAt)}` : ''}
                  </span>
                  {m.lastError ? <Typography.Text type="danger">{m.lastError}</Typography.Text> : null}
                </Space>
              ),
            },
            {
              title: '',
              width: 100,
              render: (_, m) =>
                m.state === 'failed' ? (
                  <Button
                    size="small"
                    loading={requeue.isPending && requeue.variables === m.id}
                    disabled={requeue.isPending}
                    onClick={() => requeue.mutate(m.id)}
                  >
                    重新发送
                  </Button>
                ) : null,
            },
          ]}
        />
      )}
    </div>
  );
}
