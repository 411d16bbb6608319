import { Card, Col, Row, Space, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { call, client } from '../../api/typed.ts';
import type { WorkbenchGroup, WorkbenchRow } from '../../api/types.ts';
import { EmptyState, ErrorState, Loading } from '../../components/states.tsx';
import { daysLeftText, fmtDate, fmtNum, WARNING_COLOR, WARNING_TAG, warningLabel } from '../../format.ts';

const WAITING_TAG: Record<string, string> = {
  route: 'blue',
  sign_for: 'geekblue',
  approve_extension: 'magenta',
  review_closing: 'purple',
  assist_opinion: 'cyan',
  assists_pending: 'default',
};

const groupLabel = (g: WorkbenchGroup) => (g === 'review' ? '待审核' : warningLabel(g));
const groupColor = (g: WorkbenchGroup) => (g === 'review' ? '#722ed1' : WARNING_COLOR[g]);
const groupTag = (g: WorkbenchGroup) => (g === 'review' ? 'purple' : WARNING_TAG[g]);
const CARD_ORDER: WorkbenchGroup[] = ['overdue', 'severe', 'warning', 'notice', 'normal', 'review', 'none'];

/** What the row waits for, and from whom, as tags (the specifics on hover). */
function WaitingTags({ r }: { r: WorkbenchRow }) {
  const marks = r.waiting ?? [];
  if (!marks.length) return <>—</>;
  return (
    <Space size={[0, 4]} wrap data-testid="waiting">
      {marks.map((m) => (
        <Tooltip key={m.kind} title={m.detail}>
          <Tag color={WAITING_TAG[m.kind] ?? 'default'} data-kind={m.kind}>
            {m.label}
          </Tag>
        </Tooltip>
      ))}
    </Space>
  );
}

/** My to-dos grouped by warning level (超期 first), each one click from the item. */
export default function WorkbenchPage() {
  const q = useQuery({ queryKey: ['workbench'], queryFn: () => call(client.GET('/api/v1/workbench')) });
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
    { title: '状态', dataIndex: 'statusLabel', width: 90 },
    { title: '待办', key: 'waiting', width: 200, render: (_: unknown, r: WorkbenchRow) => <WaitingTags r={r} /> },
    { title: '责任单位', dataIndex: 'unit', width: 140, render: (v: string | null) => v ?? '—' },
    { title: '期限', dataIndex: 'dueOn', width: 110, render: (v: string | null) => fmtDate(v) },
    {
      title: '剩余',
      dataIndex: 'daysLeft',
      width: 120,
      render: (v: number | null, r: WorkbenchRow) => (
        <span style={{ color: WARNING_COLOR[r.warning] }}>
          {r.status === 'concluded' && v === null ? '—' : daysLeftText(v)}
        </span>
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
        {CARD_ORDER.filter((l) => l !== 'review' || (wb.counts.review ?? 0) > 0).map((l) => (
          <Col flex="1" key={l}>
            <Card size="small" style={{ borderTop: `3px solid ${groupColor(l)}` }}>
              <Statistic
                title={groupLabel(l)}
                value={wb.counts[l] ?? 0}
                valueStyle={{ color: groupColor(l) }}
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
              <Tag color={groupTag(g.level)}>{groupLabel(g.level)}</Tag>
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
