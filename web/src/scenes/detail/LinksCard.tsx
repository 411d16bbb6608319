import { useState } from 'react';
import { App, Button, Card, Empty, Input, Modal, Radio, Space, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { errorText } from '../../api/client.ts';
import { call, client } from '../../api/typed.ts';
import type { ItemView, LinkedItem } from '../../api/types.ts';
import { ErrorState, Loading } from '../../components/states.tsx';
import { fmtDate, fmtDateTime } from '../../format.ts';

const KIND: Record<'repeat' | 'duplicate', { label: string; color: string }> = {
  repeat: { label: '重复信访', color: 'orange' },
  duplicate: { label: '同一事项', color: 'blue' },
};

type Change = { mode: 'link' } | { mode: 'unlink'; other: LinkedItem };

/**
 * 关联事项: the items this one repeats or is repeated by (only those the viewer may see), the registrar's link /
 * unlink with a reason, and the history of such changes.
 */
export function LinksCard({ item }: { item: ItemView }) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const canEdit = Boolean(item.abilities.register);
  const [change, setChange] = useState<Change | null>(null);
  const [number, setNumber] = useState('');
  const [kind, setKind] = useState<'repeat' | 'duplicate'>('repeat');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const history = useQuery({
    queryKey: ['link-history', item.id],
    queryFn: async () =>
      (await call(client.GET('/api/v1/items/{id}/link-history', { params: { path: { id: item.id } } }))).changes,
  });
  const links = [...item.earlier, ...item.later];
  if (!canEdit && links.length === 0 && !history.data?.length) return null;

  const open = (c: Change) => {
    setChange(c);
    setReason('');
    setNumber('');
    setKind('repeat');
  };
  const submit = async () => {
    if (!change) return;
    setBusy(true);
    try {
      let otherId: string;
      if (change.mode === 'unlink') otherId = change.other.id;
      else {
        const n = number.trim();
        const found = await call(client.GET('/api/v1/items', { params: { query: { q: n, pageSize: 20 } } }));
        const hit = found.items.find((r) => r.number === n);
        if (!hit) throw new Error(`未找到编号为「${n}」的事项，请核对编号`);
        otherId = hit.id;
      }
      const params = { path: { id: item.id } };
      await call(
        change.mode === 'link'
          ? client.POST('/api/v1/items/{id}/links', { params, body: { otherId, reason, kind } })
          : client.POST('/api/v1/items/{id}/links/remove', { params, body: { otherId, reason } }),
      );
      message.success(change.mode === 'link' ? '已关联' : '已解除关联');
      setChange(null);
      for (const key of [['item', item.id], ['timeline', item.id], ['link-history', item.id], ['items']])
        qc.invalidateQueries({ queryKey: key });
    } catch (e) {
      message.error(e instanceof Error && !('code' in e) ? e.message : errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const row = (e: LinkedItem, dir: string) => (
    <div key={`${dir}-${e.id}`} style={{ padding: '4px 0' }} data-testid="linked-item">
      <Tag color={KIND[e.kind ?? 'repeat'].color}>{KIND[e.kind ?? 'repeat'].label}</Tag>
      <Typography.Text type="secondary">{dir}</Typography.Text> <Link to={`/items/${e.id}`}>{e.number}</Link>　{e.title}
      　{fmtDate(e.registeredOn)}　<Typography.Text type="secondary">{e.reason}</Typography.Text>
      {canEdit && (
        <Button size="small" type="link" danger onClick={() => open({ mode: 'unlink', other: e })}>
          解除关联
        </Button>
      )}
    </div>
  );

  return (
    <Card
      size="small"
      title="关联事项"
      style={{ marginBottom: 12 }}
      data-testid="linked-items"
      extra={
        canEdit && (
          <Button size="small" onClick={() => open({ mode: 'link' })} data-testid="link-add">
            关联事项
          </Button>
        )
      }
    >
      {links.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无关联事项" />
      ) : (
        <>
          {item.earlier.map((e) => row(e, '此前事项'))}
          {item.later.map((e) => row(e, '此后事项'))}
        </>
      )}
      <div style={{ marginTop: 8 }} data-testid="link-history">
        <Typography.Text strong style={{ fontSize: 13 }}>
          关联变更记录
        </Typography.Text>
        {history.isPending ? (
          <Loading />
        ) : history.isError ? (
          <ErrorState error={history.error} onRetry={() => history.refetch()} />
        ) : history.data.length === 0 ? (
          <div style={{ color: '#888', fontSize: 12 }}>暂无变更</div>
        ) : (
          history.data.map((c) => (
            <div key={c.id} style={{ fontSize: 12, padding: '2px 0' }}>
              {fmtDateTime(c.at)}　{c.actorName ?? ''}　
              <Tag color={c.action === 'link' ? 'green' : 'red'}>{c.action === 'link' ? '关联' : '解除关联'}</Tag>
              {c.direction === 'earlier' ? '前件' : '后件'} <Link to={`/items/${c.other.id}`}>{c.other.number}</Link>（
              {KIND[c.kind].label}）　理由：{c.reason}
            </div>
          ))
        )}
      </div>
      <Modal
        title={change?.mode === 'unlink' ? `解除与 ${change.other.number} 的关联` : '关联事项'}
        open={change !== null}
        okText={change?.mode === 'unlink' ? '解除关联' : '关联'}
        cancelText="取消"
        confirmLoading={busy}
        onOk={submit}
        onCancel={() => setChange(null)}
        okButtonProps={{
          disabled: reason.trim().length < 2 || (change?.mode === 'link' && !number.trim()),
          danger: change?.mode === 'unlink',
        }}
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          {change?.mode === 'link' && (
            <>
              <Input
                placeholder="另一件事项的编号"
                value={number}
                onChange={(e) => setNumber(e.target.value)}
                data-testid="link-number"
              />
              <Radio.Group value={kind} onChange={(e) => setKind(e.target.value)}>
                <Radio value="repeat">重复信访（同一信访人同一事项）</Radio>
                <Radio value="duplicate">同一事项的另一份记录</Radio>
              </Radio.Group>
            </>
          )}
          <Input.TextArea
            rows={2}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            maxLength={500}
            placeholder="理由（记入关联变更记录、时间线与审计日志）"
            data-testid="link-reason"
          />
        </Space>
      </Modal>
    </Card>
  );
}
