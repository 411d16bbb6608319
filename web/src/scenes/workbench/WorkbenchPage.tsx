import { Card, Col, Row, Statistic, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import type { Workbench, WorkbenchRow } from '../../api/types.ts';
import { EmptyState, ErrorState, Loading } from '../../components/states.tsx';
import {
  daysLeftText,
  fmtDate,
  fmtNum,
  WARNING_COLOR,
  WARNING_ORDER,
  WARNING_TAG,
  warningLabel,
} from '../../format.ts';

/** My to-dos grouped by warning level (超期 first), each one click from the item. */
export default function WorkbenchPage() {
  const q = useQuery({ queryKey: ['workbench'], queryFn: () => api<Workbench>('/api/v1/workbench') });
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const wb = q.data;
  const columns = [
    {
      title: '编号',
      dataIndex: 'number',
      width: 190,
      render: (v: string, r: WorkbenchRow) => <Link to={`/items/${r.id}`}>{v}</Link>,
    },
    {
      title: '标题',
      dataIndex: 'title',
      ellipsis: true,
      render: (v: string, r: WorkbenchRow) => <Link to={`/items/${r.id}`}>{v}</Link>,
    },
    { title: '状态', dataIndex: 'statusLabel', width: 100 },
    { title: '责任单位', dataIndex: 'unit', width: 140, render: (v: string | null) => v ?? '—' },
    { title: '期限', dataIndex: 'dueOn', width: 110, render: (v: string | null) => fmtDate(v) },
    {
      title: '剩余',
      dataIndex: 'daysLeft',
      width: 120,
      render: (v: number | null, r: WorkbenchRow) => (
        <span style={{ color: WARNING_COLOR[r.warning] }}>{daysLeftText(v)}</span>
      ),
    },
  ];
  return (
    <div>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        我的待办{' '}
        <Typography.Text type="secondary" style={{ fontSize: 14 }}>
          （今天 {fmtDate(wb.today)}，共 {fmtNum(wb.total)} 件）
        </Typography.Text>
      </Typography.Title>
      <Row gutter={12} style={{ marginBottom: 16 }}>
        {WARNING_ORDER.map((l) => (
          <Col span={4} key={l}>
            <Card size="small" style={{ borderTop: `3px solid ${WARNING_COLOR[l]}` }}>
              <Statistic
                title={warningLabel(l)}
                value={wb.counts[l] ?? 0}
                valueStyle={{ color: WARNING_COLOR[l] }}
                formatter={(v) => fmtNum(Number(v))}
              />
            </Card>
          </Col>
        ))}
      </Row>
      {wb.groups.length === 0 && (
        <Card>
          <EmptyState text="暂无待办事项" />
        </Card>
      )}
      {wb.groups.map((g) => (
        <Card
          key={g.level}
          size="small"
          style={{ marginBottom: 12 }}
          data-testid={`group-${g.level}`}
          title={
            <span>
              <Tag color={WARNING_TAG[g.level]}>{warningLabel(g.level)}</Tag>
              {fmtNum(g.items.length)} 件
            </span>
          }
        >
          <Table<WorkbenchRow>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={g.items}
            pagination={g.items.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
          />
        </Card>
      ))}
    </div>
  );
}
