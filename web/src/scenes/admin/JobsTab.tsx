import { App, Button, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { errorText } from '../../api/client.ts';
import { call, client } from '../../api/typed.ts';
import { ErrorState, Loading } from '../../components/states.tsx';

const RUN_STATUS: Record<string, { label: string; color?: string }> = {
  running: { label: '运行中', color: 'blue' },
  done: { label: '成功', color: 'green' },
  failed: { label: '失败', color: 'red' },
};

/** Beijing wall time of an instant or a slot (`2025-10-20T07:30+08:00`). */
function beijing(s: string | null): string {
  if (!s) return '—';
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) return s;
  return new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** 定时任务: each scheduled job with its schedule, last and next slot, last run and error; 立即运行 (audited). */
export function JobsTab() {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['admin', 'jobs'], queryFn: () => call(client.GET('/api/v1/admin/jobs')) });
  const run = useMutation({
    mutationFn: (name: string) => call(client.POST('/api/v1/admin/jobs/{name}/run', { params: { path: { name } } })),
    onSuccess: async (r) => {
      if (r.ok) message.success('已运行完成');
      else message.error(`运行失败：${r.error ?? '未知错误'}`);
      await qc.invalidateQueries({ queryKey: ['admin', 'jobs'] });
    },
    onError: (e) => message.error(errorText(e)),
  });
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  return (
    <div data-testid="jobs-tab">
      <Typography.Paragraph type="secondary">
        定时任务按北京时间运行，多个实例共用一个数据库时每个时段只运行一次。「立即运行」在当前时段之外补跑一次，记入运行历史和审计日志。
      </Typography.Paragraph>
      <Table
        size="small"
        rowKey="name"
        pagination={false}
        dataSource={q.data.jobs}
        locale={{ emptyText: '本实例未启用定时任务（XINFANG_JOBS=0）' }}
        columns={[
          { title: '任务', dataIndex: 'label' },
          { title: '运行时间', dataIndex: 'schedule', width: 170 },
          { title: '上次时段', width: 140, render: (_, j) => beijing(j.lastSlot) },
          {
            title: '上次运行',
            width: 210,
            render: (_, j) =>
              j.lastRun ? (
                <Space size={4}>
                  {beijing(j.lastRun.startedAt)}
                  <Tag color={RUN_STATUS[j.lastRun.status]?.color}>
                    {RUN_STATUS[j.lastRun.status]?.label ?? j.lastRun.status}
                  </Tag>
                </Space>
              ) : (
                '从未运行'
              ),
          },
          { title: '下次时段', width: 140, render: (_, j) => beijing(j.nextSlot) },
          { title: '运行次数', dataIndex: 'runs', width: 80 },
          {
            title: '最近错误',
            render: (_, j) => (j.lastError ? <Typography.Text type="danger">{j.lastError}</Typography.Text> : '—'),
          },
          {
            title: '',
            width: 100,
            render: (_, j) => (
              <Button
                size="small"
                loading={run.isPending && run.variables === j.name}
                disabled={run.isPending}
                onClick={() => run.mutate(j.name)}
                data-testid={`run-${j.name}`}
              >
                立即运行
              </Button>
            ),
          },
        ]}
      />
    </div>
  );
}
