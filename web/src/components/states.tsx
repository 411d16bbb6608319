import { Alert, Button, Empty, Result, Spin } from 'antd';
import { ApiError, errorText } from '../api/client.ts';

export function Loading({ tip = '正在加载…' }: { tip?: string }) {
  return (
    <div style={{ padding: 48, textAlign: 'center' }} role="status">
      <Spin />
      <div style={{ marginTop: 8, color: '#888' }}>{tip}</div>
    </div>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const notFound = error instanceof ApiError && (error.status === 404 || error.status === 403);
  return (
    <Result
      status={notFound ? '404' : 'error'}
      title={notFound ? '无法查看' : '加载失败'}
      subTitle={errorText(error)}
      extra={onRetry && !notFound ? <Button onClick={onRetry}>重试</Button> : undefined}
    />
  );
}

export function InlineError({ error }: { error: unknown }) {
  return <Alert type="error" showIcon message={errorText(error)} />;
}

export function EmptyState({ text = '暂无数据' }: { text?: string }) {
  return <Empty description={text} />;
}
