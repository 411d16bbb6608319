import { useState } from 'react';
import { Card, Col, Row, Statistic, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { call, client } from '../../api/typed.ts';
import { ErrorState, Loading } from '../../components/states.tsx';
import { CaseDrawer, caseColumns } from './BacklogPage.tsx';

/** 我的包案: the cases the leader holds, the most urgent first, with what is overdue. */
export default function MyCasesPage() {
  const [openId, setOpenId] = useState<string | null>(null);
  const q = useQuery({ queryKey: ['backlog', 'mine'], queryFn: () => call(client.GET('/api/v1/backlog/mine')) });
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const c = q.data.counts;
  return (
    <div data-testid="my-cases">
      <Typography.Title level={4}>我的包案</Typography.Title>
      <Row gutter={12} style={{ marginBottom: 12 }}>
        {(
          [
            ['包案总数', c.total],
            ['化解中', c.open],
            ['措施逾期', c.overdue],
            ['久无进展', c.stale],
            ['已化解', c.resolved],
            ['已终结', c.terminated],
          ] as const
        ).map(([label, n]) => (
          <Col span={4} key={label}>
            <Card size="small">
              <Statistic title={label} value={n} valueStyle={label === '措施逾期' && n ? { color: '#cf1322' } : {}} />
            </Card>
          </Col>
        ))}
      </Row>
      <Card size="small">
        <Table
          size="small"
          rowKey="id"
          dataSource={q.data.rows}
          columns={caseColumns(setOpenId)}
          locale={{ emptyText: '您目前没有包案的积案' }}
        />
      </Card>
      <CaseDrawer id={openId} onClose={() => setOpenId(null)} />
    </div>
  );
}
