import { Card, Space, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { call, client } from '../../api/typed.ts';
import { EmptyState, ErrorState, Loading } from '../../components/states.tsx';
import { fmtDate, fmtNum } from '../../format.ts';

const figure = (n: number, danger = false) => (
  <span style={danger && n > 0 ? { color: '#cf1322', fontWeight: 600 } : undefined}>{fmtNum(n)}</span>
);

/** 工作量: per unit and per person, open / due soon / overdue / waiting; a person's open items open the list. */
export default function WorkloadPage() {
  const q = useQuery({ queryKey: ['workload'], queryFn: () => call(client.GET('/api/v1/workload')) });
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const d = q.data;
  const cols = [
    {
      title: '在办',
      dataIndex: 'open',
      width: 80,
      align: 'right' as const,
      render: (n: number) => figure(n),
    },
    {
      title: `${d.dueSoonDays}日内到期`,
      dataIndex: 'dueSoon',
      width: 100,
      align: 'right' as const,
      render: (n: number) => figure(n),
    },
    {
      title: '已超期',
      dataIndex: 'overdue',
      width: 80,
      align: 'right' as const,
      render: (n: number) => figure(n, true),
    },
    {
      title: '待本人处理',
      dataIndex: 'waiting',
      width: 100,
      align: 'right' as const,
      render: (n: number) => figure(n),
    },
  ];
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle" data-testid="workload">
      <Typography.Title level={4} style={{ margin: 0 }}>
        工作量（截至 {fmtDate(d.today)}）
      </Typography.Title>
      <Card title="各单位" size="small">
        {d.units.length === 0 ? (
          <EmptyState text="没有在办事项" />
        ) : (
          <Table
            rowKey="unitId"
            size="small"
            pagination={false}
            dataSource={d.units}
            columns={[
              { title: '单位', dataIndex: 'unitName' },
              ...cols.filter((c) => c.dataIndex !== 'waiting'),
              {
                title: '未指定经办人',
                dataIndex: 'unassigned',
                width: 110,
                align: 'right' as const,
                render: (n: number) => figure(n, true),
              },
              { ...cols[3]!, title: '待处理（全单位）', width: 140 },
            ]}
          />
        )}
      </Card>
      <Card title="各经办人" size="small">
        {d.people.length === 0 ? (
          <EmptyState text="没有单位人员" />
        ) : (
          <Table
            rowKey="userId"
            size="small"
            pagination={false}
            dataSource={d.people}
            data-testid="workload-people"
            columns={[
              { title: '单位', dataIndex: 'unitName', width: 160 },
              {
                title: '人员',
                dataIndex: 'name',
                render: (n: string, r: (typeof d.people)[number]) => (
                  <Link to={`/items?handlerUserId=${encodeURIComponent(r.userId)}`}>{n}</Link>
                ),
              },
              { title: '角色', dataIndex: 'roleLabel', width: 130 },
              ...cols,
            ]}
          />
        )}
      </Card>
    </Space>
  );
}
