import { Alert, App, Button, Progress, Space, Table, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { errorText } from '../../api/client.ts';
import { call, client, type Dto } from '../../api/typed.ts';
import { EmptyState, ErrorState, Loading } from '../../components/states.tsx';
import { fmtDate, fmtDateTime } from '../../format.ts';

type Evaluation = Dto<'ModelEvaluationRecord'>;

const TRIGGER: Record<Evaluation['trigger'], string> = { schedule: '定时', admin: '管理员', cli: '命令行' };
const f1 = (x: number) => x.toFixed(3);

/** 分类模型: every retraining's evaluation (kept, switched or not) and 立即重新训练 with its progress. */
export function TextModelTab() {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const status = useQuery({
    queryKey: ['text-model'],
    queryFn: () => call(client.GET('/api/v1/admin/text-model')),
    // Follow a running retraining; otherwise read once.
    refetchInterval: (q) => (q.state.data?.retrain.running ? 1000 : false),
  });
  if (status.isPending) return <Loading />;
  if (status.isError) return <ErrorState error={status.error} onRetry={() => status.refetch()} />;
  const { evaluations, inForce, retrain } = status.data;
  const start = async () => {
    try {
      await call(client.POST('/api/v1/admin/text-model/retrain'));
      message.info('已开始重新训练');
      await qc.invalidateQueries({ queryKey: ['text-model'] });
    } catch (e) {
      message.error(errorText(e));
    }
  };
  const last = retrain.last;
  return (
    <div data-testid="text-model">
      <Space style={{ marginBottom: 12 }} wrap>
        <Typography.Text>
          当前使用：
          {inForce ? `本单位模型（${fmtDateTime(inForce.since)} 启用）` : '内置基础模型或 XINFANG_MODEL 指定的模型'}
        </Typography.Text>
        <Button type="primary" onClick={start} disabled={retrain.running} data-testid="retrain-now">
          立即重新训练
        </Button>
        <Typography.Text type="secondary">每周日 03:00 自动重新训练；新模型更好时才切换</Typography.Text>
      </Space>
      {retrain.running && (
        <Alert
          type="info"
          style={{ marginBottom: 12 }}
          data-testid="retrain-progress"
          message={`正在重新训练：${retrain.stage ?? '准备'}（开始于 ${fmtDateTime(retrain.startedAt)}）`}
          description={
            <Progress percent={retrain.total ? Math.round((retrain.done / retrain.total) * 100) : 0} size="small" />
          }
        />
      )}
      {!retrain.running && last && 'error' in last && (
        <Alert type="warning" style={{ marginBottom: 12 }} message={`未能重新训练：${last.error}`} showIcon />
      )}
      {!retrain.running && last && 'evaluationId' in last && (
        <Alert
          type={last.switched ? 'success' : 'info'}
          style={{ marginBottom: 12 }}
          message={`${last.switched ? '已切换到新模型' : '保留当前模型'}：${last.reason}`}
          showIcon
        />
      )}
      {evaluations.length === 0 ? (
        <EmptyState text="尚无重新训练记录" />
      ) : (
        <Table<Evaluation>
          rowKey="id"
          size="small"
          pagination={{ pageSize: 20 }}
          dataSource={evaluations}
          columns={[
            { title: '日期', dataIndex: 'at', render: (v: string) => fmtDateTime(v), width: 150 },
            { title: '触发', dataIndex: 'trigger', render: (v: Evaluation['trigger']) => TRIGGER[v], width: 70 },
            {
              title: '样本',
              render: (_, r) => (
                <span title={`训练 ${r.trainItems} 件（${fmtDate(r.cut)} 之前），测试 ${r.testItems} 件`}>
                  {r.samples}（测试 {r.testItems}）
                </span>
              ),
              width: 110,
            },
            {
              title: '当前模型 宏F1',
              render: (_, r) => (
                <span title={r.currentName}>
                  {f1(r.currentF1)}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {' '}
                    {r.currentName}
                  </Typography.Text>
                </span>
              ),
            },
            { title: '新模型 宏F1', dataIndex: 'candidateF1', render: (v: number) => f1(v), width: 100 },
            {
              title: '是否切换',
              dataIndex: 'switched',
              render: (v: boolean) => (v ? <Tag color="green">已切换</Tag> : <Tag>保留当前</Tag>),
              width: 90,
            },
            { title: '原因', dataIndex: 'reason' },
            { title: '用时', dataIndex: 'seconds', render: (v: number) => `${v} 秒`, width: 80 },
          ]}
        />
      )}
    </div>
  );
}
